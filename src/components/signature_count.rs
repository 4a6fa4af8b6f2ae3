use leptos::prelude::*;
use leptos::task::spawn_local;
use upprop_core::Locale;

use crate::api::fetch_counts;
use upprop_core::i18n::Strings;

/// How many have confirmed their signature, as the endpoint says; nothing if it does not.
#[component]
pub fn SignatureCount(url: String, locale: Locale) -> impl IntoView {
    let strings = Strings::of(locale);
    // A signal filled by one request, not a resource: this widget never refetches, and the
    // resource machinery costs the bundle several kilobytes.
    let counts = RwSignal::new(None);
    spawn_local(async move { counts.set(fetch_counts(&url).await) });
    move || {
        counts.get().map(|counts| {
            view! { <p class="count">{(strings.signature_count)(counts.confirmed, counts.goal)}</p> }
        })
    }
}
