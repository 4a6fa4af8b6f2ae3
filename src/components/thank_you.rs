use leptos::prelude::*;
use upprop_core::{Locale, Petition, SignatureStatus};

use upprop_core::i18n::Strings;

/// What the signer sees once the endpoint has the signature. It takes focus so screen readers
/// announce it, and asks for the confirmation click when the endpoint waits for one.
#[component]
pub fn ThankYou(
    status: Option<SignatureStatus>,
    petition: &'static Petition,
    locale: Locale,
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
            <p>{body}</p>
            <p class="share">{strings.share} " " {petition.hashtags.join(" ")}</p>
        </div>
    }
}
