//! The signer's unsent draft, kept in the tab's sessionStorage: a phone's in-app browser
//! drops and reloads pages freely, and a reload must lose neither what was typed nor the
//! signing's id (a retry after a reload is still the same signature). Consents are not kept:
//! after a reload they are asked for again. The draft is erased once the signature is sent,
//! and the browser erases it when the tab closes.

use upprop_core::Locale;
use upprop_core::form::{TEXT_FIELD_COUNT, TEXT_FIELDS};
use uuid::Uuid;
use web_sys::Storage;

use crate::json::{self, Json};
use crate::signing_id;

#[derive(Debug, Clone, PartialEq)]
pub struct SavedDraft {
    pub id: Uuid,
    /// What was typed in each of the form's text fields, in `TEXT_FIELDS`' order.
    pub texts: [String; TEXT_FIELD_COUNT],
    pub public: bool,
}

impl SavedDraft {
    pub fn fresh() -> Self {
        Self {
            id: signing_id::fresh(),
            ..Self::blank()
        }
    }

    fn blank() -> Self {
        Self {
            id: Uuid::nil(),
            texts: Default::default(),
            public: false,
        }
    }

    fn to_json(&self) -> String {
        let texts = TEXT_FIELDS
            .iter()
            .zip(&self.texts)
            .map(|(text_field, value)| (text_field.field.name(), value.as_str().into()));
        let entries: Vec<_> = [("id", signing_id::text(&self.id).into())]
            .into_iter()
            .chain(texts)
            .chain([("public", self.public.into())])
            .collect();
        json::stringify(&json::object(&entries))
    }

    fn from_json(text: &str) -> Option<Self> {
        let saved = Json::parse(text)?;
        Some(Self {
            id: Uuid::try_parse(&saved.string("id")).ok()?,
            texts: TEXT_FIELDS
                .each_ref()
                .map(|text_field| saved.string(text_field.field.name())),
            public: saved.bool("public"),
        })
    }
}

/// Where one petition's draft in one language is kept.
pub struct DraftSlot(String);

impl DraftSlot {
    pub fn new(petition: &str, locale: Locale) -> Self {
        Self(["upprop:draft:", petition, ":", locale.as_str()].concat())
    }

    // sessionStorage may be missing or refuse (sandboxed frames, full quota): the widget then
    // works as before, only without surviving a reload.
    fn storage() -> Option<Storage> {
        web_sys::window()?.session_storage().ok()?
    }

    pub fn load(&self) -> Option<SavedDraft> {
        SavedDraft::from_json(&Self::storage()?.get_item(&self.0).ok()??)
    }

    /// Keeps `draft`; a blank one is not kept at all.
    pub fn save(&self, draft: &SavedDraft) {
        let blank = SavedDraft {
            id: draft.id,
            ..SavedDraft::blank()
        };
        if *draft == blank {
            return self.erase();
        }
        if let Some(storage) = Self::storage() {
            let _ = storage.set_item(&self.0, &draft.to_json());
        }
    }

    pub fn erase(&self) {
        if let Some(storage) = Self::storage() {
            let _ = storage.remove_item(&self.0);
        }
    }
}
