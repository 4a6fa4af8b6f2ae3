//! The widget's whole view as its shadow root holds it: the appeal, the form's section and
//! the background in a scrolling first view with its "show all" button, or the form's section
//! alone. The server writes it into the widget's first view and the landing page's form, the
//! widget writes it when no first view was shown, and the widget adopts whichever is there.

use maud::{Markup, PreEscaped, html};

use super::names::{SCROLLER, SHOW_ALL, SIGNING, WIDGET};
use super::{Background, appeal, background, closed, featured_event, progress};
use crate::i18n::Strings;
use crate::manifestation::FeaturedEvent;
use crate::style::WIDGET_CSS;
use crate::{Locale, PetitionText, SignatureCounts};

/// What the widget shows.
pub struct WidgetView<'a> {
    /// The appeal in the widget's language.
    pub text: &'a PetitionText,
    /// What follows the form in the whole appeal: organiser, memorial, links, hashtags.
    pub background: Background<'a>,
    /// The manifestation beside the appeal, as the endpoint words it.
    pub event: Option<&'a FeaturedEvent>,
    /// How many have signed, towards which goal; none when the endpoint did not say.
    pub counts: Option<SignatureCounts>,
    /// Closed by its organiser: its final count instead of the form.
    pub closed: bool,
    /// The whole appeal (the widget's default view), or the form alone.
    pub full: bool,
    /// The language it speaks (`lang`, the numbers' format).
    pub locale: Locale,
    /// In the form's section, under its heading: the form (`markup::form`), or the thanks.
    pub signing: Markup,
    /// The signer is being thanked: the heading that asks them to sign is hidden.
    pub thanked: bool,
}

/// The shadow root's content: the widget's stylesheet and its view.
pub fn widget(view: &WidgetView) -> Markup {
    let strings = Strings::of(view.locale);
    let confirmed = view.counts.map_or(0, |counts| counts.confirmed);
    let signing = html! {
        section.(SIGNING) aria-labelledby="form-heading" {
            @if view.closed {
                (closed(confirmed, strings))
            } @else {
                h3 #form-heading hidden[view.thanked] { (strings.form_heading) }
                (view.signing)
            }
        }
    };
    html! {
        style { (PreEscaped(WIDGET_CSS)) }
        div {
            article.(WIDGET).full[view.full].form-only[!view.full] lang=(view.locale.as_str()) {
                div.(SCROLLER) {
                    @if view.full {
                        @if view.closed {
                            (appeal(view.text, view.background.organizer, closed(confirmed, strings), strings))
                        } @else {
                            (appeal(view.text, view.background.organizer, progress(view.counts, view.locale), strings))
                        }
                        @if let Some(event) = view.event { (featured_event(event)) }
                        @if !view.closed { (signing) }
                        (background(view.text, &view.background, strings))
                    } @else {
                        (signing)
                    }
                }
                @if view.full {
                    button.(SHOW_ALL) type="button" aria-expanded="false" { (strings.show_all) }
                }
            }
        }
    }
}

/// The label of the "show all" button: what pressing it does next.
pub fn show_all_label(expanded: bool, strings: &Strings) -> &'static str {
    if expanded {
        strings.fold_appeal
    } else {
        strings.show_all
    }
}
