use crate::content::Age;

use crate::share::Channel;
use crate::{Locale, format_count};

use super::{Strings, TimeUnit, elapsed_unit};

pub const STRINGS: Strings = Strings {
    jump_to_form: "Sign ↓",
    show_all: "Show the whole appeal",
    trap: "Leave this field empty",
    read_story: "Read the whole story",
    read_memorial: "The children we remember",
    organizer_heading: "This petition was started by",
    contact_organizer: "Contact the petition's organiser",
    form_heading: "Sign this petition",
    first_name: "First name",
    last_name: "Last name",
    email: "E-mail",
    email_hint: "We will send you a link to click to confirm your signature.",
    postal_code: "Swedish postal code",
    comment: "Comment",
    optional: "(optional)",
    public_name: "My name may be shown publicly among the signatures",
    required_consent: "(needed to sign)",
    privacy_heading: "How we handle your personal data",
    submit: "Sign",
    retry: "Try again",
    sending: "Sending …",
    thanks_heading: "Thank you for signing!",
    thanks_body: "Your signature has been received.",
    confirm_heading: "Thank you! Please confirm your signature",
    confirm_sent_to: "We have sent an e-mail to",
    confirm_body: "Click the link in it and your signature will count.",
    spam_hint: "No e-mail? Look in your spam folder. If the address is wrong, or nothing came, you can correct it or send again.",
    correct_address: "Correct the address or send again",
    did_you_mean: "Did you mean",
    share: "Spread the appeal:",
    share_native: "Share the appeal",
    share_on: |channel| match channel {
        Channel::Facebook => "Share on Facebook",
        Channel::WhatsApp => "Send with WhatsApp",
        Channel::X => "Share on X",
        Channel::Bluesky => "Share on Bluesky",
        Channel::Email => "Send by e-mail",
        Channel::Link => "Copy the link",
        Channel::Native => "Share the appeal",
    },
    copy_link: "Copy the link",
    link_copied: "The link is copied. Paste it wherever you want to share it.",
    copy_by_hand: "Select the link and copy it:",
    share_after_confirming: "Once you have confirmed, the page you come to has buttons to share the appeal.",
    progress_label: "Signatures towards the goal",
    kept_unreachable: "We cannot reach the petition right now. Your signature is saved here in your browser and will be sent by itself as soon as possible, even if you reload the page.",
    kept_busy: "The petition could not take your signature just now. It is saved here in your browser and will be sent by itself in a while, even if you reload the page.",
    kept_unreachable_in_page: "We cannot reach the petition right now. Your signature will be sent by itself as soon as possible. Keep this page open until it is: it cannot be saved here.",
    kept_busy_in_page: "The petition could not take your signature just now. It will be sent by itself in a while. Keep this page open until it is: it cannot be saved here.",
    sent_after_waiting: "Your saved signature has now been sent.",
    server_failed: "Something went wrong at the petition's end. Please try again in a while. Your details are still here.",
    rate_limited: "Many signatures have been sent from here in a short time. Please wait a while and try again.",
    petition_gone: "This petition no longer exists. Please contact the site's owner.",
    petition_unpublished: "The organiser has taken this petition down.",
    refused: "The signature could not be accepted. Check your details and try again.",
    missing_endpoint: "The petition cannot be shown: the embed code lacks data-endpoint.",
    unknown_petition: "The petition cannot be shown: data-petition is missing or names an unknown petition.",
    required: "Please fill in this field.",
    too_long: |max| format!("Use at most {max} characters."),
    invalid_characters: "This field contains characters that are not allowed, such as < > / or a line break.",
    invalid_email: "Enter a valid e-mail address, such as name@example.com.",
    invalid_postal_code: "A Swedish postal code has five digits, such as 123 45.",
    consent_required: "Please tick this box to sign.",
    unknown_consent: "The consent could not be recorded. Reload the page and try again.",
    age: |age| match age {
        Age::Years(years) => format!("{years} years old"),
        Age::Months(months) => format!("{months} months old"),
    },
    closed_heading: "The petition has closed",
    closed_count: |count| match count {
        1 => "1 person signed. Thank you!".into(),
        _ => format!(
            "{} people signed. Thank you, all of you!",
            format_count(count, Locale::En)
        ),
    },
    petition_closed: "The petition has closed and takes no more signatures.",
    recent_signers: "Latest signatures",
    signed_ago: |seconds| match elapsed_unit(seconds) {
        None => "just now".into(),
        Some((1, TimeUnit::Minutes)) => "1 minute ago".into(),
        Some((n, TimeUnit::Minutes)) => format!("{n} minutes ago"),
        Some((1, TimeUnit::Hours)) => "1 hour ago".into(),
        Some((n, TimeUnit::Hours)) => format!("{n} hours ago"),
        Some((1, TimeUnit::Days)) => "1 day ago".into(),
        Some((n, TimeUnit::Days)) => format!("{n} days ago"),
    },
    signature_count: |count, goal| match (count, goal) {
        (count, Some(goal)) => {
            format!(
                "{} of {} people have signed",
                format_count(count, Locale::En),
                format_count(goal, Locale::En)
            )
        }
        (1, None) => "1 person has signed".to_owned(),
        (count, None) => format!("{} people have signed", format_count(count, Locale::En)),
    },
};
