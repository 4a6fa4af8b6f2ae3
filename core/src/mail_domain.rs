//! Likely typos in an address's mail domain ("gmial.com", "hotmial.se", "g.commail"): the
//! form suggests the address it probably means, and the thanks repeats it. A suggestion never
//! refuses anything: rare domains are real too.

/// Mail providers with many real users: the domains a likely typo means, and those where a
/// cap per domain would refuse real people (a viral share brings hundreds from each). Real
/// lookalikes of each other (`mail.com`, `gmx.com`, `ymail.com`) are here so that they are
/// never "corrected".
pub const LARGE_PROVIDERS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "hotmail.se",
    "outlook.com",
    "outlook.se",
    "live.se",
    "live.com",
    "msn.com",
    "yahoo.com",
    "yahoo.se",
    "ymail.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "mail.com",
    "gmx.com",
    "gmx.se",
    "gmx.de",
    "aol.com",
    "telia.com",
    "tele2.se",
    "spray.se",
    "bredband.net",
    "comhem.se",
    "bahnhof.se",
    "passagen.se",
    "protonmail.com",
    "proton.me",
];

/// The address `address` probably means, if its domain looks like a mistyped common one:
/// one or two letters off (one for short domains), the same letters in another order with
/// its ending typed inside ("g.commail"), or a common domain's name with no ending ("gmail").
pub fn suggestion(address: &str) -> Option<String> {
    let (local, domain) = address.trim().rsplit_once('@')?;
    let domain = domain.to_ascii_lowercase();
    if local.is_empty() || domain.is_empty() || LARGE_PROVIDERS.contains(&domain.as_str()) {
        return None;
    }
    let mut closest = None;
    let mut fewest = usize::MAX;
    for common in LARGE_PROVIDERS {
        let allowed = if common.len() < 8 { 1 } else { 2 };
        let edits = distance(&domain, common);
        if (edits <= allowed || same_letters(&domain, common)) && edits < fewest {
            (closest, fewest) = (Some(*common), edits);
        }
    }
    let meant = closest.or_else(|| only_domain_named(&domain))?;
    Some([local, "@", meant].concat())
}

/// The one common domain called `name` ("gmail" → gmail.com), unless it has several endings
/// ("hotmail").
fn only_domain_named(name: &str) -> Option<&'static str> {
    let mut named = LARGE_PROVIDERS
        .iter()
        .filter(|common| common.split('.').next() == Some(name));
    match (named.next(), named.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// The same letters in another order, the dot included. (Counted, not sorted: a sort would
/// cost the widget more code than the rest of this module.)
fn same_letters(a: &str, b: &str) -> bool {
    let count = |text: &str, letter: u8| text.bytes().filter(|&other| other == letter).count();
    a.len() == b.len() && a.bytes().all(|letter| count(a, letter) == count(b, letter))
}

/// The longest large provider, and then some: a longer domain is no typo of any.
const ROW: usize = 20;

/// Edits (insert, delete, replace, swap two neighbours) from `a` to `b`, counted up to 3.
fn distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > 2 || b.len() >= ROW {
        return 3;
    }
    // Optimal string alignment over three rows: the one before the previous is what a swap
    // of neighbours looks back to. Rows of a fixed length: no allocation, less code.
    let mut before = [0; ROW];
    let mut previous: [usize; ROW] = std::array::from_fn(|j| j);
    for i in 1..=a.len() {
        let mut current = [i; ROW];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            current[j] = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                current[j] = current[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut previous, current);
    }
    previous[b.len()].min(3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_typos_suggest_the_domain_they_mean() {
        for (typed, meant) in [
            ("anna.svensson@g.commail", "anna.svensson@gmail.com"),
            ("anna@gmial.com", "anna@gmail.com"),
            ("anna@gmail.con", "anna@gmail.com"),
            ("anna@gmail", "anna@gmail.com"),
            ("anna@hotmial.se", "anna@hotmail.se"),
            ("anna@hotmail.co", "anna@hotmail.com"),
            ("Anna@Hotmial.SE", "Anna@hotmail.se"),
            ("  anna@outlok.com ", "anna@outlook.com"),
            ("anna@iclod.com", "anna@icloud.com"),
            ("anna@telia.con", "anna@telia.com"),
        ] {
            assert_eq!(suggestion(typed).as_deref(), Some(meant), "{typed}");
        }
    }

    #[test]
    fn real_domains_and_unknown_ones_are_left_alone() {
        for typed in [
            "anna@gmail.com",
            "anna@GMAIL.COM",
            "anna@mail.com",
            "anna@gmx.com",
            "anna@ymail.com",
            "anna@live.se",
            "anna@brinnforbarnen.se",
            "anna@riksdagen.se",
            "anna@me.se",
            "anna@hotmail",
            "not an address",
            "@gmial.com",
            "anna@",
        ] {
            assert_eq!(suggestion(typed), None, "{typed}");
        }
    }

    #[test]
    fn distance_counts_each_kind_of_edit_once() {
        assert_eq!(distance("gmail.com", "gmail.com"), 0);
        assert_eq!(distance("gmial.com", "gmail.com"), 1);
        assert_eq!(distance("gmai.com", "gmail.com"), 1);
        assert_eq!(distance("gmaill.com", "gmail.com"), 1);
        assert_eq!(distance("gnail.com", "gmail.com"), 1);
        assert_eq!(distance("gnial.com", "gmail.com"), 2);
        assert_eq!(distance("yahoo.com", "gmail.com"), 3);
        assert_eq!(distance("a.com", "gmail.com"), 3);
    }
}
