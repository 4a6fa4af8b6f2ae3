//! Every string of the signing interface, one file per language: the widget's and the
//! landing page's form say the same words. The appeal's words are
//! not here: they are content (see `content/`).

mod en;
mod sv;

use crate::content::Age;
use crate::share::Channel;
use crate::{FieldError, Locale};

pub struct Strings {
    pub jump_to_form: &'static str,
    /// Lifts the first view's fixed height, showing the whole appeal, and the form in it, in
    /// the page.
    pub show_all: &'static str,
    /// Gives the first view its fixed height back.
    pub fold_appeal: &'static str,
    /// Before the organiser's name: "An appeal by".
    pub appeal_by: &'static str,
    /// Before whom the appeal is addressed to: "to".
    pub addressed_to: &'static str,
    /// The label of the hidden trap field, in case a person ever meets it.
    pub trap: &'static str,
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
    /// "We have sent an e-mail to", followed by the address.
    pub confirm_sent_to: &'static str,
    pub confirm_body: &'static str,
    /// Where a confirmation mail may be, and when it can be sent again.
    pub spam_hint: &'static str,
    /// The thanks' way back to the form, to correct the address or have the mail sent again.
    pub correct_address: &'static str,
    /// "Did you mean", followed by the address a likely typo means (`mail_domain`).
    pub did_you_mean: &'static str,
    pub share: &'static str,
    pub share_native: &'static str,
    /// The label of a share link, e.g. "Dela på Facebook".
    pub share_on: fn(Channel) -> &'static str,
    pub copy_link: &'static str,
    pub link_copied: &'static str,
    pub copy_by_hand: &'static str,
    /// In a sandboxed frame, in place of the share links: where the signer will find them.
    pub share_after_confirming: &'static str,
    pub progress_label: &'static str,
    /// The signature could not be sent and waits, kept in the browser: the endpoint is
    /// unreachable, or it failed or asked to wait.
    pub kept_unreachable: &'static str,
    pub kept_busy: &'static str,
    /// The same where storage is refused (a sandboxed frame): kept only while the page is open.
    pub kept_unreachable_in_page: &'static str,
    pub kept_busy_in_page: &'static str,
    pub sent_after_waiting: &'static str,
    pub server_failed: &'static str,
    pub rate_limited: &'static str,
    pub petition_gone: &'static str,
    /// The organiser took the petition down from view.
    pub petition_unpublished: &'static str,
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
    pub closed_heading: &'static str,
    /// The final count of a closed petition.
    pub closed_count: fn(u64) -> String,
    /// A signature sent to a petition that has closed meanwhile.
    pub petition_closed: &'static str,
    /// The heading of the public list of signers.
    pub recent_signers: &'static str,
    /// How long ago, given in seconds, a signer signed: "för 5 min sedan".
    pub signed_ago: fn(u64) -> String,
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

/// `seconds` in the largest whole unit that fits: minutes under an hour, hours under a day,
/// then days; `None` under a minute.
pub fn elapsed_unit(seconds: u64) -> Option<(u64, TimeUnit)> {
    match seconds {
        0..60 => None,
        60..3_600 => Some((seconds / 60, TimeUnit::Minutes)),
        3_600..86_400 => Some((seconds / 3_600, TimeUnit::Hours)),
        _ => Some((seconds / 86_400, TimeUnit::Days)),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    Minutes,
    Hours,
    Days,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn how_long_ago_reads_naturally_in_both_languages() {
        let sv = Strings::of(Locale::Sv).signed_ago;
        let en = Strings::of(Locale::En).signed_ago;
        for (seconds, swedish, english) in [
            (5, "nyss", "just now"),
            (60, "för 1 minut sedan", "1 minute ago"),
            (59 * 60 + 59, "för 59 minuter sedan", "59 minutes ago"),
            (3_600, "för 1 timme sedan", "1 hour ago"),
            (5 * 3_600, "för 5 timmar sedan", "5 hours ago"),
            (86_400, "för 1 dag sedan", "1 day ago"),
            (3 * 86_400, "för 3 dagar sedan", "3 days ago"),
        ] {
            assert_eq!(sv(seconds), swedish);
            assert_eq!(en(seconds), english);
        }
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
