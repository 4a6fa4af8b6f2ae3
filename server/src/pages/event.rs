//! A manifestation's page: when and where, what it asks, and the way to the petition. Rendered
//! whole by the server, so it reads without JavaScript and previews where it is shared.

use jiff::Zoned;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use upprop_core::manifestation::{FeaturedEvent, Manifestation, Place};
use upprop_core::markup::byline;
use upprop_core::{Locale, Petition};

use upprop_core::format_count;
use upprop_core::source::tagged;

use super::landing::landing_url;
use super::reminder::{self, Reminding};
use super::{STYLE, language_switch};
use crate::petitions::events::When;
use crate::petitions::local_time;

struct Words {
    held: &'static str,
    coming: &'static str,
    whole_day: &'static str,
    anywhere: &'static str,
    place_heading: &'static str,
    demands_heading: &'static str,
    sign: &'static str,
    back_to_appeal: &'static str,
    candles_heading: &'static str,
    candles_lit: &'static str,
    light: &'static str,
    nothing_kept: &'static str,
    lit: &'static str,
    invite: &'static str,
    sign_too: &'static str,
    too_many: &'static str,
    add_to_calendar: &'static str,
    print_flyer: &'static str,
    weekdays: [&'static str; 7],
    months: [&'static str; 12],
}

const SV: Words = Words {
    held: "Hölls",
    coming: "När",
    whole_day: "hela dagen",
    anywhere: "Där du är: i ett fönster, på en balkong, där ditt ljus syns.",
    place_heading: "Var",
    demands_heading: "Vi kräver att",
    sign: "Skriv under uppropet",
    back_to_appeal: "Läs hela uppropet",
    candles_heading: "Tänd ett ljus",
    candles_lit: "Tända ljus",
    light: "Tänd ett ljus",
    nothing_kept: "Inget namn och ingen e-post behövs: ljuset räknas, inget annat sparas.",
    lit: "Ditt ljus brinner. Tack!",
    invite: "Skriv också under uppropet: varje namn räknas när det lämnas över.",
    sign_too: "Skriv under uppropet",
    too_many: "Många ljus tänds från din uppkoppling just nu. Vänta en minut och tryck igen.",
    add_to_calendar: "Lägg till i kalendern",
    print_flyer: "Skriv ut flygbladet",
    weekdays: [
        "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
    ],
    months: [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ],
};

const EN: Words = Words {
    held: "Held",
    coming: "When",
    whole_day: "all day",
    anywhere: "Wherever you are: in a window, on a balcony, where your candle can be seen.",
    place_heading: "Where",
    demands_heading: "We demand that",
    sign: "Sign the petition",
    back_to_appeal: "Read the whole appeal",
    candles_heading: "Light a candle",
    candles_lit: "Candles lit",
    light: "Light a candle",
    nothing_kept: "No name or e-mail needed: the candle is counted, nothing else is kept.",
    lit: "Your candle is burning. Thank you!",
    invite: "Sign the petition too: every name counts when it is handed over.",
    sign_too: "Sign the petition",
    too_many: "Many candles are being lit from your connection just now. Wait a minute and tap again.",
    add_to_calendar: "Add to calendar",
    print_flyer: "Print the flyer",
    weekdays: [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
};

fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Sv => &SV,
        Locale::En => &EN,
    }
}

/// "Wherever you are: …", a place that is no address.
pub fn anywhere(locale: Locale) -> &'static str {
    words(locale).anywhere
}

/// "söndag 7 februari 2021" / "Sunday 7 February 2021".
fn day(at: &Zoned, words: &Words) -> String {
    let weekday = words.weekdays[at.weekday().to_monday_zero_offset() as usize];
    let month = words.months[(at.month() - 1) as usize];
    format!("{weekday} {} {month} {}", at.day(), at.year())
}

/// "lördag 6 februari 2027 18:00 (CET)": a moment, as a reader says it.
pub fn day_and_time(ms: i64, locale: Locale) -> String {
    let at = local_time::at(ms);
    format!(
        "{} {} ({})",
        day(&at, words(locale)),
        at.strftime("%H:%M"),
        at.strftime("%Z")
    )
}

/// When, as a reader says it: the day (or days) and, unless it lasts whole days, the hours with
/// the zone named.
pub fn when_said(when: &When, locale: Locale) -> String {
    let words = words(locale);
    if when.whole_days {
        let last = when.ends.yesterday().unwrap_or_else(|_| when.ends.clone());
        return if last.date() == when.starts.date() {
            format!("{}, {}", day(&when.starts, words), words.whole_day)
        } else {
            format!("{} – {}", day(&when.starts, words), day(&last, words))
        };
    }
    let hours = |at: &Zoned| at.strftime("%H:%M").to_string();
    if when.ends.date() == when.starts.date() {
        format!(
            "{} {}–{} ({})",
            day(&when.starts, words),
            hours(&when.starts),
            hours(&when.ends),
            when.starts.strftime("%Z")
        )
    } else {
        format!(
            "{} {} – {} {} ({})",
            day(&when.starts, words),
            hours(&when.starts),
            day(&when.ends, words),
            hours(&when.ends),
            when.starts.strftime("%Z")
        )
    }
}

pub fn event_url(public_url: &str, slug: &str, id: &str, locale: Locale) -> String {
    match locale {
        Locale::Sv => format!("{public_url}/p/{slug}/events/{id}"),
        Locale::En => format!("{public_url}/p/{slug}/events/{id}?lang=en"),
    }
}

/// The manifestation's calendar entry (`.ics`), in the reader's language.
pub fn calendar_url(slug: &str, id: &str, locale: Locale) -> String {
    format!(
        "/p/{slug}/events/{id}/calendar.ics?lang={}",
        locale.as_str()
    )
}

/// Where the manifestation's candles are counted (JSON, for the page's own script).
pub fn candles_api_url(slug: &str, id: &str) -> String {
    format!("/api/v1/petitions/{slug}/events/{id}")
}

/// A calm row of candles, more of them as the count grows by tens (one for the first, up to
/// seven), drawn at one size whatever the count, so nothing moves when it changes.
pub fn candle_picture(candles: u64) -> Markup {
    let shown = candles.max(1).ilog10().min(6) + 1;
    let width = 28 * shown;
    html! {
        svg.candle-picture viewBox={ "0 0 " (width) " 64" } width="196" height="64"
            preserveAspectRatio="xMinYMax meet" aria-hidden="true" focusable="false" {
            @for i in 0..shown {
                g transform={ "translate(" (28 * i) " 0)" } {
                    rect x="9" y="30" width="10" height="32" rx="2" fill="#f3e7d3" stroke="#c9b79c" {}
                    line x1="14" y1="30" x2="14" y2="25" stroke="#3b3530" stroke-width="1.5" {}
                    @if candles > 0 {
                        path.flame d="M14 8 C19 16 19 22 14 25 C9 22 9 16 14 8 Z" fill="#f2a33a" {}
                        path d="M14 15 C16 19 16 22 14 23.5 C12 22 12 19 14 15 Z" fill="#fff1b8" {}
                    }
                }
            }
        }
    }
}

/// What the candle's part of an event page says after a tap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lighting {
    /// Nothing yet: the button.
    Offered,
    /// This reader's candle is lit: the thanks, and the petition offered.
    Lit,
    /// Too many from this connection just now: the button again, and why.
    TooMany,
}

/// A manifestation as a page shows it: of which petition, when, and whether it is over.
pub struct Shown<'a> {
    pub petition: &'a Petition,
    pub event: &'a Manifestation,
    pub when: &'a When,
    pub over: bool,
    /// Whether it takes candles: its petition is not closed.
    pub open: bool,
    pub public_url: &'a str,
    pub locale: Locale,
    pub candles: u64,
    /// How long before it a reminder goes, while one may be asked for.
    pub reminder_hours: Option<u32>,
}

/// What one reader's view of an event page adds: what their taps did, the channel they came
/// with (kept on the way to the petition), and the page view's id, which its forms send
/// (sent again, the same candle, the same wish).
pub struct Visit<'a> {
    pub lighting: Lighting,
    pub reminding: Reminding<'a>,
    pub channel: Option<&'a str>,
    pub page_view: &'a str,
}

impl Shown<'_> {
    fn url(&self, locale: Locale) -> String {
        event_url(self.public_url, &self.petition.slug, &self.event.id, locale)
    }

    /// "Held: Sunday 7 February 2021, all day", or "When: …" for one to come.
    fn when_line(&self) -> Markup {
        let words = words(self.locale);
        html! {
            p.when {
                strong { (if self.over { words.held } else { words.coming }) ": " }
                (when_said(self.when, self.locale))
            }
        }
    }

    /// "Candles lit: 1 234", with the picture.
    fn candles_line(&self, live: bool) -> Markup {
        let words = words(self.locale);
        let api = live.then(|| candles_api_url(&self.petition.slug, &self.event.id));
        html! {
            (candle_picture(self.candles))
            p.candle-count aria-live=[api.as_ref().map(|_| "polite")] data-candles=[api] {
                (words.candles_lit) ": " strong { (format_count(self.candles, self.locale)) }
            }
        }
    }

    /// The event as the appeal features it, worded for `markup::featured_event` (the landing
    /// page's block, and the widget's from the petition's answer); its link keeps the
    /// `channel` the reader came with.
    pub fn featured(&self, channel: Option<&str>) -> FeaturedEvent {
        let words = words(self.locale);
        let url = self.url(self.locale);
        FeaturedEvent {
            title: self.event.text(self.locale).title.clone(),
            when: format!(
                "{}: {}",
                if self.over { words.held } else { words.coming },
                when_said(self.when, self.locale)
            ),
            url: channel.map_or_else(|| url.clone(), |channel| tagged(&url, channel)),
            candles: format!(
                "{}: {}",
                words.candles_lit,
                format_count(self.candles, self.locale)
            ),
        }
    }

    /// The event's whole page, as `visit` sees it.
    pub fn page(&self, visit: &Visit) -> String {
        let Visit {
            lighting,
            reminding,
            channel,
            page_view,
        } = *visit;
        let Self {
            petition,
            event,
            when,
            public_url,
            locale,
            ..
        } = *self;
        let words = words(locale);
        let text = event.text(locale);
        let url = self.url(locale);
        let summary = text.description.join(" ");
        let landing = landing_url(public_url, &petition.slug, locale);
        // Those who come to the petition from here are counted under the event (or its
        // candle), unless they came with a tag of their own (a flyer's).
        let sign = |own: String| tagged(&landing, channel.unwrap_or(&own));
        let slug = &petition.slug;
        html! {
            (DOCTYPE)
            html lang=(locale.as_str()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (text.title) " – " (petition.organizer.name) }
                    meta name="description" content=(summary);
                    link rel="canonical" href=(url);
                    link rel="icon" href="/favicon.svg" type="image/svg+xml";
                    meta property="og:type" content="website";
                    meta property="og:site_name" content=(petition.organizer.name);
                    meta property="og:title" content={ (text.title) " · " (when_said(when, locale)) };
                    meta property="og:description" content=(summary);
                    meta property="og:url" content=(url);
                    meta property="og:image" content=(event_image_url(public_url, slug, &event.id, locale));
                    meta name="twitter:card" content="summary_large_image";
                    style { (PreEscaped(STYLE)) (PreEscaped(EVENT_STYLE)) }
                    script src="/event.js" defer {}
                }
                body {
                    main {
                        (language_switch(locale, |other| self.url(other)))
                        h1 { (text.title) }
                        (byline(petition.text(locale), &petition.organizer, upprop_core::i18n::Strings::of(locale)))
                        (self.when_line())
                        p { a href=(calendar_url(slug, &event.id, locale)) download { (words.add_to_calendar) } }
                        section.candles #candle aria-labelledby="candles-heading" {
                            h2 #candles-heading { (words.candles_heading) }
                            (self.candles_line(self.open))
                            @if lighting == Lighting::Lit {
                                p.lit role="status" { strong { (words.lit) } }
                                p { (words.invite) }
                                p { a.cta href=(sign(format!("candle-{}", event.id))) { (words.sign_too) } }
                            } @else if self.open {
                                @if lighting == Lighting::TooMany {
                                    p.notice role="alert" { (words.too_many) }
                                }
                                form method="post" action={ "/p/" (slug) "/events/" (event.id) "/candles?lang=" (locale.as_str()) } {
                                    input type="hidden" name="id" value=(page_view);
                                    @if let Some(channel) = channel { input type="hidden" name="src" value=(channel); }
                                    button type="submit" { (words.light) }
                                }
                                p.hint { (words.nothing_kept) }
                            }
                        }
                        @if let (Some(hours), true) = (self.reminder_hours, self.open) {
                            (reminder::section(slug, event, hours, locale, reminding, channel, page_view))
                        }
                        h2 { (words.place_heading) }
                        ul.places {
                            @for place in &event.places {
                                li {
                                    @match place {
                                        Place::Address { name, address } => { strong { (name) } ", " (address) }
                                        Place::Anywhere => { (words.anywhere) }
                                    }
                                }
                            }
                        }
                        @for paragraph in &text.description { p { (paragraph) } }
                        @for paragraph in &text.appeal { p { (paragraph) } }
                        @if !text.demands.is_empty() {
                            h2 { (words.demands_heading) }
                            ol { @for demand in &text.demands { li { (demand) } } }
                        }
                        p.call { strong { (text.call) } }
                        p { a.cta href=(sign(format!("event-{}", event.id))) { (words.sign) } }
                        p { a href=(landing) { (words.back_to_appeal) } }
                        p { a href=(flyer_url(slug, &event.id, locale)) { (words.print_flyer) } }
                        p.hashtags { (petition.hashtags.join(" ")) }
                    }
                }
            }
        }
        .into_string()
    }
}

/// The candles' part of an event page: the picture sits in a box of its own size, and its
/// flames flicker gently unless the reader asks for less motion.
const EVENT_STYLE: &str = ".candles{margin:1.2em 0;padding:1em;border-radius:.6em;background:#2b2622;\
color:#f6f1ea}.candles h2{margin-top:0}.candles a{color:#ffd9a8}.candles .cta{color:#fff}\
.candle-picture{display:block;width:196px;height:64px;margin:.25em 0}\
.candle-count{margin:.3em 0}.candles .hint{font-size:.9em;color:#d8d0c6}\
.notice{font-weight:700;color:#ffd9a8}\
@media (prefers-reduced-motion:no-preference){.flame{transform-origin:14px 25px;\
animation:flicker 3s ease-in-out infinite alternate}}\
@keyframes flicker{from{transform:scale(1,1)}to{transform:scale(.94,1.05)}}\
.event .candle-picture{width:98px;height:32px}.reminder label{display:block;font-weight:700;margin:.6em 0 .2em}.reminder input[type=email]{font:inherit;width:100%;padding:.55em;border:1px solid #8a8580;border-radius:.4em}.reminder .consent{display:flex;gap:.5em;align-items:flex-start}.reminder .consent input{width:1.3em;height:1.3em;margin-top:.2em;flex:none}.reminder .consent label{font-weight:400;margin:0}.reminder .notice{color:#8c1d18}";

/// The manifestation's share picture: its title, when, and its candles.
pub fn event_image_url(public_url: &str, slug: &str, id: &str, locale: Locale) -> String {
    format!(
        "{public_url}/p/{slug}/events/{id}/share.png?lang={}",
        locale.as_str()
    )
}

/// The printable flyer (A4, unless `&size=a5` is added), in a language.
pub fn flyer_url(slug: &str, id: &str, locale: Locale) -> String {
    format!("/p/{slug}/events/{id}/flyer?lang={}", locale.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_and_hours_are_said_in_the_reader_s_language_with_the_zone() {
        let petition =
            Petition::from_json(include_str!("../../../content/upprop-socialtjansten.json"))
                .unwrap();
        let mut event = petition.events[0].clone();
        let day = When::of(&event).unwrap();
        assert_eq!(
            when_said(&day, Locale::Sv),
            "söndag 7 februari 2021, hela dagen"
        );
        assert_eq!(
            when_said(&day, Locale::En),
            "Sunday 7 February 2021, all day"
        );
        (event.starts, event.ends) = ("2021-07-01T18:00".into(), "2021-07-01T20:30".into());
        let evening = When::of(&event).unwrap();
        assert_eq!(
            when_said(&evening, Locale::Sv),
            "torsdag 1 juli 2021 18:00–20:30 (CEST)"
        );
    }
}
