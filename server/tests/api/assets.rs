use crate::helpers::{Engine, TestApp};

async fn get(app: &TestApp, path: &str, accept_encoding: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(app.url(path));
    if let Some(encoding) = accept_encoding {
        request = request.header("accept-encoding", encoding);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn the_widget_is_served_cacheable_and_loadable_from_other_origins() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let embed = get(&app, "/embed.js", None).await;
    assert_eq!(embed.status(), 200);
    assert_eq!(embed.headers()["cache-control"], "public, max-age=300");
    assert_eq!(embed.headers()["access-control-allow-origin"], "*");

    let wasm = get(&app, "/upprop-0123abcd_bg.wasm", None).await;
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    assert_eq!(
        wasm.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );

    let compressed = get(&app, "/upprop-0123abcd.js", Some("br, gzip")).await;
    assert_eq!(compressed.headers()["content-encoding"], "br");
    assert_eq!(compressed.bytes().await.unwrap().as_ref(), b"brotli bytes");

    let demo = get(&app, "/", None).await;
    assert_eq!(demo.status(), 200);
    assert_eq!(demo.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    for path in [
        "/api/v1/petitions/upprop-socialtjansten",
        "/confirm/x",
        "/embed.js",
        "/api/v1/admin/petitions/upprop-socialtjansten/stats",
    ] {
        let response = get(&app, path, None).await;
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        assert!(headers.contains_key("content-security-policy"), "{path}");
    }
}
