use leptos::prelude::*;
use leptos::task::spawn_local;
use upprop_core::i18n::Strings;
use upprop_core::share::{Channel, Shared};
use upprop_core::{Locale, SignatureStatus};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::content::Content;

/// What the signer sees once the endpoint has the signature. It takes focus so screen readers
/// announce it, asks for the confirmation click when the endpoint waits for one, and invites
/// the signer to share: the moment they are most likely to.
#[component]
pub fn ThankYou(
    status: Option<SignatureStatus>,
    /// The signature waited to be sent: say that it has been now.
    after_waiting: bool,
    content: &'static Content,
    locale: Locale,
    /// The appeal's address to share (its landing page, or the host's `data-share-url`).
    share_url: String,
) -> impl IntoView {
    let strings = Strings::of(locale);
    let (heading, body) = match status {
        Some(SignatureStatus::PendingConfirmation) => {
            (strings.confirm_heading, strings.confirm_body)
        }
        _ => (strings.thanks_heading, strings.thanks_body),
    };
    let region = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(region) = region.get() {
            let _ = region.focus();
        }
    });
    view! {
        <div class="thank-you" role="status" tabindex="-1" node_ref=region>
            <h3>{heading}</h3>
            {after_waiting.then(|| view! { <p>{strings.sent_after_waiting}</p> })}
            <p>{body}</p>
            <ShareStep content locale share_url />
        </div>
    }
}

/// Links to share the appeal on each network (plain links: nothing of theirs is loaded), the
/// device's own share sheet where there is one, and the link to copy.
#[component]
fn ShareStep(content: &'static Content, locale: Locale, share_url: String) -> impl IntoView {
    let strings = Strings::of(locale);
    let text = &content.text.share;
    let shared = Shared {
        url: &share_url,
        text,
        hashtags: &content.hashtags,
    };
    // Never changed, and the landing page's markup: written as HTML, no view code to pay for.
    let links = shared.link_items(strings).into_string();
    let copy_url = shared.url_for(Channel::Link);
    let native = has_native_share().then(|| {
        let url = shared.url_for(Channel::Native);
        let title = content.text.title.clone();
        let message = shared.message();
        view! {
            <button
                type="button"
                class="share-native"
                on:click=move |_| {
                    let data = web_sys::ShareData::new();
                    data.set_title(&title);
                    data.set_text(&message);
                    data.set_url(&url);
                    if let Some(window) = web_sys::window() {
                        // A dismissed share sheet rejects; the links stay there to use instead.
                        let _ = window.navigator().share_with_data(&data);
                    }
                }
            >
                {strings.share_native}
            </button>
        }
    });
    let copied = RwSignal::new(false);
    let copy = {
        let copy_url = copy_url.clone();
        move |_| {
            let copy_url = copy_url.clone();
            spawn_local(async move {
                if let Some(window) = web_sys::window() {
                    let promise = window.navigator().clipboard().write_text(&copy_url);
                    // Refused (no permission, an old browser): the link is there to copy by hand.
                    copied.set(JsFuture::from(promise).await.is_ok());
                }
            });
        }
    };
    view! {
        <div class="share-step">
            <p class="share-heading">
                <strong>{strings.share}</strong>
            </p>
            {native}
            <ul class="share-links" inner_html=links></ul>
            <button type="button" class="copy-link" on:click=copy>
                {strings.copy_link}
            </button>
            <p class="copied" aria-live="polite">
                {move || copied.get().then_some(strings.link_copied)}
            </p>
            <label class="copy-by-hand">
                {strings.copy_by_hand}
                <input type="text" readonly value=copy_url />
            </label>
            <p class="hashtags">{content.hashtags.join(" ")}</p>
        </div>
    }
}

/// The Web Share API exists mostly on phones; elsewhere the button is not shown.
fn has_native_share() -> bool {
    web_sys::window().is_some_and(|window| {
        js_sys::Reflect::has(&window.navigator(), &JsValue::from_str("share")).unwrap_or(false)
    })
}
