//! The organisers' dashboard pages, in Swedish (the organisers' language): sign-in by a link
//! sent by mail, the petitions, each petition's figures and charts, exports, public names,
//! closing and goal, and data-subject requests. Plain HTML forms: it works without JavaScript,
//! and every form that changes something carries the session's CSRF token.

pub mod chart;
pub mod figures;
pub mod organizers;

use maud::{DOCTYPE, Markup, PreEscaped, html};
use upprop_core::i18n::Strings;
use upprop_core::manifestation::Manifestation;
use upprop_core::{Locale, Petition, format_count};

use crate::dashboard::figures::Figures;
use crate::petitions::local_time;
use crate::store::{
    AuditLine, ERASED_ON_REQUEST, PublicSigner, ReminderFigures, Standing, StoredReminder,
    StoredSignature, Waiting, action,
};
use chart::Column;

const STYLE: &str = "\
*{box-sizing:border-box}\
body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#1d1d1f;background:#fffdfa}\
header{display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:center;justify-content:space-between;padding:.6em 1em;background:#7a1712;color:#fff}\
header a{color:#fff;font-weight:700;text-decoration:none}header form{margin:0}\
main{max-width:62em;margin:0 auto;padding:1em}\
h1{font-size:1.6em;line-height:1.25;margin:.4em 0}h2{font-size:1.25em;margin:1.6em 0 .5em}\
a{color:#8a1c15}\
button,.button{font:inherit;font-weight:700;color:#fff;background:#b3261e;border:0;border-radius:.4em;padding:.6em 1em;cursor:pointer;text-decoration:none;display:inline-block;min-height:44px}\
button.secondary,.button.secondary{background:#fff;color:#8a1c15;border:2px solid #8a1c15}\
header button{background:transparent;border:2px solid #fff;color:#fff}\
button:focus-visible,a:focus-visible,input:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}\
label{display:block;font-weight:600;margin:.6em 0 .2em}\
input{font:inherit;padding:.5em;border:1px solid #6b6b6b;border-radius:.3em;width:100%;max-width:24em;min-height:44px}\
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(10em,1fr));gap:.8em;margin:0;padding:0}\
.figures div{background:#fff;border:1px solid #e4ddd3;border-radius:.5em;padding:.7em}\
.figures dt{font-size:.9em;color:#4a4a4a}.figures dd{margin:0;font-size:1.6em;font-weight:700}\
.chart{margin:1em 0;background:#fff;border:1px solid #e4ddd3;border-radius:.5em;padding:.7em}\
.chart svg{display:block;width:100%;max-width:40em;height:auto}figcaption{font-weight:600;margin:.3em 0}\
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35em .5em;border-bottom:1px solid #e4ddd3;vertical-align:top}\
caption{text-align:left;font-weight:600;padding:.3em 0}.number{text-align:right;font-variant-numeric:tabular-nums}\
.bars .label{word-break:break-all}.bar-cell{width:30%}.bar-cell svg{width:100%;height:.8em;display:block}\
.table-scroll{overflow-x:auto;position:relative}\
.waiting td.address{overflow-wrap:anywhere}.waiting button{white-space:nowrap}\
.actions{display:flex;flex-wrap:wrap;gap:.6em;align-items:flex-end;margin:.6em 0}.actions form{margin:0}\
.notice{background:#e8f5e9;border-left:4px solid #2e7d32;padding:.6em 1em}\
.problem{background:#fdecea;border-left:4px solid #b3261e;padding:.6em 1em}\
.petitions{list-style:none;padding:0}.petitions li{margin:.4em 0 1.2em}.petitions h2{margin:.2em 0}.petitions a{overflow-wrap:anywhere}\
textarea.snippet{font:14px/1.4 ui-monospace,monospace;width:100%;max-width:40em;padding:.5em;border:1px solid #6b6b6b;border-radius:.3em}\
textarea:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}.muted{color:#4a4a4a}\
.signers li{display:flex;flex-wrap:wrap;gap:.5em;align-items:center;justify-content:space-between;padding:.4em 0;border-bottom:1px solid #e4ddd3}\
.signers{list-style:none;padding:0}.stored dt{font-weight:600}.stored dd{margin:0 0 .4em}\
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}";

/// Who is signed in, and the token each of their forms must carry.
pub struct SignedIn<'a> {
    pub email: &'a str,
    pub csrf: &'a str,
}

fn layout(title: &str, signed_in: Option<&SignedIn>, content: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="sv" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) " · Upprop" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    a href="/admin" { "Upprop · organisatör" }
                    @if let Some(signed_in) = signed_in {
                        form method="post" action="/admin/sign-out" {
                            (csrf_field(signed_in))
                            span.visually-hidden { "Inloggad som " (signed_in.email) }
                            button type="submit" { "Logga ut" }
                        }
                    }
                }
                main { (content) }
            }
        }
    }
    .into_string()
}

fn csrf_field(signed_in: &SignedIn) -> Markup {
    html! { input type="hidden" name="csrf" value=(signed_in.csrf); }
}

fn when(ms: i64) -> String {
    local_time::minute(ms)
}

pub fn sign_in(notice: Option<&str>) -> String {
    layout(
        "Logga in",
        None,
        html! {
            h1 { "Logga in som organisatör" }
            @if let Some(notice) = notice { p.problem role="alert" { (notice) } }
            p { "Skriv din e-postadress. Står den på listan över organisatörer får du en länk att logga in med. Den gäller i 15 minuter." }
            form method="post" action="/admin/sign-in" {
                label for="email" { "E-postadress" }
                input #email type="email" name="email" autocomplete="email" required;
                p { button type="submit" { "Skicka inloggningslänk" } }
            }
        },
    )
}

pub fn sign_in_sent() -> String {
    layout(
        "Kolla din e-post",
        None,
        html! {
            h1 { "Kolla din e-post" }
            p { "Om adressen tillhör en organisatör har vi skickat en inloggningslänk till den. Länken gäller i 15 minuter och kan användas en gång." }
            p { a href="/admin" { "Tillbaka" } }
        },
    )
}

pub fn ask_to_sign_in(token: &str) -> String {
    layout(
        "Logga in",
        None,
        html! {
            h1 { "Logga in som organisatör" }
            p { "Tryck på knappen för att logga in. Länken fungerar bara en gång." }
            form method="post" action={ "/admin/sign-in/" (token) } {
                button type="submit" { "Logga in" }
            }
        },
    )
}

pub fn sign_in_link_invalid() -> String {
    layout(
        "Länken fungerar inte",
        None,
        html! {
            h1 { "Länken fungerar inte längre" }
            p { "Inloggningslänkar gäller i 15 minuter och kan användas en gång." }
            p { a href="/admin" { "Be om en ny länk" } }
        },
    )
}

/// A petition in the overview: its slug, title, counts, whether it has closed or been taken
/// down, and what partners paste to embed it.
pub struct PetitionLine<'a> {
    pub slug: &'a str,
    pub title: String,
    pub confirmed: u64,
    /// Confirmed in the last 24 hours (to the hour).
    pub confirmed_last_day: u64,
    /// Signed and not confirmed yet.
    pub waiting: u64,
    pub closed: bool,
    pub unpublished: bool,
    /// The landing page's address.
    pub landing: String,
    /// The script tag for a partner's page.
    pub snippet: String,
}

pub fn overview(
    signed_in: &SignedIn,
    petitions: &[PetitionLine],
    audit: &[AuditLine],
    notice: Option<&str>,
) -> String {
    layout(
        "Namninsamlingar",
        Some(signed_in),
        html! {
            @if let Some(notice) = notice { p.notice role="status" { (notice) } }
            h1 { "Namninsamlingar" }
            ul.petitions {
                @for petition in petitions {
                    li {
                        h2 { a href={ "/admin/p/" (petition.slug) } { (petition.title) } }
                        p {
                            strong { (petition.confirmed) } " bekräftade, varav "
                            strong { (petition.confirmed_last_day) } " senaste dygnet · "
                            strong { (petition.waiting) } " väntar på bekräftelse"
                            @if petition.closed { " · stängd" }
                            @if petition.unpublished { " · nedtagen" }
                        }
                        p { "Den allmänna sidan: " a href=(petition.landing) { (petition.landing) } }
                        label for={ "snippet-" (petition.slug) } { "Kod för partnersidor (klistra in där uppropet ska synas)" }
                        textarea.snippet #{ "snippet-" (petition.slug) } readonly rows="4" { (petition.snippet) }
                    }
                }
            }
            form method="post" action="/admin/reload" {
                (csrf_field(signed_in))
                p.muted { "Har du ändrat texten i ett upprops fil? Läs in den här, utan att starta om servern. Ändringen syns i widgeten och på landningssidan inom 10 sekunder." }
                button.secondary type="submit" { "Läs in uppropens text igen" }
            }
            h2 #lookup { "Begäran om registerutdrag eller radering" }
            p { "Sök på den e-postadress undertecknaren skrev under med för att se allt som finns sparat om den, i alla namninsamlingar, och radera det på begäran." }
            form method="post" action="/admin/lookup" {
                (csrf_field(signed_in))
                label for="lookup-email" { "Undertecknarens e-postadress" }
                input #lookup-email type="email" name="email" autocomplete="off" required;
                p { button type="submit" { "Sök" } }
            }
            h2 { "Logg över beslut och raderingar" }
            @if audit.is_empty() {
                p.muted { "Inget beslut eller radering ännu." }
            } @else {
                div.table-scroll { table.audit {
                    thead { tr { th scope="col" { "När" } th scope="col" { "Vem" } th scope="col" { "Vad" } th scope="col" { "Namninsamling" } } }
                    tbody { @for line in audit {
                        tr {
                            td { (when(line.at)) }
                            td { (line.actor) }
                            td { (what_was_done(&line.action)) }
                            td { (line.petition) }
                        }
                    } }
                } }
            }
        },
    )
}

/// The signatures waiting for their confirmation: the address, how long ago it signed and was
/// last mailed, and the button to mail it again.
fn waiting_table(signed_in: &SignedIn, waiting: &[Waiting], now: i64) -> Markup {
    let ago = |at: i64| (Strings::of(Locale::Sv).signed_ago)(((now - at).max(0) / 1000) as u64);
    html! {
        div.table-scroll {
            table.waiting {
                // Two columns of times, not three, so that the list fits a phone.
                thead { tr { th scope="col" { "E-post" } th scope="col" { "Skrev under, senast mejlad" } th scope="col" { span.visually-hidden { "Skicka igen" } } } }
                tbody {
                    @for signature in waiting {
                        tr {
                            td.address { (signature.email) }
                            td { (ago(signature.signed_at)) br; span.muted { "mejlad " (ago(signature.mailed_at)) } }
                            td {
                                form method="post" action={ "/admin/signatures/" (signature.id) "/resend" } {
                                    (csrf_field(signed_in))
                                    button.secondary type="submit" aria-label={ "Skicka igen: bekräftelsen till " (signature.email) } { "Skicka igen" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The audit log's word for an action, as the organiser reads it.
fn what_was_done(action: &str) -> &str {
    match action {
        ERASED_ON_REQUEST => "raderade en underskrift på begäran",
        action::ERASED_PAST_RETENTION => "raderade underskrifterna efter sparandetiden",
        action::CLOSED => "stängde namninsamlingen",
        action::REOPENED => "öppnade namninsamlingen igen",
        action::GOAL_SET => "ändrade målet",
        action::RETENTION_SET => "ändrade raderingsdatumet",
        action::CONFIRMATION_RESENT => "skickade en bekräftelse igen",
        action::UNPUBLISHED => "tog ner namninsamlingen",
        action::REPUBLISHED => "visade namninsamlingen igen",
        other => other,
    }
}

/// Everything the petition's page shows.
pub struct PetitionPage<'a> {
    pub slug: &'a str,
    pub petition: &'a Petition,
    pub standing: Standing,
    /// When it was taken down from view.
    pub unpublished_at: Option<i64>,
    pub figures: &'a Figures,
    pub withdrawn: u64,
    pub public_signers: &'a [PublicSigner],
    /// The newest signatures still waiting for their confirmation click.
    pub waiting: &'a [Waiting],
    pub now: i64,
    pub notice: Option<&'a str>,
    /// The campaign's manifestations with their candles.
    pub events: &'a [EventFigures<'a>],
}

/// A manifestation as its organiser follows it.
pub struct EventFigures<'a> {
    pub event: &'a Manifestation,
    /// When, as the event's page says it.
    pub when: String,
    pub over: bool,
    pub candles: u64,
    /// Candles per day of the campaign's zone, the days with any.
    pub per_day: Vec<(String, u64)>,
    /// Whether it offers reminders, and how many asked, confirmed and withdrew.
    pub offers_reminders: bool,
    pub reminders: ReminderFigures,
}

pub fn petition(signed_in: &SignedIn, page: &PetitionPage) -> String {
    let text = &page.petition.sv;
    let figures = page.figures;
    let goal = page.standing.goal.or(page.petition.goal);
    let slug = page.slug;
    let per_day: Vec<Column> = figures
        .per_day
        .iter()
        .enumerate()
        .map(|(index, (day, count))| Column {
            // A label every few days, so that they never crowd.
            axis_label: if index % figures.per_day.len().div_ceil(8).max(1) == 0 {
                day[5..].to_owned()
            } else {
                String::new()
            },
            label: day.clone(),
            value: *count,
        })
        .collect();
    let per_hour: Vec<Column> = figures
        .per_hour
        .iter()
        .map(|(hour, count)| {
            let start = local_time::at(*hour);
            Column {
                axis_label: if start.hour() % 6 == 0 {
                    format!("{:02}", start.hour())
                } else {
                    String::new()
                },
                label: when(*hour),
                value: *count,
            }
        })
        .collect();
    let base = format!("/admin/p/{slug}");
    layout(
        &text.title,
        Some(signed_in),
        html! {
            @if let Some(notice) = page.notice { p.notice role="status" { (notice) } }
            p.muted { a href="/admin" { "Alla namninsamlingar" } }
            h1 { (text.title) }
            p {
                @match page.standing.closed_at {
                    Some(at) => { strong { "Stängd" } " sedan " (when(at)) ": tar inte emot fler underskrifter." },
                    None => { strong { "Öppen" } " för underskrifter." },
                }
                @if let Some(at) = page.unpublished_at {
                    " " strong { "Nedtagen" } " sedan " (when(at)) ": allmänheten ser bara att den är nedtagen."
                }
                " " a href={ "/p/" (slug) } { "Landningssidan" }
                " · " a href={ (base) "/handover" } { "Överlämningsdokument" }
            }

            h2 { "Siffror" }
            dl.figures {
                div { dt { "Bekräftade" } dd #confirmed { (figures.confirmed) } }
                div { dt { "Väntar på bekräftelse" } dd #unconfirmed { (figures.unconfirmed) } }
                div { dt { "Bekräftelsegrad" } dd #confirmation-rate {
                    @match figures.confirmation_rate() { Some(rate) => { (rate) " %" }, None => { "–" } }
                } }
                div { dt { "Återkallade" } dd #withdrawn { (page.withdrawn) } }
                @if let Some(goal) = goal {
                    div { dt { "Mål" } dd #goal-figure { (goal) } }
                }
            }
            h3 { "Samtycken bland de bekräftade" }
            ul.consents {
                @for consent in &text.consents {
                    li data-consent=(consent.id) {
                        strong { (figures.per_consent.get(&consent.id).copied().unwrap_or(0)) }
                        " av " (figures.confirmed) ": " (consent.text)
                    }
                }
            }

            h2 { "Underskrifter över tid" }
            (chart::columns("per-day", "Bekräftade underskrifter per dag", "Dag", "Bekräftade", &per_day))
            (chart::columns("per-hour", "Bekräftade underskrifter per timme, senaste 48 timmarna (svensk tid)", "Timme", "Bekräftade", &per_hour))

            h2 { "Varifrån underskrifterna kommer" }
            div.table-scroll { (chart::bars("Per webbplats", "Webbplats", &figures.per_site)) }
            div.table-scroll { (chart::bars("Per sida där de skrev under", "Sida", &figures.per_source)) }
            div.table-scroll { (chart::bars("Per kanal (delad länk med ?src=, annars direkt)", "Kanal", &figures.per_channel)) }

            @if !page.events.is_empty() {
                h2 { "Manifestationer" }
                @for shown in page.events { (event_section(slug, shown)) }
            }

            h2 { "Exportera" }
            p { "De bekräftade underskrifterna och samtyckena med den text undertecknaren såg. Kalkylbladet öppnas i kolumner i Excel med svenska inställningar, med svenska rubriker och svensk tid; CSV-filen är för program och skript (kommatecken, engelska rubriker, UTC)." }
            div.actions {
                a.button href={ (base) "/signatures.csv?format=spreadsheet" } download { "Alla bekräftade (kalkylblad)" }
                a.button.secondary href={ (base) "/signatures.csv" } download { "Alla bekräftade (CSV för skript)" }
            }
            @for consent in text.consents.iter().filter(|consent| !consent.required) {
                p #{ "export-" (consent.id) } { "Bara de bekräftade som också samtyckt till: “" (consent.text) "”" }
                div.actions {
                    a.button.secondary href={ (base) "/signatures.csv?format=spreadsheet&consent=" (consent.id) } download
                        aria-describedby={ "export-" (consent.id) } { "Bara de som samtyckt (kalkylblad)" }
                    a.button.secondary href={ (base) "/signatures.csv?consent=" (consent.id) } download
                        aria-describedby={ "export-" (consent.id) } { "Bara de som samtyckt (CSV för skript)" }
                }
            }

            h2 { "Offentliga namn" }
            p { "Bekräftade undertecknare som tillåtit att namnet visas. Det du döljer visas aldrig igen, varken på landningssidan, i widgeten eller i överlämningsdokumentet." }
            @if page.public_signers.is_empty() {
                p.muted { "Inga offentliga namn ännu." }
            } @else {
                ul.signers {
                    @for signer in page.public_signers {
                        li {
                            span {
                                strong { (signer.name()) }
                                @if let Some(comment) = signer.comment.as_deref().filter(|c| !c.is_empty()) { " – " (comment) }
                                " " span.muted { (when(signer.confirmed_at)) }
                            }
                            form method="post" action={ (base) "/signers/" (signer.id) "/hide" } {
                                (csrf_field(signed_in))
                                button.secondary type="submit" aria-label={ "Dölj " (signer.name()) } { "Dölj" }
                            }
                        }
                    }
                }
            }

            h2 #waiting { "Väntar på bekräftelse" }
            p { "Underskrifter som ännu inte bekräftats med länken i mejlet. De räknas inte, och raderas efter 30 dagar. Har någon skrivit fel adress, eller fått inget mejl, kan du skicka bekräftelsen igen: med nya länkar, och högst var tionde minut." }
            @if page.waiting.is_empty() {
                p.muted { "Ingen underskrift väntar." }
            } @else {
                p.muted { (format_count(figures.unconfirmed, Locale::Sv)) " väntar i allt; de senaste:" }
                (waiting_table(signed_in, page.waiting, page.now))
            }

            h2 { "Inställningar" }
            div.actions {
                @if page.standing.closed_at.is_some() {
                    form method="post" action={ (base) "/reopen" } {
                        (csrf_field(signed_in))
                        button type="submit" { "Öppna igen" }
                    }
                } @else {
                    form method="post" action={ (base) "/close" } {
                        (csrf_field(signed_in))
                        button type="submit" { "Stäng namninsamlingen" }
                    }
                }
                @if page.unpublished_at.is_some() {
                    form method="post" action={ (base) "/republish" } {
                        (csrf_field(signed_in))
                        button.secondary type="submit" { "Visa namninsamlingen igen" }
                    }
                } @else {
                    form method="post" action={ (base) "/unpublish" } {
                        (csrf_field(signed_in))
                        button.secondary type="submit" aria-describedby="unpublish-help" { "Ta ned från visning" }
                    }
                }
            }
            p.muted #unpublish-help { "Att ta ned namninsamlingen stänger den och tar bort den från landningssidan, widgeten och delningarna. Underskrifterna finns kvar (och kan exporteras) till raderingsdatumet; den som skrivit under kan fortfarande ta tillbaka sin underskrift." }
            form method="post" action={ (base) "/goal" } {
                (csrf_field(signed_in))
                label for="goal" { "Mål (antal underskrifter)" }
                p.muted #goal-help {
                    "Lämna tomt för att visa uppropets eget mål"
                    @match page.petition.goal { Some(own) => { " (" (own) ")." }, None => { ", som inte är satt." } }
                }
                input #goal type="number" name="goal" min="0" inputmode="numeric" aria-describedby="goal-help" value=[page.standing.goal];
                p { button type="submit" { "Spara mål" } }
            }
            form method="post" action={ (base) "/retention" } {
                (csrf_field(signed_in))
                label for="erase-after" { "Radera personuppgifterna efter (när den är stängd; antalet finns kvar)" }
                input #erase-after type="date" name="erase_after"
                    value=[page.standing.erase_personal_data_after.map(|at| when(at)[..10].to_owned())];
                p { button type="submit" { "Spara datum" } }
            }
        },
    )
}

/// What is stored about the address looked up, with a button to erase each signature; each
/// signature comes with its petition's title.
/// A manifestation's candles, per day, and its flyers: the flyer's own, and one with a code of
/// its own per poster or place, whose signatures the per-channel table then counts apart.
fn event_section(slug: &str, shown: &EventFigures) -> Markup {
    let event = shown.event;
    let id = &event.id;
    let page = format!("/p/{slug}/events/{id}");
    let days: Vec<Column> = shown
        .per_day
        .iter()
        .map(|(day, count)| Column {
            axis_label: day[5..].to_owned(),
            label: day.clone(),
            value: *count,
        })
        .collect();
    let heading = format!("event-{id}");
    html! {
        section.event aria-labelledby=(heading) {
            h3 #(heading) { (event.sv.title) }
            p {
                (shown.when) @if shown.over { " (har hållits)" }
                " · " a href=(page) { "Manifestationens sida" }
                " · " a href={ (page) "/flyer?size=a4" } { "Flygblad A4" }
                " · " a href={ (page) "/flyer?size=a5" } { "Flygblad A5" }
            }
            dl.figures {
                div { dt { "Tända ljus" } dd data-candles=(id) { (shown.candles) } }
                @if shown.offers_reminders || shown.reminders.asked > 0 {
                    div { dt { "Bad om påminnelse" } dd data-reminders-asked=(id) { (shown.reminders.asked) } }
                    div { dt { "Bekräftade påminnelser" } dd data-reminders-confirmed=(id) { (shown.reminders.confirmed) } }
                    div { dt { "Tog bort sin påminnelse" } dd data-reminders-withdrawn=(id) { (shown.reminders.withdrawn) } }
                }
            }
            @if !days.is_empty() {
                (chart::columns(&format!("candles-{id}"), "Tända ljus per dag", "Dag", "Ljus", &days))
            }
            form.poster method="get" action={ (page) "/flyer" } {
                label for={ "poster-" (id) } { "Flygblad med egen kod för en affisch eller plats" }
                p.muted #{ "poster-hint-" (id) } { "Till exempel biblioteket eller lyktstolpe-3. Underskrifter från den affischen räknas i tabellen Per kanal som flyer-" em { "koden" } "; från flygbladet utan egen kod som flyer." }
                input #{ "poster-" (id) } type="text" name="poster" required maxlength="30"
                    pattern="[A-Za-z0-9._-]{1,30}" aria-describedby={ "poster-hint-" (id) } autocomplete="off";
                select name="size" aria-label="Pappersstorlek" {
                    option value="a4" { "A4" }
                    option value="a5" { "A5" }
                }
                button type="submit" { "Gör flygbladet" }
            }
        }
    }
}

/// A reminder as the lookup shows it: the event's title beside it.
pub struct FoundReminder {
    pub title: String,
    pub reminder: StoredReminder,
}

pub fn lookup(
    signed_in: &SignedIn,
    typed: &str,
    found: &[(String, StoredSignature)],
    reminders: &[FoundReminder],
) -> String {
    layout(
        "Registerutdrag",
        Some(signed_in),
        html! {
            p.muted { a href="/admin#lookup" { "Tillbaka" } }
            h1 { "Sparat om " (typed) }
            @if found.is_empty() {
                p { "Ingen underskrift är sparad med den adressen." }
            }
            @for FoundReminder { title, reminder } in reminders {
                section.stored {
                    h2 { "Påminnelse: " (title) }
                    dl {
                        dt { "E-post" } dd { (reminder.email) }
                        dt { "Bad om den" } dd { (when(reminder.asked_at)) }
                        dt { "Bekräftade" } dd { @match reminder.confirmed_at { Some(at) => (when(at)), None => "inte bekräftad" } }
                        dt { "Skickas" } dd { (when(reminder.remind_at)) }
                        dt { "Samtycke: “" (reminder.consent) "”" } dd { "ja" }
                    }
                    form method="post" action={ "/admin/reminders/" (reminder.id) "/erase" } {
                        (csrf_field(signed_in))
                        button type="submit" { "Radera den här påminnelsen" }
                    }
                }
            }
            @for (title, signature) in found {
                section.stored {
                    h2 { (title) }
                    dl {
                        dt { "Namn" } dd { (signature.first_name) " " (signature.last_name) }
                        dt { "E-post" } dd { (signature.email) }
                        dt { "Postnummer" } dd { (signature.postal_code.as_deref().unwrap_or("–")) }
                        dt { "Kommentar" } dd { (signature.comment.as_deref().unwrap_or("–")) }
                        dt { "Namnet får visas" } dd { @if signature.public { "ja" } @else { "nej" } @if signature.hidden_at.is_some() { " (dolt av organisatör)" } }
                        dt { "Språk" } dd { (signature.locale) }
                        dt { "Skrev under" } dd { (when(signature.signed_at)) }
                        dt { "Bekräftade" } dd { @match signature.confirmed_at { Some(at) => (when(at)), None => "inte bekräftad" } }
                        dt { "Sida" } dd { (signature.source_url) @if let Some(channel) = &signature.source_channel { " (" (channel) ")" } }
                        dt { "Kom från" } dd { (signature.source_referrer.as_deref().unwrap_or("–")) }
                        @for consent in &signature.consents {
                            dt { "Samtycke: “" (consent.text) "”" } dd { @if consent.given { "ja" } @else { "nej" } }
                        }
                    }
                    @if signature.confirmed_at.is_none() {
                        form method="post" action={ "/admin/signatures/" (signature.id) "/resend" } {
                            (csrf_field(signed_in))
                            button.secondary type="submit" { "Skicka bekräftelsen igen" }
                        }
                    }
                    form method="post" action={ "/admin/signatures/" (signature.id) "/erase" } {
                        (csrf_field(signed_in))
                        button type="submit" { "Radera den här underskriften" }
                    }
                }
            }
        },
    )
}

/// A reload that found a broken content file: nothing changed.
pub fn reload_failed(signed_in: &SignedIn, problem: &str) -> String {
    layout(
        "Innehållet kunde inte läsas in",
        Some(signed_in),
        html! {
            h1 { "Innehållet kunde inte läsas in" }
            p.problem role="alert" { (problem) }
            p { "Ingenting är ändrat: namninsamlingarna visas som förut. Rätta filen och försök igen." }
            p { a href="/admin" { "Tillbaka" } }
        },
    )
}

/// A form that did not come from this dashboard's own page (no or a wrong CSRF token).
/// What an organiser is asked before a step that cannot be undone.
pub struct AreYouSure<'a> {
    pub title: &'a str,
    /// What happens, and that it cannot be undone.
    pub consequence: &'a str,
    /// Where the same form is posted again, with `sure`.
    pub action: &'a str,
    pub button: &'a str,
    /// Where "Avbryt" leads.
    pub back: &'a str,
}

/// The page that asks before an irreversible step: it says what cannot be undone, and its
/// button posts the same form again, saying so.
pub fn are_you_sure(signed_in: &SignedIn, asked: &AreYouSure) -> String {
    layout(
        asked.title,
        Some(signed_in),
        html! {
            h1 { (asked.title) }
            p.problem { (asked.consequence) }
            div.actions {
                form method="post" action=(asked.action) {
                    (csrf_field(signed_in))
                    input type="hidden" name="sure" value="yes";
                    button type="submit" { (asked.button) }
                }
                a.button.secondary href=(asked.back) { "Avbryt" }
            }
        },
    )
}

pub fn refused() -> String {
    layout(
        "Avvisad",
        None,
        html! {
            h1 { "Det här gick inte att göra" }
            p { "Formuläret kom inte från den här sidan, eller så har du loggat ut. Öppna sidan igen och försök på nytt." }
            p { a href="/admin" { "Till start" } }
        },
    )
}
