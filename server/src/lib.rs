//! The reference endpoint for the upprop widget: stores signatures, confirms them by e-mail,
//! counts them and hands them over to the organiser. See ARCHITECTURE.md for the map.

mod api_error;
mod config;
mod dashboard;
mod mail;
mod openapi;
mod pages;
mod petitions;
mod routes;
mod signing;
mod startup;
mod state;
mod store;
pub mod telemetry;
#[cfg(any(test, feature = "test-support"))]
pub use store::test_database;

pub use config::check::check_config;
pub use config::{Command, Config};
pub use petitions::reload::import;
pub use startup::Application;
