//! Taking over a form the page rendered before the widget arrived. The landing page serves its
//! form in a declarative shadow root with this widget's markup and styles, so a phone can sign
//! without JavaScript, and `embed.js` shows the server's rendering of the widget's first view
//! while the widget downloads. When the widget starts it reuses that shadow root, and what the
//! signer typed meanwhile, where the caret was and how far they had scrolled carry over.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlTextAreaElement, ShadowRoot};

/// The first view's scrolling part.
pub const SCROLLER: &str = ".scroller";

/// What the signer had typed and ticked in the page's own form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Takeover {
    /// Field name and value; a ticked checkbox as `"true"`. Empty fields are left out.
    pub typed: Vec<(String, String)>,
    /// The name of the field that had focus.
    pub focused: Option<String>,
    /// How far the first view was scrolled.
    pub scroll_top: i32,
}

impl Takeover {
    pub fn read(root: &ShadowRoot) -> Self {
        let mut typed = Vec::new();
        if let Ok(fields) = root.query_selector_all("input[name], textarea[name]") {
            for index in 0..fields.length() {
                let Some(node) = fields.item(index) else {
                    continue;
                };
                if let Some(input) = node.dyn_ref::<HtmlInputElement>() {
                    match input.type_().as_str() {
                        "hidden" => {}
                        "checkbox" if input.checked() => typed.push((input.name(), "true".into())),
                        "checkbox" => {}
                        _ if input.value().is_empty() => {}
                        _ => typed.push((input.name(), input.value())),
                    }
                } else if let Some(area) = node.dyn_ref::<HtmlTextAreaElement>()
                    && !area.value().is_empty()
                {
                    typed.push((area.name(), area.value()));
                }
            }
        }
        let focused = root
            .active_element()
            .and_then(|element| element.get_attribute("name"));
        let scroll_top = root
            .query_selector(SCROLLER)
            .ok()
            .flatten()
            .map_or(0, |scroller| scroller.scroll_top());
        Self {
            typed,
            focused,
            scroll_top,
        }
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.typed
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }
}
