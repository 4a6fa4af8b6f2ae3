//! A manifestation as a calendar entry (RFC 5545): one VEVENT whose UID stays the same for
//! the event's life and whose SEQUENCE rises each time its content changes, so a calendar that
//! took it once replaces it rather than holding two. Times are the campaign's wall-clock
//! times with their zone (TZID, and the zone's own rules in a VTIMEZONE), or whole days.

use std::fmt::Write as _;

use jiff::Zoned;
use upprop_core::manifestation::{Manifestation, Place};
use upprop_core::{Locale, Petition};

use super::event::{anywhere, event_url};
use crate::petitions::events::When;
use crate::petitions::local_time::{self, ZONE};
use crate::store::EventVersion;

/// Europe/Stockholm's rules since 1996 (the EU's: summer time from 01:00 UTC on the last
/// Sunday of March to the last Sunday of October), for `local_time::ZONE`; a test holds them
/// to the zone database.
const STOCKHOLM: &str = "BEGIN:VTIMEZONE\r\n\
TZID:Europe/Stockholm\r\n\
BEGIN:DAYLIGHT\r\n\
TZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0200\r\n\
TZNAME:CEST\r\n\
DTSTART:19960331T020000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\n\
BEGIN:STANDARD\r\n\
TZOFFSETFROM:+0200\r\n\
TZOFFSETTO:+0100\r\n\
TZNAME:CET\r\n\
DTSTART:19961027T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
END:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// The entry for `event` of `petition`, as `version` of it, in `locale`.
pub fn entry(
    petition: &Petition,
    event: &Manifestation,
    when: &When,
    version: EventVersion,
    public_url: &str,
    locale: Locale,
) -> String {
    let text = event.text(locale);
    let url = event_url(public_url, &petition.slug, &event.id, locale);
    let host = public_url.split("://").nth(1).unwrap_or(public_url);
    let host = host.split('/').next().unwrap_or(host);
    let places: Vec<String> = event
        .places
        .iter()
        .map(|place| match place {
            Place::Address { name, address } => format!("{name}, {address}"),
            Place::Anywhere => anywhere(locale).to_owned(),
        })
        .collect();
    let mut description = text.description.join("\n\n");
    write!(description, "\n\n{}\n\n{url}", text.call).expect("writing to a string");

    let mut calendar = Calendar::default();
    calendar.line("BEGIN", "VCALENDAR");
    calendar.line("VERSION", "2.0");
    calendar.line(
        "PRODID",
        &format!(
            "-//upprop//{}//{}",
            petition.organizer.name,
            locale.as_str().to_uppercase()
        ),
    );
    calendar.line("CALSCALE", "GREGORIAN");
    if !when.whole_days {
        calendar.0.push_str(STOCKHOLM);
    }
    calendar.line("BEGIN", "VEVENT");
    calendar.line("UID", &format!("{}.{}@{host}", event.id, petition.slug));
    calendar.line("DTSTAMP", &utc(version.changed_at));
    calendar.line("LAST-MODIFIED", &utc(version.changed_at));
    calendar.line("SEQUENCE", &version.sequence.to_string());
    if when.whole_days {
        calendar.line(
            "DTSTART;VALUE=DATE",
            &when.starts.strftime("%Y%m%d").to_string(),
        );
        calendar.line(
            "DTEND;VALUE=DATE",
            &when.ends.strftime("%Y%m%d").to_string(),
        );
    } else {
        calendar.line(&format!("DTSTART;TZID={ZONE}"), &local(&when.starts));
        calendar.line(&format!("DTEND;TZID={ZONE}"), &local(&when.ends));
    }
    calendar.line("SUMMARY", &escaped(&text.title));
    calendar.line("DESCRIPTION", &escaped(&description));
    calendar.line("LOCATION", &escaped(&places.join("; ")));
    calendar.line("URL", &url);
    calendar.line(
        &format!("ORGANIZER;CN={}", quoted(&petition.organizer.name)),
        &format!("mailto:{}", petition.organizer.email),
    );
    calendar.line("STATUS", "CONFIRMED");
    calendar.line("END", "VEVENT");
    calendar.line("END", "VCALENDAR");
    calendar.0
}

#[derive(Default)]
struct Calendar(String);

impl Calendar {
    /// One content line, folded at 75 octets (never inside a character) as RFC 5545 asks.
    fn line(&mut self, name: &str, value: &str) {
        let line = format!("{name}:{value}");
        let mut width = 0;
        for character in line.chars() {
            let octets = character.len_utf8();
            if width + octets > 75 {
                self.0.push_str("\r\n ");
                width = 1;
            }
            self.0.push(character);
            width += octets;
        }
        self.0.push_str("\r\n");
    }
}

/// A TEXT value: backslash, semicolon, comma and newline escaped.
fn escaped(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            '\r' => {}
            other => escaped.push(other),
        }
    }
    escaped
}

/// A parameter value: quoted, without the quotes it cannot hold.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('"', ""))
}

fn utc(ms: i64) -> String {
    local_time::at(ms)
        .timestamp()
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string()
}

fn local(at: &Zoned) -> String {
    at.strftime("%Y%m%dT%H%M%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut calendar = Calendar::default();
        calendar.line("SUMMARY", &"å".repeat(60));
        for line in calendar.0.split("\r\n") {
            assert!(line.len() <= 75, "{line:?}");
        }
        let unfolded = calendar.0.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "å".repeat(60)));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escaped("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }

    #[test]
    fn the_zone_s_rules_are_the_zone_database_s() {
        use jiff::civil::date;
        // The rules: the change at 01:00 UTC on the last Sunday of March and of October.
        let last_sunday = |year: i16, month: i8| {
            let mut day = date(year, month, 31);
            while day.weekday() != jiff::civil::Weekday::Sunday {
                day = day.yesterday().unwrap();
            }
            day
        };
        let offset_at = |day: jiff::civil::Date, hour: i8, minute: i8| {
            let utc = day
                .at(hour, minute, 0, 0)
                .to_zoned(jiff::tz::TimeZone::UTC)
                .unwrap();
            local_time::at(utc.timestamp().as_millisecond())
                .offset()
                .to_string()
        };
        for year in 2021..=2040 {
            let march = last_sunday(year, 3);
            assert_eq!(
                (offset_at(march, 0, 59), offset_at(march, 1, 0)),
                ("+01".to_owned(), "+02".to_owned()),
                "{march}"
            );
            let october = last_sunday(year, 10);
            assert_eq!(
                (offset_at(october, 0, 59), offset_at(october, 1, 0)),
                ("+02".to_owned(), "+01".to_owned()),
                "{october}"
            );
        }
        assert!(STOCKHOLM.contains(&format!("TZID:{ZONE}\r\n")));
        assert_eq!(STOCKHOLM.matches("RRULE:FREQ=YEARLY;BYMONTH=").count(), 2);
    }
}
