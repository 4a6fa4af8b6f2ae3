//! Who may sign in to the dashboard: the addresses listed in the configuration.

use std::collections::HashSet;
use std::sync::Arc;

use upprop_core::Email;

#[derive(Clone, Default)]
pub struct Organizers(Arc<HashSet<String>>);

impl Organizers {
    /// The addresses of `--organizers`; an error names the first that is no e-mail address.
    pub fn parse(addresses: &[String]) -> anyhow::Result<Self> {
        let mut organizers = HashSet::new();
        for address in addresses.iter().filter(|a| !a.trim().is_empty()) {
            let email = Email::parse(address).map_err(|_| {
                anyhow::anyhow!("--organizers: \"{address}\" is not an e-mail address")
            })?;
            organizers.insert(email.as_str().to_lowercase());
        }
        Ok(Self(Arc::new(organizers)))
    }

    /// Whether `address` is an organiser's; case does not matter.
    pub fn includes(&self, address: &str) -> bool {
        self.0.contains(&address.trim().to_lowercase())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_addresses_in_any_case_are_organizers_and_others_are_not() {
        let organizers = Organizers::parse(&["Lisa@Brinnforbarnen.se".into(), " ".into()]).unwrap();
        assert!(organizers.includes("lisa@brinnforbarnen.se"));
        assert!(organizers.includes(" LISA@brinnforbarnen.se "));
        assert!(!organizers.includes("eve@brinnforbarnen.se"));
    }

    #[test]
    fn a_listed_non_address_is_named_in_the_error() {
        let error = Organizers::parse(&["lisa.brinnforbarnen.se".into()])
            .err()
            .unwrap();
        assert!(error.to_string().contains("lisa.brinnforbarnen.se"));
    }
}
