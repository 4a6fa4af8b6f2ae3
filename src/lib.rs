//! The upprop widget: the appeal and its signing form, mounted by `embed.js` into a shadow root
//! on an `<upprop-petition>` element so that the host page's CSS and ours never meet.

mod api;
mod components;
mod config;
mod content;
mod delivery;
mod dom;
mod json;
mod proof_of_work;
mod saved_draft;
mod signed_event;
mod signing_id;
mod takeover;

use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRootInit, ShadowRootMode};

use crate::components::{Loaded, Widget};
use crate::config::{ConfigError, WidgetConfig};
use crate::content::Answer;
use crate::json::Json;
use crate::takeover::Takeover;
use upprop_core::i18n::Strings;

const STYLE: &str = include_str!("../style/widget.css");

/// Renders one widget into `host`, configured by the host's `data-*` attributes, showing the
/// petition in `answer`: the endpoint's answer to `GET …/petitions/{slug}?lang=` that
/// `embed.js` fetched while this module downloaded (`null` if that request failed). `embed.js`
/// calls it once per script tag; the widgets share this module but nothing else.
///
/// Fails, touching nothing, when there is no petition to show; `embed.js` then puts a link to
/// the petition in the widget's place.
#[wasm_bindgen]
pub fn mount(host: HtmlElement, answer: JsValue) -> Result<(), JsValue> {
    let config = WidgetConfig::from_host(&host);
    let loaded = match config.setup {
        Err(error) => Err(error),
        Ok(setup) => match Answer::read(&Json(answer)) {
            Answer::Petition {
                content,
                counts,
                closed,
            } => Ok(Loaded {
                setup,
                content,
                counts,
                closed,
            }),
            Answer::Unknown => Err(ConfigError::UnknownPetition),
            Answer::Unreadable => return Err("the petition's content could not be loaded".into()),
        },
    };
    let (shadow, takeover) = match host.shadow_root() {
        // The page rendered a form here already (the landing page): take it over.
        Some(existing) => {
            let takeover = Takeover::read(&existing);
            existing.set_inner_html("");
            (existing, takeover)
        }
        None => (
            host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
            Takeover::default(),
        ),
    };
    let document = host
        .owner_document()
        .ok_or("the host element has no document")?;

    let style = document.create_element("style")?;
    style.set_text_content(Some(STYLE));
    shadow.append_child(&style)?;

    let root: HtmlElement = document.create_element("div")?.unchecked_into();
    shadow.append_child(&root)?;

    let (locale, view, show_signers) = (config.locale, config.view, config.show_signers);
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(error) => {
            // Plain text for the site owner: nothing to react to, so no component to pay for.
            let message = document.create_element("p")?;
            message.set_class_name("upprop config-error");
            message.set_attribute("role", "alert")?;
            message.set_attribute("lang", locale.as_str())?;
            message.set_text_content(Some(error.message(Strings::of(locale))));
            root.append_child(&message)?;
            return Ok(());
        }
    };
    let (focused, scroll_top) = (takeover.focused.clone(), takeover.scroll_top);
    // A prop, not `provide_context`: the context map costs the bundle a kilobyte.
    leptos::mount::mount_to(
        root.clone(),
        move || leptos::view! { <Widget locale view show_signers loaded takeover /> },
    )
    .forget();
    if let Some(name) = focused {
        dom::focus_within(&root, &["[name=\"", &name, "\"]"].concat());
    }
    // After the focus, which scrolls the focused field into view.
    if scroll_top > 0
        && let Ok(Some(scroller)) = root.query_selector(takeover::SCROLLER)
    {
        scroller.set_scroll_top(scroll_top);
    }
    Ok(())
}
