//! Builds the application from its configuration and runs it: the HTTP server and the
//! background tasks (group-commit writer, outbox sender, housekeeping).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

use crate::config::Config;
use crate::dashboard::organizers::Organizers;
use crate::mail::Mailer;
use crate::mail::outbox::{self, Doorbell, Pressure};
use crate::petitions::candles::Candles;
use crate::petitions::counts::Counts;
use crate::petitions::reload::{self, Reloader};
use crate::petitions::share_image::ShareImages;
use crate::routes::in_flight::InFlight;
use crate::routes::{self, Capacity};
use crate::signing::Challenges;
use crate::signing::admission::{Admission, Limits};
use crate::signing::writer::SignatureWriter;
use crate::state::{AppState, SharedState};
use crate::store::{Store, UNCONFIRMED_KEPT_FOR, now_ms};

const HOUSEKEEPING_EVERY: Duration = Duration::from_secs(3600);
/// Mail that could never be delivered is counted in the organiser's stats this long, then
/// deleted with the address and links it holds.
const GIVEN_UP_MAIL_KEPT_FOR: Duration = Duration::from_secs(7 * 24 * 3600);

pub struct Application {
    listener: TcpListener,
    router: Router,
    slow_client_timeout: Duration,
}

/// How long in-flight requests get to finish after a stop is requested.
const GRACE: Duration = Duration::from_secs(30);

impl Application {
    /// Connects and migrates the database, loads the content and binds the listener (port 0
    /// picks a free port: see `address`). Background tasks start here.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        tracing::info!(?config, "starting");
        let store = Store::connect(&config.database_url).await?;
        let reloader = Arc::new(Reloader::start(store.clone(), config.content_dir.clone()).await?);
        tokio::spawn(reload::run(reloader.clone()));
        let mailer = Mailer::new(&config)?;
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("listening on {}", config.listen))?;

        let doorbell = Doorbell::default();
        let pressure = Pressure::default();
        tokio::spawn(outbox::run(
            store.clone(),
            mailer,
            doorbell.clone(),
            pressure.clone(),
            Duration::from_secs(config.mail_retry_after),
        ));
        let admission = Admission::new(
            Limits {
                per_address_per_minute: config.signatures_per_minute,
                per_mail_domain_per_hour: config.signatures_per_mail_domain_per_hour,
                unconfirmed_per_minute: config.unconfirmed_per_minute,
            },
            Challenges::new(&store, config.proof_difficulty).await?,
            store.clone(),
        );
        tokio::spawn(housekeeping(store.clone()));
        tokio::spawn(forget_quiet_clients(admission.clone()));
        if store.is_sqlite() {
            tokio::spawn(checkpoint_wal(store.clone()));
        }

        let state = AppState::new(SharedState {
            contents: reloader.contents(),
            reloader,
            writer: SignatureWriter::start(
                store.clone(),
                doorbell.clone(),
                pressure,
                config.write_queue,
                Duration::from_secs(config.write_timeout),
            ),
            counts: Counts::new(store.clone()),
            candles: Candles::new(store.clone()),
            answers: Default::default(),
            public_signers: Default::default(),
            automated: Default::default(),
            min_fill_ms: config.min_fill_ms,
            store,
            admission,
            public_url: config.public_url(listener.local_addr()?).into(),
            admin_token_digest: SharedState::admin_token_digest(config.admin_token.as_deref()),
            trusted_proxies: config.trusted_proxies(),
            share_images: ShareImages::default(),
            organizers: Organizers::parse(&config.organizers)?,
            doorbell,
            in_flight: InFlight::new(InFlight::share(
                config.max_requests_per_client,
                config.max_concurrent_requests,
            )),
        });
        let slow_client_timeout = Duration::from_secs(config.slow_client_timeout.max(1));
        let capacity = Capacity {
            max_concurrent_requests: config.max_concurrent_requests,
            body_deadline: slow_client_timeout,
        };
        let router = routes::router(state, &config.allowed_origins, &config.dist_dir, capacity);
        Ok(Self {
            listener,
            router,
            slow_client_timeout,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until Ctrl-C or SIGTERM, then stops accepting and waits (at most `GRACE`) for
    /// the requests in flight. Connections are served by hyper directly rather than through
    /// `axum::serve`, for the header read timeout that keeps slow clients from holding
    /// connections for ever.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let mut builder = auto::Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(self.slow_client_timeout);
        let graceful = GracefulShutdown::new();
        let mut stop = std::pin::pin!(stop_requested());
        loop {
            let (stream, peer) = tokio::select! {
                accepted = self.listener.accept() => match accepted {
                    Ok(accepted) => accepted,
                    // Out of file descriptors and the like: pause rather than spin.
                    Err(error) => {
                        tracing::warn!(%error, "could not accept a connection");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
                () = &mut stop => break,
            };
            let router = self.router.clone();
            let service = TowerToHyperService::new(tower::service_fn(
                move |mut request: axum::extract::Request<Incoming>| {
                    request.extensions_mut().insert(ConnectInfo(peer));
                    router.clone().oneshot(request)
                },
            ));
            let connection = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                .into_owned();
            let connection = graceful.watch(connection);
            tokio::spawn(async move {
                // A client that goes away or trickles too slowly ends its own connection.
                let _ = connection.await;
            });
        }
        drop(self.listener);
        if tokio::time::timeout(GRACE, graceful.shutdown())
            .await
            .is_err()
        {
            tracing::warn!("requests still in flight after the grace period");
        }
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

/// How often SQLite's write-ahead log is copied into the database file beside the writer.
/// An idle log makes it a read of the log's header.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(100);

async fn checkpoint_wal(store: Store) {
    let mut every = tokio::time::interval(CHECKPOINT_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if let Err(error) = store.checkpoint_wal().await {
            // The writer's own checkpoints keep the log bounded meanwhile.
            tracing::warn!(%error, "could not checkpoint the write-ahead log");
        }
    }
}

/// How often the counts of quiet client addresses and mail domains are dropped: as often as
/// the shortest window they are counted over, so that a flood of addresses seen once each
/// holds memory for two minutes, not for an hour.
const FORGET_QUIET_CLIENTS_EVERY: Duration = Duration::from_secs(60);

async fn forget_quiet_clients(admission: Admission) {
    let mut every = tokio::time::interval(FORGET_QUIET_CLIENTS_EVERY);
    loop {
        every.tick().await;
        admission.forget_idle(now_ms());
    }
}

async fn housekeeping(store: Store) {
    let mut every = tokio::time::interval(HOUSEKEEPING_EVERY);
    loop {
        every.tick().await;
        match store
            .purge_unconfirmed(UNCONFIRMED_KEPT_FOR, now_ms())
            .await
        {
            Ok(0) => {}
            Ok(erased) => tracing::info!(erased, "erased signatures never confirmed"),
            Err(error) => tracing::error!(%error, "could not erase old unconfirmed signatures"),
        }
        if let Err(error) = store.forget_expired_sessions(now_ms()).await {
            tracing::error!(%error, "could not forget expired sign-in links and sessions");
        }
        match store.erase_past_retention(now_ms()).await {
            Ok(0) => {}
            Ok(erased) => tracing::info!(
                erased,
                "erased the signatures of closed petitions past their retention date"
            ),
            Err(error) => tracing::error!(%error, "could not erase closed petitions' signatures"),
        }
        match store.purge_reminders(now_ms()).await {
            Ok(0) => {}
            Ok(erased) => tracing::info!(erased, "erased reminders done with"),
            Err(error) => tracing::error!(%error, "could not erase reminders done with"),
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
