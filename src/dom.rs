//! Finding things within this widget's own shadow root, never in the host page.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Element, HtmlElement, Node, ShadowRoot};

/// The shadow root that `node` is rendered in.
pub fn widget_root(node: &Node) -> Option<ShadowRoot> {
    node.get_root_node().dyn_into().ok()
}

/// Focuses the first element of the widget that matches `selector`; focusing also scrolls it
/// into view.
pub fn focus_within(node: &Node, selector: &str) {
    let element = widget_root(node)
        .and_then(|root| root.query_selector(selector).ok().flatten())
        .and_then(|element| element.dyn_into::<HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// Calls `handler` on each click of `element`, for as long as the page lives (as the thanks
/// and the form's suggestion do).
pub fn on_click(element: &Element, handler: impl FnMut() + 'static) {
    listen_for_clicks(element, Box::new(handler));
}

/// `on_click`'s work, written once for every handler rather than once per handler's type.
fn listen_for_clicks(element: &Element, handler: Box<dyn FnMut()>) {
    let listener = Closure::wrap(handler);
    let _ = element.add_event_listener_with_callback("click", listener.as_ref().unchecked_ref());
    listener.forget();
}
