//! The address a request comes from, as an extractor: the peer, or behind trusted reverse
//! proxies the address the outermost trusted proxy saw. Each proxy appends the address it
//! received the request from to `X-Forwarded-For`, so with N trusted proxies in front the
//! client is the N-th entry from the right; anything further left was written by the client
//! itself and is never believed.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::state::AppState;

pub struct ClientAddress(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |ConnectInfo(peer)| peer.ip());
        Ok(Self(client_address(
            peer,
            &parts.headers,
            state.trusted_proxies,
        )))
    }
}

fn client_address(peer: IpAddr, headers: &HeaderMap, trusted_proxies: usize) -> IpAddr {
    if trusted_proxies == 0 {
        return peer;
    }
    // Several headers count as one list, in order.
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    // Fewer entries than proxies: the request skipped the outer ones; the leftmost entry was
    // still written by a trusted proxy.
    let index = entries.len().saturating_sub(trusted_proxies);
    entries
        .get(index)
        .and_then(|entry| entry.parse().ok())
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    const PEER: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1));

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        assert_eq!(client_address(PEER, &headers(&["203.0.113.9"]), 0), PEER);
    }

    #[test]
    fn behind_a_cdn_and_a_load_balancer_the_client_is_two_from_the_right() {
        // The client forged an entry; the CDN appended the client, the balancer the CDN.
        let forwarded = headers(&["198.51.100.66, 203.0.113.9, 192.0.2.10"]);
        assert_eq!(client_address(PEER, &forwarded, 2), ip("203.0.113.9"));
        assert_eq!(client_address(PEER, &forwarded, 1), ip("192.0.2.10"));
        let split = headers(&["198.51.100.66", "203.0.113.9, 192.0.2.10"]);
        assert_eq!(client_address(PEER, &split, 2), ip("203.0.113.9"));
    }

    #[test]
    fn a_short_or_broken_header_falls_back_sensibly() {
        assert_eq!(
            client_address(PEER, &headers(&["2001:db8::1"]), 2),
            ip("2001:db8::1")
        );
        assert_eq!(client_address(PEER, &headers(&["not an address"]), 1), PEER);
        assert_eq!(client_address(PEER, &HeaderMap::new(), 1), PEER);
    }
}
