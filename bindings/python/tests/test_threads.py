"""Verification and minting are safe from many threads (keys and validators are immutable and
shared); ECDSA/RSA work runs without the GIL."""

import concurrent.futures
import time

import oxidc


def test_verify_from_a_thread_pool():
    ec = oxidc.SigningKey.generate("ES256")
    hs = oxidc.SigningKey.generate("HS256")
    keys = oxidc.KeySet([ec.public_jwk(), oxidc.Jwk(hs.private_jwk())])
    val = oxidc.Validator(keys, issuer="https://op.example", audience="client")
    now = int(time.time())
    tokens = []
    for i in range(64):
        key = ec if i % 2 else hs
        claims = {"iss": "https://op.example", "aud": ["client"], "sub": f"user{i}", "exp": now + 60}
        tokens.append((i, oxidc.mint(claims, key)))

    def check(item):
        i, token = item
        for _ in range(20):
            assert val.verify(token)["sub"] == f"user{i}"
        return i

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        assert sorted(pool.map(check, tokens)) == list(range(64))


def test_mint_from_a_thread_pool():
    ec = oxidc.SigningKey.generate("ES256")
    keys = oxidc.KeySet([ec.public_jwk()])

    def mint(i):
        return oxidc.mint({"n": i, "exp": 2**33}, ec)

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        tokens = list(pool.map(mint, range(200)))
    assert [oxidc.verify(t, keys)["n"] for t in tokens] == list(range(200))


def test_ecdsa_releases_the_gil():
    # While ES256 verifications run in worker threads, the main thread keeps running Python:
    # with the GIL held throughout, the counter would stall for the whole batch.
    ec = oxidc.SigningKey.generate("ES256")
    keys = oxidc.KeySet([ec.public_jwk()])
    token = oxidc.mint({"exp": 2**33}, ec)
    val = oxidc.Validator(keys)

    def work(_):
        for _ in range(200):
            val.verify(token)

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(work, i) for i in range(2)]
        ticks = 0
        while not all(f.done() for f in futures):
            ticks += 1
        for f in futures:
            f.result()
    assert ticks > 0
