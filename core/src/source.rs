//! Where a signature came from, kept to what attribution needs: the page's origin and path,
//! the channel tag a shared link carries (`?src=whatsapp`, or `utm_source`), and the
//! referrer's origin. A page address's query and fragment can hold tokens or e-mail
//! addresses (newsletter links), so they are never kept.

use serde::{Deserialize, Serialize};

/// The query parameters a shared link names its channel with, in order of preference.
pub const CHANNEL_PARAMETERS: [&str; 2] = ["src", "utm_source"];

/// The longest channel tag kept; longer is not a tag.
const MAX_CHANNEL_CHARS: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedSource {
    /// `https://host/path` of the page, or the embedding snippet's `data-source` label as given.
    pub url: String,
    /// A channel tag such as `facebook` or `whatsapp`, lowercase.
    pub channel: Option<String>,
    /// `https://host` of the page that linked to the signing page.
    pub referrer: Option<String>,
}

impl RecordedSource {
    pub fn of(url: &str, referrer: Option<&str>) -> Self {
        let (address, query) = split_query(url);
        Self {
            url: address.to_owned(),
            channel: query.and_then(channel),
            referrer: referrer.map(origin).filter(|origin| !origin.is_empty()),
        }
    }
}

/// `("https://a.se/p", Some("x=1"))` from `https://a.se/p?x=1#top`.
pub fn split_query(url: &str) -> (&str, Option<&str>) {
    let without_fragment = url.split('#').next().unwrap_or_default();
    match without_fragment.split_once('?') {
        Some((address, query)) => (address, Some(query)),
        None => (without_fragment, None),
    }
}

/// The first channel parameter's value that is a plausible tag.
pub fn channel(query: &str) -> Option<String> {
    CHANNEL_PARAMETERS.iter().find_map(|name| {
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(key, _)| key == name)
            .and_then(|(_, value)| valid_channel(value))
    })
}

/// `url` with `channel` as its `src` tag, replacing any channel tag it had.
pub fn tagged(url: &str, channel: &str) -> String {
    let (address, query) = url.split_once('?').unwrap_or((url, ""));
    let query: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| !CHANNEL_PARAMETERS.contains(&pair.split('=').next().unwrap_or_default()))
        .collect();
    let mut tagged = address.to_owned();
    for (i, pair) in query.iter().enumerate() {
        tagged.push(if i == 0 { '?' } else { '&' });
        tagged.push_str(pair);
    }
    tagged.push(if query.is_empty() { '?' } else { '&' });
    tagged.push_str("src=");
    tagged.push_str(channel);
    tagged
}

/// `tag` if it is a plausible channel tag: a short word of letters, digits, `-`, `_` or `.`.
pub fn valid_channel(tag: &str) -> Option<String> {
    let tag = tag.to_ascii_lowercase();
    let plausible = !tag.is_empty()
        && tag.chars().count() <= MAX_CHANNEL_CHARS
        && tag
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    plausible.then_some(tag)
}

/// `https://www.facebook.com` from `https://www.facebook.com/groups/x?fbclid=…`; a value that
/// is not an absolute URL gives nothing.
pub fn origin(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return String::new();
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or_default();
    if host.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+')
    {
        return String::new();
    }
    format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        host.to_ascii_lowercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_origin_and_path_and_the_channel_only() {
        let source = RecordedSource::of(
            "https://blog.example/upprop?src=WhatsApp&token=secret&email=a%40b.se#form",
            Some("https://user:pw@www.Facebook.com/groups/x?fbclid=abc"),
        );
        assert_eq!(source.url, "https://blog.example/upprop");
        assert_eq!(source.channel.as_deref(), Some("whatsapp"));
        assert_eq!(source.referrer.as_deref(), Some("https://www.facebook.com"));
    }

    #[test]
    fn utm_source_counts_when_src_is_absent() {
        let source =
            RecordedSource::of("https://a.se/?utm_source=newsletter&utm_medium=mail", None);
        assert_eq!(source.channel.as_deref(), Some("newsletter"));
        assert_eq!(source.referrer, None);
    }

    #[test]
    fn implausible_tags_and_labels_are_kept_out() {
        assert_eq!(channel("src=<script>"), None);
        assert_eq!(channel(&format!("src={}", "a".repeat(41))), None);
        assert_eq!(channel("src="), None);
        let label = RecordedSource::of("newsletter-march", Some("not a url"));
        assert_eq!(label.url, "newsletter-march");
        assert_eq!((label.channel, label.referrer), (None, None));
    }
}
