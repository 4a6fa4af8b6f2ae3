//! The signing form's markup, made from `form::TEXT_FIELDS`. The landing page, the widget's
//! first view and the widget itself (when no first view was shown) write it alike, and the
//! widget adopts whichever is there in place: what it changes later (an error, the failure,
//! the button) is written by the functions here too.

use maud::{Markup, html};

use super::names::{CHECKBOX, ERROR, FAILURE, FIELD, INVALID, SUGGESTION};
use super::{privacy_notice, trap};
use crate::form::{PUBLIC, TEXT_FIELDS, TextField, Typed};
use crate::i18n::Strings;
use crate::{Field, FieldViolation, PetitionText};

/// A form as it stands.
pub struct Form<'a> {
    /// Where it posts without JavaScript; none in a form the widget wrote itself.
    pub action: Option<&'a str>,
    /// What it posts unseen (the page view's id, when it was rendered, the channel).
    pub hidden: &'a [(&'a str, &'a str)],
    /// What the fields hold: what was typed before (a refused post, a saved draft), or nothing.
    pub typed: &'a Typed,
    /// Why fields were refused, each shown under its field.
    pub violations: &'a [FieldViolation],
    /// A refusal not tied to one field (rate limit, server failure).
    pub failure: Option<&'a str>,
    /// The consents to ask for and the privacy notice.
    pub text: &'a PetitionText,
    /// The interface's words in the form's language.
    pub strings: &'a Strings,
}

/// The form: the trap, the text fields, the public box, the consents, the privacy notice and
/// the button.
pub fn form(form: &Form) -> Markup {
    let strings = form.strings;
    let error = |field: &Field| {
        form.violations
            .iter()
            .find(|violation| violation.field == *field)
            .map(|violation| strings.field_error(violation.error))
    };
    let text_field = |index: usize| {
        let description = &TEXT_FIELDS[index];
        text_field(
            description,
            &form.typed.texts[index],
            error(&description.field),
            strings,
        )
    };
    let rows =
        (0..TEXT_FIELDS.len()).filter(|&index| index == 0 || !TEXT_FIELDS[index - 1].beside_next);
    html! {
        form method="post" action=[form.action] novalidate {
            @for (name, value) in form.hidden { input type="hidden" name=(name) value=(value); }
            div.trap aria-hidden="true" { (trap(strings)) }
            @for index in rows {
                @if TEXT_FIELDS[index].beside_next {
                    div.name-row { (text_field(index)) (text_field(index + 1)) }
                } @else {
                    (text_field(index))
                }
            }
            (checkbox(PUBLIC, strings.public_name, form.typed.public, None, false, None))
            fieldset.consents {
                @for definition in &form.text.consents {
                    (checkbox(
                        &definition.id,
                        &definition.text,
                        form.typed.consents.contains(&definition.id),
                        Some(if definition.required { strings.required_consent } else { strings.optional }),
                        definition.required,
                        error(&Field::Consent(definition.id.clone())),
                    ))
                }
            }
            details.privacy { (privacy_notice(form.text, strings)) }
            @if let Some(failure) = form.failure { (failure_line(failure)) }
            button type="submit" { (strings.submit) }
        }
    }
}

/// What a field's `aria-describedby` names: its hint and its error, when it has them.
pub fn described_by(name: &str, hint: bool, error: bool) -> Option<String> {
    match (hint, error) {
        (false, false) => None,
        (true, false) => Some(format!("{name}-hint")),
        (false, true) => Some(format!("{name}-error")),
        (true, true) => Some(format!("{name}-hint {name}-error")),
    }
}

/// Why the field `name` was refused, under it, named by its `aria-describedby`.
pub fn field_error(name: &str, message: &str) -> Markup {
    html! { p.(ERROR) id={ (name) "-error" } { (message) } }
}

/// A refusal not tied to one field, just above the button.
pub fn failure_line(message: &str) -> Markup {
    html! { p.(FAILURE) role="alert" { (message) } }
}

/// Where the address a likely typo means is offered (`markup::suggested`), under the address
/// field: empty until there is something to offer, a live region that reads out what is.
pub fn suggestion_line() -> Markup {
    html! { p.(SUGGESTION) aria-live="polite" {} }
}

/// A labelled text input (or textarea) with its hint and its error, both tied to it with
/// `aria-describedby` so that screen readers read them with the field.
fn text_field(
    description: &TextField,
    value: &str,
    error: Option<String>,
    strings: &Strings,
) -> Markup {
    let name = description.field.name();
    let hint = description.hint.map(|hint| hint(strings));
    let described_by = described_by(name, hint.is_some(), error.is_some());
    let invalid = error.as_ref().map(|_| "true");
    let max_chars = description.field.max_chars();
    html! {
        div.(FIELD).(INVALID)[error.is_some()] {
            label for=(name) {
                ((description.label)(strings))
                @if description.optional { " " span.note { (strings.optional) } }
            }
            @if description.multiline {
                textarea id=(name) name=(name) rows="3" maxlength=(max_chars)
                    aria-invalid=[invalid] aria-describedby=[described_by.as_deref()] { (value) }
            } @else {
                input id=(name) name=(name) type=(description.input_type) inputmode=[description.inputmode]
                    autocomplete=(description.autocomplete) maxlength=(max_chars)
                    aria-required=[(!description.optional).then_some("true")]
                    aria-invalid=[invalid] aria-describedby=[described_by.as_deref()] value=(value);
            }
            @if let Some(hint) = hint { p.hint id={ (name) "-hint" } { (hint) } }
            @if let Some(error) = &error { (field_error(name, error)) }
        }
    }
}

/// A checkbox with its label beside it and, when refused, the reason below it. Never ticked
/// unless the signer ticked it: consent must be their act.
fn checkbox(
    name: &str,
    label: &str,
    checked: bool,
    note: Option<&str>,
    required: bool,
    error: Option<String>,
) -> Markup {
    let described_by = described_by(name, false, error.is_some());
    html! {
        div.(CHECKBOX).(INVALID)[error.is_some()] {
            input type="checkbox" id=(name) name=(name) value="true" checked[checked]
                aria-required=[required.then_some("true")]
                aria-invalid=[error.as_ref().map(|_| "true")]
                aria-describedby=[described_by];
            label for=(name) {
                (label)
                @if let Some(note) = note { " " span.note { (note) } }
            }
            @if let Some(error) = &error { (field_error(name, error)) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ConsentDefinition, FieldError, Locale};

    fn text() -> PetitionText {
        let petition =
            crate::Petition::from_json(include_str!("../../../content/upprop-socialtjansten.json"))
                .unwrap();
        let mut text = petition.text(Locale::Sv).clone();
        text.consents = vec![ConsentDefinition {
            id: "processing".into(),
            required: true,
            text: "Jag samtycker <b>".into(),
        }];
        text
    }

    #[test]
    fn the_form_shows_what_was_typed_and_each_refusal_under_its_field_escaped() {
        let text = text();
        let typed = Typed {
            texts: ["Anna", "<Svensson>", "anna@", "", ""].map(String::from),
            public: true,
            consents: Vec::new(),
        };
        let violations = [FieldViolation {
            field: Field::Email,
            error: FieldError::InvalidEmail,
        }];
        let strings = Strings::of(Locale::Sv);
        let html = form(&Form {
            action: Some("/p/x?lang=sv#sign"),
            hidden: &[("id", "7")],
            typed: &typed,
            violations: &violations,
            failure: Some("Försök igen"),
            text: &text,
            strings,
        })
        .into_string();
        assert!(html.starts_with(r#"<form method="post" action="/p/x?lang=sv#sign" novalidate><input type="hidden" name="id" value="7">"#));
        assert!(
            html.contains(r#"<div class="name-row"><div class="field"><label for="first_name">"#)
        );
        assert!(html.contains(r#"value="&lt;Svensson&gt;""#));
        assert!(html.contains(
            r#"aria-invalid="true" aria-describedby="email-hint email-error" value="anna@">"#
        ));
        assert!(html.contains(r#"<p class="error" id="email-error">"#));
        assert!(html.contains(r#"name="public" value="true" checked>"#));
        assert!(html.contains("Jag samtycker &lt;b&gt;"));
        assert!(
            html.contains(
                r#"<p class="failure" role="alert">Försök igen</p><button type="submit">"#
            )
        );
        assert_eq!(html.matches("<textarea").count(), 1);
    }

    #[test]
    fn a_form_the_widget_writes_posts_nowhere_and_hides_nothing() {
        let text = text();
        let html = form(&Form {
            action: None,
            hidden: &[],
            typed: &Typed::default(),
            violations: &[],
            failure: None,
            text: &text,
            strings: Strings::of(Locale::En),
        })
        .into_string();
        assert!(html.starts_with(r#"<form method="post" novalidate><div class="trap""#));
        assert!(!html.contains("invalid"));
        assert!(!html.contains("failure"));
    }
}
