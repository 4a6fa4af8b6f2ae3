//! The appeals this build carries. Each is a JSON file in `content/`; adding a campaign is
//! adding its file here.

use std::sync::OnceLock;

use upprop_core::Petition;

const BUNDLED: &[&str] = &[include_str!("../content/upprop-socialtjansten.json")];

fn all() -> &'static [Petition] {
    static PETITIONS: OnceLock<Vec<Petition>> = OnceLock::new();
    PETITIONS.get_or_init(|| {
        BUNDLED
            .iter()
            .map(|json| Petition::from_json(json).expect("bundled content is checked by tests"))
            .collect()
    })
}

pub fn petition(slug: &str) -> Option<&'static Petition> {
    all().iter().find(|petition| petition.slug == slug)
}

/// The petition a snippet without `data-petition` shows: the first one bundled.
pub fn default_petition() -> &'static Petition {
    &all()[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_petition_parses_and_is_complete_in_both_languages() {
        assert!(!all().is_empty());
        for petition in all() {
            for text in [&petition.sv, &petition.en] {
                assert!(!text.title.is_empty());
                assert_eq!(text.demands.len(), petition.sv.demands.len());
                assert!(text.consents.iter().any(|c| c.required));
                let ids: Vec<_> = text.consents.iter().map(|c| &c.id).collect();
                let sv_ids: Vec<_> = petition.sv.consents.iter().map(|c| &c.id).collect();
                assert_eq!(ids, sv_ids, "both languages ask the same consents");
            }
        }
    }

    #[test]
    fn the_first_campaign_is_upprop_socialtjansten_with_thirteen_demands() {
        let petition = petition("upprop-socialtjansten").unwrap();
        assert_eq!(petition.sv.demands.len(), 13);
        assert_eq!(petition.memorial.len(), 11);
        assert_eq!(default_petition().slug, "upprop-socialtjansten");
    }
}
