//! The signer's unsent draft, kept in the tab's sessionStorage: a phone's in-app browser
//! drops and reloads pages freely, and a reload must lose neither what was typed nor the
//! signing's id (a retry after a reload is still the same signature). Consents are not kept:
//! after a reload they are asked for again. The draft is erased once the signature is sent,
//! and the browser erases it when the tab closes.

use upprop_core::Locale;
use uuid::Uuid;
use web_sys::Storage;

use crate::json::{self, Json};
use crate::signing_id;

#[derive(Debug, Clone, PartialEq)]
pub struct SavedDraft {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub postal_code: String,
    pub comment: String,
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
            first_name: String::new(),
            last_name: String::new(),
            email: String::new(),
            postal_code: String::new(),
            comment: String::new(),
            public: false,
        }
    }

    fn to_json(&self) -> String {
        json::stringify(&json::object(&[
            ("id", signing_id::text(&self.id).into()),
            ("first_name", self.first_name.as_str().into()),
            ("last_name", self.last_name.as_str().into()),
            ("email", self.email.as_str().into()),
            ("postal_code", self.postal_code.as_str().into()),
            ("comment", self.comment.as_str().into()),
            ("public", self.public.into()),
        ]))
    }

    fn from_json(text: &str) -> Option<Self> {
        let saved = Json::parse(text)?;
        Some(Self {
            id: Uuid::try_parse(&saved.string("id")).ok()?,
            first_name: saved.string("first_name"),
            last_name: saved.string("last_name"),
            email: saved.string("email"),
            postal_code: saved.string("postal_code"),
            comment: saved.string("comment"),
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
