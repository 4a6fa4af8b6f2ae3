#!/usr/bin/env bash
# What leptos itself costs, against the 60 KB budget of issue 8: builds two throwaway leptos CSR
# crates beside the widget, with the widget's versions (its Cargo.lock), profile and wasm-opt
# settings, and prints the brotli bytes of each one's wasm and (unminified) JS glue:
#   leptos, mounting nothing       the framework's floor: runtime, renderer, std, allocator
#   leptos, a bare signing form    three fields, a consent box, a button that POSTs the JSON,
#                                  an error and a thanks: what "a form in leptos" costs
#   the same form, hydrated        leptos's `hydrate` feature and `hydrate_body` instead of
#                                  `csr` and `mount_to_body`: what adopting a server's leptos
#                                  rendering costs the bundle over building the view (issue 25)
#   the widget                     this repository's, built the same way
# `cargo xtask size` measures the shipped bundle (glue minified, embed.js and CSS added); this
# compares like with like. Takes a few minutes.
# Usage: bench/leptos-floor.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d /tmp/upprop-leptos-floor.XXXXXX)
trap 'rm -rf "$work"' EXIT
source scripts/lib/wasm_profile.sh

scripts/setup.sh build >&2
command -v brotli >/dev/null || { apt-get update -qq && apt-get install -y -qq brotli >/dev/null; }
target=${CARGO_TARGET_DIR:-$root/target}
chosen=$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' index.html)

# measure NAME WASM: wasm-bindgen and wasm-opt as trunk runs them, then one table row.
measure() {
  local out="$work/out-$1"
  wasm-bindgen --target web --out-dir "$out" --out-name app "$2"
  # shellcheck disable=SC2086 # $chosen is a list of flags
  wasm-opt --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --strip-debug --strip-producers -Oz $chosen \
    "$out/app_bg.wasm" -o "$out/app.wasm"
  local wasm glue
  wasm=$(brotli -c -q 11 "$out/app.wasm" | wc -c)
  glue=$(brotli -c -q 11 "$out/app.js" | wc -c)
  printf '%-34s %10s %10s %10s\n' "$1" "$wasm" "$glue" "$((wasm + glue))"
}

# crate NAME BODY [FEATURE]: a leptos crate (FEATURE: csr unless given) whose lib.rs is BODY,
# built as the widget is built.
crate() {
  local dir="$work/$1" feature=${3:-csr}
  mkdir -p "$dir/src"
  cp Cargo.lock "$dir/"
  printf '%s\n' "$2" >"$dir/src/lib.rs"
  cat >"$dir/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.1.0"
edition = "2024"

[lib]
crate-type = ["cdylib"]

[dependencies]
$(grep -E '^(leptos|wasm-bindgen|wasm-bindgen-futures|js-sys) ' Cargo.toml | sed "s/\"csr\"/\"$feature\"/")
web-sys = { version = "0.3", features = ["RequestInit", "Response", "SubmitEvent", "Window"] }

$(wasm_release_profile)

[workspace]
TOML
  cargo build --quiet --offline --release --target wasm32-unknown-unknown \
    --manifest-path "$dir/Cargo.toml" --target-dir "$target/leptos-floor"
}

crate mounting_nothing '
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    leptos::mount::mount_to_body(|| ());
}'

bare_form='
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

#[component]
fn Field(name: &'"'"'static str, label: &'"'"'static str, value: RwSignal<String>) -> impl IntoView {
    view! {
        <label>
            {label}
            <input name=name prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e)) />
        </label>
    }
}

async fn post(body: String) -> bool {
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&body));
    let sent = web_sys::window().unwrap().fetch_with_str_and_init("/api/v1/signatures", &init);
    match wasm_bindgen_futures::JsFuture::from(sent).await {
        Ok(response) => response.unchecked_into::<web_sys::Response>().ok(),
        Err(_) => false,
    }
}

#[component]
fn Form() -> impl IntoView {
    let (first, last, email) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let consent = RwSignal::new(false);
    let signed = RwSignal::new(false);
    let error = RwSignal::new(None::<&'"'"'static str>);
    let on_submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if !email.get_untracked().contains('"'"'@'"'"') || !consent.get_untracked() {
            error.set(Some("Fyll i e-post och samtycke"));
            return;
        }
        let body = js_sys::JSON::stringify(&js_sys::Array::of3(
            &first.get_untracked().into(), &last.get_untracked().into(), &email.get_untracked().into(),
        )).map(String::from).unwrap_or_default();
        leptos::task::spawn_local(async move {
            if post(body).await { signed.set(true) } else { error.set(Some("Det gick inte att skicka")) }
        });
    };
    view! {
        <form on:submit=on_submit hidden=move || signed.get()>
            <Field name="first_name" label="Förnamn" value=first />
            <Field name="last_name" label="Efternamn" value=last />
            <Field name="email" label="E-post" value=email />
            <label>
                <input type="checkbox" on:change=move |e| consent.set(event_target_checked(&e)) />
                "Jag samtycker"
            </label>
            {move || error.get().map(|message| view! { <p role="alert">{message}</p> })}
            <button type="submit">"Skriv under"</button>
        </form>
        <p hidden=move || !signed.get()>"Tack!"</p>
    }
}'
crate bare_form "$bare_form
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    leptos::mount::mount_to_body(Form);
}"
crate bare_form_hydrated "$bare_form
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    leptos::mount::hydrate_body(Form);
}" hydrate

cargo build --quiet --profile wasm-release --target wasm32-unknown-unknown --package upprop

printf '%-34s %10s %10s %10s\n' "brotli bytes" "wasm" "JS glue" "together"
measure "leptos, mounting nothing" "$target/leptos-floor/wasm32-unknown-unknown/release/mounting_nothing.wasm"
measure "leptos, a bare signing form" "$target/leptos-floor/wasm32-unknown-unknown/release/bare_form.wasm"
measure "the same form, hydrated" "$target/leptos-floor/wasm32-unknown-unknown/release/bare_form_hydrated.wasm"
measure "the widget" "$target/wasm32-unknown-unknown/wasm-release/upprop.wasm"
echo "(wasm-opt -Oz $chosen, as index.html; glue as wasm-bindgen writes it, before xtask minifies it)"
