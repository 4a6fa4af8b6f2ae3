use serde::{Deserialize, Serialize};

/// The languages the widget speaks. Swedish is the appeal's own language and the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Sv,
    En,
}

impl Locale {
    pub const ALL: [Self; 2] = [Self::Sv, Self::En];

    /// Reads a language tag such as `sv`, `en`, `en-GB` or `SV`; anything else is `None`.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "sv" => Some(Self::Sv),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sv => "sv",
            Self::En => "en",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_primary_subtag_case_insensitively() {
        assert_eq!(Locale::from_tag("sv"), Some(Locale::Sv));
        assert_eq!(Locale::from_tag(" EN-gb "), Some(Locale::En));
        assert_eq!(Locale::from_tag("sv_SE"), Some(Locale::Sv));
    }

    #[test]
    fn refuses_unknown_languages() {
        assert_eq!(Locale::from_tag("de"), None);
        assert_eq!(Locale::from_tag(""), None);
    }
}
