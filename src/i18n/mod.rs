//! Every string of the widget's own interface, one file per language. The appeal's words are
//! not here: they are content (see `content/`).

mod en;
mod sv;

use upprop_core::content::Age;
use upprop_core::{FieldError, Locale};

pub struct Strings {
    pub jump_to_form: &'static str,
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
    pub signature_count: fn(u64, Option<u64>) -> String,
}

/// `1234567` as `1 234 567` (Swedish, with no-break spaces) or `1,234,567` (English).
pub fn group_digits(number: u64, separator: char) -> String {
    let digits = number.to_string();
    let mut grouped = String::with_capacity(digits.len() * 2);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    grouped
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped_by_thousands() {
        assert_eq!(group_digits(0, ','), "0");
        assert_eq!(group_digits(999, ','), "999");
        assert_eq!(group_digits(1_000, ','), "1,000");
        assert_eq!(group_digits(1_234_567, '\u{a0}'), "1\u{a0}234\u{a0}567");
    }

    #[test]
    fn counts_read_naturally_in_both_languages() {
        let sv = Strings::of(Locale::Sv);
        let en = Strings::of(Locale::En);
        assert_eq!((sv.signature_count)(1, None), "1 har skrivit under");
        assert_eq!(
            (sv.signature_count)(12_500, Some(50_000)),
            "12\u{a0}500 av 50\u{a0}000 har skrivit under"
        );
        assert_eq!((en.signature_count)(1, None), "1 person has signed");
        assert_eq!(
            (en.signature_count)(2_000, Some(10_000)),
            "2,000 of 10,000 people have signed"
        );
    }
}
