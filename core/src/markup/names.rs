//! The class names (and the one field name) the widget finds its markup by, written once: the
//! templates beside this module write them, the widget's code queries them, and `embed.js`
//! gets them from `cargo xtask dist`. The stylesheet (`style/widget.css`) names them too.

/// The widget's article, the root of its view.
pub const WIDGET: &str = "upprop";
/// The first view's scrolling part.
pub const SCROLLER: &str = "scroller";
/// The form's section, where the thanks takes the form's place.
pub const SIGNING: &str = "signing";
/// The button that lifts the first view's fixed height, and folds it again.
pub const SHOW_ALL: &str = "show-all";
/// The appeal's button that skips to the form.
pub const JUMP: &str = "jump";
/// Marks the article while the first view is lifted.
pub const EXPANDED: &str = "expanded";
/// The count and its bar, kept current in place.
pub const PROGRESS: &str = "progress";
/// The count's words, under its bar.
pub const COUNT: &str = "count";
/// A field's box, marked `invalid` while it is refused.
pub const FIELD: &str = "field";
/// A checkbox's box, marked as a field's is.
pub const CHECKBOX: &str = "checkbox";
/// Marks a field's (or a checkbox's) box while it is refused.
pub const INVALID: &str = "invalid";
/// A field's refusal, under it.
pub const ERROR: &str = "error";
/// The refusal above the button (`failure_line`).
pub const FAILURE: &str = "failure";
/// Where the address a likely typo means is offered, under the address field and in the thanks.
pub const SUGGESTION: &str = "suggestion";
/// The name of the field only a program fills in.
pub const TRAP: &str = "website";
/// The thanks, where the form was.
pub const THANK_YOU: &str = "thank-you";
/// The thanks' way back to the form, to correct the address or have the mail sent again.
pub const CORRECT_ADDRESS: &str = "correct-address";
/// The share step's button for the device's own share sheet.
pub const SHARE_NATIVE: &str = "share-native";
/// The share step's button that copies the link.
pub const COPY_LINK: &str = "copy-link";
/// Where copying the link is announced.
pub const COPIED: &str = "copied";

/// The selector of the elements of `class`.
pub fn selector(class: &str) -> String {
    [".", class].concat()
}

/// The selector of the form's control named `name` (a field's name, or a consent's id).
pub fn named(name: &str) -> String {
    ["[name=\"", name, "\"]"].concat()
}
