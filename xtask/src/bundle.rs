//! The bundle trunk builds: a hashed wasm-bindgen module and its wasm, plus `embed.js`, which
//! names them.

use std::fs;
use std::path::{Path, PathBuf};

use upprop_core::form::TEXT_FIELDS;
use upprop_core::markup::names;

use crate::glue::{Interface, prune};
use crate::minify::{Kind, minify};

const TEMPLATE: &str = include_str!("../../src/embed.js");
const BUNDLE_PLACEHOLDER: &str = "__UPPROP_BUNDLE__";
const WASM_PLACEHOLDER: &str = "__UPPROP_WASM__";
pub const EMBED_SCRIPT: &str = "embed.js";

/// The files `embed.js` pulls in, by name within the dist folder.
pub struct Bundle {
    pub module: String,
    pub wasm: String,
}

impl Bundle {
    /// Finds the one `upprop-<hash>_bg.wasm` in `dir` and its `upprop-<hash>.js`.
    pub fn find(dir: &Path) -> Result<Self, String> {
        let entries =
            fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let wasm_files: Vec<String> = entries
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| name.starts_with("upprop-") && name.ends_with("_bg.wasm"))
            .collect();
        let [wasm] = wasm_files.as_slice() else {
            return Err(format!(
                "expected one upprop-<hash>_bg.wasm in {}, found {wasm_files:?}: run `trunk build --release`",
                dir.display()
            ));
        };
        let module = format!("{}.js", wasm.trim_end_matches("_bg.wasm"));
        if !dir.join(&module).is_file() {
            return Err(format!(
                "{module} is missing beside {wasm} in {}",
                dir.display()
            ));
        }
        Ok(Self {
            module,
            wasm: wasm.clone(),
        })
    }

    pub fn files(&self) -> [&str; 3] {
        [EMBED_SCRIPT, &self.module, &self.wasm]
    }
}

/// Completes trunk's build in `dir`: writes `embed.js`, cuts the module down to the optimised
/// wasm (`glue`), minifies it and `embed.js`, then
/// writes brotli and gzip copies of every file for servers that send precompressed files.
pub fn finish(dir: &Path) -> Result<(), String> {
    let bundle = Bundle::find(dir)?;
    write_embed_script(dir, &bundle)?;
    drop_build_directives(&dir.join("index.html"))?;
    prune_glue(dir, &bundle)?;
    minify(&dir.join(EMBED_SCRIPT), Kind::Script)?;
    minify(&dir.join(&bundle.module), Kind::Module)?;
    crate::compress::precompress_all(dir)
}

fn prune_glue(dir: &Path, bundle: &Bundle) -> Result<(), String> {
    let read = |name: &str| {
        let path = dir.join(name);
        fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let wasm = Interface::of(&read(&bundle.wasm)?)?;
    let glue = String::from_utf8(read(&bundle.module)?)
        .map_err(|_| format!("{} is not UTF-8", bundle.module))?;
    let path = dir.join(&bundle.module);
    fs::write(&path, prune(&glue, &wasm)?)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Trunk leaves the demo page's `<link data-trunk rel="rust">` in place when it injects no
/// script: a link without an address, which no browser needs and HTML checkers report.
fn drop_build_directives(page: &Path) -> Result<(), String> {
    let html =
        fs::read_to_string(page).map_err(|e| format!("cannot read {}: {e}", page.display()))?;
    fs::write(page, without_build_directives(&html))
        .map_err(|e| format!("cannot write {}: {e}", page.display()))
}

fn without_build_directives(html: &str) -> String {
    let mut kept = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<link") {
        let end = rest[start..]
            .find('>')
            .map_or(rest.len(), |at| start + at + 1);
        kept.push_str(&rest[..start]);
        let tag = &rest[start..end];
        if !tag.contains("data-trunk") {
            kept.push_str(tag);
        }
        rest = &rest[end..];
    }
    kept.push_str(rest);
    kept
}

/// The names of the widget's markup that `embed.js` uses, from `core`, where the markup is
/// written: each is written once.
fn markup_names() -> [(&'static str, String); 4] {
    [
        ("__UPPROP_EXPANDED__", names::EXPANDED.to_owned()),
        ("__UPPROP_SHOW_ALL__", names::SHOW_ALL.to_owned()),
        ("__UPPROP_JUMP__", names::JUMP.to_owned()),
        (
            "__UPPROP_FIRST_FIELD__",
            TEXT_FIELDS[0].field.name().to_owned(),
        ),
    ]
}

fn write_embed_script(dir: &Path, bundle: &Bundle) -> Result<(), String> {
    let script = markup_names().into_iter().fold(
        TEMPLATE
            .replace(BUNDLE_PLACEHOLDER, &bundle.module)
            .replace(WASM_PLACEHOLDER, &bundle.wasm),
        |script, (placeholder, name)| script.replace(placeholder, &name),
    );
    let path: PathBuf = dir.join(EMBED_SCRIPT);
    fs::write(&path, script).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embed_script_names_the_hashed_bundle() {
        let dir = std::env::temp_dir().join(format!("upprop-xtask-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("upprop-abc123_bg.wasm"), b"\0asm").unwrap();
        fs::write(dir.join("upprop-abc123.js"), b"export default 1").unwrap();

        write_embed_script(&dir, &Bundle::find(&dir).unwrap()).unwrap();
        let script = fs::read_to_string(dir.join(EMBED_SCRIPT)).unwrap();
        assert!(script.contains(r#"new URL("upprop-abc123.js", base)"#));
        assert!(script.contains(r#"new URL("upprop-abc123_bg.wasm", base)"#));
        assert!(!script.contains("__UPPROP_"));
        assert!(script.contains(r#"querySelector(".show-all")"#));
        assert!(script.contains(r#"[name="first_name"]"#));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_demo_page_keeps_its_links_but_not_trunks_directives() {
        let page = r#"<title>t</title><link data-cargo-profile-release=wasm-release data-trunk data-trunk-id=0 rel=rust><link href="/p/x/widget" as=fetch crossorigin rel=preload><style>a{}</style>"#;
        assert_eq!(
            without_build_directives(page),
            r#"<title>t</title><link href="/p/x/widget" as=fetch crossorigin rel=preload><style>a{}</style>"#
        );
    }

    #[test]
    fn a_missing_build_is_reported_not_guessed() {
        let dir = std::env::temp_dir().join(format!("upprop-xtask-empty-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let error = Bundle::find(&dir).err().unwrap();
        assert!(
            error.contains("expected one upprop-<hash>_bg.wasm"),
            "{error}"
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
