//! Reading JSON as JSON Schema reads it, so that what the API's OpenAPI document calls valid
//! is exactly what the server accepts: a whole number may be written `123.0` or `1.23e2`, and
//! an id is a UUID in its one hyphenated form (the others the `uuid` crate also reads are not
//! in the document).

use serde::Deserialize;
use serde::de::{self, Deserializer, Unexpected, Visitor};
use uuid::Uuid;

/// A whole number that is not negative, however the JSON writes it.
struct Whole(u64);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct WholeVisitor;

        impl Visitor<'_> for WholeVisitor {
            type Value = Whole;

            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                formatter.write_str("a whole number, 0 or more")
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Whole, E> {
                Ok(Whole(value))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Whole, E> {
                u64::try_from(value)
                    .map(Whole)
                    .map_err(|_| E::invalid_value(Unexpected::Signed(value), &self))
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Whole, E> {
                whole_of(value)
                    .map(Whole)
                    .ok_or_else(|| E::invalid_value(Unexpected::Float(value), &self))
            }
        }

        deserializer.deserialize_any(WholeVisitor)
    }
}

/// `value` if it is a whole number from 0 to `u64::MAX`, as JSON Schema's `integer` reads it.
fn whole_of(value: f64) -> Option<u64> {
    // 2^64 is the first whole number past u64::MAX that an f64 can hold.
    (value.fract() == 0.0 && (0.0..18_446_744_073_709_551_616.0).contains(&value))
        .then_some(value as u64)
}

/// A query parameter's text as JSON Schema's `integer` reads it: `12`, or `12.0`.
pub fn parse_whole(text: &str) -> Option<u64> {
    text.parse::<u64>()
        .ok()
        .or_else(|| text.parse::<f64>().ok().and_then(whole_of))
}

fn narrowed<T: TryFrom<u64>, E: de::Error>(Whole(value): Whole) -> Result<T, E> {
    T::try_from(value)
        .map_err(|_| E::invalid_value(Unexpected::Unsigned(value), &"a smaller number"))
}

/// `#[serde(deserialize_with = "wire::whole")]`.
pub fn whole<'de, D: Deserializer<'de>, T: TryFrom<u64>>(deserializer: D) -> Result<T, D::Error> {
    narrowed(Whole::deserialize(deserializer)?)
}

/// `#[serde(default, deserialize_with = "wire::optional_whole")]`: `null` is `None`.
pub fn optional_whole<'de, D: Deserializer<'de>, T: TryFrom<u64>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    Option::<Whole>::deserialize(deserializer)?
        .map(narrowed)
        .transpose()
}

/// The pattern of `hyphenated_uuid`.
pub const UUID_PATTERN: &str =
    "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";

/// `#[serde(deserialize_with = "wire::hyphenated_uuid")]`.
pub fn hyphenated_uuid<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Uuid, D::Error> {
    let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
    parse_hyphenated_uuid(&text)
        .ok_or_else(|| de::Error::invalid_value(Unexpected::Str(&text), &"a hyphenated UUID"))
}

/// `#[serde(deserialize_with = "wire::optional_hyphenated_uuid")]`: `null` or absent is `None`.
pub fn optional_hyphenated_uuid<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Uuid>, D::Error> {
    Option::<std::borrow::Cow<str>>::deserialize(deserializer)?
        .map(|text| {
            parse_hyphenated_uuid(&text).ok_or_else(|| {
                de::Error::invalid_value(Unexpected::Str(&text), &"a hyphenated UUID")
            })
        })
        .transpose()
}

/// `8-4-4-4-12` hexadecimal digits, and no other form.
pub fn parse_hyphenated_uuid(text: &str) -> Option<Uuid> {
    (text.len() == 36)
        .then(|| Uuid::try_parse(text).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Numbers {
        #[serde(deserialize_with = "whole")]
        small: u8,
        #[serde(default, deserialize_with = "optional_whole")]
        large: Option<u64>,
    }

    fn numbers(json: &str) -> Result<Numbers, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn whole_numbers_are_read_however_they_are_written() {
        let read = numbers(r#"{"small": 12.0, "large": 1.5e3}"#).unwrap();
        assert_eq!((read.small, read.large), (12, Some(1500)));
        assert_eq!(
            numbers(r#"{"small": -0.0, "large": null}"#).unwrap().large,
            None
        );
        assert_eq!(numbers(r#"{"small": 0}"#).unwrap().large, None);
        assert_eq!(
            numbers(r#"{"small": 1, "large": 18446744073709551615}"#)
                .unwrap()
                .large,
            Some(u64::MAX)
        );
    }

    #[test]
    fn fractions_negatives_and_overflows_are_refused() {
        for json in [
            r#"{"small": 1.5}"#,
            r#"{"small": -1}"#,
            r#"{"small": 256}"#,
            r#"{"small": 1, "large": 1.8446744073709552e19}"#,
            r#"{"small": "1"}"#,
        ] {
            assert!(numbers(json).is_err(), "{json}");
        }
    }

    #[test]
    fn query_values_are_read_as_whole_numbers_too() {
        assert_eq!(parse_whole("12"), Some(12));
        assert_eq!(parse_whole("12.0"), Some(12));
        for refused in ["12.5", "-1", "inf", "NaN", "", "twelve"] {
            assert_eq!(parse_whole(refused), None, "{refused}");
        }
    }

    #[test]
    fn ids_are_hyphenated_uuids_only() {
        let id = "3f2c1e9a-6b1d-4f7e-9a51-0c2b8d7e4a10";
        assert!(parse_hyphenated_uuid(id).is_some());
        assert!(parse_hyphenated_uuid(&id.to_uppercase()).is_some());
        for other in [
            "3f2c1e9a6b1d4f7e9a510c2b8d7e4a10",
            "{3f2c1e9a-6b1d-4f7e-9a51-0c2b8d7e4a10}",
            "urn:uuid:3f2c1e9a-6b1d-4f7e-9a51-0c2b8d7e4a10",
            "3f2c1e9a-6b1d-4f7e-9a51-0c2b8d7e4a1g",
        ] {
            assert!(parse_hyphenated_uuid(other).is_none(), "{other}");
        }
    }
}
