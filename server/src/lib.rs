//! The reference endpoint for the upprop widget: stores signatures, confirms them by e-mail,
//! counts them and hands them over to the organiser. See ARCHITECTURE.md for the map.

mod api_error;
mod chart;
mod check;
mod config;
mod content;
mod counts;
mod dashboard;
mod dkim;
mod figures;
mod fresh;
mod handover;
mod landing;
mod mail;
mod openapi;
mod organizers;
mod outbox;
mod pages;
mod public_signers;
mod reload;
mod routes;
mod share_image;
mod signing;
mod single_flight;
mod startup;
mod store;
pub mod telemetry;
#[cfg(any(test, feature = "test-support"))]
pub mod test_database;
mod tokens;

pub use check::check_config;
pub use config::{Command, Config};
pub use reload::import;
pub use startup::Application;
