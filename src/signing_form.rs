//! The signing form's behaviour, attached to its markup in place (`markup::form`: the
//! server's, or the one the widget wrote): it keeps the draft in step with what is typed,
//! validates with the shared rules before anything is sent, keeps every typed character when
//! sending fails, and delivers a submitted signature by itself once the endpoint can take it.
//! The state is leptos's signals; what changes in the markup is written by `form_view`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use upprop_core::form::{PUBLIC, TEXT_FIELDS, TextField};
use upprop_core::i18n::Strings;
use upprop_core::mail_domain::suggestion;
use upprop_core::markup::names::{FIELD, INVALID, SUGGESTION, THANK_YOU, TRAP, named, selector};
use upprop_core::markup::{suggested, suggestion_line as suggestion_line_markup};
use upprop_core::{Field, FieldViolation, Locale, SignatureRequest};
use wasm_bindgen::JsCast;
use web_sys::{Element, EventTarget, HtmlElement, HtmlFormElement, HtmlInputElement};

use crate::api::{self, post_signature};
use crate::config::Setup;
use crate::content::Content;
use crate::delivery::{self, Outbox, pause};
use crate::dom::{self, focus_within, listen};
use crate::draft::Draft;
use crate::form_view::{self, control};
use crate::phase::{Attempts, Next, Phase};
use crate::proof_of_work::Solver;
use crate::saved_draft::DraftSlot;
use crate::thank_you::{Thanks, show_thanks};
use crate::{signed_event, signing_id};

/// What only a program fills in, and how long after the page opened the form was sent: the
/// endpoint drops signatures that a program sent (`SignatureRequest::looks_automated`).
fn as_sent_from(form: &HtmlFormElement, request: SignatureRequest) -> SignatureRequest {
    let website = control(form, TRAP)
        .and_then(|trap| trap.dyn_into::<HtmlInputElement>().ok())
        .map(|trap| trap.value())
        .unwrap_or_default();
    let elapsed_ms = web_sys::window()
        .and_then(|window| window.performance())
        .map(|performance| performance.now() as u64);
    SignatureRequest {
        website,
        elapsed_ms,
        ..request
    }
}

/// Where the address a likely typo means is offered, under the address field: made with the
/// form's first focus, so that it is there, empty, before anything is said in it (a live
/// region that appears with its words is not always read out). Not in the view: one element
/// more there cost more code than this.
fn suggestion_line(form: &HtmlFormElement) -> Option<Element> {
    if let Ok(Some(line)) = form.query_selector(&selector(SUGGESTION)) {
        return Some(line);
    }
    let field = control(form, Field::Email.name())?
        .closest(&selector(FIELD))
        .ok()??;
    let _ = field.insert_adjacent_html("afterend", &suggestion_line_markup().into_string());
    form.query_selector(&selector(SUGGESTION)).ok()?
}

fn focus_field(form: &HtmlFormElement, field: &Field) {
    focus_within(form, &named(field.name()));
}

/// Everything the form needs to sign.
pub struct Signing {
    /// Where to post (the endpoint and the petition), where the signature comes from, and what
    /// a signer shares.
    pub setup: Setup,
    /// The petition: its consents and privacy notice, and the proof of work it asks for.
    pub content: &'static Content,
    /// The language of the form's words, and the one the signature is sent in.
    pub locale: Locale,
    /// What the signer has typed and ticked.
    pub draft: Draft,
    /// Where `draft` was loaded from, and is kept as it changes.
    pub draft_slot: DraftSlot,
}

/// Makes the `form` in its `section` sign: called within a reactive owner that lives as long
/// as the page.
pub fn attach(form: HtmlFormElement, section: Element, signing: Signing) {
    let Signing {
        setup,
        content,
        locale,
        draft,
        draft_slot,
    } = signing;
    let Some(button) = form
        .query_selector("button[type=submit]")
        .ok()
        .flatten()
        .and_then(|button| button.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    let strings = Strings::of(locale);
    let consent_definitions = &content.text.consents;
    let slot = StoredValue::new(draft_slot);
    Effect::new(move |_| {
        let saved = draft.saved();
        slot.with_value(|slot| slot.save(&saved));
    });
    let signatures_url = StoredValue::new(setup.signatures_url());
    let outbox = StoredValue::new(signatures_url.with_value(|url| Outbox::new(url)));
    // The latest submitted signature not yet acknowledged; the outbox keeps it across reloads.
    let unsent = StoredValue::new(outbox.with_value(Outbox::waiting));
    let delivering = StoredValue::new(false);
    // Whether the unsent signature would survive a reload: the signer is told either way.
    let kept_across_reloads = StoredValue::new(true);
    // Ends the pause of a waiting delivery early.
    let waker = StoredValue::new_local(None::<js_sys::Function>);
    let setup = StoredValue::new(setup);
    let solver = StoredValue::new_local(Solver::new(content.challenge.clone()));
    let solving = StoredValue::new(false);

    let phase = RwSignal::new(Phase::Editing);
    // Fields are judged only after the first attempt to sign, then on every change; a form
    // the server showed with its refusals has had that attempt.
    let shown_refused = form
        .query_selector(&selector(INVALID))
        .ok()
        .flatten()
        .is_some();
    let attempted = RwSignal::new(shown_refused);
    let refused_by_endpoint = RwSignal::new(None::<FieldViolation>);
    let violations = Memo::new(move |_| {
        if !attempted.get() {
            return Vec::new();
        }
        let request = setup.with_value(|setup| draft.request(locale, setup));
        let mut violations = request
            .validate(consent_definitions)
            .err()
            .unwrap_or_default();
        violations.extend(refused_by_endpoint.get());
        violations
    });

    // The markup follows the draft and the judgement: each text field, the public box, each
    // consent, the failure, the button.
    for (text_field, value) in TEXT_FIELDS.iter().zip(draft.texts) {
        let TextField { field, hint, .. } = text_field;
        let Some(control) = control(&form, field.name()) else {
            continue;
        };
        Effect::new(move |_| form_view::set_value(&control, &value.get()));
        show_error_for(&form, field.clone(), hint.is_some(), violations, strings);
    }
    if let Some(control) = control(&form, PUBLIC) {
        Effect::new(move |_| form_view::set_checked(&control, draft.public.get()));
    }
    for (definition, given) in draft.consents.get_value() {
        if let Some(control) = control(&form, &definition.id) {
            Effect::new(move |_| form_view::set_checked(&control, given.get()));
        }
        let field = Field::Consent(definition.id);
        show_error_for(&form, field, false, violations, strings);
    }
    {
        let (form, button) = (form.clone(), button.clone());
        Effect::new(move |_| {
            phase.with(|phase| {
                let failure = phase.failure(kept_across_reloads.get_value(), strings);
                form_view::show_failure(&button, failure);
                button.set_text_content(Some(phase.button_label(strings)));
                let sending = *phase == Phase::Sending;
                let _ = button.toggle_attribute_with_force("disabled", sending);
                let _ = match sending {
                    true => button.set_attribute("aria-busy", "true"),
                    false => button.remove_attribute("aria-busy"),
                };
                form.set_hidden(*phase == Phase::Signed);
            });
        });
    }

    // From the thanks, back to the form as sent, to correct the address or send it again: a
    // new signing that replaces the one thanked for.
    let correct = move |form: &HtmlFormElement, section: &Element| {
        if let Ok(Some(thanks)) = section.query_selector(&selector(THANK_YOU)) {
            thanks.remove();
        }
        draft.correct(signing_id::fresh());
        solving.set_value(false);
        phase.set(Phase::Editing);
        // Shown at once, not at the next run of the effects, so that the field can take the
        // focus now.
        form.set_hidden(false);
        focus_field(form, &Field::Email);
    };
    // Sends what is unsent until it is acknowledged or refused for good; one loop at a time.
    let deliver = {
        let section = section.clone();
        move |form: HtmlFormElement| {
            if delivering.get_value() {
                return;
            }
            delivering.set_value(true);
            let url = signatures_url.get_value();
            let section = section.clone();
            spawn_local(async move {
                let mut attempts = Attempts::default();
                while let Some(body) = unsent.get_value() {
                    phase.set(Phase::Sending);
                    let body = solver.get_value().attach(body).await;
                    let outcome = post_signature(&url, &body).await;
                    match attempts.after(outcome.as_ref().err()) {
                        // Asked for harder work (a busy address) or a fresh challenge.
                        Next::Solve(challenge) => {
                            solver.with_value(|solver| solver.replace(challenge));
                            continue;
                        }
                        Next::Wait(pause_ms) => {
                            if let Err(error) = outcome {
                                phase.set(Phase::Waiting(error));
                            }
                            pause(pause_ms, |wake| waker.set_value(Some(wake))).await;
                            waker.set_value(None);
                            continue;
                        }
                        Next::Stop => {}
                    }
                    unsent.set_value(None);
                    outbox.with_value(Outbox::erase);
                    match outcome {
                        Ok(status) => {
                            slot.with_value(DraftSlot::erase);
                            signed_event::dispatch(&form, &content.slug, status);
                            phase.set(Phase::Signed);
                            form.set_hidden(true);
                            let share_url = setup.with_value(|setup| setup.share_url.clone());
                            let address = draft.text(&Field::Email).get_untracked();
                            let thanked = Thanks {
                                status,
                                after_waiting: attempts.waited(),
                                address: address.trim(),
                                share_url: &share_url,
                            };
                            let (form, shown_in) = (form.clone(), section.clone());
                            let _ = show_thanks(&section, thanked, content, locale, move || {
                                correct(&form, &shown_in)
                            });
                        }
                        Err(api::SubmitError::Field(violation)) => {
                            focus_field(&form, &violation.field);
                            refused_by_endpoint.set(Some(violation));
                            phase.set(Phase::Editing);
                        }
                        Err(error) => phase.set(Phase::Failed(error)),
                    }
                }
                delivering.set_value(false);
            });
        }
    };
    // A signature submitted before a reload (or in another page of this site, in this tab)
    // goes out at once.
    if unsent.with_value(Option::is_some) {
        deliver(form.clone());
    }
    // Signing never waits for the form's `submit` event: a frame sandboxed without
    // `allow-forms` (WordPress embeds a pasted link so) never fires it. The button's click
    // signs instead, Enter in a field too (browsers submit implicitly by clicking the form's
    // default button), and cancelling the click keeps the browser from submitting.
    {
        let signing_form = form.clone();
        listen(&button, "click", move |event| {
            event.prevent_default();
            if phase.get_untracked() == Phase::Sending {
                return;
            }
            attempted.set(true);
            refused_by_endpoint.set(None);
            let request = setup.with_value(|setup| draft.request(locale, setup));
            if let Err(violations) = request.validate(consent_definitions) {
                phase.set(Phase::Editing);
                focus_field(&signing_form, &violations[0].field);
                return;
            }
            let body = api::body(&as_sent_from(&signing_form, request));
            kept_across_reloads.set_value(outbox.with_value(|outbox| outbox.keep(&body)));
            unsent.set_value(Some(body));
            phase.set(Phase::Sending);
            match waker.get_value() {
                Some(wake) => delivery::wake(&wake),
                None => deliver(signing_form.clone()),
            }
        });
    }
    // The address a likely typo in the mail domain means, offered as the signer types it (so
    // that what moves, moves under the field they type in, never under a finger reaching for
    // the next one), never refusing what they typed.
    let offer = {
        let form = form.clone();
        move |meant: Option<String>| {
            let Some(line) = suggestion_line(&form) else {
                return;
            };
            // Said again only when it changes: a live region re-reads what is written into it.
            let offered = line.query_selector("button").ok().flatten();
            if offered.and_then(|button| button.text_content()) == meant {
                return;
            }
            line.set_inner_html("");
            if let Some(meant) = meant {
                line.set_inner_html(&suggested(&meant, strings).into_string());
                if let Ok(Some(button)) = line.query_selector("button") {
                    dom::on_click(&button, move || {
                        draft.text(&Field::Email).set(meant.clone());
                        line.set_inner_html("");
                    });
                }
            }
        }
    };
    // The work starts when the signer does: it is mostly done by the time they press "sign".
    {
        let focused_form = form.clone();
        listen(&form, "focusin", move |_| {
            suggestion_line(&focused_form);
            if !solving.get_value() {
                solving.set_value(true);
                solver.with_value(|solver| solver.start(signing_id::text(&draft.id())));
            }
        });
    }
    // What is typed goes into the draft; an endpoint's verdict on a field stands until the
    // signer changes something.
    listen(&form, "input", move |event| {
        if refused_by_endpoint.with_untracked(Option::is_some) {
            refused_by_endpoint.set(None);
        }
        let Some(typed_in) = event.target() else {
            return;
        };
        if typed_in_draft(&typed_in, draft) == Some(Field::Email) {
            offer(suggestion(&draft.text(&Field::Email).get_untracked()));
        }
    });
}

/// Keeps the refusal of `field` shown under it as `violations` say.
fn show_error_for(
    form: &HtmlFormElement,
    field: Field,
    hint: bool,
    violations: Memo<Vec<FieldViolation>>,
    strings: &'static Strings,
) {
    let Some(control) = control(form, field.name()) else {
        return;
    };
    Effect::new(move |_| {
        let message = violations.with(|violations| {
            violations
                .iter()
                .find(|violation| violation.field == field)
                .map(|violation| strings.field_error(violation.error))
        });
        form_view::show_error(&control, field.name(), hint, message.as_deref());
    });
}

/// Puts what was typed or ticked in `target` into the draft; says which text field it was.
fn typed_in_draft(target: &EventTarget, draft: Draft) -> Option<Field> {
    let input = target.dyn_ref::<Element>()?;
    let name = input.get_attribute("name")?;
    if let Some(index) = TextField::index_of(&Field::from_name(&name)) {
        draft.texts[index].set(form_view::value(input));
        return Some(TEXT_FIELDS[index].field.clone());
    }
    let checked = input.dyn_ref::<HtmlInputElement>()?.checked();
    if name == PUBLIC {
        draft.public.set(checked);
    }
    draft.consents.with_value(|consents| {
        if let Some((_, given)) = consents
            .iter()
            .find(|(definition, _)| definition.id == name)
        {
            given.set(checked);
        }
    });
    None
}
