#!/usr/bin/env bash
# Makes target/bench-venv with every peer and a release wheel of oxidc, then runs compare.py
# and the idpyoidc token-endpoint comparison. Not part of ./tests/run (release build, minutes).
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=target/bench-venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q maturin==1.16.0 idpyoidc==5.0.0 cryptojwt==1.11.0 PyJWT joserfc jwcrypto authlib oxyjwt pyjwt-rs
(cd bindings/python && PYO3_PYTHON="$PWD/../../$VENV/bin/python" "../../$VENV/bin/maturin" build --release -q -o ../../target/wheels-bench)
"$VENV/bin/pip" install -q --force-reinstall --no-deps target/wheels-bench/oxidc-*.whl
"$VENV/bin/python" benches/python/compare.py
"$VENV/bin/python" benches/python/token_endpoint.py
