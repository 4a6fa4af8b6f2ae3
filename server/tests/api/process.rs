//! The real `upprop-server` binary as a process: killed with SIGKILL at random moments under
//! concurrent signing, and stopped with SIGTERM while requests are in flight. A 2xx must mean
//! the signature is stored, once, whatever happens to the process afterwards.

use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::Rng;
use serde_json::json;
use sqlx::{Connection, Executor};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use uuid::Uuid;

use crate::helpers::{
    Engine, PETITION, TestDatabase, after, on_both_engines, press_confirm, repo_path, signature,
};

pub struct ServerProcess {
    pub child: Child,
    pub address: String,
    /// Everything the server has logged so far.
    log: Arc<Mutex<String>>,
}

const ADMIN_TOKEN: &str = "process-admin-token-0123456789";

impl ServerProcess {
    pub async fn start(database_url: &str, mail_dir: &std::path::Path) -> Self {
        Self::start_with(database_url, mail_dir, &repo_path("content"), &[]).await
    }

    async fn start_with_content(
        database_url: &str,
        mail_dir: &std::path::Path,
        content_dir: &std::path::Path,
    ) -> Self {
        Self::start_with(database_url, mail_dir, content_dir, &[]).await
    }

    /// With `extra` flags besides the usual ones.
    pub async fn start_with(
        database_url: &str,
        mail_dir: &std::path::Path,
        content_dir: &std::path::Path,
        extra: &[&str],
    ) -> Self {
        Self::start_through(&[], database_url, mail_dir, content_dir, extra).await
    }

    /// Run by the command `through` (`nsenter …`), if it is not empty.
    pub async fn start_through(
        through: &[&str],
        database_url: &str,
        mail_dir: &std::path::Path,
        content_dir: &std::path::Path,
        extra: &[&str],
    ) -> Self {
        let binary = env!("CARGO_BIN_EXE_upprop-server");
        let mut command = match through {
            [] => Command::new(binary),
            [program, arguments @ ..] => {
                let mut command = Command::new(program);
                command.args(arguments).arg(binary);
                command
            }
        };
        let mut child = command
            .args(["--listen", "127.0.0.1:0", "--database-url", database_url])
            .arg("--mail-dir")
            .arg(mail_dir)
            .arg("--content-dir")
            .arg(content_dir)
            .arg("--dist-dir")
            .arg(repo_path("server/tests/fixtures/dist"))
            .args(["--signatures-per-minute", "0", "--admin-token", ADMIN_TOKEN])
            .args(extra)
            .env("RUST_LOG", "debug")
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("the server binary starts");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let log = Arc::new(Mutex::new(String::new()));
        let address = tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(line) = lines.next_line().await.unwrap() {
                log.lock().unwrap().push_str(&line);
                log.lock().unwrap().push('\n');
                if let Some(at) = line.find("serving the API and the demo page on ") {
                    let rest = &line[at + "serving the API and the demo page on ".len()..];
                    return rest.trim().trim_end_matches('/').to_owned();
                }
            }
            panic!("the server exited before it listened");
        })
        .await
        .expect("the server listens within 60 s");
        // Keep reading, so the server never blocks on a full pipe.
        let kept = log.clone();
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                let mut log = kept.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        Self {
            child,
            address,
            log,
        }
    }
}

/// Posts a signature to the server at `address`; its status, or the error of a server gone.
pub async fn sign(
    client: &reqwest::Client,
    address: &str,
    body: &serde_json::Value,
) -> reqwest::Result<u16> {
    let response = client
        .post(format!("{address}/api/v1/petitions/{PETITION}/signatures"))
        .json(body)
        .send()
        .await?;
    Ok(response.status().as_u16())
}

/// How many signatures with this id are stored.
pub async fn stored(database_url: &str, id: &str) -> i64 {
    sqlx::any::install_default_drivers();
    let mut connection = sqlx::AnyConnection::connect(database_url).await.unwrap();
    sqlx::query_scalar("SELECT COUNT(*) FROM signatures WHERE id = $1")
        .bind(id)
        .fetch_one(&mut connection)
        .await
        .unwrap()
}

async fn assert_intact(engine: Engine, database_url: &str) {
    sqlx::any::install_default_drivers();
    if let Engine::Sqlite = engine {
        let mut connection = sqlx::AnyConnection::connect(database_url).await.unwrap();
        let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&mut connection)
            .await
            .unwrap();
        assert_eq!(verdict, "ok");
    }
}

const KILLS: usize = 20;

on_both_engines! {
    async fn every_acknowledged_signature_survives_a_kill_9_at_any_moment(engine) {
        let test_database = TestDatabase::create(engine).await;
        let database = test_database.url();
        let mail = tempdir();
        let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
        let mut acknowledged = Vec::new();
        for round in 0..KILLS {
            let mut server = ServerProcess::start(database, mail.path()).await;
            let server_address = server.address.clone();
            let accepted = Arc::new(Mutex::new(Vec::new()));
            let signers: Vec<_> = (0..8)
                .map(|signer| {
                    let (client, accepted, address) = (client.clone(), accepted.clone(), server_address.clone());
                    tokio::spawn(async move {
                        for n in 0.. {
                            let id = Uuid::new_v4();
                            let body = signature(json!({ "id": id, "email": format!("k{round}-{signer}-{n}@example.se") }));
                            match sign(&client, &address, &body).await {
                                Ok(202) => accepted.lock().unwrap().push(id.to_string()),
                                // Eight signers from one address may be more than the server
                                // lets one client have in flight on a busy machine: refused, not
                                // acknowledged, so nothing it must keep.
                                Ok(429) => tokio::time::sleep(Duration::from_millis(20)).await,
                                Ok(status) => panic!("unexpected {status}"),
                                Err(_) => return,
                            }
                        }
                    })
                })
                .collect();
            let moment = rand::rng().random_range(20..400);
            tokio::time::sleep(Duration::from_millis(moment)).await;
            server.child.start_kill().unwrap();
            server.child.wait().await.unwrap();
            for signer in signers {
                signer.await.unwrap();
            }
            acknowledged.extend(accepted.lock().unwrap().drain(..));
            assert_intact(engine, database).await;
        }
        // Restarted once more on what the kills left: it starts, and every acknowledged
        // signature is there exactly once.
        let mut server = ServerProcess::start(database, mail.path()).await;
        assert!(acknowledged.len() > KILLS, "the kills hit a server under load ({} signatures)", acknowledged.len());
        eprintln!("{engine:?}: {} acknowledged signatures over {KILLS} kills", acknowledged.len());
        for id in &acknowledged {
            assert_eq!(stored(database, id).await, 1, "acknowledged signature {id}");
        }
        server.child.start_kill().unwrap();
    }
}

/// The links in the one mail in `mail_dir`, decoded.
fn mailed_links(mail_dir: &std::path::Path) -> (String, String) {
    let file = std::fs::read_dir(mail_dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.extension().is_some_and(|ext| ext == "eml"))
        .expect("a mail");
    let raw = std::fs::read(file).unwrap();
    let text = quoted_printable::decode(&raw, quoted_printable::ParseMode::Robust).unwrap();
    let text = String::from_utf8_lossy(&text).into_owned();
    let link = |marker: &str| {
        text.split_whitespace()
            .find(|word| word.contains(marker))
            .unwrap_or_else(|| panic!("no {marker} link in {text}"))
            .to_owned()
    };
    (link("/confirm/"), link("/withdraw/"))
}

/// Waits (up to 10 s) until `mail_dir` holds more than `count` mails.
async fn mails_beyond(mail_dir: &std::path::Path, count: usize) {
    for _ in 0..100 {
        if std::fs::read_dir(mail_dir).unwrap().count() > count {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn tempdir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("upprop-process-")
        .tempdir()
        .unwrap()
}

#[tokio::test]
async fn on_sigterm_every_request_in_flight_is_answered_and_stored() {
    let test_database = TestDatabase::create(Engine::Sqlite).await;
    let database = test_database.url();
    let mail = tempdir();
    let server = ServerProcess::start(database, mail.path()).await;
    sqlx::any::install_default_drivers();
    // Hold the write lock so that the signatures below are in flight when SIGTERM arrives.
    let mut blocker = sqlx::AnyConnection::connect(database).await.unwrap();
    blocker.execute("BEGIN IMMEDIATE").await.unwrap();
    let client = reqwest::Client::new();
    let ids: Vec<String> = (0..20).map(|_| Uuid::new_v4().to_string()).collect();
    let in_flight: Vec<_> = ids
        .iter()
        .enumerate()
        .map(|(n, id)| {
            let (client, address) = (client.clone(), server.address.clone());
            let body = signature(json!({ "id": id, "email": format!("term{n}@example.se") }));
            tokio::spawn(async move { sign(&client, &address, &body).await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pid = server.child.id().unwrap().to_string();
    let status = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .await
        .unwrap();
    assert!(status.success());
    tokio::time::sleep(Duration::from_millis(300)).await;
    blocker.execute("COMMIT").await.unwrap();
    for request in in_flight {
        assert_eq!(request.await.unwrap().expect("answered, not cut off"), 202);
    }
    let mut child = server.child;
    let exit = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .expect("the server exits within 10 s of SIGTERM")
        .unwrap();
    assert!(exit.success(), "{exit:?}");
    for id in &ids {
        assert_eq!(stored(database, id).await, 1, "signature {id}");
    }
}

#[tokio::test]
async fn no_personal_data_or_secret_reaches_the_log_even_at_debug_level() {
    let test_database = TestDatabase::create(Engine::Sqlite).await;
    let database = test_database.url();
    let mail = tempdir();
    let organizer = "lisa.loggfri@brinnforbarnen.se";
    let mut server = ServerProcess::start_with(
        database,
        mail.path(),
        &repo_path("content"),
        &["--organizers", organizer],
    )
    .await;
    let client = reqwest::Client::new();
    let body = signature(
        json!({ "first_name": "Loggelina", "last_name": "Spårsson", "email": "loggelina.sparsson@example.se", "comment": "Hemlig kommentar" }),
    );
    assert_eq!(sign(&client, &server.address, &body).await.unwrap(), 202);
    mails_beyond(mail.path(), 0).await;
    let (confirm, withdraw) = mailed_links(mail.path());
    assert_eq!(client.get(&confirm).send().await.unwrap().status(), 200);
    assert_eq!(press_confirm(&client, &confirm).await.status(), 200);
    let export = client
        .get(format!(
            "{}/api/v1/admin/petitions/{PETITION}/signatures.csv",
            server.address
        ))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(export.contains("loggelina.sparsson@example.se"));

    // The organiser signs in, looks the signer up and erases the signature on request.
    let form = |path: &str, fields: Vec<(&str, String)>, cookie: Option<&str>| {
        let mut request = client
            .post(format!("{}{path}", server.address))
            .form(&fields);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send()
    };
    let mails_before = std::fs::read_dir(mail.path()).unwrap().count();
    form("/admin/sign-in", vec![("email", organizer.into())], None)
        .await
        .unwrap();
    mails_beyond(mail.path(), mails_before).await;
    let sign_in_link = mails_in(mail.path())
        .into_iter()
        .flat_map(|(_, text)| {
            text.split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .find(|word| word.contains("/admin/sign-in/"))
        .expect("a sign-in link");
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let opened = no_redirects.post(&sign_in_link).send().await.unwrap();
    let cookie = opened.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let home = client
        .get(format!("{}/admin", server.address))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = after(&home, "name=\"csrf\" value=\"", '"');
    let found = form(
        "/admin/lookup",
        vec![
            ("csrf", csrf.clone()),
            ("email", "loggelina.sparsson@example.se".into()),
        ],
        Some(&cookie),
    )
    .await
    .unwrap()
    .text()
    .await
    .unwrap();
    let id = after(&found, "/admin/signatures/", '/');
    let erased = no_redirects
        .post(format!("{}/admin/signatures/{id}/erase", server.address))
        .header("cookie", &cookie)
        .form(&[("csrf", csrf.as_str()), ("sure", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(erased.headers()["location"], "/admin?done=erased");
    assert_eq!(
        client.post(&withdraw).send().await.unwrap().status(),
        404,
        "already erased"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.child.start_kill().unwrap();
    server.child.wait().await.unwrap();

    let log = server.log.lock().unwrap().clone();
    assert!(log.lines().count() > 10, "the server did log: {log}");
    let token = |link: &str| link.rsplit('/').next().unwrap().to_owned();
    for secret in [
        "loggelina",
        "Loggelina",
        "Spårsson",
        "sparsson",
        "Hemlig kommentar",
        &token(&confirm),
        &token(&withdraw),
        ADMIN_TOKEN,
        organizer,
        &token(&sign_in_link),
        cookie.split('=').nth(1).unwrap(),
        &csrf,
    ] {
        let hits: Vec<&str> = log.lines().filter(|line| line.contains(secret)).collect();
        assert!(hits.is_empty(), "{secret:?} in the log: {hits:#?}");
    }
    // Nor a client's address: the only address:port logged is the server's own.
    let own_port = server.address.rsplit(':').next().unwrap().to_owned();
    let client_addresses: Vec<&str> = log
        .split("127.0.0.1:")
        .skip(1)
        .map(|rest| {
            rest.split(|c: char| !c.is_ascii_digit())
                .next()
                .unwrap_or_default()
        })
        .filter(|port| *port != own_port && *port != "0")
        .collect();
    assert!(
        client_addresses.is_empty(),
        "client ports in the log: {client_addresses:?}"
    );
}

#[tokio::test]
async fn a_broken_content_file_stops_the_start_and_names_the_file_and_field() {
    let content = tempdir();
    let mut petition: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_path("content/upprop-socialtjansten.json")).unwrap(),
    )
    .unwrap();
    petition["en"]["title"] = json!("");
    petition["sv"]["consents"][0]["required"] = json!(false);
    petition["events"][0]["starts"] = json!("2021-02-30");
    petition["events"][0]["en"]["call"] = json!(" ");
    std::fs::write(content.path().join("broken.json"), petition.to_string()).unwrap();

    let output = Command::new(env!("CARGO_BIN_EXE_upprop-server"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--database-url",
            "sqlite::memory:",
        ])
        .arg("--content-dir")
        .arg(content.path())
        .arg("--dist-dir")
        .arg(repo_path("server/tests/fixtures/dist"))
        .env("NO_COLOR", "1")
        .output()
        .await
        .unwrap();
    assert!(!output.status.success(), "the server must not start");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(said.contains("broken.json"), "{said}");
    assert!(said.contains("en.title is empty"), "{said}");
    assert!(
        said.contains("sv.consents has no required consent"),
        "{said}"
    );
    assert!(said.contains("events[0].en.call is empty"), "{said}");
    assert!(
        said.contains(r#"events[0].starts: \"2021-02-30\" is neither a day"#)
            || said.contains(r#"events[0].starts: "2021-02-30" is neither a day"#),
        "{said}"
    );
}

/// Every mail in `mail_dir`: its recipient and its decoded text.
fn mails_in(mail_dir: &std::path::Path) -> Vec<(String, String)> {
    std::fs::read_dir(mail_dir)
        .map(|entries| {
            entries
                .map(|entry| entry.unwrap().path())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
        // A file still being written by a server has no recipient yet: left for the next look.
        .filter_map(|path| {
            let raw = std::fs::read(path).ok()?;
            let text = quoted_printable::decode(&raw, quoted_printable::ParseMode::Robust).ok()?;
            let text = String::from_utf8_lossy(&text).into_owned();
            let recipient = text
                .lines()
                .find_map(|line| line.strip_prefix("To: "))?
                .trim()
                .to_owned();
            Some((recipient, text))
        })
        .collect()
}

#[tokio::test]
async fn two_servers_on_one_postgresql_store_mail_and_count_each_signature_once() {
    const SIGNERS: usize = 60;
    let test_database = TestDatabase::create(Engine::Postgres).await;
    let database = test_database.url();
    let mail = tempdir();
    let servers = [
        ServerProcess::start(database, mail.path()).await,
        ServerProcess::start(database, mail.path()).await,
    ];
    let addresses: Vec<String> = servers
        .iter()
        .map(|server| server.address.clone())
        .collect();
    let client = reqwest::Client::new();

    // Each signature through one server; every third also through the other at the same
    // moment, with the same id, as a retry through a load balancer would.
    let signings = (0..SIGNERS).map(|n| {
        let (client, addresses) = (client.clone(), addresses.clone());
        async move {
            let body =
                signature(json!({ "id": Uuid::new_v4(), "email": format!("scale{n}@example.se") }));
            let (first, second) = (&addresses[n % 2], &addresses[(n + 1) % 2]);
            if n % 3 == 0 {
                let (a, b) =
                    tokio::join!(sign(&client, first, &body), sign(&client, second, &body));
                vec![a.unwrap(), b.unwrap()]
            } else {
                vec![sign(&client, first, &body).await.unwrap()]
            }
        }
    });
    let statuses: Vec<u16> = futures_util::future::join_all(signings).await.concat();
    assert!(statuses.iter().all(|&status| status == 202), "{statuses:?}");

    // Both outboxes work the one table: each signer gets exactly one mail.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while mails_in(mail.path()).len() < SIGNERS && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mails = mails_in(mail.path());
    let mut recipients: Vec<&str> = mails.iter().map(|(to, _)| to.as_str()).collect();
    recipients.sort_unstable();
    recipients.dedup();
    assert_eq!(recipients.len(), SIGNERS);
    assert_eq!(
        mails.len(),
        SIGNERS,
        "one mail per signer, sent by one of the servers"
    );

    // Confirmed through either server.
    for (n, (_, text)) in mails.iter().enumerate() {
        let link = text
            .split_whitespace()
            .find(|word| word.contains("/confirm/"))
            .expect("a confirmation link");
        let path = &link[link.find("/confirm/").unwrap()..];
        let answer = press_confirm(&client, &format!("{}{path}", addresses[n % 2])).await;
        assert_eq!(answer.status(), 200);
    }

    // Both report the same count (each reads it anew within a second).
    tokio::time::sleep(Duration::from_millis(1100)).await;
    for address in &addresses {
        let petition: serde_json::Value = client
            .get(format!("{address}/api/v1/petitions/{PETITION}"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(petition["signatures"]["confirmed"], SIGNERS, "{address}");
    }
    sqlx::any::install_default_drivers();
    let mut connection = sqlx::AnyConnection::connect(database).await.unwrap();
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM signatures")
        .fetch_one(&mut connection)
        .await
        .unwrap();
    assert_eq!(stored, SIGNERS as i64);
}

#[tokio::test]
async fn a_running_server_can_be_backed_up_with_vacuum_into_while_signing() {
    let test_database = TestDatabase::create(Engine::Sqlite).await;
    let database = test_database.url();
    let mail = tempdir();
    let server = ServerProcess::start(database, mail.path()).await;
    let client = reqwest::Client::new();
    let signing = {
        let (client, address) = (client.clone(), server.address.clone());
        tokio::spawn(async move {
            let mut acknowledged = 0;
            for n in 0..200 {
                let body = signature(json!({ "email": format!("backup{n}@example.se") }));
                if sign(&client, &address, &body).await.unwrap() == 202 {
                    acknowledged += 1;
                }
            }
            acknowledged
        })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    let backup = mail.path().join("backup.db");
    sqlx::any::install_default_drivers();
    let mut connection = sqlx::AnyConnection::connect(database).await.unwrap();
    sqlx::query(&format!("VACUUM INTO '{}'", backup.display()))
        .execute(&mut connection)
        .await
        .unwrap();
    let acknowledged = signing.await.unwrap();
    assert_eq!(acknowledged, 200);

    let copy = format!("sqlite://{}", backup.display());
    let mut restored = sqlx::AnyConnection::connect(&copy).await.unwrap();
    let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut restored)
        .await
        .unwrap();
    assert_eq!(verdict, "ok");
    let in_copy: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM signatures")
        .fetch_one(&mut restored)
        .await
        .unwrap();
    let now: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM signatures")
        .fetch_one(&mut connection)
        .await
        .unwrap();
    assert!(
        in_copy <= now && now == 200,
        "the copy is a moment of the database: {in_copy} of {now}"
    );
    // Each signature in the copy came with its transaction: its request id is there too.
    let orphans: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM signatures s WHERE NOT EXISTS (SELECT 1 FROM signature_requests r WHERE r.id = s.id)",
    )
    .fetch_one(&mut restored)
    .await
    .unwrap();
    assert_eq!(orphans, 0);
    drop(server);
}

#[tokio::test]
async fn check_config_reports_each_problem_and_fails_only_on_errors() {
    let check = |args: Vec<String>| async move {
        let output = Command::new(env!("CARGO_BIN_EXE_upprop-server"))
            .arg("--check-config")
            .args(args)
            .env("NO_COLOR", "1")
            .env("RUST_LOG", "warn")
            .output()
            .await
            .unwrap();
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let test_database = TestDatabase::create(Engine::Sqlite).await;
    let database = test_database.url();
    let content = repo_path("content").display().to_string();
    let dist = repo_path("server/tests/fixtures/dist")
        .display()
        .to_string();
    let (fine, said) = check(vec![
        "--database-url".into(),
        database.into(),
        "--content-dir".into(),
        content.clone(),
        "--dist-dir".into(),
        dist.clone(),
        "--public-url".into(),
        "https://upprop.example.org".into(),
        "--admin-token".into(),
        "a-long-random-token-0123456789".into(),
    ])
    .await;
    assert!(fine, "{said}");
    assert!(
        said.contains("ok      content: 1 petition(s): upprop-socialtjansten"),
        "{said}"
    );
    assert!(
        said.contains("ok      database: connected (SQLite)"),
        "{said}"
    );
    assert!(said.contains("warning mail: no SMTP server"), "{said}");

    let (fine, said) = check(vec![
        "--database-url".into(),
        "postgres://upprop:secret-password@127.0.0.1:1/upprop".into(),
        "--content-dir".into(),
        std::env::temp_dir()
            .join("no-such-content")
            .display()
            .to_string(),
        "--dist-dir".into(),
        dist,
        "--smtp-url".into(),
        "smtp://user:smtp-password@127.0.0.1:1".into(),
        "--public-url".into(),
        "ftp://upprop.example.org".into(),
        "--admin-token".into(),
        "short".into(),
    ])
    .await;
    assert!(!fine, "{said}");
    for expected in [
        "error   content:",
        "error   public URL:",
        "error   mail:",
        "error   database:",
        "error   admin token:",
    ] {
        assert!(said.contains(expected), "{expected} missing from:\n{said}");
    }
    assert!(
        !said.contains("secret-password") && !said.contains("smtp-password"),
        "no secret printed:\n{said}"
    );
}

/// The petition's content file as JSON, to change and write elsewhere.
fn content_file() -> serde_json::Value {
    serde_json::from_str(
        &std::fs::read_to_string(repo_path("content/upprop-socialtjansten.json")).unwrap(),
    )
    .unwrap()
}

/// The Swedish title the server's API answers for `slug`, once it is `expected` (within 10 s).
async fn title_becomes(address: &str, slug: &str, expected: &str) {
    let client = reqwest::Client::new();
    let mut last = String::new();
    for _ in 0..100 {
        let answer = client
            .get(format!("{address}/api/v1/petitions/{slug}"))
            .send()
            .await
            .unwrap();
        if answer.status() == 200 {
            let body: serde_json::Value = answer.json().await.unwrap();
            last = body["petition"]["text"]["title"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            if last == expected {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the title is still {last:?}, not {expected:?}");
}

#[tokio::test]
async fn a_changed_content_file_is_served_after_sighup_and_a_broken_one_changes_nothing() {
    let (content, mail) = (tempdir(), tempdir());
    let file = content.path().join("upprop-socialtjansten.json");
    let mut petition = content_file();
    std::fs::write(&file, petition.to_string()).unwrap();
    let database_dir = tempdir();
    let database = format!(
        "sqlite://{}?mode=rwc",
        database_dir.path().join("db").display()
    );
    let server = ServerProcess::start_with_content(&database, mail.path(), content.path()).await;
    let pid = server.child.id().unwrap().to_string();
    title_becomes(&server.address, PETITION, "Upprop Socialtjänsten").await;

    petition["sv"]["title"] = json!("Upprop Socialtjänsten – nu med ny rubrik");
    std::fs::write(&file, petition.to_string()).unwrap();
    let hangup = Command::new("kill")
        .args(["-HUP", &pid])
        .status()
        .await
        .unwrap();
    assert!(hangup.success());
    title_becomes(
        &server.address,
        PETITION,
        "Upprop Socialtjänsten – nu med ny rubrik",
    )
    .await;
    let landing = reqwest::get(format!("{}/p/{PETITION}", server.address))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(landing.contains("nu med ny rubrik"));

    // A broken file: the log names it and the field, and the content served stays.
    petition["sv"]["title"] = json!("");
    std::fs::write(&file, petition.to_string()).unwrap();
    Command::new("kill")
        .args(["-HUP", &pid])
        .status()
        .await
        .unwrap();
    for _ in 0..100 {
        if server.log.lock().unwrap().contains("sv.title is empty") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let log = server.log.lock().unwrap().clone();
    assert!(
        log.contains("upprop-socialtjansten.json") && log.contains("sv.title is empty"),
        "{log}"
    );
    title_becomes(
        &server.address,
        PETITION,
        "Upprop Socialtjänsten – nu med ny rubrik",
    )
    .await;
}

#[tokio::test]
async fn a_petition_imported_by_the_command_is_served_by_the_running_server() {
    let mail = tempdir();
    let database_dir = tempdir();
    let database = format!(
        "sqlite://{}?mode=rwc",
        database_dir.path().join("db").display()
    );
    let server = ServerProcess::start(&database, mail.path()).await;

    let mut second = content_file();
    second["slug"] = json!("andra-uppropet");
    second["sv"]["title"] = json!("Ett andra upprop");
    let second_dir = tempdir();
    let file = second_dir.path().join("andra.json");
    std::fs::write(&file, second.to_string()).unwrap();
    let import = |file: std::path::PathBuf| {
        let database = database.clone();
        async move {
            Command::new(env!("CARGO_BIN_EXE_upprop-server"))
                .args(["--database-url", &database, "import"])
                .arg(file)
                .env("NO_COLOR", "1")
                .output()
                .await
                .unwrap()
        }
    };
    let imported = import(file.clone()).await;
    assert!(imported.status.success(), "{imported:?}");
    assert_eq!(
        String::from_utf8_lossy(&imported.stdout).trim(),
        format!("andra-uppropet: imported from {}", file.display())
    );
    // Within the 5 s the server takes to look, and without a restart.
    title_becomes(&server.address, "andra-uppropet", "Ett andra upprop").await;
    let again = import(file.clone()).await;
    assert!(String::from_utf8_lossy(&again.stdout).contains("andra-uppropet: unchanged"));

    // A broken file is refused, named with its field, and nothing is stored.
    second["sv"]["demands"] = json!([]);
    second["sv"]["title"] = json!("Trasig");
    std::fs::write(&file, second.to_string()).unwrap();
    let refused = import(file).await;
    assert_eq!(refused.status.code(), Some(1));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("andra.json") && said.contains("sv.demands"),
        "{said}"
    );
    tokio::time::sleep(Duration::from_secs(6)).await;
    title_becomes(&server.address, "andra-uppropet", "Ett andra upprop").await;
}

/// A failure on our side is logged once, with its cause, where the answer is made; the answer
/// says only that it may be retried.
#[tokio::test]
async fn a_failure_on_our_side_is_logged_once_with_its_cause_and_answered_without_it() {
    let directory = tempdir();
    let database_url = format!(
        "sqlite://{}?mode=rwc",
        directory.path().join("cause.db").display()
    );
    let server = ServerProcess::start(&database_url, &directory.path().join("mail")).await;
    sqlx::any::install_default_drivers();
    let mut connection = sqlx::AnyConnection::connect(&database_url).await.unwrap();
    connection
        .execute("ALTER TABLE petition_settings RENAME TO petition_settings_away")
        .await
        .unwrap();
    let response = reqwest::Client::new()
        .post(format!(
            "{}/api/v1/admin/petitions/{PETITION}/close",
            server.address
        ))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 500);
    let answer = response.text().await.unwrap();
    assert!(
        !answer.contains("petition_settings"),
        "the cause stays with us: {answer}"
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    let log = server.log.lock().unwrap().clone();
    let logged: Vec<&str> = log
        .lines()
        .filter(|line| line.contains("failed on our side"))
        .collect();
    assert_eq!(logged.len(), 1, "logged once: {logged:#?}");
    assert!(
        logged[0].contains("no such table: petition_settings"),
        "{}",
        logged[0]
    );
}
