use leptos::prelude::*;
use upprop_core::i18n::Strings;
use upprop_core::{Locale, SignatureCounts};

use super::appeal::{Appeal, AppealBackground};
use super::signers::RecentSigners;
use crate::config::{Setup, View};
use crate::content::Content;

/// Where the form goes in the widget: `mount` builds it there in a task of its own.
pub const FORM_SLOT: &str = ".form-slot";

/// A widget that has all it needs: its settings, and the petition the endpoint served.
pub struct Loaded {
    pub setup: Setup,
    pub content: &'static Content,
    pub counts: Option<SignatureCounts>,
    pub closed: bool,
}

/// The whole widget: the appeal, then the place of the form, then the background, in a first
/// view of fixed height that the signer can lift; or, with `data-view="form"`, the form alone.
#[component]
pub fn Widget(
    locale: Locale,
    view: View,
    /// How many recent public signers to list under the form; none at 0.
    show_signers: usize,
    loaded: Loaded,
) -> impl IntoView {
    let Loaded {
        setup,
        content,
        counts,
        closed,
    } = loaded;
    let strings = Strings::of(locale);
    let full = view == View::Full;
    let signers_url = (full && show_signers > 0).then(|| setup.signers_url(show_signers));
    let expanded = RwSignal::new(false);
    view! {
        <article
            class=if full { "upprop full" } else { "upprop form-only" }
            class:expanded=move || expanded.get()
            lang=locale.as_str()
        >
            <div class="scroller">
                {full.then(|| view! { <Appeal content locale /> })}
                {closed
                    .then(|| {
                        let confirmed = counts.map_or(0, |counts| counts.confirmed);
                        view! {
                            <section class="signing" aria-labelledby="form-heading">
                                <div class="closed" role="status">
                                    <h3 id="form-heading">{strings.closed_heading}</h3>
                                    <p>{(strings.closed_count)(confirmed)}</p>
                                </div>
                            </section>
                        }
                    })}
                {(!closed).then(|| view! { <div class="form-slot"></div> })}
                {signers_url.map(|url| view! { <RecentSigners url locale /> })}
                {full.then(|| view! { <AppealBackground content locale /> })}
            </div>
            {full.then(|| {
                view! {
                    <button
                        type="button"
                        class="show-all"
                        hidden=move || expanded.get()
                        on:click=move |_| expanded.set(true)
                    >
                        {strings.show_all}
                    </button>
                }
            })}
        </article>
    }
}
