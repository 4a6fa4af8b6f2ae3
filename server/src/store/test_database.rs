//! A database of its own for one test, on either engine, dropped when the test is done with it:
//! a file in a temporary directory for SQLite, a database on the PostgreSQL server that
//! `scripts/test.sh` starts (`UPPROP_TEST_POSTGRES_URL`) for PostgreSQL. For the tests only
//! (the `test-support` feature, which the server's own tests turn on).

use sqlx::{Connection, Executor, PgConnection};
use tempfile::TempDir;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Held for what dropping it removes: one of the two places.
pub struct TestDatabase {
    url: String,
    /// A directory rather than a file: the server under test may still open a connection
    /// once the test is done, and would create the file again, but not the directory.
    _directory: Option<TempDir>,
    _server: Option<ServerDatabase>,
}

/// A database on a PostgreSQL server, dropped with this.
struct ServerDatabase {
    admin_url: String,
    name: String,
}

impl TestDatabase {
    pub async fn create(engine: Engine) -> Self {
        match engine {
            Engine::Sqlite => {
                let directory = tempfile::Builder::new()
                    .prefix("upprop-test-")
                    .tempdir()
                    .expect("a temporary directory");
                Self {
                    url: format!(
                        "sqlite://{}?mode=rwc",
                        directory.path().join("db").display()
                    ),
                    _directory: Some(directory),
                    _server: None,
                }
            }
            Engine::Postgres => {
                let admin_url = std::env::var("UPPROP_TEST_POSTGRES_URL").expect(
                    "UPPROP_TEST_POSTGRES_URL must name a PostgreSQL server for the postgres \
                     tests (scripts/test.sh starts one and sets it)",
                );
                let name = format!("upprop_test_{}", Uuid::new_v4().simple());
                let mut admin = PgConnection::connect(&admin_url)
                    .await
                    .expect("connecting to PostgreSQL");
                admin
                    .execute(format!(r#"CREATE DATABASE "{name}""#).as_str())
                    .await
                    .expect("creating the test database");
                let (base, _) = admin_url
                    .rsplit_once('/')
                    .expect("a URL with a database name");
                Self {
                    url: format!("{base}/{name}"),
                    _directory: None,
                    _server: Some(ServerDatabase { admin_url, name }),
                }
            }
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for ServerDatabase {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        // The test's own runtime cannot be blocked on from within: a thread and a runtime of
        // its own. FORCE ends what the test's servers still hold open.
        let dropped = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?
                .block_on(async {
                    let mut admin = PgConnection::connect(&admin_url).await?;
                    let drop = format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#);
                    admin.execute(drop.as_str()).await?;
                    Ok::<_, anyhow::Error>(())
                })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("the test database {} was left behind", self.name);
        }
    }
}
