//! DKIM: outgoing mail signed with the campaign domain's key, so that receivers can tell it
//! really comes from that domain and confirmation mail does not land in spam.

use std::path::Path;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm,
    DkimSigningKey,
};
use lettre::message::header::HeaderName;
use rsa::RsaPrivateKey;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};

/// How mail is signed, and the DNS record that lets receivers check it.
pub struct Dkim {
    pub config: DkimConfig,
    /// Where the public key must be published: `SELECTOR._domainkey.DOMAIN`.
    pub dns_name: String,
    /// The TXT record to publish there.
    pub dns_record: String,
}

impl Dkim {
    /// Reads an RSA private key in PEM (PKCS#1 `BEGIN RSA PRIVATE KEY`, or PKCS#8 `BEGIN
    /// PRIVATE KEY` as `openssl genrsa` writes it) to sign for `domain` under `selector`.
    pub fn load(key_file: &Path, selector: &str, domain: &str) -> anyhow::Result<Self> {
        let pem = std::fs::read_to_string(key_file)
            .with_context(|| format!("reading the DKIM key {}", key_file.display()))?;
        // The key's words are never repeated in an error: it is a secret.
        let key = RsaPrivateKey::from_pkcs1_pem(&pem)
            .or_else(|_| RsaPrivateKey::from_pkcs8_pem(&pem))
            .map_err(|_| {
                anyhow::anyhow!(
                    "{} is not an RSA private key in PEM (PKCS#1 or PKCS#8)",
                    key_file.display()
                )
            })?;
        let public = key
            .to_public_key()
            .to_public_key_der()
            .context("encoding the DKIM public key")?;
        let pkcs1 = key
            .to_pkcs1_pem(LineEnding::LF)
            .context("encoding the DKIM key")?;
        let signing_key = DkimSigningKey::new(&pkcs1, DkimSigningAlgorithm::Rsa)
            .map_err(|_| anyhow::anyhow!("the DKIM key cannot sign"))?;
        // Relaxed canonicalisation survives the re-folding relays do; Message-ID is signed
        // so that a signed message cannot be replayed as another.
        let headers = ["From", "To", "Subject", "Date", "Message-ID"]
            .into_iter()
            .map(HeaderName::new_from_ascii_str)
            .collect();
        let config = DkimConfig::new(
            selector.to_owned(),
            domain.to_owned(),
            signing_key,
            headers,
            DkimCanonicalization {
                header: DkimCanonicalizationType::Relaxed,
                body: DkimCanonicalizationType::Relaxed,
            },
        );
        Ok(Self {
            config,
            dns_name: format!("{selector}._domainkey.{domain}"),
            dns_record: format!("v=DKIM1; k=rsa; p={}", STANDARD.encode(public.as_bytes())),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn fixture(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name)
    }

    #[test]
    fn either_pem_form_of_a_key_gives_the_same_record_under_selector_and_domain() {
        let pkcs1 = Dkim::load(&fixture("dkim-test-key-pkcs1.pem"), "s1", "example.org").unwrap();
        let pkcs8 = Dkim::load(&fixture("dkim-test-key-pkcs8.pem"), "s1", "example.org").unwrap();
        assert_eq!(pkcs1.dns_name, "s1._domainkey.example.org");
        assert_eq!(pkcs1.dns_record, pkcs8.dns_record);
        assert!(pkcs1.dns_record.starts_with("v=DKIM1; k=rsa; p=MI"));
    }

    #[test]
    fn a_file_that_is_no_key_is_named_and_never_quoted() {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(&file, "secret words").unwrap();
        let error = Dkim::load(file.path(), "s1", "example.org")
            .err()
            .unwrap()
            .to_string();
        assert!(error.contains("is not an RSA private key"), "{error}");
        assert!(!error.contains("secret words"));
        let missing = Dkim::load(&fixture("missing.pem"), "s1", "example.org")
            .err()
            .unwrap();
        assert!(format!("{missing:#}").contains("missing.pem"));
    }
}
