//! The signing form, defined once: its text fields in order, each with what the form shows of
//! it and how a browser should fill it. The form's markup (`markup::form`), the widget's draft
//! and its saved copy, the JSON the widget sends, the landing page's posted form and the
//! organiser's export columns are all made from this list; a signature's validated, stored
//! shape (`ValidSignature`, the SQL) names each field itself.

use uuid::Uuid;

use crate::i18n::Strings;
use crate::{ConsentDefinition, ConsentRecord, Field, Locale, SignatureRequest, SignatureSource};

/// One of the form's text fields.
pub struct TextField {
    /// What it is on the wire and in the form (`Field::name`), and how long it may be.
    pub field: Field,
    /// What its label says.
    pub label: fn(&Strings) -> &'static str,
    /// Said under the label, and read with the field.
    pub hint: Option<fn(&Strings) -> &'static str>,
    /// What the browser may fill it with (`autocomplete`).
    pub autocomplete: &'static str,
    /// The input's `type`.
    pub input_type: &'static str,
    /// The keyboard a phone shows (`inputmode`).
    pub inputmode: Option<&'static str>,
    /// May be left empty: its label says so, and it is not `aria-required`.
    pub optional: bool,
    /// A textarea rather than one line.
    pub multiline: bool,
    /// Shares a row with the next field on a wide screen (first and last name).
    pub beside_next: bool,
    /// The organiser's export column.
    pub heading: &'static str,
}

/// How many text fields the form has.
pub const TEXT_FIELD_COUNT: usize = 5;

/// The form's text fields, in the order it shows them.
pub const TEXT_FIELDS: [TextField; TEXT_FIELD_COUNT] = [
    TextField {
        field: Field::FirstName,
        label: |strings| strings.first_name,
        hint: None,
        autocomplete: "given-name",
        input_type: "text",
        inputmode: None,
        optional: false,
        multiline: false,
        beside_next: true,
        heading: "Förnamn",
    },
    TextField {
        field: Field::LastName,
        label: |strings| strings.last_name,
        hint: None,
        autocomplete: "family-name",
        input_type: "text",
        inputmode: None,
        optional: false,
        multiline: false,
        beside_next: false,
        heading: "Efternamn",
    },
    TextField {
        field: Field::Email,
        label: |strings| strings.email,
        hint: Some(|strings| strings.email_hint),
        autocomplete: "email",
        input_type: "email",
        inputmode: Some("email"),
        optional: false,
        multiline: false,
        beside_next: false,
        heading: "E-post",
    },
    TextField {
        field: Field::PostalCode,
        label: |strings| strings.postal_code,
        hint: None,
        autocomplete: "postal-code",
        input_type: "text",
        inputmode: Some("numeric"),
        optional: true,
        multiline: false,
        beside_next: false,
        heading: "Postnummer",
    },
    TextField {
        field: Field::Comment,
        label: |strings| strings.comment,
        hint: None,
        autocomplete: "off",
        input_type: "text",
        inputmode: None,
        optional: true,
        multiline: true,
        beside_next: false,
        heading: "Kommentar",
    },
];

/// The box that lets the signer's name be listed publicly.
pub const PUBLIC: &str = "public";

impl TextField {
    /// Where `field` stands among the text fields, if it is one.
    pub fn index_of(field: &Field) -> Option<usize> {
        TEXT_FIELDS
            .iter()
            .position(|text_field| text_field.field == *field)
    }
}

/// The value of the field `name` in a posted form's `fields` (the page's form sent without
/// JavaScript, or the form data the widget reads from the page), the first if there are more.
pub fn form_field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// What the signer typed and ticked, as a form holds it: the text fields in `TEXT_FIELDS`'
/// order, the public box, and the ids of the consents ticked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Typed {
    /// Each text field's value, in `TEXT_FIELDS`' order.
    pub texts: [String; TEXT_FIELD_COUNT],
    /// The box that lets the name be shown among the signers.
    pub public: bool,
    /// The ids of the consents ticked.
    pub consents: Vec<String>,
}

impl Typed {
    /// What a posted form says, `value` giving each field's value by its name (a ticked box
    /// has one); of the consent boxes, only `definitions`' count.
    pub fn posted<'v>(
        value: impl Fn(&str) -> Option<&'v str>,
        definitions: &[ConsentDefinition],
    ) -> Self {
        Self {
            texts: TEXT_FIELDS.each_ref().map(|text_field| {
                value(text_field.field.name())
                    .unwrap_or_default()
                    .to_owned()
            }),
            public: value(PUBLIC).is_some(),
            consents: definitions
                .iter()
                .filter(|definition| value(&definition.id).is_some())
                .map(|definition| definition.id.clone())
                .collect(),
        }
    }

    /// What was typed in `field`; nothing for a field that is no text field.
    pub fn text(&self, field: &Field) -> &str {
        TextField::index_of(field).map_or("", |index| &self.texts[index])
    }

    /// The form's fields as `posted` reads them: name and value, a ticked box as "true".
    pub fn fields(&self) -> Vec<(&str, &str)> {
        let texts = TEXT_FIELDS
            .iter()
            .zip(&self.texts)
            .map(|(text_field, value)| (text_field.field.name(), value.as_str()));
        texts
            .chain(self.public.then_some((PUBLIC, "true")))
            .chain(self.consents.iter().map(|id| (id.as_str(), "true")))
            .collect()
    }

    /// The signature request of what was typed and ticked, the consents worded as
    /// `definitions`; nothing yet of how it was sent (the trap, the time, the proof).
    pub fn request(
        self,
        id: Uuid,
        definitions: &[ConsentDefinition],
        locale: Locale,
        source: SignatureSource,
    ) -> SignatureRequest {
        let consents = definitions
            .iter()
            .map(|definition| ConsentRecord {
                id: definition.id.clone(),
                text: definition.text.clone(),
                given: self.consents.contains(&definition.id),
            })
            .collect();
        let [first_name, last_name, email, postal_code, comment] = self.texts;
        SignatureRequest {
            id,
            first_name,
            last_name,
            email,
            postal_code,
            comment,
            public: self.public,
            consents,
            locale,
            source,
            website: String::new(),
            elapsed_ms: None,
            proof: None,
            replaces: None,
        }
    }
}

impl SignatureRequest {
    /// What was typed in each of the form's text fields, in `TEXT_FIELDS`' order.
    pub fn texts(&self) -> [&str; TEXT_FIELD_COUNT] {
        [
            &self.first_name,
            &self.last_name,
            &self.email,
            &self.postal_code,
            &self.comment,
        ]
        .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn consents() -> [ConsentDefinition; 2] {
        ["processing", "contact"].map(|id| ConsentDefinition {
            id: id.into(),
            required: id == "processing",
            text: format!("Jag samtycker ({id})"),
        })
    }

    #[test]
    fn a_posted_form_reads_back_as_the_fields_it_was_made_from() {
        let consents = consents();
        let posted = [
            ("first_name", "Anna"),
            ("email", "anna@example.se"),
            ("public", "true"),
            ("contact", "true"),
            ("unknown", "true"),
        ];
        let value = |name: &str| {
            posted
                .iter()
                .find(|(field, _)| *field == name)
                .map(|(_, value)| *value)
        };
        let typed = Typed::posted(value, &consents);
        assert_eq!(typed.text(&Field::Email), "anna@example.se");
        assert_eq!(typed.text(&Field::Source), "");
        assert_eq!(typed.consents, ["contact"]);
        let fields = typed.fields();
        let again = Typed::posted(
            |name| {
                fields
                    .iter()
                    .find(|(field, _)| *field == name)
                    .map(|(_, value)| *value)
            },
            &consents,
        );
        assert_eq!(again, typed);
    }

    #[test]
    fn a_request_filled_from_what_was_typed_gives_it_back_field_for_field() {
        let typed = Typed {
            texts: ["Anna", "Svensson", "anna@example.se", "123 45", "Hej"].map(String::from),
            public: true,
            consents: Vec::new(),
        };
        let consents = consents();
        let typed = Typed {
            consents: vec!["contact".into()],
            ..typed
        };
        let source = SignatureSource {
            url: "https://blog.example/".into(),
            referrer: None,
        };
        let request = typed
            .clone()
            .request(Uuid::from_u128(7), &consents, Locale::Sv, source);
        assert_eq!(request.texts().map(String::from), typed.texts);
        assert!(request.public);
        let given: Vec<_> = request
            .consents
            .iter()
            .map(|consent| (consent.id.as_str(), consent.text.as_str(), consent.given))
            .collect();
        assert_eq!(
            given,
            [
                ("processing", "Jag samtycker (processing)", false),
                ("contact", "Jag samtycker (contact)", true)
            ]
        );
    }

    #[test]
    fn every_text_field_is_named_once_and_found_by_its_name() {
        for (index, text_field) in TEXT_FIELDS.iter().enumerate() {
            assert_eq!(
                TextField::index_of(&Field::from_name(text_field.field.name())),
                Some(index)
            );
        }
        assert_eq!(TextField::index_of(&Field::from_name(PUBLIC)), None);
    }
}
