//! The upprop widget: the appeal and its signing form, mounted by `embed.js` into a shadow root
//! on an `<upprop-petition>` element so that the host page's CSS and ours never meet.

mod api;
mod config;
mod content;
mod delivery;
mod dom;
mod draft;
mod form_view;
mod frame;
mod json;
mod live_count;
mod phase;
mod proof_of_work;
mod recent_signers;
mod saved_draft;
mod signed_event;
mod signing_form;
mod signing_id;
mod thank_you;

use js_sys::Promise;
use leptos::prelude::Owner;
use upprop_core::form::{Typed, form_field};
use upprop_core::i18n::Strings;
use upprop_core::markup::names::{SIGNING, WIDGET, selector};
use upprop_core::markup::{self, Form, WidgetView};
use upprop_core::style::WIDGET_CSS;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{FormData, HtmlElement, HtmlFormElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

use crate::config::{ConfigError, View, WidgetConfig};
use crate::content::Answer;
use crate::draft::Draft;
use crate::json::Json;
use crate::saved_draft::DraftSlot;
use crate::signing_form::Signing;

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
            } => Ok((setup, content, counts, closed)),
            Answer::Unknown => Err(ConfigError::UnknownPetition),
            Answer::Unpublished => Err(ConfigError::Unpublished),
            Answer::Unreadable => return Err("the petition's content could not be loaded".into()),
        },
    };
    let document = host
        .owner_document()
        .ok_or("the host element has no document")?;
    let shadow = match host.shadow_root() {
        Some(shown) => shown,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };

    let (locale, view, show_signers) = (config.locale, config.view, config.show_signers);
    let strings = Strings::of(locale);
    let (setup, content, counts, closed) = match loaded {
        Ok(loaded) => loaded,
        Err(error) => {
            // Plain text for the site owner: nothing to react to.
            let style = document.create_element("style")?;
            style.set_text_content(Some(WIDGET_CSS));
            let message = document.create_element("p")?;
            message.set_class_name("upprop config-error");
            message.set_attribute("role", "alert")?;
            message.set_attribute("lang", locale.as_str())?;
            message.set_text_content(Some(error.message(strings)));
            shadow.set_inner_html("");
            shadow.append_child(&style)?;
            shadow.append_child(&message)?;
            return Ok(());
        }
    };
    let full = view == View::Full;
    let draft_slot = DraftSlot::new(&setup.slug, locale);
    let saved = draft_slot.load();

    // The view the page shows already (the server's first view, or the landing page's form)
    // is the widget's own markup: it is kept as it is, with whatever the signer did in it.
    // Without one, the widget writes that markup itself, on the draft saved before a reload.
    if shown_article(&shadow).is_none() {
        let typed = saved.as_ref().map(|saved| Typed {
            texts: saved.texts.clone(),
            public: saved.public,
            consents: Vec::new(),
        });
        let signing = markup::form(&Form {
            action: None,
            hidden: &[],
            typed: &typed.unwrap_or_default(),
            violations: &[],
            failure: None,
            text: &content.text,
            strings,
        });
        let written = markup::widget(&WidgetView {
            text: &content.text,
            background: content.background(),
            event: content.event.as_ref(),
            counts,
            closed,
            full,
            locale,
            signing,
            thanked: false,
        });
        shadow.set_inner_html(&written.into_string());
    }
    let article = shown_article(&shadow).ok_or("the widget's view has no article")?;

    // Signals and effects live as long as the page: their owner is never dropped.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    owner.with(|| -> Result<(), JsValue> {
        frame::attach(&article, strings);
        if full && !closed {
            live_count::keep_current(&article, setup.petition_url(locale), locale);
        }
        let section = article.query_selector(&selector(SIGNING))?;
        let form = section
            .as_ref()
            .map(|section| section.query_selector("form"))
            .transpose()?
            .flatten()
            .and_then(|form| form.dyn_into::<HtmlFormElement>().ok());
        if let (Some(section), true) = (&section, full && show_signers > 0) {
            recent_signers::show_after(section.clone(), setup.signers_url(show_signers), locale);
        }
        if let (Some(section), Some(form), false) = (section, form, closed) {
            let draft = Draft::new(&content.text.consents, saved);
            draft.adopt(&in_form(&form, &content.text.consents));
            let signing = Signing {
                setup,
                content,
                locale,
                draft,
                draft_slot,
            };
            signing_form::attach(form, section, signing);
        }
        Ok(())
    })?;
    std::mem::forget(owner);
    // For the host page (and its styles): the widget works now, no longer only its first view.
    host.set_attribute("ready", "")?;
    Ok(())
}

/// The widget's article in `shadow`, if the page shows it already.
fn shown_article(shadow: &ShadowRoot) -> Option<HtmlElement> {
    shadow
        .query_selector(&["article", &selector(WIDGET)].concat())
        .ok()
        .flatten()
        .and_then(|article| article.dyn_into().ok())
}

/// What the signer typed and ticked in `form` so far.
fn in_form(form: &HtmlFormElement, consents: &[upprop_core::ConsentDefinition]) -> Typed {
    let Ok(data) = FormData::new_with_form(form) else {
        return Typed::default();
    };
    let posted: Vec<(String, String)> = js_sys::try_iter(&data)
        .ok()
        .flatten()
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let entry: js_sys::Array = entry.ok()?.dyn_into().ok()?;
            Some((entry.get(0).as_string()?, entry.get(1).as_string()?))
        })
        .collect();
    Typed::posted(|name| form_field(&posted, name), consents)
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
