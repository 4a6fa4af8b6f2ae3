//! The wasm-bindgen glue, cut down to the wasm it loads. wasm-opt removes exports nothing here
//! uses (index.html: server_fn's stream classes, which leptos always builds), but the glue,
//! written before wasm-opt ran, still holds a class for each, constructs a
//! `FinalizationRegistry` for it as it loads, and supplies every import the wasm had then.
//! What refers to the wasm's missing exports, and the imports it no longer takes, are removed
//! here; terser then drops the helpers only they used.

use std::collections::HashSet;

use wasmparser::{Parser, Payload};

/// What the wasm exports and what it imports, by name.
pub struct Interface {
    exports: HashSet<String>,
    imports: HashSet<String>,
}

impl Interface {
    pub fn of(wasm: &[u8]) -> Result<Self, String> {
        let (mut exports, mut imports) = (HashSet::new(), HashSet::new());
        let unreadable = |e: wasmparser::BinaryReaderError| format!("unreadable wasm: {e}");
        for payload in Parser::new(0).parse_all(wasm) {
            match payload.map_err(unreadable)? {
                Payload::ExportSection(section) => {
                    for export in section {
                        exports.insert(export.map_err(unreadable)?.name.to_owned());
                    }
                }
                Payload::ImportSection(section) => {
                    for import in section.into_imports() {
                        imports.insert(import.map_err(unreadable)?.name.to_owned());
                    }
                }
                _ => {}
            }
        }
        Ok(Self { exports, imports })
    }
}

/// `glue` without the classes whose wasm functions are gone and without the imports the wasm
/// does not take. Fails if what remains still calls a function the wasm does not export: the
/// glue's layout has changed (a new wasm-bindgen) and this needs a look.
pub fn prune(glue: &str, wasm: &Interface) -> Result<String, String> {
    let mut lines: Vec<&str> = glue.lines().collect();
    let mut dropped_classes = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let Some(class) = class_name(lines[index]) else {
            index += 1;
            continue;
        };
        let end = block_end(&lines, index, |line| line == "}")?;
        let body = lines[index..=end].join("\n");
        if wasm_calls(&body).all(|name| wasm.exports.contains(name)) {
            index = end + 1;
            continue;
        }
        let dispose = format!("if (Symbol.dispose) {class}.prototype");
        let through = if lines
            .get(end + 1)
            .is_some_and(|line| line.starts_with(&dispose))
        {
            end + 1
        } else {
            end
        };
        lines.drain(index..=through);
        dropped_classes.push(class.to_owned());
    }
    for class in &dropped_classes {
        let registry = format!("const {class}Finalization = ");
        if let Some(start) = lines.iter().position(|line| line.starts_with(&registry)) {
            let end = (start..lines.len())
                .find(|&at| lines[at].ends_with(';'))
                .ok_or_else(|| format!("{class}Finalization does not end"))?;
            lines.drain(start..=end);
        }
    }
    let mut index = 0;
    while index < lines.len() {
        match import_name(lines[index]) {
            Some(name) if !wasm.imports.contains(name) => {
                let end = block_end(&lines, index, |line| {
                    line == "        }," || line.starts_with("        }, arguments")
                })?;
                lines.drain(index..=end);
            }
            _ => index += 1,
        }
    }
    let pruned = lines.join("\n") + "\n";
    if let Some(missing) = wasm_calls(&pruned).find(|name| !wasm.exports.contains(*name)) {
        return Err(format!(
            "the glue still calls wasm.{missing}, which the wasm does not export"
        ));
    }
    Ok(pruned)
}

fn class_name(line: &str) -> Option<&str> {
    line.strip_prefix("export class ")?.strip_suffix(" {")
}

/// An entry of the import object: `        __wbg_name_hash: function(…) {`, one level in.
fn import_name(line: &str) -> Option<&str> {
    let entry = line.strip_prefix("        ")?;
    let (name, rest) = entry.split_once(": function")?;
    (name.starts_with("__wbg") && !rest.ends_with("},")).then_some(name)
}

/// The first line after `start` that closes the block opened there.
fn block_end(lines: &[&str], start: usize, closes: impl Fn(&str) -> bool) -> Result<usize, String> {
    (start + 1..lines.len())
        .find(|&at| closes(lines[at]))
        .ok_or_else(|| {
            format!(
                "no end to the block at line {}: {}",
                start + 1,
                lines[start]
            )
        })
}

/// The names of the wasm's functions that `js` calls or reads: `wasm.name`.
fn wasm_calls(js: &str) -> impl Iterator<Item = &str> {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    js.match_indices("wasm.").filter_map(move |(at, _)| {
        if js[..at].ends_with(is_name) {
            return None;
        }
        let rest = &js[at + "wasm.".len()..];
        let end = rest.find(|c: char| !is_name(c)).unwrap_or(rest.len());
        (end > 0).then_some(&rest[..end])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The glue's shape as wasm-bindgen 0.2.130 writes it, one of each kind of item.
    const GLUE: &str = r#"export class Stream {
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_stream_free(ptr, 0);
    }
    pull(controller) {
        const ret = wasm.stream_pull(this.__wbg_ptr, controller);
        return ret;
    }
}
if (Symbol.dispose) Stream.prototype[Symbol.dispose] = Stream.prototype.free;

export function mount(host, answer) {
    const ret = wasm.mount(host, answer);
    return ret;
}
function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        __wbg_focus_1: function() { return handleError(function (arg0) {
            arg0.focus();
        }, arguments); },
        __wbg_createElementNS_2: function() { return handleError(function (arg0, arg1) {
            const ret = arg0.createElementNS(arg1);
            return ret;
        }, arguments); },
        __wbg_close_3: function(arg0) {
            arg0.close();
        },
    };
    return { __proto__: null, "./upprop_bg.js": import0 };
}
const StreamFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_stream_free(ptr, 1));
let cachedwasm = null;
"#;

    fn wasm(exports: &[&str], imports: &[&str]) -> Interface {
        let names = |list: &[&str]| list.iter().map(|name| name.to_string()).collect();
        Interface {
            exports: names(exports),
            imports: names(imports),
        }
    }

    #[test]
    fn a_class_whose_functions_the_wasm_lost_goes_with_its_registry() {
        let pruned = prune(GLUE, &wasm(&["mount"], &["__wbg_focus_1", "__wbg_close_3"])).unwrap();
        assert!(!pruned.contains("Stream"), "{pruned}");
        assert!(
            pruned
                .trim_start()
                .starts_with("export function mount(host, answer) {"),
            "{pruned}"
        );
        assert!(pruned.contains("let cachedwasm = null;"));
    }

    #[test]
    fn an_import_the_wasm_no_longer_takes_goes_and_the_others_stay() {
        let pruned = prune(GLUE, &wasm(&["mount"], &["__wbg_focus_1", "__wbg_close_3"])).unwrap();
        assert!(!pruned.contains("createElementNS"), "{pruned}");
        assert!(pruned.contains("        __wbg_focus_1: function() { return handleError(function (arg0) {\n            arg0.focus();\n        }, arguments); },"));
        assert!(pruned.contains(
            "        __wbg_close_3: function(arg0) {\n            arg0.close();\n        },\n    };"
        ));
    }

    #[test]
    fn what_the_wasm_still_has_is_kept_whole() {
        let everything = wasm(
            &["mount", "__wbg_stream_free", "stream_pull"],
            &["__wbg_focus_1", "__wbg_createElementNS_2", "__wbg_close_3"],
        );
        assert_eq!(prune(GLUE, &everything).unwrap(), GLUE);
    }

    #[test]
    fn a_call_left_to_a_missing_export_fails_the_build() {
        let error = prune(GLUE, &wasm(&["__wbg_stream_free", "stream_pull"], &[])).unwrap_err();
        assert!(error.contains("wasm.mount"), "{error}");
    }
}
