//! A mail's words written once and sent twice: as plain text and as HTML with the same
//! content. The HTML is the organiser's letter: its action as a clear button (the link beside
//! it, for mail programs that show no buttons), the organiser's name and contact, and the link
//! to withdraw set apart below, so that nobody takes one link for the other.

use maud::{DOCTYPE, html};
use upprop_core::content::Organizer;

use crate::store::Mail;

/// The letter's one action: a button in HTML, the bare link in the text.
pub struct Action<'a> {
    pub label: &'a str,
    pub url: &'a str,
    /// Said before the bare link, for a mail program that shows no button.
    pub fallback: &'a str,
}

/// Set apart below the signature: a second link the reader seldom needs (to withdraw).
pub struct Aside<'a> {
    pub text: &'a str,
    pub label: &'a str,
    pub url: &'a str,
}

pub struct Letter<'a> {
    pub lang: &'a str,
    pub greeting: &'a str,
    /// Before the action.
    pub before: &'a [&'a str],
    pub action: Option<Action<'a>>,
    /// After the action.
    pub after: &'a [&'a str],
    /// Who writes, and how to reach them.
    pub from: Sender<'a>,
    pub aside: Option<Aside<'a>>,
}

/// The letter's signature: the organiser, with their contact, or a service's name alone.
pub enum Sender<'a> {
    Organizer(&'a Organizer),
    Service(&'a str),
}

impl Letter<'_> {
    /// The letter as a mail to `recipient`, in text and HTML.
    pub fn mail(&self, recipient: &str, subject: String) -> Mail {
        Mail {
            recipient: recipient.to_owned(),
            subject,
            body: self.text(),
            html: Some(self.html()),
            calendar: None,
        }
    }

    pub fn text(&self) -> String {
        let mut paragraphs: Vec<String> = vec![self.greeting.to_owned()];
        paragraphs.extend(self.before.iter().map(|text| (*text).to_owned()));
        if let Some(action) = &self.action {
            paragraphs.push(action.url.to_owned());
        }
        paragraphs.extend(self.after.iter().map(|text| (*text).to_owned()));
        paragraphs.push(match self.from {
            Sender::Organizer(organizer) => format!(
                "{}\n{} · {}",
                organizer.name, organizer.email, organizer.website
            ),
            Sender::Service(name) => name.to_owned(),
        });
        if let Some(aside) = &self.aside {
            paragraphs.push(format!("—\n{}\n{}", aside.text, aside.url));
        }
        paragraphs.join("\n\n") + "\n"
    }

    pub fn html(&self) -> String {
        const FONT: &str =
            "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;";
        let button = "display:inline-block;background:#b3261e;color:#ffffff;font-weight:700;\
                      text-decoration:none;padding:12px 22px;border-radius:6px";
        html! {
            (DOCTYPE)
            html lang=(self.lang) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (self.greeting) }
                }
                body style={ (FONT) "margin:0;padding:16px;background:#f6f1ea;color:#1d1d1f;line-height:1.5" } {
                    div style="max-width:560px;margin:0 auto;background:#fffdfa;border:1px solid #c9c5c0;border-radius:10px;padding:20px" {
                        p { (self.greeting) }
                        @for paragraph in self.before { p { (paragraph) } }
                        @if let Some(action) = &self.action {
                            p style="margin:24px 0" { a href=(action.url) style=(button) { (action.label) } }
                            p style="font-size:14px;color:#57534e;overflow-wrap:anywhere" {
                                (action.fallback) " " a href=(action.url) { (action.url) }
                            }
                        }
                        @for paragraph in self.after { p { (paragraph) } }
                        p style="border-top:1px solid #c9c5c0;padding-top:12px;margin-top:20px" {
                            @match self.from {
                                Sender::Organizer(organizer) => {
                                    strong { (organizer.name) } br;
                                    a href={ "mailto:" (organizer.email) } style="color:#8c1d18" { (organizer.email) }
                                    " · "
                                    a href=(organizer.website) style="color:#8c1d18" { (organizer.website) }
                                },
                                Sender::Service(name) => { strong { (name) } },
                            }
                        }
                    }
                    @if let Some(aside) = &self.aside {
                        p style="max-width:560px;margin:16px auto 0;font-size:13px;color:#57534e" {
                            (aside.text) " " a href=(aside.url) style="color:#57534e" { (aside.label) }
                        }
                    }
                }
            }
        }
        .into_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn organizer() -> Organizer {
        Organizer {
            name: "Brinn för barnen".into(),
            email: "info@example.se".into(),
            website: "https://example.se".into(),
        }
    }

    fn letter(organizer: &Organizer) -> Letter<'_> {
        Letter {
            lang: "sv",
            greeting: "Hej!",
            before: &["Tack för att du skrev under \"<Uppropet>\"."],
            action: Some(Action {
                label: "Bekräfta min underskrift",
                url: "https://example.se/confirm/abc",
                fallback: "Fungerar inte knappen? Öppna länken:",
            }),
            after: &["Obekräftade underskrifter raderas efter 30 dagar."],
            from: Sender::Organizer(organizer),
            aside: Some(Aside {
                text: "Vill du ta tillbaka din underskrift?",
                label: "Ta tillbaka den",
                url: "https://example.se/withdraw/def",
            }),
        }
    }

    #[test]
    fn text_and_html_say_the_same_and_set_the_withdrawal_apart() {
        let organizer = organizer();
        let letter = letter(&organizer);
        assert_eq!(
            letter.text(),
            "Hej!\n\nTack för att du skrev under \"<Uppropet>\".\n\nhttps://example.se/confirm/abc\n\n\
             Obekräftade underskrifter raderas efter 30 dagar.\n\nBrinn för barnen\ninfo@example.se · https://example.se\n\n\
             —\nVill du ta tillbaka din underskrift?\nhttps://example.se/withdraw/def\n"
        );
        let html = letter.html();
        assert!(html.contains("&lt;Uppropet&gt;"), "escaped: {html}");
        let button = html.find(">Bekräfta min underskrift</a>").unwrap();
        let withdraw = html.find(">Ta tillbaka den</a>").unwrap();
        let signature = html.find("<strong>Brinn för barnen</strong>").unwrap();
        assert!(
            button < signature && signature < withdraw,
            "the withdrawal last, after the signature"
        );
        assert!(html.contains(
            r#"<a href="https://example.se/confirm/abc">https://example.se/confirm/abc</a>"#
        ));
        assert!(html.contains(r#"href="mailto:info@example.se""#));
    }
}
