//! `/admin`: the organisers' dashboard. An organiser (an address in `--organizers`) asks for a
//! sign-in link, opens it and presses its button (a mail scanner only ever GETs), and gets a
//! session cookie: `HttpOnly`, `SameSite=Strict`, `Secure` behind https, 12 hours. Every form
//! that changes something carries a CSRF token derived from the session, and is refused when
//! the browser says it comes from another site.

use std::time::Duration;

use axum::Form;
use axum::extract::{Extension, FromRequest, Path, Query, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;
use time::macros::format_description;
use upprop_core::{Email, Locale};

use super::admin;
use super::links::from_another_site;
use crate::api_error::Failure;
use crate::dashboard::figures::{Figures, per_local_day};
use crate::dashboard::{self, EventFigures, FoundReminder, PetitionLine, PetitionPage, SignedIn};
use crate::mail::{self, FreshLinks, tokens};
use crate::pages::event::when_said;
use crate::petitions::public_signers::MAX_LISTED;
use crate::state::AppState;
use crate::store::{RESEND_CONFIRMATION_AFTER, Resend, gives_notice, now_ms};

const COOKIE: &str = "upprop_admin";
const SIGN_IN_VALID_FOR: Duration = Duration::from_secs(15 * 60);
const SESSION_LASTS: Duration = Duration::from_secs(12 * 3600);
const AUDIT_LINES_SHOWN: i64 = 50;

fn ms(duration: Duration) -> i64 {
    duration.as_millis() as i64
}

/// The signed-in organiser, put in the request by `require_session`.
#[derive(Clone)]
pub struct Session {
    email: String,
    csrf: String,
    token_hash: String,
}

impl Session {
    fn signed_in(&self) -> SignedIn<'_> {
        SignedIn {
            email: &self.email,
            csrf: &self.csrf,
        }
    }

    /// Whether a form carries the session's CSRF token; compared in constant time.
    fn sent(&self, form_token: &str) -> bool {
        bool::from(self.csrf.as_bytes().ct_eq(form_token.as_bytes()))
    }
}

/// Derived from the session's secret, which the page's scripts cannot read (`HttpOnly`) and
/// the database does not hold: only a page this server rendered for the session carries it.
fn csrf_token(session_token: &str) -> String {
    tokens::hash(&format!("csrf:{session_token}"))
}

async fn session(state: &AppState, jar: &CookieJar) -> Result<Option<Session>, Failure> {
    let Some(token) = jar.get(COOKIE).map(|cookie| cookie.value().to_owned()) else {
        return Ok(None);
    };
    let token_hash = tokens::hash(&token);
    let email = state.store.session(&token_hash, now_ms()).await?;
    // An address taken off the list loses its sessions at once.
    Ok(email
        .filter(|email| state.organizers.includes(email))
        .map(|email| Session {
            email,
            csrf: csrf_token(&token),
            token_hash,
        }))
}

/// Lets only a signed-in organiser through; anyone else is sent to the sign-in page.
pub async fn require_session(
    State(state): State<AppState>,
    jar: CookieJar,
    mut request: Request,
    next: Next,
) -> Result<Response, Failure> {
    match session(&state, &jar).await? {
        Some(session) => {
            request.extensions_mut().insert(session);
            Ok(next.run(request).await)
        }
        None => Ok(Redirect::to("/admin").into_response()),
    }
}

/// Refuses every form sent to `/admin` from another site, signed in or not.
pub async fn refuse_forms_from_other_sites(request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD);
    if !safe && from_another_site(request.headers()) {
        return refused();
    }
    next.run(request).await
}

fn refused() -> Response {
    (StatusCode::FORBIDDEN, Html(dashboard::refused())).into_response()
}

/// What a redirect back to a page reports, by a fixed word: no text of the request is echoed.
#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

impl Done {
    fn notice(&self) -> Option<&'static str> {
        Some(match self.done.as_deref()? {
            "closed" => "Namninsamlingen är stängd och tar inte emot fler underskrifter.",
            "reopened" => "Namninsamlingen är öppen igen.",
            "unpublished" => {
                "Namninsamlingen är nedtagen: dess sidor och widget visar att den är nedtagen, och uppgifterna finns kvar till raderingsdatumet."
            }
            "republished" => {
                "Namninsamlingen visas igen. Den är fortfarande stängd tills du öppnar den."
            }
            "goal" => "Målet är sparat.",
            "goal_invalid" => "Målet måste vara ett heltal, eller tomt.",
            "retention" => "Datumet för radering är sparat.",
            "retention_invalid" => "Datumet måste skrivas ÅÅÅÅ-MM-DD, eller lämnas tomt.",
            "retention_too_soon" => {
                "Raderingsdatumet måste ligga minst 7 dagar fram i tiden: raderingen går inte att ångra, och alla organisatörer ska hinna se den i loggen."
            }
            "hidden" => "Namnet är dolt och visas inte igen.",
            "erased" => {
                "Underskriften och alla uppgifter i den är raderade. Raderingen står i loggen."
            }
            "not_found" => "Underskriften finns inte längre; den kan redan ha raderats.",
            "reminder_erased" => "Påminnelsen och adressen är raderade. Raderingen står i loggen.",
            "reminder_not_found" => "Påminnelsen finns inte längre; den kan redan ha raderats.",
            "resent" => {
                "Bekräftelsen är skickad igen, med nya länkar: de som skickats förut gäller inte längre."
            }
            "resend_too_soon" => {
                "Bekräftelsen skickades för mindre än tio minuter sedan, eller är redan bekräftad. Vänta en stund och försök igen."
            }
            "reloaded" => "Innehållet är inläst på nytt från innehållsfilerna.",
            _ => return None,
        })
    }
}

fn back_to(path: &str, done: &str) -> Response {
    Redirect::to(&format!("{path}?done={done}")).into_response()
}

/// `GET /admin`: the petitions when signed in, else the sign-in form.
pub async fn home(
    State(state): State<AppState>,
    jar: CookieJar,
    Query(done): Query<Done>,
) -> Result<Response, Failure> {
    let Some(session) = session(&state, &jar).await? else {
        return Ok(Html(dashboard::sign_in(None)).into_response());
    };
    let catalogue = state.contents.current();
    let mut petitions = Vec::new();
    for slug in catalogue.slugs() {
        let Some(entry) = catalogue.get(slug) else {
            continue;
        };
        let standing = state.store.standing(slug).await?;
        let (activity, waiting) = state.store.activity(slug).await?;
        let day_ago = now_ms() - 24 * 3_600_000;
        let public_url = &state.public_url;
        petitions.push(PetitionLine {
            slug,
            title: entry.petition.sv.title.clone(),
            confirmed: standing.confirmed,
            confirmed_last_day: activity
                .iter()
                .filter(|group| group.hour >= day_ago)
                .map(|group| group.signatures)
                .sum(),
            waiting,
            closed: standing.closed_at.is_some(),
            unpublished: entry.unpublished_at.is_some(),
            landing: format!("{public_url}/p/{slug}"),
            snippet: format!(
                "<div style=\"min-height:640px\">\n<script src=\"{public_url}/embed.js\" async\n        data-endpoint=\"{public_url}/api/v1\"\n        data-petition=\"{slug}\"></script>\n</div>"
            ),
        });
    }
    let audit = state.store.audit_log(AUDIT_LINES_SHOWN).await?;
    Ok(Html(dashboard::overview(
        &session.signed_in(),
        &petitions,
        &audit,
        done.notice(),
    ))
    .into_response())
}

#[derive(Deserialize)]
pub struct SignInRequest {
    email: String,
}

/// `POST /admin/sign-in`: mails a link to an organiser. Any other address gets the same
/// answer and no mail, so the page tells nobody who the organisers are.
pub async fn request_sign_in(
    State(state): State<AppState>,
    Form(request): Form<SignInRequest>,
) -> Result<Response, Failure> {
    let address = request.email.trim();
    if Email::parse(address).is_err() {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(dashboard::sign_in(Some(
                "Skriv en hel e-postadress, som namn@exempel.se.",
            ))),
        )
            .into_response());
    }
    // Every address gets the same answer at once: the organiser's link is written and mailed
    // after it, so how long the answer takes tells nobody who is an organiser.
    if state.organizers.includes(address) {
        let address = address.to_owned();
        tokio::spawn(async move {
            if let Err(error) = send_sign_in_link(&state, &address, now_ms()).await {
                tracing::error!(%error, "could not send a sign-in link");
            }
        });
    }
    Ok(Html(dashboard::sign_in_sent()).into_response())
}

/// Writes a sign-in link for the organiser `address` and queues its mail (none while three
/// wait already).
async fn send_sign_in_link(state: &AppState, address: &str, now: i64) -> sqlx::Result<()> {
    let token = tokens::generate();
    let added = state
        .store
        .add_sign_in(
            &address.to_lowercase(),
            &tokens::hash(&token),
            now,
            now + ms(SIGN_IN_VALID_FOR),
        )
        .await?;
    if added {
        let link = format!("{}/admin/sign-in/{token}", state.public_url);
        state
            .store
            .queue_mail(&mail::sign_in(address, &link), now)
            .await?;
        state.doorbell.ring();
    }
    Ok(())
}

/// `GET /admin/sign-in/{token}`: asks for the click; opening the link changes nothing.
pub async fn ask_to_sign_in(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, Failure> {
    Ok(
        if state
            .store
            .sign_in_waiting(&tokens::hash(&token), now_ms())
            .await?
        {
            Html(dashboard::ask_to_sign_in(&token)).into_response()
        } else {
            invalid_link()
        },
    )
}

fn invalid_link() -> Response {
    (StatusCode::GONE, Html(dashboard::sign_in_link_invalid())).into_response()
}

/// `POST /admin/sign-in/{token}`: uses the link up and opens a session.
pub async fn sign_in(
    State(state): State<AppState>,
    Path(token): Path<String>,
    jar: CookieJar,
) -> Result<Response, Failure> {
    let now = now_ms();
    let email = state.store.use_sign_in(&tokens::hash(&token), now).await?;
    let Some(email) = email.filter(|email| state.organizers.includes(email)) else {
        return Ok(invalid_link());
    };
    let session_token = tokens::generate();
    state
        .store
        .open_session(
            &tokens::hash(&session_token),
            &email,
            now + ms(SESSION_LASTS),
        )
        .await?;
    let cookie = Cookie::build((COOKIE, session_token))
        .path("/admin")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.public_url.starts_with("https://"))
        .max_age(time::Duration::seconds(SESSION_LASTS.as_secs() as i64));
    Ok((jar.add(cookie), Redirect::to("/admin")).into_response())
}

/// A form posted from one of this dashboard's pages: the session it was posted in, and its
/// fields, once its CSRF token has been found to be the session's. Anything else gets the
/// "refused" page.
pub struct Posted<T>(Session, T);

/// A form's fields beside its CSRF token.
#[derive(Deserialize)]
struct WithToken<T> {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    fields: T,
}

/// The form of a step that cannot be undone: posted first without `sure`, it only asks
/// (`dashboard::are_you_sure`), and the page's button posts it again with `sure`.
#[derive(Deserialize)]
pub struct Irreversible {
    #[serde(default)]
    sure: Option<String>,
}

impl Irreversible {
    fn is_sure(&self) -> bool {
        self.sure.as_deref() == Some("yes")
    }
}

/// The page that asks `asked` first.
fn ask(session: &Session, asked: &dashboard::AreYouSure) -> Response {
    Html(dashboard::are_you_sure(&session.signed_in(), asked)).into_response()
}

/// A form with no fields but the token.
#[derive(Deserialize)]
pub struct NoFields {}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for Posted<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let session = request.extensions().get::<Session>().cloned();
        let Form(form) = Form::<WithToken<T>>::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match session {
            Some(session) if session.sent(&form.csrf) => Ok(Self(session, form.fields)),
            _ => Err(refused()),
        }
    }
}

/// `POST /admin/sign-out`.
pub async fn sign_out(
    State(state): State<AppState>,
    jar: CookieJar,
    Posted(session, NoFields {}): Posted<NoFields>,
) -> Result<Response, Failure> {
    state.store.close_session(&session.token_hash).await?;
    let gone = Cookie::build(COOKIE).path("/admin");
    Ok((jar.remove(gone), Redirect::to("/admin")).into_response())
}

/// `GET /admin/p/{slug}`: the petition's figures, charts, exports, public names and settings.
pub async fn petition(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    Path(slug): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, Failure> {
    let entry = state.organised(&slug)?;
    let standing = state.store.standing(&slug).await?;
    let (activity, unconfirmed) = state.store.activity(&slug).await?;
    let now = now_ms();
    let figures = Figures::count(&activity, unconfirmed, now);
    let public_signers = state.store.public_signers(&slug, MAX_LISTED as i64).await?;
    let waiting = state.store.waiting(&slug, MAX_LISTED as i64).await?;
    let mut events = Vec::new();
    for (event, when) in entry.dated_events() {
        let per_hour = state.store.candles_per_hour(&slug, &event.id).await?;
        events.push(EventFigures {
            event,
            when: when_said(when, Locale::Sv),
            over: when.is_over(now),
            candles: per_hour.iter().map(|(_, count)| count).sum(),
            per_day: per_local_day(&per_hour),
            offers_reminders: event.remind_hours_before.is_some(),
            reminders: state.store.reminder_figures(&slug, &event.id).await?,
        });
    }
    let page = PetitionPage {
        slug: &slug,
        petition: &entry.petition,
        standing,
        unpublished_at: entry.unpublished_at,
        figures: &figures,
        withdrawn: state.store.withdrawn(&slug).await?,
        public_signers: &public_signers,
        waiting: &waiting,
        now,
        notice: done.notice(),
        events: &events,
    };
    Ok(Html(dashboard::petition(&session.signed_in(), &page)).into_response())
}

/// `POST /admin/p/{slug}/close` and `…/reopen`.
pub async fn close(
    state: State<AppState>,
    slug: Path<String>,
    Posted(session, decided): Posted<Irreversible>,
) -> Result<Response, Failure> {
    if !decided.is_sure() {
        let page = format!("/admin/p/{}", slug.0);
        return Ok(ask(
            &session,
            &dashboard::AreYouSure {
                title: "Stänga namninsamlingen?",
                consequence: "Den tar då inte emot fler underskrifter, och underskrifter som inte är bekräftade när den stängs räknas aldrig. Antalet nu blir det slutliga. Du kan öppna den igen, men de obekräftade räknas inte i efterhand.",
                action: &format!("{page}/close"),
                button: "Ja, stäng namninsamlingen",
                back: &page,
            },
        ));
    }
    set_closed(state, slug, &session.email, true).await
}

pub async fn reopen(
    state: State<AppState>,
    slug: Path<String>,
    Posted(session, NoFields {}): Posted<NoFields>,
) -> Result<Response, Failure> {
    set_closed(state, slug, &session.email, false).await
}

async fn set_closed(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    organizer: &str,
    closed: bool,
) -> Result<Response, Failure> {
    state.organised(&slug)?;
    state
        .store
        .set_closed(&slug, closed, organizer, now_ms())
        .await?;
    state.counts.changed(&slug);
    Ok(back_to(
        &format!("/admin/p/{slug}"),
        if closed { "closed" } else { "reopened" },
    ))
}

/// `POST /admin/p/{slug}/unpublish` and `…/republish`.
pub async fn unpublish(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Posted(session, NoFields {}): Posted<NoFields>,
) -> Result<Response, Failure> {
    admin::set_unpublished(&state, &slug, true, &session.email).await?;
    Ok(back_to(&format!("/admin/p/{slug}"), "unpublished"))
}

pub async fn republish(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Posted(session, NoFields {}): Posted<NoFields>,
) -> Result<Response, Failure> {
    admin::set_unpublished(&state, &slug, false, &session.email).await?;
    Ok(back_to(&format!("/admin/p/{slug}"), "republished"))
}

#[derive(Deserialize)]
pub struct GoalForm {
    #[serde(default)]
    goal: String,
}

/// `POST /admin/p/{slug}/goal`: empty (or 0) goes back to the content file's goal.
pub async fn set_goal(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Posted(session, form): Posted<GoalForm>,
) -> Result<Response, Failure> {
    state.organised(&slug)?;
    let page = format!("/admin/p/{slug}");
    let goal = match form.goal.trim() {
        "" => None,
        typed => match typed.parse::<u64>() {
            Ok(goal) => Some(goal).filter(|goal| *goal > 0),
            Err(_) => return Ok(back_to(&page, "goal_invalid")),
        },
    };
    state
        .store
        .set_goal(&slug, goal, &session.email, now_ms())
        .await?;
    state.counts.changed(&slug);
    Ok(back_to(&page, "goal"))
}

#[derive(Deserialize)]
pub struct RetentionForm {
    #[serde(default)]
    erase_after: String,
}

/// `POST /admin/p/{slug}/retention`: a date (the start of that day, UTC), or empty.
pub async fn set_retention(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Posted(session, form): Posted<RetentionForm>,
) -> Result<Response, Failure> {
    state.organised(&slug)?;
    let page = format!("/admin/p/{slug}");
    let now = now_ms();
    let erase_after = match form.erase_after.trim() {
        "" => None,
        typed => match time::Date::parse(typed, format_description!("[year]-[month]-[day]")) {
            Ok(date) => Some(date.midnight().assume_utc().unix_timestamp() * 1000),
            Err(_) => return Ok(back_to(&page, "retention_invalid")),
        },
    };
    if erase_after.is_some_and(|erase_after| !gives_notice(erase_after, now)) {
        return Ok(back_to(&page, "retention_too_soon"));
    }
    state
        .store
        .set_retention(&slug, erase_after, &session.email, now)
        .await?;
    state.counts.changed(&slug);
    Ok(back_to(&page, "retention"))
}

/// `POST /admin/p/{slug}/signers/{id}/hide`: off the public list, for good.
pub async fn hide(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    Posted(session, decided): Posted<Irreversible>,
) -> Result<Response, Failure> {
    state.organised(&slug)?;
    let page = format!("/admin/p/{slug}");
    if !decided.is_sure() {
        return Ok(ask(
            &session,
            &dashboard::AreYouSure {
                title: "Dölja namnet för gott?",
                consequence: "Namnet och kommentaren visas aldrig igen i den offentliga listan eller i överlämningsdokumentet. Det går inte att ångra. Underskriften räknas som förut.",
                action: &format!("{page}/signers/{id}/hide"),
                button: "Ja, dölj namnet för gott",
                back: &page,
            },
        ));
    }
    if !state.store.hide_signer(&slug, &id, now_ms()).await? {
        return Ok(back_to(&page, "not_found"));
    }
    state.public_signers.changed(&slug);
    Ok(back_to(&page, "hidden"))
}

#[derive(Deserialize)]
pub struct Lookup {
    #[serde(default)]
    email: String,
}

/// `POST /admin/lookup`: everything stored about an address (a POST, so that the address
/// stays out of the browser's history and the server's access logs).
pub async fn lookup(
    State(state): State<AppState>,
    Posted(session, form): Posted<Lookup>,
) -> Result<Response, Failure> {
    let typed = form.email.trim();
    let (found, reminders) = match Email::parse(typed) {
        Ok(email) => (
            state.store.signatures_by_email(&email.normalized()).await?,
            state.store.reminders_of(&email.normalized()).await?,
        ),
        Err(_) => (Vec::new(), Vec::new()),
    };
    let reminders: Vec<_> = reminders
        .into_iter()
        .map(|reminder| {
            let event = state.contents.get(&reminder.petition).and_then(|entry| {
                let event = entry
                    .petition
                    .events
                    .iter()
                    .find(|e| e.id == reminder.event)?;
                Some(event.sv.title.clone())
            });
            FoundReminder {
                title: event.unwrap_or_else(|| reminder.event.clone()),
                reminder,
            }
        })
        .collect();
    let found: Vec<_> = found
        .into_iter()
        .map(|signature| {
            let title = state.contents.get(&signature.petition).map_or_else(
                || signature.petition.clone(),
                |entry| entry.petition.sv.title.clone(),
            );
            (title, signature)
        })
        .collect();
    Ok(Html(dashboard::lookup(
        &session.signed_in(),
        typed,
        &found,
        &reminders,
    ))
    .into_response())
}

/// `POST /admin/signatures/{id}/erase`: the same erasure as the signer's withdrawal link, and
/// a line in the audit log.
pub async fn erase(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted(session, decided): Posted<Irreversible>,
) -> Result<Response, Failure> {
    if !decided.is_sure() {
        return Ok(ask(
            &session,
            &dashboard::AreYouSure {
                title: "Radera underskriften?",
                consequence: "Underskriften och allt som sparats om den raderas nu, och räknas inte längre. Det går inte att ångra. Raderingen skrivs i loggen med ditt namn, men inte med vems underskrift det var.",
                action: &format!("/admin/signatures/{id}/erase"),
                button: "Ja, radera underskriften",
                back: "/admin#lookup",
            },
        ));
    }
    let erased = state
        .store
        .erase_on_request(&id, &session.email, now_ms())
        .await?;
    Ok(match erased {
        Some(target) => {
            state.counts.changed(&target.petition);
            state.public_signers.changed(&target.petition);
            back_to("/admin", "erased")
        }
        None => back_to("/admin", "not_found"),
    })
}

/// `POST /admin/reminders/{id}/erase`: the same erasure as the reader's own link, and a line
/// in the audit log.
pub async fn erase_reminder(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted(session, decided): Posted<Irreversible>,
) -> Result<Response, Failure> {
    if !decided.is_sure() {
        return Ok(ask(
            &session,
            &dashboard::AreYouSure {
                title: "Radera påminnelsen?",
                consequence: "Adressen och påminnelsen raderas nu, och ingen påminnelse skickas. Det går inte att ångra. Raderingen skrivs i loggen med ditt namn, men inte med vems påminnelse det var.",
                action: &format!("/admin/reminders/{id}/erase"),
                button: "Ja, radera påminnelsen",
                back: "/admin#lookup",
            },
        ));
    }
    let erased = state
        .store
        .erase_reminder_on_request(&id, &session.email, now_ms())
        .await?;
    Ok(back_to(
        "/admin",
        if erased.is_some() {
            "reminder_erased"
        } else {
            "reminder_not_found"
        },
    ))
}

/// `POST /admin/signatures/{id}/resend`: the confirmation mailed again with fresh links (the
/// typo a signer corrected by phone, a mail that never came), to a signature that still waits
/// and was not mailed in the last ten minutes.
pub async fn resend(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted(session, NoFields {}): Posted<NoFields>,
) -> Result<Response, Failure> {
    let Some(waiting) = state.store.waiting_signature(&id).await? else {
        return Ok(back_to("/admin", "not_found"));
    };
    let now = now_ms();
    let entry = state.organised(&waiting.petition)?;
    let fresh = FreshLinks::new(&state.public_url, now);
    let locale = Locale::from_tag(&waiting.locale).unwrap_or_default();
    let mail = mail::confirmation(&waiting.email, &entry.petition, locale, &fresh.links);
    let resend = Resend {
        confirm_token_hash: &fresh.confirm_token_hash,
        withdraw_token_hash: &fresh.withdraw_token_hash,
        mail: &mail,
    };
    let mailed_before = now - ms(RESEND_CONFIRMATION_AFTER);
    let queued = state
        .store
        .resend_confirmation(&id, resend, &session.email, mailed_before, now)
        .await?;
    if queued {
        state.doorbell.ring();
    }
    let page = format!("/admin/p/{}", waiting.petition);
    Ok(back_to(
        &page,
        if queued { "resent" } else { "resend_too_soon" },
    ))
}

/// `POST /admin/reload`: the content files read and imported again, as on SIGHUP. A broken
/// file changes nothing, and the page says which file and field.
pub async fn reload(
    State(state): State<AppState>,
    Posted(session, NoFields {}): Posted<NoFields>,
) -> Result<Response, Failure> {
    Ok(match state.reloader.reload().await {
        Ok(reloaded) => {
            tracing::info!(petitions = reloaded.petitions, changed = ?reloaded.changed, "content reloaded from the dashboard");
            back_to("/admin", "reloaded")
        }
        Err(error) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(dashboard::reload_failed(
                &session.signed_in(),
                &format!("{error:#}"),
            )),
        )
            .into_response(),
    })
}
