//! The few HTML pages the server shows itself: after a confirmation or withdrawal link.
//! maud escapes everything interpolated.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};
use upprop_core::Locale;

const STYLE: &str = "body{font:17px/1.5 system-ui,sans-serif;max-width:34em;margin:3em auto;\
padding:0 1em;color:#1d1d1f;background:#fffdfa}h1{font-size:1.5em;line-height:1.25}\
button{font:inherit;font-weight:700;color:#fff;background:#b3261e;border:0;border-radius:.4em;\
padding:.7em 1.2em;cursor:pointer}";

struct Words {
    confirmed_title: &'static str,
    confirmed_body: &'static str,
    count: fn(u64) -> String,
    invalid_title: &'static str,
    invalid_body: &'static str,
    withdraw_title: &'static str,
    withdraw_body: &'static str,
    withdraw_button: &'static str,
    withdrawn_title: &'static str,
    withdrawn_body: &'static str,
}

const SV: Words = Words {
    confirmed_title: "Tack! Din underskrift är bekräftad",
    confirmed_body: "Din underskrift räknas nu.",
    count: |n| format!("{n} har skrivit under."),
    invalid_title: "Länken fungerar inte längre",
    invalid_body: "Länken har redan använts, eller så har underskriften tagits bort. Har du redan bekräftat räknas din underskrift.",
    withdraw_title: "Ta tillbaka din underskrift",
    withdraw_body: "Din underskrift och alla uppgifter du lämnade raderas. Det går inte att ångra.",
    withdraw_button: "Ta tillbaka och radera",
    withdrawn_title: "Din underskrift är borttagen",
    withdrawn_body: "Vi har raderat din underskrift och dina uppgifter.",
};

const EN: Words = Words {
    confirmed_title: "Thank you! Your signature is confirmed",
    confirmed_body: "Your signature now counts.",
    count: |n| format!("{n} people have signed."),
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

fn page(status: StatusCode, locale: Locale, title: &str, content: Markup) -> Response {
    let markup = html! {
        (DOCTYPE)
        html lang=(locale.as_str()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) }
                style { (STYLE) }
            }
            body { h1 { (title) } (content) }
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

pub fn confirmed(locale: Locale, petition_title: &str, count: u64) -> Response {
    let words = words(locale);
    page(
        StatusCode::OK,
        locale,
        words.confirmed_title,
        html! {
            p { strong { (petition_title) } }
            p { (words.confirmed_body) " " ((words.count)(count)) }
        },
    )
}

pub fn invalid_link(locale: Locale) -> Response {
    let words = words(locale);
    page(
        StatusCode::NOT_FOUND,
        locale,
        words.invalid_title,
        html! { p { (words.invalid_body) } },
    )
}

pub fn ask_to_withdraw(locale: Locale, petition_title: &str, token: &str) -> Response {
    let words = words(locale);
    page(
        StatusCode::OK,
        locale,
        words.withdraw_title,
        html! {
            p { strong { (petition_title) } }
            p { (words.withdraw_body) }
            form method="post" action={ "/withdraw/" (token) } {
                button type="submit" { (words.withdraw_button) }
            }
        },
    )
}

pub fn withdrawn(locale: Locale) -> Response {
    let words = words(locale);
    page(
        StatusCode::OK,
        locale,
        words.withdrawn_title,
        html! { p { (words.withdrawn_body) } },
    )
}
