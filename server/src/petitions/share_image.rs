//! The picture a link preview shows (`og:image`): 1200×630 PNG with the organiser, the
//! appeal's title, the confirmed count and a progress bar (a manifestation's: its title, when,
//! and its candles), drawn from the content with the
//! DejaVu fonts (every Swedish letter), so a shared link shows the campaign and not a blank
//! card. Rendering takes milliseconds; each picture is cached and redrawn at most every few
//! minutes, and only when the count has moved.

use std::sync::Arc;
use std::time::{Duration, Instant};

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use upprop_core::i18n::Strings;
use upprop_core::manifestation::Manifestation;
use upprop_core::{Locale, Petition, format_count, goal_for};

use crate::pages::event::when_said;
use crate::petitions::events::When;

use crate::pages::landing::SHARE_IMAGE_SIZE;
use crate::petitions::Entry;
use crate::petitions::single_flight::SingleFlight;

/// How long a picture is served before a moved count redraws it.
const FRESH_FOR: Duration = Duration::from_secs(5 * 60);

const PAPER: [u8; 3] = [0xff, 0xfd, 0xfa];
const INK: [u8; 3] = [0x1d, 0x1d, 0x1f];
const ACCENT: [u8; 3] = [0xb3, 0x26, 0x1e];
const MUTED: [u8; 3] = [0x57, 0x53, 0x4e];
const TRACK: [u8; 3] = [0xe8, 0xe2, 0xda];

#[derive(Clone, Default)]
pub struct ShareImages(SingleFlight<PictureOf, Cached>);

/// The picture's name (a petition's slug, or the slug and an event's id), language and content
/// digest: a reloaded text draws a new picture.
pub type PictureOf = (String, Locale, String);

struct Cached {
    count: u64,
    drawn_at: Instant,
    png: Arc<[u8]>,
}

impl ShareImages {
    /// The picture named `key` at `count` (signatures, candles) drawn from `card`: the cached
    /// one while it is fresh or the count has not moved, else a new one, drawn once however
    /// many ask for it meanwhile.
    pub async fn get(&self, key: PictureOf, count: u64, card: Card) -> Arc<[u8]> {
        let fresh =
            |cached: &Cached| cached.count == count || cached.drawn_at.elapsed() < FRESH_FOR;
        let draw = || async move {
            let png = tokio::task::spawn_blocking(move || draw(&card))
                .await
                .expect("drawing does not panic");
            Cached {
                count,
                drawn_at: Instant::now(),
                png: png.into(),
            }
        };
        self.0.get(key, fresh, draw).await.png.clone()
    }
}

/// The name a picture is cached by: a petition's, or a petition's and its event's.
pub fn petition_picture(entry: &Entry, locale: Locale) -> PictureOf {
    let petition = &entry.petition;
    (
        petition.slug.clone(),
        locale,
        entry.localized(locale).digest.clone(),
    )
}

/// What a picture says: who asks, the title, the lines under it, a figure (with the bar
/// towards a goal, for signatures) and the hashtags.
pub struct Card {
    pub organizer: String,
    pub title: String,
    pub summary: String,
    pub figure: String,
    /// How far of how far: the bar under the figure.
    pub bar: Option<(u64, u64)>,
    pub hashtags: String,
}

impl Card {
    /// The petition's picture: its title and summary, the count towards its goal.
    pub fn petition(petition: &Petition, locale: Locale, confirmed: u64) -> Self {
        let text = petition.text(locale);
        let goal = goal_for(confirmed, petition.goal);
        Self {
            organizer: petition.organizer.name.clone(),
            title: text.title.clone(),
            summary: text.share.summary.clone(),
            figure: (Strings::of(locale).signature_count)(confirmed, Some(goal)),
            bar: Some((confirmed, goal)),
            hashtags: petition.hashtags.join("  "),
        }
    }

    /// A manifestation's picture: its title, when and what it is, and its candles.
    pub fn event(
        petition: &Petition,
        event: &Manifestation,
        when: &When,
        locale: Locale,
        candles: u64,
    ) -> Self {
        let text = event.text(locale);
        let mut summary = when_said(when, locale);
        for line in &text.description {
            summary.push_str(". ");
            summary.push_str(line);
        }
        let figure = match locale {
            Locale::Sv => format!("Tända ljus: {}", format_count(candles, locale)),
            Locale::En => format!("Candles lit: {}", format_count(candles, locale)),
        };
        Self {
            organizer: petition.organizer.name.clone(),
            title: text.title.clone(),
            summary,
            figure,
            bar: None,
            hashtags: petition.hashtags.join("  "),
        }
    }
}

struct Canvas {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

impl Canvas {
    fn new(width: u32, height: u32, color: [u8; 3]) -> Self {
        Self {
            width,
            height,
            pixels: color.repeat((width * height) as usize),
        }
    }

    fn blend(&mut self, x: i64, y: i64, color: [u8; 3], coverage: f32) {
        if x < 0 || y < 0 || x >= i64::from(self.width) || y >= i64::from(self.height) {
            return;
        }
        let at = ((y as u32 * self.width + x as u32) * 3) as usize;
        let coverage = coverage.clamp(0.0, 1.0);
        for (channel, &ink) in color.iter().enumerate() {
            let below = f32::from(self.pixels[at + channel]);
            self.pixels[at + channel] = (below + (f32::from(ink) - below) * coverage).round() as u8;
        }
    }

    fn rect(&mut self, x: u32, y: u32, width: u32, height: u32, color: [u8; 3]) {
        for row in y..(y + height).min(self.height) {
            for column in x..(x + width).min(self.width) {
                self.blend(i64::from(column), i64::from(row), color, 1.0);
            }
        }
    }

    /// Draws one line of text with its baseline at `y`; returns its width.
    fn text(
        &mut self,
        font: &FontRef,
        size: f32,
        x: f32,
        y: f32,
        text: &str,
        color: [u8; 3],
    ) -> f32 {
        let scaled = font.as_scaled(PxScale::from(size));
        let mut caret = x;
        let mut previous = None;
        for character in text.chars() {
            let id = font.glyph_id(character);
            if let Some(previous) = previous {
                caret += scaled.kern(previous, id);
            }
            let glyph = id.with_scale_and_position(PxScale::from(size), point(caret, y));
            if let Some(outline) = font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                outline.draw(|gx, gy, coverage| {
                    self.blend(
                        bounds.min.x as i64 + i64::from(gx),
                        bounds.min.y as i64 + i64::from(gy),
                        color,
                        coverage,
                    );
                });
            }
            caret += scaled.h_advance(id);
            previous = Some(id);
        }
        caret - x
    }

    fn png(&self) -> Vec<u8> {
        let mut png = Vec::new();
        let mut encoder = png::Encoder::new(&mut png, self.width, self.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("writing to memory");
        writer
            .write_image_data(&self.pixels)
            .expect("writing to memory");
        writer.finish().expect("writing to memory");
        png
    }
}

fn width_of(font: &FontRef, size: f32, text: &str) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size));
    text.chars()
        .map(|character| scaled.h_advance(font.glyph_id(character)))
        .sum()
}

/// Breaks `text` into lines no wider than `width`, at most `max_lines` (the last one cut
/// with an ellipsis when the text is longer).
fn wrap(font: &FontRef, size: f32, text: &str, width: f32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if width_of(font, size, &candidate) <= width || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last = lines.last_mut().expect("max_lines > 0");
        while !last.is_empty() && width_of(font, size, &format!("{last} …")) > width {
            last.pop();
        }
        last.push_str(" …");
    }
    lines
}

const TITLE_SIZE: f32 = 76.0;
const TITLE_LINE: f32 = 88.0;
const TITLE_BASELINE: f32 = 190.0;
const SUMMARY_SIZE: f32 = 34.0;
const SUMMARY_LINE: f32 = 46.0;
/// The lowest the summary's last line may sit, clear of the count under it.
const SUMMARY_LAST_BASELINE: f32 = 460.0;

/// The title's lines (at most two) and the summary's: as many as the title leaves room for, so
/// that a summary that ends with whom it asks ("…till Sveriges riksdag") is not cut short.
fn text_lines(fonts: &Fonts, title: &str, summary: &str, width: f32) -> (Vec<String>, Vec<String>) {
    let Fonts { regular, bold } = fonts;
    let title = wrap(bold, TITLE_SIZE, title, width, 2);
    let summary_top = TITLE_BASELINE + TITLE_LINE * title.len() as f32;
    let room = ((SUMMARY_LAST_BASELINE - summary_top) / SUMMARY_LINE).floor() as usize + 1;
    let summary = wrap(regular, SUMMARY_SIZE, summary, width, room);
    (title, summary)
}

struct Fonts {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

impl Fonts {
    fn dejavu() -> Self {
        Self {
            regular: FontRef::try_from_slice(dejavu::sans::regular()).expect("DejaVu parses"),
            bold: FontRef::try_from_slice(dejavu::sans::bold()).expect("DejaVu parses"),
        }
    }
}

/// Draws the picture as PNG bytes.
pub fn draw(card: &Card) -> Vec<u8> {
    let fonts = Fonts::dejavu();
    let Fonts { regular, bold } = &fonts;
    let (width, height) = SHARE_IMAGE_SIZE;
    let margin = 80.0;
    let text_width = width as f32 - 2.0 * margin;
    let mut canvas = Canvas::new(width, height, PAPER);
    canvas.rect(0, 0, width, 16, ACCENT);

    canvas.text(bold, 34.0, margin, 100.0, &card.organizer, MUTED);
    let (title, summary) = text_lines(&fonts, &card.title, &card.summary, text_width);
    let mut baseline = TITLE_BASELINE;
    for line in title {
        canvas.text(bold, TITLE_SIZE, margin, baseline, &line, INK);
        baseline += TITLE_LINE;
    }
    for line in summary {
        canvas.text(regular, SUMMARY_SIZE, margin, baseline, &line, INK);
        baseline += SUMMARY_LINE;
    }

    canvas.text(
        bold,
        40.0,
        margin,
        505.0,
        &card.figure.replace('\u{a0}', " "),
        ACCENT,
    );
    if let Some((done, goal)) = card.bar {
        let bar_width = text_width as u32;
        canvas.rect(margin as u32, 530, bar_width, 22, TRACK);
        let filled = (u128::from(bar_width) * u128::from(done) / u128::from(goal.max(1))) as u32;
        canvas.rect(margin as u32, 530, filled.min(bar_width), 22, ACCENT);
    }
    canvas.text(regular, 28.0, margin, 600.0, &card.hashtags, MUTED);
    canvas.png()
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIDTH: f32 = SHARE_IMAGE_SIZE.0 as f32 - 160.0;

    fn bundled() -> Petition {
        let json = include_str!("../../../content/upprop-socialtjansten.json");
        Petition::from_json(json).expect("the bundled content reads")
    }

    #[test]
    fn the_bundled_summary_is_drawn_whole_in_both_languages() {
        let petition = bundled();
        for locale in [Locale::Sv, Locale::En] {
            let text = petition.text(locale);
            let (title, summary) =
                text_lines(&Fonts::dejavu(), &text.title, &text.share.summary, WIDTH);
            assert_eq!(title.join(" "), petition.text(locale).title);
            assert_eq!(
                summary.join(" "),
                petition.text(locale).share.summary,
                "{locale:?}"
            );
        }
    }

    #[test]
    fn a_summary_longer_than_the_room_is_cut_with_an_ellipsis() {
        let mut petition = bundled();
        petition.sv.share.summary = "ord ".repeat(400);
        let text = petition.text(Locale::Sv);
        let (_, summary) = text_lines(&Fonts::dejavu(), &text.title, &text.share.summary, WIDTH);
        assert!(summary.len() >= 3);
        assert!(summary.last().unwrap().ends_with(" …"));
    }
}
