#!/usr/bin/env bash
# The `oxidc` command line: its integration tests (they run the binary) and the README's demo,
# both in a debug build (the README's own command uses --release; that is not needed here).
set -euo pipefail
cargo test -p oxidc-cli
cargo run -q -p oxidc-cli -- demo --color never >/dev/null
