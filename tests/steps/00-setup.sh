#!/usr/bin/env bash
# Toolchain pieces every later step needs (idempotent; fast when already present).
set -euo pipefail
rustup component add rustfmt clippy >/dev/null 2>&1 || true
rustup target add thumbv7em-none-eabihf >/dev/null
