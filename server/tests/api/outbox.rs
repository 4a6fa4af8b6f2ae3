//! The outbox against a real SMTP listener that misbehaves: down, then refusing for a while,
//! then accepting; shared by two servers; refusing one address for ever.

use std::time::Duration;

use serde_json::json;

use crate::helpers::{CapturedMail, MailCatcher, TestApp, on_both_engines, signature};

/// An address on loopback where nothing listens yet.
fn unused_address() -> std::net::SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

/// Every mail the catcher receives within `within`, until `count` have come.
async fn receive(catcher: &MailCatcher, count: usize, within: Duration) -> Vec<CapturedMail> {
    let mut received = Vec::new();
    let deadline = tokio::time::Instant::now() + within;
    while received.len() < count && tokio::time::Instant::now() < deadline {
        if let Ok(mail) = tokio::time::timeout(
            Duration::from_secs(1),
            catcher.next_within(Duration::from_secs(1)),
        )
        .await
        {
            received.extend(mail);
        }
    }
    received
}

on_both_engines! {
    async fn mail_queued_while_the_mail_server_was_down_then_refusing_is_delivered_once_it_recovers(engine) {
        let smtp = unused_address();
        let app = TestApp::spawn_with(engine, &[
            ("--smtp-url", &format!("smtp://{smtp}")),
            ("--mail-retry-after", "1"),
        ]).await;
        for n in 0..3 {
            let body = signature(json!({ "email": format!("down{n}@example.se") }));
            assert_eq!(app.post_signature(&body).await.status(), 202, "signing does not wait for mail");
        }
        // Connection refused for a while, then a server that answers 451, then one that accepts.
        tokio::time::sleep(Duration::from_millis(2500)).await;
        let catcher = MailCatcher::start_on(smtp).await;
        catcher.fail_temporarily(true);
        tokio::time::sleep(Duration::from_millis(3000)).await;
        catcher.fail_temporarily(false);
        assert!(catcher.temporary_failures() > 0, "the retries met the 451 phase");
        let mails = receive(&catcher, 3, Duration::from_secs(30)).await;
        let mut recipients: Vec<&str> = mails.iter().map(|mail| mail.to.as_str()).collect();
        recipients.sort_unstable();
        assert_eq!(recipients, ["down0@example.se", "down1@example.se", "down2@example.se"]);
        catcher.assert_quiet().await;
        assert_eq!(app.stats().await["undeliverable_mail"], 0);
    }

    // Ten minutes at the default first retry (30 s) is 20 s at 1 s: the retries' schedule
    // is the same, thirty times faster. Mail is queued before the outage and all through it.
    async fn the_mail_server_down_for_ten_minutes_delivers_every_confirmation_once_afterwards(engine) {
        const SPEED_UP: u64 = 30;
        let down_for = Duration::from_secs(10 * 60 / SPEED_UP);
        let smtp = unused_address();
        let app = TestApp::spawn_with(engine, &[
            ("--smtp-url", &format!("smtp://{smtp}")),
            ("--mail-retry-after", &(30 / SPEED_UP).to_string()),
        ]).await;
        let started = tokio::time::Instant::now();
        let mut expected = Vec::new();
        let mut n = 0;
        while started.elapsed() < down_for {
            let email = format!("outage{n}@example.se");
            let body = signature(json!({ "email": email }));
            assert_eq!(app.post_signature(&body).await.status(), 202, "signing does not wait for mail");
            expected.push(email);
            n += 1;
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
        let catcher = MailCatcher::start_on(smtp).await;
        // The first mail's retries are then 16 s apart: all are in within two such pauses.
        let mails = receive(&catcher, expected.len(), Duration::from_secs(40)).await;
        let mut recipients: Vec<String> = mails.into_iter().map(|mail| mail.to).collect();
        recipients.sort_unstable();
        expected.sort_unstable();
        assert_eq!(recipients, expected, "every confirmation, each once");
        catcher.assert_quiet().await;
        assert_eq!(app.stats().await["undeliverable_mail"], 0, "none given up on");
    }

    async fn two_servers_sharing_one_outbox_send_each_mail_once(engine) {
        let first = TestApp::spawn(engine).await;
        let smtp = format!("smtp://{}", first.mail.address);
        let second = TestApp::spawn_with(engine, &[
            ("--database-url", first.database_url()),
            ("--smtp-url", &smtp),
        ]).await;
        for n in 0..30 {
            let server = if n % 2 == 0 { &first } else { &second };
            let body = signature(json!({ "email": format!("shared{n}@example.se") }));
            assert_eq!(server.post_signature(&body).await.status(), 202);
        }
        let mails = receive(&first.mail, 30, Duration::from_secs(30)).await;
        let mut recipients: Vec<String> = mails.into_iter().map(|mail| mail.to).collect();
        recipients.sort_unstable();
        recipients.dedup();
        assert_eq!(recipients.len(), 30, "every mail once");
        first.mail.assert_quiet().await;
    }

    async fn a_mail_the_server_refuses_for_good_is_given_up_at_once_and_shown_to_the_organiser(engine) {
        let app = TestApp::spawn_with(engine, &[("--mail-retry-after", "1")]).await;
        app.mail.refuse("bounce@example.se");
        for email in ["bounce@example.se", "fine@example.se"] {
            assert_eq!(app.post_signature(&signature(json!({ "email": email }))).await.status(), 202);
        }
        let delivered = receive(&app.mail, 1, Duration::from_secs(10)).await;
        assert_eq!(delivered[0].to, "fine@example.se");
        let mut undeliverable = 0;
        for _ in 0..50 {
            undeliverable = app.stats().await["undeliverable_mail"].as_u64().unwrap();
            if undeliverable == 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(undeliverable, 1, "given up at the first 550, not retried for hours");
        app.mail.assert_quiet().await;
    }
}

#[tokio::test]
async fn mail_keeps_flowing_while_signatures_pour_in() {
    let app = std::sync::Arc::new(
        TestApp::spawn_with(
            crate::helpers::Engine::Sqlite,
            &[
                ("--signatures-per-minute", "0"),
                ("--signatures-per-mail-domain-per-hour", "0"),
            ],
        )
        .await,
    );
    let pouring = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let signers: Vec<_> = (0..32)
        .map(|signer| {
            let (app, pouring) = (app.clone(), pouring.clone());
            tokio::spawn(async move {
                let mut n = 0;
                while pouring.load(std::sync::atomic::Ordering::Relaxed) {
                    let email = format!("flood{signer}-{n}@example.se");
                    app.post_signature(&signature(json!({ "email": email })))
                        .await;
                    n += 1;
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(500)).await;
    // While the signing goes on, confirmation mail still arrives (the sender gives way to the
    // writer, but sends a round at least once a second).
    let during = app.mail.next_within(Duration::from_secs(3)).await;
    pouring.store(false, std::sync::atomic::Ordering::Relaxed);
    for signer in signers {
        signer.await.unwrap();
    }
    assert!(during.is_some(), "no mail while signatures poured in");
}
