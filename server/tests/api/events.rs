//! A campaign's manifestations: each has a page that reads without JavaScript, and the landing
//! page points to the one coming (or the last one held); candles lit once per id through the
//! signatures' admission, counted per event; the calendar entry; the printed flyer's code; the
//! organiser's figures.

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, LOCATION};
use serde_json::{Value, json};
use upprop_core::proof::{Challenge, Proof, search};
use uuid::Uuid;

use crate::dashboard::ORGANIZER;
use crate::helpers::{
    PETITION, TestApp, after, consents, no_redirects, on_both_engines, repo_path, signature,
};

const EVENT: &str = "ljusmanifestation-2021";

on_both_engines! {
    async fn a_manifestation_has_a_page_of_its_own_in_either_language(engine) {
        let app = TestApp::spawn(engine).await;
        let get = |path: String| {
            let client = app.client.clone();
            let url = app.url(&path);
            async move { client.get(url).send().await.unwrap() }
        };
        let answer = get(format!("/p/{PETITION}/events/{EVENT}")).await;
        assert_eq!(answer.status(), 200);
        assert!(answer.headers()["content-security-policy"].to_str().unwrap().contains("default-src 'none'"));
        let html = answer.text().await.unwrap();
        assert!(html.starts_with(r#"<!DOCTYPE html><html lang="sv">"#));
        assert!(html.contains("<h1>Ljusmanifestation för Upprop Socialtjänsten</h1>"), "{html}");
        // 2021 is past: it was held, on the day the flyer gives, wherever each one was.
        assert!(html.contains(r#"<p class="when"><strong>Hölls: </strong>söndag 7 februari 2021, hela dagen</p>"#), "{html}");
        assert!(html.contains("Där du är: i ett fönster, på en balkong"));
        let demands = &html[html.find("<ol>").unwrap()..html.find("</ol>").unwrap()];
        assert_eq!(demands.matches("<li>").count(), 8, "the flyer's demands");
        assert!(html.contains("Låt ditt ljus brinna för alla utsatta barn."));
        // The way to the petition carries where the signer came from.
        let sign = after(&html, r#"<a class="cta" href=""#, '"');
        assert_eq!(sign, format!("{}/p/{PETITION}?src=event-{EVENT}", app.address));
        // Its own preview where it is shared.
        let og_title = after(&html, r#"<meta property="og:title" content=""#, '"');
        assert_eq!(og_title, "Ljusmanifestation för Upprop Socialtjänsten · söndag 7 februari 2021, hela dagen");
        assert!(html.contains(&format!(r#"<link rel="canonical" href="{}/p/{PETITION}/events/{EVENT}">"#, app.address)));
        assert!(html.contains(&format!(r#"<a href="{}/p/{PETITION}/events/{EVENT}?lang=en" lang="en" hreflang="en">In English</a>"#, app.address)));
        // Its one script keeps the count current; the page reads whole without it.
        assert_eq!(html.matches("<script").count(), 1);
        assert!(html.contains(r#"<script src="/event.js" defer></script>"#));

        let english = get(format!("/p/{PETITION}/events/{EVENT}?lang=en")).await.text().await.unwrap();
        assert!(english.contains("<h1>Candle manifestation for Upprop Socialtjänsten</h1>"));
        assert!(english.contains("<strong>Held: </strong>Sunday 7 February 2021, all day"), "{english}");
        assert!(english.contains(&format!("{}/p/{PETITION}?lang=en&amp;src=event-{EVENT}", app.address)), "{english}");

        let landing = get(format!("/p/{PETITION}")).await.text().await.unwrap();
        let block = &landing[landing.find(r#"<aside class="event""#).expect(&landing)..];
        assert!(block.contains(&format!(r#"<a href="{}/p/{PETITION}/events/{EVENT}">Ljusmanifestation för Upprop Socialtjänsten</a>"#, app.address)), "{block}");
        assert!(block.contains("<p>Hölls: söndag 7 februari 2021, hela dagen</p>"));
        // Come from a flyer, the way to the event keeps the tag.
        let tagged = get(format!("/p/{PETITION}?src=flyer")).await.text().await.unwrap();
        assert!(tagged.contains(&format!(r#"<a href="{}/p/{PETITION}/events/{EVENT}?src=flyer""#, app.address)));

        let missing = get(format!("/p/{PETITION}/events/no-such-event")).await;
        assert_eq!(missing.status(), 404);
        assert!(missing.text().await.unwrap().contains("Manifestationen finns inte"));
        assert_eq!(get(format!("/p/no-such-petition/events/{EVENT}")).await.status(), 404);
    }
}

impl TestApp {
    async fn light(&self, event: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(&format!(
                "/api/v1/petitions/{PETITION}/events/{event}/candles"
            )))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    async fn candles(&self) -> u64 {
        self.get_json(&format!("/api/v1/petitions/{PETITION}/events/{EVENT}"))
            .await["candles"]
            .as_u64()
            .unwrap()
    }

    async fn page(&self, path: &str) -> (StatusCode, String) {
        let answer = self.client.get(self.url(path)).send().await.unwrap();
        (answer.status(), answer.text().await.unwrap())
    }

    /// Presses the event page's candle button as a browser without JavaScript does.
    async fn light_from_page(&self, query: &str) -> reqwest::Response {
        let (_, page) = self
            .page(&format!("/p/{PETITION}/events/{EVENT}{query}"))
            .await;
        let action = after(&page, r#"<form method="post" action=""#, '"').replace("&amp;", "&");
        let id = after(&page, r#"<input type="hidden" name="id" value=""#, '"');
        let mut form = vec![("id", id)];
        if page.contains(r#"name="src""#) {
            form.push((
                "src",
                after(&page, r#"<input type="hidden" name="src" value=""#, '"'),
            ));
        }
        no_redirects()
            .post(self.url(&action))
            .form(&form)
            .send()
            .await
            .unwrap()
    }
}

/// A copy of the bundled content with its manifestation changed by `change`, in a folder of
/// its own (kept as long as the folder is).
fn content_with(change: impl FnOnce(&mut Value)) -> (tempfile::TempDir, std::path::PathBuf, Value) {
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("upprop-socialtjansten.json");
    let mut petition: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_path("content/upprop-socialtjansten.json")).unwrap(),
    )
    .unwrap();
    change(&mut petition["events"][0]);
    std::fs::write(&file, petition.to_string()).unwrap();
    (folder, file, petition)
}

on_both_engines! {
    async fn a_candle_is_lit_once_per_id_and_counted_for_its_event(engine) {
        let app = TestApp::spawn(engine).await;
        assert_eq!(app.candles().await, 0);
        let id = Uuid::new_v4().to_string();
        let lit = app.light(EVENT, &json!({ "id": id })).await;
        assert_eq!(lit.status(), StatusCode::OK);
        assert_eq!(lit.json::<Value>().await.unwrap(), json!({ "event": EVENT, "candles": 1, "over": true }));
        // Sent again (a retry, a second tap): the same candle.
        let again: Value = app.light(EVENT, &json!({ "id": id })).await.json().await.unwrap();
        assert_eq!(again["candles"], 1);
        let other: Value = app.light(EVENT, &json!({ "id": Uuid::new_v4() })).await.json().await.unwrap();
        assert_eq!(other["candles"], 2);
        assert_eq!(app.candles().await, 2);

        // The page shows the count, and the landing page's block too.
        let (_, page) = app.page(&format!("/p/{PETITION}/events/{EVENT}")).await;
        assert!(page.contains(r#"Tända ljus: <strong>2</strong>"#), "{page}");
        assert!(page.contains(r#"data-candles="/api/v1/petitions/upprop-socialtjansten/events/ljusmanifestation-2021""#));
        assert!(page.contains(r#"<svg class="candle-picture""#) && page.contains(r#"aria-hidden="true""#));
        let (_, landing) = app.page(&format!("/p/{PETITION}")).await;
        let block = &landing[landing.find(r#"<aside class="event""#).unwrap()..];
        assert!(block[..block.find("</aside>").unwrap()].contains("<p>Tända ljus: 2</p>"), "{block}");
        // The widget's first view, and the answer the widget writes its block from, too.
        let (_, widget) = app.page(&format!("/p/{PETITION}/widget")).await;
        assert!(widget.contains("<p>Tända ljus: 2</p>"), "{widget}");
        let answer = app.get_json(&format!("/api/v1/petitions/{PETITION}?lang=en")).await;
        assert_eq!(answer["event"], json!({
            "title": "Candle manifestation for Upprop Socialtjänsten",
            "when": "Held: Sunday 7 February 2021, all day",
            "url": format!("{}/p/{PETITION}/events/{EVENT}?lang=en", app.address),
            "candles": "Candles lit: 2",
        }));
    }
}

on_both_engines! {
    async fn a_candle_lit_without_javascript_thanks_and_offers_the_petition_with_its_source(engine) {
        let app = TestApp::spawn(engine).await;
        // Come from a flyer: the tag stays on the way to the petition.
        let pressed = app.light_from_page("?src=flyer-biblioteket").await;
        assert_eq!(pressed.status(), StatusCode::SEE_OTHER);
        let back = pressed.headers()[LOCATION].to_str().unwrap().to_owned();
        assert_eq!(back, format!("/p/{PETITION}/events/{EVENT}?lang=sv&src=flyer-biblioteket&lit=1#candle"));
        assert_eq!(app.candles().await, 1);
        let (_, thanked) = app.page(&back).await;
        assert!(thanked.contains(r#"<p class="lit" role="status"><strong>Ditt ljus brinner. Tack!</strong></p>"#), "{thanked}");
        let sign = after(&thanked[thanked.find(r#"class="lit""#).unwrap()..], r#"<a class="cta" href=""#, '"');
        assert_eq!(sign, format!("{}/p/{PETITION}?src=flyer-biblioteket", app.address));
        // Without a tag of their own, the candle is the source.
        app.light_from_page("?lang=en").await;
        let (_, english) = app.page(&format!("/p/{PETITION}/events/{EVENT}?lang=en&lit=1")).await;
        let sign = after(&english[english.find(r#"class="lit""#).unwrap()..], r#"<a class="cta" href=""#, '"');
        assert_eq!(sign, format!("{}/p/{PETITION}?lang=en&amp;src=candle-{EVENT}", app.address));
        assert!(english.contains("Your candle is burning. Thank you!"));
        assert_eq!(app.candles().await, 2);
    }
}

on_both_engines! {
    async fn candles_go_through_the_signatures_admission(engine) {
        // An allowance of two a minute without work, shared with signing.
        let app = TestApp::spawn_with(engine, &[("--proof-difficulty", "10"), ("--signatures-per-minute", "2")]).await;
        for _ in 0..2 {
            assert_eq!(app.light(EVENT, &json!({ "id": Uuid::new_v4() })).await.status(), StatusCode::OK);
        }
        let id = Uuid::new_v4().to_string();
        let refused = app.light(EVENT, &json!({ "id": id })).await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(refused.headers().contains_key("retry-after"));
        let answer: Value = refused.json().await.unwrap();
        assert_eq!(answer["error"]["code"], "rate_limited");
        // The work it asks for, bound to the candle's id, lets it through.
        let challenge: Challenge = serde_json::from_value(answer["error"]["challenge"].clone()).unwrap();
        let nonce = search(&challenge, &id, 0, u64::MAX).unwrap();
        let proven = app.light(EVENT, &json!({ "id": id, "proof": Proof::of(&challenge, nonce) })).await;
        assert_eq!(proven.status(), StatusCode::OK);
        assert_eq!(app.candles().await, 3);
        // A signature from the same address now needs work too: one allowance for both.
        assert_eq!(app.post_signature(&signature(json!({}))).await.status(), StatusCode::TOO_MANY_REQUESTS);
        // The page's form, which does no work, says to wait, and keeps its id for the retry.
        let pressed = app.light_from_page("").await;
        assert_eq!(pressed.status(), StatusCode::TOO_MANY_REQUESTS);
        let page = pressed.text().await.unwrap();
        assert!(page.contains(r#"<p class="notice" role="alert">Många ljus tänds från din uppkoppling just nu."#), "{page}");
        assert_eq!(app.candles().await, 3);
    }
}

on_both_engines! {
    async fn a_candle_for_no_event_or_a_closed_petition_or_of_no_shape_is_refused_by_code(engine) {
        let app = TestApp::spawn(engine).await;
        let code = |response: reqwest::Response| async move {
            let status = response.status();
            (status, response.json::<Value>().await.unwrap()["error"]["code"].as_str().unwrap().to_owned())
        };
        let id = json!({ "id": Uuid::new_v4() });
        assert_eq!(code(app.light("no-such-event", &id).await).await, (StatusCode::NOT_FOUND, "event_not_found".into()));
        let no_petition = app.client.post(app.url(&format!("/api/v1/petitions/nope/events/{EVENT}/candles"))).json(&id).send().await.unwrap();
        assert_eq!(code(no_petition).await, (StatusCode::NOT_FOUND, "petition_not_found".into()));
        for body in [json!({}), json!({ "id": "not-a-uuid" }), json!([]), json!({ "id": 7 })] {
            assert_eq!(code(app.light(EVENT, &body).await).await, (StatusCode::BAD_REQUEST, "malformed_json".into()), "{body}");
        }
        let not_json = app.client.post(app.url(&format!("/api/v1/petitions/{PETITION}/events/{EVENT}/candles"))).body("id=1").send().await.unwrap();
        assert_eq!(code(not_json).await, (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type".into()));
        let no_event = app.client.get(app.url(&format!("/api/v1/petitions/{PETITION}/events/nope"))).send().await.unwrap();
        assert_eq!(code(no_event).await, (StatusCode::NOT_FOUND, "event_not_found".into()));
        assert_eq!(app.candles().await, 0, "nothing was lit");

        assert_eq!(app.admin_send(reqwest::Method::POST, "close", None).await.status(), StatusCode::NO_CONTENT);
        assert_eq!(code(app.light(EVENT, &id).await).await, (StatusCode::GONE, "petition_closed".into()));
        let (_, page) = app.page(&format!("/p/{PETITION}/events/{EVENT}")).await;
        assert!(!page.contains("<form"), "a closed petition's event offers no candle");
        assert!(page.contains("Tända ljus: <strong>0</strong>"));
    }
}

/// The calendar entry's lines, unfolded.
fn calendar_lines(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "")
        .split("\r\n")
        .map(str::to_owned)
        .collect()
}

fn line<'a>(lines: &'a [String], name: &str) -> &'a str {
    lines
        .iter()
        .find_map(|line| line.strip_prefix(name))
        .unwrap_or_else(|| panic!("no {name} in {lines:?}"))
}

on_both_engines! {
    async fn the_calendar_entry_keeps_its_uid_and_raises_its_sequence_when_the_event_changes(engine) {
        let (folder, file, mut petition) = content_with(|event| {
            event["starts"] = json!("2027-03-28T18:00");
            event["ends"] = json!("2027-03-28T20:00");
        });
        let app = TestApp::spawn_with(engine, &[("--organizers", ORGANIZER), ("--content-dir", folder.path().to_str().unwrap())]).await;
        let ics = |lang: &'static str| {
            let client = app.client.clone();
            let url = app.url(&format!("/p/{PETITION}/events/{EVENT}/calendar.ics?lang={lang}"));
            async move {
                let answer = client.get(url).send().await.unwrap();
                assert_eq!(answer.status(), StatusCode::OK);
                assert_eq!(answer.headers()[CONTENT_TYPE], "text/calendar; charset=utf-8");
                assert!(answer.headers()["content-disposition"].to_str().unwrap().contains(&format!("{EVENT}.ics")));
                answer.text().await.unwrap()
            }
        };
        let first = ics("sv").await;
        assert!(first.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && first.ends_with("END:VCALENDAR\r\n"));
        assert!(first.split("\r\n").all(|line| line.len() <= 75), "folded at 75 octets");
        let lines = calendar_lines(&first);
        let uid = line(&lines, "UID:").to_owned();
        assert_eq!(uid, format!("{EVENT}.{PETITION}@{}", app.address.trim_start_matches("http://")));
        assert_eq!(line(&lines, "SEQUENCE:"), "0");
        // The evening of the change to summer time, in the campaign's zone, with its rules.
        assert_eq!(line(&lines, "DTSTART;TZID=Europe/Stockholm:"), "20270328T180000");
        assert_eq!(line(&lines, "DTEND;TZID=Europe/Stockholm:"), "20270328T200000");
        assert_eq!(line(&lines, "TZID:"), "Europe/Stockholm");
        assert_eq!(line(&lines, "SUMMARY:"), "Ljusmanifestation för Upprop Socialtjänsten");
        assert!(line(&lines, "DESCRIPTION:").contains("där du är\\, i ett fönster"), "commas escaped");
        let stamp = line(&lines, "DTSTAMP:").to_owned();
        assert!(stamp.ends_with('Z') && stamp.len() == 16, "{stamp}");
        // Asked again, unchanged: the same entry.
        assert_eq!(calendar_lines(&ics("sv").await), lines);
        assert_eq!(line(&calendar_lines(&ics("en").await), "SUMMARY:"), "Candle manifestation for Upprop Socialtjänsten");

        // The organiser moves it an hour: the same UID, the next SEQUENCE, a new DTSTAMP.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        petition["events"][0]["starts"] = json!("2027-03-28T19:00");
        std::fs::write(&file, petition.to_string()).unwrap();
        let organizer = app.sign_in().await;
        app.post_dashboard_form(&organizer, "/admin/reload", &[]).await;
        let moved = calendar_lines(&ics("sv").await);
        assert_eq!(line(&moved, "UID:"), uid);
        assert_eq!(line(&moved, "SEQUENCE:"), "1");
        assert_eq!(line(&moved, "DTSTART;TZID=Europe/Stockholm:"), "20270328T190000");
        assert!(line(&moved, "DTSTAMP:") > stamp.as_str(), "{moved:?}");
        assert_eq!(line(&calendar_lines(&ics("sv").await), "SEQUENCE:"), "1", "asked again, the same");
        assert_eq!(app.page(&format!("/p/{PETITION}/events/nope/calendar.ics")).await.0, StatusCode::NOT_FOUND);
    }
}

on_both_engines! {
    async fn a_day_long_manifestation_is_a_whole_day_in_the_calendar(engine) {
        let app = TestApp::spawn(engine).await;
        let (status, ics) = app.page(&format!("/p/{PETITION}/events/{EVENT}/calendar.ics")).await;
        assert_eq!(status, StatusCode::OK);
        let lines = calendar_lines(&ics);
        assert_eq!(line(&lines, "DTSTART;VALUE=DATE:"), "20210207");
        assert_eq!(line(&lines, "DTEND;VALUE=DATE:"), "20210208", "the day after: the end is exclusive");
        assert!(!ics.contains("VTIMEZONE"), "dates have no zone");
    }
}

on_both_engines! {
    async fn the_flyer_carries_a_code_for_the_landing_page_per_poster(engine) {
        let app = TestApp::spawn(engine).await;
        let flyer = format!("/p/{PETITION}/events/{EVENT}/flyer");
        let (status, a4) = app.page(&flyer).await;
        assert_eq!(status, StatusCode::OK);
        assert!(a4.contains(r#"<article class="sheet a4">"#) && a4.contains("@page{size:A4 portrait;margin:0}"), "{a4}");
        assert!(a4.contains("<svg") && a4.contains(r#"<figcaption><strong>Skanna och skriv under uppropet</strong>"#));
        assert!(a4.contains(&format!("{}/p/{PETITION}?src=flyer</figcaption>", app.address.trim_start_matches("http://"))), "{a4}");
        for hashtag in ["#uppropocialtjansten", "#sveriges_riksdag", "#brinnforbarnen"] {
            assert!(a4.contains(hashtag));
        }
        assert!(a4.contains("info@brinnforbarnen.se") && a4.contains("www.facebook.com/groups/brinnforbarnen"));
        let demands = &a4[a4.find(r#"<ul class="demands">"#).unwrap()..];
        assert_eq!(demands[..demands.find("</ul>").unwrap()].matches("<li>").count(), 8);

        let (_, poster) = app.page(&format!("{flyer}?size=a5&poster=lyktstolpe-3&lang=en")).await;
        assert!(poster.contains(r#"<article class="sheet a5">"#) && poster.contains("@page{size:A5 portrait"));
        assert!(poster.contains("?lang=en&amp;src=flyer-lyktstolpe-3</figcaption>"), "{poster}");
        assert!(poster.contains("Scan and sign the petition"));

        let (status, refused) = app.page(&format!("{flyer}?poster=%3Cscript%3E")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.contains(r#"<p class="notice" id="poster-error" role="alert">Den koden går inte att använda"#), "{refused}");
        assert!(refused.contains("?src=flyer</figcaption>") && !refused.contains("<script>"));
        assert_eq!(app.page(&format!("/p/{PETITION}/events/nope/flyer")).await.0, StatusCode::NOT_FOUND);
    }
}

on_both_engines! {
    async fn the_organiser_sees_the_candles_per_day_the_flyers_and_the_signatures_they_brought(engine) {
        let app = TestApp::spawn_with(engine, &[("--organizers", ORGANIZER)]).await;
        for _ in 0..3 {
            app.light(EVENT, &json!({ "id": Uuid::new_v4() })).await;
        }
        let from_poster = signature(json!({
            "email": "poster@example.se",
            "source": { "url": format!("{}/p/{PETITION}?src=flyer-lyktstolpe-3", app.address) },
            "consents": consents(true, false, upprop_core::Locale::Sv),
        }));
        app.sign_and_confirm(&from_poster).await;
        let organizer = app.sign_in().await;
        let page = app.page_as(&organizer.cookie, &format!("/admin/p/{PETITION}")).await;
        let section = &page[page.find("<h2>Manifestationer</h2>").expect(&page)..];
        assert!(section.contains(&format!(r#"<dd data-candles="{EVENT}">3</dd>"#)), "{section}");
        let today = jiff::Zoned::now().with_time_zone(jiff::tz::TimeZone::get("Europe/Stockholm").unwrap()).date().to_string();
        assert!(section.contains(&format!(r#"data-label="{today}" data-value="3""#)), "candles per day: {section}");
        assert!(section.contains(&format!(r#"href="/p/{PETITION}/events/{EVENT}/flyer?size=a4""#)));
        assert!(section.contains(&format!(r#"<form class="poster" method="get" action="/p/{PETITION}/events/{EVENT}/flyer">"#)));
        let channels = &page[page.find("Per kanal").unwrap()..];
        assert!(channels.contains("flyer-lyktstolpe-3"), "{channels}");
    }
}

on_both_engines! {
    async fn a_manifestation_previews_with_its_own_picture(engine) {
        let app = TestApp::spawn(engine).await;
        let (_, page) = app.page(&format!("/p/{PETITION}/events/{EVENT}")).await;
        let image = after(&page, r#"<meta property="og:image" content=""#, '"');
        assert_eq!(image, format!("{}/p/{PETITION}/events/{EVENT}/share.png?lang=sv", app.address));
        let answer = app.client.get(&image).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
        assert_eq!(answer.headers()[CONTENT_TYPE], "image/png");
        let png = answer.bytes().await.unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(app.page(&format!("/p/{PETITION}/events/nope/share.png")).await.0, StatusCode::NOT_FOUND);
    }
}

/// The bundled content with its manifestation starting `hours_from_now` hours from now (to the
/// minute, in the campaign's zone), reminding 24 hours before.
fn starting_in(hours_from_now: i64) -> (tempfile::TempDir, std::path::PathBuf, Value) {
    let zone = jiff::tz::TimeZone::get("Europe/Stockholm").unwrap();
    let starts =
        jiff::Timestamp::now().to_zoned(zone) + jiff::SignedDuration::from_hours(hours_from_now);
    let ends = &starts + jiff::SignedDuration::from_hours(2);
    content_with(|event| {
        event["starts"] = json!(starts.strftime("%Y-%m-%dT%H:%M").to_string());
        event["ends"] = json!(ends.strftime("%Y-%m-%dT%H:%M").to_string());
        event["remind_hours_before"] = json!(24);
    })
}

impl TestApp {
    /// Sends the event page's reminder form as a browser without JavaScript does.
    async fn ask_for_reminder(&self, email: &str, consent: bool) -> reqwest::Response {
        let (_, page) = self.page(&format!("/p/{PETITION}/events/{EVENT}")).await;
        let form = &page[page.find(r#"<section class="reminder""#).expect(&page)..];
        let action =
            after(form, r#"<form method="post" novalidate action=""#, '"').replace("&amp;", "&");
        let id = after(form, r#"<input type="hidden" name="id" value=""#, '"');
        let mut fields = vec![("id", id.as_str()), ("email", email)];
        if consent {
            fields.push(("consent", "yes"));
        }
        no_redirects()
            .post(self.url(&action))
            .form(&fields)
            .send()
            .await
            .unwrap()
    }

    async fn press(&self, link: &str) -> (StatusCode, String) {
        let answer = self
            .client
            .post(link)
            .header("sec-fetch-site", "same-origin")
            .send()
            .await
            .unwrap();
        (answer.status(), answer.text().await.unwrap())
    }
}

/// The first link in `text` containing `path`.
fn link_in(text: &str, path: &str) -> String {
    text.split_whitespace()
        .find(|word| word.contains(path))
        .unwrap_or_else(|| panic!("no {path} in {text}"))
        .to_owned()
}

on_both_engines! {
    async fn a_reminder_is_asked_with_its_own_consent_confirmed_by_mail_and_sent_with_the_calendar(engine) {
        // Six hours ahead, reminding 24 hours before: the reminder goes as soon as confirmed.
        let (folder, _, _) = starting_in(6);
        let app = TestApp::spawn_with(engine, &[("--organizers", ORGANIZER), ("--content-dir", folder.path().to_str().unwrap())]).await;
        let (_, page) = app.page(&format!("/p/{PETITION}/events/{EVENT}")).await;
        assert!(page.contains("Vi mejlar dig 24 timmar innan manifestationen börjar"), "{page}");
        assert!(page.contains(r#"<label for="reminder-consent">Ja, mejla mig en påminnelse om manifestationen."#));

        // Not ticked, or no address: the form again, as typed, saying which.
        let unticked = app.ask_for_reminder("anna@example.se", false).await;
        assert_eq!(unticked.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let unticked = unticked.text().await.unwrap();
        assert!(unticked.contains(r#"<p class="notice" id="reminder-consent-error">Kryssa i rutan om du vill ha en påminnelse.</p>"#), "{unticked}");
        assert!(unticked.contains(r#"value="anna@example.se""#));
        let typo = app.ask_for_reminder("anna@", true).await;
        assert_eq!(typo.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let typo = typo.text().await.unwrap();
        assert!(typo.contains(r#"aria-invalid="true" aria-describedby="reminder-email-error""#), "{typo}");
        app.mail.assert_quiet().await;
        assert_eq!(app.count("SELECT COUNT(*) FROM reminders").await, 0, "nothing kept of a refused one");

        let asked = app.ask_for_reminder("Anna@Example.se", true).await;
        assert_eq!(asked.status(), StatusCode::SEE_OTHER);
        let back = asked.headers()[LOCATION].to_str().unwrap().to_owned();
        assert_eq!(back, format!("/p/{PETITION}/events/{EVENT}?lang=sv&reminded=1#reminder"));
        let (_, asked_page) = app.page(&back).await;
        assert!(asked_page.contains(r#"<p class="lit" role="status"><strong>Titta i din e-post</strong></p>"#));

        // Double opt-in: a link to confirm, and nothing more until it is pressed.
        let confirmation = app.mail.next().await;
        assert_eq!(confirmation.to, "Anna@Example.se");
        assert!(confirmation.subject.starts_with("Bekräfta din påminnelse: Ljusmanifestation"), "{}", confirmation.subject);
        assert!(confirmation.calendar.is_none());
        let link = link_in(&confirmation.body, "/reminders/");
        app.mail.assert_quiet().await;
        let (_, shown) = app.page(link.trim_start_matches(&app.address)).await;
        assert!(shown.contains("Bekräfta din påminnelse") && shown.contains(r#"<button type="submit">Ja, påminn mig</button>"#), "{shown}");
        assert_eq!(app.count("SELECT COUNT(*) FROM reminders WHERE confirmed_at IS NULL").await, 1, "shown, not confirmed");

        let (status, confirmed) = app.press(&link).await;
        assert_eq!(status, StatusCode::OK);
        assert!(confirmed.contains("Klart: vi påminner dig"), "{confirmed}");
        assert!(confirmed.contains(&format!(r#"href="/p/{PETITION}/events/{EVENT}/calendar.ics?lang=sv" download"#)));
        let withdraw = after(&confirmed, r#"<p><a href="http"#, '"');
        let withdraw = format!("http{withdraw}");
        assert!(withdraw.starts_with(&format!("{}/reminders/withdraw/", app.address)), "{confirmed}");
        // Pressed again: the same page, and no second reminder.
        assert!(app.press(&link).await.1.contains("Klart: vi påminner dig"));

        let reminder = app.mail.next().await;
        assert_eq!(reminder.to, "Anna@Example.se");
        assert!(reminder.subject.starts_with("Påminnelse: Ljusmanifestation för Upprop Socialtjänsten, "), "{}", reminder.subject);
        assert!(reminder.body.contains("Låt ditt ljus brinna för alla utsatta barn."));
        assert!(reminder.body.contains(&format!("{}/p/{PETITION}/events/{EVENT}", app.address)));
        assert_eq!(link_in(&reminder.body, "/reminders/withdraw/"), withdraw);
        let calendar = reminder.calendar.expect("the calendar entry attached");
        assert!(calendar.contains("BEGIN:VEVENT") && calendar.contains("DTSTART;TZID=Europe/Stockholm:"), "{calendar}");
        app.mail.assert_quiet().await;

        let organizer = app.sign_in().await;
        let dashboard = app.page_as(&organizer.cookie, &format!("/admin/p/{PETITION}")).await;
        assert!(dashboard.contains(&format!(r#"<dd data-reminders-asked="{EVENT}">1</dd>"#)), "{dashboard}");
        assert!(dashboard.contains(&format!(r#"<dd data-reminders-confirmed="{EVENT}">1</dd>"#)));

        // Taken back by the reader's own link: the address is gone, the figures stay.
        let (_, ask_to_withdraw) = app.page(withdraw.trim_start_matches(&app.address)).await;
        assert!(ask_to_withdraw.contains("Ta bort min påminnelse"));
        let (_, withdrawn) = app.press(&withdraw).await;
        assert!(withdrawn.contains("Påminnelsen är borttagen"), "{withdrawn}");
        assert_eq!(app.count("SELECT COUNT(*) FROM reminders").await, 0);
        let dashboard = app.page_as(&organizer.cookie, &format!("/admin/p/{PETITION}")).await;
        assert!(dashboard.contains(&format!(r#"<dd data-reminders-withdrawn="{EVENT}">1</dd>"#)));
        assert!(app.press(&withdraw).await.1.contains("Länken fungerar inte längre"));
        let (status, gone) = app.page(withdraw.trim_start_matches(&app.address)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(gone.contains("Länken fungerar inte längre"), "no button for a link that does nothing");
    }
}

on_both_engines! {
    async fn a_reminder_waits_in_the_outbox_until_its_time_and_is_erased_on_request(engine) {
        // Three days ahead: the reminder is due in two.
        let (folder, _, _) = starting_in(72);
        let app = TestApp::spawn_with(engine, &[("--organizers", ORGANIZER), ("--content-dir", folder.path().to_str().unwrap())]).await;
        app.ask_for_reminder("bertil@example.se", true).await;
        let link = link_in(&app.mail.next().await.body, "/reminders/");
        // Asked again before confirming: a new link, the old one dead, still one wish.
        app.ask_for_reminder("Bertil@example.se", true).await;
        let second = link_in(&app.mail.next().await.body, "/reminders/");
        assert!(app.press(&link).await.1.contains("Länken fungerar inte längre"));
        assert_eq!(app.count("SELECT COUNT(*) FROM reminders").await, 1);
        let (_, confirmed) = app.press(&second).await;
        assert!(confirmed.contains("Påminnelsen kommer med e-post"), "{confirmed}");
        app.mail.assert_quiet().await;
        let due = app.count("SELECT COUNT(*) FROM outbox WHERE reminder_id IS NOT NULL AND calendar IS NOT NULL").await;
        assert_eq!(due, 1, "waiting for its time");
        // Confirmed already: asking again sends nothing.
        app.ask_for_reminder("bertil@example.se", true).await;
        app.mail.assert_quiet().await;

        let organizer = app.sign_in().await;
        let lookup = app.post_dashboard_form(&organizer, "/admin/lookup", &[("email", "BERTIL@example.se")]).await.text().await.unwrap();
        assert!(lookup.contains("Påminnelse: Ljusmanifestation för Upprop Socialtjänsten"), "{lookup}");
        assert!(lookup.contains("Ja, mejla mig en påminnelse om manifestationen."));
        let erase = after(&lookup, r#"<form method="post" action="/admin/reminders/"#, '"');
        let erase = format!("/admin/reminders/{erase}");
        let asked = app.post_dashboard_form(&organizer, &erase, &[]).await;
        assert_eq!(asked.status(), StatusCode::OK, "asks first");
        let done = app.post_dashboard_form(&organizer, &erase, &[("sure", "yes")]).await;
        assert_eq!(done.headers()[LOCATION], "/admin?done=reminder_erased");
        assert_eq!(app.count("SELECT COUNT(*) FROM reminders").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE reminder_id IS NOT NULL").await, 0, "its mail went with it");
        assert_eq!(app.audit_log().await.last().unwrap(), &(ORGANIZER.to_owned(), "erased_on_request".to_owned()));
    }
}

on_both_engines! {
    async fn a_manifestation_begun_or_without_reminders_offers_none(engine) {
        // The bundled one was held in 2021.
        let app = TestApp::spawn(engine).await;
        let (_, page) = app.page(&format!("/p/{PETITION}/events/{EVENT}")).await;
        assert!(!page.contains(r#"class="reminder""#));
        let posted = no_redirects()
            .post(app.url(&format!("/p/{PETITION}/events/{EVENT}/reminders?lang=sv")))
            .form(&[("email", "anna@example.se"), ("consent", "yes")])
            .send().await.unwrap();
        assert_eq!(posted.status(), StatusCode::SEE_OTHER);
        assert_eq!(posted.headers()[LOCATION], format!("/p/{PETITION}/events/{EVENT}?lang=sv#reminder"));
        app.mail.assert_quiet().await;
        assert_eq!(app.count("SELECT COUNT(*) FROM reminders").await, 0);
    }
}
