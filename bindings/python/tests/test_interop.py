"""Tokens minted by oxidc verify in cryptojwt and PyJWT, and tokens minted by them verify in
oxidc, for every algorithm both sides support (HS*, ES256, RS*, PS*)."""

import time

import pytest

import oxidc

jwt = pytest.importorskip("jwt")  # PyJWT
pytest.importorskip("cryptojwt")

from cryptojwt.jwk.ec import ECKey  # noqa: E402
from cryptojwt.jwk.hmac import SYMKey  # noqa: E402
from cryptojwt.jwk.rsa import RSAKey  # noqa: E402
from cryptojwt.jws.jws import JWS  # noqa: E402
from jwt.algorithms import ECAlgorithm, RSAAlgorithm  # noqa: E402

SECRET = b"an-hmac-secret-of-thirty-two-b!!" * 2
ALGS = ["HS256", "HS384", "HS512", "ES256", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512"]
NOW = int(time.time())
CLAIMS = {"iss": "https://op.example", "sub": "diana", "aud": ["rp"], "iat": NOW, "exp": NOW + 60,
          "scope": "openid email", "n": 1.5, "nested": {"a": [1, None, True]}}


@pytest.fixture(scope="module")
def keys():
    ec = oxidc.SigningKey.generate("ES256", kid="ec")
    rsa = oxidc.generate_rsa_key(2048, kid="rsa")
    return {"ec": ec, "rsa": rsa}


def oxidc_key(keys, alg):
    if alg.startswith("HS"):
        return oxidc.SigningKey.hmac(SECRET, alg=alg, kid="hs")
    return (keys["ec"] if alg == "ES256" else keys["rsa"]).with_algorithm(alg)


def verify_keyset(keys, alg):
    if alg.startswith("HS"):
        return oxidc.KeySet([oxidc.Jwk.hmac(SECRET, kid="hs")])
    pub = dict((keys["ec"] if alg == "ES256" else keys["rsa"]).public_jwk())
    pub.pop("alg")
    return oxidc.KeySet([pub])


def cryptojwt_key(keys, alg, private):
    if alg.startswith("HS"):
        return SYMKey(key=SECRET, kid="hs")
    k = keys["ec"] if alg == "ES256" else keys["rsa"]
    d = k.private_jwk() if private else k.public_jwk()
    d.pop("alg")
    return ECKey(**d) if alg == "ES256" else RSAKey(**d)


def pyjwt_key(keys, alg, private):
    if alg.startswith("HS"):
        return SECRET
    k = keys["ec"] if alg == "ES256" else keys["rsa"]
    d = k.private_jwk() if private else k.public_jwk()
    algo = ECAlgorithm if alg == "ES256" else RSAAlgorithm
    return algo.from_jwk(d)


@pytest.mark.parametrize("alg", ALGS)
def test_oxidc_to_cryptojwt_and_pyjwt(keys, alg):
    token = oxidc.mint(CLAIMS, oxidc_key(keys, alg))
    got = JWS(alg=alg).verify_compact(token, [cryptojwt_key(keys, alg, private=False)])
    assert got == CLAIMS
    got = jwt.decode(token, pyjwt_key(keys, alg, private=False), algorithms=[alg], audience="rp",
                     issuer="https://op.example")
    assert got == CLAIMS


@pytest.mark.parametrize("alg", ALGS)
def test_cryptojwt_and_pyjwt_to_oxidc(keys, alg):
    import json

    val = oxidc.Validator(verify_keyset(keys, alg), issuer="https://op.example", audience="rp")
    token = JWS(json.dumps(CLAIMS), alg=alg).sign_compact([cryptojwt_key(keys, alg, private=True)])
    assert val.verify(token) == CLAIMS
    token = jwt.encode(CLAIMS, pyjwt_key(keys, alg, private=True), algorithm=alg,
                       headers={"kid": "hs" if alg.startswith("HS") else
                                ("ec" if alg == "ES256" else "rsa")})
    assert val.verify(token) == CLAIMS
