//! The extractors many handlers share: the petition a page's path names, and the `?lang=` a
//! page is asked in.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Query, RawPathParams};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use crate::petitions::Entry;
use crate::state::AppState;

/// The petition a page's path names (`{slug}`) as the public may see it, and the language the
/// page is asked in; else the page that says why not (no such petition, or taken down).
pub struct PublishedPage {
    pub entry: Arc<Entry>,
    pub locale: upprop_core::Locale,
}

impl FromRequestParts<AppState> for PublishedPage {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let locale = Query::<Language>::from_request_parts(parts, state)
            .await
            .map_or_else(
                |_| upprop_core::Locale::default(),
                |Query(language)| language.locale(),
            );
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let slug = params
            .iter()
            .find_map(|(name, value)| (name == "slug").then_some(value))
            .unwrap_or_default();
        match state.contents.published(slug) {
            Ok(entry) => Ok(Self { entry, locale }),
            Err(not_shown) => Err(crate::pages::not_shown(not_shown, locale)),
        }
    }
}

/// The `?lang=` of a request; Swedish when absent or unknown.
#[derive(serde::Deserialize)]
pub struct Language {
    lang: Option<String>,
}

impl Language {
    /// The language asked for, or else `otherwise` (a link page's: the one its signer signed in).
    pub fn or(&self, otherwise: upprop_core::Locale) -> upprop_core::Locale {
        self.lang
            .as_deref()
            .and_then(upprop_core::Locale::from_tag)
            .unwrap_or(otherwise)
    }

    pub fn locale(&self) -> upprop_core::Locale {
        self.lang
            .as_deref()
            .and_then(upprop_core::Locale::from_tag)
            .unwrap_or_default()
    }
}
