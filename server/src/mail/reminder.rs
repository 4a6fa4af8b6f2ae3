//! The mails of a manifestation's reminder: the link that confirms the wish (nothing is sent
//! before it is pressed), and the reminder itself, with the event's calendar entry attached
//! and the link that takes the wish back.

use upprop_core::manifestation::Manifestation;
use upprop_core::{Locale, Petition};

use super::greeting;
use super::letter::{Action, Aside, Letter, Sender};
use crate::store::Mail;

/// The event a reminder is of, as its mails name it.
pub struct Of<'a> {
    pub petition: &'a Petition,
    pub event: &'a Manifestation,
    /// When, as its page says it.
    pub when: &'a str,
    pub locale: Locale,
}

/// The mail with the link that confirms the wish.
pub fn confirmation(to: &str, of: &Of, confirm: &str) -> Mail {
    let title = &of.event.text(of.locale).title;
    let (subject, asked, label, fallback, not_you) = match of.locale {
        Locale::Sv => (
            format!("Bekräfta din påminnelse: {title}"),
            format!(
                "Du bad om en påminnelse om \"{title}\", {}. Bekräfta med länken, så mejlar vi \
                 dig före manifestationen:",
                of.when
            ),
            "Ja, påminn mig",
            "Fungerar inte knappen? Öppna länken:",
            "Bad du inte om det? Då kan du bortse från det här meddelandet: utan bekräftelse \
             skickas ingen påminnelse, och adressen raderas efter 30 dagar.",
        ),
        Locale::En => (
            format!("Confirm your reminder: {title}"),
            format!(
                "You asked to be reminded of \"{title}\", {}. Confirm with the link, and we will \
                 mail you before the manifestation:",
                of.when
            ),
            "Yes, remind me",
            "Does the button not work? Open the link:",
            "Did you not ask? Then ignore this message: without confirmation no reminder is \
             sent, and the address is erased after 30 days.",
        ),
    };
    Letter {
        lang: of.locale.as_str(),
        greeting: greeting(of.locale),
        before: &[&asked],
        action: Some(Action {
            label,
            url: confirm,
            fallback,
        }),
        after: &[not_you],
        from: Sender::Organizer(&of.petition.organizer),
        aside: None,
    }
    .mail(to, subject)
}

/// The links a reminder carries.
pub struct ReminderLinks<'a> {
    pub event: &'a str,
    pub withdraw: &'a str,
}

/// The reminder, its calendar entry attached.
pub fn reminder(to: &str, of: &Of, links: &ReminderLinks, calendar: String) -> Mail {
    let text = of.event.text(of.locale);
    let title = &text.title;
    let (subject, soon, label, fallback, withdraw_text, withdraw_label) = match of.locale {
        Locale::Sv => (
            format!("Påminnelse: {title}, {}", of.when),
            format!("Snart är det dags: \"{title}\", {}.", of.when),
            "Till manifestationen",
            "Fungerar inte knappen? Öppna länken:",
            "Vill du inte ha fler mejl om den? Använd länken, så raderas din adress:",
            "Ta bort min påminnelse",
        ),
        Locale::En => (
            format!("Reminder: {title}, {}", of.when),
            format!("It is nearly time: \"{title}\", {}.", of.when),
            "To the manifestation",
            "Does the button not work? Open the link:",
            "No more mail about it? Use the link, and your address is erased:",
            "Remove my reminder",
        ),
    };
    let mut letter = Letter {
        lang: of.locale.as_str(),
        greeting: greeting(of.locale),
        before: &[&soon, &text.call],
        action: Some(Action {
            label,
            url: links.event,
            fallback,
        }),
        after: &[],
        from: Sender::Organizer(&of.petition.organizer),
        aside: Some(Aside {
            text: withdraw_text,
            label: withdraw_label,
            url: links.withdraw,
        }),
    }
    .mail(to, subject);
    letter.calendar = Some(calendar);
    letter
}
