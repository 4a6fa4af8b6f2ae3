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

    async fn the_answer_comes_compressed_as_the_client_accepts(engine) {
        let app = TestApp::spawn(engine).await;
        app.sign_and_confirm(&signature(serde_json::json!({}))).await;
        let url = app.url(&format!("/api/v1/petitions/{PETITION}"));
        let plain = app.client.get(&url).send().await.unwrap();
        assert_eq!(plain.headers().get("content-encoding"), None);
        let plain = plain.bytes().await.unwrap();
        let json: Value = serde_json::from_slice(&plain).unwrap();
        assert_eq!(json["signatures"]["confirmed"], 1, "a confirmation shows at once");

        for (accept, coding) in [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip"), ("identity", "")] {
            let answer = app.client.get(&url).header("accept-encoding", accept).send().await.unwrap();
            let got = answer.headers().get("content-encoding").map(|v| v.to_str().unwrap().to_owned());
            assert_eq!(got.as_deref().unwrap_or(""), coding, "{accept}");
            assert!(answer.headers()["vary"].to_str().unwrap().contains("Accept-Encoding"));
            let body = answer.bytes().await.unwrap();
            let decoded = match coding {
                "br" => {
                    let mut out = Vec::new();
                    brotli::BrotliDecompress(&mut &body[..], &mut out).unwrap();
                    out
                }
                "gzip" => {
                    let mut out = Vec::new();
                    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&body[..]), &mut out).unwrap();
                    out
                }
                _ => body.to_vec(),
            };
            assert_eq!(decoded, plain, "{accept}");
        }
    }
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let app = TestApp::spawn(crate::helpers::Engine::Sqlite).await;
    let spec = app.get_json("/api/v1/openapi.json").await;
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/petitions/{slug}",
        "/petitions/upprop-socialtjansten/signatures",
        "/admin/petitions/{slug}/signatures.csv",
        "/admin/petitions/{slug}/stats",
    ] {
        assert!(spec["paths"].get(path).is_some(), "{path} is documented");
    }
}
