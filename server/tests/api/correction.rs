//! A mistyped address corrected from the thanks (`replaces`): the typo's signature is taken
//! back, the corrected address is mailed, and the signer counts once.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{PETITION, TestApp, after, on_both_engines, signature};

const TYPO: &str = "anna.svensson@g.commail";
const MEANT: &str = "anna.svensson@gmail.com";

impl TestApp {
    async fn signatures_stored(&self) -> Value {
        self.stats().await["unconfirmed"].clone()
    }

    async fn post_landing_form(&self, fields: &[(&str, &str)]) -> String {
        let response = self
            .client
            .post(self.url(&format!("/p/{PETITION}")))
            .form(fields)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.text().await.unwrap()
    }
}

on_both_engines! {
    async fn an_address_corrected_from_the_thanks_replaces_the_typo_and_counts_once(engine) {
        let app = TestApp::spawn(engine).await;
        let first = Uuid::new_v4();
        assert_eq!(app.post_signature(&signature(json!({ "id": first, "email": TYPO }))).await.status(), 202);
        let typo_mail = app.mail.next().await;
        assert_eq!(typo_mail.to, TYPO);

        let corrected = signature(json!({ "email": MEANT, "replaces": first }));
        let response = app.post_signature(&corrected).await;
        assert_eq!(response.status(), 202);
        assert_eq!(response.json::<Value>().await.unwrap(), json!({ "status": "pending_confirmation" }));
        let mail = app.mail.next().await;
        assert_eq!(mail.to, MEANT);
        assert_eq!(app.signatures_stored().await, 1, "the typo's signature is gone");
        assert_eq!(app.confirm(&typo_mail.links().confirm).await.status(), 404, "its link with it");

        // The correction retried (a lost answer) changes nothing.
        assert_eq!(app.post_signature(&corrected).await.status(), 202);
        app.mail.assert_quiet().await;

        assert_eq!(app.confirm(&mail.links().confirm).await.status(), 200);
        assert_eq!(app.confirmed_count().await, 1);
        let export = app.admin_get("signatures.csv").await.text().await.unwrap();
        assert!(export.contains(MEANT) && !export.contains(TYPO), "{export}");
    }

    async fn a_correction_never_takes_back_a_confirmed_signature(engine) {
        let app = TestApp::spawn(engine).await;
        let first = Uuid::new_v4();
        let links = app.sign_and_confirm(&signature(json!({ "id": first }))).await;
        let other = signature(json!({ "email": "bo@example.se", "replaces": first }));
        assert_eq!(app.post_signature(&other).await.status(), 202);
        assert_eq!(app.mail.next().await.to, "bo@example.se");
        assert_eq!(app.confirmed_count().await, 1, "the confirmed signature stands");
        let withdraw = app.client.post(&links.withdraw).send().await.unwrap();
        assert_eq!(withdraw.status(), 200, "and its links work");
        assert_eq!(app.confirmed_count().await, 0);
    }

    async fn a_correction_to_the_same_address_is_that_signature_signed_again(engine) {
        let app = TestApp::spawn(engine).await;
        let first = Uuid::new_v4();
        assert_eq!(app.post_signature(&signature(json!({ "id": first }))).await.status(), 202);
        let lost = app.mail.next().await.links();
        // "Send it again": the mail goes out again with fresh links, the old ones stop.
        let again = signature(json!({ "replaces": first }));
        assert_eq!(app.post_signature(&again).await.status(), 202);
        let fresh = app.mail.next().await.links();
        assert_eq!(app.signatures_stored().await, 1);
        // Once more within ten minutes: not mailed, so nobody can flood an inbox this way.
        assert_eq!(app.post_signature(&signature(json!({ "replaces": first }))).await.status(), 202);
        app.mail.assert_quiet().await;
        assert_eq!(app.confirm(&lost.confirm).await.status(), 404);
        assert_eq!(app.confirm(&fresh.confirm).await.status(), 200);
        assert_eq!(app.confirmed_count().await, 1);
    }

    async fn a_correction_of_an_unknown_signing_is_a_new_signature(engine) {
        let app = TestApp::spawn(engine).await;
        assert_eq!(app.post_signature(&signature(json!({}))).await.status(), 202);
        app.mail.next().await;
        let unrelated = signature(json!({ "email": "bo@example.se", "replaces": Uuid::new_v4() }));
        assert_eq!(app.post_signature(&unrelated).await.status(), 202);
        assert_eq!(app.mail.next().await.to, "bo@example.se");
        assert_eq!(app.signatures_stored().await, 2, "nobody else's signature is taken back");
        // Naming itself is no correction.
        let id = Uuid::new_v4();
        let own = signature(json!({ "id": id, "email": "cia@example.se", "replaces": id }));
        assert_eq!(app.post_signature(&own).await.status(), 202);
        assert_eq!(app.mail.next().await.to, "cia@example.se");
        assert_eq!(app.signatures_stored().await, 3);
    }

    async fn the_no_script_thanks_names_the_address_and_corrects_it(engine) {
        let app = TestApp::spawn(engine).await;
        let page_id = Uuid::new_v4().to_string();
        let typed = [
            ("first_name", "Karin"),
            ("last_name", "Lund"),
            ("postal_code", "123 45"),
            ("comment", "För barnen"),
            ("public", "true"),
            ("consent_organizer", "true"),
            ("src", "facebook"),
        ];
        let mut fields = vec![("id", page_id.as_str()), ("email", "karin@gmial.com")];
        fields.extend(typed);
        let thanks = app.post_landing_form(&fields).await;
        assert!(thanks.contains(r#"Vi har skickat ett mejl till <strong class="address">karin@gmial.com</strong>."#), "{thanks}");
        assert!(thanks.contains("Menade du <strong>karin@gmail.com</strong>?"), "{thanks}");
        assert!(thanks.contains("skräpposten"));
        assert_eq!(app.mail.next().await.to, "karin@gmial.com");

        // The thanks' button: what was typed, back as a form that corrects this signing.
        let correction = &thanks[thanks.find(r#"<form class="correction""#).unwrap()..];
        let correction = &correction[..correction.find("</form>").unwrap()];
        let hidden: Vec<(String, String)> = correction
            .split("<input type=\"hidden\" name=\"")
            .skip(1)
            .map(|input| (input.split('"').next().unwrap().to_owned(), after(input, "value=\"", '"')))
            .collect();
        assert!(hidden.contains(&("email".into(), "karin@gmial.com".into())), "{hidden:?}");
        assert!(hidden.contains(&("consent_organizer".into(), "true".into())), "{hidden:?}");
        let earlier = hidden.iter().find(|(name, _)| name == "correct").map(|(_, id)| id.clone()).unwrap();
        let hidden: Vec<(&str, &str)> = hidden.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
        let form = app.post_landing_form(&hidden).await;
        app.mail.assert_quiet().await;
        assert!(form.contains(r#"value="karin@gmial.com""#) && form.contains(">För barnen</textarea>"), "as typed: {form}");
        assert!(form.contains(&format!(r#"<input type="hidden" name="replaces" value="{earlier}">"#)), "{form}");
        let fresh_id = after(&form, r#"name="id" value=""#, '"');
        assert_ne!(fresh_id, page_id, "a new signing: the old page's id would be the old signing");

        let mut corrected = vec![("id", fresh_id.as_str()), ("email", "karin@gmail.com"), ("replaces", earlier.as_str())];
        corrected.extend(typed);
        let thanks = app.post_landing_form(&corrected).await;
        assert!(thanks.contains(r#"<strong class="address">karin@gmail.com</strong>"#), "{thanks}");
        assert!(!thanks.contains("Menade du"));
        let mail = app.mail.next().await;
        assert_eq!(mail.to, "karin@gmail.com");
        assert_eq!(app.stats().await["unconfirmed"], 1);
        assert_eq!(app.confirm(&mail.links().confirm).await.status(), 200);
        assert_eq!(app.confirmed_count().await, 1);
        let stats = app.stats().await;
        assert_eq!(stats["per_channel"][0], json!({ "key": "facebook", "confirmed": 1 }), "the source kept");
    }
}

#[tokio::test]
async fn a_replaces_that_is_no_uuid_is_refused_as_malformed() {
    let app = TestApp::spawn(crate::helpers::Engine::Sqlite).await;
    for replaces in [
        json!("not-a-uuid"),
        json!(12),
        json!("6ba7b8109dad11d180b400c04fd430c8"),
    ] {
        let response = app
            .post_signature(&signature(json!({ "replaces": replaces })))
            .await;
        assert_eq!(response.status(), 400, "{replaces}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "malformed_json", "{replaces}");
    }
    let response = app
        .post_signature(&signature(json!({ "replaces": null })))
        .await;
    assert_eq!(response.status(), 202, "null is none");
    app.mail.next().await;
}
