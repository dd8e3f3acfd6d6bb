#!/usr/bin/env bash
# The core crate: format, lints (warnings are errors), tests with both crypto providers,
# the bare-metal build, the feature-graph check, docs, and the README's example.
set -euo pipefail
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p oxidc -p oxidc-conformance --all-targets --features ring -- -D warnings
# Default features plus ring: every test runs with both providers (RustCrypto and ring).
cargo test -p oxidc -p oxidc-conformance --features ring
# The ring-only build (no RustCrypto at all) must compile and lint cleanly too.
cargo clippy -p oxidc --no-default-features --features ring -- -D warnings
# Bare metal: the core builds for a Cortex-M4 with no allocator in the graph. The core has no
# dev-dependencies, so the full feature graph (all edge kinds) must be free of alloc and std.
cargo build -p oxidc --target thumbv7em-none-eabihf
if cargo tree -p oxidc -e features --target thumbv7em-none-eabihf | grep -E '"(alloc|std)"'; then
    echo "the core's bare-metal feature graph enables alloc or std" >&2
    exit 1
fi
RUSTDOCFLAGS="-D warnings" cargo doc -q -p oxidc --no-deps --features ring
cargo run -q -p oxidc --example idpyoidc_tokens >/dev/null
