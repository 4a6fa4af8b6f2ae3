//! Writing the signing form's changes into its markup in place: the form is `core`'s markup
//! (`markup::form`), served by the server or written by the widget, and these keep it in step
//! with the form's state, using that module's own markup for what they add.

use upprop_core::markup::names::{CHECKBOX, ERROR, FAILURE, FIELD, INVALID, named, selector};
use upprop_core::markup::{described_by, failure_line, field_error};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

/// The form's control named `name`.
pub fn control(form: &Element, name: &str) -> Option<Element> {
    form.query_selector(&named(name)).ok().flatten()
}

/// What a text field or textarea holds.
pub fn value(control: &Element) -> String {
    if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
        input.value()
    } else if let Some(area) = control.dyn_ref::<HtmlTextAreaElement>() {
        area.value()
    } else {
        String::new()
    }
}

/// Puts `value` into a text field or textarea, unless it holds it already (setting it anew
/// would move the caret).
pub fn set_value(control: &Element, value: &str) {
    if self::value(control) == value {
        return;
    }
    if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(area) = control.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(value);
    }
}

/// Ticks a checkbox, or not.
pub fn set_checked(control: &Element, checked: bool) {
    if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
        input.set_checked(checked);
    }
}

/// Shows why the control named `name` was refused (`message`), or that it is fine, as the
/// markup says: its box marked, the control `aria-invalid` and described by its hint (if
/// `hint`) and its error, the error written last in the box.
pub fn show_error(control: &Element, name: &str, hint: bool, message: Option<&str>) {
    let boxes = [".", FIELD, ",.", CHECKBOX].concat();
    let Some(field_box) = control.closest(&boxes).ok().flatten() else {
        return;
    };
    if !clear_unless_saying(
        field_box.query_selector(&selector(ERROR)).ok().flatten(),
        message,
    ) {
        return;
    }
    let _ = field_box
        .class_list()
        .toggle_with_force(INVALID, message.is_some());
    match described_by(name, hint, message.is_some()) {
        Some(ids) => control.set_attribute("aria-describedby", &ids),
        None => control.remove_attribute("aria-describedby"),
    }
    .ok();
    match message {
        Some(message) => {
            let _ = control.set_attribute("aria-invalid", "true");
            let _ = field_box
                .insert_adjacent_html("beforeend", &field_error(name, message).into_string());
        }
        None => {
            let _ = control.remove_attribute("aria-invalid");
        }
    }
}

/// Says `message` above the form's button, or nothing; said again only when it changes (an
/// alert is read out each time it is written).
pub fn show_failure(button: &HtmlElement, message: Option<&str>) {
    let shown = button
        .previous_element_sibling()
        .filter(|before| before.class_list().contains(FAILURE));
    if !clear_unless_saying(shown, message) {
        return;
    }
    if let Some(message) = message {
        let _ = button.insert_adjacent_html("beforebegin", &failure_line(message).into_string());
    }
}

/// Takes `shown` away unless it says `message` already; false when it does, and nothing is to
/// be written again.
fn clear_unless_saying(shown: Option<Element>, message: Option<&str>) -> bool {
    if shown
        .as_ref()
        .and_then(|shown| shown.text_content())
        .as_deref()
        == message
    {
        return false;
    }
    if let Some(shown) = shown {
        shown.remove();
    }
    true
}
