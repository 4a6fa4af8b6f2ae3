use serde_json::{Value, json};

use upprop_core::Locale;

use crate::helpers::{PETITION, TestApp, consent_text, consents, on_both_engines, signature};

async fn error_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (
        status,
        response.json::<Value>().await.unwrap()["error"].clone(),
    )
}

on_both_engines! {
    async fn invalid_fields_are_refused_with_their_code_and_nothing_is_stored(engine) {
        let app = TestApp::spawn(engine).await;
        let organizer = consent_text("consent_organizer", Locale::Sv);
        let cases = [
            (json!({ "email": "anna@" }), "email", "invalid_email"),
            (json!({ "first_name": "  " }), "first_name", "required"),
            (json!({ "last_name": "<script>" }), "last_name", "invalid_characters"),
            (json!({ "postal_code": "1234" }), "postal_code", "invalid_postal_code"),
            (json!({ "comment": "x".repeat(501) }), "comment", "too_long"),
            (json!({ "consents": consents(false, true, Locale::Sv) }), "consent_organizer", "consent_required"),
            (
                json!({ "consents": [
                    { "id": "consent_organizer", "text": organizer.clone(), "given": true },
                    { "id": "consent_sell_data", "text": "Sälj", "given": true }
                ] }),
                "consent_sell_data",
                "unknown_consent",
            ),
            // Recorded in other words than the petition's: not what the signer was shown.
            (
                json!({ "consents": [{ "id": "consent_organizer", "text": "Jag godkänner allt.", "given": true }] }),
                "consent_organizer",
                "unknown_consent",
            ),
            // The same consent twice (declined, then given): one answer per question.
            (
                json!({ "consents": [
                    { "id": "consent_organizer", "text": organizer.clone(), "given": false },
                    { "id": "consent_organizer", "text": organizer.clone(), "given": true }
                ] }),
                "consent_organizer",
                "unknown_consent",
            ),
            // A NUL in the page address would make PostgreSQL refuse the row.
            (json!({ "source": { "url": "https://partner.example/\u{0}" } }), "source", "invalid_characters"),
            // The English words on a Swedish signature.
            (json!({ "consents": consents(true, false, Locale::En) }), "consent_organizer", "unknown_consent"),
        ];
        for (overrides, field, code) in cases {
            let (status, error) = error_of(app.post_signature(&signature(overrides)).await).await;
            assert_eq!(status, 422, "{code}");
            assert_eq!((error["field"].as_str(), error["code"].as_str()), (Some(field), Some(code)));
            assert!(!error["message"].as_str().unwrap().is_empty());
        }
        assert_eq!(app.stats().await["unconfirmed"], 0);
        app.mail.assert_quiet().await;
    }

    async fn an_unknown_petition_is_404(engine) {
        let app = TestApp::spawn(engine).await;
        let response = app
            .client
            .post(app.url("/api/v1/petitions/no-such-petition/signatures"))
            .json(&signature(json!({})))
            .send()
            .await
            .unwrap();
        let (status, error) = error_of(response).await;
        assert_eq!((status, error["code"].as_str()), (404, Some("petition_not_found")));
        let (status, _) = error_of(app.client.get(app.url("/api/v1/petitions/no-such-petition")).send().await.unwrap()).await;
        assert_eq!(status, 404);
    }

    async fn bodies_that_are_not_a_signature_are_refused(engine) {
        let app = TestApp::spawn(engine).await;
        let url = app.url(&format!("/api/v1/petitions/{PETITION}/signatures"));
        let post = |body: String, content_type: &'static str| {
            app.client.post(&url).header("content-type", content_type).body(body).send()
        };
        let too_large = signature(json!({ "comment": "x".repeat(20_000) })).to_string();
        for (response, status, code) in [
            (post(too_large, "application/json").await.unwrap(), 413, "body_too_large"),
            (post("first_name=Anna".into(), "application/x-www-form-urlencoded").await.unwrap(), 415, "unsupported_media_type"),
            (post("{\"id\": ".into(), "application/json").await.unwrap(), 400, "malformed_json"),
            (post("{\"first_name\": \"Anna\"}".into(), "application/json").await.unwrap(), 400, "malformed_json"),
            (post(signature(json!({ "locale": "de" })).to_string(), "application/json").await.unwrap(), 400, "malformed_json"),
        ] {
            let (actual, error) = error_of(response).await;
            assert_eq!((actual, error["code"].as_str()), (status, Some(code)));
        }
        assert_eq!(app.stats().await["unconfirmed"], 0);
    }

    async fn one_address_sending_too_much_is_told_when_to_retry(engine) {
        let app = TestApp::spawn_with(engine, &[("--signatures-per-minute", "3")]).await;
        for n in 0..3 {
            let body = signature(json!({ "email": format!("s{n}@example.se") }));
            assert_eq!(app.post_signature(&body).await.status(), 202);
        }
        let response = app
            .client
            .post(app.url(&format!("/api/v1/petitions/{PETITION}/signatures")))
            .header("origin", "https://partner.example")
            .json(&signature(json!({ "email": "s9@example.se" })))
            .send()
            .await
            .unwrap();
        let retry_after: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=20).contains(&retry_after), "{retry_after}");
        // A widget on another origin may read it, to wait that long before sending again.
        let exposed = response.headers()["access-control-expose-headers"].to_str().unwrap();
        assert!(exposed.to_ascii_lowercase().contains("retry-after"), "{exposed}");
        let (status, error) = error_of(response).await;
        assert_eq!((status, error["code"].as_str()), (429, Some("rate_limited")));
        assert_eq!(app.stats().await["unconfirmed"], 3);
    }

    async fn an_unknown_link_shows_a_page_not_an_error(engine) {
        let app = TestApp::spawn(engine).await;
        for path in ["/confirm/not-a-token", "/withdraw/not-a-token?lang=en"] {
            let response = app.client.get(app.url(path)).send().await.unwrap();
            assert_eq!(response.status(), 404);
            assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        }
        let english = app.client.get(app.url("/withdraw/not-a-token?lang=en")).send().await.unwrap();
        assert!(english.text().await.unwrap().contains("This link no longer works"));
    }
}

on_both_engines! {
    async fn a_full_write_queue_answers_503_at_once_and_the_retry_counts_once(engine) {
        let app = std::sync::Arc::new(
            TestApp::spawn_with(engine, &[("--signatures-per-minute", "0"), ("--write-queue", "2")]).await,
        );
        app.hold_write_lock(engine, std::time::Duration::from_millis(1500)).await;
        let bodies: Vec<Value> = (0..12).map(|n| signature(json!({ "email": format!("queue{n}@example.se") }))).collect();
        let sent = bodies.iter().cloned().map(|body| {
            let app = app.clone();
            tokio::spawn(async move { app.post_signature(&body).await })
        }).collect::<Vec<_>>();
        let mut refused = Vec::new();
        for (body, response) in bodies.iter().zip(sent) {
            let response = response.await.unwrap();
            match response.status().as_u16() {
                202 => {}
                503 => {
                    assert_eq!(response.headers()["retry-after"], "2");
                    let (_, error) = error_of(response).await;
                    assert_eq!(error["code"], "overloaded");
                    refused.push(body.clone());
                }
                other => panic!("unexpected {other}"),
            }
        }
        assert!(!refused.is_empty(), "a queue of 2 cannot take 12 at once");
        for body in &refused {
            assert_eq!(app.post_signature(body).await.status(), 202, "the widget's retry");
        }
        assert_eq!(app.stats().await["unconfirmed"], 12, "every signature stored once");
    }

    async fn a_database_that_does_not_answer_in_time_gives_503_and_the_retry_counts_once(engine) {
        let app = TestApp::spawn_with(engine, &[("--write-timeout", "1")]).await;
        app.hold_write_lock(engine, std::time::Duration::from_millis(2500)).await;
        let body = signature(json!({}));
        let started = std::time::Instant::now();
        let (status, error) = error_of(app.post_signature(&body).await).await;
        assert_eq!((status, error["code"].as_str()), (503, Some("overloaded")));
        assert!(started.elapsed() < std::time::Duration::from_millis(2400), "it did not wait for the lock");
        tokio::time::sleep(std::time::Duration::from_millis(2000)).await;
        assert_eq!(app.post_signature(&body).await.status(), 202);
        app.mail.next().await;
        app.mail.assert_quiet().await;
        assert_eq!(app.stats().await["unconfirmed"], 1);
    }

    async fn past_the_cap_on_concurrent_requests_the_server_answers_503_at_once(engine) {
        let app = std::sync::Arc::new(TestApp::spawn_with(engine, &[("--max-concurrent-requests", "1")]).await);
        app.hold_write_lock(engine, std::time::Duration::from_millis(1500)).await;
        let waiting = {
            let app = app.clone();
            tokio::spawn(async move { app.post_signature(&signature(json!({}))).await.status() })
        };
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        // From another address: one address may hold only its share of the slots.
        let elsewhere = reqwest::Client::builder().local_address(std::net::IpAddr::from([127, 0, 0, 2])).build().unwrap();
        let (status, error) = error_of(elsewhere.get(app.url(&format!("/api/v1/petitions/{PETITION}"))).send().await.unwrap()).await;
        assert_eq!((status, error["code"].as_str()), (503, Some("overloaded")));
        assert_eq!(waiting.await.unwrap(), 202, "the request in flight is answered");
    }
}

#[tokio::test]
async fn behind_two_trusted_proxies_the_rate_limit_counts_the_client_not_a_forged_entry() {
    let app = TestApp::spawn_with(
        crate::helpers::Engine::Sqlite,
        &[("--signatures-per-minute", "1"), ("--trusted-proxies", "2")],
    )
    .await;
    let sign = |n: u32, forwarded: &'static str| {
        let body = signature(json!({ "email": format!("p{n}@example.se") }));
        app.client
            .post(app.url(&format!("/api/v1/petitions/{PETITION}/signatures")))
            .header("x-forwarded-for", forwarded)
            .json(&body)
            .send()
    };
    // The client (203.0.113.9) varies the entry it writes itself; the CDN's is what counts.
    let first = sign(0, "198.51.100.1, 203.0.113.9, 192.0.2.10")
        .await
        .unwrap();
    assert_eq!(first.status(), 202);
    let forged = sign(1, "198.51.100.2, 203.0.113.9, 192.0.2.10")
        .await
        .unwrap();
    assert_eq!(
        forged.status(),
        429,
        "a forged leftmost entry does not make a new client"
    );
    let other = sign(2, "198.51.100.2, 203.0.113.77, 192.0.2.10")
        .await
        .unwrap();
    assert_eq!(
        other.status(),
        202,
        "another client behind the same proxies"
    );
}

on_both_engines! {
    async fn hostile_text_is_refused_with_its_code_or_kept_as_given_and_escaped_where_shown(engine) {
        let app = TestApp::spawn(engine).await;
        for (field, hostile) in [
            ("first_name", "Anna\u{202E}nossvenS"),
            ("last_name", "Sven\u{200B}sson"),
            ("comment", "Z\u{0301}\u{0301}\u{0301}\u{0301}algo"),
            ("comment", "nul\u{0}byte"),
        ] {
            let (status, error) = error_of(app.post_signature(&signature(json!({ field: hostile }))).await).await;
            assert_eq!((status, error["field"].as_str(), error["code"].as_str()), (422, Some(field), Some("invalid_characters")), "{hostile:?}");
        }
        assert_eq!(app.stats().await["unconfirmed"], 0);

        // Markup characters in a name or comment are text: stored as typed, escaped where shown.
        let body = signature(json!({ "first_name": "O'Brien & Söner", "comment": "<b>Viktigt</b> & \"bra\" 👍🏽" }));
        assert_eq!(app.post_signature(&body).await.status(), 202);
        let links = app.mail.next().await.links();
        let page = app.client.get(&links.confirm).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("O'Brien &amp; Söner"), "{page}");
        assert!(!page.contains("O'Brien & Söner"));
        app.confirm(&links.confirm).await;
        let export = app.admin_get("signatures.csv").await.text().await.unwrap();
        assert!(export.contains("\"<b>Viktigt</b> & \"\"bra\"\" 👍🏽\""), "kept as given, quoted for CSV: {export}");
    }
}
