//! Faults the real binary must survive, tested as the kill -9 test is: SQLite's disk fills up
//! and frees again, and PostgreSQL restarts under load. Every 2xx must be a stored signature,
//! everything else a 503 with `Retry-After`, and the service must come back by itself. (The
//! mail server down for ten minutes is in `outbox.rs`.)

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use sqlx::Connection;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use uuid::Uuid;

use crate::helpers::{PETITION, repo_path, signature};
use crate::process::{ServerProcess, stored};

/// One test client signs as many people: no limit per mail domain or on unconfirmed ones.
const UNLIMITED: &[&str] = &[
    "--signatures-per-mail-domain-per-hour",
    "0",
    "--unconfirmed-per-minute",
    "0",
];

/// What one signing request got: its id, and its status with its `Retry-After`.
type Outcome = (String, Result<(u16, Option<String>), String>);

/// Signs as `signer` until `stop` is set, noting every outcome.
async fn sign_until(
    client: reqwest::Client,
    address: String,
    signer: usize,
    stop: Arc<std::sync::atomic::AtomicBool>,
    outcomes: Arc<Mutex<Vec<Outcome>>>,
) {
    for n in 0.. {
        if stop.load(std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        let id = Uuid::new_v4().to_string();
        let body =
            signature(json!({ "id": id, "email": format!("f{signer}-{n}-{id}@example.se") }));
        let answer = client
            .post(format!("{address}/api/v1/petitions/{PETITION}/signatures"))
            .json(&body)
            .send()
            .await;
        let outcome = answer
            .map(|answer| {
                let retry_after = answer
                    .headers()
                    .get("retry-after")
                    .map(|value| value.to_str().unwrap().to_owned());
                (answer.status().as_u16(), retry_after)
            })
            .map_err(|error| error.to_string());
        let failed = !matches!(outcome, Ok((202, _)));
        outcomes.lock().unwrap().push((id, outcome));
        if failed {
            // As the widget does, wait before the next: a full disk is not freed by hammering.
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// Four signers at once, each signing until `finish`.
struct Signers {
    outcomes: Arc<Mutex<Vec<Outcome>>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    running: Vec<tokio::task::JoinHandle<()>>,
}

impl Signers {
    fn start(address: &str) -> Self {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()
            .unwrap();
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let outcomes = Arc::new(Mutex::new(Vec::new()));
        let running = (0..4)
            .map(|signer| {
                tokio::spawn(sign_until(
                    client.clone(),
                    address.to_owned(),
                    signer,
                    stop.clone(),
                    outcomes.clone(),
                ))
            })
            .collect();
        Self {
            outcomes,
            stop,
            running,
        }
    }

    /// Stops them, and waits until each has had its last answer.
    async fn finish(self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        for signer in self.running {
            signer.await.unwrap();
        }
    }
}

/// Every outcome is a 202 or a 503 with `Retry-After`; the ids of the 202s, and how many 503s.
fn acknowledged_and_unavailable(outcomes: &[Outcome]) -> (Vec<String>, usize) {
    let mut acknowledged = Vec::new();
    let mut unavailable = 0;
    for (id, outcome) in outcomes {
        match outcome {
            Ok((202, _)) => acknowledged.push(id.clone()),
            Ok((503, Some(retry_after))) => {
                assert!(retry_after.parse::<u64>().unwrap() >= 1);
                unavailable += 1;
            }
            other => panic!("a signature got {other:?}: only 202, or 503 with Retry-After"),
        }
    }
    (acknowledged, unavailable)
}

/// A mount namespace of its own, holding a tmpfs of `size` at `mount_point`, kept for as long
/// as this lives; made with a user namespace, so no privilege is needed.
struct SmallDisk {
    holder: Child,
    mount_point: PathBuf,
    _directory: tempfile::TempDir,
}

impl SmallDisk {
    async fn mount(size: &str) -> Self {
        let directory = tempfile::Builder::new()
            .prefix("upprop-disk-")
            .tempdir()
            .unwrap();
        let mount_point = directory.path().to_owned();
        let script = format!(
            "mount -t tmpfs -o size={size} tmpfs '{}' && echo mounted && exec sleep 3600",
            mount_point.display()
        );
        let mut holder = Command::new("unshare")
            .args(["--user", "--map-root-user", "--mount", "sh", "-c", &script])
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("unshare (util-linux) runs");
        let mut lines = BufReader::new(holder.stdout.take().unwrap()).lines();
        let said = tokio::time::timeout(Duration::from_secs(10), lines.next_line()).await;
        assert!(
            matches!(said, Ok(Ok(Some(ref line))) if line == "mounted"),
            "a tmpfs mounted in a namespace of its own: {said:?}"
        );
        Self {
            holder,
            mount_point,
            _directory: directory,
        }
    }

    /// The command that runs a program inside the namespace.
    fn enter(&self) -> Vec<String> {
        let pid = self.holder.id().unwrap().to_string();
        ["nsenter", "-t", &pid, "-U", "-m", "--preserve-credentials"]
            .map(str::to_owned)
            .to_vec()
    }

    /// Where `name` on the small disk is, seen from outside the namespace.
    fn path(&self, name: &str) -> PathBuf {
        let root = format!("/proc/{}/root", self.holder.id().unwrap());
        Path::new(&root)
            .join(self.mount_point.strip_prefix("/").unwrap())
            .join(name)
    }

    /// Fills what is left of the disk with `name`, but `spare` bytes.
    fn fill_but(&self, name: &str, spare: u64) {
        use std::io::Write;
        let mut filler = std::fs::File::create(self.path(name)).unwrap();
        let block = vec![0u8; 64 * 1024];
        let mut written = 0u64;
        while filler.write_all(&block).is_ok() {
            written += block.len() as u64;
        }
        let _ = filler.sync_all();
        filler.set_len(written.saturating_sub(spare)).unwrap();
    }
}

#[tokio::test]
async fn sqlite_on_a_full_disk_answers_503_loses_nothing_and_resumes_when_space_returns() {
    let disk = SmallDisk::mount("24m").await;
    let database_file = disk.mount_point.join("upprop.db");
    let database = format!("sqlite://{}?mode=rwc", database_file.display());
    let mail = tempfile::tempdir().unwrap();
    let through = disk.enter();
    let through: Vec<&str> = through.iter().map(String::as_str).collect();
    let mut server = ServerProcess::start_through(
        &through,
        &database,
        mail.path(),
        &repo_path("content"),
        UNLIMITED,
    )
    .await;
    disk.fill_but("filler", 256 * 1024);

    let signers = Signers::start(&server.address);
    let outcomes = signers.outcomes.clone();
    // Until the disk is full and has refused a good number of signatures.
    let filled = tokio::time::timeout(Duration::from_secs(60), async {
        while acknowledged_and_unavailable(&outcomes.lock().unwrap()).1 < 20 {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    assert!(filled.is_ok(), "the disk filled within a minute");
    let during = acknowledged_and_unavailable(&outcomes.lock().unwrap())
        .0
        .len();

    std::fs::remove_file(disk.path("filler")).unwrap();
    let resumed = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let acknowledged = acknowledged_and_unavailable(&outcomes.lock().unwrap())
                .0
                .len();
            if acknowledged >= during + 20 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    signers.finish().await;
    assert!(
        resumed.is_ok(),
        "signing resumed by itself once space returned"
    );

    let (acknowledged, unavailable) = acknowledged_and_unavailable(&outcomes.lock().unwrap());
    eprintln!(
        "disk full: {during} acknowledged before, {unavailable} answered 503, {} acknowledged in all",
        acknowledged.len()
    );
    server.child.kill().await.unwrap();
    // SQLite resolves `/proc/PID/root` to `/`, so the database is looked at in a copy of the
    // files the killed server left (the log with it).
    let copy = tempfile::tempdir().unwrap();
    for file in ["upprop.db", "upprop.db-wal"] {
        if disk.path(file).exists() {
            std::fs::copy(disk.path(file), copy.path().join(file)).unwrap();
        }
    }
    let outside = format!("sqlite://{}", copy.path().join("upprop.db").display());
    for id in &acknowledged {
        assert_eq!(stored(&outside, id).await, 1, "acknowledged signature {id}");
    }
    sqlx::any::install_default_drivers();
    let mut connection = sqlx::AnyConnection::connect(&outside).await.unwrap();
    let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut connection)
        .await
        .unwrap();
    assert_eq!(verdict, "ok");
}

/// A cluster of its own (`scripts/postgres.sh fault`): restarting the tests' cluster would
/// fail every other test running beside this one.
async fn postgres_for_faults(action: Option<&str>) -> String {
    let mut script = Command::new(repo_path("scripts/postgres.sh"));
    script.arg("fault").args(action);
    let output = script.output().await.expect("scripts/postgres.sh runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

#[tokio::test]
async fn postgres_restarting_under_load_answers_503_loses_nothing_and_needs_no_restart_of_ours() {
    let cluster = postgres_for_faults(None).await;
    let name = format!("faults_{}", Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(&cluster).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let database = format!("{}/{name}", cluster.rsplit_once('/').unwrap().0);
    let mail = tempfile::tempdir().unwrap();
    let mut server =
        ServerProcess::start_with(&database, mail.path(), &repo_path("content"), UNLIMITED).await;

    let signers = Signers::start(&server.address);
    let outcomes = signers.outcomes.clone();
    let acknowledged_since = |from: usize| {
        outcomes.lock().unwrap()[from..]
            .iter()
            .filter(|(_, outcome)| matches!(outcome, Ok((202, _))))
            .count()
    };
    let signs_again = |from: usize| async move {
        tokio::time::timeout(Duration::from_secs(30), async {
            while acknowledged_since(from) < 20 {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
        .await
        .is_ok()
    };
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = outcomes.lock().unwrap().len();
    // An operator's restart: a fast shutdown and a start, under a second.
    postgres_for_faults(Some("restart")).await;
    let after_restart = outcomes.lock().unwrap().len();
    let back_after_restart = signs_again(after_restart).await;
    // Down for three seconds: a request meets a refused connection (503) or waits for the
    // pool to connect again, within the writer's patience.
    postgres_for_faults(Some("stop")).await;
    let stopped_at = outcomes.lock().unwrap().len();
    tokio::time::sleep(Duration::from_secs(3)).await;
    postgres_for_faults(None).await;
    let back = signs_again(stopped_at).await;
    signers.finish().await;
    assert!(
        back_after_restart,
        "signing came back after the restart, the server untouched"
    );
    assert!(back, "and after three seconds down");
    let answer = reqwest::Client::new()
        .get(format!("{}/api/v1/petitions/{PETITION}", server.address))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200, "the petition is read again too");

    let (acknowledged, unavailable) = acknowledged_and_unavailable(&outcomes.lock().unwrap());
    eprintln!(
        "PostgreSQL restart: {before} requests before, {unavailable} answered 503, {} acknowledged in all",
        acknowledged.len()
    );
    assert!(before > 0, "the signers were signing before the restart");
    for id in &acknowledged {
        assert_eq!(
            stored(&database, id).await,
            1,
            "acknowledged signature {id}"
        );
    }
    server.child.kill().await.unwrap();
    drop(admin);
    let mut admin = sqlx::PgConnection::connect(&cluster).await.unwrap();
    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .unwrap();
}
