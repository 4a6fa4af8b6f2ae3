//! The candles lit for a campaign's manifestations: one tap and no personal data, but let
//! through the same admission as a signature (the address's allowance, proof of work, the
//! flood ceiling), each counted once by its id, and each event's count read at most once a
//! second (see `fresh`).

use std::net::IpAddr;
use std::time::Duration;

use upprop_core::Locale;
use upprop_core::api::{CandleRequest, EventCandles};
use upprop_core::manifestation::{FeaturedEvent, Manifestation};

use super::Entry;
use super::events::{self, When};
use super::fresh::PerPetition;
use crate::api_error::Failure;
use crate::pages::event::Shown;
use crate::routes::AppState;
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

/// Lights `request`'s candle for `event` of `entry`'s petition (as `events::public` found it),
/// from `client` at `now`: once however often it is sent, while the petition is open. A
/// manifestation held still takes candles (the flyer's "let your candle burn" has no end),
/// counted under it. The answer is the count with it.
pub async fn light(
    state: &AppState,
    entry: &Entry,
    (event, when): (&Manifestation, &When),
    request: &CandleRequest,
    client: IpAddr,
    now: i64,
) -> Result<EventCandles, Failure> {
    let petition = &entry.petition;
    if state
        .counts
        .standing(&petition.slug)
        .await?
        .closed_at
        .is_some()
    {
        return Err(Failure::PetitionClosed);
    }
    state
        .admission
        .admit_work(&request.id, request.proof.as_ref(), client, now)
        .await?;
    if state
        .store
        .light_candle(&request.id, &petition.slug, &event.id, now)
        .await?
    {
        state
            .candles
            .counts
            .changed(&key(&petition.slug, &event.id));
    }
    Ok(EventCandles {
        event: event.id.clone(),
        candles: state.candles.count(&petition.slug, &event.id).await?,
        over: when.is_over(now),
    })
}
