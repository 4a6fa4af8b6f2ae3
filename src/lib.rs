//! The upprop widget: the appeal and its signing form, mounted by `embed.js` into a shadow root
//! on an `<upprop-petition>` element so that the host page's CSS and ours never meet.

mod api;
mod components;
mod config;
mod content;
mod delivery;
mod dom;
mod draft;
mod json;
mod live_count;
mod proof_of_work;
mod saved_draft;
mod signed_event;
mod signing_id;
mod takeover;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

use crate::components::{FORM_SLOT, SigningForm, Standing, Widget, write_appeal};
use crate::config::{ConfigError, View, WidgetConfig};
use crate::content::Answer;
use crate::draft::Draft;
use crate::json::Json;
use crate::saved_draft::DraftSlot;
use crate::takeover::Takeover;
use upprop_core::i18n::Strings;
use upprop_core::style::WIDGET_CSS;

/// Renders one widget into `host`, configured by the host's `data-*` attributes, showing the
/// petition in `answer`: the endpoint's answer to `GET …/petitions/{slug}?lang=` that
/// `embed.js` fetched while this module downloaded (`null` if that request failed). `embed.js`
/// calls it once per script tag; the widgets share this module but nothing else. It resolves
/// once the widget is shown, in a later task than it began.
///
/// Fails, touching nothing, when there is no petition to show; `embed.js` then puts a link to
/// the petition in the widget's place.
#[wasm_bindgen]
pub async fn mount(host: HtmlElement, answer: JsValue) -> Result<(), JsValue> {
    // Not in the task that instantiated the module, a long one of its own on a slow phone.
    next_task().await;
    let config = WidgetConfig::from_host(&host);
    let loaded = match config.setup {
        Err(error) => Err(error),
        Ok(setup) => match Answer::read(&Json(answer)) {
            Answer::Petition {
                content,
                counts,
                closed,
            } => Ok((setup, content, Standing { counts, closed })),
            Answer::Unknown => Err(ConfigError::UnknownPetition),
            Answer::Unpublished => Err(ConfigError::Unpublished),
            Answer::Unreadable => return Err("the petition's content could not be loaded".into()),
        },
    };
    let document = host
        .owner_document()
        .ok_or("the host element has no document")?;
    let style = document.create_element("style")?;
    style.set_text_content(Some(WIDGET_CSS));
    let root: HtmlElement = document.create_element("div")?.unchecked_into();

    let (locale, view, show_signers) = (config.locale, config.view, config.show_signers);
    let (setup, content, standing) = match loaded {
        Ok(loaded) => loaded,
        Err(error) => {
            // Plain text for the site owner: nothing to react to, so no component to pay for.
            let message = document.create_element("p")?;
            message.set_class_name("upprop config-error");
            message.set_attribute("role", "alert")?;
            message.set_attribute("lang", locale.as_str())?;
            message.set_text_content(Some(error.message(Strings::of(locale))));
            root.append_child(&message)?;
            let (shadow, _) = take_shadow_root(&host)?;
            shadow.append_child(&style)?;
            shadow.append_child(&root)?;
            return Ok(());
        }
    };

    // On a slow phone, building the widget is a long task, and building its form a longer one:
    // they are built apart, each in a task of its own, with the page answering its reader
    // between them. Meanwhile the server's first view, if there is one, stays in place and
    // takes input, which is read only in the last task, when the built widget replaces it.
    let full = view == View::Full;
    let signers_url = (full && show_signers > 0).then(|| setup.signers_url(show_signers));
    let closed = standing.closed;
    // A prop, not `provide_context`: the context map costs the bundle a kilobyte.
    leptos::mount::mount_to(
        root.clone(),
        move || leptos::view! { <Widget locale view signers_url closed /> },
    )
    .forget();
    write_appeal(&root, content, standing, view, locale)?;
    if full && !closed {
        live_count::keep_current(&root, setup.petition_url(locale), locale);
    }
    next_task().await;

    let draft = if closed {
        None
    } else {
        let draft_slot = DraftSlot::new(&setup.slug, locale);
        let draft = Draft::new(&content.text.consents, draft_slot.load());
        let built: HtmlElement = document.create_element("div")?.unchecked_into();
        leptos::mount::mount_to(built.clone(), move || {
            leptos::view! { <SigningForm setup content locale draft draft_slot /> }
        })
        .forget();
        // The form is one element, and its reactive parts live inside it: it can move.
        if let (Some(form), Some(slot)) =
            (built.first_element_child(), root.query_selector(FORM_SLOT)?)
        {
            slot.replace_with_with_node_1(&form)?;
        }
        next_task().await;
        Some(draft)
    };

    let (shadow, takeover) = take_shadow_root(&host)?;
    if let Some(draft) = draft {
        draft.take_over(&takeover);
    }
    shadow.append_child(&style)?;
    shadow.append_child(&root)?;
    if let Some(name) = &takeover.focused {
        dom::focus_within(&root, &["[name=\"", name, "\"]"].concat());
    }
    // After the focus, which scrolls the focused field into view.
    if takeover.scroll_top > 0
        && let Ok(Some(scroller)) = root.query_selector(takeover::SCROLLER)
    {
        scroller.set_scroll_top(takeover.scroll_top);
    }
    Ok(())
}

/// The host's shadow root, emptied: the page rendered a form there already (the server's
/// first view, or the landing page's form), and what the signer did in it is taken over. Or a
/// new one.
fn take_shadow_root(host: &HtmlElement) -> Result<(ShadowRoot, Takeover), JsValue> {
    Ok(match host.shadow_root() {
        Some(existing) => {
            let takeover = Takeover::read(&existing);
            existing.set_inner_html("");
            (existing, takeover)
        }
        None => (
            host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
            Takeover::default(),
        ),
    })
}

/// Resolves in a later task of the event loop.
async fn next_task() {
    let promise = Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window()
            .and_then(|window| window.set_timeout_with_callback(&resolve).ok())
            .is_some();
        if !scheduled {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(promise).await;
}
