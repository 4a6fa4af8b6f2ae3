use serde_json::{Value, json};

use crate::helpers::{PETITION, TestApp, after, on_both_engines, signature};

/// The `content` of `<meta property|name="{name}" content="…">` in raw HTML, as a crawler
/// that runs no JavaScript reads it.
fn meta(html: &str, name: &str) -> Option<String> {
    let tag_start = html.find(&format!("=\"{name}\" content=\""))?;
    let value_start = tag_start + name.len() + 13;
    let value_end = value_start + html[value_start..].find('"')?;
    Some(html[value_start..value_end].replace("&amp;", "&"))
}

fn form(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn filled(id: &str, email: &str) -> Vec<(String, String)> {
    form(&[
        ("id", id),
        ("first_name", "Karin"),
        ("last_name", "Lund"),
        ("email", email),
        ("postal_code", "123 45"),
        ("comment", ""),
        ("consent_organizer", "true"),
    ])
}

impl TestApp {
    async fn post_form(&self, path: &str, fields: &[(String, String)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .form(fields)
            .send()
            .await
            .unwrap()
    }
}

on_both_engines! {
    async fn the_landing_page_previews_for_crawlers_and_signs_without_javascript(engine) {
        let app = TestApp::spawn(engine).await;
        let response = app.client.get(app.url(&format!("/p/{PETITION}?src=facebook"))).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-security-policy"].to_str().unwrap().contains("form-action 'self'"));
        let html = response.text().await.unwrap();
        assert!(html.len() < 50 * 1024, "the page is {} bytes", html.len());
        let compressed = app.client.get(app.url(&format!("/p/{PETITION}"))).header("accept-encoding", "br").send().await.unwrap();
        assert_eq!(compressed.headers()["content-encoding"], "br");
        assert!(compressed.bytes().await.unwrap().len() < 8 * 1024, "brotli on the wire");
        assert!(html.starts_with("<!DOCTYPE html><html lang=\"sv\">"));
        assert_eq!(meta(&html, "og:title").as_deref(), Some("Upprop Socialtjänsten"));
        let page_url = format!("{}/p/{PETITION}", app.address);
        assert_eq!(meta(&html, "og:url"), Some(page_url.clone()));
        assert_eq!(meta(&html, "og:locale").as_deref(), Some("sv_SE"));
        assert_eq!(meta(&html, "og:image:width").as_deref(), Some("1200"));
        assert_eq!(meta(&html, "og:image:height").as_deref(), Some("630"));
        assert!(meta(&html, "og:description").unwrap().contains("socialtjänst"));
        assert_eq!(meta(&html, "twitter:card").as_deref(), Some("summary_large_image"));
        assert!(html.contains(&format!(r#"<link rel="canonical" href="{page_url}">"#)));
        assert!(html.contains(r#"type="application/json+oembed""#));
        let demands = &html[html.find("<ol>").unwrap()..html.find("</ol>").unwrap()];
        assert_eq!(demands.matches("<li>").count(), 13, "every demand");
        assert!(html.contains("500 000"), "the SCB figure");
        assert!(html.contains(r#"<progress max="100" value="0""#), "{html}");
        assert!(html.contains(r#"<input type="hidden" name="src" value="facebook">"#));
        // Who asks, and of whom, under the title.
        let byline = r#"<p class="byline">Ett upprop från <strong>Barnrättsföreningen Brinn för barnen</strong> till <strong>Sveriges riksdag</strong></p>"#;
        assert!(html.find("</h1>").unwrap() < html.find(byline).expect(&html));

        // The widget's first view: the title, who asks whom, then the count, before the story.
        let view = app.client.get(app.url(&format!("/p/{PETITION}/widget"))).send().await.unwrap().text().await.unwrap();
        let at = |marker: &str| view.find(marker).unwrap_or_else(|| panic!("no {marker} in {view}"));
        assert!(at(r#"<h2 class="title">"#) < at(byline) && at(byline) < at(r#"<div class="progress">"#));
        assert!(at(r#"<div class="progress">"#) < at(r#"<p class="lead">"#) && at(r#"<p class="lead">"#) < at("<form"));
        assert!(view.contains(r#"<button class="show-all" type="button" aria-expanded="false">Visa hela uppropet och skriv under</button>"#));

        // The English page says so everywhere a crawler looks.
        let english = app.client.get(app.url(&format!("/p/{PETITION}?lang=en"))).send().await.unwrap().text().await.unwrap();
        assert!(english.contains(r#"<html lang="en">"#));
        assert_eq!(meta(&english, "og:locale").as_deref(), Some("en_GB"));
        assert_eq!(meta(&english, "og:url"), Some(format!("{page_url}?lang=en")));

        // Signing with the plain form, as a phone without JavaScript does.
        let id = uuid::Uuid::new_v4().to_string();
        let mut fields = filled(&id, "karin@example.se");
        fields.push(("src".into(), "facebook".into()));
        let signed = app.post_form(&format!("/p/{PETITION}"), &fields).await;
        assert_eq!(signed.status(), 200);
        let thanks = signed.text().await.unwrap();
        assert!(thanks.contains("Tack! Bekräfta din underskrift"), "{thanks}");
        assert!(thanks.contains("https://www.facebook.com/sharer/sharer.php?u="), "the share step");
        assert!(!thanks.contains(r#"<form method="post""#));
        let links = app.mail.next().await.links();

        // Resubmitting the same page (the browser's reload) stores and mails nothing new.
        assert_eq!(app.post_form(&format!("/p/{PETITION}"), &fields).await.status(), 200);
        app.mail.assert_quiet().await;
        assert_eq!(app.stats().await["unconfirmed"], 1);

        app.confirm(&links.confirm).await;
        let export = app.admin_get("signatures.csv").await.text().await.unwrap();
        assert!(export.contains(&format!("Karin,Lund,karin@example.se,123 45,,no,sv,{page_url},facebook,")), "{export}");
        assert!(export.contains(",yes,Genom att skriva på"), "the consent text the page showed: {export}");
        let stats = app.stats().await;
        assert_eq!(stats["per_channel"][0], json!({ "key": "facebook", "confirmed": 1 }));

        // A duplicate address through the form is not stored twice, and the answer does not tell.
        let again = app.post_form(&format!("/p/{PETITION}"), &filled(&uuid::Uuid::new_v4().to_string(), "KARIN@example.se")).await;
        assert_eq!(again.status(), 200);
        assert!(app.mail.next().await.body.contains("redan en bekräftad underskrift"));
        assert_eq!(app.confirmed_count().await, 1);
    }

    async fn the_no_script_form_shows_each_message_by_its_field_and_keeps_what_was_typed(engine) {
        let app = TestApp::spawn(engine).await;
        let fields = form(&[
            ("id", &uuid::Uuid::new_v4().to_string()),
            ("first_name", "Karin <b>"),
            ("last_name", ""),
            ("email", "karin-at-example.se"),
            ("postal_code", "12"),
            ("comment", "Viktigt & bra"),
            ("public", "true"),
        ]);
        let response = app.post_form(&format!("/p/{PETITION}"), &fields).await;
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        for (field, message) in [
            ("first_name", "tecken som inte är tillåtna"),
            ("last_name", "Fyll i det här fältet."),
            ("email", "Skriv en giltig e-postadress"),
            ("postal_code", "Ett postnummer har fem siffror"),
            ("consent_organizer", "Du behöver kryssa i rutan"),
        ] {
            let error = format!(r#"<p class="error" id="{field}-error">"#);
            let at = html.find(&error).unwrap_or_else(|| panic!("no message for {field}: {html}"));
            assert!(html[at..].starts_with(&format!("{error}{message}")) || html[at..at + 300].contains(message), "{field}");
            assert!(html.contains(&format!(r#"aria-describedby="{field}-error""#)) || html.contains(&format!(r#"{field}-error""#)));
        }
        assert!(html.contains(r#"value="Karin &lt;b&gt;""#), "typed values kept, escaped");
        assert!(html.contains(r#"value="karin-at-example.se""#));
        assert!(html.contains(">Viktigt &amp; bra</textarea>"));
        assert!(html.contains(r#"name="public" value="true" checked"#));
        assert_eq!(app.stats().await["unconfirmed"], 0, "nothing stored");
        app.mail.assert_quiet().await;
    }

    async fn a_visitor_from_a_shared_link_is_counted_under_its_channel(engine) {
        let app = TestApp::spawn(engine).await;
        let body = signature(json!({
            "source": { "url": "https://blog.example/upprop?src=whatsapp&token=secret#form", "referrer": "https://l.facebook.com/l.php?u=x" }
        }));
        app.sign_and_confirm(&body).await;
        let export = app.admin_get("signatures.csv").await.text().await.unwrap();
        assert!(export.contains(",https://blog.example/upprop,whatsapp,"), "{export}");
        assert!(!export.contains("secret"), "no query string is kept");
        let stats: Value = app.stats().await;
        assert_eq!(stats["per_channel"][0], json!({ "key": "whatsapp", "confirmed": 1 }));
        assert_eq!(stats["per_source"][0]["key"], "https://blog.example/upprop");
    }

    async fn the_confirmation_page_offers_the_share_step(engine) {
        let app = TestApp::spawn(engine).await;
        assert_eq!(app.post_signature(&signature(json!({}))).await.status(), 202);
        let links = app.mail.next().await.links();
        let page = app.confirm(&links.confirm).await.text().await.unwrap();
        assert!(page.contains(r#"<progress max="100" value="1""#), "{page}");
        for expected in ["https://wa.me/?text=", "src%3Dwhatsapp", "https://bsky.app/intent/compose?text=", "mailto:?subject=", "%23brinnforbarnen"] {
            assert!(page.contains(expected), "{expected} in {page}");
        }
        assert!(page.contains(r#"rel="noopener noreferrer""#));
        // The landing page's look, who asks and how to reach them, and the way back.
        assert!(page.contains("accent-color:#b3261e") && page.contains("<main>"), "{page}");
        let style = after(&page, "<style>", '<');
        assert!(style.contains("'Segoe UI'") && !style.contains('&'), "the stylesheet as written: {style}");
        assert!(page.contains("Namninsamlingen drivs av <strong>Barnrättsföreningen Brinn för barnen</strong>"));
        assert!(page.contains(r#"<a href="mailto:info@brinnforbarnen.se">"#));
        assert!(page.contains(&format!(r#"<a href="{}/p/{PETITION}">Tillbaka till uppropet</a>"#, app.address)), "{page}");
    }

    async fn the_pages_behind_the_links_are_read_in_either_language_and_stay_in_the_one_chosen(engine) {
        let app = TestApp::spawn(engine).await;
        assert_eq!(app.post_signature(&signature(json!({}))).await.status(), 202);
        let links = app.mail.next().await.links();
        let get = |url: String| {
            let client = app.client.clone();
            async move { client.get(url).send().await.unwrap().text().await.unwrap() }
        };
        let confirm_path = format!("/confirm/{}", after(&links.confirm, "/confirm/", '?'));

        // In the signer's language first, with the way to the other, named in it.
        let swedish = get(links.confirm.clone()).await;
        assert!(swedish.contains("<h1>Bekräfta din underskrift</h1>"), "{swedish}");
        assert!(swedish.contains(&format!(
            r#"<p class="language"><a href="{confirm_path}?lang=en" lang="en" hreflang="en">In English</a></p>"#
        )), "{swedish}");
        let english = get(app.url(&format!("{confirm_path}?lang=en"))).await;
        assert!(english.contains(r#"<html lang="en">"#) && english.contains("<h1>Confirm your signature</h1>"), "{english}");
        assert!(english.contains(&format!(r#"<a href="{confirm_path}?lang=sv" lang="sv" hreflang="sv">På svenska</a>"#)));
        // The consents are shown in the words agreed to, whatever language the page is read in.
        let agreed = crate::helpers::consent_text("consent_organizer", upprop_core::Locale::Sv);
        assert!(english.contains(&agreed), "{english}");
        assert!(english.contains(&format!(r#"<form method="post" action="{confirm_path}?lang=en">"#)), "{english}");

        // Pressed from the English page, the signature is confirmed, and said so in English.
        let confirmed = app.confirm(&app.url(&format!("{confirm_path}?lang=en"))).await.text().await.unwrap();
        assert!(confirmed.contains("<h1>Thank you! Your signature is confirmed</h1>"), "{confirmed}");
        assert!(confirmed.contains(&format!(r#"<a href="{}/p/{PETITION}?lang=en">"#, app.address)), "{confirmed}");
        assert!(confirmed.contains(&format!(r#"<a href="{confirm_path}?lang=sv" lang="sv" hreflang="sv">På svenska</a>"#)));
        assert_eq!(app.confirmed_count().await, 1);

        let withdraw_path = format!("/withdraw/{}", after(&links.withdraw, "/withdraw/", '?'));
        let withdraw = get(app.url(&format!("{withdraw_path}?lang=en"))).await;
        assert!(withdraw.contains("<h1>Withdraw your signature</h1>"), "{withdraw}");
        assert!(withdraw.contains(&format!(r#"<form method="post" action="{withdraw_path}?lang=en">"#)), "{withdraw}");
        assert!(withdraw.contains(&format!(r#"<a href="{withdraw_path}?lang=sv" lang="sv" hreflang="sv">På svenska</a>"#)));
        // A language the server does not have is the signer's own.
        let unknown = get(app.url(&format!("{withdraw_path}?lang=fi"))).await;
        assert!(unknown.contains("<h1>Ta tillbaka din underskrift</h1>"), "{unknown}");
    }
}

#[tokio::test]
async fn the_share_image_is_a_1200_by_630_png() {
    let app = TestApp::spawn(crate::helpers::Engine::Sqlite).await;
    let response = app
        .client
        .get(app.url(&format!("/p/{PETITION}/share.png?lang=sv")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/png");
    let bytes = response.bytes().await.unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes.to_vec()));
    let reader = decoder.read_info().unwrap();
    assert_eq!((reader.info().width, reader.info().height), (1200, 630));
    let unknown = app
        .client
        .get(app.url("/p/no-such/share.png"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn oembed_describes_the_iframe_for_a_pasted_link() {
    let app = TestApp::spawn(crate::helpers::Engine::Sqlite).await;
    let page_url = format!("{}/p/{PETITION}?lang=en", app.address);
    let oembed = |limits: &'static [(&'static str, &'static str)]| {
        let (app, page_url) = (&app, page_url.clone());
        async move {
            let response = app
                .client
                .get(app.url("/oembed"))
                .query(&[("url", page_url.as_str())])
                .query(limits)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            response.json::<Value>().await.unwrap()
        }
    };
    let body = oembed(&[("maxwidth", "500")]).await;
    assert_eq!(body["type"], "rich");
    assert_eq!(body["version"], "1.0");
    assert_eq!(body["width"], 500);
    assert_eq!(body["height"], 640, "the first view's height");
    let html = body["html"].as_str().unwrap();
    // WordPress keeps a quotation only before the iframe, and then loads its host script.
    assert!(
        html.starts_with(&format!(
            r#"<blockquote><a href="{page_url}">Appeal: reform Sweden's social services – Barnrättsföreningen Brinn för barnen</a></blockquote><iframe src="{}/embed/{PETITION}?lang=en""#,
            app.address
        )),
        "{html}"
    );
    assert!(
        html.contains(r#" width="100%" height="640" allow="clipboard-write; web-share""#),
        "{html}"
    );
    assert!(
        !html.contains("max-width"),
        "never wider than the host's column: {html}"
    );
    let smaller = oembed(&[("maxwidth", "1200"), ("maxheight", "300")]).await;
    assert_eq!(smaller["width"], 736, "no wider than the widget itself");
    assert_eq!(smaller["height"], 300);
    assert!(
        smaller["html"]
            .as_str()
            .unwrap()
            .contains(r#" height="300""#)
    );
    for other in [
        "https://elsewhere.example/p/x",
        &format!("{}/p/no-such", app.address),
    ] {
        let response = app
            .client
            .get(app.url("/oembed"))
            .query(&[("url", other)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{other}");
    }
    let xml = app
        .client
        .get(app.url("/oembed"))
        .query(&[("url", page_url.as_str()), ("format", "xml")])
        .send()
        .await
        .unwrap();
    assert_eq!(xml.status(), 501);

    let embed = app
        .client
        .get(app.url(&format!("/embed/{PETITION}")))
        .send()
        .await
        .unwrap();
    assert_eq!(embed.status(), 200);
    let csp = embed.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors *"), "{csp}");
    // In a sandboxed frame WebKit matches 'self' to nothing: the origin is named too.
    assert!(
        csp.contains(&format!("script-src 'self' {} ", app.address)),
        "{csp}"
    );
    let landing = app
        .client
        .get(app.url(&format!("/p/{PETITION}")))
        .send()
        .await
        .unwrap();
    assert!(
        landing.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
}

on_both_engines! {
    async fn the_landing_page_form_is_refused_exactly_where_the_api_is(engine) {
        let app = TestApp::spawn_with(engine, &[
            ("--signatures-per-mail-domain-per-hour", "3"),
            ("--signatures-per-minute", "0"),
        ]).await;
        let page = format!("/p/{PETITION}");
        for n in 0..3 {
            let id = uuid::Uuid::new_v4().to_string();
            let signed = app.post_form(&page, &filled(&id, &format!("x{n}@slask.example"))).await;
            assert_eq!(signed.status(), 200);
            app.mail.next().await;
        }
        // The fourth at that domain, by the form and by the API alike: refused, nothing mailed.
        let id = uuid::Uuid::new_v4().to_string();
        let refused = app.post_form(&page, &filled(&id, "x3@SLASK.example")).await;
        assert_eq!(refused.status(), 429);
        let wait: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((60..=3600).contains(&wait), "{wait}");
        let html = refused.text().await.unwrap();
        assert!(html.contains("Många underskrifter har skickats härifrån"), "{html}");
        assert!(html.contains(r#"value="x3@SLASK.example""#), "what was typed stays");
        let by_api = app.post_signature(&signature(json!({ "email": "x4@slask.example" }))).await;
        assert_eq!(by_api.status(), 429);
        app.mail.assert_quiet().await;
    }

    async fn the_landing_page_form_waits_out_a_flood_as_the_api_does(engine) {
        let app = TestApp::spawn_with(engine, &[
            ("--unconfirmed-per-minute", "3"),
            ("--signatures-per-minute", "8"),
        ]).await;
        let page = format!("/p/{PETITION}");
        for n in 0..3 {
            let id = uuid::Uuid::new_v4().to_string();
            assert_eq!(app.post_form(&page, &filled(&id, &format!("flod{n}@example.se"))).await.status(), 200);
        }
        // The servers read the global count at most once a second; while flooded, a form
        // (which does no work) gets a quarter of the address's allowance: 2 of 8.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        let id = uuid::Uuid::new_v4().to_string();
        let refused = app.post_form(&page, &filled(&id, "flod3@example.se")).await;
        assert_eq!(refused.status(), 429);
        assert!(refused.headers().contains_key("retry-after"));
    }

    async fn two_people_signing_from_one_page_view_are_both_stored_and_a_resubmission_once(engine) {
        let app = TestApp::spawn(engine).await;
        let page = format!("/p/{PETITION}");
        let shown = app.client.get(app.url(&page)).send().await.unwrap();
        assert_eq!(shown.headers()["cache-control"], "no-store");
        let html = shown.text().await.unwrap();
        let id = crate::helpers::after(&html, r#"name="id" value=""#, '"');
        for email in ["forsta@example.se", "andra@example.se", "andra@example.se"] {
            let signed = app.post_form(&page, &filled(&id, email)).await;
            assert_eq!(signed.status(), 200);
            assert_eq!(signed.headers()["cache-control"], "no-store");
        }
        assert_eq!(app.mail.next().await.to, "forsta@example.se");
        assert_eq!(app.mail.next().await.to, "andra@example.se");
        app.mail.assert_quiet().await;
        assert_eq!(app.stats().await["unconfirmed"], 2);
    }
}

#[tokio::test]
async fn a_landing_or_dashboard_form_larger_than_any_real_one_is_refused_unread() {
    let app = TestApp::spawn(crate::helpers::Engine::Sqlite).await;
    let id = uuid::Uuid::new_v4().to_string();
    let mut fields = filled(&id, "stor@example.se");
    fields.push(("comment".into(), "x".repeat(64 * 1024)));
    let huge = app.post_form(&format!("/p/{PETITION}"), &fields).await;
    assert_eq!(huge.status(), 413);
    let sign_in = app
        .post_form("/admin/sign-in", &[("email".into(), "y".repeat(64 * 1024))])
        .await;
    assert_eq!(sign_in.status(), 413);
    app.mail.assert_quiet().await;
}

#[tokio::test]
async fn a_form_started_at_the_smallest_moment_is_measured_without_overflowing() {
    let app = TestApp::spawn(crate::helpers::Engine::Sqlite).await;
    let id = uuid::Uuid::new_v4().to_string();
    let mut fields = filled(&id, "tidig@example.se");
    fields.push(("started".into(), i64::MIN.to_string()));
    let signed = app.post_form(&format!("/p/{PETITION}"), &fields).await;
    assert_eq!(signed.status(), 200);
    assert_eq!(app.mail.next().await.to, "tidig@example.se");
}

#[tokio::test]
async fn the_landing_page_names_its_icon_and_its_other_language() {
    let app = TestApp::spawn(crate::helpers::Engine::Sqlite).await;
    let swedish = app
        .client
        .get(app.url(&format!("/p/{PETITION}")))
        .send()
        .await
        .unwrap();
    let html = swedish.text().await.unwrap();
    assert_eq!(meta(&html, "og:locale:alternate").as_deref(), Some("en_GB"));
    assert!(html.contains(&format!(
        r#"<link rel="alternate" hreflang="en" href="{}/p/{PETITION}?lang=en">"#,
        app.address
    )));
    let english = app
        .client
        .get(app.url(&format!("/p/{PETITION}?lang=en")))
        .send()
        .await
        .unwrap();
    let english = english.text().await.unwrap();
    assert_eq!(
        meta(&english, "og:locale:alternate").as_deref(),
        Some("sv_SE")
    );
    // And a reader sees the way to the other language, named in it.
    assert!(html.contains(&format!(
        r#"<p class="language"><a href="{}/p/{PETITION}?lang=en" lang="en" hreflang="en">In English</a></p>"#,
        app.address
    )), "{html}");
    assert!(english.contains(&format!(
        r#"<a href="{}/p/{PETITION}" lang="sv" hreflang="sv">På svenska</a>"#,
        app.address
    )));
    assert!(html.contains(r#"<link rel="icon" href="/favicon.svg" type="image/svg+xml">"#));
    for path in ["/favicon.svg", "/favicon.ico"] {
        let icon = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(icon.status(), 200, "{path}");
        assert_eq!(icon.headers()["content-type"], "image/svg+xml");
        assert!(icon.text().await.unwrap().starts_with("<svg "));
    }
}

#[tokio::test]
async fn an_unknown_petition_has_no_landing_page() {
    let app = TestApp::spawn(crate::helpers::Engine::Sqlite).await;
    let response = app.client.get(app.url("/p/no-such")).send().await.unwrap();
    assert_eq!(response.status(), 404);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Namninsamlingen finns inte")
    );
}
