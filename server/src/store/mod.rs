//! All persistence, for SQLite and PostgreSQL alike: sqlx's `Any` driver runs the same
//! portable SQL on both (`$n` parameters, `ON CONFLICT`, `RETURNING`), and each engine has its
//! own migrations in `migrations/`. Every write that must happen together happens in one
//! transaction whose first statement writes, so SQLite takes its write lock up front.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use sqlx::any::{AnyArguments, AnyPoolOptions, install_default_drivers};
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, AnyPool, Connection, Executor};

mod confirmations;
mod exports;
mod figures;
mod manifestations;
mod organizers;
mod outbox;
mod petitions;
mod reminders;
mod secrets;
mod settings;
mod signing;
#[cfg(any(test, feature = "test-support"))]
pub mod test_database;

pub use confirmations::{
    Confirmation, ConfirmationLink, Given, LinkTarget, Resend, UNCONFIRMED_KEPT_FOR, Waiting,
};
pub use exports::{Handover, PublicSigner, StoredSignature};
pub use figures::Activity;
pub use manifestations::EventVersion;
pub use organizers::{AuditLine, ERASED_ON_REQUEST};
pub use outbox::QueuedMail;
pub use petitions::ContentVersion;
pub use reminders::{AskedReminder, NewReminder, ReminderFigures, ReminderLink, StoredReminder};
pub use settings::{RETENTION_NOTICE, Standing, TOKEN_ACTOR, action, gives_notice};
pub use signing::{NewSignature, RESEND_CONFIRMATION_AFTER, Recorded, SigningConnection};

/// A statement with its parameters. Rows are bound as owned values, so that
/// `insert_returning_ids` can bind them into statement text it builds itself.
type Statement<'q> = Query<'q, Any, AnyArguments<'q>>;

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    engine: Engine,
}

/// A message for the outbox: its text, and its HTML with the same content (`None` for mail
/// queued before letters had HTML of their own: the sender makes it from the text).
#[derive(Debug, Clone)]
pub struct Mail {
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub html: Option<String>,
    /// An iCalendar entry sent along as an attachment (a reminder's event).
    pub calendar: Option<String>,
}

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis() as i64)
}

/// Whether `error` says the database cannot answer now but may soon, with nothing written: its
/// disk is full (SQLite's `SQLITE_FULL`, PostgreSQL's class 53), it is shutting down or
/// starting (57P01–57P03), or the connection to it failed or broke (class 08, or no
/// connection at all).
pub fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(database) => database.code().is_some_and(|code| {
            let primary = code.parse::<i64>().ok().map(|extended| extended & 0xff);
            // SQLite: full, the I/O errors a full disk gives (a write, an fsync), and locked
            // for longer than `busy_timeout`.
            matches!(primary, Some(5 | 10 | 13))
                || code.starts_with("08")
                || code.starts_with("53")
                || matches!(&*code, "57P01" | "57P02" | "57P03")
        }),
        _ => false,
    }
}

fn ms(duration: Duration) -> i64 {
    duration.as_millis() as i64
}

/// The database engine, for the little that differs between them beyond the migrations.
#[derive(Debug, Clone, Copy)]
enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The parameters `numbers` (`$a, $a+1, …, $b`), in statement order, for a statement built
    /// for a number of rows. PostgreSQL numbers them. SQLite takes anonymous `?`s in order: it
    /// finds a numbered parameter's name by a linear search, so binding a statement of 64 rows
    /// by number was quadratic (8% of the server's time while signing at 5 000 a second).
    fn parameters(self, numbers: std::ops::RangeInclusive<usize>) -> String {
        numbers
            .map(|n| match self {
                Self::Postgres => format!("${n}"),
                Self::Sqlite => "?".to_owned(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Store {
    /// Connects, tunes SQLite for concurrent use (WAL) and for durability (`synchronous =
    /// FULL`: every commit is fsynced, so an acknowledged signature survives power loss as
    /// well as a crash; group commit pays that once per batch), and brings the schema up to
    /// date.
    ///
    /// Two settings serve the signature writer's speed (with `checkpoint_wal` running beside
    /// it, 5 752–6 592 → 7 582–8 649 signatures a second in three alternating runs):
    /// - `temp_store = MEMORY`: a multi-row insert's statement journal outgrows SQLite's
    ///   in-memory allowance and would otherwise be a temporary file, created and deleted for
    ///   each statement;
    /// - `wal_autocheckpoint = 10000` pages (40 MiB) instead of 1 000: the signatures' random
    ///   index pages are written to the database file once per checkpoint however often they
    ///   changed since the last one, so fewer checkpoints write far fewer pages. The WAL file
    ///   stays at about that size: it starts over after each complete checkpoint.
    ///
    /// `secure_delete = ON` overwrites what is deleted (a withdrawn or erased signature, a sent
    /// mail with its links) with zeros, in its page and on the free list, instead of leaving
    /// it in the file until reused; SECURITY.md has what it cost (`bench/load.sh`).
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        install_default_drivers();
        let pool = AnyPoolOptions::new()
            .max_connections(8)
            // A connection given back inside a transaction is one whose rollback failed: when
            // SQLite's disk is full it may roll a transaction back by itself, the ROLLBACK
            // then fails, and sqlx still counts the transaction open. Reused, its next
            // transaction would be a savepoint whose "commit" commits nothing: closed instead.
            .after_release(|connection, _| {
                Box::pin(async move { Ok(!connection.is_in_transaction()) })
            })
            .after_connect(|connection, _| {
                Box::pin(async move {
                    if connection.backend_name() == "SQLite" {
                        connection
                            .execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                                 PRAGMA busy_timeout = 5000; PRAGMA temp_store = MEMORY; \
                                 PRAGMA wal_autocheckpoint = 10000; PRAGMA secure_delete = ON;",
                            )
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect(url)
            .await
            .context("connecting to the database")?;
        let backend = pool.acquire().await?.backend_name().to_owned();
        let (migrator, engine) = match backend.as_str() {
            "SQLite" => (sqlx::migrate!("migrations/sqlite"), Engine::Sqlite),
            "PostgreSQL" => (sqlx::migrate!("migrations/postgres"), Engine::Postgres),
            other => anyhow::bail!("unsupported database {other}: use SQLite or PostgreSQL"),
        };
        // One connection for both: `sqlite::memory:` is a database per connection.
        let mut connection = pool.acquire().await?;
        migrator
            .run(&mut *connection)
            .await
            .context("migrating the database")?;
        figures::fill_from_signatures(&mut connection)
            .await
            .context("counting the figures of the signatures stored before")?;
        Ok(Self { pool, engine })
    }

    /// Whether the database is SQLite, whose write-ahead log `checkpoint_wal` copies.
    pub fn is_sqlite(&self) -> bool {
        matches!(self.engine, Engine::Sqlite)
    }

    /// Copies the committed pages of SQLite's write-ahead log into the database file, on a
    /// connection of its own and without waiting for any lock (`PASSIVE`). Run often beside
    /// the signature writer, it does the copying the writer's own checkpoint would otherwise
    /// do inside a commit, while the writer's requests wait; the writer's checkpoint is left
    /// with the few pages since, so it completes and the log starts over. Returns the pages in
    /// the log and how many of them are now in the database file.
    pub async fn checkpoint_wal(&self) -> sqlx::Result<(i64, i64)> {
        let (_busy, in_log, copied): (i64, i64, i64) =
            sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
                .fetch_one(&self.pool)
                .await?;
        Ok((in_log, copied))
    }

    /// Connects once, changing nothing, and names the engine: for `--check-config`.
    pub async fn reach(url: &str) -> anyhow::Result<String> {
        install_default_drivers();
        let mut connection = <AnyConnection as sqlx::Connection>::connect(url)
            .await
            .context("connecting to the database")?;
        connection
            .execute("SELECT 1")
            .await
            .context("querying the database")?;
        Ok(connection.backend_name().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use upprop_core::{
        ConsentDefinition, ConsentRecord, Locale, SignatureRequest, SignatureSource,
    };
    use uuid::Uuid;

    use super::signing::ROWS_PER_STATEMENT;
    use super::test_database::{Engine, TestDatabase};
    use super::*;

    async fn confirmed_signatures(store: &Store, petition: &str) -> Vec<StoredSignature> {
        use futures_util::TryStreamExt;
        store
            .confirmed_signatures(petition)
            .try_collect()
            .await
            .unwrap()
    }

    /// A store on a database of its own, dropped with it.
    struct TestStore {
        store: Store,
        _database: TestDatabase,
    }

    impl std::ops::Deref for TestStore {
        type Target = Store;

        fn deref(&self) -> &Store {
            &self.store
        }
    }

    async fn store_on(engine: Engine) -> TestStore {
        let database = TestDatabase::create(engine).await;
        TestStore {
            store: Store::connect(database.url()).await.unwrap(),
            _database: database,
        }
    }

    async fn fresh_store() -> TestStore {
        store_on(Engine::Sqlite).await
    }

    /// Presses the button of the page that the confirmation link `token_hash` shows now.
    async fn confirm_as_shown(store: &Store, token_hash: &str) -> Option<Confirmation> {
        let now = now_ms();
        let shown = match store.confirmation_link(token_hash, now).await.unwrap() {
            Some(ConfirmationLink::Pending { given, .. }) => given.digest(),
            _ => String::new(),
        };
        store.confirm(token_hash, &shown, now).await.unwrap()
    }

    /// The two engines write batches differently (see `record_batch`): tests of batches run
    /// on both.
    async fn stores_of_both_engines() -> [TestStore; 2] {
        [
            store_on(Engine::Sqlite).await,
            store_on(Engine::Postgres).await,
        ]
    }

    async fn signatures_stored(store: &Store) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM signatures")
            .fetch_one(&store.pool)
            .await
            .unwrap()
    }

    fn new_signature(email: &str, confirm_token_hash: &str) -> NewSignature {
        let consent = ConsentDefinition {
            id: "consent".into(),
            required: true,
            text: "Ja.".into(),
        };
        let request = SignatureRequest {
            id: Uuid::new_v4(),
            first_name: "Anna".into(),
            last_name: "Svensson".into(),
            email: email.into(),
            postal_code: String::new(),
            comment: String::new(),
            public: false,
            consents: vec![ConsentRecord {
                id: "consent".into(),
                text: "Ja.".into(),
                given: true,
            }],
            locale: Locale::Sv,
            source: SignatureSource::default(),
            website: String::new(),
            elapsed_ms: None,
            proof: None,
            replaces: None,
        };
        let mail = Mail {
            recipient: email.into(),
            subject: "s".into(),
            body: "b".into(),
            html: None,
            calendar: None,
        };
        NewSignature {
            petition: "p".into(),
            signature: request.validate(&[consent]).unwrap(),
            confirm_token_hash: confirm_token_hash.into(),
            withdraw_token_hash: format!("withdraw-{confirm_token_hash}"),
            confirmation: mail.clone(),
            already_signed: mail,
        }
    }

    async fn record_batch(store: &Store, batch: &[NewSignature]) -> Vec<Recorded> {
        let mut connection = store.signing_connection().await.unwrap();
        store
            .record_batch(&mut connection, batch, now_ms())
            .await
            .unwrap()
    }

    async fn record(store: &Store, email: &str) {
        record_batch(store, &[new_signature(email, email)]).await;
    }

    async fn claim(store: &Store, lease: Duration) -> Vec<QueuedMail> {
        store.claim_mail(10, lease, now_ms()).await.unwrap()
    }

    #[tokio::test]
    async fn on_sqlite_a_withdrawn_signature_leaves_nothing_in_the_file() {
        let store = fresh_store().await;
        let address = "spar.efter.radering@example.se";
        record(&store, address).await;
        assert!(
            store
                .withdraw(&format!("withdraw-{address}"))
                .await
                .unwrap()
                .is_some()
        );
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&store.pool)
            .await
            .unwrap();
        let path = store._database.url()["sqlite://".len()..]
            .split('?')
            .next()
            .unwrap()
            .to_owned();
        for file in [path.clone(), format!("{path}-wal")] {
            let bytes = std::fs::read(&file).unwrap_or_default();
            let found = bytes
                .windows(address.len())
                .any(|window| window == address.as_bytes());
            assert!(!found, "{file} still holds the erased address");
        }
    }

    async fn figures(store: &Store) -> Vec<(i64, String, u64)> {
        let (groups, _) = store.activity("p").await.unwrap();
        let mut figures: Vec<_> = groups
            .into_iter()
            .map(|group| (group.hour, group.source_url, group.signatures))
            .collect();
        figures.sort();
        figures
    }

    #[tokio::test]
    async fn the_figures_follow_confirmations_and_withdrawals_and_are_counted_once_for_older_data()
    {
        for store in stores_of_both_engines().await {
            for email in ["a@example.se", "b@example.se", "c@example.se"] {
                record(&store, email).await;
            }
            confirm_as_shown(&store, "a@example.se").await;
            confirm_as_shown(&store, "b@example.se").await;
            let counted = figures(&store).await;
            assert_eq!(counted.iter().map(|(_, _, n)| n).sum::<u64>(), 2);
            assert_eq!(store.activity("p").await.unwrap().1, 1, "one waiting");
            assert!(
                store
                    .withdraw("withdraw-b@example.se")
                    .await
                    .unwrap()
                    .is_some()
            );
            assert_eq!(
                figures(&store).await.iter().map(|(_, _, n)| n).sum::<u64>(),
                1
            );

            // A database from before the groups: they are counted at the next start, once.
            let after_withdrawal = figures(&store).await;
            sqlx::query("DELETE FROM petition_figures")
                .execute(&store.pool)
                .await
                .unwrap();
            sqlx::query("DELETE FROM server_secrets WHERE name = 'petition_figures_filled'")
                .execute(&store.pool)
                .await
                .unwrap();
            let url = store._database.url().to_owned();
            let started = Store::connect(&url).await.unwrap();
            assert_eq!(figures(&started).await, after_withdrawal);
            let again = Store::connect(&url).await.unwrap();
            assert_eq!(figures(&again).await, after_withdrawal, "not counted twice");
        }
    }

    #[tokio::test]
    async fn a_closed_petition_s_signatures_are_erased_at_its_retention_date_and_its_count_stays() {
        let store = fresh_store().await;
        record(&store, "a@example.se").await;
        record(&store, "b@example.se").await;
        confirm_as_shown(&store, "a@example.se").await;
        let erase_at = now_ms() + 60_000;
        store
            .set_retention("p", Some(erase_at), "o@example.se", now_ms())
            .await
            .unwrap();
        assert_eq!(
            store.erase_past_retention(erase_at + 1).await.unwrap(),
            0,
            "still open"
        );

        store
            .set_closed("p", true, "o@example.se", now_ms())
            .await
            .unwrap();
        assert_eq!(
            store.erase_past_retention(erase_at - 1).await.unwrap(),
            0,
            "not yet"
        );
        assert_eq!(store.erase_past_retention(erase_at).await.unwrap(), 2);
        assert!(confirmed_signatures(&store, "p").await.is_empty());
        assert_eq!(outbox_rows(&store).await, 0);
        let standing = store.standing("p").await.unwrap();
        assert_eq!(standing.confirmed, 1, "the count stays");
        assert_eq!(standing.erase_personal_data_after, Some(erase_at));
    }

    #[tokio::test]
    async fn one_batch_holds_repeats_and_addresses_that_sign_twice() {
        for store in stores_of_both_engines().await {
            let first = new_signature("anna@example.se", "t1");
            // The same request again, with the fresh link tokens every request gets.
            let repeat = NewSignature {
                signature: first.signature.clone(),
                ..new_signature("anna@example.se", "t1-again")
            };
            let same_address = new_signature("anna@example.se", "t2");
            let other = new_signature("bo@example.se", "t3");
            let outcomes = record_batch(&store, &[first, repeat, same_address, other]).await;
            assert_eq!(
                outcomes,
                [
                    Recorded::New,
                    Recorded::Replayed,
                    Recorded::SignedBefore,
                    Recorded::New
                ]
            );
            assert_eq!(signatures_stored(&store).await, 2);
            // Two new signatures, and a fresh confirmation for the address that signed again.
            assert_eq!(outbox_rows(&store).await, 3);
        }
    }

    #[tokio::test]
    async fn a_checkpoint_beside_the_writer_copies_every_committed_page_into_the_database_file() {
        let store = fresh_store().await;
        let mut writer = store.signing_connection().await.unwrap();
        let batch: Vec<_> = (0..100)
            .map(|n| new_signature(&format!("signer{n}@example.se"), &format!("t{n}")))
            .collect();
        store
            .record_batch(&mut writer, &batch, now_ms())
            .await
            .unwrap();

        let (in_log, copied) = store.checkpoint_wal().await.unwrap();
        assert!(in_log > 0, "the batch's pages are in the log");
        assert_eq!(
            copied, in_log,
            "and all of them are copied, the writer's connection open"
        );
        let readable: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM signatures")
            .fetch_one(&store.pool)
            .await
            .unwrap();
        assert_eq!(readable, 100);
    }

    #[tokio::test]
    async fn a_batch_larger_than_one_statement_is_written_whole() {
        for store in stores_of_both_engines().await {
            let batch: Vec<_> = (0..ROWS_PER_STATEMENT + 3)
                .map(|n| new_signature(&format!("signer{n}@example.se"), &format!("t{n}")))
                .collect();
            let outcomes = record_batch(&store, &batch).await;
            assert!(outcomes.iter().all(|outcome| *outcome == Recorded::New));
            assert_eq!(outbox_rows(&store).await, batch.len() as i64);
        }
    }

    #[tokio::test]
    async fn a_request_of_an_earlier_batch_is_a_replay_even_once_its_signature_is_withdrawn() {
        for store in stores_of_both_engines().await {
            let kept = new_signature("kept@example.se", "kept");
            let withdrawn = new_signature("gone@example.se", "gone");
            let again = |new: &NewSignature| NewSignature {
                signature: new.signature.clone(),
                ..new_signature(&new.confirmation.recipient, "again")
            };
            let (kept_again, withdrawn_again) = (again(&kept), again(&withdrawn));
            record_batch(&store, &[kept, withdrawn]).await;
            store.withdraw("withdraw-gone").await.unwrap().unwrap();

            let fresh = new_signature("fresh@example.se", "fresh");
            let outcomes = record_batch(&store, &[kept_again, fresh, withdrawn_again]).await;
            assert_eq!(
                outcomes,
                [Recorded::Replayed, Recorded::New, Recorded::Replayed]
            );
            assert_eq!(signatures_stored(&store).await, 2, "kept and fresh");
            assert_eq!(outbox_rows(&store).await, 2, "no mail for a replay");
        }
    }

    /// PostgreSQL carries a batch as JSON text: what a signer typed must come out as typed.
    #[tokio::test]
    async fn what_a_signer_typed_is_stored_as_typed() {
        let comment = "Rad ett\nRad två: \"citat\", \\ och 😀\tslut";
        for store in stores_of_both_engines().await {
            let mut typed = new_signature("asa@example.se", "asa");
            typed.signature.first_name = upprop_core::PersonName::parse("Åsa-Maria").unwrap();
            typed.signature.comment = upprop_core::Comment::parse_optional(comment).unwrap();
            assert_eq!(record_batch(&store, &[typed]).await, [Recorded::New]);
            let stored: (String, Option<String>) =
                sqlx::query_as("SELECT first_name, comment FROM signatures")
                    .fetch_one(&store.pool)
                    .await
                    .unwrap();
            assert_eq!(stored, ("Åsa-Maria".to_owned(), Some(comment.to_owned())));
        }
    }

    #[tokio::test]
    async fn an_address_that_signed_in_an_earlier_batch_is_told_so_beside_new_signers() {
        for store in stores_of_both_engines().await {
            record(&store, "anna@example.se").await;
            confirm_as_shown(&store, "anna@example.se").await;
            let batch = [
                new_signature("bo@example.se", "bo"),
                new_signature("anna@example.se", "anna-again"),
            ];
            assert_eq!(
                record_batch(&store, &batch).await,
                [Recorded::New, Recorded::SignedBefore]
            );
            assert_eq!(signatures_stored(&store).await, 2);
            // Anna's first confirmation, Bo's, and the note that Anna has already signed.
            assert_eq!(outbox_rows(&store).await, 3);
        }
    }

    #[tokio::test]
    async fn only_unconfirmed_signatures_past_their_time_are_erased() {
        let store = fresh_store().await;
        let batch = [
            new_signature("a@example.se", "a"),
            new_signature("b@example.se", "b"),
        ];
        assert_eq!(
            record_batch(&store, &batch).await,
            [Recorded::New, Recorded::New]
        );
        assert!(matches!(
            confirm_as_shown(&store, "a").await,
            Some(Confirmation::Counted(_))
        ));

        let now = now_ms();
        assert_eq!(
            store
                .purge_unconfirmed(Duration::from_secs(3600), now)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            store.purge_unconfirmed(Duration::ZERO, now).await.unwrap(),
            1
        );
        let (confirmed, waiting) = store.activity("p").await.unwrap();
        assert_eq!(waiting, 0);
        assert_eq!(
            confirmed.iter().map(|group| group.signatures).sum::<u64>(),
            1
        );
        assert_eq!(store.standing("p").await.unwrap().confirmed, 1);
        assert_eq!(
            confirmed_signatures(&store, "p").await[0].email,
            "a@example.se"
        );
    }

    #[tokio::test]
    async fn a_claimed_mail_is_not_claimed_again_until_its_lease_runs_out() {
        let store = fresh_store().await;
        record(&store, "a@example.se").await;
        let claimed = claim(&store, Duration::from_secs(60)).await;
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].attempts, 1);
        assert!(claim(&store, Duration::from_secs(60)).await.is_empty());

        store
            .retry_mail_after(claimed[0].id, Duration::ZERO, now_ms())
            .await
            .unwrap();
        let retried = claim(&store, Duration::ZERO).await;
        assert_eq!(retried[0].attempts, 2);
        store.mails_sent(&[retried[0].id]).await.unwrap();
        assert!(claim(&store, Duration::ZERO).await.is_empty());
    }

    async fn outbox_rows(store: &Store) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
            .fetch_one(&store.pool)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn withdrawing_erases_the_signatures_queued_mail_with_its_links() {
        let store = fresh_store().await;
        record(&store, "a@example.se").await;
        record(&store, "b@example.se").await;
        assert_eq!(outbox_rows(&store).await, 2);
        assert!(
            store
                .withdraw("withdraw-a@example.se")
                .await
                .unwrap()
                .is_some()
        );
        let left = claim(&store, Duration::ZERO).await;
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].mail.recipient, "b@example.se");
    }

    #[tokio::test]
    async fn erasing_unconfirmed_signatures_erases_their_queued_mail() {
        let store = fresh_store().await;
        record(&store, "a@example.se").await;
        assert_eq!(
            store
                .purge_unconfirmed(Duration::ZERO, now_ms())
                .await
                .unwrap(),
            1
        );
        assert_eq!(outbox_rows(&store).await, 0);
    }

    #[tokio::test]
    async fn mail_given_up_on_is_counted_then_deleted_after_its_time() {
        let store = fresh_store().await;
        record(&store, "a@example.se").await;
        let claimed = claim(&store, Duration::ZERO).await;
        store.give_up_mail(claimed[0].id, now_ms()).await.unwrap();
        assert_eq!(store.undeliverable_mail().await.unwrap(), 1);
        let now = now_ms();
        assert_eq!(
            store
                .purge_given_up_mail(Duration::from_secs(3600), now)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            store
                .purge_given_up_mail(Duration::ZERO, now + 1)
                .await
                .unwrap(),
            1
        );
        assert_eq!(store.undeliverable_mail().await.unwrap(), 0);
        assert_eq!(outbox_rows(&store).await, 0);
    }

    #[tokio::test]
    async fn a_mail_given_up_on_is_never_claimed_again() {
        let store = fresh_store().await;
        record(&store, "a@example.se").await;
        let claimed = claim(&store, Duration::ZERO).await;
        store.give_up_mail(claimed[0].id, now_ms()).await.unwrap();
        assert!(claim(&store, Duration::ZERO).await.is_empty());
    }
}
