//! Times as organisers read them: in the campaign's zone, Europe/Stockholm, with the zone
//! named (CET or CEST), never in UTC. The zone database is compiled in (jiff's bundled tzdb),
//! so a server without tzdata shows the same times, across the changes of summer time too.

use std::sync::LazyLock;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

/// The campaign's zone: where its organisers are and its events happen.
pub const ZONE: &str = "Europe/Stockholm";

static TIME_ZONE: LazyLock<TimeZone> =
    LazyLock::new(|| TimeZone::get(ZONE).expect("the bundled zone database has Europe/Stockholm"));

/// The moment `ms` (milliseconds since the epoch) in the campaign's zone.
pub fn at(ms: i64) -> Zoned {
    Timestamp::from_millisecond(ms)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_zoned(TIME_ZONE.clone())
}

/// The civil time `civil` in the campaign's zone (a time skipped by the change to summer time
/// is moved past the gap, as clocks are).
pub fn civil(civil: jiff::civil::DateTime) -> Result<Zoned, jiff::Error> {
    civil.to_zoned(TIME_ZONE.clone())
}

/// The campaign's calendar day of the moment `ms`.
pub fn day(ms: i64) -> Date {
    at(ms).date()
}

/// "2026-12-02 15:04 CET": to the minute, the zone named.
pub fn minute(ms: i64) -> String {
    at(ms).strftime("%Y-%m-%d %H:%M %Z").to_string()
}

/// "2026-12-02 15:04": as `minute`, for a table whose heading names the zone.
pub fn minute_unnamed(ms: i64) -> String {
    at(ms).strftime("%Y-%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(rfc3339: &str) -> i64 {
        rfc3339.parse::<Timestamp>().unwrap().as_millisecond()
    }

    #[test]
    fn times_are_stockholm_s_with_the_zone_named_across_summer_time() {
        assert_eq!(minute(ms("2026-12-02T14:04:00Z")), "2026-12-02 15:04 CET");
        assert_eq!(minute(ms("2026-07-01T12:00:00Z")), "2026-07-01 14:00 CEST");
        // The night summer time begins (29 March 2026, 02:00 → 03:00) and ends (25 October).
        assert_eq!(minute(ms("2026-03-29T00:59:00Z")), "2026-03-29 01:59 CET");
        assert_eq!(minute(ms("2026-03-29T01:00:00Z")), "2026-03-29 03:00 CEST");
        assert_eq!(minute(ms("2026-10-25T00:30:00Z")), "2026-10-25 02:30 CEST");
        assert_eq!(minute(ms("2026-10-25T01:30:00Z")), "2026-10-25 02:30 CET");
        assert_eq!(
            minute_unnamed(ms("2026-12-02T14:04:00Z")),
            "2026-12-02 15:04"
        );
    }

    #[test]
    fn a_day_is_stockholm_s_day_not_greenwich_s() {
        let late = ms("2026-12-02T23:30:00Z");
        assert_eq!(day(late).to_string(), "2026-12-03");
        assert_eq!(day(ms("2026-06-30T22:30:00Z")).to_string(), "2026-07-01");
        assert_eq!(day(ms("2026-06-30T21:30:00Z")).to_string(), "2026-06-30");
    }
}
