//! Logging. What is logged is chosen so that no personal data and no secret ever reaches the
//! log: requests are logged by route template, never by URI (a confirmation URI is a secret).

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    tracing_subscriber::fmt().with_env_filter(filter).init();
}
