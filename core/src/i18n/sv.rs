use crate::content::Age;

use crate::share::Channel;
use crate::{Locale, format_count};

use super::Strings;

pub const STRINGS: Strings = Strings {
    jump_to_form: "Skriv under ↓",
    show_all: "Visa hela uppropet",
    read_story: "Läs hela berättelsen",
    read_memorial: "Barnen vi minns",
    organizer_heading: "Namninsamlingen startades av",
    contact_organizer: "Kontakta namninsamlingens skapare",
    form_heading: "Skriv på denna namninsamling",
    first_name: "Förnamn",
    last_name: "Efternamn",
    email: "E-post",
    email_hint: "Vi skickar en länk som du klickar på för att bekräfta din underskrift.",
    postal_code: "Postnummer",
    comment: "Kommentar",
    optional: "(frivilligt)",
    public_name: "Mitt namn får visas offentligt bland underskrifterna",
    required_consent: "(krävs för att skriva på)",
    privacy_heading: "Så behandlar vi dina personuppgifter",
    submit: "Skriv under",
    retry: "Försök igen",
    sending: "Skickar …",
    thanks_heading: "Tack för din underskrift!",
    thanks_body: "Din underskrift är mottagen.",
    confirm_heading: "Tack! Bekräfta din underskrift",
    confirm_body: "Vi har skickat ett e-postmeddelande till dig. Klicka på länken i det, så räknas din underskrift.",
    share: "Sprid uppropet:",
    share_native: "Dela uppropet",
    share_on: |channel| match channel {
        Channel::Facebook => "Dela på Facebook",
        Channel::WhatsApp => "Skicka med WhatsApp",
        Channel::X => "Dela på X",
        Channel::Bluesky => "Dela på Bluesky",
        Channel::Email => "Skicka med e-post",
        Channel::Link => "Kopiera länken",
        Channel::Native => "Dela uppropet",
    },
    copy_link: "Kopiera länken",
    link_copied: "Länken är kopierad. Klistra in den där du vill dela den.",
    copy_by_hand: "Markera länken och kopiera den:",
    progress_label: "Underskrifter mot målet",
    unreachable: "Vi kunde inte nå namninsamlingen. Kontrollera din internetanslutning och försök igen. Dina uppgifter finns kvar.",
    server_failed: "Något gick fel hos namninsamlingen. Försök igen om en stund. Dina uppgifter finns kvar.",
    rate_limited: "Många underskrifter har skickats härifrån på kort tid. Vänta en stund och försök igen.",
    petition_gone: "Namninsamlingen finns inte längre. Kontakta sidans ägare.",
    refused: "Underskriften kunde inte tas emot. Kontrollera uppgifterna och försök igen.",
    missing_endpoint: "Namninsamlingen kan inte visas: inbäddningskoden saknar data-endpoint.",
    unknown_petition: "Namninsamlingen kan inte visas: data-petition saknas eller anger en okänd namninsamling.",
    required: "Fyll i det här fältet.",
    too_long: |max| format!("Skriv högst {max} tecken."),
    invalid_characters: "Fältet innehåller tecken som inte är tillåtna, till exempel < > / eller radbrytning.",
    invalid_email: "Skriv en giltig e-postadress, till exempel namn@exempel.se.",
    invalid_postal_code: "Ett postnummer har fem siffror, till exempel 123 45.",
    consent_required: "Du behöver kryssa i rutan för att kunna skriva på.",
    unknown_consent: "Samtycket kunde inte registreras. Ladda om sidan och försök igen.",
    age: |age| match age {
        Age::Years(years) => format!("{years} år"),
        Age::Months(months) => format!("{months} månader"),
    },
    signature_count: |count, goal| match goal {
        Some(goal) => format!(
            "{} av {} har skrivit under",
            format_count(count, Locale::Sv),
            format_count(goal, Locale::Sv)
        ),
        None => format!("{} har skrivit under", format_count(count, Locale::Sv)),
    },
};
