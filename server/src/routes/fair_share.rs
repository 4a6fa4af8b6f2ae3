//! What one client may hold of the server: its request's body must arrive whole within a
//! deadline, however it is paced, and one address has at most so many requests in flight.
//! Without both, a few sockets that each send a byte every few seconds would hold every slot
//! of the global cap, and the landing page, signing and the dashboard would answer 503 to
//! everyone else.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::{Frame, SizeHint};
use tokio::sync::oneshot;

use super::client_address::ClientAddress;
use super::state::AppState;
use crate::api_error::Failure;
use crate::signing::AddressKey;

/// How many requests each client address has in flight, by its pseudonym; an address leaves
/// the map when its last request is answered, so the map holds only the busy ones.
#[derive(Clone)]
pub struct InFlight {
    most: usize,
    counts: Arc<Mutex<HashMap<AddressKey, usize>>>,
}

impl InFlight {
    /// At most `most` requests per address at once; 0 sets no limit.
    pub fn new(most: usize) -> Self {
        Self {
            most,
            counts: Arc::default(),
        }
    }

    /// What one address may have in flight: `per_client`, but never more than a quarter of
    /// the `global` cap, so that a few addresses cannot take all of a small server's slots.
    /// 0 (no limit) stays 0.
    pub fn share(per_client: usize, global: usize) -> usize {
        match per_client {
            0 => 0,
            per_client => per_client.min((global / 4).max(1)),
        }
    }

    fn take(&self, client: AddressKey) -> Option<Slot> {
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        let count = counts.entry(client).or_default();
        if self.most > 0 && *count >= self.most {
            return None;
        }
        *count += 1;
        Some(Slot {
            in_flight: self.clone(),
            client,
        })
    }
}

/// One request's place among its address's; given back when dropped.
struct Slot {
    in_flight: InFlight,
    client: AddressKey,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut counts = self
            .in_flight
            .counts
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(count) = counts.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.client);
            }
        }
    }
}

/// Refuses a request (429) when its address already has its share of requests in flight,
/// before it takes one of the server's own slots.
pub async fn limit_per_client(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    request: Request,
    next: Next,
) -> Response {
    match state.in_flight.take(state.admission.pseudonym(client)) {
        Some(_slot) => next.run(request).await,
        None => Failure::TooManyInFlight.into_response(),
    }
}

/// Answers 408 when a request's body has not arrived whole `deadline` after its headers did,
/// however steadily it trickles in; the handler reading it is dropped, and the slot with it.
pub async fn body_deadline(
    State(deadline): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let (read, body_read) = oneshot::channel();
    let body = Body::new(Watched {
        body,
        read: Some(read),
    });
    let handling = next.run(Request::from_parts(parts, body));
    // Resolves only if the deadline passes first: a body read whole, or dropped unread, lets
    // the handler take as long as it takes.
    let late = async {
        tokio::select! {
            _ = body_read => std::future::pending::<()>().await,
            () = tokio::time::sleep(deadline) => {}
        }
    };
    tokio::select! {
        response = handling => response,
        () = late => Failure::RequestTimeout.into_response(),
    }
}

/// A request body that says when it has been read to its end (or dropped).
struct Watched {
    body: Body,
    read: Option<oneshot::Sender<()>>,
}

impl HttpBody for Watched {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let polled = Pin::new(&mut self.body).poll_frame(context);
        if (matches!(polled, Poll::Ready(None)) || self.body.is_end_stream())
            && let Some(read) = self.read.take()
        {
            let _ = read.send(());
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_s_share_is_at_most_a_quarter_of_the_server_s_slots() {
        assert_eq!(InFlight::share(64, 2048), 64);
        assert_eq!(InFlight::share(64, 8), 2);
        assert_eq!(InFlight::share(64, 2), 1);
        assert_eq!(InFlight::share(0, 8), 0, "no limit stays none");
    }

    #[test]
    fn an_address_holds_at_most_its_share_and_gets_it_back() {
        let in_flight = InFlight::new(2);
        let (a, b) = ([1; 16], [2; 16]);
        let first = in_flight.take(a).unwrap();
        let _second = in_flight.take(a).unwrap();
        assert!(in_flight.take(a).is_none(), "a third for the same address");
        assert!(
            in_flight.take(b).is_some(),
            "another address is not held back"
        );
        drop(first);
        assert!(
            in_flight.take(a).is_some(),
            "a slot given back is free again"
        );
    }

    #[test]
    fn an_idle_address_is_forgotten_and_zero_means_no_limit() {
        let in_flight = InFlight::new(1);
        drop(in_flight.take([3; 16]));
        assert!(in_flight.counts.lock().unwrap().is_empty());
        let unlimited = InFlight::new(0);
        let slots: Vec<_> = (0..100).filter_map(|_| unlimited.take([4; 16])).collect();
        assert_eq!(slots.len(), 100);
    }
}
