"""Hundreds of thousands of calls leave the resident set stable (no leak in the binding)."""

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


def test_rss_is_stable_over_many_calls():
    n = int(os.environ.get("OXIDC_LEAK_CALLS", "100000"))
    hs = oxidc.SigningKey.generate("HS256")
    keys = oxidc.KeySet([oxidc.Jwk(hs.private_jwk())])
    val = oxidc.Validator(keys, issuer="https://op.example", audience="c")
    now = int(time.time())
    claims = {"iss": "https://op.example", "aud": ["c"], "scope": "openid", "exp": now + 60}
    token = oxidc.mint(claims, hs)
    expired = oxidc.mint(dict(claims, exp=1), hs)

    def batch(count):
        for _ in range(count):
            val.verify(token)
            oxidc.mint(claims, hs)
            try:
                val.verify(expired)
            except oxidc.Expired:
                pass

    batch(n // 10)  # warm up: caches, allocator arenas
    before = rss_kib()
    batch(n)
    grown = rss_kib() - before
    # 3 calls per iteration; a leak of even 8 bytes per call would grow by > 2 MiB here.
    assert grown < 2048, f"RSS grew by {grown} KiB over {n} iterations"
