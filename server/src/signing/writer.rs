//! Group commit. Handlers hand their signature to one writer task and wait for its verdict;
//! the writer takes everything queued meanwhile and writes it in one transaction. Under load
//! a commit carries hundreds of signatures; when idle, one.

use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

use crate::mail::outbox::{Doorbell, Pressure};
use crate::store::{NewSignature, Recorded, SigningConnection, Store, now_ms};

/// The most signatures one transaction takes, so a burst cannot make one commit slow.
const MAX_BATCH: usize = 512;

type Job = (NewSignature, oneshot::Sender<Result<Recorded, WriteFailed>>);

/// Why the writer did not store a signature: the database failed it, or could not answer at
/// all (`store::is_unavailable`).
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("the signature could not be stored")]
pub struct WriteFailed {
    unavailable: bool,
}

/// Why a signature was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NotWritten {
    /// The database refused or failed.
    #[error("the signature could not be stored")]
    Failed,
    /// The database cannot answer now (out of disk, restarting): nothing was written.
    #[error("the database is unavailable")]
    Unavailable,
    /// The queue is full, or the database did not answer in time: the signer's retry (with the
    /// same id) is safe, whether or not this one is written in the end.
    #[error("the writer is overloaded")]
    Overloaded,
}

#[derive(Clone)]
pub struct SignatureWriter {
    jobs: mpsc::Sender<Job>,
    patience: Duration,
}

impl SignatureWriter {
    /// `queue` signatures may wait to be written; a handler waits `patience` for its verdict.
    pub fn start(
        store: Store,
        doorbell: Doorbell,
        pressure: Pressure,
        queue: usize,
        patience: Duration,
    ) -> Self {
        let (jobs, waiting) = mpsc::channel(queue.max(1));
        tokio::spawn(write_batches(store, doorbell, pressure, waiting));
        Self { jobs, patience }
    }

    /// Resolves once the signature is durably stored (or known to be a repeat). Never waits
    /// for room in a full queue, nor longer than its patience for the database.
    pub async fn write(&self, signature: NewSignature) -> Result<Recorded, NotWritten> {
        let (reply, verdict) = oneshot::channel();
        self.jobs
            .try_send((signature, reply))
            .map_err(|error| match error {
                mpsc::error::TrySendError::Full(_) => NotWritten::Overloaded,
                mpsc::error::TrySendError::Closed(_) => NotWritten::Failed,
            })?;
        match tokio::time::timeout(self.patience, verdict).await {
            Err(_) => Err(NotWritten::Overloaded),
            Ok(Err(_)) => Err(NotWritten::Failed),
            Ok(Ok(Err(WriteFailed { unavailable: true }))) => Err(NotWritten::Unavailable),
            Ok(Ok(Err(WriteFailed { unavailable: false }))) => Err(NotWritten::Failed),
            Ok(Ok(Ok(recorded))) => Ok(recorded),
        }
    }
}

async fn write_batches(
    store: Store,
    doorbell: Doorbell,
    pressure: Pressure,
    mut queue: mpsc::Receiver<Job>,
) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    let mut connection = None;
    while queue.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        pressure.batch_written(jobs.len(), now_ms());
        let (signatures, replies): (Vec<_>, Vec<_>) = jobs.drain(..).unzip();
        let outcomes = match record(&store, &mut connection, &signatures).await {
            Ok(outcomes) => outcomes.into_iter().map(Ok).collect(),
            // One signature the database refuses must not fail the others, and a connection
            // that broke must not fail a signature: write each alone, on a fresh connection.
            // Nothing is written twice: a failed transaction wrote nothing, and what PostgreSQL's
            // one statement for new signers committed before a later step failed is found
            // replayed (`store::record_batch`).
            Err(error) => {
                tracing::warn!(%error, batch = signatures.len(), "a batch failed; writing its signatures one by one");
                let mut outcomes = Vec::with_capacity(signatures.len());
                for signature in &signatures {
                    let alone = record(&store, &mut connection, std::slice::from_ref(signature));
                    outcomes.push(alone.await.map(|mut outcome| outcome.remove(0)).map_err(
                        |error| {
                            tracing::error!(%error, "a signature was not stored");
                            WriteFailed {
                                unavailable: crate::store::is_unavailable(&error),
                            }
                        },
                    ));
                }
                outcomes
            }
        };
        if outcomes
            .iter()
            .any(|outcome| matches!(outcome, Ok(Recorded::New | Recorded::SignedBefore)))
        {
            doorbell.ring();
        }
        for (reply, outcome) in replies.into_iter().zip(outcomes) {
            let _ = reply.send(outcome);
        }
    }
}

/// Writes `batch` on the writer's connection, opening one if it has none; after a failure the
/// connection is let go, and the next write opens a fresh one.
async fn record(
    store: &Store,
    connection: &mut Option<SigningConnection>,
    batch: &[NewSignature],
) -> sqlx::Result<Vec<Recorded>> {
    let open = match connection {
        Some(open) => open,
        None => connection.insert(store.signing_connection().await?),
    };
    let written = store.record_batch(open, batch, now_ms()).await;
    if written.is_err() {
        *connection = None;
    }
    written
}
