#!/usr/bin/env bash
# C benchmark: oxidc's C API against Debian's libjwt (libjwt-dev), same process, same
# idpyoidc-shaped access token. Release build with LTO in its own target dir (outside the
# test path). Prints µs/op and the ratios against the targets (HS256 verify+validate ≥ 8×,
# ES256 verify ≥ 5×, ES256 mint ≥ 10×); exits non-zero if a ratio is below its target.
# Usage: benches/c/run.sh [iterations]   (default 20000; ES256 runs use fewer)
set -euo pipefail
cd "$(dirname "$0")/../.."
iters=${1:-20000}
if ! dpkg -s libjwt-dev >/dev/null 2>&1 || ! command -v openssl >/dev/null; then
    apt-get update -qq && apt-get install -y -qq libjwt-dev openssl pkg-config >/dev/null
fi
out=target/bench-c
mkdir -p "$out"
CARGO_PROFILE_RELEASE_LTO=true CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 \
    cargo build -q --release -p oxidc-ffi --target-dir "$out/cargo"
python3 benches/c/make_keys.py "$out/keys"
# shellcheck disable=SC2046 # word splitting of pkg-config output is the point
gcc -O2 -std=c11 -Wall -Wextra -Werror -pedantic -Iinclude benches/c/bench.c \
    "$out/cargo/release/liboxidc.a" $(pkg-config --cflags --libs libjwt) \
    -lpthread -ldl -lm -lrt -lutil -o "$out/bench"
echo "libjwt $(dpkg-query -W -f='${Version}' libjwt-dev), oxidc $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1) (ring, release+LTO)"
"$out/bench" "$out/keys" "$iters"
