//! When a campaign's manifestations are: their content's times read in the campaign's zone,
//! checked when the content is read, and which one a page shows.

use jiff::Zoned;
use jiff::civil::{Date, DateTime};
use sha2::{Digest, Sha256};
use upprop_core::Petition;
use upprop_core::manifestation::{Afterwards, Manifestation};

use super::{Entry, local_time};

/// A manifestation's start and end in the campaign's zone.
#[derive(Debug, Clone, PartialEq)]
pub struct When {
    pub starts: Zoned,
    /// The moment it is over (for a whole day, the next midnight).
    pub ends: Zoned,
    /// Given as days ("2021-02-07"), not times.
    pub whole_days: bool,
}

impl When {
    /// Reads `event`'s times; an error names the field and what it should look like.
    pub fn of(event: &Manifestation) -> Result<Self, String> {
        let read = |field: &str, value: &str, end: bool| -> Result<(Zoned, bool), String> {
            let problem = || {
                format!(
                    "{field}: {value:?} is neither a day (2021-02-07) nor a time of day (2021-02-07T18:00)"
                )
            };
            let (civil, whole_day) = match value.parse::<DateTime>() {
                Ok(civil) if value.contains('T') => (civil, false),
                _ => {
                    let day = value.parse::<Date>().map_err(|_| problem())?;
                    let day = if end {
                        day.tomorrow().map_err(|_| problem())?
                    } else {
                        day
                    };
                    (day.to_datetime(jiff::civil::Time::midnight()), true)
                }
            };
            Ok((local_time::civil(civil).map_err(|_| problem())?, whole_day))
        };
        let (starts, whole_start) = read("starts", &event.starts, false)?;
        let (ends, whole_end) = read("ends", &event.ends, true)?;
        if ends <= starts {
            return Err(format!(
                "ends: {:?} is not after starts {:?}",
                event.ends, event.starts
            ));
        }
        Ok(Self {
            starts,
            ends,
            whole_days: whole_start && whole_end,
        })
    }

    pub fn is_over(&self, now_ms: i64) -> bool {
        self.ends.timestamp().as_millisecond() <= now_ms
    }
}

/// Each event's times that do not read, named by the event.
pub fn problems(petition: &Petition) -> Vec<String> {
    petition
        .events
        .iter()
        .enumerate()
        .filter_map(|(index, event)| {
            When::of(event)
                .err()
                .map(|problem| format!("events[{index}].{problem}"))
        })
        .collect()
}

/// Manifestation `id` of `entry`'s petition as the public may see it at `now_ms`, with its
/// times: `None` when there is none such, its times do not read, or it is over and hidden
/// since.
pub fn public<'a>(
    entry: &'a Entry,
    id: &str,
    now_ms: i64,
) -> Option<(&'a Manifestation, &'a When)> {
    let (event, when) = entry.dated_events().find(|(event, _)| event.id == id)?;
    let hidden = when.is_over(now_ms) && event.afterwards == Afterwards::Hidden;
    (!hidden).then_some((event, when))
}

/// What a manifestation says, as a digest: it changes when anything of it changes.
pub fn digest(event: &Manifestation) -> String {
    let content = serde_json::to_vec(event).expect("a manifestation serialises");
    format!("{:x}", Sha256::digest(content))
}

/// The event a page shows beside the appeal at `now_ms`: the next one not over, or else the
/// last one held that is to be shown as held.
pub fn featured(entry: &Entry, now_ms: i64) -> Option<(&Manifestation, &When)> {
    entry
        .dated_events()
        .filter(|(_, when)| !when.is_over(now_ms))
        .min_by_key(|(_, when)| when.starts.timestamp())
        .or_else(|| {
            entry
                .dated_events()
                .filter(|(event, _)| event.afterwards == Afterwards::Held)
                .max_by_key(|(_, when)| when.starts.timestamp())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(starts: &str, ends: &str) -> Manifestation {
        let petition =
            Petition::from_json(include_str!("../../../content/upprop-socialtjansten.json"))
                .unwrap();
        Manifestation {
            starts: starts.into(),
            ends: ends.into(),
            ..petition.events[0].clone()
        }
    }

    #[test]
    fn times_are_the_campaign_s_across_the_change_to_summer_time() {
        // Summer time began in Stockholm at 02:00 on 28 March 2021.
        let when = When::of(&event("2021-03-27T20:00", "2021-03-28T20:00")).unwrap();
        assert_eq!(
            when.starts.to_string(),
            "2021-03-27T20:00:00+01:00[Europe/Stockholm]"
        );
        assert_eq!(
            when.ends.to_string(),
            "2021-03-28T20:00:00+02:00[Europe/Stockholm]"
        );
        assert_eq!(
            (&when.ends - &when.starts).get_hours(),
            23,
            "a night an hour short"
        );
        assert!(!when.whole_days);
    }

    #[test]
    fn a_day_is_all_of_it() {
        let when = When::of(&event("2021-02-07", "2021-02-07")).unwrap();
        assert!(when.whole_days);
        assert_eq!(
            when.starts.to_string(),
            "2021-02-07T00:00:00+01:00[Europe/Stockholm]"
        );
        assert_eq!(
            when.ends.to_string(),
            "2021-02-08T00:00:00+01:00[Europe/Stockholm]"
        );
    }

    #[test]
    fn a_time_that_does_not_read_or_ends_first_is_named() {
        assert_eq!(
            When::of(&event("2021-02-30", "2021-02-07")).unwrap_err(),
            r#"starts: "2021-02-30" is neither a day (2021-02-07) nor a time of day (2021-02-07T18:00)"#
        );
        assert_eq!(
            When::of(&event("2021-02-07T20:00", "2021-02-07T18:00")).unwrap_err(),
            r#"ends: "2021-02-07T18:00" is not after starts "2021-02-07T20:00""#
        );
    }
}
