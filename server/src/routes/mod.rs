//! The HTTP surface: which path goes to which handler, under which layers.

mod admin;
mod api_query;
mod assets;
mod client_address;
mod dashboard;
mod events;
mod extract;
mod fair_share;
pub mod in_flight;
mod json_object;
mod landing;
mod links;
pub(crate) mod moment;
mod petitions;
mod reminders;
mod signatures;
mod signers;

use std::path::Path;
use std::time::Duration;

use axum::error_handling::HandleErrorLayer;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::routing::{get, post};
use axum::{Router, middleware};
use tower::ServiceBuilder;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::api_error::Failure;

use crate::state::AppState;

/// A signature, or any form of the dashboard's, is a few kilobytes at most; anything larger is
/// not one.
const SIGNATURE_BODY_LIMIT: usize = 16 * 1024;

/// How much of the server one client may hold: see `fair_share`.
pub struct Capacity {
    /// Requests handled at once, by everyone together.
    pub max_concurrent_requests: usize,
    /// How long a request's body may take to arrive, from its headers on.
    pub body_deadline: Duration,
}

pub fn router(
    state: AppState,
    allowed_origins: &[String],
    dist: &Path,
    capacity: Capacity,
) -> Router {
    let public_api = Router::new()
        .route("/petitions/{slug}", get(petitions::show))
        .route(
            "/petitions/{slug}/signatures",
            axum::routing::post(signatures::sign)
                .layer(DefaultBodyLimit::max(SIGNATURE_BODY_LIMIT)),
        )
        .route("/petitions/{slug}/signers", get(signers::list))
        .route("/petitions/{slug}/events/{id}", get(events::candles))
        .route(
            "/petitions/{slug}/events/{id}/candles",
            axum::routing::post(events::light).layer(DefaultBodyLimit::max(SIGNATURE_BODY_LIMIT)),
        )
        .route("/openapi.json", get(petitions::openapi))
        .layer(cors(allowed_origins));
    // No CORS layer: browsers refuse cross-origin calls to the admin endpoints.
    let admin_api = Router::new()
        .route("/petitions/{slug}/signatures.csv", get(admin::export_csv))
        .route("/petitions/{slug}/stats", get(admin::stats))
        .route("/petitions/{slug}/signers", get(signers::admin_list))
        .route("/petitions/{slug}/handover", get(admin::handover))
        .route("/petitions/{slug}/close", axum::routing::post(admin::close))
        .route(
            "/petitions/{slug}/reopen",
            axum::routing::post(admin::reopen),
        )
        .route(
            "/petitions/{slug}/unpublish",
            axum::routing::post(admin::unpublish),
        )
        .route(
            "/petitions/{slug}/republish",
            axum::routing::post(admin::republish),
        )
        .route(
            "/petitions/{slug}/goal",
            axum::routing::put(admin::set_goal),
        )
        .route(
            "/petitions/{slug}/retention",
            axum::routing::put(admin::set_retention),
        )
        .route(
            "/petitions/{slug}/signers/{id}/hide",
            axum::routing::post(signers::hide),
        )
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            admin::require_token,
        ));

    let dashboard_pages = Router::new()
        .route("/admin/p/{slug}", get(dashboard::petition))
        .route("/admin/p/{slug}/signatures.csv", get(admin::export_csv))
        .route("/admin/p/{slug}/handover", get(admin::handover))
        .route("/admin/p/{slug}/close", post(dashboard::close))
        .route("/admin/p/{slug}/reopen", post(dashboard::reopen))
        .route("/admin/p/{slug}/unpublish", post(dashboard::unpublish))
        .route("/admin/p/{slug}/republish", post(dashboard::republish))
        .route("/admin/p/{slug}/goal", post(dashboard::set_goal))
        .route("/admin/p/{slug}/retention", post(dashboard::set_retention))
        .route("/admin/p/{slug}/signers/{id}/hide", post(dashboard::hide))
        .route("/admin/lookup", post(dashboard::lookup))
        .route("/admin/signatures/{id}/erase", post(dashboard::erase))
        .route("/admin/signatures/{id}/resend", post(dashboard::resend))
        .route(
            "/admin/reminders/{id}/erase",
            post(dashboard::erase_reminder),
        )
        .route("/admin/sign-out", post(dashboard::sign_out))
        .route("/admin/reload", post(dashboard::reload))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            dashboard::require_session,
        ));
    let dashboard = Router::new()
        .route("/admin", get(dashboard::home))
        .route("/admin/sign-in", post(dashboard::request_sign_in))
        .route(
            "/admin/sign-in/{token}",
            get(dashboard::ask_to_sign_in).post(dashboard::sign_in),
        )
        .merge(dashboard_pages)
        // Its forms are a few fields each.
        .layer(DefaultBodyLimit::max(SIGNATURE_BODY_LIMIT))
        .layer(middleware::from_fn(
            dashboard::refuse_forms_from_other_sites,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        // Its own inline stylesheet and forms to itself; inline SVG needs nothing more.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; \
                 frame-ancestors 'none'; base-uri 'none'",
            ),
        ));

    Router::new()
        .nest("/api/v1", public_api)
        .nest("/api/v1/admin", admin_api)
        .route(
            "/p/{slug}",
            get(landing::show)
                .post(landing::sign)
                .layer(DefaultBodyLimit::max(SIGNATURE_BODY_LIMIT)),
        )
        .route("/p/{slug}/share.png", get(landing::share_image))
        .route("/p/{slug}/widget", get(landing::widget_view))
        .route("/p/{slug}/events/{id}", get(events::show))
        .route(
            "/p/{slug}/events/{id}/candles",
            post(events::light_from_page).layer(DefaultBodyLimit::max(SIGNATURE_BODY_LIMIT)),
        )
        .route(
            "/p/{slug}/events/{id}/reminders",
            post(events::ask_for_reminder).layer(DefaultBodyLimit::max(SIGNATURE_BODY_LIMIT)),
        )
        .route(
            "/reminders/{token}",
            get(reminders::ask_to_confirm).post(reminders::confirm),
        )
        .route(
            "/reminders/withdraw/{token}",
            get(reminders::ask_to_withdraw).post(reminders::withdraw),
        )
        .route("/p/{slug}/events/{id}/calendar.ics", get(events::calendar))
        .route("/p/{slug}/events/{id}/flyer", get(events::flyer))
        .route("/p/{slug}/events/{id}/share.png", get(events::share_image))
        .route("/event.js", get(events::script))
        .route("/embed/{slug}", get(landing::embed_page))
        .route("/oembed", get(landing::oembed))
        .route(
            "/confirm/{token}",
            get(links::ask_to_confirm).post(links::confirm),
        )
        .route(
            "/withdraw/{token}",
            get(links::ask_to_withdraw).post(links::withdraw),
        )
        .merge(dashboard)
        .merge(assets::router(dist))
        .with_state(state.clone())
        .layer(
            ServiceBuilder::new()
                // Past the cap, answer 503 at once instead of queueing without end. Global:
                // the router wraps each route apart, and the cap is for all of them together.
                .layer(HandleErrorLayer::new(|_: tower::BoxError| async {
                    Failure::Overloaded
                }))
                .load_shed()
                .layer(GlobalConcurrencyLimitLayer::new(
                    capacity.max_concurrent_requests.max(1),
                ))
                .layer(middleware::from_fn_with_state(
                    capacity.body_deadline,
                    fair_share::body_deadline,
                ))
                .layer(
                    // Spans name the route template, never the URI: /confirm/{token} stays secret.
                    TraceLayer::new_for_http().make_span_with(|request: &Request| {
                        let route = request
                            .extensions()
                            .get::<MatchedPath>()
                            .map_or("unmatched", MatchedPath::as_str);
                        tracing::info_span!("request", method = %request.method(), route)
                    }),
                )
                // Pages and JSON made per request; the widget's files are served precompressed,
                // and images are left alone.
                .layer(CompressionLayer::new())
                .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .layer(security_header(header::REFERRER_POLICY, "no-referrer"))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::X_FRAME_OPTIONS,
                    deny_framing_unless_allowed,
                ))
                .layer(security_header(
                    HeaderName::from_static("cross-origin-resource-policy"),
                    "cross-origin",
                ))
                .layer(security_header(
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; frame-ancestors 'none'",
                )),
        )
        // Outermost: an address past its share is refused before it takes a global slot.
        .layer(middleware::from_fn_with_state(
            state,
            fair_share::limit_per_client,
        ))
}

/// `X-Frame-Options: DENY`, except on a page whose CSP lets any site frame it (the iframe
/// embed page): old browsers read only this header, and it must not contradict the CSP.
fn deny_framing_unless_allowed(response: &axum::response::Response) -> Option<HeaderValue> {
    let framable = response
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|csp| csp.to_str().ok())
        .is_some_and(|csp| csp.contains("frame-ancestors *"));
    (!framable).then(|| HeaderValue::from_static("DENY"))
}

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

fn cors(allowed_origins: &[String]) -> CorsLayer {
    let origins = if allowed_origins.is_empty() {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            allowed_origins
                .iter()
                .filter_map(|origin| origin.parse().ok()),
        )
    };
    CorsLayer::new()
        .allow_origin(origins)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE])
        // The widget waits as long as a 429 asks before it sends the signature again.
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(24 * 3600))
}
