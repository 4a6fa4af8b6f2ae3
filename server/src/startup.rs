//! Builds the application from its configuration and runs it: the HTTP server and the
//! background tasks (group-commit writer, outbox sender, housekeeping).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::content::Catalogue;
use crate::mail::Mailer;
use crate::outbox::{self, Doorbell};
use crate::rate_limit::SigningRateLimit;
use crate::routes::{self, AppState};
use crate::share_image::ShareImages;
use crate::signing::SignatureWriter;
use crate::store::{Store, UNCONFIRMED_KEPT_FOR, now_ms};

const HOUSEKEEPING_EVERY: Duration = Duration::from_secs(3600);
/// Mail that could never be delivered is counted in the organiser's stats this long, then
/// deleted with the address and links it holds.
const GIVEN_UP_MAIL_KEPT_FOR: Duration = Duration::from_secs(7 * 24 * 3600);

pub struct Application {
    listener: TcpListener,
    router: Router,
}

impl Application {
    /// Connects and migrates the database, loads the content and binds the listener (port 0
    /// picks a free port: see `address`). Background tasks start here.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        tracing::info!(?config, "starting");
        let catalogue = Arc::new(Catalogue::load(&config.content_dir)?);
        let store = Store::connect(&config.database_url).await?;
        let mailer = Mailer::new(
            config.smtp_url.as_deref(),
            &config.mail_dir,
            &config.mail_from,
        )?;
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("listening on {}", config.listen))?;

        let doorbell = Doorbell::default();
        tokio::spawn(outbox::run(
            store.clone(),
            mailer,
            doorbell.clone(),
            Duration::from_secs(config.mail_retry_after),
        ));
        let rate_limit = SigningRateLimit::new(config.signatures_per_minute);
        tokio::spawn(housekeeping(store.clone(), rate_limit.clone()));

        let state = AppState {
            catalogue,
            writer: SignatureWriter::start(
                store.clone(),
                doorbell,
                config.write_queue,
                Duration::from_secs(config.write_timeout),
            ),
            store,
            rate_limit,
            public_url: config.public_url(listener.local_addr()?).into(),
            admin_token_digest: AppState::admin_token_digest(config.admin_token.as_deref()),
            trusted_proxies: config.trusted_proxies(),
            share_images: ShareImages::default(),
        };
        let router = routes::router(
            state,
            &config.allowed_origins,
            &config.dist_dir,
            config.max_concurrent_requests,
        );
        Ok(Self { listener, router })
    }

    pub fn address(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(stop_requested())
        .await?;
        Ok(())
    }
}

/// Ctrl-C, or SIGTERM (what systemd and container runtimes send on a stop or a deploy). The
/// server then stops accepting and answers every request in flight, each of which waits for
/// its signature's batch to be written, before it exits.
async fn stop_requested() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminate => {}
    }
    tracing::info!("stopping: answering the requests in flight");
}

async fn housekeeping(store: Store, rate_limit: SigningRateLimit) {
    let mut every = tokio::time::interval(HOUSEKEEPING_EVERY);
    loop {
        every.tick().await;
        rate_limit.forget_idle();
        match store
            .purge_unconfirmed(UNCONFIRMED_KEPT_FOR, now_ms())
            .await
        {
            Ok(0) => {}
            Ok(erased) => tracing::info!(erased, "erased signatures never confirmed"),
            Err(error) => tracing::error!(%error, "could not erase old unconfirmed signatures"),
        }
        match store
            .purge_given_up_mail(GIVEN_UP_MAIL_KEPT_FOR, now_ms())
            .await
        {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, "deleted mail given up on"),
            Err(error) => tracing::error!(%error, "could not delete mail given up on"),
        }
    }
}
