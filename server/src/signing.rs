//! Group commit. Handlers hand their signature to one writer task and wait for its verdict;
//! the writer takes everything queued meanwhile and writes it in one transaction. Under load
//! a commit carries hundreds of signatures; when idle, one.

use tokio::sync::{mpsc, oneshot};

use crate::outbox::Doorbell;
use crate::store::{NewSignature, Recorded, Store, now_ms};

/// The most signatures one transaction takes, so a burst cannot make one commit slow.
const MAX_BATCH: usize = 512;
const QUEUE: usize = 4096;

type Job = (NewSignature, oneshot::Sender<Result<Recorded, WriteFailed>>);

#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("the signature could not be stored")]
pub struct WriteFailed;

#[derive(Clone)]
pub struct SignatureWriter {
    jobs: mpsc::Sender<Job>,
}

impl SignatureWriter {
    pub fn start(store: Store, doorbell: Doorbell) -> Self {
        let (jobs, queue) = mpsc::channel(QUEUE);
        tokio::spawn(write_batches(store, doorbell, queue));
        Self { jobs }
    }

    /// Resolves once the signature is durably stored (or known to be a repeat).
    pub async fn write(&self, signature: NewSignature) -> Result<Recorded, WriteFailed> {
        let (reply, verdict) = oneshot::channel();
        self.jobs
            .send((signature, reply))
            .await
            .map_err(|_| WriteFailed)?;
        verdict.await.map_err(|_| WriteFailed)?
    }
}

async fn write_batches(store: Store, doorbell: Doorbell, mut queue: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let (signatures, replies): (Vec<_>, Vec<_>) = jobs.drain(..).unzip();
        let outcomes = match store.record_batch(&signatures, now_ms()).await {
            Ok(outcomes) => outcomes.into_iter().map(Ok).collect(),
            // One signature the database refuses must not fail the others: write each alone
            // to find it. (The whole batch was rolled back, so nothing is written twice.)
            Err(error) if signatures.len() > 1 => {
                tracing::warn!(%error, batch = signatures.len(), "a batch failed; writing its signatures one by one");
                let mut outcomes = Vec::with_capacity(signatures.len());
                for signature in &signatures {
                    outcomes.push(write_alone(&store, signature).await);
                }
                outcomes
            }
            Err(error) => {
                tracing::error!(%error, "a signature was not stored");
                vec![Err(WriteFailed)]
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

async fn write_alone(store: &Store, signature: &NewSignature) -> Result<Recorded, WriteFailed> {
    store
        .record_batch(std::slice::from_ref(signature), now_ms())
        .await
        .map(|mut outcomes| outcomes.remove(0))
        .map_err(|error| {
            tracing::error!(%error, "a signature was not stored");
            WriteFailed
        })
}
