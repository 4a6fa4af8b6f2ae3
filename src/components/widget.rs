use leptos::prelude::*;
use upprop_core::i18n::Strings;
use upprop_core::markup::{appeal, background, closed as closed_notice, featured_event, progress};
use upprop_core::{Locale, SignatureCounts};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, MouseEvent};

use super::signers::RecentSigners;
use crate::config::View;
use crate::content::Content;
use crate::dom::focus_within;
use crate::takeover::SCROLLER;

/// Where the form goes in the widget: `mount` builds it there in a task of its own.
pub const FORM_SLOT: &str = ".form-slot";

/// Where the petition stands, as the endpoint served it.
#[derive(Clone, Copy)]
pub struct Standing {
    pub counts: Option<SignatureCounts>,
    pub closed: bool,
}

/// The whole widget: the place of the appeal, then of the form, then of the background, in a
/// first view of fixed height that the signer can lift and fold again; or, with
/// `data-view="form"`, the form alone. `write_appeal` writes the appeal in.
#[component]
pub fn Widget(
    /// The language of the widget's own words.
    locale: Locale,
    /// The whole appeal, or the form alone.
    view: View,
    /// Where the recent public signers listed under the form are read; none listed without.
    signers_url: Option<String>,
    /// A closed petition has no form: its notice is in the appeal.
    closed: bool,
) -> impl IntoView {
    let strings = Strings::of(locale);
    let full = view == View::Full;
    let expanded = RwSignal::new(false);
    let article = NodeRef::<leptos::html::Article>::new();
    view! {
        <article
            node_ref=article
            class=if full { "upprop full" } else { "upprop form-only" }
            class:expanded=move || expanded.get()
            lang=locale.as_str()
            on:click=jump_to_form
        >
            <div class="scroller">
                {(!closed).then(|| view! { <div class="form-slot"></div> })}
                {signers_url.map(|url| view! { <RecentSigners url locale /> })}
            </div>
            {full.then(|| {
                view! {
                    <button
                        type="button"
                        class="show-all"
                        aria-expanded=move || expanded.get().to_string()
                        on:click=move |_| {
                            let folding = expanded.get_untracked();
                            expanded.set(!folding);
                            if folding && let Some(article) = article.get_untracked() {
                                back_into_view(&article);
                            }
                        }
                    >
                        {move || if expanded.get() { strings.fold_appeal } else { strings.show_all }}
                    </button>
                }
            })}
        </article>
    }
}

/// Writes the appeal before the form (with the count, or the notice that the petition has
/// closed) and its background after it (see `upprop_core::markup`: the same markup as the
/// server's first view). With the form alone (`data-view="form"`), only a closed petition's
/// notice, in the form's place.
pub fn write_appeal(
    root: &Element,
    content: &Content,
    standing: Standing,
    view: View,
    locale: Locale,
) -> Result<(), JsValue> {
    let Some(scroller) = root.query_selector(SCROLLER)? else {
        return Ok(());
    };
    let strings = Strings::of(locale);
    let text = &content.text;
    let said = if standing.closed {
        closed_notice(
            standing.counts.map_or(0, |counts| counts.confirmed),
            strings,
        )
    } else if view == View::Full {
        progress(standing.counts, locale)
    } else {
        return Ok(());
    };
    let before = match view {
        View::Full => appeal(text, &content.organizer, said, strings),
        View::Form => said,
    };
    let mut before = before.into_string();
    if let (View::Full, Some(event)) = (view, &content.event) {
        before.push_str(&featured_event(event).into_string());
    }
    scroller.insert_adjacent_html("afterbegin", &before)?;
    if view == View::Full {
        let after = background(text, &content.background(), strings);
        scroller.insert_adjacent_html("beforeend", &after.into_string())?;
    }
    Ok(())
}

/// Folded from far down the page, the widget would be left above the screen: it is brought
/// back, its title at the top.
fn back_into_view(article: &HtmlElement) {
    article.scroll_into_view();
    if let Ok(Some(scroller)) = article.query_selector(SCROLLER) {
        scroller.set_scroll_top(0);
    }
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
