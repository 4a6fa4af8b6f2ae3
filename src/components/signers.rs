use leptos::prelude::*;
use leptos::task::spawn_local;
use upprop_core::Locale;
use upprop_core::i18n::Strings;

use crate::api::fetch_json;

/// One signer as the endpoint lists them: "Anna S.", an optional comment, and when.
#[derive(Clone, PartialEq)]
struct Signer {
    name: String,
    comment: Option<String>,
    signed_at: f64,
}

/// The newest signers who allowed their name to be shown (`data-show-signers`), read once
/// the form is there. It comes below the form, so nothing above it moves when it arrives; an
/// endpoint that lists none shows nothing.
#[component]
pub fn RecentSigners(
    /// `GET {endpoint}/petitions/{slug}/signers?limit=`.
    url: String,
    locale: Locale,
) -> impl IntoView {
    let strings = Strings::of(locale);
    let signers = RwSignal::new(Vec::<Signer>::new());
    spawn_local(async move {
        let listed = fetch_json(&url).await.map(|answer| {
            answer
                .list("signers")
                .iter()
                .map(|signer| Signer {
                    name: signer.string("name"),
                    comment: signer.optional_string("comment").filter(|c| !c.is_empty()),
                    signed_at: signer.get("signed_at").0.as_f64().unwrap_or(0.0),
                })
                .collect()
        });
        signers.set(listed.unwrap_or_default());
    });
    let ago = move |signed_at: f64| {
        let seconds = ((js_sys::Date::now() - signed_at) / 1000.0).max(0.0) as u64;
        (strings.signed_ago)(seconds)
    };
    move || {
        signers.with(|signers| {
            (!signers.is_empty()).then(|| {
                view! {
                    <section class="signers" aria-labelledby="signers-heading">
                        <h3 id="signers-heading">{strings.recent_signers}</h3>
                        <ul>
                            {signers
                                .iter()
                                .map(|signer| {
                                    view! {
                                        <li>
                                            <strong>{signer.name.clone()}</strong>
                                            " "
                                            <span class="ago">{ago(signer.signed_at)}</span>
                                            {signer
                                                .comment
                                                .clone()
                                                .map(|comment| view! { <p class="comment">{comment}</p> })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })
        })
    }
}
