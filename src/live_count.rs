//! The count in the appeal's header (`upprop_core::markup::progress`, written as HTML), kept
//! current: asked for again while the page is visible, at once when a hidden tab shows again,
//! and written into that markup in place. No view: nothing else about it reacts.

use leptos::task::spawn_local;
use upprop_core::i18n::Strings;
use upprop_core::markup::names::{COUNT, PROGRESS, selector};
use upprop_core::{Locale, SignatureCounts, format_count, goal_for};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::Element;

use crate::api::fetch_counts;

/// How often a visible widget asks for the count again. The answer is cacheable (ETag), so an
/// unchanged count costs a 304.
const REFRESH_EVERY_MS: i32 = 30_000;

/// Keeps the count under `root` current from `url` (`GET {endpoint}/petitions/{slug}?lang=`,
/// which carries it), for as long as the page lives. Never asks from a hidden tab.
pub fn keep_current(root: &Element, url: String, locale: Locale) {
    let (Ok(Some(shown)), Some(window)) =
        (root.query_selector(&selector(PROGRESS)), web_sys::window())
    else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let hidden = document.clone();
    let refresh = Closure::<dyn Fn()>::new(move || {
        if hidden.hidden() {
            return;
        }
        let (url, shown) = (url.clone(), shown.clone());
        spawn_local(async move {
            if let Some(fresh) = fetch_counts(&url).await {
                show(&shown, fresh, locale);
            }
        });
    });
    let refresh_fn = refresh.as_ref().unchecked_ref();
    let _ =
        window.set_interval_with_callback_and_timeout_and_arguments_0(refresh_fn, REFRESH_EVERY_MS);
    let _ = document.add_event_listener_with_callback("visibilitychange", refresh_fn);
    refresh.forget();
}

/// Writes `counts` into the markup. The line under the bar is a live region, read out when its
/// text changes: it is written only when the count it says has changed.
fn show(shown: &Element, counts: SignatureCounts, locale: Locale) {
    let strings = Strings::of(locale);
    let SignatureCounts { confirmed, goal } = counts;
    let goal = goal_for(confirmed, goal);
    if let Ok(Some(bar)) = shown.query_selector("progress") {
        let _ = bar.set_attribute("max", &goal.to_string());
        let _ = bar.set_attribute("value", &confirmed.to_string());
        let _ = bar.set_attribute("aria-valuetext", &format_count(confirmed, locale));
    }
    let said = (strings.signature_count)(confirmed, Some(goal));
    if let Ok(Some(line)) = shown.query_selector(&selector(COUNT))
        && line.text_content().as_deref() != Some(said.as_str())
    {
        line.set_text_content(Some(&said));
    }
    // No longer `unknown`, which kept its space empty.
    shown.set_class_name("progress");
}
