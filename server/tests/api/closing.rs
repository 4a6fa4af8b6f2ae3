//! The organiser closes a petition, opens it again, sets its goal and takes it down from view:
//! a closed petition takes no signature (410 `petition_closed`), and every page shows its
//! final count; one taken down shows nothing but that it was (410 `petition_unpublished`),
//! and keeps its data for the organiser until its retention date.

use serde_json::{Value, json};

use crate::helpers::{ADMIN_TOKEN, PETITION, TestApp, after, on_both_engines, signature};

impl TestApp {
    async fn shown_goal(&self) -> Value {
        self.get_json(&format!("/api/v1/petitions/{PETITION}"))
            .await["signatures"]["goal"]
            .clone()
    }

    pub(crate) async fn admin_send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
        let request = self
            .client
            .request(
                method,
                self.url(&format!("/api/v1/admin/petitions/{PETITION}/{path}")),
            )
            .bearer_auth(ADMIN_TOKEN);
        match body {
            Some(body) => request.json(&body),
            None => request,
        }
        .send()
        .await
        .unwrap()
    }
}

on_both_engines! {
    async fn a_petition_taken_down_is_gone_from_every_public_view_and_kept_for_its_organiser(engine) {
        let app = TestApp::spawn(engine).await;
        app.sign_and_confirm(&signature(json!({ "email": "kept@example.se" }))).await;
        assert_eq!(app.post_signature(&signature(json!({ "email": "waiting@example.se" }))).await.status(), 202);
        let waiting = app.mail.next().await.links();

        assert_eq!(app.admin_send(reqwest::Method::POST, "unpublish", None).await.status(), 204);

        let petition = app.client.get(app.url(&format!("/api/v1/petitions/{PETITION}"))).send().await.unwrap();
        assert_eq!(petition.status(), 410);
        assert_eq!(petition.json::<Value>().await.unwrap()["error"]["code"], "petition_unpublished");
        let refused = app.post_signature(&signature(json!({ "email": "late@example.se" }))).await;
        assert_eq!(refused.status(), 410);
        assert_eq!(refused.json::<Value>().await.unwrap()["error"]["code"], "petition_unpublished");
        for path in [
            format!("/p/{PETITION}"),
            format!("/p/{PETITION}?lang=en"),
            format!("/embed/{PETITION}"),
            format!("/p/{PETITION}/widget"),
            format!("/p/{PETITION}/share.png"),
            format!("/api/v1/petitions/{PETITION}/signers"),
        ] {
            let answer = app.client.get(app.url(&path)).send().await.unwrap();
            assert_eq!(answer.status(), 410, "{path}");
            let text = answer.text().await.unwrap();
            assert!(!text.contains("Upprop Socialtjänsten") && !text.contains("Vi kräver"), "{path} shows none of the appeal: {text}");
        }
        let page = app.client.get(app.url(&format!("/p/{PETITION}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Namninsamlingen är nedtagen"), "{page}");
        let form_post = app
            .client
            .post(app.url(&format!("/p/{PETITION}")))
            .form(&[("first_name", "Sen"), ("last_name", "Ankomst"), ("email", "sen@example.se"), ("consent_organizer", "true")])
            .send()
            .await
            .unwrap();
        assert_eq!(form_post.status(), 410);
        let oembed = app.client.get(app.url("/oembed"))
            .query(&[("url", app.url(&format!("/p/{PETITION}")))])
            .send().await.unwrap();
        assert_eq!(oembed.status(), 410);
        let document = app.get_json("/api/v1/openapi.json").await;
        assert!(document["paths"].get(format!("/petitions/{PETITION}/signatures")).is_none(), "no signing path for it");

        // A confirmation link mailed before counts nothing now; the withdrawal link still works.
        let confirmed = app.confirm(&waiting.confirm).await;
        assert_eq!(confirmed.status(), 410);
        // Its data is the organiser's still.
        let stats = app.stats().await;
        assert_eq!((stats["confirmed"].as_u64(), stats["unconfirmed"].as_u64()), (Some(1), Some(1)));
        assert!(stats["closed_at"].is_string(), "taking it down closed it");
        let csv = app.admin_get("signatures.csv").await;
        assert_eq!(csv.status(), 200);
        assert!(csv.text().await.unwrap().contains("kept@example.se"));
        assert_eq!(app.client.post(&waiting.withdraw).send().await.unwrap().status(), 200);
        assert_eq!(app.stats().await["unconfirmed"], 0);

        // Put back, it is shown again, still closed: reopening is a decision of its own.
        assert_eq!(app.admin_send(reqwest::Method::POST, "republish", None).await.status(), 204);
        let petition = app.get_json(&format!("/api/v1/petitions/{PETITION}")).await;
        assert_eq!((petition["closed"].as_bool(), petition["signatures"]["confirmed"].as_u64()), (Some(true), Some(1)));
        assert_eq!(
            app.audit_log().await,
            [("admin-token", "closed"), ("admin-token", "unpublished"), ("admin-token", "republished")]
                .map(|(actor, action)| (actor.to_owned(), action.to_owned()))
        );
    }

    async fn a_petition_taken_down_stays_down_when_its_content_is_imported_again(engine) {
        let app = TestApp::spawn(engine).await;
        assert_eq!(app.admin_send(reqwest::Method::POST, "unpublish", None).await.status(), 204);
        // Another server (or `upprop-server import`) stores the same file again: still down.
        let again = TestApp::spawn_with(engine, &[("--database-url", app.database_url())]).await;
        for server in [&app, &again] {
            let answer = server.client.get(server.url(&format!("/api/v1/petitions/{PETITION}"))).send().await.unwrap();
            assert_eq!(answer.status(), 410);
        }
        // Put back through one server, the other shows it within its look for changes.
        assert_eq!(app.admin_send(reqwest::Method::POST, "republish", None).await.status(), 204);
        let mut status = 0;
        for _ in 0..80 {
            status = again.client.get(again.url(&format!("/api/v1/petitions/{PETITION}"))).send().await.unwrap().status().as_u16();
            if status == 200 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(status, 200, "the other server serves it again within 8 s");
    }

    async fn a_closed_petition_takes_no_signature_and_shows_its_final_count(engine) {
        let app = TestApp::spawn(engine).await;
        app.sign_and_confirm(&signature(json!({}))).await;
        let close = app.admin_send(reqwest::Method::POST, "close", None).await;
        assert_eq!(close.status(), 204);

        let refused = app.post_signature(&signature(json!({ "email": "late@example.se" }))).await;
        assert_eq!(refused.status(), 410);
        assert_eq!(refused.json::<Value>().await.unwrap()["error"]["code"], "petition_closed");
        // Closed is said first, whatever the request says.
        assert_eq!(app.post_signature(&json!({})).await.status(), 410);
        let petition = app.get_json(&format!("/api/v1/petitions/{PETITION}")).await;
        assert_eq!(petition["closed"], true);
        assert_eq!(petition["signatures"]["confirmed"], 1);
        let stats = app.stats().await;
        assert!(stats["closed_at"].as_str().unwrap().starts_with("20"));
        assert_eq!(stats["unconfirmed"], 0, "nothing stored");

        let page = app.client.get(app.url(&format!("/p/{PETITION}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Namninsamlingen är avslutad") && page.contains("1 skrev under"));
        assert!(!page.contains("<form"), "no form");
        // It says so at the top, in the bar's place, before anything else of the appeal.
        let notice = page.find(r#"<p class="closed-notice" role="status"><strong>Namninsamlingen är avslutad</strong> 1 skrev under."#);
        assert!(notice.is_some_and(|at| at < page.find("<h2").unwrap()), "{page}");
        assert!(!page.contains("<progress"), "no bar still reaching for a goal");
        let view = app.client.get(app.url(&format!("/p/{PETITION}/widget?lang=en"))).send().await.unwrap().text().await.unwrap();
        assert!(view.contains("The petition has closed") && !view.contains("<form"));
        // In the widget too, at the top of the appeal in the count's place, not screens down.
        let notice = view.find(r#"<div class="closed" role="status">"#).expect(&view);
        assert!(notice < view.find(r#"<p class="lead">"#).unwrap() && !view.contains("<progress"), "{view}");
        let form_post = app
            .client
            .post(app.url(&format!("/p/{PETITION}")))
            .form(&[("first_name", "Sen"), ("last_name", "Ankomst"), ("email", "sen@example.se"), ("consent_organizer", "true")])
            .send()
            .await
            .unwrap();
        assert_eq!(form_post.status(), 410);

        let reopen = app.admin_send(reqwest::Method::POST, "reopen", None).await;
        assert_eq!(reopen.status(), 204);
        assert_eq!(app.post_signature(&signature(json!({ "email": "late@example.se" }))).await.status(), 202);
        assert_eq!(app.get_json(&format!("/api/v1/petitions/{PETITION}")).await["closed"], false);
    }

    async fn the_organiser_s_goal_replaces_the_file_s_until_taken_back(engine) {
        let app = TestApp::spawn(engine).await;
        assert_eq!(app.shown_goal().await, Value::Null);
        let set = app.admin_send(reqwest::Method::PUT, "goal", Some(json!({ "goal": 100_000 }))).await;
        assert_eq!(set.status(), 204);
        assert_eq!(app.shown_goal().await, 100_000);
        assert_eq!(app.stats().await["goal"], 100_000);
        let page = app.client.get(app.url(&format!("/p/{PETITION}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("0 av 100\u{a0}000 har skrivit under"), "the landing page shows it");
        // And so does the page a signer sees once confirmed.
        assert_eq!(app.post_signature(&signature(json!({}))).await.status(), 202);
        let confirmed = app.confirm(&app.mail.next().await.links().confirm).await.text().await.unwrap();
        assert!(confirmed.contains("1 av 100\u{a0}000 har skrivit under"), "{confirmed}");

        let bad = app.admin_send(reqwest::Method::PUT, "goal", Some(json!({ "goal": -5 }))).await;
        assert_eq!(bad.status(), 400);
        assert_eq!(app.admin_send(reqwest::Method::PUT, "goal", Some(json!({ "goal": null }))).await.status(), 204);
        assert_eq!(app.shown_goal().await, Value::Null);
    }

    async fn past_its_retention_date_a_closed_petition_s_personal_data_is_erased_and_its_count_stays(engine) {
        let app = TestApp::spawn(engine).await;
        app.sign_and_confirm(&signature(json!({}))).await;
        assert_eq!(app.admin_send(reqwest::Method::POST, "close", None).await.status(), 204);
        let bad = app.admin_send(reqwest::Method::PUT, "retention", Some(json!({ "erase_personal_data_after": "soon" }))).await;
        assert_eq!(bad.status(), 400);
        let set = app
            .admin_send(reqwest::Method::PUT, "retention", Some(json!({ "erase_personal_data_after": "2099-01-01T00:00:00Z" })))
            .await;
        assert_eq!(set.status(), 204);
        assert_eq!(app.stats().await["erase_personal_data_after"], "2099-01-01T00:00:00Z");
        // The date comes, as time passes.
        app.execute_sql(&format!(
            "UPDATE petition_settings SET erase_personal_data_after = 1 WHERE petition = '{PETITION}'"
        )).await;

        // The server's housekeeping (at start, then every few minutes) erases it.
        let restarted = TestApp::spawn_with(engine, &[("--database-url", app.database_url())]).await;
        let mut csv = String::new();
        for _ in 0..50 {
            csv = restarted.admin_get("signatures.csv").await.text().await.unwrap();
            if !csv.contains("Anna") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(!csv.contains("Anna"), "{csv}");
        assert_eq!(restarted.get_json(&format!("/api/v1/petitions/{PETITION}")).await["signatures"]["confirmed"], 1);
        assert_eq!(
            app.audit_log().await,
            [
                ("admin-token".to_owned(), "closed".to_owned()),
                ("admin-token".to_owned(), "retention_set".to_owned()),
                ("server".to_owned(), "erased_past_retention".to_owned()),
            ]
        );
    }

    async fn a_signature_confirmed_after_closing_does_not_change_the_final_count(engine) {
        let app = TestApp::spawn(engine).await;
        app.sign_and_confirm(&signature(json!({ "email": "tidig@example.se" }))).await;
        assert_eq!(app.post_signature(&signature(json!({ "email": "sen@example.se" }))).await.status(), 202);
        let late = app.mail.next().await.links();
        assert_eq!(app.admin_send(reqwest::Method::POST, "close", None).await.status(), 204);

        let page = app.client.get(&late.confirm).send().await.unwrap();
        assert_eq!(page.status(), 410);
        let page = page.text().await.unwrap();
        assert!(page.contains("Namninsamlingen är avslutad") && !page.contains(r#"name="shown""#), "{page}");
        assert_eq!(app.confirm(&late.confirm).await.status(), 410);
        assert_eq!(app.confirmed_count().await, 1, "the count at closing is final");
        // Reopened, the same link confirms again.
        assert_eq!(app.admin_send(reqwest::Method::POST, "reopen", None).await.status(), 204);
        assert_eq!(app.confirm(&late.confirm).await.status(), 200);
        assert_eq!(app.confirmed_count().await, 2);
    }

    async fn no_token_or_organiser_can_erase_a_petition_sooner_than_a_week_ahead(engine) {
        let app = TestApp::spawn(engine).await;
        app.sign_and_confirm(&signature(json!({}))).await;
        assert_eq!(app.admin_send(reqwest::Method::POST, "close", None).await.status(), 204);
        let day = 24 * 3600;
        for (seconds_ahead, status) in [(-1, 409), (0, 409), (6 * day, 409), (7 * day + 60, 204)] {
            let at = time::OffsetDateTime::now_utc() + time::Duration::seconds(seconds_ahead);
            let moment = at.replace_nanosecond(0).unwrap().format(&time::format_description::well_known::Rfc3339).unwrap();
            let answer = app
                .admin_send(reqwest::Method::PUT, "retention", Some(json!({ "erase_personal_data_after": moment })))
                .await;
            assert_eq!(answer.status(), status, "{moment}");
            if status == 409 {
                let body: Value = answer.json().await.unwrap();
                assert_eq!(body["error"]["code"], "retention_too_soon");
            }
        }
        // Nothing was erased, and what was decided is in the log.
        assert_eq!(app.confirmed_count().await, 1);
        assert!(app.admin_get("signatures.csv").await.text().await.unwrap().contains("Anna"));
        let log = app.audit_log().await;
        assert_eq!(log.iter().filter(|(_, action)| action == "retention_set").count(), 1, "{log:?}");
    }

    async fn only_the_organiser_closes_or_sets_the_goal(engine) {
        let app = TestApp::spawn(engine).await;
        for (method, path) in [(reqwest::Method::POST, "close"), (reqwest::Method::POST, "reopen"), (reqwest::Method::PUT, "goal")] {
            let response = app
                .client
                .request(method, app.url(&format!("/api/v1/admin/petitions/{PETITION}/{path}")))
                .json(&json!({ "goal": 5 }))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 401, "{path}");
        }
        assert_eq!(app.post_signature(&signature(json!({}))).await.status(), 202);
    }
}

on_both_engines! {
    async fn the_handover_document_shows_the_count_the_demands_the_public_names_and_the_districts(engine) {
        let app = TestApp::spawn(engine).await;
        for (first, last, email, public, postal) in [
            ("Anna", "Svensson", "anna@example.se", true, "123 45"),
            ("Bo", "Ek", "bo@example.se", false, "41 301"),
            ("Cecilia", "Åberg", "cecilia@example.se", true, ""),
        ] {
            app.sign_and_confirm(&signature(json!({
                "first_name": first, "last_name": last, "email": email, "public": public, "postal_code": postal,
            })))
            .await;
        }
        let unauthorized = app.client.get(app.url(&format!("/api/v1/admin/petitions/{PETITION}/handover"))).send().await.unwrap();
        assert_eq!(unauthorized.status(), 401);
        let page = app.admin_get("handover").await;
        assert_eq!(page.status(), 200);
        assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let html = page.text().await.unwrap();
        assert!(html.contains("<h1>Upprop Socialtjänsten</h1>"));
        assert!(html.contains("3 personer hade bekräftat sin underskrift"));
        assert_eq!(html.matches("<li>").count(), 13 + 2, "thirteen demands and two public names");
        assert!(html.contains("<li>Anna Svensson</li>") && html.contains("<li>Cecilia Åberg</li>"));
        assert!(!html.contains("Bo Ek") && !html.contains("example.se"), "no other name, no address");
        assert!(html.contains("Postnummer som börjar på 1") && html.contains("Postnummer som börjar på 4"));
        assert!(html.contains("Utan postnummer"));
        // Whom it is for, from whom, how many are not named, when in Swedish time, and numbered pages.
        assert!(html.contains(r#"<p class="addressee">Till: Sveriges riksdag</p>"#), "{html}");
        assert!(html.contains("Från: Barnrättsföreningen Brinn för barnen · info@brinnforbarnen.se · https://www.brinnforbarnen.se"));
        assert!(html.contains("Ytterligare 1 person har skrivit under utan att namnet får visas."));
        assert!(html.contains("content:'Sida ' counter(page) ' av ' counter(pages)"), "{html}");
        let stated = after(&html, "hade bekräftat sin underskrift ", '.');
        assert!(stated.ends_with(" CET") || stated.ends_with(" CEST"), "{stated}");
        let english = app.client.get(app.url(&format!("/api/v1/admin/petitions/{PETITION}/handover?lang=en")))
            .bearer_auth(ADMIN_TOKEN).send().await.unwrap().text().await.unwrap();
        assert!(english.contains("To: The Swedish Parliament (the Riksdag)") && english.contains("1 more person signed without"));
        assert!(english.contains("content:'Page ' counter(page) ' of ' counter(pages)"));
    }
}
