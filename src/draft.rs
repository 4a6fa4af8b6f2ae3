//! The signing form's model: what the signer has typed and ticked so far, and the signing's id,
//! made once and kept across retries and reloads, so the endpoint counts the signature once.

use leptos::prelude::*;
use upprop_core::form::{TEXT_FIELD_COUNT, TextField, Typed};
use upprop_core::{ConsentDefinition, Field, Locale, SignatureRequest};
use uuid::Uuid;

use crate::config::Setup;
use crate::saved_draft::SavedDraft;
use crate::signing_id;

#[derive(Clone, Copy)]
pub struct Draft {
    /// The signing's id (`signing_id::text`); a new one once the signer corrects a signing
    /// already sent. Text in the fields' kind of signal: a signal of another type cost the
    /// widget 2 KiB of code.
    id: RwSignal<String>,
    /// The signing sent before that this one corrects (`SignatureRequest::replaces`), as
    /// text; empty while there is none.
    replaces: RwSignal<String>,
    /// What is typed in each of the form's text fields, in `TEXT_FIELDS`' order.
    pub texts: [RwSignal<String>; TEXT_FIELD_COUNT],
    pub public: RwSignal<bool>,
    pub consents: StoredValue<Vec<(ConsentDefinition, RwSignal<bool>)>>,
}

impl Draft {
    /// A fresh draft, or the one saved before a reload; consents start unticked: after a
    /// reload they are asked for again.
    pub fn new(consents: &[ConsentDefinition], saved: Option<SavedDraft>) -> Self {
        let saved = saved.unwrap_or_else(SavedDraft::fresh);
        Self {
            id: RwSignal::new(signing_id::text(&saved.id)),
            replaces: RwSignal::new(String::new()),
            texts: saved.texts.map(RwSignal::new),
            public: RwSignal::new(saved.public),
            consents: StoredValue::new(
                consents
                    .iter()
                    .map(|consent| (consent.clone(), RwSignal::new(false)))
                    .collect(),
            ),
        }
    }

    /// What the page's own form already holds (typed in the server's first view before the
    /// widget started): it wins over a saved draft, and ticks what was ticked there.
    pub fn adopt(&self, typed: &Typed) {
        for (field, value) in self.texts.iter().zip(&typed.texts) {
            if !value.is_empty() {
                field.set(value.clone());
            }
        }
        if typed.public {
            self.public.set(true);
        }
        self.consents.with_value(|consents| {
            for (definition, given) in consents {
                if typed.consents.contains(&definition.id) {
                    given.set(true);
                }
            }
        });
    }

    /// What is typed in the text field `field`.
    pub fn text(&self, field: &Field) -> RwSignal<String> {
        self.texts[TextField::index_of(field).unwrap_or_default()]
    }

    /// The signing's id as it stands.
    pub fn id(&self) -> Uuid {
        Uuid::try_parse(&self.id.get_untracked()).unwrap_or_default()
    }

    /// The signing sent becomes the one this draft corrects (from the thanks: a mistyped
    /// address, or a mail that never came), as a new signing with the id `fresh`; what was
    /// typed and ticked stays, to be changed and sent again.
    pub fn correct(&self, fresh: Uuid) {
        self.replaces.set(self.id.get_untracked());
        self.id.set(signing_id::text(&fresh));
    }

    /// What survives a reload, read reactively.
    pub fn saved(&self) -> SavedDraft {
        SavedDraft {
            id: Uuid::try_parse(&self.id.get()).unwrap_or_default(),
            texts: self.texts.map(|text| text.get()),
            public: self.public.get(),
        }
    }

    /// What is typed and ticked, read reactively.
    pub fn typed(&self) -> Typed {
        Typed {
            texts: self.texts.map(|text| text.get()),
            public: self.public.get(),
            consents: self.consents.with_value(|consents| {
                consents
                    .iter()
                    .filter(|(_, given)| given.get())
                    .map(|(definition, _)| definition.id.clone())
                    .collect()
            }),
        }
    }

    /// The request as it stands, read reactively so validation follows every keystroke.
    pub fn request(&self, locale: Locale, setup: &Setup) -> SignatureRequest {
        let id = Uuid::try_parse(&self.id.get()).unwrap_or_default();
        let request = self.consents.with_value(|consents| {
            let definitions: Vec<ConsentDefinition> = consents
                .iter()
                .map(|(definition, _)| definition.clone())
                .collect();
            self.typed()
                .request(id, &definitions, locale, setup.source.clone())
        });
        SignatureRequest {
            replaces: Uuid::try_parse(&self.replaces.get()).ok(),
            ..request
        }
    }
}

#[cfg(test)]
mod tests {
    use upprop_core::SignatureSource;

    use super::*;

    fn consents() -> Vec<ConsentDefinition> {
        ["processing", "contact"]
            .map(|id| ConsentDefinition {
                id: id.into(),
                required: id == "processing",
                text: format!("Jag samtycker ({id})"),
            })
            .into()
    }

    fn saved() -> SavedDraft {
        SavedDraft {
            id: Uuid::from_u128(7),
            texts: ["Anna", "Svensson", "anna@example.se", "", "Sparad"].map(String::from),
            public: false,
        }
    }

    fn setup() -> Setup {
        Setup {
            endpoint: "https://api.example/api/v1".into(),
            slug: "upprop-socialtjansten".into(),
            source: SignatureSource {
                url: "https://blog.example/post".into(),
                referrer: None,
            },
            share_url: "https://blog.example/post".into(),
        }
    }

    /// What a form holding the `posted` fields reads as.
    fn in_the_page(posted: &[(&str, &str)]) -> Typed {
        let value = |name: &str| {
            posted
                .iter()
                .find(|(field, _)| *field == name)
                .map(|(_, value)| *value)
        };
        Typed::posted(value, &consents())
    }

    #[test]
    fn a_saved_draft_comes_back_with_its_id_and_without_its_consents() {
        let draft = Draft::new(&consents(), Some(saved()));
        assert_eq!(draft.saved(), saved());
        let request = draft.request(Locale::Sv, &setup());
        assert_eq!(request.id, Uuid::from_u128(7));
        assert_eq!(request.source, setup().source);
        assert_eq!(
            request
                .consents
                .iter()
                .map(|consent| (consent.id.as_str(), consent.given))
                .collect::<Vec<_>>(),
            [("processing", false), ("contact", false)]
        );
    }

    #[test]
    fn what_was_typed_in_the_page_wins_over_the_saved_draft_and_ticks_what_was_ticked() {
        let draft = Draft::new(&consents(), Some(saved()));
        draft.adopt(&in_the_page(&[
            ("first_name", ""),
            ("email", "anna@annan.se"),
            ("postal_code", "123 45"),
            ("public", "true"),
            ("contact", "true"),
        ]));
        assert_eq!(
            draft.saved(),
            SavedDraft {
                texts: ["Anna", "Svensson", "anna@annan.se", "123 45", "Sparad"].map(String::from),
                public: true,
                ..saved()
            }
        );
        let given: Vec<bool> = draft
            .request(Locale::Sv, &setup())
            .consents
            .iter()
            .map(|consent| consent.given)
            .collect();
        assert_eq!(given, [false, true]);
    }

    #[test]
    fn a_correction_is_a_new_signing_that_names_the_one_it_corrects() {
        let draft = Draft::new(&consents(), Some(saved()));
        draft
            .consents
            .with_value(|consents| consents[0].1.set(true));
        assert_eq!(draft.request(Locale::Sv, &setup()).replaces, None);
        draft.correct(Uuid::from_u128(8));
        draft.text(&Field::Email).set("anna@gmail.com".into());
        let request = draft.request(Locale::Sv, &setup());
        assert_eq!(
            (request.id, request.replaces),
            (Uuid::from_u128(8), Some(Uuid::from_u128(7)))
        );
        assert_eq!(draft.id(), Uuid::from_u128(8));
        assert!(request.consents[0].given, "what was ticked stays ticked");
        assert_eq!(
            (request.first_name.as_str(), request.email.as_str()),
            ("Anna", "anna@gmail.com")
        );
        // Corrected again, it still replaces the one thanked for last.
        draft.correct(Uuid::from_u128(9));
        let request = draft.request(Locale::Sv, &setup());
        assert_eq!(
            (request.id, request.replaces),
            (Uuid::from_u128(9), Some(Uuid::from_u128(8)))
        );
    }

    #[test]
    fn an_empty_form_in_the_page_changes_nothing() {
        let draft = Draft::new(
            &consents(),
            Some(SavedDraft {
                public: true,
                ..saved()
            }),
        );
        draft.adopt(&in_the_page(&[]));
        assert_eq!(
            draft.saved(),
            SavedDraft {
                public: true,
                ..saved()
            }
        );
    }
}
