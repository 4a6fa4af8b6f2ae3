//! A signature, once the signer has pressed "sign" and the form has validated it, is kept in
//! the tab's sessionStorage exactly as sent (its consents as given then) until the endpoint
//! acknowledges it or refuses it for good. Until then it is sent again: with growing pauses
//! while the page is open, at once when the browser comes back online or the signer presses
//! the button, and on the next load of any page of this origin that embeds the widget in the
//! same tab. Every attempt carries the same id, so the endpoint stores it once.

use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AddEventListenerOptions, Storage};

use crate::api::SubmitError;

/// Where one endpoint's signature for one petition waits: keyed by the URL it is posted to.
pub struct Outbox(String);

impl Outbox {
    pub fn new(signatures_url: &str) -> Self {
        Self(["upprop:unsent:", signatures_url].concat())
    }

    // sessionStorage may be missing or refuse (sandboxed frames, full quota): the signature
    // is then retried only while the page stays open.
    fn storage() -> Option<Storage> {
        web_sys::window()?.session_storage().ok()?
    }

    /// The signature waiting to be sent, as the JSON text to post.
    pub fn waiting(&self) -> Option<String> {
        Self::storage()?.get_item(&self.0).ok()?
    }

    /// Keeps `body` for the next load; false where storage refuses it (a sandboxed frame):
    /// then it waits only in this page.
    pub fn keep(&self, body: &str) -> bool {
        Self::storage().is_some_and(|storage| storage.set_item(&self.0, body).is_ok())
    }

    pub fn erase(&self) {
        if let Some(storage) = Self::storage() {
            let _ = storage.remove_item(&self.0);
        }
    }
}

/// How long to wait before attempt `attempt` (0 is the first retry) after `error`: what a 429
/// asks for, else 2 s doubling to a minute.
pub fn pause_after(error: &SubmitError, attempt: u32) -> u32 {
    const MAX_MS: u32 = 60_000;
    match error {
        SubmitError::RateLimited {
            retry_after: Some(seconds),
        } => seconds.saturating_mul(1000).min(10 * MAX_MS),
        _ => 2_000u32.saturating_mul(1 << attempt.min(5)).min(MAX_MS),
    }
}

/// Waits `ms`, or less: until the browser says it is online again, or until `wake` (kept
/// meanwhile in `waker`) is called, as the signer's button does.
pub async fn pause(ms: u32, waker: impl FnOnce(Function)) {
    let mut waker = Some(waker);
    let promise = Promise::new(&mut |wake: Function, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&wake, ms as i32);
            let once = AddEventListenerOptions::new();
            once.set_once(true);
            let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
                "online", &wake, &once,
            );
        }
        if let Some(waker) = waker.take() {
            waker(wake);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Ends a `pause` at once.
pub fn wake(wake: &Function) {
    let _ = wake.call0(&JsValue::NULL);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_grow_to_a_minute_and_follow_retry_after() {
        let down = SubmitError::Unreachable;
        let pauses: Vec<u32> = (0..8).map(|attempt| pause_after(&down, attempt)).collect();
        assert_eq!(
            pauses,
            [2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]
        );
        let asked = SubmitError::RateLimited {
            retry_after: Some(7),
        };
        assert_eq!(pause_after(&asked, 3), 7_000);
        let unbounded = SubmitError::RateLimited {
            retry_after: Some(u32::MAX),
        };
        assert_eq!(pause_after(&unbounded, 0), 600_000);
    }
}
