"""One million verify/parse calls through the Python binding, valid and invalid inputs mixed:
after a warm-up the resident set grows by less than 1 MiB (issue 11).

Run by tests/steps/70-fuzz.sh in the venv of tests/steps/40-python.sh:
    target/py-venv/bin/python -m pytest -q tests/hardening/test_python_rss.py
OXIDC_RSS_CALLS overrides the number of calls (default 1 000 000).
"""

import gc
import json
import os
import time

import pytest

import oxidc


def rss_kib():
    with open(f"/proc/{os.getpid()}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    pytest.skip("no /proc")


def test_million_calls_keep_rss_stable():
    calls = int(os.environ.get("OXIDC_RSS_CALLS", "1000000"))
    hs = oxidc.SigningKey.generate("HS256")
    ec = oxidc.SigningKey.generate("ES256")
    keys = oxidc.KeySet([oxidc.Jwk(hs.private_jwk()), oxidc.Jwk(ec.public_jwk())])
    val = oxidc.Validator(keys, issuer="https://op.example", audience="client-1")
    now = int(time.time())
    claims = {"iss": "https://op.example", "aud": ["client-1"], "sub": "alice", "exp": now + 600}
    good = oxidc.mint(claims, hs)
    good_ec = oxidc.mint(claims, ec)
    expired = oxidc.mint(dict(claims, exp=now - 100), hs)
    wrong_aud = oxidc.mint(dict(claims, aud="evil"), hs)
    h, p, s = good.split(".")
    bad_sig = f"{h}.{p}.{s[:-2]}AA"
    alg_none = "eyJhbGciOiJub25lIn0." + p + "."
    garbage = "x" * 1024
    too_large = "a." + "b" * 20000 + ".c"
    form_ok = "grant_type=authorization_code&code=abc&redirect_uri=https%3A%2F%2Frp.example%2Fcb&client_id=c"
    form_bad = "grant_type=authorization_code&code=a&code=b"
    form_pct = "code=%zz&grant_type=refresh_token"
    jwks_bad = json.dumps({"keys": [{"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA"}]})

    tokens = [good, expired, wrong_aud, bad_sig, alg_none, garbage, too_large]
    forms = [form_ok, form_bad, form_pct]

    def one_round():
        """12 calls."""
        n = 0
        for t in tokens:
            try:
                val.verify(t)
            except oxidc.Error:
                pass
            n += 1
        try:
            oxidc.decode_unverified(good)
        except oxidc.Error:
            pass
        for f in forms:
            try:
                oxidc.parse_token_request(f)
            except oxidc.Error:
                pass
        try:
            oxidc.keyset_from_jwks(jwks_bad)
        except oxidc.Error:
            pass
        return n + 5

    per_round = one_round()
    # ES256 verification is ~20x slower than the rest: a sample keeps the run short.
    val.verify(good_ec)

    warm = max(calls // 10, 1000) // per_round
    for _ in range(warm):
        one_round()
    gc.collect()
    before = rss_kib()
    rounds = calls // per_round
    for i in range(rounds):
        one_round()
        if i % 1000 == 0:
            val.verify(good_ec)
    gc.collect()
    grown = rss_kib() - before
    print(f"{rounds * per_round} calls: RSS {before} KiB -> {before + grown} KiB ({grown:+d} KiB)")
    assert grown < 1024, f"RSS grew by {grown} KiB over {rounds * per_round} calls"
