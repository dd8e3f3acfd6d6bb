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


def test_memory_stable_over_a_million_verify_and_parse_calls():
    """Issue 11: one million verify/parse calls on valid and invalid inputs, RSS growth under
    1 MB after warm-up. `OXIDC_MEMORY_CALLS` changes the count (0 skips)."""
    total = int(os.environ.get("OXIDC_MEMORY_CALLS", "1000000"))
    if total == 0:
        pytest.skip("OXIDC_MEMORY_CALLS=0")
    hs = oxidc.SigningKey.generate("HS256")
    keys = oxidc.KeySet([oxidc.Jwk(hs.private_jwk())])
    val = oxidc.Validator(keys, issuer="https://op.example", audience="c")
    now = int(time.time())
    token = oxidc.mint({"iss": "https://op.example", "aud": ["c"], "exp": now + 600}, hs)
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    good_body = "grant_type=authorization_code&code=abc&redirect_uri=https%3A%2F%2Frp%2Fcb"
    bad_body = "grant_type=authorization_code&code=a&code=b"
    calls = (
        lambda: val.verify(token),
        lambda: val.verify(forged),
        lambda: val.verify("not.a.jwt"),
        lambda: oxidc.parse_token_request(good_body),
        lambda: oxidc.parse_token_request(bad_body),
        lambda: oxidc.parse_message("oauth2.AccessTokenResponse", "token_type=Bearer"),
    )

    def batch(rounds):
        for _ in range(rounds):
            for c in calls:
                try:
                    c()
                except oxidc.Error:
                    pass

    rounds = max(1, total // len(calls))
    batch(max(1, rounds // 10))  # warm-up
    before = rss_kib()
    start = time.perf_counter()
    batch(rounds)
    took = time.perf_counter() - start
    grown = rss_kib() - before
    print(f"\n{rounds * len(calls)} calls in {took:.1f} s, RSS grew by {grown} KiB")
    assert grown < 1024, f"RSS grew by {grown} KiB over {rounds * len(calls)} calls"


def test_rss_is_stable_for_cookies_lv_and_list_claims():
    """The cookie, lv and plain-Fernet wrappers and the HMAC mint of list claims (its fast path
    reuses a per-thread buffer): valid and rejected inputs, RSS stable."""
    n = int(os.environ.get("OXIDC_LEAK_CALLS", "100000")) // 4
    keys = oxidc.CookieKeys(sign_key=bytes(range(24)), enc_key=bytes(range(1, 25)))
    fernet = oxidc.FernetKey(bytes(32))
    hs = oxidc.SigningKey.generate("HS256")
    claims = {"scope": ["openid", "email"], "aud": ["c", "d", "e"], "n": [1, "x"], "exp": 2**40}
    cookie = keys.make_cookie('{"sub": "diana"}', now=1795420800)
    bad = cookie[:-6] + ("A" if cookie[-6] != "A" else "B") + cookie[-5:]

    def batch(count):
        for _ in range(count):
            keys.read_cookie(keys.make_cookie('{"sub": "diana"}'))
            try:
                keys.read_cookie(bad)
            except oxidc.InvalidCookie:
                pass
            oxidc.lv_unpack(oxidc.lv_pack("a", "é", ""))
            try:
                oxidc.lv_unpack("x:ab")
            except oxidc.MalformedLv:
                pass
            fernet.decrypt_raw(fernet.encrypt_raw(b"abc"))
            oxidc.mint(claims, hs)

    batch(n // 10)
    before = rss_kib()
    batch(n)
    grown = rss_kib() - before
    assert grown < 2048, f"RSS grew by {grown} KiB over {n} iterations"
