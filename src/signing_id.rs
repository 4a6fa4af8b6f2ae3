//! The signing's id: a random (version 4) UUID made once in the browser, so that the endpoint
//! counts a signature once however often the network makes the widget send it.

use uuid::{Builder, Uuid};

/// A fresh id from the browser's cryptographic random source, which exists on plain-http
/// pages too (unlike `crypto.randomUUID`).
pub fn fresh() -> Uuid {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|window| window.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    Builder::from_random_bytes(bytes).into_uuid()
}

/// The id as the wire format and the saved draft write it: lower-case and hyphenated.
pub fn text(id: &Uuid) -> String {
    id.hyphenated()
        .encode_lower(&mut Uuid::encode_buffer())
        .to_owned()
}
