//! A campaign's manifestations, as content: where the petition meets people (a candle in a
//! window, a square), each with its own short appeal, as on its flyer. The server checks the
//! times when it reads the content (they are in the campaign's zone, Europe/Stockholm) and
//! renders each one's page.

use serde::{Deserialize, Serialize};

use crate::Locale;

/// The manifestation a petition's answer (`GET …/petitions/{slug}`) features beside the
/// appeal, worded by the endpoint in the answer's language, so that the widget only writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeaturedEvent {
    pub title: String,
    /// "Hölls: söndag 7 februari 2021, hela dagen".
    pub when: String,
    /// Its page.
    pub url: String,
    /// "Tända ljus: 1 234".
    pub candles: String,
}

/// A reminder is sent at most two weeks ahead: sooner, it is no reminder.
pub const MAX_REMIND_HOURS_BEFORE: u32 = 14 * 24;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifestation {
    /// Its id in URLs: `/p/{slug}/events/{id}`.
    pub id: String,
    /// When it starts and ends in the campaign's zone: "2021-02-07T18:00", or a day,
    /// "2021-02-07", for all of it.
    pub starts: String,
    pub ends: String,
    /// Where: an address, or wherever each one is.
    pub places: Vec<Place>,
    /// Once it is over: shown as held, or not at all.
    #[serde(default)]
    pub afterwards: Afterwards,
    /// How many hours before it starts a reader who asked is reminded by mail; without it, no
    /// reminder is offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remind_hours_before: Option<u32>,
    pub sv: ManifestationText,
    pub en: ManifestationText,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Place {
    /// A place to meet: its name ("Sergels torg") and address.
    Address { name: String, address: String },
    /// Wherever each one is: a window, a balcony.
    Anywhere,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Afterwards {
    /// Shown as held.
    #[default]
    Held,
    /// Shown no more.
    Hidden,
}

/// What a reader reads of a manifestation, in one language: the flyer's words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestationText {
    pub title: String,
    pub description: Vec<String>,
    /// Its own short appeal, and the demands it makes.
    pub appeal: Vec<String>,
    pub demands: Vec<String>,
    /// What it asks of everyone ("Låt ditt ljus brinna för alla utsatta barn").
    pub call: String,
}

impl Manifestation {
    pub fn text(&self, locale: Locale) -> &ManifestationText {
        match locale {
            Locale::Sv => &self.sv,
            Locale::En => &self.en,
        }
    }

    /// What is missing or malformed, each named by its field under `events[{index}]`; the
    /// times are the server's to check.
    pub fn problems(&self, index: usize) -> Vec<String> {
        let at = |field: &str| format!("events[{index}].{field}");
        let mut problems = Vec::new();
        if self.id.is_empty()
            || !self
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            problems.push(format!(
                "{} must be lower-case letters a-z, digits and hyphens",
                at("id")
            ));
        }
        if self.places.is_empty() {
            problems.push(format!("{} is empty", at("places")));
        }
        if self
            .remind_hours_before
            .is_some_and(|hours| !(1..=MAX_REMIND_HOURS_BEFORE).contains(&hours))
        {
            problems.push(format!(
                "{} must be from 1 to {MAX_REMIND_HOURS_BEFORE} hours",
                at("remind_hours_before")
            ));
        }
        for (index, place) in self.places.iter().enumerate() {
            if let Place::Address { name, address } = place {
                for (field, value) in [("name", name), ("address", address)] {
                    if value.trim().is_empty() {
                        problems.push(format!(
                            "{} is empty",
                            at(&format!("places[{index}].{field}"))
                        ));
                    }
                }
            }
        }
        for locale in [Locale::Sv, Locale::En] {
            let text = self.text(locale);
            let lang = locale.as_str();
            for (field, value) in [("title", &text.title), ("call", &text.call)] {
                if value.trim().is_empty() {
                    problems.push(format!("{} is empty", at(&format!("{lang}.{field}"))));
                }
            }
            for (field, list) in [("description", &text.description), ("appeal", &text.appeal)] {
                if list.iter().all(|paragraph| paragraph.trim().is_empty()) {
                    problems.push(format!("{} is empty", at(&format!("{lang}.{field}"))));
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::tests::bundled;

    #[test]
    fn the_flyer_s_manifestation_is_in_the_content_and_whole() {
        let petition = bundled();
        assert_eq!(petition.events.len(), 1);
        let flyer = &petition.events[0];
        assert_eq!(
            (flyer.starts.as_str(), flyer.places.as_slice()),
            ("2021-02-07", &[Place::Anywhere][..])
        );
        assert!(flyer.sv.call.ends_with("Tillsammans gör vi skillnad!"));
        assert_eq!(flyer.sv.demands.len(), flyer.en.demands.len());
        assert!(petition.problems().is_empty(), "{:?}", petition.problems());
    }

    #[test]
    fn each_problem_of_an_event_is_named_by_its_field() {
        let mut petition = bundled();
        let mut second = petition.events[0].clone();
        second.id = "Ljus 2027".into();
        second.places = vec![Place::Address {
            name: "Sergels torg".into(),
            address: " ".into(),
        }];
        second.en.title.clear();
        let mut again = petition.events[0].clone();
        again.places.clear();
        again.remind_hours_before = Some(0);
        petition.events.extend([second, again]);
        assert_eq!(
            petition.problems(),
            [
                "events[1].id must be lower-case letters a-z, digits and hyphens",
                "events[1].places[0].address is empty",
                "events[1].en.title is empty",
                "events[2].places is empty",
                "events[2].remind_hours_before must be from 1 to 336 hours",
                "events[2].id \"ljusmanifestation-2021\" is another event's too",
            ]
        );
    }
}
