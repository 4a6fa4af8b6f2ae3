//! A manifestation's page: when and where, what it asks, and the way to the petition. Rendered
//! whole by the server, so it reads without JavaScript and previews where it is shared.

use jiff::Zoned;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use upprop_core::manifestation::{Manifestation, Place};
use upprop_core::markup::byline;
use upprop_core::{Locale, Petition};

use super::landing::{landing_url, share_image_url};
use super::{STYLE, language_switch};
use crate::petitions::events::When;

struct Words {
    held: &'static str,
    coming: &'static str,
    whole_day: &'static str,
    anywhere: &'static str,
    place_heading: &'static str,
    demands_heading: &'static str,
    sign: &'static str,
    back_to_appeal: &'static str,
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

/// "söndag 7 februari 2021" / "Sunday 7 February 2021".
fn day(at: &Zoned, words: &Words) -> String {
    let weekday = words.weekdays[at.weekday().to_monday_zero_offset() as usize];
    let month = words.months[(at.month() - 1) as usize];
    format!("{weekday} {} {month} {}", at.day(), at.year())
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

/// A manifestation as a page shows it: of which petition, when, and whether it is over.
pub struct Shown<'a> {
    pub petition: &'a Petition,
    pub event: &'a Manifestation,
    pub when: &'a When,
    pub over: bool,
    pub public_url: &'a str,
    pub locale: Locale,
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

    /// The block beside an appeal that points to its event: its title, when, and the link.
    pub fn block(&self) -> Markup {
        let text = self.event.text(self.locale);
        let heading = format!("event-{}", self.event.id);
        html! {
            aside.event aria-labelledby=(heading) {
                h2 #(heading) { a href=(self.url(self.locale)) { (text.title) } }
                (self.when_line())
                @if let Some(first) = text.description.first() { p { (first) } }
            }
        }
    }

    /// The event's whole page.
    pub fn page(&self) -> String {
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
        // Those who come to the petition from here are counted under the event.
        let sign = upprop_core::source::tagged(&landing, &format!("event-{}", event.id));
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
                    meta property="og:image" content=(share_image_url(public_url, &petition.slug, locale));
                    meta name="twitter:card" content="summary_large_image";
                    style { (PreEscaped(STYLE)) }
                }
                body {
                    main {
                        (language_switch(locale, |other| self.url(other)))
                        h1 { (text.title) }
                        (byline(petition.text(locale), &petition.organizer, upprop_core::i18n::Strings::of(locale)))
                        (self.when_line())
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
                        p { a.cta href=(sign) { (words.sign) } }
                        p { a href=(landing) { (words.back_to_appeal) } }
                        p.hashtags { (petition.hashtags.join(" ")) }
                    }
                }
            }
        }
        .into_string()
    }
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
