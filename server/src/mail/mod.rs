//! Outgoing mail: the transport (SMTP, or a folder of .eml files for development) and the
//! words of each message in the signer's language.

pub mod dkim;
mod letter;
pub mod outbox;
pub mod reminder;
pub mod tokens;

use std::sync::Arc;

use anyhow::Context;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use maud::{DOCTYPE, html};
use upprop_core::{Locale, Petition};
use uuid::Uuid;

use crate::config::Config;
use crate::mail::dkim::Dkim;
use crate::mail::letter::{Action, Aside, Letter, Sender};
use crate::store::Mail;

#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    transport: Transport,
    dkim: Option<Arc<Dkim>>,
}

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Folder(AsyncFileTransport<Tokio1Executor>),
}

impl Mailer {
    /// The mailer the configuration describes: SMTP or the mail folder, the sender, and the
    /// DKIM key if one is set.
    pub fn new(config: &Config) -> anyhow::Result<Self> {
        let from: Mailbox = config
            .mail_from
            .parse()
            .context("--mail-from is not a mail address")?;
        let transport = match config.smtp_url.as_deref() {
            // The URL may hold a password: never repeat it in an error.
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|_| anyhow::anyhow!("--smtp-url is not a valid SMTP URL"))?
                    .build(),
            ),
            None => {
                let mail_dir = &config.mail_dir;
                std::fs::create_dir_all(mail_dir)
                    .with_context(|| format!("creating the mail folder {}", mail_dir.display()))?;
                tracing::info!(folder = %mail_dir.display(), "no SMTP server set: mail is written to a folder");
                Transport::Folder(AsyncFileTransport::new(mail_dir))
            }
        };
        let dkim = config
            .dkim_key
            .as_deref()
            .map(|key| Dkim::load(key, &config.dkim_selector, from.email.domain()))
            .transpose()?
            .map(Arc::new);
        Ok(Self {
            from,
            transport,
            dkim,
        })
    }

    /// Where and what to publish in DNS for the DKIM signatures to verify, if mail is signed.
    pub fn dkim_record(&self) -> Option<(&str, &str)> {
        self.dkim
            .as_deref()
            .map(|dkim| (dkim.dns_name.as_str(), dkim.dns_record.as_str()))
    }

    /// Whether mail can go out: the SMTP server answers (a folder always can).
    pub async fn reach(&self) -> Result<(), String> {
        match &self.transport {
            Transport::Smtp(transport) => match transport.test_connection().await {
                Ok(true) => Ok(()),
                // The server's words may quote the credentials' user: not repeated.
                _ => Err("the SMTP server does not answer, or refuses the connection".into()),
            },
            Transport::Folder(_) => Ok(()),
        }
    }

    pub async fn send(&self, mail: &Mail) -> Result<(), SendFailure> {
        // A Message-ID in the sender's own domain, a Date (lettre adds it), and the text in
        // plain and HTML: what spam filters look for in a real message.
        let message_id = format!("<{}@{}>", Uuid::new_v4(), self.from.email.domain());
        let part = |content_type: ContentType, body: String| {
            SinglePart::builder()
                .header(content_type)
                .header(ContentTransferEncoding::QuotedPrintable)
                .body(body)
        };
        let mut message = Message::builder()
            .from(self.from.clone())
            .to(mail
                .recipient
                .parse()
                .map_err(|_| SendFailure::permanent("the recipient is no mail address"))?)
            .subject(&mail.subject)
            .message_id(Some(message_id))
            .multipart(with_calendar(
                MultiPart::alternative()
                    .singlepart(part(ContentType::TEXT_PLAIN, mail.body.clone()))
                    .singlepart(part(
                        ContentType::TEXT_HTML,
                        mail.html.clone().unwrap_or_else(|| as_html(&mail.body)),
                    )),
                mail.calendar.as_deref(),
            ))
            .map_err(|_| SendFailure::permanent("the message cannot be built"))?;
        if let Some(dkim) = &self.dkim {
            message.sign(&dkim.config);
        }
        // Errors are described without the server's words, which may quote the address.
        match &self.transport {
            Transport::Smtp(transport) => transport.send(message).await.map(drop).map_err(|e| {
                let kind = if e.is_permanent() {
                    "permanent"
                } else if e.is_transient() {
                    "transient"
                } else if e.is_timeout() {
                    "timeout"
                } else if e.is_tls() {
                    "TLS"
                } else {
                    "connection"
                };
                let code = e.status().map(|code| code.to_string()).unwrap_or_default();
                SendFailure {
                    permanent: e.is_permanent(),
                    description: format!("SMTP {kind} error {code}"),
                }
            }),
            Transport::Folder(transport) => {
                transport
                    .send(message)
                    .await
                    .map(drop)
                    .map_err(|e| SendFailure {
                        permanent: false,
                        description: format!("cannot write the mail file: {e}"),
                    })
            }
        }
    }
}

/// The message's text and HTML, with the calendar entry beside them as an `.ics` attachment
/// when it has one (a calendar program offers to add it).
fn with_calendar(text_and_html: MultiPart, calendar: Option<&str>) -> MultiPart {
    match calendar {
        None => text_and_html,
        Some(calendar) => MultiPart::mixed().multipart(text_and_html).singlepart(
            Attachment::new("manifestation.ics".to_owned()).body(
                calendar.to_owned(),
                ContentType::parse("text/calendar; charset=utf-8").expect("a valid content type"),
            ),
        ),
    }
}

/// The plain text as HTML, for mail queued before letters had HTML of their own: its
/// paragraphs and line breaks, each address a link, every character escaped.
fn as_html(text: &str) -> String {
    html! {
        (DOCTYPE)
        html {
            head { meta charset="utf-8"; }
            body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;line-height:1.5;color:#1d1d1f" {
                @for paragraph in text.split("\n\n") {
                    p {
                        @for (line_number, line) in paragraph.lines().enumerate() {
                            @if line_number > 0 { br; }
                            @for (word_number, word) in line.split(' ').enumerate() {
                                @if word_number > 0 { " " }
                                @if word.starts_with("https://") || word.starts_with("http://") {
                                    a href=(word) { (word) }
                                } @else {
                                    (word)
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

/// Why a mail was not sent, and whether trying again can help (a 5xx answer cannot).
#[derive(Debug)]
pub struct SendFailure {
    pub permanent: bool,
    description: String,
}

impl SendFailure {
    fn permanent(description: &str) -> Self {
        Self {
            permanent: true,
            description: description.to_owned(),
        }
    }
}

impl std::fmt::Display for SendFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.description)
    }
}

/// The links a confirmation mail carries.
pub struct Links {
    pub confirm: String,
    pub withdraw: String,
}

/// A signature's links with fresh secrets, and the hashes of those secrets, which are all the
/// store keeps of them.
pub struct FreshLinks {
    pub links: Links,
    pub confirm_token_hash: String,
    pub withdraw_token_hash: String,
}

impl FreshLinks {
    pub fn new(public_url: &str, now: i64) -> Self {
        let (confirm_token, withdraw_token) = (
            tokens::generate_in_order(now),
            tokens::generate_in_order(now),
        );
        Self {
            links: Links {
                confirm: format!("{public_url}/confirm/{confirm_token}"),
                withdraw: format!("{public_url}/withdraw/{withdraw_token}"),
            },
            confirm_token_hash: tokens::hash(&confirm_token),
            withdraw_token_hash: tokens::hash(&withdraw_token),
        }
    }
}

/// Greets without the signer's name: a name is free text, and would let anyone send a
/// message of their own words from the campaign's address to any inbox.
pub fn confirmation(to: &str, petition: &Petition, locale: Locale, links: &Links) -> Mail {
    let title = &petition.text(locale).title;
    let (subject, thanks, [label, fallback, not_you, withdraw_text, withdraw_label]) = match locale
    {
        Locale::Sv => (
            format!("Bekräfta din underskrift: {title}"),
            format!(
                "Tack för att du skrev under \"{title}\". Klicka på länken för att bekräfta din \
                 underskrift, så räknas den:"
            ),
            [
                "Bekräfta min underskrift",
                "Fungerar inte knappen? Öppna länken:",
                "Har du inte skrivit under? Då kan du bortse från det här meddelandet; obekräftade \
                 underskrifter raderas efter 30 dagar.",
                "Vill du ta tillbaka din underskrift och radera dina uppgifter? Använd den här \
                 länken när som helst:",
                "Ta tillbaka min underskrift",
            ],
        ),
        Locale::En => (
            format!("Confirm your signature: {title}"),
            format!(
                "Thank you for signing \"{title}\". Click the link to confirm your signature, \
                 and it will count:"
            ),
            [
                "Confirm my signature",
                "Does the button not work? Open the link:",
                "Did you not sign? Then ignore this message; unconfirmed signatures are erased \
                 after 30 days.",
                "To withdraw your signature and erase your data, use this link at any time:",
                "Withdraw my signature",
            ],
        ),
    };
    let letter = Letter {
        lang: locale.as_str(),
        greeting: greeting(locale),
        before: &[&thanks],
        action: Some(Action {
            label,
            url: &links.confirm,
            fallback,
        }),
        after: &[not_you],
        from: Sender::Organizer(&petition.organizer),
        aside: Some(Aside {
            text: withdraw_text,
            label: withdraw_label,
            url: &links.withdraw,
        }),
    };
    letter.mail(to, subject)
}

pub fn already_signed(to: &str, petition: &Petition, locale: Locale) -> Mail {
    let title = &petition.text(locale).title;
    let (subject, said) = match locale {
        Locale::Sv => (
            format!("Du har redan skrivit under: {title}"),
            format!(
                "Någon försökte nyss skriva under \"{title}\" med den här e-postadressen. \
                 Adressen har redan en bekräftad underskrift, så inget har ändrats och den räknas \
                 bara en gång."
            ),
        ),
        Locale::En => (
            format!("You have already signed: {title}"),
            format!(
                "Someone just tried to sign \"{title}\" with this e-mail address. The address \
                 already has a confirmed signature, so nothing has changed and it counts once."
            ),
        ),
    };
    let letter = Letter {
        lang: locale.as_str(),
        greeting: greeting(locale),
        before: &[&said],
        action: None,
        after: &[],
        from: Sender::Organizer(&petition.organizer),
        aside: None,
    };
    letter.mail(to, subject)
}

pub(crate) fn greeting(locale: Locale) -> &'static str {
    match locale {
        Locale::Sv => "Hej!",
        Locale::En => "Hello,",
    }
}

/// The organiser's sign-in link to the dashboard.
pub fn sign_in(to: &str, link: &str) -> Mail {
    let letter = Letter {
        lang: "sv",
        greeting: "Hej!",
        before: &[
            "Här är din länk för att logga in som organisatör. Den gäller i 15 minuter \
                   och kan bara användas en gång:",
        ],
        action: Some(Action {
            label: "Logga in",
            url: link,
            fallback: "Fungerar inte knappen? Öppna länken:",
        }),
        after: &[
            "Bad du inte om den? Då kan du bortse från det här meddelandet; ingen kan \
                  logga in utan länken.",
        ],
        from: Sender::Service("Upprop"),
        aside: None,
    };
    letter.mail(to, "Din inloggningslänk till Upprop".into())
}
