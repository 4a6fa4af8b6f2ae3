use leptos::prelude::*;

use super::appeal::{Appeal, AppealBackground};
use super::signing_form::SigningForm;
use crate::config::{ConfigError, WidgetConfig};
use upprop_core::i18n::Strings;

/// The whole widget: the appeal, then the form, then the background; or, when the embed
/// snippet is wrong, a message saying what to fix.
#[component]
pub fn Widget(config: WidgetConfig) -> impl IntoView {
    let locale = config.locale;
    let strings = Strings::of(locale);
    match config.setup {
        Ok(setup) => {
            let petition = setup.petition;
            view! {
                <article class="upprop" lang=locale.as_str()>
                    <Appeal petition locale />
                    <SigningForm setup locale />
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
