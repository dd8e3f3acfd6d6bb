#!/usr/bin/env bash
# Makes target/bench-venv with every peer and a release wheel of oxidc, then runs compare.py
# and the idpyoidc token-endpoint comparison. Not part of ./tests/run (release build, minutes);
# benches/run calls it (OXIDC_BENCH_JSON, OXIDC_BENCH_MODE) and renders the results.
# OXIDC_BENCH_VENV=path uses an existing venv that already has oxidc and idpyoidc (benches/run
# --tiny uses the test step's target/py-venv) and installs nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -n "${OXIDC_BENCH_VENV:-}" ]; then
    PY=$OXIDC_BENCH_VENV/bin/python
else
    VENV=target/bench-venv
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check maturin==1.16.0 idpyoidc==5.0.0 cryptojwt==1.11.0 \
        PyJWT joserfc jwcrypto authlib oxyjwt
    # pyjwt-rs (import name jwt_rs) may have only an sdist on some platforms: if it cannot be
    # installed, compare.py names it as left out. (compare.py also refuses a `jwt` module that is
    # pyjwt-rs's shim rather than PyJWT.)
    "$VENV/bin/pip" install -q --disable-pip-version-check pyjwt-rs || echo "pyjwt-rs: could not be installed" >&2
    (cd bindings/python && PYO3_PYTHON="$PWD/../../$VENV/bin/python" "../../$VENV/bin/maturin" build --release -q -o ../../target/wheels-bench)
    "$VENV/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps \
        "$(ls -t target/wheels-bench/oxidc-*.whl | head -1)"
    PY=$VENV/bin/python
fi
"$PY" benches/python/compare.py
"$PY" benches/python/token_endpoint.py
