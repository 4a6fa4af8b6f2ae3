mod checkbox;
mod signers;
mod signing_form;
mod text_field;
mod thank_you;
mod widget;

pub use signing_form::SigningForm;
pub use widget::{FORM_SLOT, Standing, Widget, write_appeal};
