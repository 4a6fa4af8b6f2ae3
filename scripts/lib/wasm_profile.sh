# Sourced by the benchmarks that build throwaway wasm crates beside the widget (bench/sha256.sh,
# bench/leptos-floor.sh), so that they are built as the widget is.

# wasm_release_profile: prints the widget's [profile.wasm-release] from the workspace's
# Cargo.toml as a standalone crate's [profile.release].
wasm_release_profile() {
  awk '
    /^\[/ { inside = ($0 == "[profile.wasm-release]") }
    inside && /^\[/ { print "[profile.release]"; next }
    inside && !/^inherits/ && NF { print }
  ' "$(dirname "${BASH_SOURCE[0]}")/../../Cargo.toml"
}
