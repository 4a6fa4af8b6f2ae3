//! A moment as the API reads and writes one: RFC 3339, in the one spelling its OpenAPI document
//! states as a pattern (`openapi.rs` publishes it).

use std::sync::LazyLock;

use regex::Regex;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// An RFC 3339 date and time, calendar and leap years included, as the API document states it:
/// upper-case `T` and `Z`, seconds to 59, at most nine decimals.
pub const MOMENT_PATTERN: &str = concat!(
    "^(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])",
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))",
    "|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)",
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,9})?",
    "(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$",
);

/// Milliseconds since the epoch of `text`, if it is a moment as `MOMENT_PATTERN` writes one.
pub fn parse_moment(text: &str) -> Option<i64> {
    static MOMENT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(MOMENT_PATTERN).expect("a valid pattern"));
    let at = OffsetDateTime::parse(text, &Rfc3339).ok()?;
    MOMENT
        .is_match(text)
        .then(|| (at.unix_timestamp_nanos() / 1_000_000) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_are_read_as_the_api_document_writes_them() {
        assert_eq!(
            parse_moment("2025-11-22T08:26:40Z"),
            Some(1_763_800_000_000)
        );
        assert_eq!(
            parse_moment("2025-11-22T10:26:40.5+02:00"),
            Some(1_763_800_000_500)
        );
        assert!(parse_moment("2024-02-29T00:00:00Z").is_some());
        assert!(parse_moment("2000-02-29T00:00:00Z").is_some());
        for refused in [
            "",
            "2025-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2025-04-31T00:00:00Z",
            "2025-11-22t08:26:40z",
            "2025-12-31T23:59:60Z",
            "2025-11-22T08:26:40",
            "2025-11-22",
        ] {
            assert_eq!(parse_moment(refused), None, "{refused}");
        }
    }

    proptest::proptest! {
        #[test]
        fn every_moment_the_pattern_writes_is_a_moment(
            moment in proptest::string::string_regex(&MOMENT_PATTERN[1..MOMENT_PATTERN.len() - 1]).unwrap()
        ) {
            proptest::prop_assert!(parse_moment(&moment).is_some(), "{}", moment);
        }
    }
}
