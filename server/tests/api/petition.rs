use serde_json::Value;

use crate::helpers::{PETITION, TestApp, on_both_engines, signature};

on_both_engines! {
    async fn the_petition_is_served_per_language_with_its_count(engine) {
        let app = TestApp::spawn(engine).await;
        let response = app.client.get(app.url(&format!("/api/v1/petitions/{PETITION}?lang=en"))).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.headers()["cache-control"].to_str().unwrap().contains("max-age="));
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["petition"]["locale"], "en");
        assert_eq!(body["petition"]["text"]["demands"].as_array().unwrap().len(), 13);
        assert_eq!(body["signatures"], serde_json::json!({ "confirmed": 0, "goal": null }));

        let swedish = app.get_json(&format!("/api/v1/petitions/{PETITION}")).await;
        assert_eq!(swedish["petition"]["text"]["title"], "Upprop Socialtjänsten");
    }

    async fn an_unchanged_petition_is_a_304_until_the_count_moves(engine) {
        let app = TestApp::spawn(engine).await;
        let url = app.url(&format!("/api/v1/petitions/{PETITION}"));
        let first = app.client.get(&url).send().await.unwrap();
        let etag = first.headers()["etag"].clone();
        let revalidate = || app.client.get(&url).header("if-none-match", etag.clone()).send();
        assert_eq!(revalidate().await.unwrap().status(), 304);

        app.sign_and_confirm(&signature(serde_json::json!({}))).await;
        let after = revalidate().await.unwrap();
        assert_eq!(after.status(), 200);
        assert_ne!(after.headers()["etag"], etag);
    }
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let app = TestApp::spawn(crate::helpers::Engine::Sqlite).await;
    let spec = app.get_json("/api/v1/openapi.json").await;
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/petitions/{slug}",
        "/petitions/{slug}/signatures",
        "/admin/petitions/{slug}/signatures.csv",
        "/admin/petitions/{slug}/stats",
    ] {
        assert!(spec["paths"].get(path).is_some(), "{path} is documented");
    }
}
