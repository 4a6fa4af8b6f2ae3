//! Proof of work and the limits that never shut out real people: the petition's challenge, a
//! solved one letting a signature through once, a busy address asked for harder work instead
//! of being refused, the allowance without proof, mail-domain floods and the global ceiling.

use reqwest::StatusCode;
use serde_json::{Value, json};
use upprop_core::proof::{Challenge, Proof, search};
use uuid::Uuid;

use crate::helpers::{PETITION, TestApp, on_both_engines, signature};

fn challenge_of(value: &Value) -> Challenge {
    serde_json::from_value(value.clone()).expect("a challenge")
}

/// `body` with the proof of `challenge` for its id.
fn with_proof(mut body: Value, challenge: &Challenge) -> Value {
    let id = body["id"].as_str().unwrap().to_owned();
    let nonce = search(challenge, &id, 0, u64::MAX).unwrap();
    body["proof"] = serde_json::to_value(Proof::of(challenge, nonce)).unwrap();
    body
}

impl TestApp {
    async fn petition_challenge(&self) -> Challenge {
        challenge_of(
            &self
                .get_json(&format!("/api/v1/petitions/{PETITION}"))
                .await["challenge"],
        )
    }

    /// Posts `body`; its status, and the challenge of its error, if any.
    async fn sign_with(&self, body: &Value) -> (StatusCode, Option<Challenge>) {
        let response = self.post_signature(body).await;
        let status = response.status();
        let answer: Value = response.json().await.unwrap();
        let challenge = answer["error"].get("challenge").map(challenge_of);
        (status, challenge)
    }
}

fn person(n: usize) -> Value {
    signature(json!({ "email": format!("person{n}@example.se") }))
}

on_both_engines! {
    async fn a_solved_challenge_lets_one_signing_through_and_nothing_else(engine) {
        // An allowance of one without work: past it, only a proof lets a signature through.
        let app = TestApp::spawn_with(engine, &[("--proof-difficulty", "12"), ("--signatures-per-minute", "1")]).await;
        let challenge = app.petition_challenge().await;
        assert_eq!(challenge.difficulty, 12);
        let body = with_proof(person(1), &challenge);
        assert_eq!(app.sign_with(&body).await, (StatusCode::ACCEPTED, None));
        app.mail.next().await;
        // The same request again is the same signature: answered alike, stored and mailed once
        // (its proof, now too easy for the busier address, counts as none: the allowance).
        assert_eq!(app.sign_with(&body).await, (StatusCode::ACCEPTED, None));
        app.mail.assert_quiet().await;

        // The proof is worth nothing to another signing, and a forged challenge nothing at all.
        let mut other = person(2);
        other["proof"] = body["proof"].clone();
        let other_id = other["id"].as_str().unwrap().to_owned();
        let proof: Proof = serde_json::from_value(other["proof"].clone()).unwrap();
        if proof.is_done_for(&other_id) {
            other["id"] = json!(Uuid::new_v4());
        }
        let (status, asked) = app.sign_with(&other).await;
        assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);
        assert!(asked.is_some(), "the answer says what work lets it through");
        let mut forged = with_proof(person(3), &Challenge { signature: "made-up".into(), ..challenge.clone() });
        assert_eq!(app.sign_with(&forged).await.0, StatusCode::PRECONDITION_REQUIRED);
        forged["proof"]["difficulty"] = json!(30);
        let (status, asked) = app.sign_with(&forged).await;
        assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);
        // The work the latest answer asks for does let it through.
        let fresh = asked.unwrap();
        assert_eq!(app.sign_with(&with_proof(other, &fresh)).await.0, StatusCode::ACCEPTED);
    }

    async fn a_busy_address_with_proofs_is_asked_for_harder_work_and_refused_only_far_beyond(engine) {
        let app = TestApp::spawn_with(engine, &[("--proof-difficulty", "4"), ("--signatures-per-minute", "2")]).await;
        let mut challenge = app.petition_challenge().await;
        // The allowance without work, spent first: past it, a proof must hold.
        for n in 100..102 {
            assert_eq!(app.sign_with(&person(n)).await.0, StatusCode::ACCEPTED);
        }
        let mut difficulties = Vec::new();
        let mut accepted = 2;
        for n in 0..60 {
            let body = person(n);
            let (status, asked) = app.sign_with(&with_proof(body.clone(), &challenge)).await;
            match status {
                StatusCode::ACCEPTED => accepted += 1,
                StatusCode::PRECONDITION_REQUIRED => {
                    challenge = asked.expect("harder work is offered");
                    difficulties.push(challenge.difficulty);
                    let (status, _) = app.sign_with(&with_proof(body, &challenge)).await;
                    if status == StatusCode::ACCEPTED {
                        accepted += 1;
                    } else {
                        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
                        break;
                    }
                }
                StatusCode::TOO_MANY_REQUESTS => {
                    assert!(asked.is_none(), "beyond 20 times the allowance, work does not help");
                    break;
                }
                other => panic!("unexpected {other}"),
            }
        }
        // Twenty times the allowance of 2 is 40 requests a minute, the 428s included.
        assert!((15..40).contains(&accepted), "{accepted} accepted");
        assert!(difficulties.windows(2).all(|pair| pair[0] <= pair[1]), "{difficulties:?}");
        assert_eq!(difficulties.first(), Some(&5));
        assert!(difficulties.last().unwrap() >= &8, "{difficulties:?}");
    }

    async fn without_a_proof_the_allowance_is_the_limit_and_the_answer_offers_work_instead(engine) {
        let app = TestApp::spawn_with(engine, &[("--proof-difficulty", "6"), ("--signatures-per-minute", "2")]).await;
        for n in 0..2 {
            assert_eq!(app.sign_with(&person(n)).await, (StatusCode::ACCEPTED, None));
        }
        let response = app.post_signature(&person(2)).await;
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(response.headers().contains_key("retry-after"));
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["error"]["code"], "rate_limited");
        let offered = challenge_of(&answer["error"]["challenge"]);
        assert_eq!(app.sign_with(&with_proof(person(2), &offered)).await.0, StatusCode::ACCEPTED);
    }

    async fn a_flood_of_addresses_at_one_mail_domain_is_capped_per_hour_but_not_at_large_providers(engine) {
        let app = TestApp::spawn_with(engine, &[
            ("--signatures-per-mail-domain-per-hour", "3"),
            ("--signatures-per-minute", "0"),
        ]).await;
        let at = |domain: &str, n: usize| signature(json!({ "email": format!("x{n}@{domain}") }));
        for n in 0..3 {
            assert_eq!(app.sign_with(&at("slask.example", n)).await.0, StatusCode::ACCEPTED);
        }
        let refused = app.post_signature(&at("SLASK.example", 3)).await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((60..=3600).contains(&wait), "{wait}");
        for n in 0..6 {
            assert_eq!(app.sign_with(&at("gmail.com", n)).await.0, StatusCode::ACCEPTED);
        }
        assert_eq!(app.sign_with(&at("annan.example", 0)).await.0, StatusCode::ACCEPTED);
    }

    async fn when_unconfirmed_signatures_pour_in_every_proof_must_be_harder(engine) {
        let app = TestApp::spawn_with(engine, &[
            ("--unconfirmed-per-minute", "3"),
            ("--proof-difficulty", "4"),
            ("--signatures-per-minute", "8"),
        ]).await;
        let challenge = app.petition_challenge().await;
        for n in 0..3 {
            assert_eq!(app.sign_with(&with_proof(person(n), &challenge)).await.0, StatusCode::ACCEPTED);
        }
        // The servers read the global count at most once a second.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        let (status, asked) = app.sign_with(&with_proof(person(3), &challenge)).await;
        assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);
        let harder = asked.unwrap();
        assert_eq!(harder.difficulty, 8, "sixteen times the work");
        assert_eq!(app.sign_with(&with_proof(person(3), &harder)).await.0, StatusCode::ACCEPTED);
        // Without proof, an address gets a quarter of its allowance (2 of 8) while flooded.
        let (status, offered) = app.sign_with(&person(4)).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the address has sent 6 already");
        assert!(offered.is_some());
    }
}
