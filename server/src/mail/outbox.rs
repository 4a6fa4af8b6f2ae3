//! Works the outbox: sends queued mail, retries with growing pauses, and never holds up a
//! signature (signing only adds a row; this runs on its own).

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::Notify;

use crate::mail::Mailer;
use crate::store::{QueuedMail, Store, now_ms};

const BATCH: i64 = 64;
const CONCURRENT_SENDS: usize = 8;
const LEASE: Duration = Duration::from_secs(120);
/// Another server may have queued mail: look again this often even when not woken.
const POLL: Duration = Duration::from_secs(2);
const MAX_ATTEMPTS: i64 = 12;
/// While signatures pour in, the sender waits this long between rounds...
const GIVE_WAY: Duration = Duration::from_millis(100);
/// ...but sends a round at least after this many waits: mail keeps flowing (a round of
/// `BATCH` a second at the least) during a spike, and at full speed after it.
const MAX_WAITS: u32 = 9;

/// Wakes the sender when this process queues mail.
#[derive(Clone, Default)]
pub struct Doorbell(Arc<Notify>);

impl Doorbell {
    pub fn ring(&self) {
        self.0.notify_one();
    }
}

/// A batch this large means many signers at once.
const BUSY_BATCH: usize = 8;
/// How long after such a batch the writer still counts as busy.
const BUSY_FOR_MS: i64 = 250;

/// Whether signatures are pouring in: the outbox gives way to the writer then (mail can wait
/// a few seconds; a signer waiting for the answer cannot).
#[derive(Clone, Default)]
pub struct Pressure(Arc<AtomicI64>);

impl Pressure {
    pub fn batch_written(&self, size: usize, now: i64) {
        if size >= BUSY_BATCH {
            self.0.store(now, Ordering::Relaxed);
        }
    }

    pub fn is_high(&self, now: i64) -> bool {
        now - self.0.load(Ordering::Relaxed) < BUSY_FOR_MS
    }
}

/// `first` (30 s by default) after the first failure, doubling up to 6 hours: with
/// MAX_ATTEMPTS and the default, about 15 hours in all.
fn backoff(first: Duration, attempts: i64) -> Duration {
    let exponent = attempts.clamp(1, 11) as u32 - 1;
    (first * 2u32.pow(exponent)).min(Duration::from_secs(6 * 3600))
}

/// Sends queued mail for as long as the server runs; a failed mail is tried again `first_retry`
/// later, then at doubling pauses. Gives way to the signature writer while it is busy:
/// rendering and sending mail takes the CPU that answering signers needs.
pub async fn run(
    store: Store,
    mailer: Mailer,
    doorbell: Doorbell,
    pressure: Pressure,
    first_retry: Duration,
) {
    let mut waits = 0;
    loop {
        if pressure.is_high(now_ms()) && waits < MAX_WAITS {
            waits += 1;
            tokio::time::sleep(GIVE_WAY).await;
            continue;
        }
        waits = 0;
        let claimed = match store.claim_mail(BATCH, LEASE, now_ms()).await {
            Ok(claimed) => claimed,
            Err(error) => {
                tracing::error!(%error, "could not read the outbox");
                Vec::new()
            }
        };
        if claimed.is_empty() {
            tokio::select! {
                () = doorbell.0.notified() => {}
                () = tokio::time::sleep(POLL) => {}
            }
            continue;
        }
        let sent: Vec<i64> = futures_util::stream::iter(claimed)
            .map(|queued| deliver(&store, &mailer, queued, first_retry))
            .buffer_unordered(CONCURRENT_SENDS)
            .filter_map(|sent| async move { sent })
            .collect()
            .await;
        // One commit for the round, not one per mail: with synchronous=FULL each commit is
        // an fsync. A crash before it sends this round's mails again, never loses one.
        if let Err(error) = store.mails_sent(&sent).await {
            tracing::error!(mails = sent.len(), %error, "could not record delivered mail");
        }
    }
}

/// Sends one mail; its id when it was delivered, for the round's one commit.
async fn deliver(
    store: &Store,
    mailer: &Mailer,
    queued: QueuedMail,
    first_retry: Duration,
) -> Option<i64> {
    let outcome = match mailer.send(&queued.mail).await {
        Ok(()) => return Some(queued.id),
        Err(error) if error.permanent || queued.attempts >= MAX_ATTEMPTS => {
            tracing::error!(mail = queued.id, attempts = queued.attempts, %error, "giving up on a mail");
            store.give_up_mail(queued.id, now_ms()).await
        }
        Err(error) => {
            let delay = backoff(first_retry, queued.attempts);
            tracing::warn!(mail = queued.id, attempts = queued.attempts, retry_in = ?delay, %error, "mail not sent");
            store.retry_mail_after(queued.id, delay, now_ms()).await
        }
    };
    if let Err(error) = outcome {
        // The lease runs out and the mail is tried again.
        tracing::error!(mail = queued.id, %error, "could not record a mail's failure");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_batches_make_the_pressure_high_for_a_moment_and_single_ones_never() {
        let pressure = Pressure::default();
        let now = 1_795_696_200_000;
        pressure.batch_written(1, now);
        assert!(!pressure.is_high(now));
        pressure.batch_written(BUSY_BATCH, now);
        assert!(pressure.is_high(now + BUSY_FOR_MS - 1));
        assert!(!pressure.is_high(now + BUSY_FOR_MS));
    }

    #[test]
    fn backoff_doubles_from_thirty_seconds_up_to_six_hours() {
        let first = Duration::from_secs(30);
        assert_eq!(backoff(first, 1), Duration::from_secs(30));
        assert_eq!(backoff(first, 2), Duration::from_secs(60));
        assert_eq!(backoff(first, 5), Duration::from_secs(480));
        assert_eq!(backoff(first, 12), Duration::from_secs(6 * 3600));
    }
}
