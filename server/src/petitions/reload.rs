//! Content without rebuilds or restarts. The content files are imported into the database at
//! start, on SIGHUP and on the dashboard's button, and `upprop-server import FILE` imports one
//! from anywhere; every server serves what the database holds, and looks every few seconds
//! for a change made by another process.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use anyhow::Context;
use upprop_core::Petition;

use super::{Catalogue, Contents};
use crate::store::{ContentVersion, Store, now_ms};

/// How often a server looks for content imported by another process.
pub const LOOK_EVERY: Duration = Duration::from_secs(5);

pub struct Reloader {
    store: Store,
    content_dir: PathBuf,
    contents: Contents,
    /// The stored content's version this process serves.
    serving: Mutex<Option<ContentVersion>>,
}

/// What a reload did.
#[derive(Debug)]
pub struct Reloaded {
    pub petitions: usize,
    /// The slugs whose content changed.
    pub changed: Vec<String>,
}

/// Stores one checked petition; `true` if that changed what is stored.
async fn store_petition(store: &Store, path: &Path, petition: &Petition) -> anyhow::Result<bool> {
    let json = serde_json::to_string(petition).context("serialising the petition")?;
    let changed = store
        .import_petition(&petition.slug, &json, &path.display().to_string(), now_ms())
        .await
        .context("storing the petition")?;
    Ok(changed)
}

/// `upprop-server import FILE…`: checks each file and stores its petition, saying what it did;
/// running servers serve it within `LOOK_EVERY`. `false` if a file was refused (the error
/// names it and the field); the files before it are stored.
pub async fn import(database_url: &str, files: &[PathBuf]) -> anyhow::Result<bool> {
    let store = Store::connect(database_url).await?;
    for path in files {
        let stored = async {
            let petition = super::read_file(path)?;
            let changed = store_petition(&store, path, &petition).await?;
            anyhow::Ok((petition.slug, changed))
        };
        match stored.await {
            Ok((slug, true)) => println!("{slug}: imported from {}", path.display()),
            Ok((slug, false)) => println!("{slug}: unchanged ({})", path.display()),
            Err(error) => {
                eprintln!("{error:#}");
                return Ok(false);
            }
        }
    }
    Ok(true)
}

impl Reloader {
    /// Imports the content folder and serves what the database then holds; an error (naming
    /// the file and field) stops the start.
    pub async fn start(store: Store, content_dir: PathBuf) -> anyhow::Result<Self> {
        let catalogue = Catalogue::new(Vec::new())?;
        let reloader = Self {
            store,
            content_dir,
            contents: Contents::new(catalogue),
            serving: Mutex::new(None),
        };
        reloader.reload().await?;
        Ok(reloader)
    }

    pub fn contents(&self) -> Contents {
        self.contents.clone()
    }

    /// Imports every file of the content folder (all are checked before any is stored) and
    /// serves the result. On an error nothing changes and the content served stays.
    pub async fn reload(&self) -> anyhow::Result<Reloaded> {
        let mut changed = Vec::new();
        for (path, petition) in super::read_dir(&self.content_dir)? {
            if store_petition(&self.store, &path, &petition).await? {
                changed.push(petition.slug);
            }
        }
        let version = self.store.content_version().await?;
        let petitions = self.serve_stored(version).await?;
        Ok(Reloaded { petitions, changed })
    }

    /// Serves the stored content anew if another process changed it.
    pub async fn look(&self) -> anyhow::Result<()> {
        let version = self.store.content_version().await?;
        if Some(version) != *self.serving.lock().unwrap_or_else(|p| p.into_inner()) {
            self.serve_stored(version).await?;
        }
        Ok(())
    }

    /// Serves what the database holds, read at `version` (read just before, so a change made
    /// in between is served now and seen again at the next look).
    async fn serve_stored(&self, version: ContentVersion) -> anyhow::Result<usize> {
        let mut petitions = Vec::new();
        for stored in self.store.petitions().await? {
            let petition = Petition::from_json(&stored.content).with_context(|| {
                format!("the stored petition from {} does not parse", stored.source)
            })?;
            let problems = petition.problems();
            anyhow::ensure!(
                problems.is_empty(),
                "the stored petition from {} cannot be shown: {}",
                stored.source,
                problems.join("; ")
            );
            petitions.push((petition, stored.unpublished_at));
        }
        anyhow::ensure!(
            !petitions.is_empty(),
            "no petition in {} and none imported",
            self.content_dir.display()
        );
        let count = petitions.len();
        self.contents.replace(Catalogue::new(petitions)?);
        *self.serving.lock().unwrap_or_else(|p| p.into_inner()) = Some(version);
        Ok(count)
    }
}

/// Reloads on SIGHUP, and looks for imports made elsewhere every `LOOK_EVERY`. A broken file
/// is logged with its name and field, and the content served stays as it was.
pub async fn run(reloader: std::sync::Arc<Reloader>) {
    let mut hangups = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) {
        Ok(signal) => Some(signal),
        Err(error) => {
            tracing::warn!(%error, "cannot listen for SIGHUP: reload from the dashboard");
            None
        }
    };
    let mut every = tokio::time::interval(LOOK_EVERY);
    loop {
        let hangup = async {
            match hangups.as_mut() {
                Some(signal) => signal.recv().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = hangup => match reloader.reload().await {
                Ok(reloaded) => tracing::info!(petitions = reloaded.petitions, changed = ?reloaded.changed, "content reloaded on SIGHUP"),
                Err(error) => tracing::error!("{error:#}; the content served stays as it was"),
            },
            _ = every.tick() => {
                if let Err(error) = reloader.look().await {
                    tracing::warn!("{error:#}; the content served stays as it was");
                }
            }
        }
    }
}
