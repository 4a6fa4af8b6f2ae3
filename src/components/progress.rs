use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use upprop_core::i18n::Strings;
use upprop_core::{Locale, SignatureCounts, format_count, goal_for};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use crate::api::fetch_counts;

/// How often a visible widget asks for the count again. The answer is cacheable (ETag), so an
/// unchanged count costs a 304.
const REFRESH_EVERY: Duration = Duration::from_secs(30);

/// The confirmed count and a progress bar towards the goal (the organiser's, or the ladder's),
/// refreshed while the page is visible and never in a hidden tab. Its space is taken from the
/// first render, so nothing moves when the count changes; an endpoint that serves no count
/// leaves the space empty.
#[component]
pub fn Progress(
    /// `GET {endpoint}/petitions/{slug}?lang=`, which carries the counts.
    url: String,
    locale: Locale,
    /// The counts that came with the content.
    counts: Option<SignatureCounts>,
) -> impl IntoView {
    let strings = Strings::of(locale);
    // A signal filled by requests, not a resource: the resource machinery costs the bundle
    // several kilobytes.
    let counts = RwSignal::new(counts);
    let url = StoredValue::new(url);
    let refresh = move || {
        if page_is_hidden() {
            return;
        }
        let url = url.get_value();
        spawn_local(async move {
            if let Some(fresh) = fetch_counts(&url).await {
                counts.set(Some(fresh));
            }
        });
    };
    let _ = set_interval_with_handle(refresh, REFRESH_EVERY);
    on_visible_again(refresh);

    let goal = move || counts.get().map(|c| goal_for(c.confirmed, c.goal));
    view! {
        <div class="progress" class:unknown=move || counts.with(Option::is_none)>
            <progress
                max=move || goal().map(|goal| goal.to_string())
                value=move || counts.get().map(|c| c.confirmed.to_string())
                aria-label=strings.progress_label
                aria-valuetext=move || counts.get().map(|c| format_count(c.confirmed, locale))
            ></progress>
            <p class="count" aria-live="polite">
                {move || {
                    counts
                        .get()
                        .map(|c| (strings.signature_count)(c.confirmed, Some(goal_for(c.confirmed, c.goal))))
                }}
            </p>
        </div>
    }
}

fn page_is_hidden() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .is_some_and(|document| document.hidden())
}

/// Calls `refresh` when a hidden tab becomes visible again, so a returning reader sees a
/// current count at once.
fn on_visible_again(refresh: impl Fn() + 'static) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let listener = Closure::<dyn Fn()>::new(refresh);
    let _ = document
        .add_event_listener_with_callback("visibilitychange", listener.as_ref().unchecked_ref());
    // The widget lives as long as the page.
    listener.forget();
}
