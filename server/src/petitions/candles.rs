//! The candles lit for a campaign's manifestations, counted: each event's count read at most
//! once a second (see `fresh`), and the event the appeal features worded with it. A candle is
//! lit by `routes/events.rs`.

use std::time::Duration;

use upprop_core::Locale;
use upprop_core::manifestation::FeaturedEvent;

use super::Entry;
use super::events;
use super::fresh::PerPetition;
use crate::pages::event::Shown;
use crate::store::Store;

/// How old a count of candles may be when it is shown.
const FRESH_FOR: Duration = Duration::from_secs(1);

#[derive(Clone)]
pub struct Candles {
    store: Store,
    counts: PerPetition<u64>,
    /// Each petition's featured event as its answer and the widget's first view word it, in
    /// Swedish and English: every page view with the widget asks.
    worded: PerPetition<[Option<FeaturedEvent>; 2]>,
}

impl Candles {
    pub fn new(store: Store) -> Self {
        Self {
            store,
            counts: PerPetition::new(FRESH_FOR),
            worded: PerPetition::new(FRESH_FOR),
        }
    }

    /// A candle was lit for `event` of `petition`: its count is read anew.
    pub fn lit(&self, petition: &str, event: &str) {
        self.counts.changed(&key(petition, event));
    }

    /// How many candles have been lit for `event` of `petition`.
    pub async fn count(&self, petition: &str, event: &str) -> sqlx::Result<u64> {
        self.counts
            .get(&key(petition, event), self.store.candles(petition, event))
            .await
    }

    /// The manifestation `entry`'s appeal features at `now` (`events::featured`), with its
    /// candles, worded in `locale`; its link keeps `channel`. Without a channel (the
    /// petition's answer, the widget's first view) it is worded at most once a second.
    pub async fn featured(
        &self,
        entry: &Entry,
        public_url: &str,
        locale: Locale,
        channel: Option<&str>,
        now: i64,
    ) -> sqlx::Result<Option<FeaturedEvent>> {
        if channel.is_some() {
            return self.word(entry, public_url, locale, channel, now).await;
        }
        let both = async {
            Ok([
                self.word(entry, public_url, Locale::Sv, None, now).await?,
                self.word(entry, public_url, Locale::En, None, now).await?,
            ])
        };
        let [sv, en] = self.worded.get(&entry.petition.slug, both).await?;
        Ok(match locale {
            Locale::Sv => sv,
            Locale::En => en,
        })
    }

    async fn word(
        &self,
        entry: &Entry,
        public_url: &str,
        locale: Locale,
        channel: Option<&str>,
        now: i64,
    ) -> sqlx::Result<Option<FeaturedEvent>> {
        let Some((event, when)) = events::featured(entry, now) else {
            return Ok(None);
        };
        let petition = &entry.petition;
        let shown = Shown {
            petition,
            event,
            when,
            over: when.is_over(now),
            open: false,
            public_url,
            locale,
            candles: self.count(&petition.slug, &event.id).await?,
            reminder_hours: None,
        };
        Ok(Some(shown.featured(channel)))
    }
}

fn key(petition: &str, event: &str) -> String {
    format!("{petition}/{event}")
}
