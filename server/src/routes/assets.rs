//! The widget's files and the demo page, from the trunk build. Hashed files never change and
//! are cached for a year; `embed.js` is the stable URL, cached briefly. Brotli and gzip copies
//! made at build time are served to clients that accept them.

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::services::ServeDir;

use crate::state::AppState;

pub fn router(dist: &Path) -> Router<AppState> {
    let files = ServeDir::new(dist).precompressed_br().precompressed_gzip();
    Router::new()
        .route("/favicon.svg", get(favicon))
        // Asked for by every browser on every page that names no icon.
        .route("/favicon.ico", get(favicon))
        .fallback_service(files)
        .layer(middleware::from_fn(asset_headers))
}

/// The association's flame, drawn small: its pages name it, and no browser gets a 404.
async fn favicon() -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("image/svg+xml"),
        )],
        include_str!("../../../style/favicon.svg"),
    )
}

fn cache_control(path: &str) -> &'static str {
    let file = path.rsplit('/').next().unwrap_or_default();
    if file.starts_with("upprop-") && (file.ends_with(".js") || file.ends_with(".wasm")) {
        "public, max-age=31536000, immutable"
    } else if file == "embed.js" {
        "public, max-age=300"
    } else if file.starts_with("favicon.") {
        "public, max-age=86400"
    } else {
        "no-cache"
    }
}

async fn asset_headers(request: Request, next: Next) -> Response {
    let cache = cache_control(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    // Partner pages load these from their own origin with import() and fetch.
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    // The demo page runs the widget: WebAssembly, its own styles, and calls to this API.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hashed_files_are_cached_for_ever() {
        assert_eq!(
            cache_control("/upprop-0a1b2c_bg.wasm"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_control("/upprop-0a1b2c.js"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_control("/embed.js"), "public, max-age=300");
        assert_eq!(cache_control("/favicon.ico"), "public, max-age=86400");
        assert_eq!(cache_control("/"), "no-cache");
        assert_eq!(cache_control("/index.html"), "no-cache");
    }
}
