#!/usr/bin/env bash
# C benchmark: oxidc's C API against Debian's libjwt (libjwt-dev), same process, same
# idpyoidc-shaped access token. Release build with LTO in its own target dir (outside the
# test path). Prints µs/op and the ratios against the targets (HS256 verify+validate ≥ 8×,
# ES256 verify ≥ 5×, ES256 mint ≥ 10×); exits non-zero if a ratio is below its target.
# Usage: benches/c/run.sh [iterations]   (default 20000; ES256 runs use fewer)
# benches/run sets OXIDC_BENCH_MODE (tiny|quick|full) and OXIDC_BENCH_JSON (results file); tiny
# mode links the debug liboxidc the ffi test step built (seconds, numbers meaningless).
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${OXIDC_BENCH_MODE:-quick}
case "$mode" in
    tiny) def_iters=400 rounds=4 ;;
    full) def_iters=200000 rounds=40 ;;
    *) def_iters=20000 rounds=10 ;;
esac
iters=${1:-$def_iters}
if ! dpkg -s libjwt-dev >/dev/null 2>&1 || ! command -v openssl >/dev/null; then
    apt-get update -qq && apt-get install -y -qq libjwt-dev openssl pkg-config >/dev/null
fi
out=target/bench-c
mkdir -p "$out"
if [ "$mode" = tiny ]; then
    cargo build -q -p oxidc-ffi
    lib=target/debug/liboxidc.a build="debug (tiny mode)"
else
    CARGO_PROFILE_RELEASE_LTO=true CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 \
        cargo build -q --release -p oxidc-ffi --target-dir "$out/cargo"
    lib=$out/cargo/release/liboxidc.a build="ring, release+LTO"
fi
python3 benches/c/make_keys.py "$out/keys"
# shellcheck disable=SC2046 # word splitting of pkg-config output is the point
gcc -O2 -std=c11 -Wall -Wextra -Werror -pedantic -Iinclude benches/c/bench.c \
    "$lib" $(pkg-config --cflags --libs libjwt) \
    -lpthread -ldl -lm -lrt -lutil -o "$out/bench"
libjwt=$(dpkg-query -W -f='${Version}' libjwt-dev)
echo "libjwt $libjwt, oxidc $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1) ($build)"
status=0
"$out/bench" "$out/keys" "$iters" "$rounds" ${OXIDC_BENCH_JSON:+"$OXIDC_BENCH_JSON"} || status=$?
if [ -n "${OXIDC_BENCH_JSON:-}" ] && [ -s "$OXIDC_BENCH_JSON" ]; then
    python3 - "$OXIDC_BENCH_JSON" "$libjwt" "$build" "$iters" "$rounds" <<'PY'
import json, sys
path, libjwt, build, iters, rounds = sys.argv[1:]
d = json.load(open(path))
d["versions"] = {"libjwt (Debian libjwt-dev)": libjwt}
d["command"] = f"benches/c/run.sh {iters}"
d["notes"] = [
    f"liboxidc ({build}) and libjwt in one C process (benches/c/bench.c), {rounds} alternating "
    "rounds; samples are process CPU time per operation. Each library is used as a C service "
    "would: oxidc with key set, validator and token holder built once; libjwt with "
    "jwt_decode()/jwt_encode_str() and its PEM/raw key, exp/iss/aud checked with jwt_get_grant*().",
]
json.dump(d, open(path, "w"), indent=1)
PY
fi
exit $status
