#!/usr/bin/env bash
# Makes target/bench-venv with every peer and a release wheel of oxidc, then runs compare.py
# and the idpyoidc token-endpoint comparison. pyjwt-rs gets a venv of its own
# (target/bench-venv-pyjwt-rs): it installs a `jwt` package over PyJWT's, and PyPI has only its
# sdist for some platforms (built here with cargo and the system OpenSSL). Not part of
# ./tests/run (release build, minutes).
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=target/bench-venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q maturin==1.16.0 idpyoidc==5.0.0 cryptojwt==1.11.0 PyJWT joserfc jwcrypto authlib oxyjwt
(cd bindings/python && PYO3_PYTHON="$PWD/../../$VENV/bin/python" "../../$VENV/bin/maturin" build --release -q -o ../../target/wheels-bench)
"$VENV/bin/pip" install -q --force-reinstall --no-deps target/wheels-bench/oxidc-*.whl
"$VENV/bin/python" benches/python/compare.py
"$VENV/bin/python" benches/python/token_endpoint.py
RS=target/bench-venv-pyjwt-rs
[ -x "$RS/bin/python" ] || python3 -m venv "$RS"
if "$RS/bin/pip" install -q pyjwt-rs; then
    "$RS/bin/pip" install -q --force-reinstall --no-deps target/wheels-bench/oxidc-*.whl
    echo; echo "# pyjwt-rs (own venv: its \`jwt\` shim replaces PyJWT)"
    "$RS/bin/python" benches/python/compare.py
else
    echo "# pyjwt-rs: could not be installed (see pip's output above); not compared"
fi
