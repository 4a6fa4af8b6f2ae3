//! What the server and the widget write alike as HTML, the widget's one rendering: the appeal
//! around the form, the trap and the privacy notice in it, the recent signers under it, the
//! thanks with its share step, and the notice of a closed petition in its place; the form
//! (`form`) and the frame around it all (`frame`). The server renders them into the widget's
//! first view and the landing page, and the widget writes them only where none was served, then
//! attaches its behaviour to what is there, so nothing moves and nothing is drawn twice. The
//! names the widget finds them by are `names`. maud escapes everything.

mod form;
mod frame;
pub mod names;

pub use form::{Form, described_by, failure_line, field_error, form, suggestion_line};
pub use frame::{WidgetView, show_all_label, widget};

use maud::{Markup, html};

use names::{
    COPIED, COPY_LINK, CORRECT_ADDRESS, COUNT, JUMP, PROGRESS, SHARE_NATIVE, SUGGESTION, THANK_YOU,
    TRAP,
};

use crate::content::{Link, Organizer, Remembered};
use crate::i18n::Strings;
use crate::mail_domain::suggestion;
use crate::manifestation::FeaturedEvent;
use crate::share::{Channel, Shared};
use crate::{Locale, Petition, PetitionText, SignatureCounts, format_count, goal_for};

/// What a signer needs before signing: the title, who asks it of whom, `standing` (how many
/// have signed: `progress`, or the `closed` notice), the opening of the story (the rest folds
/// away, so the form stays close on a phone), the demands and the figure. A partner blog's
/// first view of 640 px shows the first four.
pub fn appeal(
    text: &PetitionText,
    organizer: &Organizer,
    standing: Markup,
    strings: &Strings,
) -> Markup {
    let (lead, rest) = text
        .story
        .split_first()
        .map_or((None, &[][..]), |(lead, rest)| (Some(lead), rest));
    html! {
        header.appeal {
            h2.title { (text.title) }
            (byline(text, organizer, strings))
            (standing)
            @if let Some(lead) = lead { p.lead { (lead) } }
            details.story {
                summary { (strings.read_story) }
                @for paragraph in rest { p { (paragraph) } }
            }
            p.call-to-action { (text.call_to_action) }
            // On a phone the demands fill screens; this takes the signer straight to the form.
            button.(JUMP) type="button" { (strings.jump_to_form) }
        }
        section.demands aria-labelledby="demands-heading" {
            h3 #demands-heading { (text.demands_heading) }
            ol { @for demand in &text.demands { li { (demand) } } }
        }
        aside.statistic {
            p.statistic-source { (text.statistic.source) }
            p { strong.figure { (text.statistic.figure) } " " (text.statistic.text) }
        }
    }
}

/// A manifestation beside the appeal, as the endpoint words it (the next to come, or the last
/// held): its title linked to its page, when, and its candles.
pub fn featured_event(event: &FeaturedEvent) -> Markup {
    html! {
        aside.event aria-labelledby="event-title" {
            h3 #event-title { a href=(event.url) { (event.title) } }
            p { (event.when) }
            p { (event.candles) }
        }
    }
}

/// "An appeal by {organiser} to {addressee}": who asks, and of whom (when the content says).
pub fn byline(text: &PetitionText, organizer: &Organizer, strings: &Strings) -> Markup {
    html! {
        p.byline {
            (strings.appeal_by) " " strong { (organizer.name) }
            @if let Some(addressee) = &text.addressee { " " (strings.addressed_to) " " strong { (addressee) } }
        }
    }
}

/// How many have signed, as a bar towards the goal (the organiser's, or the ladder's) and a
/// line that a screen reader reads out when it changes. The widget refreshes both in place
/// (`src/live_count.rs`); without counts (an endpoint that does not count) their space is kept,
/// empty, so nothing moves when they arrive.
pub fn progress(counts: Option<SignatureCounts>, locale: Locale) -> Markup {
    let strings = Strings::of(locale);
    let standing = counts.map(|counts| (counts.confirmed, goal_for(counts.confirmed, counts.goal)));
    html! {
        div.(PROGRESS).unknown[standing.is_none()] {
            @if let Some((confirmed, goal)) = standing {
                // `to_string`, not maud's own number rendering: it would bring a second
                // integer formatter into the widget.
                progress max=(goal.to_string()) value=(confirmed.to_string())
                    aria-label=(strings.progress_label) aria-valuetext=(format_count(confirmed, locale)) {}
                p.(COUNT) aria-live="polite" { ((strings.signature_count)(confirmed, Some(goal))) }
            } @else {
                progress aria-label=(strings.progress_label) {}
                p.(COUNT) aria-live="polite" {}
            }
        }
    }
}

/// The field only a program fills in, inside its `div.trap`: out of sight and out of the tab
/// order, and hidden from screen readers.
pub fn trap(strings: &Strings) -> Markup {
    html! {
        label { (strings.trap) input type="text" name=(TRAP) tabindex="-1" autocomplete="off"; }
    }
}

/// In the form's place once the organiser has closed the petition, with its final count.
pub fn closed(confirmed: u64, strings: &Strings) -> Markup {
    html! {
        div.closed role="status" {
            h3 #form-heading { (strings.closed_heading) }
            p { ((strings.closed_count)(confirmed)) }
        }
    }
}

/// The privacy notice under the consents, inside its `details`: what is kept, why, and for how
/// long.
pub fn privacy_notice(text: &PetitionText, strings: &Strings) -> Markup {
    html! {
        summary { (strings.privacy_heading) }
        @for paragraph in &text.privacy_notice { p { (paragraph) } }
    }
}

/// One of the recent signers who allowed their name to be shown: "Anna S.", how long ago, and
/// what they wrote, if anything.
pub fn recent_signer(
    name: &str,
    seconds_ago: u64,
    comment: Option<&str>,
    strings: &Strings,
) -> Markup {
    html! {
        li {
            strong { (name) } " " span.ago { ((strings.signed_ago)(seconds_ago)) }
            @if let Some(comment) = comment { p.comment { (comment) } }
        }
    }
}

/// The recent public signers under the form, `signers` being their `recent_signer`s.
pub fn recent_signers(signers: Markup, strings: &Strings) -> Markup {
    html! {
        section.signers aria-labelledby="signers-heading" {
            h3 #signers-heading { (strings.recent_signers) }
            ul { (signers) }
        }
    }
}

/// What a signer sees once their signature is in: `heading`, a `note` if there is one, what
/// happens next (`body`: `awaiting_confirmation`, or that it is received) and the share step.
/// It can take the focus (`tabindex=-1`), so that the widget can have a screen reader read it
/// out.
pub fn thanks(heading: &str, note: Option<&str>, body: Markup, share_step: Markup) -> Markup {
    html! {
        div.(THANK_YOU) role="status" tabindex="-1" {
            h3 { (heading) }
            @if let Some(note) = note { p { (note) } }
            (body)
            (share_step)
        }
    }
}

/// The thanks' word on the confirmation mail: the address it went to (a typo there loses the
/// signature), the address a likely typo means, where else the mail may be, and `correction`,
/// the way back to correct the address or have the mail sent again (the widget's
/// `correction_button`, or the landing page's form).
pub fn awaiting_confirmation(address: &str, strings: &Strings, correction: Markup) -> Markup {
    html! {
        p { (strings.confirm_sent_to) " " strong.address { (address) } ". " (strings.confirm_body) }
        @if let Some(meant) = suggestion(address) {
            p.(SUGGESTION) { (strings.did_you_mean) " " strong { (meant) } "?" }
        }
        p { (strings.spam_hint) }
        (correction)
    }
}

/// The thanks' word where the endpoint asks for no confirmation: the signature is in.
pub fn received(strings: &Strings) -> Markup {
    html! { p { (strings.thanks_body) } }
}

/// Under the address field: the address a likely typo means, on a button that takes it.
pub fn suggested(meant: &str, strings: &Strings) -> Markup {
    html! { (strings.did_you_mean) " " button type="button" { (meant) } "?" }
}

/// The widget's way back from the thanks to the form (`awaiting_confirmation`).
pub fn correction_button(strings: &Strings) -> Markup {
    html! { button.(CORRECT_ADDRESS) type="button" { (strings.correct_address) } }
}

/// The buttons of the share step that need a script: the widget has them, a page without
/// JavaScript does not.
#[derive(Debug, Clone, Copy, Default)]
pub struct ShareButtons {
    /// The device's own share sheet (where the browser has the Web Share API).
    pub native: bool,
    /// Copying the link, with a polite announcement once it is copied.
    pub copy: bool,
    /// The page is in a frame sandboxed to scripts alone (as WordPress embeds a pasted link):
    /// the networks' links would open nothing there, so the step says where they are instead
    /// (the page the confirmation link opens), beside the link to copy by hand.
    pub sandboxed: bool,
}

/// The invitation to share: a plain link to each network's share page (nothing of theirs is
/// loaded), the link to copy by hand, and the hashtags.
pub fn share_step(shared: &Shared, strings: &Strings, buttons: ShareButtons) -> Markup {
    html! {
        div.share-step {
            p.share-heading { strong { (strings.share) } }
            @if buttons.native { button.(SHARE_NATIVE) type="button" { (strings.share_native) } }
            @if buttons.sandboxed {
                p.share-later { (strings.share_after_confirming) }
            } @else {
                ul.share-links {
                    @for channel in Channel::LINKS {
                        li {
                            a class={ "share-" (channel.tag()) } href=(shared.href(channel))
                                target="_blank" rel="noopener noreferrer" { ((strings.share_on)(channel)) }
                        }
                    }
                }
            }
            @if buttons.copy {
                button.(COPY_LINK) type="button" { (strings.copy_link) }
                p.(COPIED) aria-live="polite" {}
            }
            label.copy-by-hand {
                (strings.copy_by_hand)
                input type="text" readonly value=(shared.url_for(Channel::Link));
            }
            p.hashtags { (shared.hashtags.join(" ")) }
        }
    }
}

/// What the widget shows of a petition after the form, apart from its text.
pub struct Background<'a> {
    /// Who asks, with their contact.
    pub organizer: &'a Organizer,
    /// The children remembered.
    pub memorial: &'a [Remembered],
    /// The campaign's links.
    pub links: &'a [Link],
    /// The campaign's hashtags.
    pub hashtags: &'a [String],
}

impl<'a> From<&'a Petition> for Background<'a> {
    fn from(petition: &'a Petition) -> Self {
        Self {
            organizer: &petition.organizer,
            memorial: &petition.memorial,
            links: &petition.links,
            hashtags: &petition.hashtags,
        }
    }
}

/// After the form: why it matters, the children remembered, and who stands behind the appeal.
pub fn background(text: &PetitionText, background: &Background, strings: &Strings) -> Markup {
    let organizer = background.organizer;
    html! {
        section.closing { @for paragraph in &text.closing { p { (paragraph) } } }
        details.memorial {
            summary { (strings.read_memorial) }
            p { (text.memorial_heading) }
            ul {
                @for child in background.memorial {
                    li { span.name { (child.name) } ", " ((strings.age)(child.age)) " – †" (child.died) }
                }
            }
            @for paragraph in &text.memorial_epilogue { p { (paragraph) } }
        }
        footer.organizer {
            p {
                (strings.organizer_heading) " "
                a href=(organizer.website) target="_blank" rel="noopener" { (organizer.name) }
            }
            p { a href={ "mailto:" (organizer.email) } { (strings.contact_organizer) } }
            ul.links {
                @for link in background.links {
                    li { a href=(link.url) target="_blank" rel="noopener" { (link.label) } }
                }
            }
            p.hashtags { (background.hashtags.join(" ")) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Locale;

    #[test]
    fn a_featured_event_links_its_page_and_escapes_its_words() {
        let event = FeaturedEvent {
            title: "Ljus <3".into(),
            when: "Hölls: söndag 7 februari 2021, hela dagen".into(),
            url: "https://upprop.example/p/x/events/ljus?lang=en&src=widget".into(),
            candles: "Tända ljus: 12".into(),
        };
        assert_eq!(
            featured_event(&event).into_string(),
            r#"<aside class="event" aria-labelledby="event-title"><h3 id="event-title"><a href="https://upprop.example/p/x/events/ljus?lang=en&amp;src=widget">Ljus &lt;3</a></h3><p>Hölls: söndag 7 februari 2021, hela dagen</p><p>Tända ljus: 12</p></aside>"#
        );
    }
    use crate::content::tests::bundled as petition;

    #[test]
    fn the_story_opens_with_its_lead_and_folds_the_rest() {
        let petition = petition();
        let text = petition.text(Locale::Sv);
        let standing = progress(None, Locale::Sv);
        let html =
            appeal(text, &petition.organizer, standing, Strings::of(Locale::Sv)).into_string();
        let lead = html.find(r#"<p class="lead">"#).unwrap();
        let story = html.find(r#"<details class="story">"#).unwrap();
        assert!(lead < story);
        assert_eq!(html.matches("<li>").count(), text.demands.len());
        assert!(html.contains(r#"<button class="jump" type="button">Skriv under ↓</button>"#));
    }

    #[test]
    fn what_the_content_says_is_text_and_never_markup() {
        let mut petition = petition();
        petition.sv.title = r#"<img src=x onerror="alert(1)">"#.into();
        petition.links[0].url = r#"https://example.org/" onclick="alert(1)"#.into();
        let strings = Strings::of(Locale::Sv);
        petition.organizer.name = "<b>Brinn</b>".into();
        let standing = progress(None, Locale::Sv);
        let html = appeal(
            petition.text(Locale::Sv),
            &petition.organizer,
            standing,
            strings,
        )
        .into_string()
            + &background(petition.text(Locale::Sv), &(&petition).into(), strings).into_string();
        assert!(!html.contains("<img"));
        assert!(html.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"));
        assert!(!html.contains(r#"" onclick"#));
        assert!(html.contains("<strong>&lt;b&gt;Brinn&lt;/b&gt;</strong>"));
    }

    #[test]
    fn the_first_view_says_who_asks_whom_and_how_many_have_signed_before_the_story() {
        let petition = petition();
        let counts = SignatureCounts {
            confirmed: 1234,
            goal: None,
        };
        let sv = Strings::of(Locale::Sv);
        let html = appeal(
            petition.text(Locale::Sv),
            &petition.organizer,
            progress(Some(counts), Locale::Sv),
            sv,
        )
        .into_string();
        let by = html
            .find(concat!(
                r#"<p class="byline">Ett upprop från <strong>Barnrättsföreningen Brinn för barnen"#,
                r#"</strong> till <strong>Sveriges riksdag</strong></p>"#
            ))
            .expect(&html);
        let count = html
            .find(r#"<p class="count" aria-live="polite">"#)
            .unwrap();
        let lead = html.find(r#"<p class="lead">"#).unwrap();
        assert!(html.find("<h2").unwrap() < by && by < count && count < lead);
        assert!(html.contains(&(sv.signature_count)(1234, Some(goal_for(1234, None)))));

        // Without an addressee the byline names the organiser alone.
        let mut text = petition.text(Locale::En).clone();
        text.addressee = None;
        let alone = byline(&text, &petition.organizer, Strings::of(Locale::En)).into_string();
        assert_eq!(
            alone,
            r#"<p class="byline">An appeal by <strong>Barnrättsföreningen Brinn för barnen</strong></p>"#
        );
    }

    #[test]
    fn a_count_not_yet_known_keeps_its_space_empty() {
        let unknown = progress(None, Locale::Sv).into_string();
        assert!(
            unknown.starts_with(r#"<div class="progress unknown">"#),
            "{unknown}"
        );
        assert!(unknown.contains(r#"<p class="count" aria-live="polite"></p>"#));
        let known = SignatureCounts {
            confirmed: 1,
            goal: Some(5000),
        };
        let html = progress(Some(known), Locale::Sv).into_string();
        assert!(html.starts_with(r#"<div class="progress"><progress max="5000" value="1""#));
        let said = (Strings::of(Locale::Sv).signature_count)(1, Some(5000));
        assert!(html.contains(&format!(
            r#"<p class="count" aria-live="polite">{said}</p>"#
        )));
    }

    #[test]
    fn the_privacy_notice_is_its_heading_and_each_paragraph() {
        let petition = petition();
        let text = petition.text(Locale::En);
        let html = privacy_notice(text, Strings::of(Locale::En)).into_string();
        assert!(html.starts_with("<summary>"));
        assert_eq!(html.matches("<p>").count(), text.privacy_notice.len());
    }

    #[test]
    fn a_recent_signer_is_a_name_a_time_and_a_comment_if_any() {
        let strings = Strings::of(Locale::Sv);
        let with = recent_signer("Anna S.", 120, Some("<b>Äntligen</b>"), strings).into_string();
        assert!(with.starts_with("<li><strong>Anna S.</strong> <span class=\"ago\">"));
        assert!(with.contains(r#"<p class="comment">&lt;b&gt;Äntligen&lt;/b&gt;</p>"#));
        let without = recent_signer("Bo E.", 120, None, strings).into_string();
        assert!(!without.contains("comment"));
    }

    #[test]
    fn the_share_step_has_the_scripted_buttons_only_where_a_script_wires_them() {
        let petition = petition();
        let shared = Shared {
            url: "https://example.se/p/upprop?ref=\"x\"",
            text: &petition.sv.share,
            hashtags: &petition.hashtags,
        };
        let strings = Strings::of(Locale::Sv);
        let plain = share_step(&shared, strings, ShareButtons::default()).into_string();
        assert!(!plain.contains("<button"));
        assert_eq!(plain.matches("<li>").count(), Channel::LINKS.len());
        assert!(
            plain.contains("value=\"https://example.se/p/upprop?ref=&quot;x&quot;&amp;src=link\"")
        );
        let scripted = share_step(
            &shared,
            strings,
            ShareButtons {
                native: true,
                copy: true,
                sandboxed: false,
            },
        );
        let scripted = thanks("Tack!", None, html! { p { "Bekräfta" } }, scripted).into_string();
        assert!(scripted.starts_with(
            r#"<div class="thank-you" role="status" tabindex="-1"><h3>Tack!</h3><p>Bekräfta</p>"#
        ));
        for button in ["share-native", "copy-link"] {
            assert!(scripted.contains(&format!(r#"<button class="{button}" type="button">"#)));
        }
    }

    #[test]
    fn the_thanks_names_the_address_mailed_and_what_a_typo_in_it_means() {
        let strings = Strings::of(Locale::Sv);
        let said = awaiting_confirmation(
            "anna.svensson@g.commail",
            strings,
            correction_button(strings),
        )
        .into_string();
        assert!(said.starts_with(
            "<p>Vi har skickat ett mejl till <strong class=\"address\">anna.svensson@g.commail</strong>. Klicka"
        ));
        assert!(said.contains(
            "<p class=\"suggestion\">Menade du <strong>anna.svensson@gmail.com</strong>?</p>"
        ));
        assert!(said.contains("skräpposten"));
        assert!(said.ends_with(
            "<button class=\"correct-address\" type=\"button\">Rätta adressen eller skicka igen</button>"
        ));
        let plain = awaiting_confirmation("<b>@gmail.com", strings, html! {}).into_string();
        assert!(plain.contains("&lt;b&gt;@gmail.com") && !plain.contains("suggestion"));
    }

    #[test]
    fn a_sandboxed_share_step_offers_the_link_and_says_where_the_buttons_are() {
        let petition = petition();
        let shared = Shared {
            url: "https://example.se/p/upprop",
            text: &petition.sv.share,
            hashtags: &petition.hashtags,
        };
        let strings = Strings::of(Locale::Sv);
        let buttons = ShareButtons {
            sandboxed: true,
            ..ShareButtons::default()
        };
        let framed = share_step(&shared, strings, buttons).into_string();
        assert!(
            !framed.contains("<a "),
            "no link that the frame cannot open"
        );
        assert!(!framed.contains("<button"));
        assert!(framed.contains(strings.share_after_confirming));
        assert!(framed.contains(r#"value="https://example.se/p/upprop?src=link""#));
    }

    #[test]
    fn the_trap_is_out_of_the_tab_order_and_a_closed_petition_gives_its_count() {
        let strings = Strings::of(Locale::Sv);
        assert!(
            trap(strings)
                .into_string()
                .contains(r#"name="website" tabindex="-1""#)
        );
        let notice = closed(1234, strings).into_string();
        assert!(notice.starts_with(r#"<div class="closed" role="status"><h3 id="form-heading">"#));
        assert!(notice.contains(&(strings.closed_count)(1234)));
    }

    #[test]
    fn the_background_remembers_every_child_and_names_the_organiser() {
        let petition = petition();
        let html = background(
            petition.text(Locale::Sv),
            &(&petition).into(),
            Strings::of(Locale::Sv),
        )
        .into_string();
        assert_eq!(
            html.matches(r#"<span class="name">"#).count(),
            petition.memorial.len()
        );
        assert!(html.contains(&format!("mailto:{}", petition.organizer.email)));
    }
}
