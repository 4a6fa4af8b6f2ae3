//! The widget's settings, read from the `data-*` attributes that `embed.js` copies from the
//! script tag onto the host element.

use upprop_core::i18n::Strings;
use upprop_core::source::{origin, split_query};
use upprop_core::{Locale, SignatureSource};
use web_sys::HtmlElement;

#[derive(Debug, Clone, PartialEq)]
pub struct WidgetConfig {
    pub locale: Locale,
    pub view: View,
    /// How many of the newest public signers to list under the form (`data-show-signers`,
    /// 5 when it has no number); none without it.
    pub show_signers: usize,
    pub setup: Result<Setup, ConfigError>,
}

/// How much of the petition the widget shows (`data-view`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// The appeal, its progress, the form and the background.
    #[default]
    Full,
    /// Only the form: for a page that shows the appeal itself (the landing page).
    Form,
}

/// Everything a working widget needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    /// Base URL of the API, without a trailing slash, e.g. `https://api.example.org/api/v1`.
    pub endpoint: String,
    /// The petition's id in the endpoint's URLs (`data-petition`).
    pub slug: String,
    pub source: SignatureSource,
    /// What a signer shares: `data-share-url`, else the petition's landing page on the
    /// reference server, else the page the widget is on.
    pub share_url: String,
}

/// A mistake in the embedding snippet; shown in the widget so the site owner sees it at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    MissingEndpoint,
    /// `data-petition` is missing, or the endpoint has no petition by that name.
    UnknownPetition,
    /// Not a mistake of the snippet: the organiser took the petition down. Shown alike, in
    /// place of the widget.
    Unpublished,
}

impl ConfigError {
    pub fn message(&self, strings: &Strings) -> &'static str {
        match self {
            Self::MissingEndpoint => strings.missing_endpoint,
            Self::UnknownPetition => strings.unknown_petition,
            Self::Unpublished => strings.petition_unpublished,
        }
    }
}

/// The attributes as written, before interpretation.
#[derive(Debug, Default)]
pub struct Attributes {
    pub endpoint: Option<String>,
    pub petition: Option<String>,
    pub lang: Option<String>,
    pub source: Option<String>,
    pub share_url: Option<String>,
    pub view: Option<String>,
    pub show_signers: Option<String>,
}

impl WidgetConfig {
    pub fn from_host(host: &HtmlElement) -> Self {
        let data = host.dataset();
        let document = host.owner_document();
        let page_source = SignatureSource {
            url: document
                .as_ref()
                .and_then(|d| d.url().ok())
                .unwrap_or_default(),
            referrer: document.map(|d| d.referrer()).filter(|r| !r.is_empty()),
        };
        Self::from_attributes(
            Attributes {
                endpoint: data.get("endpoint"),
                petition: data.get("petition"),
                lang: data.get("lang"),
                source: data.get("source"),
                share_url: data.get("shareUrl"),
                view: data.get("view"),
                show_signers: data.get("showSigners"),
            },
            page_source,
        )
    }

    pub fn from_attributes(attributes: Attributes, page_source: SignatureSource) -> Self {
        let locale = attributes
            .lang
            .as_deref()
            .and_then(Locale::from_tag)
            .unwrap_or_default();
        let view = match attributes.view.as_deref().map(str::trim) {
            Some("form") => View::Form,
            _ => View::Full,
        };
        let show_signers = attributes.show_signers.map_or(0, |shown| {
            shown
                .trim()
                .parse::<usize>()
                .unwrap_or(5)
                .min(MAX_SIGNERS_SHOWN)
        });
        let setup = (|| {
            let endpoint = attributes
                .endpoint
                .map(|e| e.trim().trim_end_matches('/').to_owned())
                .filter(|e| !e.is_empty())
                .ok_or(ConfigError::MissingEndpoint)?;
            let slug = attributes
                .petition
                .map(|slug| slug.trim().to_owned())
                .filter(|slug| !slug.is_empty())
                .ok_or(ConfigError::UnknownPetition)?;
            let share_url = attributes
                .share_url
                .map(|url| url.trim().to_owned())
                .filter(|url| !url.is_empty())
                .unwrap_or_else(|| landing_page(&endpoint, &slug, &page_source.url));
            let source = match attributes.source.filter(|s| !s.trim().is_empty()) {
                Some(url) => SignatureSource { url, ..page_source },
                None => page_source,
            };
            Ok(Setup {
                endpoint,
                slug,
                source,
                share_url,
            })
        })();
        Self {
            locale,
            view,
            show_signers,
            setup,
        }
    }
}

/// The most signers the endpoint lists at once.
const MAX_SIGNERS_SHOWN: usize = 50;

/// The reference server serves its API under `/api/v1` and the landing page under `/p/{slug}`;
/// another endpoint's landing page is unknown, so the page the widget is on is shared.
fn landing_page(endpoint: &str, slug: &str, page_url: &str) -> String {
    let (page, _) = split_query(page_url);
    let Some(base) = endpoint.strip_suffix("/api/v1") else {
        return page.to_owned();
    };
    if base.contains("://") {
        format!("{base}/p/{slug}")
    } else {
        format!("{}{base}/p/{slug}", origin(page_url))
    }
}

impl Setup {
    pub fn petition_url(&self, locale: Locale) -> String {
        [
            &self.endpoint,
            "/petitions/",
            &self.slug,
            "?lang=",
            locale.as_str(),
        ]
        .concat()
    }

    pub fn signers_url(&self, limit: usize) -> String {
        let limit = limit.to_string();
        [
            &self.endpoint,
            "/petitions/",
            &self.slug,
            "/signers?limit=",
            &limit,
        ]
        .concat()
    }

    pub fn signatures_url(&self) -> String {
        [&self.endpoint, "/petitions/", &self.slug, "/signatures"].concat()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> SignatureSource {
        SignatureSource {
            url: "https://blog.example/post".into(),
            referrer: Some("https://www.facebook.com/".into()),
        }
    }

    fn attributes(endpoint: &str) -> Attributes {
        Attributes {
            endpoint: Some(endpoint.into()),
            petition: Some(" upprop-socialtjansten ".into()),
            ..Attributes::default()
        }
    }

    #[test]
    fn defaults_to_swedish() {
        let config =
            WidgetConfig::from_attributes(attributes("https://api.example/api/v1/"), page());
        assert_eq!(config.locale, Locale::Sv);
        let setup = config.setup.unwrap();
        assert_eq!(
            setup.signatures_url(),
            "https://api.example/api/v1/petitions/upprop-socialtjansten/signatures"
        );
        assert_eq!(setup.source, page());
    }

    #[test]
    fn reads_language_and_source_override() {
        let config = WidgetConfig::from_attributes(
            Attributes {
                lang: Some("en-GB".into()),
                source: Some("newsletter-march".into()),
                ..attributes("/api/v1")
            },
            page(),
        );
        assert_eq!(config.locale, Locale::En);
        let source = config.setup.unwrap().source;
        assert_eq!(source.url, "newsletter-march");
        assert_eq!(
            source.referrer.as_deref(),
            Some("https://www.facebook.com/")
        );
    }

    #[test]
    fn an_unknown_language_falls_back_to_swedish() {
        let config = WidgetConfig::from_attributes(
            Attributes {
                lang: Some("de".into()),
                ..attributes("/api")
            },
            page(),
        );
        assert_eq!(config.locale, Locale::Sv);
    }

    #[test]
    fn shares_the_landing_page_unless_the_snippet_names_another() {
        let share_url = |endpoint: &str, share_url: Option<&str>| {
            let attributes = Attributes {
                share_url: share_url.map(str::to_owned),
                ..attributes(endpoint)
            };
            WidgetConfig::from_attributes(attributes, page())
                .setup
                .unwrap()
                .share_url
        };
        assert_eq!(
            share_url("https://api.example/api/v1", None),
            "https://api.example/p/upprop-socialtjansten"
        );
        assert_eq!(
            share_url("/api/v1", None),
            "https://blog.example/p/upprop-socialtjansten"
        );
        assert_eq!(
            share_url("https://other.example/sign", None),
            "https://blog.example/post"
        );
        assert_eq!(
            share_url("/api/v1", Some(" https://kampanj.example/ ")),
            "https://kampanj.example/"
        );
    }

    #[test]
    fn lists_signers_only_when_asked() {
        let shown = |value: Option<&str>| {
            let attributes = Attributes {
                show_signers: value.map(str::to_owned),
                ..attributes("/api/v1")
            };
            WidgetConfig::from_attributes(attributes, page()).show_signers
        };
        assert_eq!(shown(None), 0);
        assert_eq!(shown(Some("")), 5);
        assert_eq!(shown(Some(" 8 ")), 8);
        assert_eq!(shown(Some("many")), 5);
        assert_eq!(shown(Some("1000")), 50);
    }

    #[test]
    fn reports_snippet_mistakes() {
        let missing = WidgetConfig::from_attributes(attributes("  "), page());
        assert_eq!(missing.setup, Err(ConfigError::MissingEndpoint));
        let unnamed = WidgetConfig::from_attributes(
            Attributes {
                petition: Some(" ".into()),
                ..attributes("/api")
            },
            page(),
        );
        assert_eq!(unnamed.setup, Err(ConfigError::UnknownPetition));
    }
}
