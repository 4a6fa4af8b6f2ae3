//! A campaign's manifestations: each has a page that reads without JavaScript, and the landing
//! page points to the one coming (or the last one held).

use crate::helpers::{PETITION, TestApp, after, on_both_engines};

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
        assert!(!html.contains("<script"), "nothing to run");

        let english = get(format!("/p/{PETITION}/events/{EVENT}?lang=en")).await.text().await.unwrap();
        assert!(english.contains("<h1>Candle manifestation for Upprop Socialtjänsten</h1>"));
        assert!(english.contains("<strong>Held: </strong>Sunday 7 February 2021, all day"), "{english}");
        assert!(english.contains(&format!("{}/p/{PETITION}?lang=en&amp;src=event-{EVENT}", app.address)), "{english}");

        let landing = get(format!("/p/{PETITION}")).await.text().await.unwrap();
        let block = &landing[landing.find(r#"<aside class="event""#).expect(&landing)..];
        assert!(block.contains(&format!(r#"<a href="{}/p/{PETITION}/events/{EVENT}">Ljusmanifestation för Upprop Socialtjänsten</a>"#, app.address)), "{block}");
        assert!(block.contains("Hölls: "));

        let missing = get(format!("/p/{PETITION}/events/no-such-event")).await;
        assert_eq!(missing.status(), 404);
        assert!(missing.text().await.unwrap().contains("Manifestationen finns inte"));
        assert_eq!(get(format!("/p/no-such-petition/events/{EVENT}")).await.status(), 404);
    }
}
