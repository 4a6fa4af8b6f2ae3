//! One type per form field, each built only by `parse`: holding a `PersonName` means the
//! name has passed the rules, so nothing downstream validates again.

use std::fmt;

use serde::{Deserialize, Serialize};

// The rules below are also written as patterns, which the API's OpenAPI document publishes: a
// property test holds each pattern to its `parse`. They are ECMA-262 regular expressions (the
// dialect of JSON Schema) written so that Rust's `regex` and Python's `re` read them alike:
// explicit character classes with `\uXXXX` escapes, no `\s` or `\d`, no lookaround.

/// Unicode `White_Space`: what `str::trim` removes.
macro_rules! white_space {
    () => {
        r"\t-\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
    };
}

/// White space that is no control character: what may stand between words.
macro_rules! spacing {
    () => {
        r" \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
    };
}

/// What `char::is_control` is true for (general category Cc).
macro_rules! controls {
    () => {
        r"\u0000-\u001F\u007F-\u009F"
    };
}

/// `hides_or_reorders`.
macro_rules! hiding {
    () => {
        r"\u200B\u202A-\u202E\u2060\u2066-\u2069\uFEFF"
    };
}

/// `is_combining_mark`.
macro_rules! marks {
    () => {
        r"\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F"
    };
}

/// Text whose words are `$letter`s, each carrying at most three combining marks, separated by
/// `$between` and with any white space around it: what `readable` lets through.
macro_rules! words {
    ($letter:expr, $between:expr) => {
        concat!(
            $letter,
            "[",
            marks!(),
            "]{0,3}(?:[",
            $between,
            "]*",
            $letter,
            "[",
            marks!(),
            "]{0,3})*"
        )
    };
}

/// Why a field's value was refused. `code()` is the stable identifier the API answers with
/// and the widget translates; the variants never carry the refused value itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldError {
    Required,
    TooLong { max_chars: usize },
    ForbiddenCharacters,
    InvalidEmail,
    InvalidPostalCode,
    ConsentRequired,
    UnknownConsent,
}

impl FieldError {
    pub fn code(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::TooLong { .. } => "too_long",
            Self::ForbiddenCharacters => "invalid_characters",
            Self::InvalidEmail => "invalid_email",
            Self::InvalidPostalCode => "invalid_postal_code",
            Self::ConsentRequired => "consent_required",
            Self::UnknownConsent => "unknown_consent",
        }
    }

    /// Reads a `code()` back; `field` supplies the limit a `too_long` refers to.
    pub fn from_code(code: &str, field: &crate::Field) -> Option<Self> {
        Some(match code {
            "required" => Self::Required,
            "too_long" => Self::TooLong {
                max_chars: field.max_chars(),
            },
            "invalid_characters" => Self::ForbiddenCharacters,
            "invalid_email" => Self::InvalidEmail,
            "invalid_postal_code" => Self::InvalidPostalCode,
            "consent_required" => Self::ConsentRequired,
            "unknown_consent" => Self::UnknownConsent,
            _ => return None,
        })
    }

    /// An English sentence for API clients; the widget shows its own translations.
    pub fn message(self) -> String {
        match self {
            Self::Required => "This field is required.".into(),
            Self::TooLong { max_chars } => format!("Use at most {max_chars} characters."),
            Self::ForbiddenCharacters => "Remove the characters / ( ) \" < > \\ { }.".into(),
            Self::InvalidEmail => "This is not a valid e-mail address.".into(),
            Self::InvalidPostalCode => "A postal code has five digits, like 123 45.".into(),
            Self::ConsentRequired => "This consent is needed to sign.".into(),
            Self::UnknownConsent => "This petition has no such consent.".into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for FieldError {}

/// Any text without control characters: the fields a client sets and no person types
/// (`source.url`, `source.referrer`).
pub const CONTROL_FREE_PATTERN: &str = concat!("^[^", controls!(), "]*$");

/// The pattern of `text`, trimmed, with any white space around it: how a consent's words
/// must come back for `SignatureRequest::validate` to find them the petition's.
pub fn padded_pattern(text: &str) -> String {
    let mut pattern = String::from(concat!("^[", white_space!(), "]*"));
    for c in text.trim().chars() {
        if r"\^$.|?*+()[]{}".contains(c) {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push_str(concat!("[", white_space!(), "]*$"));
    pattern
}

/// Characters that have no place in a name and are the raw material of markup injection.
const FORBIDDEN_NAME_CHARACTERS: [char; 9] = ['/', '(', ')', '"', '<', '>', '\\', '{', '}'];

/// Characters that make text show something other than what it says: bidirectional
/// overrides, embeddings and isolates (which reverse or reorder what follows) and invisible
/// spaces and joiners-that-are-not-needed (which hide a difference). The zero-width joiner
/// and non-joiner stay: scripts and emoji sequences need them.
pub fn hides_or_reorders(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// More combining marks on one letter than any language writes (Vietnamese stacks two).
const MAX_STACKED_MARKS: usize = 3;

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Refuses text that hides or reorders what it shows, and floods of combining marks (or a
/// mark with no letter under it): the text must read as what it is.
fn readable(text: &str) -> Result<(), FieldError> {
    let mut stacked = 0;
    let mut previous_is_base = false;
    for c in text.chars() {
        if hides_or_reorders(c) {
            return Err(FieldError::ForbiddenCharacters);
        }
        if is_combining_mark(c) {
            stacked += 1;
            if stacked > MAX_STACKED_MARKS || (stacked == 1 && !previous_is_base) {
                return Err(FieldError::ForbiddenCharacters);
            }
        } else {
            stacked = 0;
            previous_is_base = !c.is_whitespace() && !c.is_control();
        }
    }
    Ok(())
}

/// Refuses over-long input (counted as sent, as a form's `maxlength` and the API document's
/// `maxLength` count it) and trims it; `None` means the field was left empty.
fn trimmed(input: &str, max_chars: usize) -> Result<Option<&str>, FieldError> {
    if input.chars().count() > max_chars {
        return Err(FieldError::TooLong { max_chars });
    }
    let value = input.trim();
    Ok((!value.is_empty()).then_some(value))
}

/// A first or last name as the signer writes it, trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    pub const MAX_CHARS: usize = 100;

    pub const PATTERN: &str = concat!(
        "^[",
        white_space!(),
        "]*",
        words!(
            concat!(
                "[^",
                white_space!(),
                controls!(),
                hiding!(),
                marks!(),
                r#"/()"<>\\{}]"#
            ),
            spacing!()
        ),
        "[",
        white_space!(),
        "]*$",
    );

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let name = trimmed(input, Self::MAX_CHARS)?.ok_or(FieldError::Required)?;
        if name
            .chars()
            .any(|c| c.is_control() || FORBIDDEN_NAME_CHARACTERS.contains(&c))
        {
            return Err(FieldError::ForbiddenCharacters);
        }
        readable(name)?;
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An e-mail address: trimmed, and a valid e-mail address as the HTML standard defines it
/// (what `<input type=email>` accepts, so the browser, the widget, the server and the API
/// document agree) with a dotted domain (a petition needs mail to arrive, and
/// `user@localhost` never does).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub const MAX_CHARS: usize = 254;
    const MAX_LOCAL_CHARS: usize = 64;
    const MAX_LABEL_CHARS: usize = 63;
    /// Characters of the local part besides ASCII letters and digits.
    const LOCAL_PUNCTUATION: &[u8] = b".!#$%&'*+/=?^_`{|}~-";

    pub const PATTERN: &str = concat!(
        "^[",
        white_space!(),
        "]*",
        r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@",
        r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+",
        r"[A-Za-z0-9][A-Za-z0-9-]{0,61}[A-Za-z0-9]",
        "[",
        white_space!(),
        "]*$",
    );

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let address = trimmed(input, Self::MAX_CHARS)?.ok_or(FieldError::Required)?;
        let Some((local, domain)) = address.split_once('@') else {
            return Err(FieldError::InvalidEmail);
        };
        let local_is_valid = (1..=Self::MAX_LOCAL_CHARS).contains(&local.len())
            && local
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || Self::LOCAL_PUNCTUATION.contains(&b));
        let label_is_valid = |label: &str| {
            (1..=Self::MAX_LABEL_CHARS).contains(&label.len())
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        };
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_is_valid = labels.len() >= 2
            && labels.iter().all(|label| label_is_valid(label))
            && labels.last().is_some_and(|top| top.len() >= 2);
        if !(local_is_valid && domain_is_valid) {
            return Err(FieldError::InvalidEmail);
        }
        Ok(Self(address.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used to recognise the same signer twice, by each provider's documented rules:
    /// case never matters in practice; Gmail ignores dots and a `+tag` in the local part and
    /// Googlemail is Gmail; the providers in `PLUS_TAG_DOMAINS` deliver `name+tag@` to
    /// `name@`. The address as typed is what mail is sent to.
    pub fn normalized(&self) -> String {
        let address = self.0.to_lowercase();
        let Some((local, domain)) = address.rsplit_once('@') else {
            return address;
        };
        let domain = if domain == "googlemail.com" {
            "gmail.com"
        } else {
            domain
        };
        let untagged = |local: &str| -> String {
            match local.split_once('+') {
                Some((name, _)) if !name.is_empty() => name.to_owned(),
                _ => local.to_owned(),
            }
        };
        let local = if domain == "gmail.com" {
            let undotted = untagged(local).replace('.', "");
            if undotted.is_empty() {
                local.to_owned()
            } else {
                undotted
            }
        } else if PLUS_TAG_DOMAINS.contains(&domain) {
            untagged(local)
        } else {
            local.to_owned()
        };
        format!("{local}@{domain}")
    }
}

/// Mail providers that document `name+tag@domain` as delivered to `name@domain`.
const PLUS_TAG_DOMAINS: &[&str] = &[
    "outlook.com",
    "outlook.se",
    "hotmail.com",
    "hotmail.se",
    "live.com",
    "live.se",
    "msn.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "fastmail.com",
    "proton.me",
    "protonmail.com",
    "pm.me",
];

/// A Swedish postal code, stored in its written form `NNN NN`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PostalCode(String);

impl PostalCode {
    pub const MAX_CHARS: usize = 16;

    pub const PATTERN: &str = concat!(
        "^[",
        white_space!(),
        "]*(?:(?:SE-?[",
        white_space!(),
        "]*)?",
        r"[1-9](?:[0-9]{4}| [0-9]{4}|[0-9] [0-9]{3}|[0-9]{2} [0-9]{2}|[0-9]{3} [0-9])",
        "[",
        white_space!(),
        "]*)?$",
    );

    /// Reads `12345`, `123 45` or `SE-123 45`; an empty field is `Ok(None)`: the code is optional.
    pub fn parse_optional(input: &str) -> Result<Option<Self>, FieldError> {
        let Some(value) =
            trimmed(input, Self::MAX_CHARS).map_err(|_| FieldError::InvalidPostalCode)?
        else {
            return Ok(None);
        };
        let without_country = value
            .strip_prefix("SE-")
            .or_else(|| value.strip_prefix("SE"))
            .unwrap_or(value)
            .trim_start();
        let digits: String = without_country.chars().filter(|c| *c != ' ').collect();
        let well_formed = digits.len() == 5
            && digits.bytes().all(|b| b.is_ascii_digit())
            && without_country.matches(' ').count() <= 1
            && !digits.starts_with('0');
        if !well_formed {
            return Err(FieldError::InvalidPostalCode);
        }
        Ok(Some(Self(format!("{} {}", &digits[..3], &digits[3..]))))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The signer's optional short comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Comment(String);

impl Comment {
    pub const MAX_CHARS: usize = 500;

    pub const PATTERN: &str = concat!(
        "^[",
        white_space!(),
        "]*(?:",
        words!(
            concat!("[^", white_space!(), controls!(), hiding!(), marks!(), "]"),
            concat!(r"\t\n\r", spacing!())
        ),
        "[",
        white_space!(),
        "]*)?$",
    );

    pub fn parse_optional(input: &str) -> Result<Option<Self>, FieldError> {
        let Some(comment) = trimmed(input, Self::MAX_CHARS)? else {
            return Ok(None);
        };
        // Line breaks are how people write comments; other control characters are not.
        if comment
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            return Err(FieldError::ForbiddenCharacters);
        }
        readable(comment)?;
        Ok(Some(Self(comment.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! string_conversions {
    ($($ty:ident => $parse:expr),* $(,)?) => {$(
        impl TryFrom<String> for $ty {
            type Error = FieldError;
            fn try_from(value: String) -> Result<Self, FieldError> {
                $parse(&value)
            }
        }
        impl From<$ty> for String {
            fn from(value: $ty) -> String {
                value.0
            }
        }
        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    )*};
}

string_conversions! {
    PersonName => PersonName::parse,
    Email => Email::parse,
    PostalCode => |value: &str| PostalCode::parse_optional(value)?.ok_or(FieldError::Required),
    Comment => |value: &str| Comment::parse_optional(value)?.ok_or(FieldError::Required),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed() {
        assert_eq!(
            PersonName::parse("  Åsa Öberg ").unwrap().as_str(),
            "Åsa Öberg"
        );
        assert!(PersonName::parse("O'Brien-Lindqvist").is_ok());
    }

    #[test]
    fn blank_names_are_missing() {
        assert_eq!(PersonName::parse(""), Err(FieldError::Required));
        assert_eq!(PersonName::parse(" \t "), Err(FieldError::Required));
    }

    #[test]
    fn names_refuse_markup_and_control_characters() {
        for bad in ["<script>", "Anna{}", "a/b", "Eva\nLund", "Bo\u{0}"] {
            assert_eq!(
                PersonName::parse(bad),
                Err(FieldError::ForbiddenCharacters),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn names_count_characters_not_bytes() {
        assert!(PersonName::parse(&"å".repeat(100)).is_ok());
        assert_eq!(
            PersonName::parse(&"å".repeat(101)),
            Err(FieldError::TooLong { max_chars: 100 })
        );
    }

    #[test]
    fn valid_emails_are_trimmed_and_kept_as_written() {
        let email = Email::parse(" Anna.Svensson+upprop@Example.SE ").unwrap();
        assert_eq!(email.as_str(), "Anna.Svensson+upprop@Example.SE");
        assert_eq!(email.normalized(), "anna.svensson+upprop@example.se");
    }

    #[test]
    fn invalid_emails_are_refused() {
        for bad in [
            "anna",
            "anna@",
            "@example.se",
            "anna@localhost",
            "anna@example.s",
            "anna svensson@example.se",
            "anna@@example.se",
            "anna@[127.0.0.1]",
        ] {
            assert_eq!(Email::parse(bad), Err(FieldError::InvalidEmail), "{bad:?}");
        }
        assert_eq!(Email::parse("  "), Err(FieldError::Required));
    }

    #[test]
    fn postal_codes_take_the_written_form() {
        for good in ["12345", "123 45", " 123 45 ", "SE-123 45", "SE12345"] {
            assert_eq!(
                PostalCode::parse_optional(good).unwrap().unwrap().as_str(),
                "123 45",
                "{good:?}"
            );
        }
        assert_eq!(PostalCode::parse_optional("   "), Ok(None));
    }

    #[test]
    fn malformed_postal_codes_are_refused() {
        for bad in ["1234", "123456", "12a45", "1 2 3 4 5", "01234", "123-45"] {
            assert_eq!(
                PostalCode::parse_optional(bad),
                Err(FieldError::InvalidPostalCode),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn comments_keep_line_breaks_but_not_other_control_characters() {
        let comment = Comment::parse_optional(" För barnen!\nTack. ")
            .unwrap()
            .unwrap();
        assert_eq!(comment.as_str(), "För barnen!\nTack.");
        assert_eq!(
            Comment::parse_optional("a\u{7}b"),
            Err(FieldError::ForbiddenCharacters)
        );
        assert_eq!(Comment::parse_optional(""), Ok(None));
        assert_eq!(
            Comment::parse_optional(&"x".repeat(501)),
            Err(FieldError::TooLong { max_chars: 500 })
        );
    }

    #[test]
    fn deserializing_runs_the_same_rules() {
        assert!(serde_json::from_str::<PersonName>("\"<b>\"").is_err());
        assert_eq!(
            serde_json::from_str::<Email>("\" a@b.se \"")
                .unwrap()
                .as_str(),
            "a@b.se"
        );
    }

    #[test]
    fn each_provider_s_documented_aliases_are_one_address() {
        let normalized = |address: &str| Email::parse(address).unwrap().normalized();
        for (typed, same_as) in [
            ("Anna.Svensson+upprop@gmail.com", "annasvensson@gmail.com"),
            ("a.n.n.a@googlemail.com", "anna@gmail.com"),
            ("anna+kampanj@hotmail.se", "anna@hotmail.se"),
            ("anna+x@outlook.com", "anna@outlook.com"),
            ("anna+x@icloud.com", "anna@icloud.com"),
            ("anna+x@proton.me", "anna@proton.me"),
        ] {
            assert_eq!(normalized(typed), same_as, "{typed}");
        }
        // Elsewhere a dot or a tag may be another mailbox: kept.
        assert_eq!(normalized("anna.s+x@telia.com"), "anna.s+x@telia.com");
        assert_eq!(normalized("a.nna@hotmail.se"), "a.nna@hotmail.se");
        // A tag with nothing before it is no tag.
        assert_eq!(normalized("+x@gmail.com"), "+x@gmail.com");
    }

    #[test]
    fn text_that_hides_or_reorders_what_is_shown_is_refused() {
        for hostile in [
            "Anna\u{202E}nossvenS",  // right-to-left override: shows reversed
            "Anna\u{2066}x\u{2069}", // isolates
            "An\u{200B}na",          // zero-width space
            "Anna\u{FEFF}",          // byte-order mark inside
            "A\u{0301}\u{0301}\u{0301}\u{0301}nna", // a flood of combining marks
            "\u{0301}Anna",          // a mark with nothing to sit on
            "An\0na",
        ] {
            assert_eq!(
                PersonName::parse(hostile),
                Err(FieldError::ForbiddenCharacters),
                "{hostile:?}"
            );
            assert_eq!(
                Comment::parse_optional(hostile),
                Err(FieldError::ForbiddenCharacters),
                "{hostile:?}"
            );
        }
        // What real names and comments use is kept as given.
        for fine in [
            "Åsa Öberg",
            "Nguyễn Thị",
            "Zoë",
            "محمد",
            "אבי",
            "Анна",
            "👍🏽 för barnen",
            "👨\u{200D}👩\u{200D}👧",
            "क्\u{200D}ष",
        ] {
            assert_eq!(
                Comment::parse_optional(fine).unwrap().unwrap().as_str(),
                fine,
                "{fine:?}"
            );
        }
        assert_eq!(PersonName::parse("Nguyễn").unwrap().as_str(), "Nguyễn");
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        const DOMAINS: &[&str] = &[
            "gmail.com",
            "googlemail.com",
            "hotmail.se",
            "telia.com",
            "example.se",
        ];

        /// Characters at the rules' edges: every kind of white space, controls, combining
        /// marks, hiding characters, markup, digits and an address's punctuation.
        const EDGES: &[char] = &[
            'a', 'Å', 'ß', 'S', 'E', '0', '1', '9', '-', '.', '@', '+', '_', '!', ' ', '\t', '\n',
            '\r', '\u{b}', '\u{85}', '\u{a0}', '\u{2028}', '\u{3000}', '\u{301}', '\u{1dc0}',
            '\u{20d0}', '\u{fe20}', '\u{202e}', '\u{200b}', '\u{feff}', '\u{200d}', '/', '<', '"',
            '\\', '{', '\0', '\u{7f}', '\u{9f}', '😀',
        ];

        fn edgy_text() -> impl Strategy<Value = String> {
            prop_oneof![
                proptest::collection::vec(prop::sample::select(EDGES), 0..24)
                    .prop_map(String::from_iter),
                any::<String>(),
                "[ \t]{0,2}[a-zA-Z0-9.+-]{0,6}@[a-z0-9-]{0,6}(\\.[a-z0-9-]{0,4}){0,3}[ \n]{0,2}",
                "[ ]{0,2}(SE-?|SE )?[0-9 ]{3,7}[ ]{0,2}",
                "[ a-zÅ\u{301}]{95,105}",
                "[ aÅ\u{301}]{0,2}[\u{300}\u{1dc0}\u{20d0}]{0,5}[ a\u{301}\t]{0,4}",
            ]
        }

        fn matches(pattern: &'static str, text: &str, max_chars: usize) -> bool {
            static COMPILED: std::sync::Mutex<Vec<(&str, regex::Regex)>> =
                std::sync::Mutex::new(Vec::new());
            let mut compiled = COMPILED.lock().unwrap();
            let index = match compiled.iter().position(|(known, _)| *known == pattern) {
                Some(index) => index,
                None => {
                    compiled.push((pattern, regex::Regex::new(pattern).unwrap()));
                    compiled.len() - 1
                }
            };
            compiled[index].1.is_match(text) && text.chars().count() <= max_chars
        }

        fn local_part() -> impl Strategy<Value = String> {
            "[a-z0-9]{1,12}(\\.[a-z0-9]{1,8}){0,2}"
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(3000))]
            #[test]
            fn each_published_pattern_accepts_exactly_what_parse_accepts(text in edgy_text()) {
                prop_assert_eq!(
                    matches(PersonName::PATTERN, &text, PersonName::MAX_CHARS),
                    PersonName::parse(&text).is_ok()
                );
                prop_assert_eq!(
                    matches(Email::PATTERN, &text, Email::MAX_CHARS),
                    Email::parse(&text).is_ok()
                );
                prop_assert_eq!(
                    matches(PostalCode::PATTERN, &text, PostalCode::MAX_CHARS),
                    PostalCode::parse_optional(&text).is_ok()
                );
                prop_assert_eq!(
                    matches(Comment::PATTERN, &text, Comment::MAX_CHARS),
                    Comment::parse_optional(&text).is_ok()
                );
                prop_assert_eq!(
                    matches(CONTROL_FREE_PATTERN, &text, usize::MAX),
                    !text.chars().any(char::is_control)
                );
            }

            #[test]
            fn a_consent_s_pattern_is_its_words_with_white_space_around(
                padding in "[ \n\u{a0}]{0,3}",
                other in "[a-z]{1,3}",
            ) {
                let words = "Jag godkänner (frivilligt) [a-z]* $1 + {x} | ^.? \\ slut.";
                let pattern = regex::Regex::new(&padded_pattern(words)).unwrap();
                let padded = format!("{padding}{words}{padding}");
                prop_assert!(pattern.is_match(&padded));
                let added = format!("{words}{other}");
                prop_assert!(!pattern.is_match(&added));
            }
        }

        proptest! {
            #[test]
            fn normalizing_twice_changes_nothing(local in local_part(), tag in proptest::option::of("[a-z0-9]{1,8}"), domain in prop::sample::select(DOMAINS)) {
                let typed = match tag {
                    Some(tag) => format!("{local}+{tag}@{domain}"),
                    None => format!("{local}@{domain}"),
                };
                let once = Email::parse(&typed).unwrap().normalized();
                let twice = Email::parse(&once).unwrap().normalized();
                prop_assert_eq!(once, twice);
            }

            #[test]
            fn case_never_makes_another_signer(local in local_part(), domain in prop::sample::select(DOMAINS)) {
                let typed = format!("{local}@{domain}");
                prop_assert_eq!(
                    Email::parse(&typed.to_uppercase()).unwrap().normalized(),
                    Email::parse(&typed).unwrap().normalized()
                );
            }

            #[test]
            fn gmail_dots_and_tags_never_make_another_signer(
                name in "[a-z0-9]{2,16}",
                dots in proptest::collection::vec(any::<bool>(), 16),
                tag in "[a-z0-9]{1,8}",
                googlemail in any::<bool>(),
            ) {
                let dotted: String = name
                    .chars()
                    .enumerate()
                    .flat_map(|(i, c)| {
                        let dot = i > 0 && dots[i % dots.len()];
                        dot.then_some('.').into_iter().chain([c])
                    })
                    .collect();
                let domain = if googlemail { "googlemail.com" } else { "gmail.com" };
                let typed = format!("{dotted}+{tag}@{domain}");
                prop_assert_eq!(Email::parse(&typed).unwrap().normalized(), format!("{name}@gmail.com"));
            }

            #[test]
            fn no_input_makes_parsing_panic(text in any::<String>()) {
                let _ = PersonName::parse(&text);
                let _ = Comment::parse_optional(&text);
                let _ = Email::parse(&text);
                let _ = PostalCode::parse_optional(&text);
            }

            #[test]
            fn an_accepted_name_shows_what_it_says(text in any::<String>()) {
                if let Ok(name) = PersonName::parse(&text) {
                    let shown = name.as_str();
                    prop_assert_eq!(shown, shown.trim());
                    prop_assert!(!shown.is_empty() && shown.chars().count() <= PersonName::MAX_CHARS);
                    prop_assert!(!shown.chars().any(|c| c.is_control() || hides_or_reorders(c)));
                    prop_assert_eq!(PersonName::parse(shown), Ok(name.clone()));
                }
            }

            #[test]
            fn a_bidi_override_anywhere_is_refused(name in "[A-Za-zÅÄÖåäö ]{1,40}", at in 0usize..40, control in prop::sample::select(&['\u{202A}', '\u{202B}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'][..])) {
                let mut hostile: Vec<char> = name.chars().collect();
                hostile.insert(at.min(hostile.len()), control);
                let hostile: String = hostile.into_iter().collect();
                prop_assert_eq!(Comment::parse_optional(&format!("ok {hostile} ok")), Err(FieldError::ForbiddenCharacters));
                prop_assert_eq!(PersonName::parse(&format!("A{hostile}A")), Err(FieldError::ForbiddenCharacters));
            }

            #[test]
            fn elsewhere_distinct_mailboxes_stay_distinct(a in "[a-z0-9]{1,10}", b in "[a-z0-9]{1,10}") {
                prop_assume!(a != b);
                let at = |local: &str| Email::parse(&format!("{local}@telia.com")).unwrap().normalized();
                prop_assert_ne!(at(&a), at(&b));
                prop_assert_ne!(at(&format!("{a}+{b}")), at(&a));
            }
        }
    }
}
