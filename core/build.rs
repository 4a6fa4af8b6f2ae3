//! The widget's stylesheet, minified (`upprop_core::style`): `style/widget.css` keeps its
//! comments for its readers, and neither the wasm nor the server's pages carry them.

use std::{env, fs, path::Path};

use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};

fn main() {
    let source = "../style/widget.css";
    println!("cargo::rerun-if-changed={source}");
    let css = fs::read_to_string(source).unwrap_or_else(|error| panic!("{source}: {error}"));
    let mut sheet = StyleSheet::parse(&css, ParserOptions::default())
        .unwrap_or_else(|error| panic!("{source}: {error}"));
    sheet
        .minify(MinifyOptions::default())
        .unwrap_or_else(|error| panic!("{source}: {error}"));
    let minified = sheet
        .to_css(PrinterOptions {
            minify: true,
            ..PrinterOptions::default()
        })
        .unwrap_or_else(|error| panic!("{source}: {error}"));
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("widget.css");
    fs::write(out, minified.code).expect("OUT_DIR is writable");
}
