//! The organisers' dashboard at /admin, over real HTTP: sign-in by a single-use link, the
//! session and its CSRF token, the figures against known signatures, exports, hiding a public
//! name, closing, the goal, and erasure on request with its audit line.

use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use serde_json::{Value, json};

use crate::helpers::{
    ADMIN_TOKEN, PETITION, TestApp, after, consents, no_redirects, on_both_engines, signature,
};

pub(crate) const ORGANIZER: &str = "lisa@brinnforbarnen.se";

/// A signed-in organiser: the session cookie and the CSRF token its pages carry.
pub(crate) struct Organizer {
    pub(crate) cookie: String,
    csrf: String,
}

async fn spawn(engine: crate::helpers::Engine) -> TestApp {
    TestApp::spawn_with(
        engine,
        &[("--organizers", "Lisa@Brinnforbarnen.se,per@example.org")],
    )
    .await
}

impl TestApp {
    async fn ask_for_sign_in(&self, email: &str) -> reqwest::Response {
        self.client
            .post(self.url("/admin/sign-in"))
            .form(&[("email", email)])
            .send()
            .await
            .unwrap()
    }

    /// Asks for a link, takes it from the mail and presses its button.
    pub(crate) async fn sign_in(&self) -> Organizer {
        assert_eq!(self.ask_for_sign_in(ORGANIZER).await.status(), 200);
        let mail = self.mail.next().await;
        assert_eq!(mail.to, ORGANIZER);
        let link = mail
            .body
            .split_whitespace()
            .find(|word| word.contains("/admin/sign-in/"))
            .expect("a sign-in link")
            .to_owned();
        let opened = no_redirects().post(&link).send().await.unwrap();
        assert_eq!(opened.status(), StatusCode::SEE_OTHER);
        let set_cookie = opened.headers()[SET_COOKIE].to_str().unwrap().to_owned();
        let cookie = set_cookie.split(';').next().unwrap().to_owned();
        let home = self.page_as(&cookie, "/admin").await;
        let csrf = after(&home, "name=\"csrf\" value=\"", '"');
        Organizer { cookie, csrf }
    }

    pub(crate) async fn page_as(&self, cookie: &str, path: &str) -> String {
        let response = no_redirects()
            .get(self.url(path))
            .header(COOKIE, cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        response.text().await.unwrap()
    }

    pub(crate) async fn post_dashboard_form(
        &self,
        organizer: &Organizer,
        path: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut form = vec![("csrf", organizer.csrf.as_str())];
        form.extend_from_slice(fields);
        no_redirects()
            .post(self.url(path))
            .header(COOKIE, &organizer.cookie)
            .header("sec-fetch-site", "same-origin")
            .form(&form)
            .send()
            .await
            .unwrap()
    }
}

/// The text of the element with `id`: `<dd id="confirmed">2</dd>` gives "2".
fn by_id<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no #{id}"));
    let rest = &page[start + id.len() + 6..];
    &rest[..rest.find('<').unwrap()]
}

on_both_engines! {
    async fn an_organiser_signs_in_with_a_single_use_link_that_only_a_click_uses(engine) {
        let app = spawn(engine).await;
        // Not an organiser: the same answer, and no mail.
        let stranger = app.ask_for_sign_in("eve@example.se").await;
        assert_eq!(stranger.status(), 200);
        let stranger_page = stranger.text().await.unwrap();
        app.mail.assert_quiet().await;
        let organizer_page = app.ask_for_sign_in("LISA@brinnforbarnen.se").await.text().await.unwrap();
        assert_eq!(stranger_page, organizer_page);
        let mail = app.mail.next().await;
        let link = mail.body.split_whitespace().find(|w| w.contains("/admin/sign-in/")).unwrap().to_owned();
        assert!(link.starts_with(&app.address), "{link}");

        // A mail scanner's GET and HEAD use nothing up.
        for _ in 0..2 {
            let page = app.client.get(&link).send().await.unwrap();
            assert_eq!(page.status(), 200);
            assert!(page.text().await.unwrap().contains("<form method=\"post\""));
        }
        assert_eq!(app.client.head(&link).send().await.unwrap().status(), 200);

        let opened = no_redirects().post(&link).send().await.unwrap();
        assert_eq!(opened.status(), StatusCode::SEE_OTHER);
        assert_eq!(opened.headers()[LOCATION], "/admin");
        let cookie = opened.headers()[SET_COOKIE].to_str().unwrap().to_owned();
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/admin", "Max-Age=43200"] {
            assert!(cookie.contains(attribute), "{attribute} in {cookie}");
        }
        assert!(!cookie.contains("Secure"), "an http public URL cannot carry a Secure cookie");
        let session = cookie.split(';').next().unwrap();
        assert!(app.page_as(session, "/admin").await.contains("Namninsamlingar"));

        // Used once: the link is spent.
        assert_eq!(no_redirects().post(&link).send().await.unwrap().status(), StatusCode::GONE);
        assert_eq!(app.client.get(&link).send().await.unwrap().status(), StatusCode::GONE);
    }

    async fn a_sign_in_link_stops_working_after_15_minutes(engine) {
        let app = spawn(engine).await;
        app.ask_for_sign_in(ORGANIZER).await;
        let mail = app.mail.next().await;
        let link = mail.body.split_whitespace().find(|w| w.contains("/admin/sign-in/")).unwrap().to_owned();
        app.execute_sql("UPDATE organizer_sign_ins SET expires_at = expires_at - 15 * 60 * 1000").await;
        assert_eq!(app.client.get(&link).send().await.unwrap().status(), StatusCode::GONE);
        let refused = no_redirects().post(&link).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::GONE);
        assert!(refused.headers().get(SET_COOKIE).is_none());
    }

    async fn nothing_under_admin_is_reachable_without_a_session(engine) {
        let app = spawn(engine).await;
        let organizer = app.sign_in().await;
        let forged = Organizer { cookie: "upprop_admin=forged".into(), csrf: organizer.csrf.clone() };
        for path in [
            format!("/admin/p/{PETITION}"),
            format!("/admin/p/{PETITION}/signatures.csv"),
            format!("/admin/p/{PETITION}/handover"),
        ] {
            for cookie in ["", forged.cookie.as_str()] {
                let response = no_redirects().get(app.url(&path)).header(COOKIE, cookie).send().await.unwrap();
                assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
                assert_eq!(response.headers()[LOCATION], "/admin");
            }
        }
        for path in ["close", "goal", "retention"] {
            let response = app.post_dashboard_form(&forged, &format!("/admin/p/{PETITION}/{path}"), &[("goal", "5")]).await;
            assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        }
        assert_eq!(app.post_dashboard_form(&forged, "/admin/lookup", &[("email", "anna.svensson@example.se")]).await.status(), StatusCode::SEE_OTHER);
        // The sign-in page is all a stranger sees at /admin, and no page is cached.
        let home = app.client.get(app.url("/admin")).send().await.unwrap();
        assert_eq!(home.headers()["cache-control"], "no-store");
        assert!(home.headers()["content-security-policy"].to_str().unwrap().contains("form-action 'self'"));
        assert!(home.text().await.unwrap().contains("Skicka inloggningslänk"));
        // After signing out, the old cookie opens nothing.
        assert_eq!(app.post_dashboard_form(&organizer, "/admin/sign-out", &[]).await.status(), StatusCode::SEE_OTHER);
        let after = no_redirects().get(app.url(&format!("/admin/p/{PETITION}"))).header(COOKIE, &organizer.cookie).send().await.unwrap();
        assert_eq!(after.status(), StatusCode::SEE_OTHER);
    }

    async fn a_form_without_the_session_s_token_or_from_another_site_changes_nothing(engine) {
        let app = spawn(engine).await;
        let organizer = app.sign_in().await;
        let close = format!("/admin/p/{PETITION}/close");
        let no_token = Organizer { cookie: organizer.cookie.clone(), csrf: String::new() };
        assert_eq!(app.post_dashboard_form(&no_token, &close, &[]).await.status(), StatusCode::FORBIDDEN);
        let wrong_token = Organizer { cookie: organizer.cookie.clone(), csrf: "x".repeat(43) };
        assert_eq!(app.post_dashboard_form(&wrong_token, &close, &[]).await.status(), StatusCode::FORBIDDEN);
        let cross_site = no_redirects()
            .post(app.url(&close))
            .header(COOKIE, &organizer.cookie)
            .header("sec-fetch-site", "cross-site")
            .form(&[("csrf", organizer.csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);
        assert_eq!(app.post_signature(&signature(json!({}))).await.status(), 202, "still open");

        // Closing cannot be undone for the signatures still waiting: it asks first.
        let asked = app.post_dashboard_form(&organizer, &close, &[]).await;
        assert_eq!(asked.status(), StatusCode::OK);
        let asked = asked.text().await.unwrap();
        assert!(asked.contains("Stänga namninsamlingen?") && asked.contains("Ja, stäng namninsamlingen") && asked.contains("name=\"sure\""), "{asked}");
        assert_eq!(app.post_signature(&signature(json!({ "email": "fragad@example.se" }))).await.status(), 202, "asking closed nothing");
        let closed = app.post_dashboard_form(&organizer, &close, &[("sure", "yes")]).await;
        assert_eq!(closed.status(), StatusCode::SEE_OTHER);
        assert_eq!(closed.headers()[LOCATION], format!("/admin/p/{PETITION}?done=closed"));
        let refused = app.post_signature(&signature(json!({ "email": "bo@example.se" }))).await;
        assert_eq!(refused.status(), StatusCode::GONE);
        let page = app.page_as(&organizer.cookie, &format!("/admin/p/{PETITION}?done=closed")).await;
        assert!(page.contains("Stängd") && page.contains("Öppna igen"));
        assert_eq!(app.post_dashboard_form(&organizer, &format!("/admin/p/{PETITION}/reopen"), &[]).await.status(), StatusCode::SEE_OTHER);
        assert_eq!(app.post_signature(&signature(json!({ "email": "bo@example.se" }))).await.status(), 202);
    }

    async fn the_figures_and_charts_count_the_known_signatures(engine) {
        let app = spawn(engine).await;
        let organizer = app.sign_in().await;
        app.sign_and_confirm(&signature(json!({ "email": "a@example.se", "consents": consents(true, true, upprop_core::Locale::Sv) }))).await;
        app.sign_and_confirm(&signature(json!({ "email": "b@example.se", "source": { "url": "https://partner.example/upprop?src=facebook" } }))).await;
        let withdrawn = app.sign_and_confirm(&signature(json!({ "email": "c@example.se", "source": { "url": "https://blogg.example/" } }))).await;
        assert_eq!(app.post_signature(&signature(json!({ "email": "d@example.se" }))).await.status(), 202);
        app.mail.next().await;
        assert_eq!(app.client.post(&withdrawn.withdraw).send().await.unwrap().status(), 200);

        let page = app.page_as(&organizer.cookie, &format!("/admin/p/{PETITION}")).await;
        assert_eq!(by_id(&page, "confirmed"), "2");
        assert_eq!(by_id(&page, "unconfirmed"), "1");
        assert_eq!(by_id(&page, "confirmation-rate"), "67 %");
        assert_eq!(by_id(&page, "withdrawn"), "1");
        // The bars carry their numbers, and the table beside each chart says the same.
        let today = time::OffsetDateTime::now_utc().date().to_string();
        assert!(page.contains(&format!("data-label=\"{today}\" data-value=\"2\"")), "today's bar");
        assert!(page.contains(&format!("<td>{today}</td><td class=\"number\">2</td>")), "today's row");
        let hourly: u64 = page.split("id=\"per-hour-title\"").nth(1).unwrap()
            .split("</svg>").next().unwrap()
            .split("data-value=\"").skip(1)
            .map(|rest| rest.split('"').next().unwrap().parse::<u64>().unwrap())
            .sum();
        assert_eq!(hourly, 2, "the last 48 hours hold both confirmations");
        assert!(page.contains("<td class=\"label\">https://partner.example/upprop</td><td class=\"number\">2</td>"));
        assert!(page.contains("<td class=\"label\">facebook</td><td class=\"number\">1</td>"));
        assert!(page.contains("<td class=\"label\">https://partner.example</td><td class=\"number\">2</td>"), "per site");
        assert!(page.contains("<td class=\"label\">direct</td><td class=\"number\">1</td>"));
        assert!(page.contains("data-consent=\"consent_updates\"><strong>1</strong> av 2"));
        assert!(page.contains("data-consent=\"consent_organizer\"><strong>2</strong> av 2"));
        // The overview: each petition's counts, its public page and the code partners paste.
        let home = app.page_as(&organizer.cookie, "/admin").await;
        assert!(home.contains("<strong>2</strong> bekräftade, varav <strong>2</strong> senaste dygnet · <strong>1</strong> väntar på bekräftelse"), "{home}");
        assert!(home.contains(&format!("href=\"{}\"", app.url(&format!("/p/{PETITION}")))));
        assert!(home.contains(&format!("data-petition=&quot;{PETITION}&quot;")) && home.contains(&format!("src=&quot;{}&quot;", app.url("/embed.js"))), "{home}");
        // The JSON stats say the same.
        let stats = app.stats().await;
        assert_eq!(stats["withdrawn"], 1);
        assert_eq!(stats["per_consent"]["consent_updates"], 1);
    }

    async fn exports_all_confirmed_or_only_those_who_want_updates(engine) {
        let app = spawn(engine).await;
        let organizer = app.sign_in().await;
        app.sign_and_confirm(&signature(json!({ "email": "nyheter@example.se", "first_name": "Nora", "consents": consents(true, true, upprop_core::Locale::Sv) }))).await;
        app.sign_and_confirm(&signature(json!({ "email": "tyst@example.se", "first_name": "Tove" }))).await;
        let csv = |path: String| {
            let app = &app;
            let cookie = organizer.cookie.clone();
            async move {
                let response = no_redirects().get(app.url(&path)).header(COOKIE, cookie).send().await.unwrap();
                assert_eq!(response.status(), 200, "{path}");
                assert!(response.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
                response.text().await.unwrap()
            }
        };
        let all = csv(format!("/admin/p/{PETITION}/signatures.csv")).await;
        assert!(all.contains("Nora") && all.contains("Tove"));
        let updates = csv(format!("/admin/p/{PETITION}/signatures.csv?consent=consent_updates")).await;
        assert!(updates.contains("Nora") && !updates.contains("Tove"), "{updates}");
        assert!(updates.contains("skickar mig nyheter"), "the consent's text as given");
        // The dashboard offers both, and scripts get the same with the bearer token.
        let page = app.page_as(&organizer.cookie, &format!("/admin/p/{PETITION}")).await;
        assert!(page.contains("signatures.csv?consent=consent_updates"));
        let scripted = app.client
            .get(app.url(&format!("/api/v1/admin/petitions/{PETITION}/signatures.csv?consent=consent_updates")))
            .bearer_auth(ADMIN_TOKEN).send().await.unwrap().text().await.unwrap();
        assert_eq!(scripted, updates);
        // Compressed on the way, as a browser asks for it, the file arrives whole.
        let compressed = app.client
            .get(app.url(&format!("/api/v1/admin/petitions/{PETITION}/signatures.csv")))
            .header("accept-encoding", "gzip")
            .bearer_auth(ADMIN_TOKEN).send().await.unwrap();
        assert_eq!(compressed.headers()["content-encoding"], "gzip");
        let bytes = compressed.bytes().await.expect("the compressed CSV arrives whole");
        let mut unpacked = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut unpacked).unwrap();
        assert_eq!(unpacked, all);
        let unknown = app.client
            .get(app.url(&format!("/api/v1/admin/petitions/{PETITION}/signatures.csv?consent=nope")))
            .bearer_auth(ADMIN_TOKEN).send().await.unwrap();
        assert_eq!(unknown.status(), 404);
        assert_eq!(unknown.json::<Value>().await.unwrap()["error"]["code"], "consent_not_found");
    }

    async fn the_spreadsheet_export_opens_in_columns_in_a_swedish_excel(engine) {
        let app = spawn(engine).await;
        let organizer = app.sign_in().await;
        app.sign_and_confirm(&signature(json!({
            "email": "nora@example.se", "first_name": "Nora; Ek", "last_name": "=Ek+1", "public": true,
            "consents": consents(true, true, upprop_core::Locale::Sv),
        }))).await;
        app.execute_sql("UPDATE signatures SET signed_at = 1782864000000, confirmed_at = 1782864060000").await;
        let page = app.page_as(&organizer.cookie, &format!("/admin/p/{PETITION}")).await;
        assert!(page.contains("signatures.csv?format=spreadsheet&amp;consent=consent_updates"), "{page}");
        let sheet = no_redirects().get(app.url(&format!("/admin/p/{PETITION}/signatures.csv?format=spreadsheet")))
            .header(COOKIE, &organizer.cookie).send().await.unwrap();
        assert_eq!(sheet.status(), 200);
        assert!(sheet.headers()["content-disposition"].to_str().unwrap().contains("upprop-socialtjansten-underskrifter.csv"));
        let sheet = sheet.text().await.unwrap();
        let mut lines = sheet.lines();
        assert_eq!(
            lines.next().unwrap(),
            "\u{feff}Förnamn;Efternamn;E-post;Postnummer;Kommentar;Namnet får visas;Språk;Sida;Kanal;\
             Skrev under (svensk tid);Bekräftade (svensk tid);Samtycke 1;Samtycke 1, texten;Samtycke 2;Samtycke 2, texten"
        );
        let row = lines.next().unwrap();
        // 2026-07-01 00:00 UTC is 02:00 in Stockholm's summer time.
        assert!(row.starts_with("\"Nora; Ek\";'=Ek+1;nora@example.se;123 45;För barnen.;ja;sv;"), "{row}");
        assert!(row.contains(";2026-07-01 02:00;2026-07-01 02:01;ja;"), "{row}");
        assert_eq!(row.matches(";ja;").count(), 3, "shown, and both consents: {row}");
        assert_eq!(lines.next(), None);
        let machine = app.admin_get("signatures.csv").await.text().await.unwrap();
        assert!(machine.contains(",2026-07-01T00:00:00Z,2026-07-01T00:01:00Z,yes,"), "the scripts' file is as before: {machine}");
        let unknown = app.admin_get("signatures.csv?format=xlsx").await;
        assert_eq!(unknown.status(), 400);
        assert_eq!(unknown.json::<Value>().await.unwrap()["error"]["code"], "unknown_format");
        let twice = app.admin_get("signatures.csv?format=csv&format=spreadsheet").await;
        assert_eq!(twice.status(), 400);
        assert_eq!(twice.json::<Value>().await.unwrap()["error"]["code"], "invalid_query", "JSON, as every refusal of the API");
    }

    async fn an_erasure_on_request_removes_everything_and_logs_who_but_not_whom(engine) {
        let app = spawn(engine).await;
        let organizer = app.sign_in().await;
        let typed = "Greta.Lund+upprop@gmail.com";
        app.sign_and_confirm(&signature(json!({ "email": typed, "first_name": "Greta", "last_name": "Lund", "public": true }))).await;
        app.sign_and_confirm(&signature(json!({ "email": "annan@example.se" }))).await;
        assert_eq!(app.confirmed_count().await, 2);

        // Looked up by the address in another spelling: the same signer.
        let found = app.post_dashboard_form(&organizer, "/admin/lookup", &[("email", "gretalund@googlemail.com")]).await;
        assert_eq!(found.status(), 200);
        let found = found.text().await.unwrap();
        assert!(found.contains("Greta Lund") && found.contains(typed) && found.contains("123 45") && found.contains("Upprop Socialtjänsten"), "{found}");
        // Each consent by the words the signer saw, not by its id.
        assert!(found.contains("Samtycke: “") && !found.contains("Samtycke: consent_"), "{found}");
        let id = after(&found, "/admin/signatures/", '/');

        let asked = app.post_dashboard_form(&organizer, &format!("/admin/signatures/{id}/erase"), &[]).await;
        assert_eq!(asked.status(), StatusCode::OK);
        assert!(asked.text().await.unwrap().contains("Det går inte att ångra"));
        assert_eq!(app.confirmed_count().await, 2, "asking erased nothing");
        let erased = app.post_dashboard_form(&organizer, &format!("/admin/signatures/{id}/erase"), &[("sure", "yes")]).await;
        assert_eq!(erased.status(), StatusCode::SEE_OTHER);
        assert_eq!(erased.headers()[LOCATION], "/admin?done=erased");
        assert_eq!(app.confirmed_count().await, 1);
        let again = app.post_dashboard_form(&organizer, "/admin/lookup", &[("email", typed)]).await.text().await.unwrap();
        assert!(again.contains("Ingen underskrift är sparad"));
        let public = app.get_json(&format!("/api/v1/petitions/{PETITION}/signers")).await.to_string();
        assert!(!public.contains("Greta"));
        // Erasing it twice finds nothing, and says so.
        let twice = app.post_dashboard_form(&organizer, &format!("/admin/signatures/{id}/erase"), &[("sure", "yes")]).await;
        assert_eq!(twice.headers()[LOCATION], "/admin?done=not_found");

        let home = app.page_as(&organizer.cookie, "/admin?done=erased").await;
        assert!(home.contains("raderade en underskrift på begäran") && home.contains(ORGANIZER));
        for trace in ["Greta", "Lund", "greta", typed] {
            assert!(!home.contains(trace), "{trace} in the audit log");
        }
        assert_eq!(app.stats().await["withdrawn"], 1);
    }

    async fn the_organiser_sees_who_waits_and_mails_a_confirmation_again_at_most_every_ten_minutes(engine) {
        let app = spawn(engine).await;
        let organizer = app.sign_in().await;
        let typo = "karin@gmial.com";
        assert_eq!(app.post_signature(&signature(json!({ "email": typo }))).await.status(), 202);
        let lost = app.mail.next().await.links();
        let page_path = format!("/admin/p/{PETITION}");
        let page = app.page_as(&organizer.cookie, &page_path).await;
        let waiting = &page[page.find("id=\"waiting\"").unwrap()..];
        assert!(waiting.contains(typo) && waiting.contains("1 väntar i allt") && waiting.contains("nyss"), "{waiting}");
        let id = after(waiting, "/admin/signatures/", '/');

        // Signed a moment ago, it was mailed a moment ago: not again yet.
        let too_soon = app.post_dashboard_form(&organizer, &format!("/admin/signatures/{id}/resend"), &[]).await;
        assert_eq!(too_soon.headers()[LOCATION], format!("{page_path}?done=resend_too_soon").as_str());
        app.mail.assert_quiet().await;

        app.execute_sql("UPDATE signatures SET signed_at = signed_at - 660000").await;
        let page = app.page_as(&organizer.cookie, &page_path).await;
        assert!(page.contains("för 11 minuter sedan"), "its age");
        let resent = app.post_dashboard_form(&organizer, &format!("/admin/signatures/{id}/resend"), &[]).await;
        assert_eq!(resent.status(), StatusCode::SEE_OTHER);
        assert_eq!(resent.headers()[LOCATION], format!("{page_path}?done=resent").as_str());
        let mail = app.mail.next().await;
        assert_eq!(mail.to, typo);
        assert!(mail.body.contains("Klicka på länken för att bekräfta"), "{}", mail.body);
        let fresh = mail.links();
        assert_eq!(app.confirm(&lost.confirm).await.status(), 404, "the links mailed before stop working");
        let again = app.post_dashboard_form(&organizer, &format!("/admin/signatures/{id}/resend"), &[]).await;
        assert_eq!(again.headers()[LOCATION], format!("{page_path}?done=resend_too_soon").as_str());
        app.mail.assert_quiet().await;

        let home = app.page_as(&organizer.cookie, "/admin").await;
        assert!(home.contains("skickade en bekräftelse igen") && home.contains(ORGANIZER), "the audit log");
        assert!(!home.contains(typo), "says who, never whose");
        let looked_up = app.post_dashboard_form(&organizer, "/admin/lookup", &[("email", typo)]).await.text().await.unwrap();
        assert!(looked_up.contains("Skicka bekräftelsen igen"), "the lookup offers it too");

        assert_eq!(app.confirm(&fresh.confirm).await.status(), 200);
        assert_eq!(app.confirmed_count().await, 1);
        let page = app.page_as(&organizer.cookie, &page_path).await;
        assert!(page.contains("Ingen underskrift väntar."));
        let confirmed = app.post_dashboard_form(&organizer, &format!("/admin/signatures/{id}/resend"), &[]).await;
        assert_eq!(confirmed.headers()[LOCATION], "/admin?done=not_found", "a confirmed signature is mailed nothing");
        let looked_up = app.post_dashboard_form(&organizer, "/admin/lookup", &[("email", typo)]).await.text().await.unwrap();
        assert!(!looked_up.contains("Skicka bekräftelsen igen"));
        app.mail.assert_quiet().await;
    }

    async fn the_organiser_takes_a_petition_down_and_puts_it_back_from_the_dashboard(engine) {
        let app = spawn(engine).await;
        let organizer = app.sign_in().await;
        let page = app.page_as(&organizer.cookie, &format!("/admin/p/{PETITION}")).await;
        assert!(page.contains("Ta ned från visning"));
        let down = app.post_dashboard_form(&organizer, &format!("/admin/p/{PETITION}/unpublish"), &[]).await;
        assert_eq!(down.headers()[LOCATION], format!("/admin/p/{PETITION}?done=unpublished"));
        let public = app.client.get(app.url(&format!("/p/{PETITION}"))).send().await.unwrap();
        assert_eq!(public.status(), 410);
        let page = app.page_as(&organizer.cookie, &format!("/admin/p/{PETITION}?done=unpublished")).await;
        assert!(page.contains("Nedtagen") && page.contains("Visa namninsamlingen igen"), "{page}");
        let home = app.page_as(&organizer.cookie, "/admin").await;
        assert!(home.contains("· nedtagen"));
        let back = app.post_dashboard_form(&organizer, &format!("/admin/p/{PETITION}/republish"), &[]).await;
        assert_eq!(back.headers()[LOCATION], format!("/admin/p/{PETITION}?done=republished"));
        assert_eq!(app.client.get(app.url(&format!("/p/{PETITION}"))).send().await.unwrap().status(), 200);
        let organiser = ORGANIZER.to_owned();
        assert_eq!(
            app.audit_log().await,
            [(organiser.clone(), "closed".to_owned()), (organiser.clone(), "unpublished".to_owned()), (organiser, "republished".to_owned())]
        );
    }

    async fn the_organiser_hides_a_name_and_sets_goal_and_retention_from_the_dashboard(engine) {
        let app = spawn(engine).await;
        let organizer = app.sign_in().await;
        app.sign_and_confirm(&signature(json!({ "email": "olle@example.se", "first_name": "Olle", "last_name": "Olämplig", "public": true }))).await;
        let page = app.page_as(&organizer.cookie, &format!("/admin/p/{PETITION}")).await;
        assert!(page.contains("Olle O."));
        let hide = after(&page, &format!("/admin/p/{PETITION}/signers/"), '"');
        let asked = app.post_dashboard_form(&organizer, &format!("/admin/p/{PETITION}/signers/{hide}"), &[]).await;
        assert!(asked.text().await.unwrap().contains("Dölja namnet för gott?"));
        assert!(app.get_json(&format!("/api/v1/petitions/{PETITION}/signers")).await.to_string().contains("Olle"), "asking hid nothing");
        let hidden = app.post_dashboard_form(&organizer, &format!("/admin/p/{PETITION}/signers/{hide}"), &[("sure", "yes")]).await;
        assert_eq!(hidden.headers()[LOCATION], format!("/admin/p/{PETITION}?done=hidden"));
        let public = app.get_json(&format!("/api/v1/petitions/{PETITION}/signers")).await.to_string();
        assert!(!public.contains("Olle"), "{public}");

        let goal = app.post_dashboard_form(&organizer, &format!("/admin/p/{PETITION}/goal"), &[("goal", "250000")]).await;
        assert_eq!(goal.headers()[LOCATION], format!("/admin/p/{PETITION}?done=goal"));
        assert_eq!(app.stats().await["goal"], 250000);
        let page = app.page_as(&organizer.cookie, &format!("/admin/p/{PETITION}")).await;
        assert_eq!(by_id(&page, "goal-figure"), "250000");
        assert!(page.contains("Lämna tomt för att visa uppropets eget mål") && !page.contains("innehållsfilens"));
        assert_eq!(page.matches("id=\"goal\"").count(), 1, "one element with the id goal");
        let bad = app.post_dashboard_form(&organizer, &format!("/admin/p/{PETITION}/goal"), &[("goal", "många")]).await;
        assert_eq!(bad.headers()[LOCATION], format!("/admin/p/{PETITION}?done=goal_invalid"));
        assert_eq!(app.stats().await["goal"], 250000);

        let retention = app.post_dashboard_form(&organizer, &format!("/admin/p/{PETITION}/retention"), &[("erase_after", "2027-06-30")]).await;
        assert_eq!(retention.headers()[LOCATION], format!("/admin/p/{PETITION}?done=retention"));
        assert_eq!(app.stats().await["erase_personal_data_after"], "2027-06-30T00:00:00Z");
        let page = app.page_as(&organizer.cookie, &format!("/admin/p/{PETITION}?done=retention")).await;
        assert!(page.contains("value=\"2027-06-30\"") && page.contains("Datumet för radering är sparat"));
        let bad = app.post_dashboard_form(&organizer, &format!("/admin/p/{PETITION}/retention"), &[("erase_after", "30/6")]).await;
        assert_eq!(bad.headers()[LOCATION], format!("/admin/p/{PETITION}?done=retention_invalid"));
    }
}

#[tokio::test]
async fn a_server_without_organisers_sends_no_sign_in_link() {
    let app = TestApp::spawn(crate::helpers::Engine::Sqlite).await;
    assert_eq!(app.ask_for_sign_in(ORGANIZER).await.status(), 200);
    app.mail.assert_quiet().await;
}

/// On SQLite, where holding the write lock holds every write (the sign-in link's too).
#[tokio::test]
async fn an_organiser_s_address_is_answered_as_soon_as_anyone_else_s() {
    let engine = crate::helpers::Engine::Sqlite;
    let app = spawn(engine).await;
    // The database busy for a while: an organiser's link waits for it, the answer does not.
    app.hold_write_lock(engine, std::time::Duration::from_secs(3))
        .await;
    for address in ["eve@example.se", "per@example.org"] {
        let asked = app.ask_for_sign_in(address);
        let answered = tokio::time::timeout(std::time::Duration::from_secs(1), asked).await;
        assert_eq!(
            answered.expect("answered at once").status(),
            200,
            "{address}"
        );
    }
    let mail = app.mail.next().await;
    assert_eq!(mail.to, "per@example.org", "sent once the database is free");
    app.mail.assert_quiet().await;
}

#[tokio::test]
async fn asking_again_and_again_cannot_fill_an_organiser_s_inbox() {
    let app = spawn(crate::helpers::Engine::Sqlite).await;
    for _ in 0..6 {
        assert_eq!(app.ask_for_sign_in(ORGANIZER).await.status(), 200);
    }
    for _ in 0..3 {
        app.mail.next().await;
    }
    app.mail.assert_quiet().await;
}

on_both_engines! {
    async fn the_reload_button_serves_a_changed_content_file_and_refuses_a_broken_one(engine) {
        let content = tempfile::tempdir().unwrap();
        let file = content.path().join("upprop-socialtjansten.json");
        let mut petition: Value = serde_json::from_str(
            &std::fs::read_to_string(crate::helpers::repo_path("content/upprop-socialtjansten.json")).unwrap(),
        ).unwrap();
        std::fs::write(&file, petition.to_string()).unwrap();
        let app = TestApp::spawn_with(engine, &[("--organizers", ORGANIZER), ("--content-dir", content.path().to_str().unwrap())]).await;
        let organizer = app.sign_in().await;
        let title = || async { app.get_json(&format!("/api/v1/petitions/{PETITION}")).await["petition"]["text"]["title"].clone() };
        assert_eq!(title().await, "Upprop Socialtjänsten");

        petition["sv"]["title"] = json!("Upprop Socialtjänsten 2027");
        std::fs::write(&file, petition.to_string()).unwrap();
        let reloaded = app.post_dashboard_form(&organizer, "/admin/reload", &[]).await;
        assert_eq!(reloaded.headers()[LOCATION], "/admin?done=reloaded");
        assert_eq!(title().await, "Upprop Socialtjänsten 2027", "the cached answer is made anew");
        let landing = app.client.get(app.url(&format!("/p/{PETITION}"))).send().await.unwrap().text().await.unwrap();
        assert!(landing.contains("Upprop Socialtjänsten 2027"));
        assert!(app.page_as(&organizer.cookie, "/admin").await.contains("Upprop Socialtjänsten 2027"));

        petition["sv"]["consents"][0]["required"] = json!(false);
        std::fs::write(&file, petition.to_string()).unwrap();
        let refused = app.post_dashboard_form(&organizer, "/admin/reload", &[]).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = refused.text().await.unwrap();
        assert!(page.contains("upprop-socialtjansten.json") && page.contains("sv.consents has no required consent"), "{page}");
        assert_eq!(title().await, "Upprop Socialtjänsten 2027", "nothing changed");
    }
}

#[tokio::test]
async fn behind_https_the_session_cookie_is_secure() {
    let app = TestApp::spawn_with(
        crate::helpers::Engine::Sqlite,
        &[
            ("--organizers", ORGANIZER),
            ("--public-url", "https://upprop.example.org"),
        ],
    )
    .await;
    app.ask_for_sign_in(ORGANIZER).await;
    let mail = app.mail.next().await;
    let link = mail
        .body
        .split_whitespace()
        .find(|w| w.contains("/admin/sign-in/"))
        .unwrap()
        .to_owned();
    assert!(
        link.starts_with("https://upprop.example.org/admin/sign-in/"),
        "{link}"
    );
    // The TLS proxy in front forwards to this server: the same path, over plain HTTP here.
    let path = link.trim_start_matches("https://upprop.example.org");
    let opened = no_redirects().post(app.url(path)).send().await.unwrap();
    let cookie = opened.headers()[SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.contains("Secure")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
}
