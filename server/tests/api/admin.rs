use serde_json::{Value, json};

use crate::helpers::{ADMIN_TOKEN, PETITION, TestApp, consent_text, on_both_engines, signature};

on_both_engines! {
    async fn the_export_holds_every_confirmed_signature_with_its_consents(engine) {
        let app = TestApp::spawn(engine).await;
        app.sign_and_confirm(&signature(json!({ "first_name": "Åsa", "last_name": "Öberg", "email": "asa@example.se", "public": true }))).await;
        app.sign_and_confirm(&signature(json!({ "first_name": "=1+1", "email": "b@example.se" }))).await;
        assert_eq!(app.post_signature(&signature(json!({ "email": "unconfirmed@example.se" }))).await.status(), 202);

        let response = app.admin_get("signatures.csv").await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
        let bytes = response.bytes().await.unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM, for Excel");
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        let mut rows = csv::Reader::from_reader(text.as_bytes());
        let headers = rows.headers().unwrap().clone();
        let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), 2, "only confirmed signatures");
        let column = |record: &csv::StringRecord, name: &str| {
            record[headers.iter().position(|h| h == name).unwrap()].to_owned()
        };
        assert_eq!(column(&records[0], "first_name"), "Åsa");
        assert_eq!(column(&records[0], "public"), "yes");
        assert_eq!(column(&records[0], "consent_organizer"), "yes");
        assert_eq!(column(&records[0], "consent_organizer_text"), consent_text("consent_organizer", upprop_core::Locale::Sv));
        assert_eq!(column(&records[0], "consent_updates"), "no");
        assert_eq!(column(&records[0], "source_url"), "https://partner.example/upprop");
        assert_eq!(column(&records[1], "first_name"), "'=1+1", "no formulas");
        assert!(!text.contains("unconfirmed@example.se"));
    }

    async fn stats_count_per_day_and_per_source(engine) {
        let app = TestApp::spawn(engine).await;
        app.sign_and_confirm(&signature(json!({ "email": "a@example.se" }))).await;
        app.sign_and_confirm(&signature(json!({ "email": "b@example.se", "source": { "url": "facebook-mars" } }))).await;
        app.sign_and_confirm(&signature(json!({ "email": "c@example.se", "source": { "url": "facebook-mars" } }))).await;
        assert_eq!(app.post_signature(&signature(json!({ "email": "d@example.se" }))).await.status(), 202);

        let stats: Value = app.stats().await;
        assert_eq!(stats["confirmed"], 3);
        assert_eq!(stats["unconfirmed"], 1);
        assert_eq!(stats["per_day"].as_array().unwrap().len(), 1);
        assert_eq!(stats["per_day"][0]["confirmed"], 3);
        assert_eq!(stats["per_source"][0], json!({ "key": "facebook-mars", "confirmed": 2 }));
    }

    async fn the_admin_endpoints_need_the_token(engine) {
        let app = TestApp::spawn(engine).await;
        for path in ["signatures.csv", "stats"] {
            let url = app.url(&format!("/api/v1/admin/petitions/{PETITION}/{path}"));
            for authorization in [None, Some("Bearer wrong-token"), Some(&*format!("Basic {ADMIN_TOKEN}")), Some("Bearer ")] {
                let mut request = app.client.get(&url);
                if let Some(value) = authorization {
                    request = request.header("authorization", value);
                }
                let response = request.send().await.unwrap();
                assert_eq!(response.status(), 401, "{path} with {authorization:?}");
                assert_eq!(response.headers()["www-authenticate"], "Bearer");
                let body: Value = response.json().await.unwrap();
                assert_eq!(body["error"]["code"], "unauthorized");
            }
        }
    }
}

#[tokio::test]
async fn without_a_configured_token_nobody_gets_in() {
    let app = TestApp::spawn_with(crate::helpers::Engine::Sqlite, &[("--admin-token", "")]).await;
    let response = app.admin_get("stats").await;
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn cross_origin_calls_are_allowed_for_the_public_api_and_never_for_admin() {
    let app = TestApp::spawn(crate::helpers::Engine::Sqlite).await;
    let preflight = |path: String| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url(&path))
            .header("origin", "https://partner.example")
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let public = preflight(format!("/api/v1/petitions/{PETITION}/signatures"))
        .await
        .unwrap();
    assert_eq!(public.headers()["access-control-allow-origin"], "*");
    let admin = app
        .client
        .get(app.url(&format!("/api/v1/admin/petitions/{PETITION}/stats")))
        .header("origin", "https://partner.example")
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(admin.status(), 200);
    assert!(admin.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn configured_origins_are_the_only_ones_allowed() {
    let app = TestApp::spawn_with(
        crate::helpers::Engine::Sqlite,
        &[(
            "--allowed-origins",
            "https://brinnforbarnen.se,https://partner.example",
        )],
    )
    .await;
    let from = |origin: &'static str| {
        app.client
            .get(app.url(&format!("/api/v1/petitions/{PETITION}")))
            .header("origin", origin)
            .send()
    };
    let allowed = from("https://partner.example").await.unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://partner.example"
    );
    let other = from("https://evil.example").await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
}
