//! What the organiser follows a petition by, counted from the groups of its confirmed
//! signatures (`store/figures.rs`): confirmed and waiting, per day, per hour of the last two
//! days, per source and channel, per consent.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::petitions::local_time;
use crate::store::Activity;

const HOUR_MS: i64 = 3_600_000;
/// How many hours back the hourly chart goes.
pub const HOURS_SHOWN: i64 = 48;

#[derive(Debug, PartialEq, Eq)]
pub struct Figures {
    pub confirmed: u64,
    pub unconfirmed: u64,
    /// Confirmations per day of the campaign's zone (`YYYY-MM-DD`, `local_time`), oldest
    /// first, from the first to today:
    /// quiet days are there with 0, so a chart's bars are evenly spaced in time.
    pub per_day: Vec<(String, u64)>,
    /// Confirmations in each of the last `HOURS_SHOWN` hours, the oldest first: the hour's
    /// start (UTC, ms) and the count.
    pub per_hour: Vec<(i64, u64)>,
    /// Confirmed signatures per site (the origin of the page they were signed on): which
    /// partner brings people, however many pages of theirs carry the widget. Largest first.
    pub per_site: Vec<(String, u64)>,
    /// Confirmed signatures per page they were signed on, largest first.
    pub per_source: Vec<(String, u64)>,
    /// Confirmed signatures per channel tag of a shared link (`?src=`), or `direct`.
    pub per_channel: Vec<(String, u64)>,
    /// Confirmed signatures that gave each consent, by consent id.
    pub per_consent: BTreeMap<String, u64>,
}

impl Figures {
    /// The figures of the groups of confirmed signatures and the count still waiting.
    pub fn count(activity: &[Activity], unconfirmed: u64, now: i64) -> Self {
        let this_hour = now.div_euclid(HOUR_MS);
        let mut per_day = BTreeMap::<Date, u64>::new();
        let mut per_hour = vec![0u64; HOURS_SHOWN as usize];
        let mut per_site = BTreeMap::<String, u64>::new();
        let mut per_source = BTreeMap::<String, u64>::new();
        let mut per_channel = BTreeMap::<String, u64>::new();
        let mut per_consent = BTreeMap::<String, u64>::new();
        let mut confirmed = 0;
        for group in activity {
            let signatures = group.signatures;
            confirmed += signatures;
            *per_day.entry(local_time::day(group.hour)).or_default() += signatures;
            let hours_ago = this_hour - group.hour.div_euclid(HOUR_MS);
            if (0..HOURS_SHOWN).contains(&hours_ago) {
                per_hour[(HOURS_SHOWN - 1 - hours_ago) as usize] += signatures;
            }
            *per_site.entry(site(&group.source_url)).or_default() += signatures;
            *per_source.entry(group.source_url.clone()).or_default() += signatures;
            let channel = group.source_channel.as_deref().unwrap_or("direct");
            *per_channel.entry(channel.to_owned()).or_default() += signatures;
            for consent in group.consents.iter().filter(|consent| consent.given) {
                *per_consent.entry(consent.id.clone()).or_default() += signatures;
            }
        }
        Self {
            confirmed,
            unconfirmed,
            per_day: every_day(&per_day, now),
            per_hour: per_hour
                .into_iter()
                .enumerate()
                .map(|(index, count)| {
                    let hour = this_hour - (HOURS_SHOWN - 1 - index as i64);
                    (hour * HOUR_MS, count)
                })
                .collect(),
            per_site: largest_first(per_site),
            per_source: largest_first(per_source),
            per_channel: largest_first(per_channel),
            per_consent,
        }
    }

    /// Confirmed out of all signatures given, in whole per cent; `None` before the first.
    pub fn confirmation_rate(&self) -> Option<u64> {
        let all = self.confirmed + self.unconfirmed;
        (all > 0).then(|| (self.confirmed * 100 + all / 2) / all)
    }
}

/// Counts per hour (its start, ms) summed per day of the campaign's zone, the days with any,
/// oldest first: a manifestation's candles, lit around its day.
pub fn per_local_day(per_hour: &[(i64, u64)]) -> Vec<(String, u64)> {
    let mut days: BTreeMap<Date, u64> = BTreeMap::new();
    for (hour, count) in per_hour {
        *days.entry(local_time::day(*hour)).or_default() += count;
    }
    days.into_iter()
        .map(|(day, count)| (day.to_string(), count))
        .collect()
}

/// Each day from the first with a count to today (or to the last with a count, if a clock
/// has run ahead), quiet days with 0.
fn every_day(counts: &BTreeMap<Date, u64>, now: i64) -> Vec<(String, u64)> {
    let (Some(first), Some(last)) = (counts.keys().next(), counts.keys().next_back()) else {
        return Vec::new();
    };
    let last = (*last).max(local_time::day(now));
    std::iter::successors(Some(*first), |date| date.tomorrow().ok())
        .take_while(|date| *date <= last)
        .map(|date| (date.to_string(), counts.get(&date).copied().unwrap_or(0)))
        .collect()
}

/// The origin of a page address (`https://blogg.example` of `https://blogg.example/inlagg`);
/// an address without one stands for itself.
fn site(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    format!("{scheme}://{host}")
}

fn largest_first(counts: BTreeMap<String, u64>) -> Vec<(String, u64)> {
    let mut counts: Vec<_> = counts.into_iter().collect();
    counts.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    counts
}

#[cfg(test)]
mod tests {
    use upprop_core::ConsentRecord;

    use super::*;

    const DAY_MS: i64 = 24 * HOUR_MS;
    /// 2026-11-26T12:30:00Z.
    const NOW: i64 = 1_795_696_200_000;

    fn confirmed(at: i64, channel: Option<&str>, updates: bool, signatures: u64) -> Activity {
        Activity {
            hour: at.div_euclid(HOUR_MS) * HOUR_MS,
            source_url: "https://partner.example/upprop".into(),
            source_channel: channel.map(str::to_owned),
            consents: vec![
                ConsentRecord {
                    id: "organizer".into(),
                    text: "Ja.".into(),
                    given: true,
                },
                ConsentRecord {
                    id: "updates".into(),
                    text: "Ja.".into(),
                    given: updates,
                },
            ],
            signatures,
        }
    }

    #[test]
    fn counts_confirmed_per_day_hour_channel_and_consent() {
        let activity = [
            confirmed(NOW - 3 * DAY_MS, Some("facebook"), true, 2),
            confirmed(NOW - HOUR_MS, Some("facebook"), false, 1),
            confirmed(NOW - 60_000, None, true, 1),
        ];
        let figures = Figures::count(&activity, 2, NOW);
        assert_eq!((figures.confirmed, figures.unconfirmed), (4, 2));
        assert_eq!(figures.confirmation_rate(), Some(67));
        assert_eq!(
            figures.per_day,
            [
                ("2026-11-23", 2),
                ("2026-11-24", 0),
                ("2026-11-25", 0),
                ("2026-11-26", 2)
            ]
            .map(|(day, count)| (day.to_owned(), count))
        );
        assert_eq!(figures.per_hour.len(), HOURS_SHOWN as usize);
        let last_two: Vec<u64> = figures.per_hour[46..].iter().map(|(_, n)| *n).collect();
        assert_eq!(last_two, [1, 1]);
        assert_eq!(figures.per_hour.iter().map(|(_, n)| n).sum::<u64>(), 2);
        assert_eq!(figures.per_hour[47].0, NOW / HOUR_MS * HOUR_MS);
        assert_eq!(
            figures.per_channel,
            [("facebook".to_owned(), 3), ("direct".to_owned(), 1)]
        );
        assert_eq!(figures.per_consent["organizer"], 4);
        assert_eq!(
            figures.per_site,
            [("https://partner.example".to_owned(), 4)]
        );
        assert_eq!(figures.per_consent["updates"], 3);
    }

    #[test]
    fn a_site_is_the_origin_of_its_pages() {
        assert_eq!(
            site("https://blogg.example/inlagg/1?x#y"),
            "https://blogg.example"
        );
        assert_eq!(site("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        assert_eq!(site(""), "");
    }

    #[test]
    fn nothing_yet_is_empty_not_a_division_by_zero() {
        let figures = Figures::count(&[], 0, NOW);
        assert_eq!(figures.confirmation_rate(), None);
        assert!(figures.per_day.is_empty());
        assert!(figures.per_hour.iter().all(|(_, count)| *count == 0));
    }
}
