//! A manifestation's reminder as pages show it: the form on the event's page (an address and a
//! consent of its own), and the pages behind the links of its mails (confirm, take back).

use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use upprop_core::Locale;
use upprop_core::manifestation::Manifestation;

use super::{asking, notice, page_at};

/// What the reminder's part of an event page says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reminding<'a> {
    /// The form, empty.
    Offered,
    /// Asked: the confirmation is on its way.
    Asked,
    /// The form again, as typed, and why it was not taken.
    Refused { typed: &'a str, problem: Problem },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Email,
    Consent,
    TooMany,
}

struct Words {
    heading: &'static str,
    when: fn(u32) -> String,
    email: &'static str,
    consent: &'static str,
    button: &'static str,
    asked: &'static str,
    asked_more: &'static str,
    invalid_email: &'static str,
    consent_missing: &'static str,
    too_many: &'static str,
    confirm_title: &'static str,
    confirm_body: &'static str,
    confirm_button: &'static str,
    confirmed_title: &'static str,
    confirmed_body: &'static str,
    begun: &'static str,
    add_to_calendar: &'static str,
    to_the_event: &'static str,
    take_back: &'static str,
    invalid_title: &'static str,
    invalid_body: &'static str,
    withdraw_title: &'static str,
    withdraw_body: &'static str,
    withdraw_button: &'static str,
    withdrawn_title: &'static str,
    withdrawn_body: &'static str,
}

const SV: Words = Words {
    heading: "Påminn mig",
    when: |hours| match hours {
        1 => {
            "Vi mejlar dig en timme innan manifestationen börjar, med den i kalenderformat.".into()
        }
        hours => format!(
            "Vi mejlar dig {hours} timmar innan manifestationen börjar, med den i kalenderformat."
        ),
    },
    email: "E-post",
    consent: "Ja, mejla mig en påminnelse om manifestationen. Adressen används bara till det och raderas en vecka efter påminnelsen.",
    button: "Påminn mig",
    asked: "Titta i din e-post",
    asked_more: "Klicka på länken i mejlet för att bekräfta. Utan bekräftelse skickas ingen påminnelse. Hittar du inte mejlet? Titta i skräpposten.",
    invalid_email: "Skriv en giltig e-postadress, till exempel namn@exempel.se.",
    consent_missing: "Kryssa i rutan om du vill ha en påminnelse.",
    too_many: "Många frågar från din uppkoppling just nu. Vänta en minut och tryck igen.",
    confirm_title: "Bekräfta din påminnelse",
    confirm_body: "Tryck på knappen, så mejlar vi dig före manifestationen. Först då sparas din önskan.",
    confirm_button: "Ja, påminn mig",
    confirmed_title: "Klart: vi påminner dig",
    confirmed_body: "Påminnelsen kommer med e-post",
    begun: "Manifestationen har redan börjat, så ingen påminnelse skickas.",
    add_to_calendar: "Lägg till i kalendern",
    to_the_event: "Till manifestationen",
    take_back: "Ångrar du dig? Ta bort min påminnelse",
    invalid_title: "Länken fungerar inte längre",
    invalid_body: "Påminnelsen har tagits bort, eller så har länken gått ut. Du kan be om en ny på manifestationens sida.",
    withdraw_title: "Ta bort din påminnelse",
    withdraw_body: "Tryck på knappen, så skickas ingen påminnelse och din adress raderas.",
    withdraw_button: "Ta bort min påminnelse",
    withdrawn_title: "Påminnelsen är borttagen",
    withdrawn_body: "Din adress är raderad, och ingen påminnelse skickas.",
};

const EN: Words = Words {
    heading: "Remind me",
    when: |hours| match hours {
        1 => "We will mail you an hour before the manifestation begins, with it for your calendar."
            .into(),
        hours => format!(
            "We will mail you {hours} hours before the manifestation begins, with it for your calendar."
        ),
    },
    email: "E-mail",
    consent: "Yes, mail me a reminder of the manifestation. The address is used for that alone and erased a week after the reminder.",
    button: "Remind me",
    asked: "Look in your e-mail",
    asked_more: "Click the link in the mail to confirm. Without confirmation no reminder is sent. Cannot find it? Look in the spam folder.",
    invalid_email: "Enter a valid e-mail address, such as name@example.com.",
    consent_missing: "Tick the box if you would like a reminder.",
    too_many: "Many are asking from your connection just now. Wait a minute and tap again.",
    confirm_title: "Confirm your reminder",
    confirm_body: "Press the button, and we will mail you before the manifestation. Only then is your wish kept.",
    confirm_button: "Yes, remind me",
    confirmed_title: "Done: we will remind you",
    confirmed_body: "The reminder comes by e-mail",
    begun: "The manifestation has already begun, so no reminder is sent.",
    add_to_calendar: "Add to calendar",
    to_the_event: "To the manifestation",
    take_back: "Changed your mind? Remove my reminder",
    invalid_title: "The link no longer works",
    invalid_body: "The reminder has been removed, or the link has expired. You can ask for a new one on the manifestation's page.",
    withdraw_title: "Remove your reminder",
    withdraw_body: "Press the button, and no reminder is sent and your address is erased.",
    withdraw_button: "Remove my reminder",
    withdrawn_title: "The reminder is removed",
    withdrawn_body: "Your address is erased, and no reminder is sent.",
};

fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Sv => &SV,
        Locale::En => &EN,
    }
}

/// The consent a reminder is asked with, in the words its box shows: kept as agreed to.
pub fn consent(locale: Locale) -> &'static str {
    words(locale).consent
}

/// The form on an event page that asks for a reminder `hours` before it, or what asking did.
pub fn section(
    slug: &str,
    event: &Manifestation,
    hours: u32,
    locale: Locale,
    reminding: Reminding,
    channel: Option<&str>,
    page_view: &str,
) -> Markup {
    let words = words(locale);
    let (typed, problem) = match reminding {
        Reminding::Refused { typed, problem } => (typed, Some(problem)),
        _ => ("", None),
    };
    let message = |field: Problem| {
        (problem == Some(field)).then_some(match field {
            Problem::Email => words.invalid_email,
            Problem::Consent => words.consent_missing,
            Problem::TooMany => words.too_many,
        })
    };
    html! {
        section.reminder #reminder aria-labelledby="reminder-heading" {
            h2 #reminder-heading { (words.heading) }
            @if reminding == Reminding::Asked {
                p.lit role="status" { strong { (words.asked) } }
                p { (words.asked_more) }
            } @else {
                p { ((words.when)(hours)) }
                @if let Some(message) = message(Problem::TooMany) { p.notice role="alert" { (message) } }
                form method="post" novalidate
                    action={ "/p/" (slug) "/events/" (event.id) "/reminders?lang=" (locale.as_str()) } {
                    input type="hidden" name="id" value=(page_view);
                    @if let Some(channel) = channel { input type="hidden" name="src" value=(channel); }
                    label for="reminder-email" { (words.email) }
                    @if let Some(message) = message(Problem::Email) {
                        p.notice #reminder-email-error { (message) }
                    }
                    input #reminder-email type="email" name="email" value=(typed) autocomplete="email"
                        inputmode="email" required aria-invalid=[message(Problem::Email).map(|_| "true")]
                        aria-describedby=[message(Problem::Email).map(|_| "reminder-email-error")];
                    @if let Some(message) = message(Problem::Consent) {
                        p.notice #reminder-consent-error { (message) }
                    }
                    p.consent {
                        input #reminder-consent type="checkbox" name="consent" value="yes" required
                            aria-invalid=[message(Problem::Consent).map(|_| "true")]
                            aria-describedby=[message(Problem::Consent).map(|_| "reminder-consent-error")];
                        " "
                        label for="reminder-consent" { (words.consent) }
                    }
                    button type="submit" { (words.button) }
                }
            }
        }
    }
}

/// `GET /reminders/{token}`: what the link would confirm, and its button.
pub fn ask_to_confirm(locale: Locale, title: &str, when: &str, token: &str) -> Response {
    let words = words(locale);
    asking(
        locale,
        &format!("/reminders/{token}"),
        words.confirm_title,
        html! {
            p { strong { (title) } ", " (when) }
            p { (words.confirm_body) }
        },
        words.confirm_button,
    )
}

/// The links a confirmed reminder's page offers.
pub struct Confirmed<'a> {
    /// The event's title.
    pub title: &'a str,
    /// When the reminder goes, in words; `None`: the event has begun, and none goes.
    pub remind_at: Option<&'a str>,
    /// The event's page.
    pub event_url: &'a str,
    /// The event's calendar entry.
    pub calendar_url: &'a str,
    /// The withdrawal link, when confirmed just now (afterwards it is only in the mail).
    pub withdraw: Option<&'a str>,
}

pub fn confirmed(locale: Locale, confirmed: &Confirmed) -> Response {
    let words = words(locale);
    page_at(
        StatusCode::OK,
        locale,
        None,
        words.confirmed_title,
        html! {
            p { strong { (confirmed.title) } }
            @match confirmed.remind_at {
                Some(at) => p role="status" { (words.confirmed_body) ": " strong { (at) } "." },
                None => p role="status" { (words.begun) },
            }
            p { a href=(confirmed.calendar_url) download { (words.add_to_calendar) } }
            p { a.cta href=(confirmed.event_url) { (words.to_the_event) } }
            @if let Some(withdraw) = confirmed.withdraw {
                p { a href=(withdraw) { (words.take_back) } }
            }
        },
    )
}

pub fn invalid(locale: Locale) -> Response {
    let words = words(locale);
    notice(
        StatusCode::NOT_FOUND,
        locale,
        words.invalid_title,
        words.invalid_body,
    )
}

/// `GET /reminders/withdraw/{token}`: the button that takes the reminder back.
pub fn ask_to_withdraw(locale: Locale, token: &str) -> Response {
    let words = words(locale);
    asking(
        locale,
        &format!("/reminders/withdraw/{token}"),
        words.withdraw_title,
        html! { p { (words.withdraw_body) } },
        words.withdraw_button,
    )
}

pub fn withdrawn(locale: Locale) -> Response {
    let words = words(locale);
    notice(
        StatusCode::OK,
        locale,
        words.withdrawn_title,
        words.withdrawn_body,
    )
}
