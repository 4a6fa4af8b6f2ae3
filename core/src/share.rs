//! The links a signer shares the appeal with. Each is an ordinary link to the network's own
//! share page: no script, SDK or pixel of theirs is ever loaded. Each shared URL carries its
//! channel (`?src=whatsapp`), which the page it lands on records with the signature.

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use crate::content::ShareText;

/// A channel a signer can share through, in the order they are offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Facebook,
    WhatsApp,
    X,
    Bluesky,
    Email,
    /// The link copied to the clipboard.
    Link,
    /// The device's own share sheet (Web Share API).
    Native,
}

impl Channel {
    /// The channels offered as links; `Native` is a button, where the browser has it.
    pub const LINKS: [Channel; 5] = [
        Channel::Facebook,
        Channel::WhatsApp,
        Channel::X,
        Channel::Bluesky,
        Channel::Email,
    ];

    /// The `src` tag the shared URL carries.
    pub fn tag(self) -> &'static str {
        match self {
            Channel::Facebook => "facebook",
            Channel::WhatsApp => "whatsapp",
            Channel::X => "x",
            Channel::Bluesky => "bluesky",
            Channel::Email => "email",
            Channel::Link => "link",
            Channel::Native => "share",
        }
    }
}

/// What is shared: the appeal's URL (its landing page, or the host's `data-share-url`), its
/// words and its hashtags.
pub struct Shared<'a> {
    pub url: &'a str,
    pub text: &'a ShareText,
    pub hashtags: &'a [String],
}

fn encode(text: &str) -> String {
    utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
}

impl Shared<'_> {
    /// The URL with the channel's tag, replacing any tag it had.
    pub fn url_for(&self, channel: Channel) -> String {
        crate::source::tagged(self.url, channel.tag())
    }

    /// The share text followed by the hashtags, as a post or message carries them.
    pub fn message(&self) -> String {
        let mut message = self.text.text.clone();
        for tag in self.hashtags {
            message.push(' ');
            message.push_str(tag);
        }
        message
    }

    /// The share page of `channel` (one of `Channel::LINKS`), opened in a new tab.
    pub fn href(&self, channel: Channel) -> String {
        let url = encode(&self.url_for(channel));
        match channel {
            Channel::Facebook => format!("https://www.facebook.com/sharer/sharer.php?u={url}"),
            Channel::WhatsApp => format!(
                "https://wa.me/?text={}",
                encode(&format!("{} {}", self.message(), self.url_for(channel)))
            ),
            Channel::X => {
                let tags: Vec<&str> = self
                    .hashtags
                    .iter()
                    .map(|tag| tag.trim_start_matches('#'))
                    .collect();
                format!(
                    "https://x.com/intent/post?text={}&url={url}&hashtags={}",
                    encode(&self.text.text),
                    encode(&tags.join(","))
                )
            }
            Channel::Bluesky => format!(
                "https://bsky.app/intent/compose?text={}",
                encode(&format!("{} {}", self.message(), self.url_for(channel)))
            ),
            Channel::Email => format!(
                "mailto:?subject={}&body={}",
                encode(&self.text.email_subject),
                encode(&format!("{}\n\n{}", self.message(), self.url_for(channel)))
            ),
            Channel::Link | Channel::Native => self.url_for(channel),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> ShareText {
        ShareText {
            text: "Jag har skrivit under. Skriv du också!".into(),
            email_subject: "Skriv under".into(),
            summary: "Om uppropet.".into(),
        }
    }

    #[test]
    fn every_link_carries_its_channel_and_replaces_an_earlier_one() {
        let text = text();
        let tags = ["#brinnforbarnen".to_owned()];
        let shared = Shared {
            url: "https://upprop.example/p/upprop?lang=en&src=facebook",
            text: &text,
            hashtags: &tags,
        };
        assert_eq!(
            shared.url_for(Channel::WhatsApp),
            "https://upprop.example/p/upprop?lang=en&src=whatsapp"
        );
        let whatsapp = shared.href(Channel::WhatsApp);
        assert!(whatsapp.starts_with("https://wa.me/?text=Jag%20har%20skrivit"));
        assert!(whatsapp.contains("%23brinnforbarnen"));
        assert!(whatsapp.contains("src%3Dwhatsapp"));
        assert!(shared.href(Channel::Facebook).ends_with(
            "u=https%3A%2F%2Fupprop%2Eexample%2Fp%2Fupprop%3Flang%3Den%26src%3Dfacebook"
        ));
        assert!(shared.href(Channel::X).contains("&hashtags=brinnforbarnen"));
        let mail = shared.href(Channel::Email);
        assert!(
            mail.starts_with("mailto:?subject=Skriv%20under&body=Jag"),
            "{mail}"
        );
        assert!(mail.contains("src%3Demail"));
    }

    #[test]
    fn a_plain_url_gets_a_query() {
        let text = text();
        let shared = Shared {
            url: "https://blog.example/upprop",
            text: &text,
            hashtags: &[],
        };
        assert_eq!(
            shared.href(Channel::Link),
            "https://blog.example/upprop?src=link"
        );
    }
}
