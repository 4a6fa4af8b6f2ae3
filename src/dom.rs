//! Finding things within this widget's own shadow root, never in the host page.

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, Node, ShadowRoot};

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
