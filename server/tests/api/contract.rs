//! The OpenAPI document is exact: what it calls valid is accepted and what it calls invalid is
//! refused (schemathesis checks that at random in `scripts/fuzz-api.sh`; these are the cases
//! that once disagreed, each pinned down).

use serde_json::{Value, json};
use upprop_core::Locale;

use crate::helpers::{ADMIN_TOKEN, PETITION, TestApp, consent_text, on_both_engines, signature};

impl TestApp {
    async fn admin_put(&self, path: &str, body: &str) -> (u16, Value) {
        let response = self
            .client
            .put(self.url(&format!("/api/v1/admin/petitions/{PETITION}/{path}")))
            .bearer_auth(ADMIN_TOKEN)
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn signers_status(&self, query: &str) -> (u16, Value) {
        let response = self
            .client
            .get(self.url(&format!("/api/v1/petitions/{PETITION}/signers{query}")))
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }
}

#[tokio::test]
async fn each_petition_has_its_own_signing_operation_naming_its_consents() {
    let app = TestApp::spawn(crate::helpers::Engine::Sqlite).await;
    let document = app.get_json("/api/v1/openapi.json").await;
    let paths = document["paths"].as_object().unwrap();
    assert!(!paths.contains_key("/petitions/{slug}/signatures"));
    let body = &paths[&format!("/petitions/{PETITION}/signatures")]["post"]["requestBody"]["content"]
        ["application/json"]["schema"];
    let text = body.to_string();
    for locale in [Locale::Sv, Locale::En] {
        let words = consent_text("consent_organizer", locale);
        assert!(
            text.contains(&words[..20]),
            "the {locale:?} words are in the schema"
        );
    }
    assert!(
        text.contains(r#""given":{"const":true}"#),
        "the required consent must be given"
    );
    assert!(
        text.contains(r#""maxContains":1"#),
        "each consent at most once"
    );
    let fields = &document["components"]["schemas"]["SignatureRequest"]["properties"];
    assert_eq!(
        fields["first_name"]["pattern"],
        upprop_core::PersonName::PATTERN
    );
    assert_eq!(fields["email"]["maxLength"], 254);
}

on_both_engines! {
    async fn a_json_array_is_no_object_even_where_serde_would_read_one(engine) {
        let app = TestApp::spawn(engine).await;
        let (status, answer) = app.admin_put("goal", "[]").await;
        assert_eq!((status, answer["error"]["code"].as_str()), (400, Some("malformed_json")));
        let response = app
            .client
            .post(app.url(&format!("/api/v1/petitions/{PETITION}/signatures")))
            .header("content-type", "application/json")
            .body("[]")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400);
    }

    async fn whole_numbers_may_be_written_with_a_fraction_of_zero(engine) {
        let app = TestApp::spawn(engine).await;
        assert_eq!(app.admin_put("goal", r#"{"goal": 123.0}"#).await.0, 204);
        assert_eq!(app.stats().await["goal"], 123);
        assert_eq!(app.admin_put("goal", r#"{"goal": 12.5}"#).await.0, 400);
        let body = signature(json!({ "elapsed_ms": 45000.0, "proof": null }));
        assert_eq!(app.post_signature(&body).await.status(), 202);
        assert_eq!(app.stats().await["unconfirmed"], 1);
    }

    async fn an_id_is_a_hyphenated_uuid_and_no_other_form(engine) {
        let app = TestApp::spawn(engine).await;
        let id = uuid::Uuid::new_v4();
        let simple = signature(json!({ "id": id.simple().to_string() }));
        assert_eq!(app.post_signature(&simple).await.status(), 400);
        let upper = signature(json!({ "id": id.to_string().to_uppercase() }));
        assert_eq!(app.post_signature(&upper).await.status(), 202);
    }

    async fn a_retention_moment_is_rfc_3339_or_refused_with_its_own_code(engine) {
        let app = TestApp::spawn(engine).await;
        for refused in ["", "2027-02-29T00:00:00Z", "2027-06-30", "2027-06-30t00:00:00z"] {
            let (status, answer) = app
                .admin_put("retention", &json!({ "erase_personal_data_after": refused }).to_string())
                .await;
            assert_eq!((status, answer["error"]["code"].as_str()), (400, Some("invalid_date_time")), "{refused:?}");
        }
        let moment = json!({ "erase_personal_data_after": "2028-02-29T12:00:00+01:00" }).to_string();
        assert_eq!(app.admin_put("retention", &moment).await.0, 204);
        assert_eq!(app.stats().await["erase_personal_data_after"], "2028-02-29T11:00:00Z");
    }

    async fn a_list_limit_outside_its_range_is_refused_not_bent(engine) {
        let app = TestApp::spawn(engine).await;
        for limit in ["0", "51", "9999", "-1", "2.5", "many"] {
            let (status, answer) = app.signers_status(&format!("?limit={limit}")).await;
            assert_eq!((status, answer["error"]["code"].as_str()), (400, Some("invalid_limit")), "{limit}");
        }
        for limit in ["1", "50", "5.0"] {
            assert_eq!(app.signers_status(&format!("?limit={limit}")).await.0, 200, "{limit}");
        }
        assert_eq!(app.signers_status("").await.0, 200);
    }

    async fn a_program_s_invalid_signature_is_refused_like_anyone_s(engine) {
        let app = TestApp::spawn(engine).await;
        let body = signature(json!({ "email": "not an address", "elapsed_ms": 10 }));
        let response = app.post_signature(&body).await;
        assert_eq!(response.status(), 422, "the rules are public: they come first");
        assert_eq!(app.stats().await["dropped_as_automated"], 0);
    }

    async fn a_name_is_measured_as_sent(engine) {
        let app = TestApp::spawn(engine).await;
        let padded = format!("{}Anna", " ".repeat(97));
        let response = app.post_signature(&signature(json!({ "first_name": padded }))).await;
        assert_eq!(response.status(), 422);
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["error"]["code"], "too_long");
    }
}
