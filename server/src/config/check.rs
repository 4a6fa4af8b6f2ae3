//! `upprop-server --check-config`: before a deploy, every setting checked, the content loaded,
//! the database and the mail server reached. Each finding says what is fine, what only
//! deserves a look, and what would stop the server or its mail; secrets are never printed.

use std::fmt;

use lettre::message::Mailbox;

use crate::config::Config;
use crate::dashboard::organizers::Organizers;
use crate::mail::Mailer;
use crate::petitions;
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Ok,
    Warning,
    Error,
}

pub struct Finding {
    pub verdict: Verdict,
    pub subject: &'static str,
    pub detail: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = match self.verdict {
            Verdict::Ok => "ok",
            Verdict::Warning => "warning",
            Verdict::Error => "error",
        };
        write!(f, "{verdict:<8}{}: {}", self.subject, self.detail)
    }
}

fn finding(verdict: Verdict, subject: &'static str, detail: impl Into<String>) -> Finding {
    Finding {
        verdict,
        subject,
        detail: detail.into(),
    }
}

/// Prints a finding per line; `true` when nothing is an error.
pub async fn check_config(config: &Config) -> bool {
    let findings = findings(config).await;
    for finding in &findings {
        println!("{finding}");
    }
    findings
        .iter()
        .all(|finding| finding.verdict != Verdict::Error)
}

async fn findings(config: &Config) -> Vec<Finding> {
    use Verdict::{Error, Ok, Warning};
    let mut findings = Vec::new();

    findings.push(match petitions::read_dir(&config.content_dir) {
        Result::Ok(files) if files.is_empty() => finding(
            Warning,
            "content",
            format!(
                "no content file in {}: only petitions imported before are served",
                config.content_dir.display()
            ),
        ),
        Result::Ok(files) => finding(
            Ok,
            "content",
            format!(
                "{} petition(s): {}",
                files.len(),
                files
                    .iter()
                    .map(|(_, petition)| petition.slug.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        Err(error) => finding(Error, "content", format!("{error:#}")),
    });

    let embed = config.dist_dir.join("embed.js");
    findings.push(if embed.is_file() {
        finding(Ok, "widget", embed.display().to_string())
    } else {
        finding(
            Error,
            "widget",
            format!(
                "{} is missing: run `trunk build --release` and point --dist-dir at its dist/",
                embed.display()
            ),
        )
    });

    findings.push(match config.public_url.as_deref() {
        None => finding(Warning, "public URL", "not set: links in mail will point at http://LISTEN, which signers cannot reach from outside"),
        Some(url) if url.starts_with("https://") => finding(Ok, "public URL", url),
        Some(url) if url.starts_with("http://") => finding(Warning, "public URL", format!("{url} is not https: browsers will warn signers")),
        Some(url) => finding(Error, "public URL", format!("{url:?} is not an http(s) address")),
    });

    findings.push(match config.mail_from.parse::<Mailbox>() {
        Result::Ok(from) if from.email.domain() == "localhost" => finding(
            Warning,
            "mail sender",
            format!("{from} is the default: mail from localhost lands in spam"),
        ),
        Result::Ok(from) => finding(Ok, "mail sender", from.to_string()),
        Err(_) => finding(Error, "mail sender", "--mail-from is not a mail address"),
    });

    let mailer = Mailer::new(config);
    findings.push(match &mailer {
        Err(error) => finding(Error, "mail", format!("{error:#}")),
        Result::Ok(mailer) => match (config.smtp_url.is_some(), mailer.reach().await) {
            (false, _) => finding(
                Warning,
                "mail",
                format!(
                    "no SMTP server: mail is only written to {}",
                    config.mail_dir.display()
                ),
            ),
            (true, Result::Ok(())) => finding(Ok, "mail", "the SMTP server answers"),
            (true, Err(problem)) => finding(Error, "mail", problem),
        },
    });
    if let Result::Ok(mailer) = &mailer {
        findings.push(match mailer.dkim_record() {
            Some((name, record)) => finding(
                Ok,
                "DKIM",
                format!("mail is signed; publish this TXT record at {name}: {record}"),
            ),
            None => finding(
                Warning,
                "DKIM",
                "--dkim-key not set: mail goes unsigned unless the mail server signs it",
            ),
        });
    }

    findings.push(match Store::reach(&config.database_url).await {
        Result::Ok(backend) => finding(Ok, "database", format!("connected ({backend})")),
        Err(error) => finding(Error, "database", format!("{error:#}")),
    });

    findings.push(match config.admin_token.as_deref() {
        None | Some("") => finding(
            Warning,
            "admin token",
            "not set: the organiser's export and stats answer 401",
        ),
        Some(token) if token.len() < 24 => finding(
            Error,
            "admin token",
            "shorter than 24 characters: use a long random one",
        ),
        Some(_) => finding(Ok, "admin token", "set"),
    });

    findings.push(match Organizers::parse(&config.organizers) {
        Err(error) => finding(Error, "organizers", format!("{error:#}")),
        Result::Ok(organizers) if organizers.is_empty() => finding(
            Warning,
            "organizers",
            "none: nobody can sign in to the dashboard at /admin",
        ),
        Result::Ok(_) => finding(
            Ok,
            "organizers",
            format!("{} may sign in at /admin", config.organizers.len()),
        ),
    });

    findings.push(if config.trusted_proxies() == 0 {
        finding(Warning, "proxies", "--trusted-proxies is 0: behind a proxy, every signer would share the proxy's rate limit")
    } else {
        finding(Ok, "proxies", format!("the client is the {}th address from the right of X-Forwarded-For", config.trusted_proxies()))
    });
    findings
}
