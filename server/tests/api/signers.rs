//! The public list of signers: only confirmed signers who allowed it, newest first, as first
//! name and initial; the organiser hides an entry for good.

use serde_json::{Value, json};

use crate::helpers::{ADMIN_TOKEN, PETITION, TestApp, on_both_engines, signature};

impl TestApp {
    async fn public_signers(&self, query: &str) -> Value {
        self.get_json(&format!("/api/v1/petitions/{PETITION}/signers{query}"))
            .await
    }

    async fn hide(&self, id: &str, token: Option<&str>) -> reqwest::Response {
        let request = self.client.post(self.url(&format!(
            "/api/v1/admin/petitions/{PETITION}/signers/{id}/hide"
        )));
        match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
        .send()
        .await
        .unwrap()
    }
}

fn signer(first: &str, last: &str, public: bool, comment: &str) -> Value {
    signature(json!({
        "first_name": first,
        "last_name": last,
        "email": format!("{}@example.se", first.to_lowercase()),
        "public": public,
        "comment": comment,
    }))
}

on_both_engines! {
    async fn only_confirmed_signers_who_allowed_it_are_listed_newest_first(engine) {
        let app = TestApp::spawn(engine).await;
        app.sign_and_confirm(&signer("Anna", "Svensson", true, "För barnen.")).await;
        assert_eq!(app.post_signature(&signer("Bertil", "Berg", true, "")).await.status(), 202); // unconfirmed
        app.mail.next().await;
        app.sign_and_confirm(&signer("Cecilia", "Dahl", false, "Hemligt.")).await;
        let david = app.sign_and_confirm(&signer("David", "Ek", true, "")).await;

        let answer = app.public_signers("").await;
        let names: Vec<&str> = answer["signers"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["David E.", "Anna S."]);
        assert_eq!(answer["signers"][1]["comment"], "För barnen.");
        assert!(answer["signers"][0].get("comment").is_none());
        assert!(answer["signers"][0]["signed_at"].as_i64().unwrap() >= answer["signers"][1]["signed_at"].as_i64().unwrap());
        let text = answer.to_string();
        for secret in ["@", "Svensson", "Bertil", "Cecilia", "Hemligt", "\"id\""] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert_eq!(app.public_signers("?limit=1").await["signers"].as_array().unwrap().len(), 1);
        assert_eq!(app.public_signers("?limit=50").await["signers"].as_array().unwrap().len(), 2);

        // The landing page lists them too.
        let page = app.client.get(app.url(&format!("/p/{PETITION}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Senaste underskrifterna") && page.contains("David E.") && page.contains("Anna S."));
        assert!(!page.contains("Cecilia"));

        // A withdrawn signer is gone at once.
        let withdrawn = app.client.post(&david.withdraw).send().await.unwrap();
        assert_eq!(withdrawn.status(), 200);
        let names = app.public_signers("").await.to_string();
        assert!(!names.contains("David"), "{names}");
    }

    async fn the_organiser_hides_an_entry_for_good(engine) {
        let app = TestApp::spawn(engine).await;
        app.sign_and_confirm(&signer("Erik", "Fors", true, "Olämpligt")).await;
        app.sign_and_confirm(&signer("Frida", "Gran", true, "")).await;
        let listed: Value = app.admin_get("signers").await.json().await.unwrap();
        let erik = listed.as_array().unwrap().iter().find(|s| s["name"] == "Erik F.").unwrap();
        let id = erik["id"].as_str().unwrap().to_owned();

        assert_eq!(app.hide(&id, None).await.status(), 401);
        assert_eq!(app.hide(&id, Some(ADMIN_TOKEN)).await.status(), 204);
        assert_eq!(app.hide(&id, Some(ADMIN_TOKEN)).await.status(), 204, "hiding twice changes nothing");
        let unknown = app.hide("00000000-0000-4000-8000-000000000000", Some(ADMIN_TOKEN)).await;
        assert_eq!(unknown.status(), 404);
        assert_eq!(unknown.json::<Value>().await.unwrap()["error"]["code"], "signer_not_found");

        let names = app.public_signers("").await.to_string();
        assert!(!names.contains("Erik") && names.contains("Frida G."), "{names}");
        // Signing again does not bring a hidden entry back.
        assert_eq!(app.post_signature(&signer("Erik", "Fors", true, "Igen")).await.status(), 202);
        assert!(!app.public_signers("").await.to_string().contains("Erik"));
    }
}
