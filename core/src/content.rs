//! The appeal as data. One JSON file per campaign (see `content/`) holds everything a signer
//! reads, in every language, so another campaign reuses the widget by swapping that file.

use serde::{Deserialize, Serialize};

use crate::Locale;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Petition {
    /// The petition's id in URLs: `POST {endpoint}/petitions/{slug}/signatures`.
    pub slug: String,
    /// How many confirmed signatures the organiser aims for, if they have said.
    #[serde(default)]
    pub goal: Option<u64>,
    pub organizer: Organizer,
    pub hashtags: Vec<String>,
    pub links: Vec<Link>,
    pub memorial: Vec<Remembered>,
    pub sv: PetitionText,
    pub en: PetitionText,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organizer {
    pub name: String,
    pub email: String,
    pub website: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub label: String,
    pub url: String,
}

/// A child the appeal remembers: name, age at death and the year of death.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remembered {
    pub name: String,
    pub age: Age,
    pub died: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Age {
    Years(u8),
    Months(u8),
}

/// Everything a signer reads, in one language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PetitionText {
    pub title: String,
    pub story: Vec<String>,
    pub call_to_action: String,
    pub demands_heading: String,
    pub demands: Vec<String>,
    pub statistic: Statistic,
    pub closing: Vec<String>,
    pub memorial_heading: String,
    pub memorial_epilogue: Vec<String>,
    pub consents: Vec<ConsentDefinition>,
    pub privacy_notice: Vec<String>,
    pub share: ShareText,
}

/// What goes with the appeal's link when a signer shares it; the hashtags are added to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareText {
    /// One or two sentences for a post or a message, before the link.
    pub text: String,
    /// The subject of a shared e-mail.
    pub email_subject: String,
    /// A short description for link previews (`og:description`).
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statistic {
    pub source: String,
    pub figure: String,
    pub text: String,
}

/// A consent checkbox. Its `id` is the form field's `name` and the id recorded with the
/// signature; `text` is the exact wording shown, recorded as given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentDefinition {
    pub id: String,
    pub required: bool,
    pub text: String,
}

impl Petition {
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json)
    }

    pub fn text(&self, locale: Locale) -> &PetitionText {
        match locale {
            Locale::Sv => &self.sv,
            Locale::En => &self.en,
        }
    }
}
