//! The handover document: what the organiser hands to decision-makers. A print-ready page
//! (the browser's "print to PDF" makes the PDF): the appeal's title and demands, the number of
//! confirmed signatures at a stated time, the names of those who allowed them to be shown, and
//! where the signatures come from by postal district. No address, no comment.

use maud::{DOCTYPE, PreEscaped, html};
use upprop_core::{Locale, Petition, format_count};

use crate::petitions::local_time;
use crate::store::Handover;

/// Print first: A4 with margins, the names in columns, the names' list on pages of its own.
const STYLE: &str = "\
@page{size:A4;margin:20mm 18mm}\
body{font:11pt/1.45 Georgia,'Times New Roman',serif;color:#111;margin:0 auto;max-width:48rem;padding:1rem}\
h1{font-size:22pt;margin:0 0 .3rem}h2{font-size:14pt;margin:1.5rem 0 .5rem}\
.organizer{color:#444;margin:0 0 1rem}.count{font-size:13pt;font-weight:bold}\
.addressee{font-size:13pt;margin:0 0 1rem}.sender{border-top:1px solid #999;margin-top:2rem;padding-top:.5rem;color:#444}\
.demands li{margin-bottom:.3rem}.districts td{padding:.1rem 1rem .1rem 0}\
.names{columns:3;column-gap:1.5rem;list-style:none;padding:0;margin:0}.names li{break-inside:avoid}\
.names-section{break-before:page}\
@media screen{body{background:#fff}}";

pub fn page(
    petition: &Petition,
    locale: Locale,
    confirmed: u64,
    handover: &Handover,
    now: i64,
) -> String {
    let text = petition.text(locale);
    let words = Words::of(locale);
    let date = local_time::minute(now);
    let organizer = &petition.organizer;
    let shown = handover.names.len();
    let not_shown = confirmed.saturating_sub(shown as u64);
    // Every printed page says which of how many it is, in the document's language.
    let page_numbers = format!(
        "@page{{@bottom-right{{content:'{} ' counter(page) ' {} ' counter(pages);font:9pt Georgia,serif;color:#444}}}}",
        words.page, words.of
    );
    html! {
        (DOCTYPE)
        html lang=(locale.as_str()) {
            head {
                meta charset="utf-8";
                title { (words.document) ": " (text.title) }
                // Constants and this file's own words, written as they are: maud would escape
                // their quotes.
                style { (PreEscaped(STYLE)) (PreEscaped(page_numbers)) }
            }
            body {
                p.organizer { (words.document) " · " (organizer.name) }
                @if let Some(addressee) = &text.addressee { p.addressee { (words.to) " " (addressee) } }
                h1 { (text.title) }
                p.count { ((words.count)(confirmed, &date)) }
                section.demands {
                    h2 { (text.demands_heading) }
                    ol { @for demand in &text.demands { li { (demand) } } }
                }
                section {
                    h2 { (words.districts) }
                    table.districts {
                        @for district in &handover.districts {
                            tr {
                                td { @match district.district.as_deref().filter(|d| !d.is_empty()) {
                                    Some(digit) => { (words.district) " " (digit) } ,
                                    None => { (words.no_postal_code) } ,
                                } }
                                td { (format_count(district.signatures.max(0) as u64, locale)) }
                            }
                        }
                    }
                }
                section.names-section {
                    h2 { ((words.names)(shown)) }
                    p { ((words.not_shown)(not_shown)) }
                    ul.names {
                        @for name in &handover.names { li { (name.first_name) " " (name.last_name) } }
                    }
                }
                footer.sender {
                    (words.from) " " (organizer.name) " · " (organizer.email) " · " (organizer.website)
                }
            }
        }
    }
    .into_string()
}

/// The document's own words in each language.
struct Words {
    document: &'static str,
    count: fn(u64, &str) -> String,
    districts: &'static str,
    district: &'static str,
    no_postal_code: &'static str,
    names: fn(usize) -> String,
    /// The confirmed signers who did not allow their name to be shown, counted.
    not_shown: fn(u64) -> String,
    to: &'static str,
    from: &'static str,
    page: &'static str,
    of: &'static str,
}

impl Words {
    fn of(locale: Locale) -> Self {
        match locale {
            Locale::Sv => Self {
                document: "Överlämning av namninsamlingen",
                count: |count, date| {
                    let people = if count == 1 { "person" } else { "personer" };
                    format!(
                        "{} {people} hade bekräftat sin underskrift {date}.",
                        format_count(count, Locale::Sv)
                    )
                },
                districts: "Var underskrifterna kommer ifrån",
                district: "Postnummer som börjar på",
                no_postal_code: "Utan postnummer",
                names: |shown| format!("Underskrifter som får visas med namn ({shown})"),
                not_shown: |count| match count {
                    1 => "Ytterligare 1 person har skrivit under utan att namnet får visas.".into(),
                    count => format!(
                        "Ytterligare {} personer har skrivit under utan att namnen får visas.",
                        format_count(count, Locale::Sv)
                    ),
                },
                to: "Till:",
                from: "Från:",
                page: "Sida",
                of: "av",
            },
            Locale::En => Self {
                document: "Handover of the petition",
                count: |count, date| {
                    let people = if count == 1 { "person" } else { "people" };
                    format!(
                        "{} {people} had confirmed their signature by {date}.",
                        format_count(count, Locale::En)
                    )
                },
                districts: "Where the signatures come from",
                district: "Postal codes starting with",
                no_postal_code: "No postal code",
                names: |shown| format!("Signatures that may be shown by name ({shown})"),
                not_shown: |count| match count {
                    1 => "1 more person signed without allowing their name to be shown.".into(),
                    count => format!(
                        "{} more people signed without allowing their names to be shown.",
                        format_count(count, Locale::En)
                    ),
                },
                to: "To:",
                from: "From:",
                page: "Page",
                of: "of",
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_signer_is_one_person_in_both_languages() {
        let date = "2 december 2026";
        assert_eq!(
            (Words::of(Locale::Sv).count)(1, date),
            "1 person hade bekräftat sin underskrift 2 december 2026."
        );
        assert!((Words::of(Locale::Sv).count)(2, date).starts_with("2 personer "));
        assert!((Words::of(Locale::En).count)(1, date).starts_with("1 person had "));
        assert!((Words::of(Locale::En).count)(3, date).starts_with("3 people had "));
    }
}
