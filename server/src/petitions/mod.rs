//! The petitions this server collects for, as the database holds them (imported from the
//! content files: `reload.rs`), checked, and kept serialised per language, so
//! `GET /petitions/{slug}` (which is all the widget knows of a petition) only adds the count.

pub mod answers;
pub mod candles;
pub mod counts;
pub mod events;
pub mod fresh;
pub mod local_time;
pub mod public_signers;
pub mod reload;
pub mod reminders;
pub mod share_image;
pub mod single_flight;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use anyhow::Context;
use serde::Serialize;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use upprop_core::content::{Link, Organizer, Remembered};
use upprop_core::manifestation::Manifestation;
use upprop_core::{Locale, Petition, PetitionText};

use events::When;

pub struct Catalogue {
    petitions: HashMap<String, Arc<Entry>>,
}

/// The catalogue being served, replaced whole when the content is reloaded: a request keeps
/// the entry it started with.
#[derive(Clone)]
pub struct Contents(Arc<RwLock<Arc<Catalogue>>>);

impl Contents {
    pub fn new(catalogue: Catalogue) -> Self {
        Self(Arc::new(RwLock::new(Arc::new(catalogue))))
    }

    pub fn current(&self) -> Arc<Catalogue> {
        self.0
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    pub fn replace(&self, catalogue: Catalogue) {
        *self
            .0
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(catalogue);
    }

    /// The petition, shown or not: for its organisers.
    pub fn get(&self, slug: &str) -> Option<Arc<Entry>> {
        self.current().get(slug)
    }

    /// The petition as the public may see it.
    pub fn published(&self, slug: &str) -> Result<Arc<Entry>, NotShown> {
        let entry = self.get(slug).ok_or(NotShown::Unknown)?;
        match entry.unpublished_at {
            Some(_) => Err(NotShown::Unpublished),
            None => Ok(entry),
        }
    }
}

/// Why the public cannot see a petition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotShown {
    Unknown,
    /// Its organiser took it down; its data is kept until its retention date.
    Unpublished,
}

pub struct Entry {
    pub petition: Petition,
    /// When its organiser took it down from view.
    pub unpublished_at: Option<i64>,
    sv: Localized,
    en: Localized,
    /// Each of its manifestations' times, read once (`None`: they do not read; import refuses
    /// such content, so only content stored before the check can have one).
    times: Vec<Option<When>>,
}

/// One language's content as served: the JSON, and a digest of it for ETags.
pub struct Localized {
    pub json: Box<RawValue>,
    pub digest: String,
}

/// What `GET /petitions/{slug}?lang=` shows of a petition: everything, in one language.
#[derive(Serialize)]
struct LocalizedPetition<'a> {
    slug: &'a str,
    locale: Locale,
    organizer: &'a Organizer,
    hashtags: &'a [String],
    links: &'a [Link],
    memorial: &'a [Remembered],
    text: &'a PetitionText,
}

impl Localized {
    fn of(petition: &Petition, locale: Locale) -> anyhow::Result<Self> {
        let json = serde_json::to_string(&LocalizedPetition {
            slug: &petition.slug,
            locale,
            organizer: &petition.organizer,
            hashtags: &petition.hashtags,
            links: &petition.links,
            memorial: &petition.memorial,
            text: petition.text(locale),
        })?;
        let digest = Sha256::digest(json.as_bytes());
        Ok(Self {
            digest: digest[..8].iter().map(|b| format!("{b:02x}")).collect(),
            json: RawValue::from_string(json)?,
        })
    }
}

/// Reads and checks one content file: an error names the file, and each field at fault.
pub fn read_file(path: &Path) -> anyhow::Result<Petition> {
    let json = std::fs::read_to_string(path)
        .with_context(|| format!("reading the content file {}", path.display()))?;
    let petition = Petition::from_json(&json)
        .with_context(|| format!("parsing the petition in {}", path.display()))?;
    let mut problems = petition.problems();
    problems.extend(events::problems(&petition));
    anyhow::ensure!(
        problems.is_empty(),
        "the petition in {} cannot be shown: {}",
        path.display(),
        problems.join("; ")
    );
    Ok(petition)
}

/// Reads and checks every `*.json` in `dir`; two files with one slug are an error too.
/// Every file is checked before any is used, so one broken file changes nothing.
pub fn read_dir(dir: &Path) -> anyhow::Result<Vec<(PathBuf, Petition)>> {
    let mut petitions: Vec<(PathBuf, Petition)> = Vec::new();
    let files = std::fs::read_dir(dir)
        .with_context(|| format!("reading the content folder {}", dir.display()))?;
    for file in files {
        let path = file?.path();
        if path.extension().is_none_or(|ext| ext != "json") {
            continue;
        }
        let petition = read_file(&path)?;
        if let Some((other, _)) = petitions.iter().find(|(_, p)| p.slug == petition.slug) {
            anyhow::bail!(
                "{} uses the slug {:?} of {}",
                path.display(),
                petition.slug,
                other.display()
            );
        }
        petitions.push((path, petition));
    }
    petitions.sort_by(|(a, _), (b, _)| a.cmp(b));
    Ok(petitions)
}

impl Catalogue {
    /// Each petition with when it was taken down from view, if it was.
    pub fn new(petitions: Vec<(Petition, Option<i64>)>) -> anyhow::Result<Self> {
        let mut entries = HashMap::new();
        for (petition, unpublished_at) in petitions {
            let entry = Entry {
                sv: Localized::of(&petition, Locale::Sv)?,
                en: Localized::of(&petition, Locale::En)?,
                times: petition
                    .events
                    .iter()
                    .map(|event| When::of(event).ok())
                    .collect(),
                petition,
                unpublished_at,
            };
            entries.insert(entry.petition.slug.clone(), Arc::new(entry));
        }
        Ok(Self { petitions: entries })
    }

    /// The petitions shown to the public.
    pub fn published_slugs(&self) -> Vec<&str> {
        let mut slugs: Vec<&str> = self
            .petitions
            .iter()
            .filter(|(_, entry)| entry.unpublished_at.is_none())
            .map(|(slug, _)| slug.as_str())
            .collect();
        slugs.sort_unstable();
        slugs
    }

    pub fn slugs(&self) -> Vec<&str> {
        let mut slugs: Vec<&str> = self.petitions.keys().map(String::as_str).collect();
        slugs.sort_unstable();
        slugs
    }

    pub fn get(&self, slug: &str) -> Option<Arc<Entry>> {
        self.petitions.get(slug).cloned()
    }
}

impl Entry {
    /// Its manifestations whose times read, with those times.
    pub fn dated_events(&self) -> impl Iterator<Item = (&Manifestation, &When)> {
        self.petition
            .events
            .iter()
            .zip(&self.times)
            .filter_map(|(event, when)| Some((event, when.as_ref()?)))
    }

    pub fn localized(&self, locale: Locale) -> &Localized {
        match locale {
            Locale::Sv => &self.sv,
            Locale::En => &self.en,
        }
    }
}
