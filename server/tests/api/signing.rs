use serde_json::json;

use crate::helpers::{TestApp, consents, on_both_engines, signature};

on_both_engines! {
    async fn a_signature_is_confirmed_by_mail_and_then_counted(engine) {
        let app = TestApp::spawn(engine).await;
        let response = app.post_signature(&signature(json!({}))).await;
        assert_eq!(response.status(), 202);
        assert_eq!(response.json::<serde_json::Value>().await.unwrap(), json!({ "status": "pending_confirmation" }));
        assert_eq!(app.confirmed_count().await, 0, "unconfirmed signatures do not count");

        let mail = app.mail.next().await;
        assert_eq!(mail.to, "anna.svensson@example.se");
        assert!(mail.body.starts_with("Hej!"), "{}", mail.body);
        assert!(!mail.body.contains("Anna"), "a free-text name is never mailed: {}", mail.body);
        let links = mail.links();
        let page = app.confirm(&links.confirm).await;
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains("Din underskrift är bekräftad"));
        assert_eq!(app.confirmed_count().await, 1);
    }

    async fn the_mail_has_what_spam_filters_look_for_a_message_id_a_date_and_text_and_html(engine) {
        let app = TestApp::spawn(engine).await;
        app.post_signature(&signature(json!({}))).await;
        let mail = app.mail.next().await;
        assert!(mail.message_id.starts_with('<') && mail.message_id.ends_with("@example.org>"), "{}", mail.message_id);
        assert!(!mail.date.is_empty(), "a Date header");
        let links = mail.links();
        assert!(mail.html.contains(&format!(r#"<a href="{}">"#, links.confirm)), "{}", mail.html);
        assert!(mail.html.contains("&quot;Upprop Socialtjänsten&quot;"), "text is escaped: {}", mail.html);
        let second = {
            app.post_signature(&signature(json!({ "email": "bo@example.se" }))).await;
            app.mail.next().await
        };
        assert_ne!(second.message_id, mail.message_id, "every message its own id");
    }

    async fn a_retried_request_changes_nothing_and_gets_the_same_answer(engine) {
        let app = TestApp::spawn(engine).await;
        let body = signature(json!({}));
        let first = app.post_signature(&body).await;
        let second = app.post_signature(&body).await;
        assert_eq!((first.status(), second.status()), (reqwest::StatusCode::ACCEPTED, reqwest::StatusCode::ACCEPTED));
        assert_eq!(first.text().await.unwrap(), second.text().await.unwrap());
        app.mail.next().await;
        app.mail.assert_quiet().await;
        assert_eq!(app.stats().await["unconfirmed"], 1);
    }

    async fn the_same_address_signs_once_and_the_answer_does_not_tell(engine) {
        let app = TestApp::spawn(engine).await;
        app.sign_and_confirm(&signature(json!({}))).await;

        let repeat = signature(json!({ "email": "  ANNA.Svensson@Example.SE ", "first_name": "Someone" }));
        let response = app.post_signature(&repeat).await;
        assert_eq!(response.status(), 202);
        assert_eq!(response.json::<serde_json::Value>().await.unwrap(), json!({ "status": "pending_confirmation" }));

        let notice = app.mail.next().await;
        assert_eq!(notice.to, "ANNA.Svensson@Example.SE");
        assert!(notice.body.contains("redan en bekräftad underskrift"), "{}", notice.body);
        assert_eq!(app.confirmed_count().await, 1);
        assert_eq!(app.stats().await["unconfirmed"], 0);

        // Repeats within a day are not mailed again, so nobody can flood an inbox.
        assert_eq!(app.post_signature(&signature(json!({ "email": "anna.svensson@example.se" }))).await.status(), 202);
        app.mail.assert_quiet().await;
    }

    async fn signing_again_before_confirming_sends_a_fresh_confirmation(engine) {
        let app = TestApp::spawn(engine).await;
        assert_eq!(app.post_signature(&signature(json!({}))).await.status(), 202);
        let lost = app.mail.next().await.links();
        assert_eq!(app.post_signature(&signature(json!({}))).await.status(), 202);
        let fresh = app.mail.next().await.links();
        assert_ne!(lost.confirm, fresh.confirm);

        assert_eq!(app.confirm(&lost.confirm).await.status(), 404);
        assert_eq!(app.confirm(&fresh.confirm).await.status(), 200);
        assert_eq!(app.confirmed_count().await, 1);
    }

    async fn withdrawing_erases_the_signature_and_uncounts_it(engine) {
        let app = TestApp::spawn(engine).await;
        let links = app.sign_and_confirm(&signature(json!({}))).await;
        assert_eq!(app.confirmed_count().await, 1);

        let prompt = app.client.get(&links.withdraw).send().await.unwrap();
        assert_eq!(prompt.status(), 200);
        assert!(prompt.text().await.unwrap().contains(r#"method="post""#), "GET only asks");
        assert_eq!(app.confirmed_count().await, 1);

        let done = app.client.post(&links.withdraw).send().await.unwrap();
        assert_eq!(done.status(), 200);
        assert!(done.text().await.unwrap().contains("Din underskrift är borttagen"));
        assert_eq!(app.confirmed_count().await, 0);
        let export = app.admin_get("signatures.csv").await.text().await.unwrap();
        assert!(!export.contains("anna.svensson@example.se"), "the personal data is gone");
        assert_eq!(app.client.post(&links.withdraw).send().await.unwrap().status(), 404);

        // Erased means erased: the address may sign again.
        app.sign_and_confirm(&signature(json!({}))).await;
        assert_eq!(app.confirmed_count().await, 1);
    }

    async fn links_mailed_before_tokens_carried_their_time_still_confirm_and_withdraw(engine) {
        use base64::Engine as _;
        use sha2::Digest as _;
        let app = TestApp::spawn(engine).await;
        assert_eq!(app.post_signature(&signature(json!({}))).await.status(), 202);
        let links = app.mail.next().await.links();
        let token = |link: &str| link.rsplit('/').next().unwrap().to_owned();
        assert_eq!(token(&links.confirm).len(), 12 + 43, "the time, then the secret: {}", links.confirm);

        // As stored before: the SHA-256 of a secret alone.
        let old_hash = |secret: &str| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(secret.as_bytes()))
        };
        let (confirm, withdraw) = ("A".repeat(43), "B".repeat(43));
        app.execute_sql(&format!(
            "UPDATE signatures SET confirm_token_hash = '{}', withdraw_token_hash = '{}'",
            old_hash(&confirm), old_hash(&withdraw)
        )).await;
        assert_eq!(app.confirm(&links.confirm).await.status(), 404, "replaced");
        assert_eq!(app.client.get(app.url(&format!("/confirm/{confirm}"))).send().await.unwrap().status(), 200);
        let confirmed = app.confirm(&app.url(&format!("/confirm/{confirm}"))).await;
        assert!(confirmed.text().await.unwrap().contains("Din underskrift är bekräftad"));
        assert_eq!(app.confirmed_count().await, 1);
        let withdrawn = app.client.post(app.url(&format!("/withdraw/{withdraw}"))).send().await.unwrap();
        assert_eq!(withdrawn.status(), 200);
        assert_eq!(app.confirmed_count().await, 0);
    }

    async fn mail_goes_out_in_the_signers_language(engine) {
        let app = TestApp::spawn(engine).await;
        let english = signature(json!({ "locale": "en", "first_name": "Emma" }));
        assert_eq!(app.post_signature(&english).await.status(), 202);
        let mail = app.mail.next().await;
        assert!(mail.body.starts_with("Hello,") && !mail.body.contains("Emma"), "{}", mail.body);
        let page = app.confirm(&mail.links().confirm).await;
        assert!(page.text().await.unwrap().contains("Your signature is confirmed"));
    }

    async fn a_mail_server_that_is_down_does_not_hold_up_signing(engine) {
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
        let smtp = format!("smtp://{closed}");
        let app = TestApp::spawn_with(engine, &[("--smtp-url", &smtp)]).await;
        for n in 0..5 {
            let body = signature(json!({ "email": format!("signer{n}@example.se") }));
            assert_eq!(app.post_signature(&body).await.status(), 202);
        }
        assert_eq!(app.stats().await["unconfirmed"], 5, "every signature is stored");
    }

    async fn a_database_failure_is_a_retryable_500_and_the_retry_counts_once(engine) {
        let app = TestApp::spawn(engine).await;
        let body = signature(json!({}));
        app.execute_sql("ALTER TABLE signatures RENAME TO signatures_away").await;
        let failed = app.post_signature(&body).await;
        assert_eq!(failed.status(), 500);
        let error: serde_json::Value = failed.json().await.unwrap();
        assert_eq!(error["error"]["code"], "internal");

        app.execute_sql("ALTER TABLE signatures_away RENAME TO signatures").await;
        assert_eq!(app.post_signature(&body).await.status(), 202, "the widget's retry");
        app.mail.next().await;
        app.mail.assert_quiet().await;
        assert_eq!(app.stats().await["unconfirmed"], 1);
    }

    async fn concurrent_signatures_are_all_stored_once(engine) {
        let app = std::sync::Arc::new(TestApp::spawn_with(engine, &[("--signatures-per-minute", "0"), ("--max-requests-per-client", "0")]).await);
        let requests = (0..200).map(|n| {
            let app = app.clone();
            tokio::spawn(async move {
                // Every tenth request repeats one address, every fifth is sent twice: both count once.
                let email = if n % 10 == 0 { "same@example.se".to_owned() } else { format!("signer{n}@example.se") };
                let body = signature(json!({ "email": email }));
                let status = app.post_signature(&body).await.status();
                let replay = if n % 5 == 0 { Some(app.post_signature(&body).await.status()) } else { None };
                (status, replay)
            })
        }).collect::<Vec<_>>();
        for request in requests {
            let (status, replay) = request.await.unwrap();
            assert_eq!(status, 202);
            assert!(replay.is_none_or(|status| status == 202));
        }
        let distinct_addresses = (0..200).filter(|n| n % 10 != 0).count() + 1;
        assert_eq!(app.stats().await["unconfirmed"], distinct_addresses as u64);
    }
}

on_both_engines! {
    async fn signing_an_unconfirmed_address_again_replaces_the_first_requests_data(engine) {
        let app = TestApp::spawn(engine).await;
        // Someone signs first with another person's address, a fake name and every consent.
        let forged = signature(json!({
            "first_name": "Fake", "last_name": "Name", "comment": "Ring 070-123 45 67", "public": true,
            "postal_code": "99999",
            "consents": consents(true, true, upprop_core::Locale::Sv),
        }));
        assert_eq!(app.post_signature(&forged).await.status(), 202);
        app.mail.next().await;

        // The real person signs later and confirms from their own mail.
        let real = signature(json!({ "first_name": "Anna", "comment": "", "postal_code": "", "public": false }));
        app.sign_and_confirm(&real).await;

        let export = app.admin_get("signatures.csv").await.text().await.unwrap();
        assert!(!export.contains("Fake") && !export.contains("070-123"), "{export}");
        let mut rows = csv::Reader::from_reader(export.trim_start_matches('\u{feff}').as_bytes());
        let headers = rows.headers().unwrap().clone();
        let record = rows.records().next().unwrap().unwrap();
        let column = |name: &str| record[headers.iter().position(|h| h == name).unwrap()].to_owned();
        assert_eq!(column("first_name"), "Anna");
        assert_eq!(column("public"), "no");
        assert_eq!(column("consent_updates"), "no", "the consents given by the person who confirmed");
        assert_eq!(column("postal_code"), "");
    }

    async fn a_signer_confirms_only_what_the_page_showed_and_changed_data_gets_new_links(engine) {
        let app = TestApp::spawn(engine).await;
        let victim = json!({ "email": "victim@example.org", "comment": "", "public": false });
        assert_eq!(app.post_signature(&signature(victim.clone())).await.status(), 202);
        app.mail.next().await;
        // The same again (a reload, say): mailed once more, then quiet for a while.
        assert_eq!(app.post_signature(&signature(victim.clone())).await.status(), 202);
        let second = app.mail.next().await.links();
        assert_eq!(app.post_signature(&signature(victim.clone())).await.status(), 202);
        app.mail.assert_quiet().await;

        // Within that quiet time someone else signs with the address: public, a comment and
        // the newsletter. The data changed, so new links go to the address's owner, and the
        // links mailed before no longer confirm anything.
        let changed = signature(json!({
            "email": "victim@example.org", "comment": "Inte mina ord", "public": true,
            "consents": consents(true, true, upprop_core::Locale::Sv),
        }));
        assert_eq!(app.post_signature(&changed).await.status(), 202);
        let fresh = app.mail.next().await.links();
        assert_ne!(fresh.confirm, second.confirm);
        assert_eq!(app.client.get(&second.confirm).send().await.unwrap().status(), 404);
        assert_eq!(app.confirm(&second.confirm).await.status(), 404);
        assert_eq!(app.confirmed_count().await, 0);

        // The page says everything its button confirms.
        let page = app.client.get(&fresh.confirm).send().await.unwrap().text().await.unwrap();
        for shown in [
            "Anna Svensson", "Ja, ditt namn visas", "Inte mina ord", "123 45",
            &crate::helpers::consent_text("consent_updates", upprop_core::Locale::Sv),
        ] {
            assert!(page.contains(shown), "{shown} in {page}");
        }
        assert!(page.contains("Du samtycker till"), "{page}");

        // A button whose digest is not of the data now confirms nothing, and shows it again.
        let stale = app.client.post(&fresh.confirm).form(&[("shown", "not-what-was-shown")]).send().await.unwrap();
        assert_eq!(stale.status(), 409);
        let again = stale.text().await.unwrap();
        assert!(again.contains("Uppgifterna har ändrats") && again.contains("Inte mina ord"), "{again}");
        let unsent = app.client.post(&fresh.confirm).send().await.unwrap();
        assert_eq!(unsent.status(), 200, "without a digest: the page to confirm from");
        assert!(unsent.text().await.unwrap().contains(r#"name="shown""#));
        assert_eq!(app.confirmed_count().await, 0);

        assert_eq!(app.confirm(&fresh.confirm).await.status(), 200);
        assert_eq!(app.confirmed_count().await, 1);
    }

    async fn opening_the_confirmation_link_changes_nothing_until_its_button_is_pressed(engine) {
        let app = TestApp::spawn(engine).await;
        assert_eq!(app.post_signature(&signature(json!({}))).await.status(), 202);
        let links = app.mail.next().await.links();

        // What a mail scanner does: GET and HEAD, as often as it likes.
        for _ in 0..2 {
            let page = app.client.get(&links.confirm).send().await.unwrap();
            assert_eq!(page.status(), 200);
            let html = page.text().await.unwrap();
            assert!(html.contains(r#"method="post""#), "{html}");
            assert!(html.contains("Bekräfta min underskrift"), "{html}");
            assert_eq!(app.client.head(&links.confirm).send().await.unwrap().status(), 200);
        }
        assert_eq!(app.confirmed_count().await, 0, "GET and HEAD confirm nothing");
        assert_eq!(app.stats().await["unconfirmed"], 1);

        let done = app.confirm(&links.confirm).await;
        assert_eq!(done.status(), 200);
        assert!(done.text().await.unwrap().contains("Din underskrift är bekräftad"));
        assert_eq!(app.confirmed_count().await, 1);

        // The button pressed twice, or the link opened later: counted once, and said so.
        let again = app.confirm(&links.confirm).await;
        assert_eq!(again.status(), 200);
        assert!(again.text().await.unwrap().contains("redan bekräftad"));
        let later = app.client.get(&links.confirm).send().await.unwrap().text().await.unwrap();
        assert!(later.contains("redan bekräftad") && !later.contains(r#"method="post""#), "{later}");
        assert_eq!(app.confirmed_count().await, 1);
    }

    async fn a_cross_site_post_to_a_mail_link_changes_nothing(engine) {
        let app = TestApp::spawn(engine).await;
        assert_eq!(app.post_signature(&signature(json!({}))).await.status(), 202);
        let links = app.mail.next().await.links();
        for link in [&links.confirm, &links.withdraw] {
            let forged = app.client.post(link).header("sec-fetch-site", "cross-site").send().await.unwrap();
            assert_eq!(forged.status(), 403, "{link}");
        }
        assert_eq!(app.confirmed_count().await, 0);
        assert_eq!(app.stats().await["unconfirmed"], 1, "not withdrawn either");
    }

    async fn a_confirmation_link_expires_after_thirty_days_and_says_so(engine) {
        let app = TestApp::spawn(engine).await;
        assert_eq!(app.post_signature(&signature(json!({}))).await.status(), 202);
        let links = app.mail.next().await.links();
        let thirty_days_and_a_minute_ms: i64 = (30 * 24 * 60 + 1) * 60 * 1000;
        app.execute_sql(&format!("UPDATE signatures SET signed_at = signed_at - {thirty_days_and_a_minute_ms}")).await;

        let page = app.client.get(&links.confirm).send().await.unwrap();
        assert_eq!(page.status(), 410);
        let html = page.text().await.unwrap();
        assert!(html.contains("Länken har gått ut") && !html.contains(r#"method="post""#), "{html}");
        assert_eq!(app.confirm(&links.confirm).await.status(), 410);
        assert_eq!(app.confirmed_count().await, 0);
    }
}

on_both_engines! {
    async fn a_signature_the_database_refuses_fails_alone_and_not_its_whole_batch(engine) {
        let app = std::sync::Arc::new(TestApp::spawn_with(engine, &[("--signatures-per-minute", "0"), ("--max-requests-per-client", "0")]).await);
        refuse_first_name_boom(&app, engine, "INSERT").await;
        // Everything below queues behind the lock and is written as one batch.
        app.hold_write_lock(engine, std::time::Duration::from_millis(800)).await;
        let requests = (0..41).map(|n| {
            let app = app.clone();
            tokio::spawn(async move {
                let name = if n == 20 { "Boom" } else { "Anna" };
                let body = signature(json!({ "first_name": name, "email": format!("burst{n}@example.se") }));
                (n, app.post_signature(&body).await.status())
            })
        }).collect::<Vec<_>>();
        for request in requests {
            let (n, status) = request.await.unwrap();
            assert_eq!(status, if n == 20 { 500 } else { 202 }, "signature {n}");
        }
        assert_eq!(app.stats().await["unconfirmed"], 40, "every other signature is stored");
    }
}

on_both_engines! {
    // On PostgreSQL a batch's new signatures commit in one statement before the addresses that
    // signed before are handled; when that part fails, the new ones must stay stored once and
    // mailed once, and only the signature that failed is answered with an error.
    async fn a_signing_again_that_fails_takes_nothing_from_new_signers_in_its_batch(engine) {
        let app = std::sync::Arc::new(TestApp::spawn_with(engine, &[("--signatures-per-minute", "0"), ("--max-requests-per-client", "0")]).await);
        let bo = signature(json!({ "email": "bo@example.se" }));
        assert_eq!(app.post_signature(&bo).await.status(), 202);
        app.mail.next().await;
        refuse_first_name_boom(&app, engine, "UPDATE").await;

        app.hold_write_lock(engine, std::time::Duration::from_millis(800)).await;
        let post = |body: serde_json::Value| {
            let app = app.clone();
            tokio::spawn(async move { app.post_signature(&body).await.status() })
        };
        // The writer takes the first alone and waits for the lock; the other two queue behind
        // it and are written as one batch.
        let first = post(signature(json!({ "email": "first@example.se" })));
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let anna = post(signature(json!({ "email": "anna@example.se" })));
        let bo_again = post(signature(json!({ "email": "bo@example.se", "first_name": "Boom" })));
        assert_eq!(first.await.unwrap(), 202);
        assert_eq!(anna.await.unwrap(), 202);
        assert_eq!(bo_again.await.unwrap(), 500);

        assert_eq!(app.stats().await["unconfirmed"], 3, "Bo, the first and Anna, once each");
        let mut mailed = vec![app.mail.next().await.to, app.mail.next().await.to];
        mailed.sort();
        assert_eq!(mailed, ["anna@example.se", "first@example.se"]);
        app.mail.assert_quiet().await;
    }

    async fn a_gmail_address_with_dots_or_a_tag_is_the_same_signer_and_is_mailed_as_typed(engine) {
        let app = TestApp::spawn(engine).await;
        app.sign_and_confirm(&signature(json!({ "email": "anna.svensson@gmail.com" }))).await;
        let again = signature(json!({ "email": "AnnaSvensson+upprop@googlemail.com" }));
        assert_eq!(app.post_signature(&again).await.status(), 202);
        let notice = app.mail.next().await;
        assert_eq!(notice.to, "AnnaSvensson+upprop@googlemail.com", "mail goes to the address as typed");
        assert!(notice.body.contains("redan en bekräftad underskrift"));
        assert_eq!(app.confirmed_count().await, 1);
        assert_eq!(app.stats().await["unconfirmed"], 0);
    }
}

/// Makes the database refuse to `event` (`INSERT` or `UPDATE`) a signature whose first name
/// is "Boom": a row the database refuses, whatever the reason (here a trigger, as a
/// constraint or an encoding error would).
async fn refuse_first_name_boom(app: &TestApp, engine: crate::helpers::Engine, event: &str) {
    match engine {
        crate::helpers::Engine::Sqlite => {
            app.execute_sql(&format!(
                "CREATE TRIGGER refuse_boom BEFORE {event} ON signatures \
                 WHEN NEW.first_name = 'Boom' BEGIN SELECT RAISE(ABORT, 'refused'); END;"
            ))
            .await
        }
        crate::helpers::Engine::Postgres => {
            app.execute_sql(
                "CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN \
                 IF NEW.first_name = 'Boom' THEN RAISE EXCEPTION 'refused'; END IF; \
                 RETURN NEW; END $$ LANGUAGE plpgsql",
            )
            .await;
            app.execute_sql(&format!(
                "CREATE TRIGGER refuse_boom BEFORE {event} ON signatures \
                 FOR EACH ROW EXECUTE FUNCTION refuse_boom()"
            ))
            .await;
        }
    }
}

/// The writer keeps one connection between batches; when PostgreSQL cuts it (a restart, a
/// failover, an administrator), the signature in hand is written on a fresh one.
#[tokio::test]
async fn a_signature_is_stored_when_the_writer_s_connection_was_cut() {
    let app = TestApp::spawn(crate::helpers::Engine::Postgres).await;
    let first = signature(json!({ "email": "first@example.se" }));
    assert_eq!(app.post_signature(&first).await.status(), 202);
    app.execute_sql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .await;
    let second = signature(json!({ "email": "second@example.se" }));
    assert_eq!(app.post_signature(&second).await.status(), 202);
    assert_eq!(app.stats().await["unconfirmed"], 2);
}
