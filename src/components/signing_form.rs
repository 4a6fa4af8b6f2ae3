use leptos::prelude::*;
use leptos::task::spawn_local;
use upprop_core::mail_domain::suggestion;
use upprop_core::{
    Comment, Email, Field, FieldViolation, Locale, PersonName, PostalCode, SignatureRequest,
};
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, EventTarget, HtmlElement, HtmlFormElement, HtmlInputElement, MouseEvent,
};

use super::checkbox::Checkbox;
use super::text_field::TextField;
use super::thank_you::{Thanks, show_thanks};
use crate::api::{self, SubmitError, post_signature};
use crate::config::Setup;
use crate::content::Content;
use crate::delivery::{self, Outbox, pause, pause_after};
use crate::dom::{self, focus_within};
use crate::draft::Draft;
use crate::proof_of_work::Solver;
use crate::saved_draft::DraftSlot;
use crate::{signed_event, signing_id};
use upprop_core::i18n::Strings;
use upprop_core::markup::{privacy_notice, suggested, trap};

/// What only a program fills in, and how long after the page opened the form was sent: the
/// endpoint drops signatures that a program sent (`SignatureRequest::looks_automated`).
fn as_sent_from(form: &HtmlFormElement, request: SignatureRequest) -> SignatureRequest {
    let website = form
        .query_selector("[name=website]")
        .ok()
        .flatten()
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

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Editing,
    Sending,
    /// Kept, and sent again by itself after this failure (see `delivery`).
    Waiting(SubmitError),
    /// Refused for good.
    Failed(SubmitError),
    /// Acknowledged: the form gives way to the thanks (`show_thanks`).
    Signed,
}

/// Where the address a likely typo means is offered, under the address field: made with the
/// form's first focus, so that it is there, empty, before anything is said in it (a live
/// region that appears with its words is not always read out). Not in the view: one element
/// more there cost more code than this.
fn suggestion_line(form: &HtmlFormElement) -> Option<Element> {
    if let Ok(Some(line)) = form.query_selector(".suggestion") {
        return Some(line);
    }
    let field = form
        .query_selector("[name=email]")
        .ok()??
        .closest(".field")
        .ok()??;
    let _ = field.insert_adjacent_html(
        "afterend",
        r#"<p class="suggestion" aria-live="polite"></p>"#,
    );
    form.query_selector(".suggestion").ok()?
}

fn is_email_field(target: &EventTarget) -> bool {
    target
        .dyn_ref::<HtmlInputElement>()
        .is_some_and(|input| input.name() == Field::Email.name())
}

fn focus_field(form: &HtmlFormElement, field: &Field) {
    focus_within(form, &["[name=\"", field.name(), "\"]"].concat());
}

/// The form: fields, consents, privacy notice and the button; it validates with the shared
/// rules before anything is sent, keeps every typed character when sending fails, and
/// delivers a submitted signature by itself once the endpoint can take it.
#[component]
pub fn SigningForm(
    /// Where to post (the endpoint and the petition), where the signature comes from, and what
    /// a signer shares.
    setup: Setup,
    /// The petition: its consents and privacy notice, and the proof of work it asks for.
    content: &'static Content,
    /// The language of the form's words, and the one the signature is sent in.
    locale: Locale,
    /// What the signer has typed and ticked.
    draft: Draft,
    /// Where `draft` was loaded from, and is kept as it changes.
    draft_slot: DraftSlot,
) -> impl IntoView {
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
    // Fields are judged only after the first attempt to sign, then on every change.
    let attempted = RwSignal::new(false);
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
    let error_for = move |field: Field| {
        Signal::derive(move || {
            violations.with(|violations| {
                violations
                    .iter()
                    .find(|violation| violation.field == field)
                    .map(|violation| strings.field_error(violation.error))
            })
        })
    };

    let form = NodeRef::<leptos::html::Form>::new();
    let section = NodeRef::<leptos::html::Section>::new();
    // From the thanks, back to the form as sent, to correct the address or send it again: a
    // new signing that replaces the one thanked for.
    let correct = move |form: &HtmlFormElement, section: &HtmlElement| {
        if let Ok(Some(thanks)) = section.query_selector(".thank-you") {
            thanks.remove();
        }
        draft.correct(signing_id::fresh());
        solving.set_value(false);
        phase.set(Phase::Editing);
        // Shown at once, not at the next render, so that the field can take the focus now.
        form.set_hidden(false);
        focus_field(form, &Field::Email);
    };
    // Sends what is unsent until it is acknowledged or refused for good; one loop at a time.
    let deliver = move |form: HtmlFormElement| {
        if delivering.get_value() {
            return;
        }
        delivering.set_value(true);
        let url = signatures_url.get_value();
        spawn_local(async move {
            let (mut attempt, mut waited, mut more_work) = (0, false, 0);
            while let Some(body) = unsent.get_value() {
                phase.set(Phase::Sending);
                let body = solver.get_value().attach(body).await;
                let outcome = post_signature(&url, &body).await;
                // Asked for harder work (a busy address) or a fresh challenge: do it and send
                // again at once; past a few rounds, wait like any busy endpoint.
                if let Err(SubmitError::NeedsWork(challenge)) = &outcome
                    && more_work < 3
                {
                    more_work += 1;
                    solver.with_value(|solver| solver.replace(challenge.clone()));
                    continue;
                }
                if let Err(error) = &outcome
                    && error.is_transient()
                {
                    let pause_ms = pause_after(error, attempt);
                    phase.set(Phase::Waiting(error.clone()));
                    (attempt, waited) = (attempt + 1, true);
                    pause(pause_ms, |wake| waker.set_value(Some(wake))).await;
                    waker.set_value(None);
                    continue;
                }
                unsent.set_value(None);
                outbox.with_value(Outbox::erase);
                match outcome {
                    Ok(status) => {
                        slot.with_value(DraftSlot::erase);
                        signed_event::dispatch(&form, &content.slug, status);
                        phase.set(Phase::Signed);
                        if let Some(section) = section.get_untracked() {
                            let share_url = setup.with_value(|setup| setup.share_url.clone());
                            let address = draft.email.get_untracked();
                            let thanked = Thanks {
                                status,
                                after_waiting: waited,
                                address: address.trim(),
                                share_url: &share_url,
                            };
                            let (form, shown_in) = (form.clone(), section.clone());
                            let _ = show_thanks(&section, thanked, content, locale, move || {
                                correct(&form, &shown_in)
                            });
                        }
                    }
                    Err(SubmitError::Field(violation)) => {
                        focus_field(&form, &violation.field);
                        refused_by_endpoint.set(Some(violation));
                        phase.set(Phase::Editing);
                    }
                    Err(error) => phase.set(Phase::Failed(error)),
                }
            }
            delivering.set_value(false);
        });
    };
    // A signature submitted before a reload (or in another page of this site, in this tab)
    // goes out as soon as the form is there.
    Effect::new(move |_| {
        if let Some(form) = form.get()
            && unsent.with_value(Option::is_some)
        {
            deliver(form);
        }
    });
    // Signing never waits for the form's `submit` event: a frame sandboxed without
    // `allow-forms` (WordPress embeds a pasted link so) never fires it. The button's click
    // signs instead, Enter in a field too (browsers submit implicitly by clicking the form's
    // default button), and cancelling the click keeps the browser from submitting.
    let on_click = move |event: MouseEvent| {
        event.prevent_default();
        if phase.get_untracked() == Phase::Sending {
            return;
        }
        let Some(form) = form.get_untracked() else {
            return;
        };
        attempted.set(true);
        refused_by_endpoint.set(None);
        let request = setup.with_value(|setup| draft.request(locale, setup));
        if let Err(violations) = request.validate(consent_definitions) {
            phase.set(Phase::Editing);
            focus_field(&form, &violations[0].field);
            return;
        }
        let body = api::body(&as_sent_from(&form, request));
        kept_across_reloads.set_value(outbox.with_value(|outbox| outbox.keep(&body)));
        unsent.set_value(Some(body));
        phase.set(Phase::Sending);
        match waker.get_value() {
            Some(wake) => delivery::wake(&wake),
            None => deliver(form),
        }
    };
    // The address a likely typo in the mail domain means, offered as the signer types it (so
    // that what moves, moves under the field they type in, never under a finger reaching for
    // the next one), never refusing what they typed. Written as HTML and wired by hand, as the
    // thanks is: a view here cost the widget kilobytes.
    let offer = move |meant: Option<String>| {
        let Some(line) = form.get_untracked().and_then(|form| suggestion_line(&form)) else {
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
                    draft.email.set(meant.clone());
                    line.set_inner_html("");
                });
            }
        }
    };
    // The work starts when the signer does: it is mostly done by the time they press "sign".
    let on_focus = move |_| {
        if let Some(form) = form.get_untracked() {
            suggestion_line(&form);
        }
        if !solving.get_value() {
            solving.set_value(true);
            solver.with_value(|solver| solver.start(signing_id::text(&draft.id())));
        }
    };
    // An endpoint's verdict on a field stands until the signer changes something.
    let on_input = move |event: Event| {
        if refused_by_endpoint.with_untracked(Option::is_some) {
            refused_by_endpoint.set(None);
        }
        if event
            .target()
            .is_some_and(|typed_in| is_email_field(&typed_in))
        {
            offer(suggestion(&draft.email.get_untracked()));
        }
    };

    let sending = move || phase.with(|phase| *phase == Phase::Sending);
    let signed = move || phase.with(|phase| *phase == Phase::Signed);
    let failure = move || {
        phase.with(|phase| match phase {
            Phase::Waiting(error) => Some(match (error, kept_across_reloads.get_value()) {
                (SubmitError::Unreachable, true) => strings.kept_unreachable,
                (SubmitError::Unreachable, false) => strings.kept_unreachable_in_page,
                (_, true) => strings.kept_busy,
                (_, false) => strings.kept_busy_in_page,
            }),
            Phase::Failed(SubmitError::PetitionGone) => Some(strings.petition_gone),
            Phase::Failed(SubmitError::Closed) => Some(strings.petition_closed),
            Phase::Failed(_) => Some(strings.refused),
            _ => None,
        })
    };
    let button_label = move || match phase.get() {
        Phase::Sending => strings.sending,
        Phase::Waiting(_) | Phase::Failed(_) => strings.retry,
        _ => strings.submit,
    };

    view! {
        <section class="signing" aria-labelledby="form-heading" node_ref=section>
            <h3 id="form-heading">{strings.form_heading}</h3>
            <form
                node_ref=form
                novalidate
                hidden=signed
                on:input=on_input
                on:focusin=on_focus
            >
                <div class="trap" aria-hidden="true" inner_html=trap(strings).into_string()></div>
                <div class="name-row">
                    <TextField
                        name="first_name"
                        label=strings.first_name
                        value=draft.first_name
                        error=error_for(Field::FirstName)
                        max_chars=PersonName::MAX_CHARS
                        autocomplete="given-name"
                    />
                    <TextField
                        name="last_name"
                        label=strings.last_name
                        value=draft.last_name
                        error=error_for(Field::LastName)
                        max_chars=PersonName::MAX_CHARS
                        autocomplete="family-name"
                    />
                </div>
                <TextField
                    name="email"
                    label=strings.email
                    value=draft.email
                    error=error_for(Field::Email)
                    max_chars=Email::MAX_CHARS
                    autocomplete="email"
                    input_type="email"
                    inputmode="email"
                    hint=strings.email_hint
                />
                <TextField
                    name="postal_code"
                    label=strings.postal_code
                    value=draft.postal_code
                    error=error_for(Field::PostalCode)
                    max_chars=PostalCode::MAX_CHARS
                    autocomplete="postal-code"
                    inputmode="numeric"
                    optional_note=strings.optional
                />
                <TextField
                    name="comment"
                    label=strings.comment
                    value=draft.comment
                    error=error_for(Field::Comment)
                    max_chars=Comment::MAX_CHARS
                    autocomplete="off"
                    optional_note=strings.optional
                    multiline=true
                />
                <Checkbox name="public".to_owned() label=strings.public_name.to_owned() checked=draft.public />
                <fieldset class="consents">
                    {draft
                        .consents
                        .get_value()
                        .into_iter()
                        .map(|(definition, given)| {
                            let field = Field::Consent(definition.id.clone());
                            view! {
                                <Checkbox
                                    name=definition.id
                                    label=definition.text
                                    checked=given
                                    note=if definition.required { strings.required_consent } else { strings.optional }
                                    required=definition.required
                                    error=error_for(field)
                                />
                            }
                        })
                        .collect_view()}
                </fieldset>
                <details
                    class="privacy"
                    inner_html=privacy_notice(&content.text, strings).into_string()
                ></details>
                {move || failure().map(|message| view! { <p class="failure" role="alert">{message}</p> })}
                <button type="submit" on:click=on_click disabled=sending aria-busy=move || sending().then_some("true")>
                    {button_label}
                </button>
            </form>
        </section>
    }
}
