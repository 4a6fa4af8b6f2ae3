//! Signatures sent by programs: the hidden trap field filled in, or a form sent sooner than a
//! person could fill it. They get the answer any signature gets, and nothing is stored.

use serde_json::json;

use crate::helpers::{PETITION, TestApp, on_both_engines, signature};

on_both_engines! {
    async fn a_filled_trap_or_a_hasty_form_is_answered_like_any_signature_and_not_stored(engine) {
        let app = TestApp::spawn(engine).await;
        for (n, tell) in [json!({ "website": "http://cheap-pills.example" }), json!({ "elapsed_ms": 700 })]
            .into_iter()
            .enumerate()
        {
            let mut body = signature(json!({ "email": format!("program{n}@example.se") }));
            body.as_object_mut().unwrap().extend(tell.as_object().unwrap().clone());
            let response = app.post_signature(&body).await;
            assert_eq!(response.status(), 202);
            let answer: serde_json::Value = response.json().await.unwrap();
            assert_eq!(answer, json!({ "status": "pending_confirmation" }), "nothing tells it apart");
        }
        let stats = app.stats().await;
        assert_eq!(stats["unconfirmed"], 0, "nothing stored");
        assert_eq!(stats["dropped_as_automated"], 2);
        app.mail.assert_quiet().await;

        // A person, who took their time, and a client that does not measure, are stored.
        app.post_signature(&signature(json!({ "email": "person@example.se", "elapsed_ms": 45_000, "website": "" }))).await;
        app.post_signature(&signature(json!({ "email": "integration@example.se" }))).await;
        assert_eq!(app.stats().await["unconfirmed"], 2);
    }

    async fn the_landing_page_form_drops_a_program_s_post_and_shows_the_usual_thanks(engine) {
        let app = TestApp::spawn(engine).await;
        let html = app.client.get(app.url(&format!("/p/{PETITION}"))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(r#"name="website""#), "the trap is in the form");
        let started = html
            .split(r#"name="started" value=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("the form says when it was made")
            .to_owned();
        let post = |fields: Vec<(&str, String)>| {
            let mut form = vec![
                ("first_name", "Karin".to_owned()),
                ("last_name", "Lund".to_owned()),
                ("consent_organizer", "true".to_owned()),
            ];
            form.extend(fields);
            app.client.post(app.url(&format!("/p/{PETITION}"))).form(&form).send()
        };
        let trapped = post(vec![("email", "trap@example.se".into()), ("website", "x".into()), ("started", "0".into())]).await.unwrap();
        let hasty = post(vec![("email", "hasty@example.se".into()), ("started", started.clone())]).await.unwrap();
        for response in [trapped, hasty] {
            assert_eq!(response.status(), 200);
            assert!(response.text().await.unwrap().contains("Tack! Bekräfta din underskrift"));
        }
        assert_eq!(app.stats().await["unconfirmed"], 0);
        assert_eq!(app.stats().await["dropped_as_automated"], 2);

        let unhurried = (started.parse::<i64>().unwrap() - 10_000).to_string();
        let person = post(vec![("email", "person@example.se".into()), ("started", unhurried)]).await.unwrap();
        assert_eq!(person.status(), 200);
        assert_eq!(app.stats().await["unconfirmed"], 1);
    }
}
