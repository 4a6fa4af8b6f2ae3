//! The signing form's model: what the signer has typed and ticked so far, and the signing's id,
//! made once and kept across retries and reloads, so the endpoint counts the signature once.

use leptos::prelude::*;
use upprop_core::{ConsentDefinition, ConsentRecord, Locale, SignatureRequest};
use uuid::Uuid;

use crate::config::Setup;
use crate::saved_draft::SavedDraft;
use crate::signing_id;
use crate::takeover::Takeover;

#[derive(Clone, Copy)]
pub struct Draft {
    /// The signing's id (`signing_id::text`); a new one once the signer corrects a signing
    /// already sent. Text in the fields' kind of signal: a signal of another type cost the
    /// widget 2 KiB of code.
    id: RwSignal<String>,
    /// The signing sent before that this one corrects (`SignatureRequest::replaces`), as
    /// text; empty while there is none.
    replaces: RwSignal<String>,
    pub first_name: RwSignal<String>,
    pub last_name: RwSignal<String>,
    pub email: RwSignal<String>,
    pub postal_code: RwSignal<String>,
    pub comment: RwSignal<String>,
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
            first_name: RwSignal::new(saved.first_name),
            last_name: RwSignal::new(saved.last_name),
            email: RwSignal::new(saved.email),
            postal_code: RwSignal::new(saved.postal_code),
            comment: RwSignal::new(saved.comment),
            public: RwSignal::new(saved.public),
            consents: StoredValue::new(
                consents
                    .iter()
                    .map(|consent| (consent.clone(), RwSignal::new(false)))
                    .collect(),
            ),
        }
    }

    /// What the signer typed and ticked in the page's own form that the widget takes over:
    /// it wins over a saved draft, and ticks what was ticked there.
    pub fn take_over(&self, takeover: &Takeover) {
        for (field, name) in [
            (self.first_name, "first_name"),
            (self.last_name, "last_name"),
            (self.email, "email"),
            (self.postal_code, "postal_code"),
            (self.comment, "comment"),
        ] {
            if let Some(typed) = takeover.value(name) {
                field.set(typed.to_owned());
            }
        }
        if takeover.value("public").is_some() {
            self.public.set(true);
        }
        self.consents.with_value(|consents| {
            for (definition, given) in consents {
                if takeover.value(&definition.id).is_some() {
                    given.set(true);
                }
            }
        });
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
            first_name: self.first_name.get(),
            last_name: self.last_name.get(),
            email: self.email.get(),
            postal_code: self.postal_code.get(),
            comment: self.comment.get(),
            public: self.public.get(),
        }
    }

    /// The request as it stands, read reactively so validation follows every keystroke.
    pub fn request(&self, locale: Locale, setup: &Setup) -> SignatureRequest {
        let SavedDraft {
            id,
            first_name,
            last_name,
            email,
            postal_code,
            comment,
            public,
        } = self.saved();
        SignatureRequest {
            id,
            first_name,
            last_name,
            email,
            postal_code,
            comment,
            public,
            consents: self.consents.with_value(|consents| {
                consents
                    .iter()
                    .map(|(definition, given)| ConsentRecord {
                        id: definition.id.clone(),
                        text: definition.text.clone(),
                        given: given.get(),
                    })
                    .collect()
            }),
            locale,
            source: setup.source.clone(),
            website: String::new(),
            elapsed_ms: None,
            proof: None,
            replaces: Uuid::try_parse(&self.replaces.get()).ok(),
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
            first_name: "Anna".into(),
            last_name: "Svensson".into(),
            email: "anna@example.se".into(),
            postal_code: String::new(),
            comment: "Sparad".into(),
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

    fn takeover(typed: &[(&str, &str)]) -> Takeover {
        Takeover {
            typed: typed
                .iter()
                .map(|(name, value)| ((*name).into(), (*value).into()))
                .collect(),
            ..Takeover::default()
        }
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
        draft.take_over(&takeover(&[
            ("email", "anna@annan.se"),
            ("postal_code", "123 45"),
            ("public", "true"),
            ("contact", "true"),
        ]));
        assert_eq!(
            draft.saved(),
            SavedDraft {
                email: "anna@annan.se".into(),
                postal_code: "123 45".into(),
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
        draft.email.set("anna@gmail.com".into());
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
    fn an_empty_takeover_changes_nothing() {
        let draft = Draft::new(
            &consents(),
            Some(SavedDraft {
                public: true,
                ..saved()
            }),
        );
        draft.take_over(&Takeover::default());
        assert_eq!(
            draft.saved(),
            SavedDraft {
                public: true,
                ..saved()
            }
        );
    }
}
