mod appeal;
mod checkbox;
mod signature_count;
mod signing_form;
mod text_field;
mod thank_you;
mod widget;

pub use widget::Widget;
