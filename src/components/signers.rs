use leptos::prelude::*;
use leptos::task::spawn_local;
use upprop_core::Locale;
use upprop_core::i18n::Strings;
use upprop_core::markup::recent_signer;

use crate::api::fetch_json;

/// The newest signers who allowed their name to be shown (`data-show-signers`), read once
/// the form is there. It comes below the form, so nothing above it moves when it arrives; an
/// endpoint that lists none shows nothing.
#[component]
pub fn RecentSigners(
    /// `GET {endpoint}/petitions/{slug}/signers?limit=`.
    url: String,
    /// The language of the list's words ("signed 3 minutes ago").
    locale: Locale,
) -> impl IntoView {
    let strings = Strings::of(locale);
    let section = NodeRef::<leptos::html::Section>::new();
    let list = NodeRef::<leptos::html::Ul>::new();
    spawn_local(async move {
        let signers = fetch_json(&url).await.map(|answer| answer.list("signers"));
        let (Some(section), Some(list)) = (section.get_untracked(), list.get_untracked()) else {
            return;
        };
        match signers {
            Some(signers) if !signers.is_empty() => {
                // Read once and never changed: written as HTML (the landing page's markup),
                // with no view code to pay for. Each is "Anna S.", when, and a comment if any.
                let now = js_sys::Date::now();
                let items: String = signers
                    .iter()
                    .map(|signer| {
                        let signed_at = signer.get("signed_at").0.as_f64().unwrap_or(0.0);
                        let seconds_ago = ((now - signed_at) / 1000.0).max(0.0) as u64;
                        let comment = signer.optional_string("comment");
                        let comment = comment.as_deref().filter(|comment| !comment.is_empty());
                        let name = signer.string("name");
                        recent_signer(&name, seconds_ago, comment, strings).into_string()
                    })
                    .collect();
                list.set_inner_html(&items);
                section.set_hidden(false);
            }
            _ => section.remove(),
        }
    });
    view! {
        <section class="signers" aria-labelledby="signers-heading" hidden node_ref=section>
            <h3 id="signers-heading">{strings.recent_signers}</h3>
            <ul node_ref=list></ul>
        </section>
    }
}
