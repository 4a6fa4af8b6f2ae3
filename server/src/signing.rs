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
        match store.record_batch(&signatures, now_ms()).await {
            Ok(outcomes) => {
                if outcomes
                    .iter()
                    .any(|outcome| *outcome != Recorded::Replayed)
                {
                    doorbell.ring();
                }
                for (reply, outcome) in replies.into_iter().zip(outcomes) {
                    let _ = reply.send(Ok(outcome));
                }
            }
            Err(error) => {
                tracing::error!(%error, batch = signatures.len(), "a batch of signatures was not stored");
                for reply in replies {
                    let _ = reply.send(Err(WriteFailed));
                }
            }
        }
    }
}
