//! The petitions this server collects for: the content files, checked and loaded once at start
//! and kept serialised per language, so `GET /petitions/{slug}` (which is all the widget knows
//! of a petition) only adds the count.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use serde::Serialize;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use upprop_core::content::{Link, Organizer, Remembered};
use upprop_core::{Locale, Petition, PetitionText};

pub struct Catalogue {
    petitions: HashMap<String, Entry>,
}

pub struct Entry {
    pub petition: Petition,
    sv: Localized,
    en: Localized,
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

impl Catalogue {
    /// Reads every `*.json` in `dir`; a file that does not parse stops the start.
    pub fn load(dir: &Path) -> anyhow::Result<Self> {
        let mut petitions = HashMap::new();
        let files = std::fs::read_dir(dir)
            .with_context(|| format!("reading the content folder {}", dir.display()))?;
        for file in files {
            let path = file?.path();
            if path.extension().is_none_or(|ext| ext != "json") {
                continue;
            }
            let json = std::fs::read_to_string(&path)?;
            let petition = Petition::from_json(&json)
                .with_context(|| format!("parsing the petition in {}", path.display()))?;
            let problems = petition.problems();
            anyhow::ensure!(
                problems.is_empty(),
                "the petition in {} cannot be shown: {}",
                path.display(),
                problems.join("; ")
            );
            anyhow::ensure!(
                !petitions.contains_key(&petition.slug),
                "{} uses the slug {:?} of another content file",
                path.display(),
                petition.slug
            );
            let entry = Entry {
                sv: Localized::of(&petition, Locale::Sv)?,
                en: Localized::of(&petition, Locale::En)?,
                petition,
            };
            petitions.insert(entry.petition.slug.clone(), entry);
        }
        anyhow::ensure!(!petitions.is_empty(), "no petition in {}", dir.display());
        Ok(Self { petitions })
    }

    pub fn len(&self) -> usize {
        self.petitions.len()
    }

    pub fn slugs(&self) -> Vec<&str> {
        let mut slugs: Vec<&str> = self.petitions.keys().map(String::as_str).collect();
        slugs.sort_unstable();
        slugs
    }

    pub fn get(&self, slug: &str) -> Option<&Entry> {
        self.petitions.get(slug)
    }
}

impl Entry {
    pub fn localized(&self, locale: Locale) -> &Localized {
        match locale {
            Locale::Sv => &self.sv,
            Locale::En => &self.en,
        }
    }
}
