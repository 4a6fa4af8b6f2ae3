use leptos::prelude::*;
use upprop_core::SignatureCounts;

use super::appeal::{Appeal, AppealBackground};
use super::signing_form::SigningForm;
use crate::config::{ConfigError, Setup, View};
use crate::content::Content;
use crate::takeover::Takeover;
use upprop_core::Locale;
use upprop_core::i18n::Strings;

/// A widget that has all it needs: its settings, and the petition the endpoint served.
pub struct Loaded {
    pub setup: Setup,
    pub content: &'static Content,
    pub counts: Option<SignatureCounts>,
}

/// The whole widget: the appeal, then the form, then the background (or, with
/// `data-view="form"`, the form alone); or, when the embed snippet is wrong, a message
/// saying what to fix.
#[component]
pub fn Widget(
    locale: Locale,
    view: View,
    loaded: Result<Loaded, ConfigError>,
    /// What the signer typed into the page's own form before the widget took it over.
    takeover: Takeover,
) -> impl IntoView {
    let strings = Strings::of(locale);
    match loaded {
        Ok(Loaded {
            setup,
            content,
            counts,
        }) if view == View::Form => view! {
            <article class="upprop form-only" lang=locale.as_str()>
                <SigningForm setup content locale show_progress=false counts takeover />
            </article>
        }
        .into_any(),
        Ok(Loaded {
            setup,
            content,
            counts,
        }) => view! {
            <article class="upprop" lang=locale.as_str()>
                <Appeal content locale />
                <SigningForm setup content locale show_progress=true counts takeover />
                <AppealBackground content locale />
            </article>
        }
        .into_any(),
        Err(error) => {
            let message = match error {
                ConfigError::MissingEndpoint => strings.missing_endpoint,
                ConfigError::UnknownPetition => strings.unknown_petition,
            };
            view! {
                <p class="upprop config-error" role="alert" lang=locale.as_str()>
                    {message}
                </p>
            }
            .into_any()
        }
    }
}
