use leptos::prelude::*;
use upprop_core::i18n::Strings;
use upprop_core::markup::{appeal, background, closed as closed_notice};
use upprop_core::{Locale, SignatureCounts};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, MouseEvent};

use super::signers::RecentSigners;
use crate::config::{Setup, View};
use crate::content::Content;
use crate::dom::focus_within;
use crate::takeover::SCROLLER;

/// Where the form goes in the widget: `mount` builds it there in a task of its own.
pub const FORM_SLOT: &str = ".form-slot";

/// What the widget's root needs of the petition the endpoint served, with its settings.
pub struct Loaded {
    pub setup: Setup,
    pub counts: Option<SignatureCounts>,
    pub closed: bool,
}

/// The whole widget: the place of the appeal, then of the form, then of the background, in a
/// first view of fixed height that the signer can lift; or, with `data-view="form"`, the form
/// alone. `write_appeal` writes the appeal in.
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
            on:click=jump_to_form
        >
            <div class="scroller">
                {closed
                    .then(|| {
                        let confirmed = counts.map_or(0, |counts| counts.confirmed);
                        let notice = closed_notice(confirmed, strings).into_string();
                        view! {
                            <section
                                class="signing"
                                aria-labelledby="form-heading"
                                inner_html=notice
                            ></section>
                        }
                    })}
                {(!closed).then(|| view! { <div class="form-slot"></div> })}
                {signers_url.map(|url| view! { <RecentSigners url locale /> })}
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

/// Writes the appeal before the form and its background after it (see `upprop_core::markup`:
/// the same markup as the server's first view).
pub fn write_appeal(root: &Element, content: &Content, locale: Locale) -> Result<(), JsValue> {
    let Some(scroller) = root.query_selector(SCROLLER)? else {
        return Ok(());
    };
    let strings = Strings::of(locale);
    let text = &content.text;
    scroller.insert_adjacent_html("afterbegin", &appeal(text, strings).into_string())?;
    let after = background(text, &content.background(), strings);
    scroller.insert_adjacent_html("beforeend", &after.into_string())
}

/// The appeal's "sign" button: on a phone the demands fill screens, and this skips them.
fn jump_to_form(event: MouseEvent) {
    let on_jump = event
        .target()
        .and_then(|target| target.dyn_into::<Element>().ok())
        .and_then(|target| target.closest(".jump").ok().flatten());
    if let Some(jump) = on_jump {
        focus_within(&jump, "[name=first_name]");
    }
}
