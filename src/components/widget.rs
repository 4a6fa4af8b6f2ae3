use leptos::prelude::*;

use super::appeal::{Appeal, AppealBackground};
use super::signing_form::SigningForm;
use crate::config::{ConfigError, View, WidgetConfig};
use crate::takeover::Takeover;
use upprop_core::i18n::Strings;

/// The whole widget: the appeal, then the form, then the background (or, with
/// `data-view="form"`, the form alone); or, when the embed snippet is wrong, a message
/// saying what to fix.
#[component]
pub fn Widget(
    config: WidgetConfig,
    /// What the signer typed into the page's own form before the widget took it over.
    takeover: Takeover,
) -> impl IntoView {
    let locale = config.locale;
    let strings = Strings::of(locale);
    match config.setup {
        Ok(setup) if config.view == View::Form => view! {
            <article class="upprop form-only" lang=locale.as_str()>
                <SigningForm setup locale show_progress=false takeover />
            </article>
        }
        .into_any(),
        Ok(setup) => {
            let petition = setup.petition;
            view! {
                <article class="upprop" lang=locale.as_str()>
                    <Appeal petition locale />
                    <SigningForm setup locale show_progress=true takeover />
                    <AppealBackground petition locale />
                </article>
            }
            .into_any()
        }
        Err(error) => {
            let message = match error {
                ConfigError::MissingEndpoint => strings.missing_endpoint,
                ConfigError::UnknownPetition(_) => strings.unknown_petition,
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
