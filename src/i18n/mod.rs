//! Every string of the widget's own interface, one file per language. The appeal's words are
//! not here: they are content (see `content/`).

mod en;
mod sv;

use upprop_core::content::Age;
use upprop_core::{FieldError, Locale};

pub struct Strings {
    pub read_story: &'static str,
    pub read_memorial: &'static str,
    pub organizer_heading: &'static str,
    pub contact_organizer: &'static str,
    pub form_heading: &'static str,
    pub first_name: &'static str,
    pub last_name: &'static str,
    pub email: &'static str,
    pub email_hint: &'static str,
    pub postal_code: &'static str,
    pub comment: &'static str,
    pub optional: &'static str,
    pub public_name: &'static str,
    pub required_consent: &'static str,
    pub privacy_heading: &'static str,
    pub submit: &'static str,
    pub retry: &'static str,
    pub sending: &'static str,
    pub thanks_heading: &'static str,
    pub thanks_body: &'static str,
    pub confirm_heading: &'static str,
    pub confirm_body: &'static str,
    pub share: &'static str,
    pub unreachable: &'static str,
    pub server_failed: &'static str,
    pub rate_limited: &'static str,
    pub petition_gone: &'static str,
    pub refused: &'static str,
    pub missing_endpoint: &'static str,
    pub unknown_petition: &'static str,
    pub required: &'static str,
    pub too_long: fn(usize) -> String,
    pub invalid_characters: &'static str,
    pub invalid_email: &'static str,
    pub invalid_postal_code: &'static str,
    pub consent_required: &'static str,
    pub unknown_consent: &'static str,
    pub age: fn(Age) -> String,
}

impl Strings {
    pub fn of(locale: Locale) -> &'static Strings {
        match locale {
            Locale::Sv => &sv::STRINGS,
            Locale::En => &en::STRINGS,
        }
    }

    pub fn field_error(&self, error: FieldError) -> String {
        match error {
            FieldError::Required => self.required.into(),
            FieldError::TooLong { max_chars } => (self.too_long)(max_chars),
            FieldError::ForbiddenCharacters => self.invalid_characters.into(),
            FieldError::InvalidEmail => self.invalid_email.into(),
            FieldError::InvalidPostalCode => self.invalid_postal_code.into(),
            FieldError::ConsentRequired => self.consent_required.into(),
            FieldError::UnknownConsent => self.unknown_consent.into(),
        }
    }
}
