//! What one client may hold of the server: its request's body must arrive whole within a
//! deadline, however it is paced, and one address has at most so many requests in flight.
//! Without both, a few sockets that each send a byte every few seconds would hold every slot
//! of the global cap, and the landing page, signing and the dashboard would answer 503 to
//! everyone else.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::{Frame, SizeHint};
use tokio::sync::oneshot;

use super::client_address::ClientAddress;
use crate::api_error::Failure;
use crate::state::AppState;

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
