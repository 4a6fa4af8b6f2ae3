//! A manifestation's flyer, to print and put up: one A4 or A5 page made from the content (the
//! title, when and where, the short appeal and its demands, the call, the hashtags and the
//! organiser's contacts) with a QR code for the landing page. The code's link carries the
//! flyer's channel tag, one per poster if the organiser makes them, so the dashboard's
//! per-channel table shows which poster brought signers.

use maud::{DOCTYPE, Markup, PreEscaped, html};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use upprop_core::manifestation::{Manifestation, Place};
use upprop_core::source::tagged;
use upprop_core::{Locale, Petition};

use super::event::{anywhere, flyer_url, when_said};
use super::landing::landing_url;
use crate::petitions::events::When;

/// The channel tag of a flyer's code, and the prefix of a poster's own (`flyer-{poster}`).
pub const FLYER_CHANNEL: &str = "flyer";

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaperSize {
    A4,
    A5,
}

impl PaperSize {
    fn name(self) -> &'static str {
        match self {
            Self::A4 => "A4",
            Self::A5 => "A5",
        }
    }
}

struct Words {
    scan: &'static str,
    demands_heading: &'static str,
    more: &'static str,
    print: &'static str,
    how_to_print: &'static str,
    poster_code: &'static str,
    poster_hint: &'static str,
    make: &'static str,
    code_is: &'static str,
    poster_refused: &'static str,
}

const SV: Words = Words {
    scan: "Skanna och skriv under uppropet",
    demands_heading: "Vi kräver att",
    more: "Mer information",
    print: "Skriv ut",
    how_to_print: "Skriv ut med webbläsarens utskrift (Ctrl+P, på Mac ⌘P) i storleken ovan, utan marginaler eller sidhuvud. Sidan får plats på ett ark.",
    poster_code: "Egen kod för en affisch eller plats",
    poster_hint: "Till exempel biblioteket eller lyktstolpe-3: små bokstäver a–z, siffror och bindestreck. Panelen visar sedan hur många som skrev under från just den affischen.",
    make: "Gör flygbladet",
    code_is: "Koden på det här flygbladet",
    poster_refused: "Den koden går inte att använda: skriv högst 30 tecken, bara bokstäver a–z, siffror, bindestreck, punkt eller understreck. Flygbladet har sin vanliga kod så länge.",
};

const EN: Words = Words {
    scan: "Scan and sign the petition",
    demands_heading: "We demand that",
    more: "More information",
    print: "Print",
    how_to_print: "Print with your browser's print (Ctrl+P, on a Mac ⌘P) at the size above, without margins or headers. The page fits on one sheet.",
    poster_code: "A code of its own for a poster or place",
    poster_hint: "For example library or lamp-post-3: lower-case letters a–z, digits and hyphens. The dashboard then shows how many signed from that very poster.",
    make: "Make the flyer",
    code_is: "The code on this flyer",
    poster_refused: "That code cannot be used: write at most 30 characters, only letters a–z, digits, hyphens, dots or underscores. The flyer has its usual code meanwhile.",
};

fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Sv => &SV,
        Locale::En => &EN,
    }
}

/// The channel tag a flyer's code carries: `flyer`, or `flyer-{poster}` for a poster's own;
/// `None` when `poster` is no plausible tag.
pub fn channel(poster: Option<&str>) -> Option<String> {
    match poster.map(str::trim).filter(|poster| !poster.is_empty()) {
        None => Some(FLYER_CHANNEL.to_owned()),
        Some(poster) => upprop_core::source::valid_channel(&format!("{FLYER_CHANNEL}-{poster}")),
    }
}

/// The QR code for `url`, as SVG to put in a page (no XML declaration), drawn at any size.
pub fn qr_code(url: &str) -> String {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
        .expect("a landing page's address fits a QR code");
    let svg = code
        .render::<svg::Color>()
        .quiet_zone(true)
        .min_dimensions(256, 256)
        .build();
    match svg.find("<svg") {
        Some(start) => svg[start..].to_owned(),
        None => svg,
    }
}

/// The flyer of `event`.
pub struct Flyer<'a> {
    pub petition: &'a Petition,
    pub event: &'a Manifestation,
    pub when: &'a When,
    pub public_url: &'a str,
    pub locale: Locale,
    pub size: PaperSize,
    /// The poster's own code, as asked for (`None`: the flyer's).
    pub poster: Option<&'a str>,
    /// The channel its code carries.
    pub channel: &'a str,
    /// The poster's code asked for was no plausible tag: the flyer's own is used.
    pub poster_refused: bool,
}

impl Flyer<'_> {
    pub fn render(&self) -> String {
        let Self {
            petition,
            event,
            when,
            locale,
            size,
            ..
        } = *self;
        let words = words(locale);
        let text = event.text(locale);
        let link = tagged(
            &landing_url(self.public_url, &petition.slug, locale),
            self.channel,
        );
        let printed_link = link.split("://").nth(1).unwrap_or(&link).to_owned();
        let page_rule = format!("@page{{size:{} portrait;margin:0}}", size.name());
        html! {
            (DOCTYPE)
            html lang=(locale.as_str()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (text.title) " – " (size.name()) }
                    meta name="robots" content="noindex";
                    link rel="icon" href="/favicon.svg" type="image/svg+xml";
                    style { (PreEscaped(FLYER_STYLE)) (PreEscaped(page_rule)) }
                    script src="/event.js" defer {}
                }
                body {
                    (self.controls(words))
                    main {
                    article.sheet.(size.name().to_lowercase()) {
                        header {
                            p.organizer { (petition.organizer.name) }
                            h1 { (text.title) }
                            p.when { (when_said(when, locale)) }
                            @for place in &event.places {
                                p.place {
                                    @match place {
                                        Place::Address { name, address } => { strong { (name) } ", " (address) }
                                        Place::Anywhere => { (anywhere(locale)) }
                                    }
                                }
                            }
                        }
                        @for paragraph in &text.appeal { p.appeal { (paragraph) } }
                        @if !text.demands.is_empty() {
                            h2 { (words.demands_heading) ":" }
                            ul.demands { @for demand in &text.demands { li { (demand) } } }
                        }
                        p.call { (text.call) }
                        footer {
                            figure.qr {
                                (PreEscaped(qr_code(&link)))
                                figcaption { strong { (words.scan) } br; (printed_link) }
                            }
                            div.contacts {
                                p.hashtags { @for tag in &petition.hashtags { span { (tag) } " " } }
                                p { (petition.organizer.name) " · " (petition.organizer.email) }
                                p { (words.more) ":" }
                                ul.links {
                                    @for link in &petition.links {
                                        li { (link.url.split("://").nth(1).unwrap_or(&link.url)) }
                                    }
                                }
                            }
                        }
                    }
                    }
                }
            }
        }
        .into_string()
    }

    /// What the screen shows above the sheet, never printed: the sizes, the poster's code,
    /// the print button (wired by `event.js`) and how to print.
    fn controls(&self, words: &Words) -> Markup {
        let Self {
            petition,
            event,
            locale,
            size,
            ..
        } = *self;
        let url = |size: &str| {
            let mut url = flyer_url(&petition.slug, &event.id, locale);
            url.push_str("&size=");
            url.push_str(size);
            if let Some(poster) = self.poster {
                url.push_str("&poster=");
                url.push_str(
                    &percent_encoding::utf8_percent_encode(
                        poster,
                        percent_encoding::NON_ALPHANUMERIC,
                    )
                    .to_string(),
                );
            }
            url
        };
        html! {
            nav.controls aria-label=(words.print) {
                p.sizes {
                    @for (name, paper) in [("a4", PaperSize::A4), ("a5", PaperSize::A5)] {
                        @if paper == size { strong aria-current="page" { (paper.name()) } }
                        @else { a href=(url(name)) { (paper.name()) } }
                        " "
                    }
                    button type="button" data-print hidden { (words.print) }
                }
                p { (words.how_to_print) }
                p { (words.code_is) ": " code { (self.channel) } }
                form method="get" action={ "/p/" (petition.slug) "/events/" (event.id) "/flyer" } {
                    input type="hidden" name="lang" value=(locale.as_str());
                    input type="hidden" name="size" value=(size.name().to_lowercase());
                    label for="poster" { (words.poster_code) }
                    @if self.poster_refused { p.notice #poster-error role="alert" { (words.poster_refused) } }
                    p.hint #poster-hint { (words.poster_hint) }
                    input #poster type="text" name="poster" value=[self.poster] aria-describedby=(if self.poster_refused { "poster-error poster-hint" } else { "poster-hint" })
                        aria-invalid=[self.poster_refused.then_some("true")]
                        pattern="[A-Za-z0-9._-]{1,30}" maxlength="30" autocomplete="off";
                    " "
                    button type="submit" { (words.make) }
                }
            }
        }
    }
}

/// The sheet in millimetres, as the paper is; on screen a preview of it (zoomed out on a phone,
/// so it fits), in print the page alone. A5 is A4's text at a smaller size.
const FLYER_STYLE: &str = "*,*::before,*::after{box-sizing:border-box}\
body{margin:0;background:#e7e2db;color:#1d1d1f;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif}\
.controls{max-width:40em;margin:0 auto;padding:1em;font-size:16px;line-height:1.5}\
.controls input{font:inherit;padding:.4em;border:1px solid #8a8580;border-radius:.3em}\
.controls button{font:inherit;font-weight:700;color:#fff;background:#b3261e;border:0;border-radius:.3em;padding:.45em 1em}\
.controls .notice{font-weight:700;color:#8c1d18}.controls .hint{margin:.2em 0 .4em;color:#57534e;font-size:.9em}.controls label{display:block;font-weight:700}\
a{color:#8c1d18}:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}\
.sheet{background:#fff;margin:0 auto 2em;overflow:hidden;display:flex;flex-direction:column;line-height:1.3}\
.sheet.a4{width:210mm;height:297mm;padding:14mm 16mm;font-size:11.5pt}\
.sheet.a5{width:148mm;height:210mm;padding:9mm 10mm;font-size:7.9pt}\
.sheet header{border-bottom:.6mm solid #b3261e;margin-bottom:.8em}\
.sheet .organizer{margin:0;font-weight:700;letter-spacing:.08em;text-transform:uppercase;color:#8c1d18}\
.sheet h1{font-size:2.5em;line-height:1.05;margin:.15em 0 .2em}\
.sheet .when{font-size:1.5em;font-weight:700;margin:0 0 .2em}.sheet .place{margin:0 0 .6em;font-size:1.1em}\
.sheet p{margin:0 0 .55em}.sheet h2{font-size:1.1em;margin:.3em 0 .2em}\
.sheet .demands{margin:0 0 .6em;padding-left:1.2em}.sheet .demands li{margin-bottom:.2em}\
.sheet .call{font-weight:700;font-size:1.15em;color:#8c1d18}\
.sheet footer{margin-top:auto;display:flex;gap:1.2em;align-items:flex-end;border-top:.3mm solid #c9c5c0;padding-top:.8em}\
.qr{margin:0;flex:0 1 auto;max-width:55%;text-align:center;font-size:.85em;overflow-wrap:anywhere}\
.a4 .qr svg{width:46mm;height:46mm}.a5 .qr svg{width:34mm;height:34mm}\
.qr svg{display:block;margin:0 auto .3em}\
.contacts{flex:1 1 auto;min-width:0;overflow-wrap:anywhere}.contacts p{margin:0 0 .3em}.links{list-style:none;margin:0;padding:0}.hashtags{font-weight:700}\
@media screen and (max-width:640px){.sheet.a5{zoom:.6}.sheet.a4{zoom:.44}}\
@media print{body{background:#fff}.controls{display:none}.sheet{margin:0}}";
