//! Project chores that belong to no crate: `cargo xtask dist` (trunk's post-build hook),
//! `cargo xtask size` (the size report) and `forge` (the proof of work's cost to a forger).

mod bundle;
mod compress;
mod forge;
mod glue;
mod minify;
mod size;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dist") => bundle::finish(&staging_dir()),
        Some("size") => size::report(&dist_dir(args.get(1))),
        Some("forge") => forge::report(args.get(1).map_or("16", String::as_str)),
        _ => Err(
            "usage: cargo xtask dist        (trunk's post_build hook: writes embed.js, minifies, precompresses)\n       \
             cargo xtask size [DIST]   (transfer size of what embed.js pulls in)\n       \
             cargo run --release -p xtask -- forge [BITS]   (proofs of work one core finds per second)"
                .into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace `cargo xtask` runs in: found from the current folder, never from where this
/// binary was compiled, since a target folder shared between checkouts runs one binary for all.
fn workspace_root() -> PathBuf {
    let mut folder = std::env::current_dir().expect("a current folder");
    loop {
        let manifest = folder.join("Cargo.toml");
        if std::fs::read_to_string(&manifest).is_ok_and(|text| text.contains("[workspace]")) {
            return folder;
        }
        if !folder.pop() {
            return std::env::current_dir().expect("a current folder");
        }
    }
}

/// Where trunk stages the build before it replaces `dist/`.
fn staging_dir() -> PathBuf {
    std::env::var_os("TRUNK_STAGING_DIR")
        .map_or_else(|| workspace_root().join("dist"), PathBuf::from)
}

fn dist_dir(arg: Option<&String>) -> PathBuf {
    arg.map_or_else(|| workspace_root().join("dist"), PathBuf::from)
}
