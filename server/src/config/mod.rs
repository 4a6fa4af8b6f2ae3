pub mod check;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// Every setting is a flag with an environment variable of the same meaning.
#[derive(Clone, Parser)]
#[command(name = "upprop-server", version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "UPPROP_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// `sqlite://FILE?mode=rwc` (embedded, the default) or `postgres://…`.
    #[arg(
        long,
        env = "UPPROP_DATABASE_URL",
        default_value = "sqlite://upprop.db?mode=rwc"
    )]
    pub database_url: String,

    /// SMTP server for outgoing mail, e.g. `smtps://user:pass@mail.example.org` or
    /// `smtp://localhost:25`. Without it, mail is written to --mail-dir.
    #[arg(long, env = "UPPROP_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// Where mail goes when no SMTP server is set: one .eml file per message.
    #[arg(long, env = "UPPROP_MAIL_DIR", default_value = "mail")]
    pub mail_dir: PathBuf,

    /// Seconds before a mail that could not be sent is tried again; the pause then doubles,
    /// up to 6 hours, for 12 attempts. A permanent refusal (5xx) is given up at once.
    #[arg(long, env = "UPPROP_MAIL_RETRY_AFTER", default_value_t = 30)]
    pub mail_retry_after: u64,

    /// Sender of outgoing mail.
    #[arg(
        long,
        env = "UPPROP_MAIL_FROM",
        default_value = "Upprop <upprop@localhost>"
    )]
    pub mail_from: String,

    /// An RSA private key (PEM) to sign outgoing mail with DKIM for the --mail-from domain;
    /// `--check-config` prints the DNS record to publish. Without it, mail goes unsigned.
    #[arg(long, env = "UPPROP_DKIM_KEY")]
    pub dkim_key: Option<PathBuf>,

    /// The DKIM selector: the key is published at SELECTOR._domainkey.DOMAIN.
    #[arg(long, env = "UPPROP_DKIM_SELECTOR", default_value = "upprop")]
    pub dkim_selector: String,

    /// This server's address as signers reach it, for the links in mail. Default: http://LISTEN.
    #[arg(long, env = "UPPROP_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Bearer token for the organiser's endpoints; without one they answer 401 to everyone.
    #[arg(long, env = "UPPROP_ADMIN_TOKEN")]
    pub admin_token: Option<String>,

    /// The organisers' e-mail addresses, comma-separated: who may sign in to the dashboard at
    /// /admin with a link sent by mail. No address, no sign-in.
    #[arg(long, env = "UPPROP_ORGANIZERS", value_delimiter = ',')]
    pub organizers: Vec<String>,

    /// Origins allowed to call the public API from a browser, comma-separated. Default: any.
    /// The admin endpoints never allow cross-origin calls.
    #[arg(long, env = "UPPROP_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,

    /// Folder of petition content files (the widget's `content/`).
    #[arg(long, env = "UPPROP_CONTENT_DIR", default_value = "content")]
    pub content_dir: PathBuf,

    /// The widget's trunk build, served at / (demo page) and /embed.js.
    #[arg(long, env = "UPPROP_DIST_DIR", default_value = "dist")]
    pub dist_dir: PathBuf,

    /// Signatures one client address (an IPv6 client: its /64) may send per minute at the base
    /// proof of work, and without a proof (the landing page's form without JavaScript) at all.
    /// Past it, a proof must be harder (one more zero bit each time the rate doubles), and at
    /// 20 times it the address is refused. 0 turns the per-address limit off.
    #[arg(long, env = "UPPROP_SIGNATURES_PER_MINUTE", default_value_t = 30)]
    pub signatures_per_minute: u32,

    /// Zero bits the proof of work needs when nothing is busy (the work doubles per bit).
    #[arg(long, env = "UPPROP_PROOF_DIFFICULTY", default_value_t = 16)]
    pub proof_difficulty: u8,

    /// Signatures per hour with addresses at one mail domain (large providers such as Gmail,
    /// Outlook and Telia excepted), to cap floods of throw-away addresses; 0: no cap.
    #[arg(
        long,
        env = "UPPROP_SIGNATURES_PER_MAIL_DOMAIN_PER_HOUR",
        default_value_t = 300
    )]
    pub signatures_per_mail_domain_per_hour: u32,

    /// Unconfirmed signatures per minute across all servers past which every proof of work
    /// must be 16 times harder; 0: never.
    #[arg(long, env = "UPPROP_UNCONFIRMED_PER_MINUTE", default_value_t = 600)]
    pub unconfirmed_per_minute: u32,

    /// How soon after the page opened a person can have filled the form, in milliseconds;
    /// a signature sent sooner is dropped as a program's (answered, not stored).
    #[arg(long, env = "UPPROP_MIN_FILL_MS", default_value_t = upprop_core::signature::MIN_FILL_MS)]
    pub min_fill_ms: u64,

    /// Signatures that may wait to be written; past that the server answers 503 at once.
    #[arg(long, env = "UPPROP_WRITE_QUEUE", default_value_t = 4096)]
    pub write_queue: usize,

    /// Seconds a signing request waits for the database before it answers 503 (the
    /// widget's retry, with the same id, is then safe).
    #[arg(long, env = "UPPROP_WRITE_TIMEOUT", default_value_t = 10)]
    pub write_timeout: u64,

    /// Seconds a client has to send a request's headers, and again its whole body, however
    /// it paces them: a connection that trickles its headers (slowloris) is closed, a body
    /// not in by then is answered 408, so neither holds a slot for ever.
    #[arg(long, env = "UPPROP_SLOW_CLIENT_TIMEOUT", default_value_t = 10)]
    pub slow_client_timeout: u64,

    /// Requests handled at once; past that the server answers 503 at once rather than
    /// queueing without end.
    #[arg(long, env = "UPPROP_MAX_CONCURRENT_REQUESTS", default_value_t = 2048)]
    pub max_concurrent_requests: usize,

    /// Requests one client address (an IPv6 client: its /64) may have in flight at once, and
    /// never more than a quarter of --max-concurrent-requests; past that it is answered 429,
    /// so that one host cannot take every slot. 0: no limit.
    #[arg(long, env = "UPPROP_MAX_REQUESTS_PER_CLIENT", default_value_t = 64)]
    pub max_requests_per_client: usize,

    /// Behind one reverse proxy: the same as --trusted-proxies 1.
    #[arg(long, env = "UPPROP_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,

    /// How many reverse proxies in front of the server append the address they received each
    /// request from to X-Forwarded-For (a CDN and a load balancer: 2). The client is the entry
    /// that many from the right; 0 uses the connection's own address.
    #[arg(long, env = "UPPROP_TRUSTED_PROXIES", default_value_t = 0)]
    pub trusted_proxies: usize,

    /// Checks the settings and the content, connects to the database and the SMTP server,
    /// prints what is wrong and exits (1 if anything would stop the server or its mail).
    #[arg(long)]
    pub check_config: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Clone, Debug, clap::Subcommand)]
pub enum Command {
    /// Checks content files and stores their petitions in the database, then exits. Running
    /// servers on that database serve the change within 5 seconds; nothing restarts.
    Import {
        /// Content files (`*.json`, as in --content-dir).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

impl Config {
    pub fn trusted_proxies(&self) -> usize {
        self.trusted_proxies
            .max(usize::from(self.trust_forwarded_for))
    }

    /// The base of links in mail, without a trailing slash; `bound` is where the server
    /// actually listens (with --listen …:0 the port is only known once bound).
    pub fn public_url(&self, bound: SocketAddr) -> String {
        self.public_url
            .as_deref()
            .map(|url| url.trim_end_matches('/').to_owned())
            .unwrap_or_else(|| format!("http://{bound}"))
    }
}

/// Shows the settings without the secrets (the admin token, credentials in the URLs).
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secret = |set: bool| if set { "<set>" } else { "<none>" };
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("database_url", &secret(true))
            .field("smtp_url", &secret(self.smtp_url.is_some()))
            .field("mail_dir", &self.mail_dir)
            .field("dkim_key", &self.dkim_key)
            .field("dkim_selector", &self.dkim_selector)
            .field("public_url", &self.public_url)
            .field("admin_token", &secret(self.admin_token.is_some()))
            .field("organizers", &self.organizers.len())
            .field("allowed_origins", &self.allowed_origins)
            .field("signatures_per_minute", &self.signatures_per_minute)
            .field("proof_difficulty", &self.proof_difficulty)
            .field(
                "signatures_per_mail_domain_per_hour",
                &self.signatures_per_mail_domain_per_hour,
            )
            .field("unconfirmed_per_minute", &self.unconfirmed_per_minute)
            .field("min_fill_ms", &self.min_fill_ms)
            .field("write_queue", &self.write_queue)
            .field("write_timeout", &self.write_timeout)
            .field("max_concurrent_requests", &self.max_concurrent_requests)
            .field("max_requests_per_client", &self.max_requests_per_client)
            .field("slow_client_timeout", &self.slow_client_timeout)
            .field("trusted_proxies", &self.trusted_proxies())
            .finish_non_exhaustive()
    }
}
