//! The upprop widget: the appeal and its signing form, mounted by `embed.js` into a shadow root
//! on an `<upprop-petition>` element so that the host page's CSS and ours never meet.

mod api;
mod components;
mod config;
mod content;
mod dom;
mod saved_draft;
mod signed_event;

use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRootInit, ShadowRootMode};

use crate::components::Widget;
use crate::config::WidgetConfig;

const STYLE: &str = include_str!("../style/widget.css");

/// Renders one widget into `host`, configured by the host's `data-*` attributes. `embed.js`
/// calls it once per script tag; the widgets share this module but nothing else.
#[wasm_bindgen]
pub fn mount(host: HtmlElement) -> Result<(), JsValue> {
    let shadow = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
    let document = host
        .owner_document()
        .ok_or("the host element has no document")?;

    let style = document.create_element("style")?;
    style.set_text_content(Some(STYLE));
    shadow.append_child(&style)?;

    let root: HtmlElement = document.create_element("div")?.unchecked_into();
    shadow.append_child(&root)?;

    let config = WidgetConfig::from_host(&host);
    leptos::mount::mount_to(root, move || leptos::view! { <Widget config /> }).forget();
    Ok(())
}
