//! The landing page of a petition, `/p/{slug}`: the page a campaign posts on Facebook. It is
//! complete without JavaScript (a crawler reads its Open Graph tags, a phone signs with its
//! plain HTML form); with JavaScript the widget adopts the form as it is.
//!
//! The form is rendered into a declarative shadow root with the widget's own stylesheet and
//! the widget's own markup (`core`'s `markup`), so the page and the widget look the same, and
//! the widget, which attaches to that markup in place instead of drawing it again, moves
//! nothing. maud escapes everything.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::language_switch;
use crate::petitions::public_signers::ListedSigner;
use crate::store::{Standing, now_ms};
use upprop_core::form::{TEXT_FIELD_COUNT, Typed};
use upprop_core::i18n::Strings;
use upprop_core::manifestation::FeaturedEvent;
use upprop_core::markup::names::CORRECT_ADDRESS;
use upprop_core::markup::{
    self, Form, ShareButtons, WidgetView, awaiting_confirmation, byline, featured_event,
    recent_signer, thanks,
};
use upprop_core::share::Shared;
use upprop_core::{Field, FieldViolation, Locale, Petition, SignatureCounts};

/// The page's own styles, outside the form: small, system fonts only, nothing to download.
const PAGE_STYLE: &str = "\
*,*::before,*::after{box-sizing:border-box}\
body{margin:0;font:17px/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,sans-serif;\
color:#1d1d1f;background:#f6f1ea}\
main{max-width:46rem;margin:0 auto;padding:1rem}\
h1{font-size:2rem;line-height:1.2;margin:.25rem 0 .75rem}h2{font-size:1.3rem;margin:1.5rem 0 .5rem}\
a{color:#8c1d18}.byline{color:#57534e;margin:0 0 1rem}\
.progress{margin:1rem 0}.progress progress{display:block;width:100%;height:.9rem;accent-color:#b3261e}\
.progress p{margin:.35rem 0 0;font-weight:700}\
.cta{display:inline-block;background:#b3261e;color:#fff;font-weight:700;text-decoration:none;\
padding:.6rem 1.3rem;border-radius:.4rem;margin:.5rem 0 1rem}\
.statistic{border-left:.3rem solid #b3261e;padding:.25rem 0 .25rem 1rem}\
.figure{color:#8c1d18;font-size:1.3em}.demands li{margin-bottom:.4rem}\
summary{cursor:pointer;color:#8c1d18;font-weight:600}\
#sign{scroll-margin-top:1rem;margin:1.5rem 0;min-height:20rem}\
.signers ul{list-style:none;padding:0;margin:0}.signers li{padding:.4rem 0;border-bottom:1px solid #e2dcd3}\
.signers .ago{color:#57534e;font-size:.9em}.signers .comment{margin:.2rem 0 0}\
footer{border-top:1px solid #c9c5c0;margin-top:2rem;padding-top:1rem}\
:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}summary:focus-visible{outline-offset:4px}\
.closed-notice{background:#f3efe9;border:2px solid #c9c5c0;border-radius:.5rem;padding:.75rem 1rem;margin:1rem 0}\
.hashtags{color:#57534e}.language{float:right;margin:0 0 0 1rem}\
.event{background:#2b2622;color:#f6f1ea;border-radius:.5rem;padding:.75rem 1rem;margin:1.5rem 0}\
.event h3{margin:0 0 .35rem}.event a{color:#ffd9a8}.event p{margin:.15rem 0}";

/// Where the signing stands on this page.
pub enum FormState<'a> {
    /// The form, blank or as typed, with the signer's messages (if any).
    Editing {
        id: &'a str,
        typed: &'a Typed,
        violations: &'a [FieldViolation],
        /// A refusal not tied to one field (rate limit, server failure).
        failure: Option<&'static str>,
        /// The signing this form corrects, asked for from its thanks
        /// (`SignatureRequest::replaces`).
        replaces: Option<&'a str>,
    },
    /// Accepted (the signing `id`, of what was `typed`): the signer is asked to confirm by
    /// mail, shown the address mailed with the way to correct it, and asked to share.
    Signed { id: &'a str, typed: &'a Typed },
    /// The organiser has closed the petition: its final count, and no form.
    Closed,
}

impl<'a> FormState<'a> {
    /// What a new visitor gets: a blank form with a fresh signing `id`, or, once the petition
    /// has closed, its final count.
    pub fn first(id: &'a str, standing: &Standing) -> Self {
        static BLANK: Typed = Typed {
            texts: [const { String::new() }; TEXT_FIELD_COUNT],
            public: false,
            consents: Vec::new(),
        };
        match standing.closed_at {
            Some(_) => Self::Closed,
            None => Self::Editing {
                id,
                typed: &BLANK,
                violations: &[],
                failure: None,
                replaces: None,
            },
        }
    }
}

pub struct Landing<'a> {
    pub petition: &'a Petition,
    pub locale: Locale,
    /// The count, the organiser's goal and whether it has closed.
    pub standing: Standing,
    /// Base of this server's public URL, without a trailing slash.
    pub public_url: &'a str,
    /// The channel the visitor came through (`?src=`), recorded with their signature.
    pub channel: Option<&'a str>,
    /// The newest public signers, shown under the form; and now, to say how long ago.
    pub signers: &'a [ListedSigner],
    pub now: i64,
    /// The manifestation shown beside the appeal (`Candles::featured`).
    pub event: Option<FeaturedEvent>,
    pub form: FormState<'a>,
}

/// The landing page's address in a language: the canonical URL and what is shared.
pub fn landing_url(public_url: &str, slug: &str, locale: Locale) -> String {
    match locale {
        Locale::Sv => format!("{public_url}/p/{slug}"),
        Locale::En => format!("{public_url}/p/{slug}?lang=en"),
    }
}

pub fn share_image_url(public_url: &str, slug: &str, locale: Locale) -> String {
    format!("{public_url}/p/{slug}/share.png?lang={}", locale.as_str())
}

/// The share image's size: what Facebook, X and LinkedIn crop to.
pub const SHARE_IMAGE_SIZE: (u32, u32) = (1200, 630);

impl Landing<'_> {
    /// The count and its bar, towards the organiser's goal (or the content's).
    fn progress(&self) -> Markup {
        markup::progress(Some(self.counts()), self.locale)
    }

    fn counts(&self) -> SignatureCounts {
        SignatureCounts {
            confirmed: self.standing.confirmed,
            goal: self.standing.goal.or(self.petition.goal),
        }
    }

    pub fn render(&self) -> String {
        let petition = self.petition;
        let locale = self.locale;
        let text = petition.text(locale);
        let strings = Strings::of(locale);
        let url = landing_url(self.public_url, &petition.slug, locale);
        let image = share_image_url(self.public_url, &petition.slug, locale);
        let oembed = format!(
            "{}/oembed?format=json&url={}",
            self.public_url,
            percent_encoding::utf8_percent_encode(&url, percent_encoding::NON_ALPHANUMERIC)
        );
        let (lead, rest) = text
            .story
            .split_first()
            .map_or((None, &[][..]), |(lead, rest)| (Some(lead), rest));
        let (width, height) = SHARE_IMAGE_SIZE;
        let og_locale = |locale| match locale {
            Locale::Sv => "sv_SE",
            Locale::En => "en_GB",
        };
        let signing = matches!(self.form, FormState::Editing { .. });
        let markup = html! {
            (DOCTYPE)
            html lang=(locale.as_str()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (text.title) " – " (petition.organizer.name) }
                    meta name="description" content=(text.share.summary);
                    link rel="canonical" href=(url);
                    link rel="icon" href="/favicon.svg" type="image/svg+xml";
                    link rel="alternate" type="application/json+oembed" href=(oembed) title=(text.title);
                    meta property="og:type" content="website";
                    meta property="og:site_name" content=(petition.organizer.name);
                    meta property="og:title" content=(text.title);
                    meta property="og:description" content=(text.share.summary);
                    meta property="og:url" content=(url);
                    meta property="og:locale" content=(og_locale(locale));
                    @for other in Locale::ALL.into_iter().filter(|other| *other != locale) {
                        meta property="og:locale:alternate" content=(og_locale(other));
                        link rel="alternate" hreflang=(other.as_str())
                            href=(landing_url(self.public_url, &petition.slug, other));
                    }
                    meta property="og:image" content=(image);
                    meta property="og:image:type" content="image/png";
                    meta property="og:image:width" content=(width);
                    meta property="og:image:height" content=(height);
                    meta property="og:image:alt" content=(text.title);
                    meta name="twitter:card" content="summary_large_image";
                    meta name="twitter:title" content=(text.title);
                    meta name="twitter:description" content=(text.share.summary);
                    meta name="twitter:image" content=(image);
                    style { (PreEscaped(PAGE_STYLE)) }
                }
                body {
                    main {
                        header {
                            (language_switch(locale, |other| landing_url(self.public_url, &petition.slug, other)))
                            h1 { (text.title) }
                            (byline(text, &petition.organizer, strings))
                            @if let Some(lead) = lead { p.lead { (lead) } }
                            // A closed petition says so first, with its final count, not a bar
                            // still reaching for a goal.
                            @if matches!(self.form, FormState::Closed) {
                                p.closed-notice role="status" {
                                    strong { (strings.closed_heading) } " "
                                    ((strings.closed_count)(self.standing.confirmed))
                                }
                            } @else {
                                (self.progress())
                            }
                            @if signing { a.cta href="#sign" { (strings.jump_to_form) } }
                        }
                        @if !rest.is_empty() {
                            details.story {
                                summary { (strings.read_story) }
                                @for paragraph in rest { p { (paragraph) } }
                            }
                        }
                        p.call-to-action { strong { (text.call_to_action) } }
                        section.demands aria-labelledby="demands-heading" {
                            h2 #demands-heading { (text.demands_heading) }
                            ol { @for demand in &text.demands { li { (demand) } } }
                        }
                        @if let Some(event) = &self.event { (featured_event(event)) }
                        aside.statistic {
                            p { (text.statistic.source) }
                            p { strong.figure { (text.statistic.figure) } " " (text.statistic.text) }
                        }
                        section #sign aria-label=(strings.form_heading) {
                            (self.signing_host(&url))
                        }
                        (self.recent_signers())
                        section.closing { @for paragraph in &text.closing { p { (paragraph) } } }
                        details.memorial {
                            summary { (strings.read_memorial) }
                            p { (text.memorial_heading) }
                            ul {
                                @for child in &petition.memorial {
                                    li { (child.name) ", " ((strings.age)(child.age)) " – †" (child.died) }
                                }
                            }
                            @for paragraph in &text.memorial_epilogue { p { (paragraph) } }
                        }
                        footer {
                            p {
                                (strings.organizer_heading) " "
                                a href=(petition.organizer.website) rel="noopener" { (petition.organizer.name) }
                            }
                            p { a href={ "mailto:" (petition.organizer.email) } { (strings.contact_organizer) } }
                            ul {
                                @for link in &petition.links {
                                    li { a href=(link.url) rel="noopener" { (link.label) } }
                                }
                            }
                            p.hashtags { (petition.hashtags.join(" ")) }
                        }
                    }
                    @if signing {
                        // The widget takes over the form in place (same markup, same styles):
                        // validation as the signer types, and delivery that survives a lost
                        // connection. Without JavaScript the form above signs by itself.
                        script src="/embed.js" async
                            data-endpoint="/api/v1"
                            data-petition=(petition.slug)
                            data-lang=(locale.as_str())
                            data-target="#sign > upprop-petition"
                            data-view="form"
                            data-share-url=(url) {}
                    }
                }
            }
        };
        markup.into_string()
    }

    /// Those who allowed their names to be shown, newest first (nothing when there are none).
    fn recent_signers(&self) -> Markup {
        let strings = Strings::of(self.locale);
        let seconds_ago = |signed_at: i64| ((self.now - signed_at).max(0) / 1000) as u64;
        html! {
            @if !self.signers.is_empty() {
                section.signers aria-labelledby="signers-heading" {
                    h2 #signers-heading { (strings.recent_signers) }
                    ul {
                        @for signer in self.signers {
                            (recent_signer(&signer.name, seconds_ago(signer.signed_at), signer.comment.as_deref(), strings))
                        }
                    }
                }
            }
        }
    }

    /// The widget's whole first view as its shadow root holds it (`markup::widget`), so that
    /// `embed.js` can show it while the widget itself downloads and the widget adopts it as it
    /// is. Its form signs on its own (a plain POST to the landing page) if the widget never
    /// starts.
    pub fn widget_view(&self) -> String {
        let url = landing_url(self.public_url, &self.petition.slug, self.locale);
        markup::widget(&self.widget(true, self.public_url, &url)).into_string()
    }

    /// The `<upprop-petition>` element with its declarative shadow root: the widget's form
    /// alone (or, once signed, the thanks and the share step).
    fn signing_host(&self, url: &str) -> Markup {
        html! {
            upprop-petition {
                template shadowrootmode="open" { (markup::widget(&self.widget(false, "", url))) }
            }
        }
    }

    /// The widget's view of this page: the whole appeal or the form alone, its form posting
    /// to `action_base` ("" for this page's own origin).
    fn widget(&self, full: bool, action_base: &str, url: &str) -> WidgetView<'_> {
        let petition = self.petition;
        WidgetView {
            text: petition.text(self.locale),
            background: petition.into(),
            event: self.event.as_ref(),
            counts: Some(self.counts()),
            closed: matches!(self.form, FormState::Closed),
            full,
            locale: self.locale,
            signing: self.signing_content(action_base, url),
            thanked: matches!(self.form, FormState::Signed { .. }),
        }
    }

    /// The form as it stands, or the thanks and share step once signed. `action_base` is the
    /// origin the form's plain POST goes to ("" for this page's own).
    fn signing_content(&self, action_base: &str, url: &str) -> Markup {
        let strings = Strings::of(self.locale);
        match &self.form {
            // `markup::widget` puts the final count in the form's place.
            FormState::Closed => html! {},
            FormState::Signed { id, typed } => thanks(
                strings.confirm_heading,
                None,
                awaiting_confirmation(
                    typed.text(&Field::Email),
                    strings,
                    self.correction(action_base, id, typed),
                ),
                share_step(self.petition, self.locale, url),
            ),
            FormState::Editing {
                id,
                typed,
                violations,
                failure,
                replaces,
            } => self.form(action_base, id, typed, violations, *failure, *replaces),
        }
    }

    /// The form's address: this page, in its language, at the form.
    fn action(&self, action_base: &str) -> String {
        let (slug, lang) = (&self.petition.slug, self.locale.as_str());
        format!("{action_base}/p/{slug}?lang={lang}#sign")
    }

    /// Without JavaScript, the thanks' way back to the form: what was typed, sent back to be
    /// shown again as a form that corrects the signing `id`.
    fn correction(&self, action_base: &str, id: &str, typed: &Typed) -> Markup {
        html! {
            form.correction method="post" action=(self.action(action_base)) {
                input type="hidden" name="correct" value=(id);
                @if let Some(channel) = self.channel { input type="hidden" name="src" value=(channel); }
                @for (name, value) in typed.fields() {
                    input type="hidden" name=(name) value=(value);
                }
                button.(CORRECT_ADDRESS) type="submit" { (Strings::of(self.locale).correct_address) }
            }
        }
    }

    fn form(
        &self,
        action_base: &str,
        id: &str,
        typed: &Typed,
        violations: &[FieldViolation],
        failure: Option<&'static str>,
        replaces: Option<&str>,
    ) -> Markup {
        let started = now_ms().to_string();
        let hidden: Vec<(&str, &str)> = [("id", id), ("started", &started)]
            .into_iter()
            .chain(replaces.map(|replaces| ("replaces", replaces)))
            .chain(self.channel.map(|channel| ("src", channel)))
            .collect();
        markup::form(&Form {
            action: Some(&self.action(action_base)),
            hidden: &hidden,
            typed,
            violations,
            failure,
            text: self.petition.text(self.locale),
            strings: Strings::of(self.locale),
        })
    }
}

/// The documented iframe snippet: works on any page that allows iframes, with no script. It
/// is as wide as the host's column (no width of its own that could exceed it), as high as the
/// widget's first view, and may use the clipboard and the share sheet, which a frame from
/// another site may use only when allowed.
pub fn iframe_snippet(
    public_url: &str,
    petition: &Petition,
    locale: Locale,
    height: u32,
) -> Markup {
    html! {
        iframe src={ (public_url) "/embed/" (petition.slug) "?lang=" (locale.as_str()) }
            title=(petition.text(locale).title) loading="lazy" width="100%" height=(height)
            allow="clipboard-write; web-share" style="border:0;display:block;width:100%" {}
    }
}

/// What oEmbed answers for a pasted link: a quotation linking to the landing page (what feeds,
/// mail digests and text-only readers show), then the iframe. WordPress keeps the quotation
/// only when it comes first, and then loads its host script, which shows the frame and sets
/// its height from the frame's messages (`embed.js`).
pub fn oembed_html(public_url: &str, petition: &Petition, locale: Locale, height: u32) -> String {
    let title = &petition.text(locale).title;
    html! {
        blockquote {
            a href=(landing_url(public_url, &petition.slug, locale)) {
                (title) " – " (petition.organizer.name)
            }
        }
        (iframe_snippet(public_url, petition, locale, height))
    }
    .into_string()
}

/// The page inside the iframe: the widget alone, and a way to sign without JavaScript.
pub fn embed_page(petition: &Petition, locale: Locale, landing_url: &str) -> String {
    let text = petition.text(locale);
    let strings = Strings::of(locale);
    html! {
        (DOCTYPE)
        html lang=(locale.as_str()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (text.title) }
                style { "body{margin:0;background:transparent}" }
            }
            body {
                div #petition {}
                noscript {
                    p { a href=(landing_url) target="_blank" rel="noopener" { (text.title) ": " (strings.submit) } }
                }
                // `data-report-height`: the embedding page (embed.js, or WordPress's host
                // script) sizes the iframe to fit.
                script src="/embed.js" async data-endpoint="/api/v1" data-petition=(petition.slug)
                    data-lang=(locale.as_str()) data-target="#petition" data-share-url=(landing_url)
                    data-report-height {}
            }
        }
    }
    .into_string()
}

/// The share step of a page without the widget: its links and the link to copy by hand.
pub fn share_step(petition: &Petition, locale: Locale, url: &str) -> Markup {
    let shared = Shared {
        url,
        text: &petition.text(locale).share,
        hashtags: &petition.hashtags,
    };
    markup::share_step(&shared, Strings::of(locale), ShareButtons::default())
}
