//! Integration tests: the real server over HTTP, with a real database (SQLite and PostgreSQL)
//! and a real SMTP listener.

mod admin;
mod assets;
mod bots;
mod closing;
mod contract;
mod correction;
mod dashboard;
mod errors;
mod events;
mod faults;
mod helpers;
mod landing;
mod outbox;
mod petition;
mod process;
mod proof;
mod signers;
mod signing;
mod slow_clients;
