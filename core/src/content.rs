//! The appeal as data. One JSON file per campaign (see `content/`) holds everything a signer
//! reads, in every language, so another campaign reuses the widget by swapping that file.

use serde::{Deserialize, Serialize};

use crate::Locale;
use crate::manifestation::Manifestation;

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
    /// Its manifestations, past and coming, in the order they are held.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Manifestation>,
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
    /// Whom the appeal is addressed to ("Sveriges riksdag"): the handover document names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addressee: Option<String>,
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

    /// What is wrong with a petition that parsed: each problem names its field, as
    /// `en.consents[1].id`, so whoever edits the file can find it. Empty when it can be shown.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut require = |path: &str, text: &str| {
            if text.trim().is_empty() {
                problems.push(format!("{path} is empty"));
            }
        };
        require("organizer.name", &self.organizer.name);
        require("organizer.email", &self.organizer.email);
        for (index, child) in self.memorial.iter().enumerate() {
            require(&format!("memorial[{index}].name"), &child.name);
        }
        for (index, link) in self.links.iter().enumerate() {
            require(&format!("links[{index}].label"), &link.label);
        }
        for (locale, text) in [(Locale::Sv, &self.sv), (Locale::En, &self.en)] {
            let lang = locale.as_str();
            for (field, value) in [
                ("title", &text.title),
                ("call_to_action", &text.call_to_action),
                ("demands_heading", &text.demands_heading),
                ("share.text", &text.share.text),
                ("share.email_subject", &text.share.email_subject),
                ("share.summary", &text.share.summary),
            ] {
                require(&format!("{lang}.{field}"), value);
            }
            for (field, list) in [
                ("story", &text.story),
                ("demands", &text.demands),
                ("privacy_notice", &text.privacy_notice),
            ] {
                if list.is_empty() {
                    require(&format!("{lang}.{field}"), "");
                }
                for (index, item) in list.iter().enumerate() {
                    require(&format!("{lang}.{field}[{index}]"), item);
                }
            }
            for (index, consent) in text.consents.iter().enumerate() {
                require(&format!("{lang}.consents[{index}].text"), &consent.text);
            }
        }
        if !self
            .slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            || self.slug.is_empty()
        {
            problems.push("slug must be lower-case letters a-z, digits and hyphens".into());
        }
        for (field, url) in std::iter::once(("organizer.website", &self.organizer.website))
            .chain(self.links.iter().map(|link| ("links[].url", &link.url)))
        {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                problems.push(format!("{field} must be an http(s) address: {url:?}"));
            }
        }
        if self.goal == Some(0) {
            problems.push("goal must be above 0 (or left out)".into());
        }
        problems.extend(self.consent_problems());
        for (index, event) in self.events.iter().enumerate() {
            problems.extend(event.problems(index));
            if self.events[..index]
                .iter()
                .any(|earlier| earlier.id == event.id)
            {
                problems.push(format!(
                    "events[{index}].id {:?} is another event's too",
                    event.id
                ));
            }
        }
        problems
    }

    fn consent_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (locale, text) in [(Locale::Sv, &self.sv), (Locale::En, &self.en)] {
            let lang = locale.as_str();
            if !text.consents.iter().any(|consent| consent.required) {
                problems.push(format!("{lang}.consents has no required consent"));
            }
            for (index, consent) in text.consents.iter().enumerate() {
                let path = format!("{lang}.consents[{index}].id");
                let fixed_field = !matches!(
                    crate::Field::from_name(&consent.id),
                    crate::Field::Consent(_)
                );
                if consent.id.is_empty()
                    || fixed_field
                    || consent.id == "public"
                    || !consent
                        .id
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_')
                {
                    problems.push(format!(
                        "{path} must be letters, digits and _, and not a field's name: {:?}",
                        consent.id
                    ));
                }
                if text.consents[..index]
                    .iter()
                    .any(|earlier| earlier.id == consent.id)
                {
                    problems.push(format!("{path} repeats {:?}", consent.id));
                }
            }
        }
        let ids = |text: &PetitionText| -> Vec<(String, bool)> {
            text.consents
                .iter()
                .map(|c| (c.id.clone(), c.required))
                .collect()
        };
        if ids(&self.sv) != ids(&self.en) {
            problems.push(
                "sv.consents and en.consents must ask the same consents (ids and required), in the same order".into(),
            );
        }
        if self.sv.demands.len() != self.en.demands.len() {
            problems.push("sv.demands and en.demands must have as many demands".into());
        }
        problems
    }

    pub fn text(&self, locale: Locale) -> &PetitionText {
        match locale {
            Locale::Sv => &self.sv,
            Locale::En => &self.en,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The first campaign, as the repository ships it.
    pub(crate) fn bundled() -> Petition {
        Petition::from_json(include_str!("../../content/upprop-socialtjansten.json")).unwrap()
    }

    #[test]
    fn the_first_campaign_is_complete() {
        let petition = bundled();
        assert_eq!(petition.problems(), Vec::<String>::new());
        assert_eq!(petition.sv.demands.len(), 13);
        assert_eq!(petition.memorial.len(), 11);
    }

    #[test]
    fn each_problem_names_its_field() {
        let mut petition = bundled();
        petition.en.title = " ".into();
        petition.sv.demands[2] = String::new();
        petition.en.consents[1].id = petition.en.consents[0].id.clone();
        petition.sv.consents[0].required = false;
        petition.organizer.website = "javascript:alert(1)".into();
        petition.slug = "Upprop/Två".into();
        let problems = petition.problems().join("\n");
        for expected in [
            "en.title is empty",
            "sv.demands[2] is empty",
            "en.consents[1].id repeats \"consent_organizer\"",
            "sv.consents has no required consent",
            "sv.consents and en.consents must ask the same consents",
            "organizer.website must be an http(s) address",
            "slug must be",
        ] {
            assert!(
                problems.contains(expected),
                "{expected:?} missing from:\n{problems}"
            );
        }
    }

    #[test]
    fn a_consent_cannot_take_a_field_s_name() {
        let mut petition = bundled();
        petition.sv.consents[1].id = "email".into();
        petition.en.consents[1].id = "email".into();
        assert!(
            petition
                .problems()
                .iter()
                .any(|p| p.contains("sv.consents[1].id must be"))
        );
    }
}
