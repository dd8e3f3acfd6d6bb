#!/usr/bin/env bash
# The Python package `oxidc` (bindings/python): lints of the pyo3 crate, a venv under target/
# with the pinned peers (idpyoidc, cryptojwt, PyJWT), the package built and installed in it
# (maturin, the `pytest` cargo profile: optimised, no LTO), its pytest suite (the shared vector
# corpus, API, errors, threads, leak, the idpyoidc adapter) and mypy.stubtest. Idempotent.
set -euo pipefail
ROOT=$(pwd)
VENV="$ROOT/target/py-venv"
PY=${OXIDC_PYTHON:-python3}

if ! "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq python3-venv python3-dev >/dev/null
fi
if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
fi
REQS="$ROOT/bindings/python/tests/requirements.txt"
STAMP="$VENV/.oxidc-reqs"
if ! cmp -s "$REQS" "$STAMP"; then
    "$VENV/bin/pip" install -q --upgrade pip
    "$VENV/bin/pip" install -q -r "$REQS"
    cp "$REQS" "$STAMP"
fi
export VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH" PYO3_PYTHON="$VENV/bin/python"

cargo fmt -p oxidc-python -- --check
cargo clippy -p oxidc-python --all-targets -- -D warnings
(cd bindings/python && maturin develop -q --profile pytest)
(cd bindings/python && python -m pytest -q -p no:cacheprovider tests)
(cd /tmp && python -m mypy.stubtest oxidc)
