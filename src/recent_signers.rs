//! The newest signers who allowed their name to be shown (`data-show-signers`), read once the
//! form is there and written under it (`markup::recent_signers`, the server's markup). It
//! comes below the form, so nothing above it moves when it arrives; an endpoint that lists
//! none shows nothing.

use leptos::task::spawn_local;
use upprop_core::Locale;
use upprop_core::i18n::Strings;
use upprop_core::markup::{recent_signer, recent_signers};
use web_sys::Element;

use crate::api::fetch_json;

/// Reads `url` (`GET {endpoint}/petitions/{slug}/signers?limit=`) and lists its signers after
/// `section`, the form's.
pub fn show_after(section: Element, url: String, locale: Locale) {
    let strings = Strings::of(locale);
    spawn_local(async move {
        let Some(signers) = fetch_json(&url).await.map(|answer| answer.list("signers")) else {
            return;
        };
        if signers.is_empty() {
            return;
        }
        // Each is "Anna S.", when, and a comment if any.
        let now = js_sys::Date::now();
        let items = maud::html! {
            @for signer in &signers {
                @let signed_at = signer.get("signed_at").0.as_f64().unwrap_or(0.0);
                @let seconds_ago = ((now - signed_at) / 1000.0).max(0.0) as u64;
                @let comment = signer.optional_string("comment");
                (recent_signer(&signer.string("name"), seconds_ago, comment.as_deref().filter(|comment| !comment.is_empty()), strings))
            }
        };
        let list = recent_signers(items, strings).into_string();
        let _ = section.insert_adjacent_html("afterend", &list);
    });
}
