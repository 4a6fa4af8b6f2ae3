//! The appeal the widget shows, as the endpoint serves it: `GET {endpoint}/petitions/{slug}?lang=`
//! answers one petition in one language with its counts. The widget carries no campaign of its
//! own, so a new campaign is a new content file on the server, never a new widget build.
//! `embed.js` starts that request at once, beside the download of the widget itself.

use upprop_core::content::{Age, Link, Organizer, Remembered, ShareText, Statistic};
use upprop_core::manifestation::FeaturedEvent;
use upprop_core::markup::Background;
use upprop_core::proof::Challenge;
use upprop_core::{ConsentDefinition, PetitionText, SignatureCounts};

use crate::json::Json;

/// One petition in the widget's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    pub slug: String,
    pub organizer: Organizer,
    pub hashtags: Vec<String>,
    pub links: Vec<Link>,
    pub memorial: Vec<Remembered>,
    pub text: PetitionText,
    /// The proof of work the endpoint asks a signature to bring, if any.
    pub challenge: Option<Challenge>,
    /// The manifestation the endpoint shows beside the appeal, in its own words, if any.
    pub event: Option<FeaturedEvent>,
}

impl Content {
    pub fn background(&self) -> Background<'_> {
        Background {
            organizer: &self.organizer,
            memorial: &self.memorial,
            links: &self.links,
            hashtags: &self.hashtags,
        }
    }
}

/// What the endpoint's answer held.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Petition {
        content: &'static Content,
        /// `None` when the endpoint does not count (a custom endpoint need not).
        counts: Option<SignatureCounts>,
        /// Closed by the organiser: the final count, and no form.
        closed: bool,
    },
    /// The endpoint knows no petition by that slug.
    Unknown,
    /// Its organiser took it down from view.
    Unpublished,
    /// No answer, or not one the widget can read.
    Unreadable,
}

impl Answer {
    /// Reads the answer `embed.js` fetched: its JSON, or `null` when the request failed.
    pub fn read(answer: &Json) -> Self {
        let petition = answer.get("petition");
        if petition.is_object() {
            // Each widget reads its content once, and it lives as long as the page.
            let content = Box::leak(Box::new(Content {
                challenge: challenge(&answer.get("challenge")),
                event: featured_event(&answer.get("event")),
                ..Content::read(&petition)
            }));
            return Self::Petition {
                content,
                counts: counts(answer),
                closed: answer.bool("closed"),
            };
        }
        match answer.get("error").string("code").as_str() {
            "petition_not_found" => Self::Unknown,
            "petition_unpublished" => Self::Unpublished,
            _ => Self::Unreadable,
        }
    }
}

/// A challenge as the endpoint writes it (in the petition's answer, or in an error).
pub fn challenge(value: &Json) -> Option<Challenge> {
    let salt = value.optional_string("salt")?;
    Some(Challenge {
        salt,
        difficulty: u8::try_from(value.count("difficulty")?).ok()?,
        signature: value.string("signature"),
    })
}

/// The manifestation an answer features, as the endpoint worded it.
fn featured_event(value: &Json) -> Option<FeaturedEvent> {
    Some(FeaturedEvent {
        title: value.optional_string("title")?,
        when: value.string("when"),
        url: value.string("url"),
        candles: value.string("candles"),
    })
}

/// The counts in an answer to `GET …/petitions/{slug}`.
pub fn counts(answer: &Json) -> Option<SignatureCounts> {
    let signatures = answer.get("signatures");
    Some(SignatureCounts {
        confirmed: signatures.count("confirmed")?,
        goal: signatures.count("goal"),
    })
}

impl Content {
    fn read(petition: &Json) -> Self {
        let organizer = petition.get("organizer");
        let text = petition.get("text");
        let statistic = text.get("statistic");
        let share = text.get("share");
        Self {
            slug: petition.string("slug"),
            organizer: Organizer {
                name: organizer.string("name"),
                email: organizer.string("email"),
                website: organizer.string("website"),
            },
            hashtags: petition.strings("hashtags"),
            links: petition
                .list("links")
                .iter()
                .map(|link| Link {
                    label: link.string("label"),
                    url: link.string("url"),
                })
                .collect(),
            memorial: petition
                .list("memorial")
                .iter()
                .map(|child| {
                    let age = child.get("age");
                    let years = age.count("years");
                    Remembered {
                        name: child.string("name"),
                        age: match years {
                            Some(years) => Age::Years(years as u8),
                            None => Age::Months(age.count("months").unwrap_or(0) as u8),
                        },
                        died: child.count("died").unwrap_or(0) as u16,
                    }
                })
                .collect(),
            text: PetitionText {
                title: text.string("title"),
                // Named by the server's handover document; the widget does not show it.
                addressee: text.optional_string("addressee"),
                story: text.strings("story"),
                call_to_action: text.string("call_to_action"),
                demands_heading: text.string("demands_heading"),
                demands: text.strings("demands"),
                statistic: Statistic {
                    source: statistic.string("source"),
                    figure: statistic.string("figure"),
                    text: statistic.string("text"),
                },
                closing: text.strings("closing"),
                memorial_heading: text.string("memorial_heading"),
                memorial_epilogue: text.strings("memorial_epilogue"),
                consents: text
                    .list("consents")
                    .iter()
                    .map(|consent| ConsentDefinition {
                        id: consent.string("id"),
                        required: consent.bool("required"),
                        text: consent.string("text"),
                    })
                    .collect(),
                privacy_notice: text.strings("privacy_notice"),
                share: ShareText {
                    text: share.string("text"),
                    email_subject: share.string("email_subject"),
                    summary: share.string("summary"),
                },
            },
            challenge: None,
            event: None,
        }
    }
}
