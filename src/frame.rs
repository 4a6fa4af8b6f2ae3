//! The widget's frame around the form (`markup::widget`): the first view of fixed height that
//! the signer can lift and fold again, and the appeal's button that skips to the form. Its
//! markup is the server's or the one `mount` wrote; only its two buttons are wired here.

use upprop_core::form::TEXT_FIELDS;
use upprop_core::i18n::Strings;
use upprop_core::markup::names::{EXPANDED, JUMP, SCROLLER, SHOW_ALL, named, selector};
use upprop_core::markup::show_all_label;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::dom::{focus_within, listen, on_click};

/// Wires the frame's buttons in `article`.
pub fn attach(article: &HtmlElement, strings: &'static Strings) {
    // By delegation: the appeal's markup may be written again (a count kept current).
    let first_field = named(TEXT_FIELDS[0].field.name());
    listen(article, "click", move |event| {
        let on_jump = event
            .target()
            .and_then(|target| target.dyn_into::<Element>().ok())
            .and_then(|target| target.closest(&selector(JUMP)).ok().flatten());
        if let Some(jump) = on_jump {
            focus_within(&jump, &first_field);
        }
    });

    let Ok(Some(show_all)) = article.query_selector(&selector(SHOW_ALL)) else {
        return;
    };
    let (article, button) = (article.clone(), show_all.clone());
    on_click(&show_all, move || {
        let folding = article.class_list().contains(EXPANDED);
        let _ = article.class_list().toggle_with_force(EXPANDED, !folding);
        let _ = button.set_attribute("aria-expanded", if folding { "false" } else { "true" });
        button.set_text_content(Some(show_all_label(!folding, strings)));
        if folding {
            back_into_view(&article);
        }
    });
}

/// Folded from far down the page, the widget would be left above the screen: it is brought
/// back, its title at the top.
fn back_into_view(article: &HtmlElement) {
    article.scroll_into_view();
    if let Ok(Some(scroller)) = article.query_selector(&selector(SCROLLER)) {
        scroller.set_scroll_top(0);
    }
}
