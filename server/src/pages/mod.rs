//! The few HTML pages the server shows itself: behind the confirmation and withdrawal links.
//! maud escapes everything interpolated.

pub mod calendar;
pub mod event;
pub mod flyer;
pub mod handover;
pub mod landing;
pub mod reminder;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use upprop_core::markup;
use upprop_core::{Locale, Petition, SignatureCounts};

use crate::petitions::NotShown;
use crate::store::Given;

/// The landing page's look: its colours, its card, its progress bar and share buttons.
const STYLE: &str = "*,*::before,*::after{box-sizing:border-box}\
body{font:17px/1.55 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0;\
padding:1em;color:#1d1d1f;background:#f6f1ea}\
main{max-width:34em;margin:1em auto;padding:1.25em;background:#fffdfa;border:1px solid #c9c5c0;\
border-radius:.75em}h1{font-size:1.5em;line-height:1.25;margin:0 0 .6em}a{color:#8c1d18}\
button{font:inherit;font-weight:700;color:#fff;background:#b3261e;border:0;border-radius:.4em;\
padding:.7em 1.2em;min-height:2.75em;cursor:pointer}button:hover{background:#8c1d18}\
:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}\
.progress{margin:1em 0}.progress progress{display:block;width:100%;height:.9em;accent-color:#b3261e}\
.progress p{margin:.35em 0 0;font-weight:700;color:#8c1d18}\
.share-links{list-style:none;padding:0;margin:0 0 .75em;display:flex;flex-wrap:wrap;gap:.5em}\
.share-links a{display:inline-block;padding:.5em .9em;border:1px solid #c9c5c0;border-radius:.4em;\
background:#fff;text-decoration:none;font-weight:600}.share-links a:hover{border-color:#8c1d18}\
.share-links li:first-child a{color:#fff;background:#b3261e;border-color:#b3261e}\
.copy-by-hand{display:block}.copy-by-hand input{display:block;width:100%;font:inherit;margin-top:.3em;\
padding:.5em;border:1px solid #8a8580;border-radius:.4em}.hashtags{color:#57534e}\
h2{font-size:1.1em;margin:1.2em 0 .3em}dt{font-weight:600}dd{margin:0 0 .5em}\
.changed{border-left:.3em solid #b3261e;padding-left:.7em}\
.organizer{border-top:1px solid #c9c5c0;margin-top:1.5em;padding-top:.75em;color:#57534e;font-size:.95em}\
.organizer p{margin:.2em 0}.language{float:right;margin:0 0 0 1em}\
.cta{display:inline-block;background:#b3261e;color:#fff;font-weight:700;text-decoration:none;\
padding:.7em 1.2em;border-radius:.4em}.cta:hover{background:#8c1d18}.byline{color:#57534e}";

struct Words {
    confirm_title: &'static str,
    confirm_body: fn(&str) -> String,
    confirm_button: &'static str,
    confirm_changed: &'static str,
    confirm_what: &'static str,
    name: &'static str,
    shown_publicly: &'static str,
    yes_shown: &'static str,
    not_shown: &'static str,
    postal_code: &'static str,
    comment: &'static str,
    consents_given: &'static str,
    consents_not_given: &'static str,
    confirmed_title: &'static str,
    confirmed_body: &'static str,
    back_to_appeal: &'static str,
    organized_by: &'static str,
    already_confirmed_title: &'static str,
    expired_title: &'static str,
    expired_body: &'static str,
    closed_title: &'static str,
    closed_body: &'static str,
    cross_site_title: &'static str,
    cross_site_body: &'static str,
    not_found_title: &'static str,
    event_not_found_title: &'static str,
    event_not_found_body: &'static str,
    not_found_body: &'static str,
    unpublished_title: &'static str,
    unpublished_body: &'static str,
    invalid_title: &'static str,
    invalid_body: &'static str,
    withdraw_title: &'static str,
    withdraw_body: &'static str,
    withdraw_button: &'static str,
    withdrawn_title: &'static str,
    withdrawn_body: &'static str,
}

const SV: Words = Words {
    confirm_title: "Bekräfta din underskrift",
    confirm_body: |name| {
        format!(
            "Du bekräftar underskriften i namnet {name}. Först när du trycker på knappen räknas den."
        )
    },
    confirm_button: "Bekräfta min underskrift",
    confirm_changed: "Uppgifterna har ändrats sedan sidan öppnades, så inget är bekräftat än. Kontrollera dem nedan och tryck på knappen igen.",
    confirm_what: "Det här bekräftar du",
    name: "Namn",
    shown_publicly: "Visas offentligt bland underskrifterna",
    yes_shown: "Ja, ditt namn visas",
    not_shown: "Nej, ditt namn visas inte",
    postal_code: "Postnummer",
    comment: "Kommentar",
    consents_given: "Du samtycker till",
    consents_not_given: "Du samtycker inte till",
    confirmed_title: "Tack! Din underskrift är bekräftad",
    confirmed_body: "Din underskrift räknas nu. Dela uppropet, så blir vi fler:",
    back_to_appeal: "Tillbaka till uppropet",
    organized_by: "Namninsamlingen drivs av",
    already_confirmed_title: "Din underskrift är redan bekräftad",
    closed_title: "Namninsamlingen är avslutad",
    closed_body: "Den stängdes innan din underskrift bekräftades, så den räknas inte: antalet när den stängdes är det slutliga. Tack för att du ville vara med!",
    expired_title: "Länken har gått ut",
    expired_body: "Obekräftade underskrifter raderas efter 30 dagar, och då slutar länken att fungera. Skriv under igen, så får du en ny länk.",
    cross_site_title: "Det här måste göras på vår egen sida",
    cross_site_body: "Öppna länken i mejlet igen och tryck på knappen där.",
    not_found_title: "Namninsamlingen finns inte",
    event_not_found_title: "Manifestationen finns inte",
    event_not_found_body: "Kontrollera adressen. Manifestationen kan ha flyttats eller tagits bort.",
    not_found_body: "Kontrollera adressen. Namninsamlingen kan ha flyttats eller avslutats.",
    unpublished_title: "Namninsamlingen är nedtagen",
    unpublished_body: "Arrangören har tagit ned namninsamlingen, och den tar inte emot underskrifter. Har du skrivit under kan du fortfarande ta tillbaka din underskrift med länken i mejlet.",
    invalid_title: "Länken fungerar inte längre",
    invalid_body: "Länken har redan använts, eller så har underskriften tagits bort. Har du redan bekräftat räknas din underskrift.",
    withdraw_title: "Ta tillbaka din underskrift",
    withdraw_body: "Din underskrift och alla uppgifter du lämnade raderas. Det går inte att ångra.",
    withdraw_button: "Ta tillbaka och radera",
    withdrawn_title: "Din underskrift är borttagen",
    withdrawn_body: "Vi har raderat din underskrift och dina uppgifter.",
};

const EN: Words = Words {
    confirm_title: "Confirm your signature",
    confirm_body: |name| {
        format!(
            "You are confirming the signature in the name of {name}. It counts once you press the button."
        )
    },
    confirm_button: "Confirm my signature",
    confirm_changed: "The details have changed since this page was opened, so nothing is confirmed yet. Check them below and press the button again.",
    confirm_what: "What you are confirming",
    name: "Name",
    shown_publicly: "Shown publicly among the signatures",
    yes_shown: "Yes, your name is shown",
    not_shown: "No, your name is not shown",
    postal_code: "Postal code",
    comment: "Comment",
    consents_given: "You consent to",
    consents_not_given: "You do not consent to",
    confirmed_title: "Thank you! Your signature is confirmed",
    confirmed_body: "Your signature now counts. Share the appeal, and we become more:",
    back_to_appeal: "Back to the appeal",
    organized_by: "The petition is run by",
    already_confirmed_title: "Your signature is already confirmed",
    closed_title: "The petition has closed",
    closed_body: "It closed before your signature was confirmed, so it does not count: the count when it closed is final. Thank you for wanting to take part!",
    expired_title: "This link has expired",
    expired_body: "Unconfirmed signatures are erased after 30 days, and their links stop working. Sign again to get a new link.",
    cross_site_title: "This has to be done on our own page",
    cross_site_body: "Open the link in the e-mail again and press the button there.",
    not_found_title: "There is no such petition",
    event_not_found_title: "There is no such manifestation",
    event_not_found_body: "Check the address. The manifestation may have moved or been taken down.",
    not_found_body: "Check the address. The petition may have moved or closed.",
    unpublished_title: "This petition has been taken down",
    unpublished_body: "The organiser has taken this petition down, and it takes no signatures. If you signed, you can still withdraw your signature with the link in the e-mail.",
    invalid_title: "This link no longer works",
    invalid_body: "The link has been used already, or the signature has been removed. If you confirmed before, your signature counts.",
    withdraw_title: "Withdraw your signature",
    withdraw_body: "Your signature and all the data you gave will be erased. This cannot be undone.",
    withdraw_button: "Withdraw and erase",
    withdrawn_title: "Your signature has been removed",
    withdrawn_body: "We have erased your signature and your data.",
};

fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Sv => &SV,
        Locale::En => &EN,
    }
}

/// The link to this page in the other language (`url_in` gives its address in a language),
/// named in that language ("In English" on the Swedish page), so that a reader who cannot read
/// this page can still read the link.
pub fn language_switch(locale: Locale, url_in: impl Fn(Locale) -> String) -> Markup {
    let (other, name) = match locale {
        Locale::Sv => (Locale::En, "In English"),
        Locale::En => (Locale::Sv, "På svenska"),
    };
    html! {
        p.language {
            a href=(url_in(other)) lang=(other.as_str()) hreflang=(other.as_str()) { (name) }
        }
    }
}

/// A link page's address (`/confirm/{token}`) in a language.
fn in_language(path: &str) -> impl Fn(Locale) -> String {
    move |locale| format!("{path}?lang={}", locale.as_str())
}

/// A page that only says what happened: nothing on it to read in the other language.
fn page(status: StatusCode, locale: Locale, title: &str, content: Markup) -> Response {
    page_at(status, locale, None, title, content)
}

/// A page that says one thing: `title`, and `body` under it.
fn notice(status: StatusCode, locale: Locale, title: &str, body: &str) -> Response {
    page(status, locale, title, html! { p { (body) } })
}

/// A link's page that asks for the reader's click before it changes anything (mail scanners
/// open every link; only a person presses a button): `content`, then `button`, which posts
/// back to `path`, the page's own address.
fn asking(locale: Locale, path: &str, title: &str, content: Markup, button: &str) -> Response {
    page_at(
        StatusCode::OK,
        locale,
        Some(path),
        title,
        html! {
            (content)
            form method="post" action=(in_language(path)(locale)) {
                button type="submit" { (button) }
            }
        },
    )
}

/// `path`: where the page is, so that it can link itself in the other language.
fn page_at(
    status: StatusCode,
    locale: Locale,
    path: Option<&str>,
    title: &str,
    content: Markup,
) -> Response {
    let markup = html! {
        (DOCTYPE)
        html lang=(locale.as_str()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) }
                // A constant of this file, written as it is: maud would escape its quotes.
                style { (PreEscaped(STYLE)) }
            }
            body {
                main {
                    @if let Some(path) = path { (language_switch(locale, in_language(path))) }
                    h1 { (title) }
                    (content)
                }
            }
        }
    };
    let csp = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; \
               frame-ancestors 'none'; base-uri 'none'";
    (
        status,
        [
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(csp),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        Html(markup.into_string()),
    )
        .into_response()
}

/// Everything the button would confirm, as it stands: the name, whether it is shown, what
/// else was given, and each consent as given. The button carries a digest of exactly this;
/// `changed`: the signature said something else when its button was pressed (409).
pub fn ask_to_confirm(
    locale: Locale,
    petition_title: &str,
    given: &Given,
    token: &str,
    changed: bool,
) -> Response {
    let words = words(locale);
    let name = format!("{} {}", given.first_name, given.last_name);
    let (consented, not_consented): (Vec<_>, Vec<_>) =
        given.consents.iter().partition(|consent| consent.given);
    let path = format!("/confirm/{token}");
    page_at(
        if changed {
            StatusCode::CONFLICT
        } else {
            StatusCode::OK
        },
        locale,
        Some(&path),
        words.confirm_title,
        html! {
            p { strong { (petition_title) } }
            @if changed { p.changed role="alert" { (words.confirm_changed) } }
            p { ((words.confirm_body)(&name)) }
            h2 { (words.confirm_what) }
            dl {
                dt { (words.name) } dd { (name) }
                dt { (words.shown_publicly) }
                dd { (if given.public { words.yes_shown } else { words.not_shown }) }
                @if let Some(postal_code) = &given.postal_code {
                    dt { (words.postal_code) } dd { (postal_code) }
                }
                @if let Some(comment) = &given.comment {
                    dt { (words.comment) } dd { (comment) }
                }
            }
            @if !consented.is_empty() {
                h2 { (words.consents_given) }
                ul { @for consent in &consented { li { (consent.text) } } }
            }
            @if !not_consented.is_empty() {
                h2 { (words.consents_not_given) }
                ul { @for consent in &not_consented { li { (consent.text) } } }
            }
            // In the language read: the page the button leads to is in it too.
            form method="post" action=(in_language(&path)(locale)) {
                input type="hidden" name="shown" value=(given.digest());
                button type="submit" { (words.confirm_button) }
            }
        },
    )
}

/// After the button (`just_now`), or for a link whose signature was confirmed before: the
/// count (towards the organiser's goal, as on the landing page), and the share step with the petition's landing page.
pub fn confirmed(
    locale: Locale,
    petition: &Petition,
    counts: SignatureCounts,
    just_now: bool,
    landing_url: &str,
    token: &str,
) -> Response {
    let words = words(locale);
    let title = if just_now {
        words.confirmed_title
    } else {
        words.already_confirmed_title
    };
    page_at(
        StatusCode::OK,
        locale,
        Some(&format!("/confirm/{token}")),
        title,
        html! {
            p { strong { (petition.text(locale).title) } }
            p { (words.confirmed_body) }
            (markup::progress(Some(counts), locale))
            (landing::share_step(petition, locale, landing_url))
            p { a href=(landing_url) { (words.back_to_appeal) } }
            (organizer(petition, words))
        },
    )
}

/// Who asks, and how to reach them.
fn organizer(petition: &Petition, words: &Words) -> Markup {
    let organizer = &petition.organizer;
    html! {
        footer.organizer {
            p { (words.organized_by) " " strong { (organizer.name) } }
            p {
                a href={ "mailto:" (organizer.email) } { (organizer.email) }
                " · "
                a href=(organizer.website) { (organizer.website.trim_start_matches("https://")) }
            }
        }
    }
}

pub fn event_not_found(locale: Locale) -> Response {
    let words = words(locale);
    notice(
        StatusCode::NOT_FOUND,
        locale,
        words.event_not_found_title,
        words.event_not_found_body,
    )
}

pub fn petition_not_found(locale: Locale) -> Response {
    let words = words(locale);
    notice(
        StatusCode::NOT_FOUND,
        locale,
        words.not_found_title,
        words.not_found_body,
    )
}

/// The page of a petition its organiser took down from view.
pub fn petition_unpublished(locale: Locale) -> Response {
    let words = words(locale);
    notice(
        StatusCode::GONE,
        locale,
        words.unpublished_title,
        words.unpublished_body,
    )
}

/// The page for a petition the public cannot see.
pub fn not_shown(not_shown: NotShown, locale: Locale) -> Response {
    match not_shown {
        NotShown::Unknown => petition_not_found(locale),
        NotShown::Unpublished => petition_unpublished(locale),
    }
}

pub fn expired_link(locale: Locale) -> Response {
    let words = words(locale);
    notice(
        StatusCode::GONE,
        locale,
        words.expired_title,
        words.expired_body,
    )
}

/// A link whose petition closed before the signature was confirmed.
pub fn closed_before_confirmed(locale: Locale) -> Response {
    let words = words(locale);
    notice(
        StatusCode::GONE,
        locale,
        words.closed_title,
        words.closed_body,
    )
}

pub fn cross_site_post(locale: Locale) -> Response {
    let words = words(locale);
    notice(
        StatusCode::FORBIDDEN,
        locale,
        words.cross_site_title,
        words.cross_site_body,
    )
}

pub fn invalid_link(locale: Locale) -> Response {
    let words = words(locale);
    notice(
        StatusCode::NOT_FOUND,
        locale,
        words.invalid_title,
        words.invalid_body,
    )
}

pub fn ask_to_withdraw(locale: Locale, petition_title: &str, token: &str) -> Response {
    let words = words(locale);
    asking(
        locale,
        &format!("/withdraw/{token}"),
        words.withdraw_title,
        html! {
            p { strong { (petition_title) } }
            p { (words.withdraw_body) }
        },
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
