//! Minifies the JavaScript that `embed.js` loads, with terser (installed by
//! `scripts/setup.sh`): trunk's own minifier fails on the wasm-bindgen glue, which would
//! otherwise ship with its comments and long names.

use std::path::Path;
use std::process::Command;

/// How the file is loaded: the glue is an ES module, `embed.js` a classic script.
#[derive(Clone, Copy)]
pub enum Kind {
    Module,
    Script,
}

/// Minifies `path` in place.
pub fn minify(path: &Path, kind: Kind) -> Result<(), String> {
    let mut terser = Command::new("terser");
    terser
        .arg(path)
        .args(["--compress", "--mangle", "--output"])
        .arg(path);
    if let Kind::Module = kind {
        terser.arg("--module");
    }
    let status = terser
        .status()
        .map_err(|e| format!("cannot run terser ({e}): scripts/setup.sh build installs it"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("terser could not minify {}", path.display()))
    }
}
