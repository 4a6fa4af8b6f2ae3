use leptos::task::spawn_local;
use upprop_core::i18n::Strings;
use upprop_core::markup::names::{
    COPIED, COPY_LINK, CORRECT_ADDRESS, SHARE_NATIVE, THANK_YOU, selector,
};
use upprop_core::markup::{
    ShareButtons, awaiting_confirmation, correction_button, received, share_step, thanks,
};
use upprop_core::share::{Channel, Shared};
use upprop_core::{Locale, SignatureStatus};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement};

use crate::content::Content;
use crate::dom::on_click;

/// What the thanks is about.
pub struct Thanks<'a> {
    /// The endpoint's answer: waiting for the confirmation click, or not.
    pub status: Option<SignatureStatus>,
    /// The signature waited to be sent: say that it has been now.
    pub after_waiting: bool,
    /// Where the confirmation went, named so that a typo shows.
    pub address: &'a str,
    /// The appeal's address to share: its landing page, or the host's `data-share-url`.
    pub share_url: &'a str,
}

/// Shows what the signer sees once the endpoint has the signature, at the end of the form's
/// `section`: it asks for the confirmation click when the endpoint waits for one, naming the
/// address mailed, with `correct` to take the signer back to the form (a typo there loses the
/// signature), and invites the signer to share, the moment they are most likely to. It takes
/// the focus, so that screen readers announce it. Shown once and never changed, it is written
/// as HTML (the landing page's markup, `upprop_core::markup`), and only its buttons are wired
/// here.
pub fn show_thanks(
    section: &Element,
    thanked: Thanks,
    content: &Content,
    locale: Locale,
    correct: impl FnMut() + 'static,
) -> Result<(), JsValue> {
    let strings = Strings::of(locale);
    let Thanks {
        status,
        after_waiting,
        address,
        share_url,
    } = thanked;
    let awaiting = status == Some(SignatureStatus::PendingConfirmation);
    let (heading, body) = if awaiting {
        let correction = correction_button(strings);
        (
            strings.confirm_heading,
            awaiting_confirmation(address, strings, correction),
        )
    } else {
        (strings.thanks_heading, received(strings))
    };
    let shared = Shared {
        url: share_url,
        text: &content.text.share,
        hashtags: &content.hashtags,
    };
    // A frame sandboxed to scripts alone has an opaque origin, and neither popups nor the
    // clipboard: offer only what works there.
    let sandboxed = web_sys::window().is_some_and(|window| window.origin() == "null");
    let buttons = ShareButtons {
        native: !sandboxed && has_native_share(),
        copy: !sandboxed,
        sandboxed,
    };
    let note = after_waiting.then_some(strings.sent_after_waiting);
    let shown = thanks(heading, note, body, share_step(&shared, strings, buttons));
    section.insert_adjacent_html("beforeend", &shown.into_string())?;

    if let Some(button) = section.query_selector(&selector(CORRECT_ADDRESS))? {
        on_click(&button, correct);
    }
    if let Some(button) = section.query_selector(&selector(SHARE_NATIVE))? {
        let (title, text, url) = (
            content.text.title.clone(),
            shared.message(),
            shared.url_for(Channel::Native),
        );
        on_click(&button, move || {
            let data = web_sys::ShareData::new();
            data.set_title(&title);
            data.set_text(&text);
            data.set_url(&url);
            if let Some(window) = web_sys::window() {
                // A dismissed share sheet rejects; the links stay there to use instead.
                let _ = window.navigator().share_with_data(&data);
            }
        });
    }
    if let (Some(button), Some(announcement)) = (
        section.query_selector(&selector(COPY_LINK))?,
        section.query_selector(&selector(COPIED))?,
    ) {
        let url = shared.url_for(Channel::Link);
        on_click(&button, move || {
            let (url, announcement) = (url.clone(), announcement.clone());
            spawn_local(async move {
                if let Some(window) = web_sys::window() {
                    let promise = window.navigator().clipboard().write_text(&url);
                    // Refused (no permission, an old browser): the link is there to copy by hand.
                    let copied = JsFuture::from(promise).await.is_ok();
                    announcement.set_text_content(copied.then_some(strings.link_copied));
                }
            });
        });
    }
    if let Some(region) = section.query_selector(&selector(THANK_YOU))? {
        let _ = region.unchecked_into::<HtmlElement>().focus();
    }
    Ok(())
}

/// The Web Share API exists mostly on phones; elsewhere the button is not shown.
fn has_native_share() -> bool {
    web_sys::window().is_some_and(|window| {
        js_sys::Reflect::has(&window.navigator(), &JsValue::from_str("share")).unwrap_or(false)
    })
}
