//! Slow and greedy clients: a request's headers and its body must each arrive within
//! `--slow-client-timeout`, however they are paced, and one address holds at most
//! `--max-requests-per-client` of the server's slots, so others still sign.

use std::net::IpAddr;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::helpers::{PETITION, TestApp, signature};

/// Opens a connection to `app` and writes `bytes`, then nothing more.
async fn trickle(app: &TestApp, bytes: &str) -> TcpStream {
    trickle_from(app, LOOPBACK, bytes).await
}

const LOOPBACK: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);
/// Another address on this machine: all of 127.0.0.0/8 is loopback.
const ANOTHER: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 2));

/// The same, from the local address `from`.
async fn trickle_from(app: &TestApp, from: IpAddr, bytes: &str) -> TcpStream {
    let address = app.address.trim_start_matches("http://").parse().unwrap();
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind((from, 0).into()).unwrap();
    let mut stream = socket.connect(address).await.unwrap();
    stream.write_all(bytes.as_bytes()).await.unwrap();
    stream
}

/// A signature's request line and headers, promising a body of 500 bytes, and its start.
fn slow_signing() -> String {
    format!(
        "POST /api/v1/petitions/{PETITION}/signatures HTTP/1.1\r\nHost: x\r\n\
         Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{{\"id\":"
    )
}

/// The status of the petition's answer now.
/// The status of the petition's answer, asked from another address than the slow clients':
/// one address may hold no more than its share, and here it is another's turn.
async fn petition_status(app: &TestApp) -> u16 {
    let url = app.url(&format!("/api/v1/petitions/{PETITION}"));
    let elsewhere = reqwest::Client::builder()
        .local_address(ANOTHER)
        .build()
        .unwrap();
    elsewhere.get(url).send().await.unwrap().status().as_u16()
}

/// What the server answered on `stream` within `wait`, as text ("" if nothing came).
async fn answer_within(stream: &mut TcpStream, wait: Duration) -> String {
    let mut answer = vec![0; 4096];
    match tokio::time::timeout(wait, stream.read(&mut answer)).await {
        Ok(Ok(read)) => String::from_utf8_lossy(&answer[..read]).into_owned(),
        _ => String::new(),
    }
}

#[tokio::test]
async fn a_client_that_trickles_its_headers_is_disconnected() {
    let app = TestApp::spawn_with(
        crate::helpers::Engine::Sqlite,
        &[("--slow-client-timeout", "1")],
    )
    .await;
    let mut stream = trickle(
        &app,
        "GET /api/v1/petitions/upprop-socialtjansten HTTP/1.1\r\nHost: x\r\n",
    )
    .await;
    let mut answer = Vec::new();
    let closed = tokio::time::timeout(
        std::time::Duration::from_secs(4),
        stream.read_to_end(&mut answer),
    )
    .await;
    assert!(closed.is_ok(), "the connection was still open after 4 s");
}

#[tokio::test]
async fn a_client_that_trickles_its_body_loses_its_slot_to_the_next_one() {
    let app = TestApp::spawn_with(
        crate::helpers::Engine::Sqlite,
        &[
            ("--slow-client-timeout", "1"),
            ("--max-concurrent-requests", "1"),
        ],
    )
    .await;
    let _slow = trickle(&app, &slow_signing()).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        petition_status(&app).await,
        503,
        "the slow request holds the only slot"
    );
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(
        petition_status(&app).await,
        200,
        "the slow body timed out and gave the slot back"
    );
}

#[tokio::test]
async fn a_body_trickled_a_byte_at_a_time_is_cut_off_at_its_deadline() {
    let app = TestApp::spawn_with(
        crate::helpers::Engine::Sqlite,
        &[
            ("--slow-client-timeout", "1"),
            ("--max-concurrent-requests", "1"),
        ],
    )
    .await;
    let mut slow = trickle(&app, &slow_signing()).await;
    // A byte every 300 ms: never idle long enough for a timer that starts again on each one.
    let (mut reading, mut writing) = slow.split();
    let trickling = async {
        for _ in 0..10 {
            tokio::time::sleep(Duration::from_millis(300)).await;
            if writing.write_all(b" ").await.is_err() {
                break;
            }
        }
    };
    let checking = async {
        tokio::time::sleep(Duration::from_millis(1600)).await;
        let freed = petition_status(&app).await;
        assert_eq!(freed, 200, "the trickled body no longer holds the slot");
        let mut answer = vec![0; 4096];
        let read = reading.read(&mut answer).await.unwrap();
        String::from_utf8_lossy(&answer[..read]).into_owned()
    };
    let ((), answer) = tokio::join!(trickling, checking);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains(r#""code":"request_timeout""#), "{answer}");
}

#[tokio::test]
async fn one_address_with_slow_sockets_cannot_take_the_slots_another_signs_with() {
    let app = TestApp::spawn_with(
        crate::helpers::Engine::Sqlite,
        &[
            ("--slow-client-timeout", "30"),
            // As in the report; the share per address is left at its default (64), of which
            // a quarter of the eight slots is what one address gets.
            ("--max-concurrent-requests", "8"),
        ],
    )
    .await;
    let mut sockets = Vec::new();
    for _ in 0..8 {
        sockets.push(trickle(&app, &slow_signing()).await);
    }
    let mut refused = 0;
    for socket in &mut sockets {
        let answer = answer_within(socket, Duration::from_millis(500)).await;
        if !answer.is_empty() {
            assert!(answer.starts_with("HTTP/1.1 429"), "{answer}");
            assert!(
                answer.contains(r#""code":"too_many_in_flight""#),
                "{answer}"
            );
            assert!(
                answer.to_ascii_lowercase().contains("retry-after:"),
                "{answer}"
            );
            refused += 1;
        }
    }
    assert_eq!(
        refused, 6,
        "two held (a quarter of eight), the other six refused at once"
    );

    // Meanwhile a signer at another address signs, and the landing page opens.
    let elsewhere = reqwest::Client::builder()
        .local_address(ANOTHER)
        .build()
        .unwrap();
    let signed = elsewhere
        .post(app.url(&format!("/api/v1/petitions/{PETITION}/signatures")))
        .json(&signature(
            serde_json::json!({ "email": "annan@example.se" }),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), 202);
    let landing = elsewhere
        .get(app.url(&format!("/p/{PETITION}")))
        .send()
        .await
        .unwrap();
    assert_eq!(landing.status(), 200);
    // The slow address itself gets nothing more until its own requests end.
    let own = app
        .client
        .get(app.url(&format!("/api/v1/petitions/{PETITION}")))
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 429);
    let body: Value = own.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_in_flight");
}
