//! What the upprop widget and server must agree on: the appeal's content, the wire format of a
//! signature, and the rules that decide whether a signature is acceptable. Both sides call the
//! same `SignatureRequest::validate`, so the browser refuses exactly what the server would.

pub mod api;
pub mod content;
pub mod fields;
pub mod form;
pub mod i18n;
pub mod locale;
pub mod mail_domain;
pub mod manifestation;
pub mod markup;
pub mod progress;
pub mod proof;
pub mod share;
pub mod signature;
pub mod source;
pub mod style;
pub mod wire;

pub use api::{
    ApiError, ApiErrorBody, PetitionSummary, SignatureAccepted, SignatureCounts, SignatureStatus,
};
pub use content::{ConsentDefinition, Petition, PetitionText};
pub use fields::{Comment, Email, FieldError, PersonName, PostalCode};
pub use locale::Locale;
pub use progress::{format_count, goal_for};
pub use signature::{
    ConsentRecord, Field, FieldViolation, SignatureRequest, SignatureSource, ValidSignature,
};
pub use source::RecordedSource;
