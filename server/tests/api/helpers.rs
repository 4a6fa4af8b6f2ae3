//! Spawns the real server on a random port with a fresh database of either engine, a real
//! SMTP listener catching its mail, and a client to talk to it.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Once};
use std::time::Duration;

use clap::Parser;
use serde_json::{Value, json};
use sqlx::{Connection, Executor};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use upprop_server::{Application, Config};
use uuid::Uuid;

pub const ADMIN_TOKEN: &str = "test-admin-token-0123456789";
pub const PETITION: &str = "upprop-socialtjansten";

pub use upprop_server::test_database::{Engine, TestDatabase};

/// Runs each test once on SQLite and once on PostgreSQL.
macro_rules! on_both_engines {
    ($(async fn $name:ident($engine:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($engine: $crate::helpers::Engine) $body
            #[tokio::test]
            async fn sqlite() { run($crate::helpers::Engine::Sqlite).await }
            #[tokio::test]
            async fn postgres() { run($crate::helpers::Engine::Postgres).await }
        }
    )*};
}
pub(crate) use on_both_engines;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub mail: MailCatcher,
    database: TestDatabase,
}

/// A mail as the SMTP listener received it, decoded.
#[derive(Debug)]
pub struct CapturedMail {
    pub to: String,
    /// The text part.
    pub body: String,
    pub html: String,
    pub subject: String,
    /// The calendar entry attached (a reminder's), if any.
    pub calendar: Option<String>,
    pub message_id: String,
    pub date: String,
}

pub struct ConfirmationLinks {
    pub confirm: String,
    pub withdraw: String,
}

/// `TEST_LOG=1 cargo test …` shows what the servers under test log, as the binary would;
/// without it the tests stay quiet.
fn show_logs_if_asked() {
    static LOGGING: Once = Once::new();
    LOGGING.call_once(|| {
        if std::env::var_os("TEST_LOG").is_some() {
            upprop_server::telemetry::init();
        }
    });
}

pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}

impl TestApp {
    pub async fn spawn(engine: Engine) -> Self {
        Self::spawn_with(engine, &[]).await
    }

    /// `overrides` replace the test defaults' flags, or add flags, as (flag, value) pairs.
    pub async fn spawn_with(engine: Engine, overrides: &[(&str, &str)]) -> Self {
        show_logs_if_asked();
        let mail = MailCatcher::start().await;
        let smtp_url = format!("smtp://{}", mail.address);
        let database = TestDatabase::create(engine).await;
        let content = repo_path("content");
        let dist = repo_path("server/tests/fixtures/dist");
        let mut flags = vec![
            ("--listen", "127.0.0.1:0"),
            ("--database-url", database.url()),
            ("--smtp-url", &smtp_url),
            ("--admin-token", ADMIN_TOKEN),
            ("--content-dir", content.to_str().unwrap()),
            ("--dist-dir", dist.to_str().unwrap()),
            ("--mail-from", "Brinn för barnen <upprop@example.org>"),
        ];
        for (flag, value) in overrides {
            flags.retain(|(default, _)| default != flag);
            flags.push((flag, value));
        }
        let args = std::iter::once("upprop-server").chain(flags.iter().flat_map(|(f, v)| [*f, *v]));
        let config = Config::try_parse_from(args).expect("valid test flags");
        let application = Application::build(config).await.expect("the server starts");
        let address = format!("http://{}", application.address());
        tokio::spawn(application.run_until_stopped());
        Self {
            address,
            client: reqwest::Client::new(),
            mail,
            database,
        }
    }

    pub fn database_url(&self) -> &str {
        self.database.url()
    }

    /// Runs SQL on the app's database behind its back, to break or mend it.
    pub async fn execute_sql(&self, sql: &str) {
        sqlx::any::install_default_drivers();
        let mut connection = sqlx::AnyConnection::connect(self.database_url())
            .await
            .unwrap();
        connection.execute(sql).await.unwrap();
    }

    /// A count read behind the app's back (`SELECT COUNT(*) …`).
    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::any::install_default_drivers();
        let mut connection = sqlx::AnyConnection::connect(self.database_url())
            .await
            .unwrap();
        sqlx::query_scalar(sql)
            .fetch_one(&mut connection)
            .await
            .unwrap()
    }

    /// The audit log, oldest first: who, and what.
    pub async fn audit_log(&self) -> Vec<(String, String)> {
        sqlx::any::install_default_drivers();
        let mut connection = sqlx::AnyConnection::connect(self.database_url())
            .await
            .unwrap();
        sqlx::query_as("SELECT actor, action FROM audit_log ORDER BY at, id")
            .fetch_all(&mut connection)
            .await
            .unwrap()
    }

    /// Holds the database's write lock from another connection for `duration`, as a long
    /// transaction would: the server's writer waits, and what arrives meanwhile queues up
    /// into one batch. Returns once the lock is held.
    pub async fn hold_write_lock(&self, engine: Engine, duration: Duration) {
        sqlx::any::install_default_drivers();
        let mut connection = sqlx::AnyConnection::connect(self.database_url())
            .await
            .unwrap();
        match engine {
            Engine::Sqlite => connection.execute("BEGIN IMMEDIATE").await.unwrap(),
            Engine::Postgres => connection
                .execute("BEGIN; LOCK TABLE signature_requests IN EXCLUSIVE MODE")
                .await
                .unwrap(),
        };
        tokio::spawn(async move {
            tokio::time::sleep(duration).await;
            connection.execute("COMMIT").await.unwrap();
        });
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn post_signature(&self, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/v1/petitions/{PETITION}/signatures")))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let response = self.client.get(self.url(path)).send().await.unwrap();
        response.json().await.unwrap()
    }

    pub async fn confirmed_count(&self) -> u64 {
        let body = self
            .get_json(&format!("/api/v1/petitions/{PETITION}"))
            .await;
        body["signatures"]["confirmed"].as_u64().unwrap()
    }

    pub async fn admin_get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(&format!("/api/v1/admin/petitions/{PETITION}/{path}")))
            .bearer_auth(ADMIN_TOKEN)
            .send()
            .await
            .unwrap()
    }

    pub async fn stats(&self) -> Value {
        self.admin_get("stats").await.json().await.unwrap()
    }

    /// Signs, then follows the link in the confirmation mail and presses its button.
    pub async fn sign_and_confirm(&self, body: &Value) -> ConfirmationLinks {
        assert_eq!(self.post_signature(body).await.status(), 202);
        let links = self.mail.next().await.links();
        assert_eq!(
            self.client
                .get(&links.confirm)
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
        assert_eq!(self.confirm(&links.confirm).await.status(), 200);
        links
    }

    /// Presses the button on the page behind a confirmation link, as the signer does.
    pub async fn confirm(&self, link: &str) -> reqwest::Response {
        press_confirm(&self.client, link).await
    }
}

/// Opens the page behind the confirmation link `link` and presses its button, which sends
/// the digest of what the page showed.
pub async fn press_confirm(client: &reqwest::Client, link: &str) -> reqwest::Response {
    let page = client.get(link).send().await.unwrap().text().await.unwrap();
    let shown = page
        .split(r#"name="shown" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_owned();
    client
        .post(link)
        .form(&[("shown", shown)])
        .send()
        .await
        .unwrap()
}

/// A client that shows a redirect instead of following it.
pub fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// What follows the first `marker` in `page`, up to `end`: a token, an id or a value read
/// out of a page the way a browser would find it.
pub fn after(page: &str, marker: &str, end: char) -> String {
    let rest = page
        .split(marker)
        .nth(1)
        .unwrap_or_else(|| panic!("no {marker:?} in {page}"));
    rest.split(end).next().unwrap_or_default().to_owned()
}

/// The petition's own words for consent `id`, in `locale`: what the widget shows and sends.
pub fn consent_text(id: &str, locale: upprop_core::Locale) -> String {
    let petition = upprop_core::Petition::from_json(include_str!(
        "../../../content/upprop-socialtjansten.json"
    ))
    .expect("the content parses");
    petition
        .text(locale)
        .consents
        .iter()
        .find(|consent| consent.id == id)
        .expect("a consent of the petition")
        .text
        .clone()
}

/// The consents as the widget records them, with the answers given.
pub fn consents(organizer: bool, updates: bool, locale: upprop_core::Locale) -> Value {
    json!([
        { "id": "consent_organizer", "text": consent_text("consent_organizer", locale), "given": organizer },
        { "id": "consent_updates", "text": consent_text("consent_updates", locale), "given": updates }
    ])
}

/// A signature as the widget sends it; `overrides` replace top-level fields. An English
/// signature (`"locale": "en"`) gets the English consent texts.
pub fn signature(overrides: Value) -> Value {
    let mut body = json!({
        "id": Uuid::new_v4(),
        "first_name": "Anna",
        "last_name": "Svensson",
        "email": "anna.svensson@example.se",
        "postal_code": "12345",
        "comment": "För barnen.",
        "public": false,
        "consents": consents(true, false, upprop_core::Locale::Sv),
        "locale": "sv",
        "source": { "url": "https://partner.example/upprop", "referrer": "https://www.facebook.com/" }
    });
    if overrides["locale"] == "en" {
        body["consents"] = consents(true, false, upprop_core::Locale::En);
    }
    for (key, value) in overrides.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

impl CapturedMail {
    pub fn links(&self) -> ConfirmationLinks {
        let link = |marker: &str| {
            self.body
                .split_whitespace()
                .find(|word| word.contains(marker))
                .unwrap_or_else(|| panic!("no {marker} link in {}", self.body))
                .to_owned()
        };
        ConfirmationLinks {
            confirm: link("/confirm/"),
            withdraw: link("/withdraw/"),
        }
    }
}

/// A minimal SMTP server: hands every message it accepts to the test. It can be told to
/// answer `451` to every recipient for a while, or `550` to some for ever.
pub struct MailCatcher {
    pub address: SocketAddr,
    received: tokio::sync::Mutex<mpsc::UnboundedReceiver<CapturedMail>>,
    behaviour: Arc<std::sync::Mutex<Behaviour>>,
}

#[derive(Default)]
struct Behaviour {
    failing_temporarily: bool,
    temporary_failures: usize,
    refused: Vec<String>,
}

impl MailCatcher {
    pub async fn start() -> Self {
        Self::start_on("127.0.0.1:0".parse().unwrap()).await
    }

    /// Listens on `address`: one chosen before, for a mail server that comes up late.
    pub async fn start_on(address: SocketAddr) -> Self {
        let listener = TcpListener::bind(address).await.unwrap();
        let address = listener.local_addr().unwrap();
        let (sender, received) = mpsc::unbounded_channel();
        let behaviour = Arc::new(std::sync::Mutex::new(Behaviour::default()));
        let shared = behaviour.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(converse(stream, sender.clone(), shared.clone()));
            }
        });
        Self {
            address,
            received: tokio::sync::Mutex::new(received),
            behaviour,
        }
    }

    /// Answers `451` (try again later) to every recipient while `failing`.
    pub fn fail_temporarily(&self, failing: bool) {
        self.behaviour.lock().unwrap().failing_temporarily = failing;
    }

    /// How many times it has answered `451`.
    pub fn temporary_failures(&self) -> usize {
        self.behaviour.lock().unwrap().temporary_failures
    }

    /// Answers `550` (no such mailbox) to `recipient` for ever.
    pub fn refuse(&self, recipient: &str) {
        self.behaviour
            .lock()
            .unwrap()
            .refused
            .push(recipient.to_owned());
    }

    pub async fn next(&self) -> CapturedMail {
        tokio::time::timeout(Duration::from_secs(10), self.received.lock().await.recv())
            .await
            .expect("a mail within 10 s")
            .expect("the listener runs")
    }

    /// The next mail, if one comes within `wait`.
    pub async fn next_within(&self, wait: Duration) -> Option<CapturedMail> {
        tokio::time::timeout(wait, self.received.lock().await.recv())
            .await
            .ok()
            .flatten()
    }

    /// Asserts that no further mail arrives within a short wait.
    pub async fn assert_quiet(&self) {
        let next = tokio::time::timeout(
            Duration::from_millis(700),
            self.received.lock().await.recv(),
        )
        .await;
        assert!(next.is_err(), "unexpected mail: {next:?}");
    }
}

async fn converse(
    stream: tokio::net::TcpStream,
    sender: mpsc::UnboundedSender<CapturedMail>,
    behaviour: Arc<std::sync::Mutex<Behaviour>>,
) {
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader).lines();
    writer.write_all(b"220 catcher ESMTP\r\n").await.unwrap();
    let mut to = String::new();
    while let Ok(Some(line)) = lines.next_line().await {
        let command = line.to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") || command.starts_with("HELO") {
            b"250 catcher\r\n"
        } else if command.starts_with("RCPT TO:") {
            to = line[8..].trim().trim_matches(['<', '>']).to_owned();
            let mut behaviour = behaviour.lock().unwrap();
            if behaviour.failing_temporarily {
                behaviour.temporary_failures += 1;
                b"451 4.3.0 try again later\r\n"
            } else if behaviour.refused.contains(&to) {
                b"550 5.1.1 no such mailbox\r\n"
            } else {
                b"250 OK\r\n"
            }
        } else if command == "DATA" {
            writer.write_all(b"354 go on\r\n").await.unwrap();
            let mut data = String::new();
            while let Ok(Some(line)) = lines.next_line().await {
                if line == "." {
                    break;
                }
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
                data.push_str("\r\n");
            }
            let _ = sender.send(parse(&to, &data));
            b"250 queued\r\n"
        } else if command == "QUIT" {
            let _ = writer.write_all(b"221 bye\r\n").await;
            return;
        } else {
            b"250 OK\r\n"
        };
        if writer.write_all(reply).await.is_err() {
            return;
        }
    }
}

fn parse(to: &str, data: &str) -> CapturedMail {
    let mail = mailparse::parse_mail(data.as_bytes()).expect("a MIME message");
    fn every_part<'a>(part: &'a mailparse::ParsedMail<'a>) -> Vec<&'a mailparse::ParsedMail<'a>> {
        std::iter::once(part)
            .chain(part.subparts.iter().flat_map(every_part))
            .collect()
    }
    let found = |mime: &str| {
        every_part(&mail)
            .into_iter()
            .find(|part| part.ctype.mimetype == mime)
            .map(|part| part.get_body().unwrap())
    };
    let part = |mime: &str| found(mime).unwrap_or_default();
    let header = |name: &str| {
        mailparse::MailHeaderMap::get_first_value(mail.headers.as_slice(), name).unwrap_or_default()
    };
    CapturedMail {
        to: to.to_owned(),
        body: part("text/plain"),
        html: part("text/html"),
        subject: header("Subject"),
        calendar: found("text/calendar"),
        message_id: header("Message-ID"),
        date: header("Date"),
    }
}
