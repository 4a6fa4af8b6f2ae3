//! The `upprop:signed` event that tells the host page a signature went through, for its
//! analytics. It carries the petition and the endpoint's status, never personal data.

use upprop_core::SignatureStatus;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, Element};

use crate::dom::widget_root;

/// Dispatches on the `<upprop-petition>` element that hosts `inside`'s shadow root.
pub fn dispatch(inside: &Element, petition: &str, status: Option<SignatureStatus>) {
    let Some(shadow) = widget_root(inside) else {
        return;
    };
    let detail = js_sys::Object::new();
    let status = status.map_or("accepted", SignatureStatus::as_str);
    // Setting a property on a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(&detail, &"petition".into(), &petition.into());
    let _ = js_sys::Reflect::set(&detail, &"status".into(), &status.into());

    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&JsValue::from(detail));
    if let Ok(event) = CustomEvent::new_with_event_init_dict("upprop:signed", &init) {
        let _ = shadow.host().dispatch_event(&event);
    }
}
