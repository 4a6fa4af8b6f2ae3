//! The signer's unsent draft, kept in the tab's sessionStorage: a phone's in-app browser
//! drops and reloads pages freely, and a reload must lose neither what was typed nor the
//! signing's id (a retry after a reload is still the same signature). Consents are not kept:
//! after a reload they are asked for again. The draft is erased once the signature is sent,
//! and the browser erases it when the tab closes.

use serde::{Deserialize, Serialize};
use upprop_core::Locale;
use uuid::Uuid;
use web_sys::Storage;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedDraft {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub postal_code: String,
    pub comment: String,
    pub public: bool,
}

/// Where one petition's draft in one language is kept.
pub struct DraftSlot(String);

impl DraftSlot {
    pub fn new(petition: &str, locale: Locale) -> Self {
        Self(format!("upprop:draft:{petition}:{}", locale.as_str()))
    }

    // sessionStorage may be missing or refuse (sandboxed frames, full quota): the widget then
    // works as before, only without surviving a reload.
    fn storage() -> Option<Storage> {
        web_sys::window()?.session_storage().ok()?
    }

    pub fn load(&self) -> Option<SavedDraft> {
        let json = Self::storage()?.get_item(&self.0).ok()??;
        serde_json::from_str(&json).ok()
    }

    pub fn save(&self, draft: &SavedDraft) {
        if let (Some(storage), Ok(json)) = (Self::storage(), serde_json::to_string(draft)) {
            let _ = storage.set_item(&self.0, &json);
        }
    }

    pub fn erase(&self) {
        if let Some(storage) = Self::storage() {
            let _ = storage.remove_item(&self.0);
        }
    }
}
