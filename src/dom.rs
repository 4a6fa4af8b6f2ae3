//! The widget's own DOM: finding things within its shadow root, never in the host page, and
//! listening to what happens there.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Element, Event, EventTarget, HtmlElement, Node, ShadowRoot};

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
pub fn on_click(element: &Element, mut handler: impl FnMut() + 'static) {
    listen(element, "click", move |_| handler());
}

/// Calls `handler` on each `kind` of event on `target`, for as long as the page lives.
pub fn listen(target: &EventTarget, kind: &str, handler: impl FnMut(Event) + 'static) {
    listen_boxed(target, kind, Box::new(handler));
}

/// `listen`'s work, written once for every handler rather than once per handler's type.
fn listen_boxed(target: &EventTarget, kind: &str, handler: Box<dyn FnMut(Event)>) {
    let listener = Closure::wrap(handler);
    let _ = target.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref());
    listener.forget();
}
