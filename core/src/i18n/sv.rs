use crate::content::Age;

use crate::share::Channel;
use crate::{Locale, format_count};

use super::{Strings, TimeUnit, elapsed_unit};

pub const STRINGS: Strings = Strings {
    jump_to_form: "Skriv under ↓",
    show_all: "Visa hela uppropet",
    trap: "Lämna det här fältet tomt",
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
    share_after_confirming: "När du har bekräftat kommer du till en sida med knappar för att dela uppropet.",
    progress_label: "Underskrifter mot målet",
    kept_unreachable: "Vi når inte namninsamlingen just nu. Din underskrift är sparad här i webbläsaren och skickas av sig själv så snart det går, också om du laddar om sidan.",
    kept_busy: "Namninsamlingen kunde inte ta emot underskriften just nu. Den är sparad här i webbläsaren och skickas av sig själv om en stund, också om du laddar om sidan.",
    kept_unreachable_in_page: "Vi når inte namninsamlingen just nu. Din underskrift skickas av sig själv så snart det går. Stäng inte sidan förrän den är skickad: här kan den inte sparas.",
    kept_busy_in_page: "Namninsamlingen kunde inte ta emot underskriften just nu. Den skickas av sig själv om en stund. Stäng inte sidan förrän den är skickad: här kan den inte sparas.",
    sent_after_waiting: "Din sparade underskrift är nu skickad.",
    server_failed: "Något gick fel hos namninsamlingen. Försök igen om en stund. Dina uppgifter finns kvar.",
    rate_limited: "Många underskrifter har skickats härifrån på kort tid. Vänta en stund och försök igen.",
    petition_gone: "Namninsamlingen finns inte längre. Kontakta sidans ägare.",
    petition_unpublished: "Arrangören har tagit ned namninsamlingen.",
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
    closed_heading: "Namninsamlingen är avslutad",
    closed_count: |count| {
        format!(
            "{} skrev under. Tack till alla som var med!",
            format_count(count, Locale::Sv)
        )
    },
    petition_closed: "Namninsamlingen är avslutad och tar inte emot fler underskrifter.",
    recent_signers: "Senaste underskrifterna",
    signed_ago: |seconds| match elapsed_unit(seconds) {
        None => "nyss".into(),
        Some((1, TimeUnit::Minutes)) => "för 1 minut sedan".into(),
        Some((n, TimeUnit::Minutes)) => format!("för {n} minuter sedan"),
        Some((1, TimeUnit::Hours)) => "för 1 timme sedan".into(),
        Some((n, TimeUnit::Hours)) => format!("för {n} timmar sedan"),
        Some((1, TimeUnit::Days)) => "för 1 dag sedan".into(),
        Some((n, TimeUnit::Days)) => format!("för {n} dagar sedan"),
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
