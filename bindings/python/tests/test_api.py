"""The public API: keys, key sets, validators, minting, thumbprints, cryptojwt interop helpers."""

import base64
import json
import time

import pytest

import oxidc

SECRET = b"0123456789abcdef0123456789abcdef"
NOW = 1795420800


def b64d(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def parts(token):
    h, p, _ = token.split(".")
    return json.loads(b64d(h)), b64d(p)


def test_public_names_have_docstrings():
    for name in oxidc.__all__:
        obj = getattr(oxidc, name)
        if callable(obj):
            assert obj.__doc__, name
    for cls in (oxidc.Jwk, oxidc.KeySet, oxidc.SigningKey, oxidc.Validator):
        for attr in dir(cls):
            if not attr.startswith("_"):
                assert getattr(cls, attr).__doc__, f"{cls.__name__}.{attr}"


def test_keyset_from_dict_str_bytes_and_list():
    key = oxidc.SigningKey.generate("ES256", kid="k1")
    jwks = {"keys": [key.public_jwk()]}
    for form in (jwks, json.dumps(jwks), json.dumps(jwks).encode()):
        ks = oxidc.KeySet.from_jwks(form)
        assert len(ks) == 1 and ks.kids == ["k1"] and "k1" in ks
    ks = oxidc.KeySet([key.public_jwk(), oxidc.Jwk.hmac(SECRET, kid="h")])
    assert ks.kids == ["k1", "h"]
    assert "nope" not in ks
    assert repr(ks) == "KeySet(kids=['k1', 'h'])"


def test_keyset_skips_unsupported_and_enc_keys():
    jwks = {
        "keys": [
            {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
            {"kty": "EC", "crv": "P-384", "x": "AA", "y": "AA"},
            dict(oxidc.SigningKey.generate().public_jwk(), use="enc"),
            oxidc.SigningKey.generate().public_jwk(),
        ]
    }
    ks = oxidc.KeySet.from_jwks(jwks)
    assert len(ks) == 1 and ks.skipped == 3


def test_keyset_capacity():
    keys = [oxidc.Jwk.hmac(SECRET, kid=str(i)) for i in range(oxidc.KEYSET_CAPACITY)]
    assert len(oxidc.KeySet(keys)) == oxidc.KEYSET_CAPACITY
    with pytest.raises(oxidc.TooManyKeys):
        oxidc.KeySet(keys + [oxidc.Jwk.hmac(SECRET)])


def test_jwk_properties_and_thumbprints():
    # RFC 7638 §3.1 example key and the two cryptojwt kid forms (JWT.md §6).
    jwk = oxidc.Jwk(
        {
            "kty": "EC",
            "crv": "P-256",
            "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
            "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
        }
    )
    assert jwk.kty == "EC" and jwk.algorithms == ["ES256"] and jwk.kid is None
    assert jwk.thumbprint_kid() == "oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U"
    assert len(jwk.thumbprint_kid(legacy=True)) == 58
    assert len(jwk.thumbprint()) == 32
    assert jwk.can_verify
    assert jwk.public_jwk()["x"] == "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"
    oct_key = oxidc.Jwk.hmac(b"0123456789abcdef")
    assert oct_key.thumbprint_kid() == "v1ILoKSndMgSbgGCnD1FaJtavl1L3pU4wgD_Xg_R6QQ"
    assert oct_key.public_jwk() is None
    assert oxidc.Jwk.hmac(SECRET, algorithms=["HS512"]).algorithms == ["HS512"]


def test_generated_keys_round_trip():
    for alg in ("ES256", "HS256", "HS384", "HS512"):
        key = oxidc.SigningKey.generate(alg)
        assert key.algorithm == alg
        assert key.kid == key.thumbprint_kid()
        private = key.private_jwk()
        again = oxidc.SigningKey(private)
        assert again.thumbprint_kid() == key.thumbprint_kid()
        verify_key = oxidc.Jwk(key.public_jwk() or private)
        token = oxidc.mint({"exp": NOW + 10}, key)
        assert oxidc.verify(token, verify_key, now=NOW) == {"exp": NOW + 10}


def test_rsa_generation_and_all_rsa_algorithms():
    rsa = oxidc.generate_rsa_key(2048)
    assert rsa.algorithm == "RS256" and rsa.kid == rsa.thumbprint_kid()
    keys = oxidc.KeySet([rsa.public_jwk() | {"alg": None}] if False else [{k: v for k, v in rsa.public_jwk().items() if k != "alg"}])
    for alg in ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512"):
        k = rsa.with_algorithm(alg)
        token = oxidc.mint({"exp": NOW + 10, "alg_used": alg}, k)
        assert parts(token)[0]["alg"] == alg
        assert oxidc.verify(token, keys, now=NOW)["alg_used"] == alg


def test_mint_header_kid_and_typ():
    key = oxidc.SigningKey.hmac(SECRET, kid="abc")
    header, payload = parts(oxidc.mint({"a": 1}, key))
    assert header == {"alg": "HS256", "kid": "abc"}
    assert payload == b'{"a": 1}'
    header, _ = parts(oxidc.mint({"a": 1}, key, include_kid=False, typ="at+jwt"))
    assert header == {"alg": "HS256", "typ": "at+jwt"}
    header, _ = parts(oxidc.mint({"a": 1}, key, kid="other"))
    assert header["kid"] == "other"


def test_mint_payload_is_json_dumps():
    key = oxidc.SigningKey.hmac(SECRET)
    claims = {
        "s": 'é"\\\n\x7f😀',
        "i": -5,
        "big": 2**70,
        "f": 1e20,
        "b": True,
        "n": None,
        "l": ["a", 1, [2.5, {"x": False}]],
        "t": ("p", "q"),
        "d": {"nested": {"deep": [None]}},
    }
    _, payload = parts(oxidc.mint(claims, key))
    assert payload == json.dumps(claims).encode()
    with pytest.raises(ValueError):
        oxidc.mint({"x": float("nan")}, key)
    with pytest.raises(TypeError):
        oxidc.mint({"x": object()}, key)
    with pytest.raises(TypeError):
        oxidc.mint({1: 2}, key)


def test_validator_policy():
    key = oxidc.SigningKey.hmac(SECRET)
    keys = oxidc.KeySet([oxidc.Jwk.hmac(SECRET)])
    claims = {"iss": "https://op", "aud": ["a", "b"], "sub": "s", "iat": NOW, "exp": NOW + 60}
    token = oxidc.mint(claims, key)
    assert oxidc.Validator(keys, issuer="https://op", audience="b").verify(token, now=NOW) == claims
    assert oxidc.Validator(keys, issuer=["x", "https://op"]).verify(token, now=NOW)
    with pytest.raises(oxidc.IssuerMismatch):
        oxidc.Validator(keys, issuer="https://other").verify(token, now=NOW)
    with pytest.raises(oxidc.AudienceMismatch):
        oxidc.Validator(keys, audience="c").verify(token, now=NOW)
    with pytest.raises(oxidc.MissingClaim):
        oxidc.Validator(keys, required=["exp", "nonce"]).verify(token, now=NOW)
    with pytest.raises(oxidc.MissingClaim):
        oxidc.Validator(keys, required=["jti"]).verify(token, now=NOW)
    with pytest.raises(oxidc.Expired):
        oxidc.Validator(keys).verify(token, now=NOW + 75)
    assert oxidc.Validator(keys, leeway=30).verify(token, now=NOW + 75)
    with pytest.raises(oxidc.TokenTooOld):
        oxidc.Validator(keys, max_age=10, leeway=0).verify(token, now=NOW + 11)
    with pytest.raises(oxidc.IssuedInFuture):
        oxidc.Validator(keys).verify(token, now=NOW - 100)
    assert oxidc.Validator(keys, allow_future_iat=True, leeway=0).verify(token, now=NOW - 100)
    with pytest.raises(oxidc.TypeMismatch):
        oxidc.Validator(keys, typ="at+jwt").verify(token, now=NOW)
    typed = oxidc.mint(claims, key, typ="application/at+jwt")
    assert oxidc.Validator(keys, typ="at+jwt").verify(typed, now=NOW)
    v = oxidc.Validator(issuer="https://op", audience=["a"], leeway=5)
    assert v.issuers == ["https://op"] and v.audiences == ["a"] and v.leeway == 5
    with pytest.raises(TypeError):
        v.verify(token)
    assert v.verify(token, keys, now=NOW)
    header, got = v.verify_with_header(token, oxidc.Jwk.hmac(SECRET), now=NOW)
    assert header == {"alg": "HS256"} and got == claims
    fresh = oxidc.mint({"exp": int(time.time()) + 60}, key)
    assert oxidc.Validator(keys).verify(fresh)  # now= defaults to the clock


def test_algorithm_pinning():
    ec = oxidc.SigningKey.generate("ES256")
    hs_token = oxidc.mint({"exp": NOW + 10}, oxidc.SigningKey.hmac(SECRET))
    with pytest.raises(oxidc.AlgorithmMismatch):
        oxidc.verify(hs_token, oxidc.KeySet([ec.public_jwk()]), now=NOW)


def test_mint_access_token_layout():
    key = oxidc.SigningKey.hmac(SECRET, kid="k")
    token = oxidc.mint_access_token(
        key,
        scope=["openid", "offline_access"],
        aud=["client_1"],
        jti="a2a4",
        client_id="client_1",
        sub="dikr0001",
        acr="urn:pw",
        extra={"email": "d@example.org"},
        sid="Z0FB",
        iss="https://example.com/",
        iat=NOW,
        exp=NOW + 600,
    )
    header, payload = parts(token)
    assert header == {"alg": "HS256", "kid": "k"}
    assert payload == (
        b'{"scope": "openid offline_access", "aud": ["client_1"], "jti": "a2a4", '
        b'"client_id": "client_1", "sub": "dikr0001", "acr": "urn:pw", '
        b'"email": "d@example.org", "sid": "Z0FB", "token_class": "access_token", '
        b'"iss": "https://example.com/", "iat": 1795420800, "exp": 1795421400}'
    )
    rt = oxidc.mint_access_token(
        key, scope="openid", aud="c", jti="j", client_id="c", sub="s", sid="x",
        iss="i", iat=NOW, exp=NOW + 1, token_class="refresh_token", scope_as_string=False,
    )
    assert json.loads(parts(rt)[1])["scope"] == ["openid"]


def test_mint_id_token_hashes():
    key = oxidc.SigningKey.generate("ES256")
    token = oxidc.mint_id_token(
        key, sub="s", sid="x", iss="https://op", iat=NOW, exp=NOW + 300, aud=["c"],
        scope=["openid"], auth_time=NOW, acr="a", nonce="N0NCE", code="abc", access_token="abc",
        jti="j",
    )
    claims = json.loads(parts(token)[1])
    assert list(claims) == [
        "sub", "sid", "auth_time", "acr", "scope", "jti", "c_hash", "at_hash", "nonce",
        "iss", "iat", "exp", "aud",
    ]
    assert claims["at_hash"] == claims["c_hash"] == "ungWv48Bz-pBQUDeXa4iIw"
    assert oxidc.left_hash("RS256", "abc") == "ungWv48Bz-pBQUDeXa4iIw"
    assert len(oxidc.left_hash("HS512", b"abc")) == 43
    assert oxidc.verify(token, oxidc.KeySet([key.public_jwk()]), audience="c", now=NOW)


def test_sign_compact_and_verify_jws():
    key = oxidc.SigningKey.generate("ES256", kid="k")
    keys = oxidc.KeySet([key.public_jwk()])
    token = oxidc.sign_compact(b"hello", key)
    header, payload = oxidc.verify_jws(token, keys)
    assert header == {"alg": "ES256", "kid": "k"} and payload == b"hello"
    token = oxidc.sign_compact("hi", key, header={"typ": "dpop+jwt", "alg": "ES256", "kid": "k"})
    assert list(oxidc.verify_jws(token, keys)[0]) == ["typ", "alg", "kid"]
    with pytest.raises(oxidc.AlgorithmMismatch):
        oxidc.sign_compact(b"x", key, header={"alg": "HS256"})
    with pytest.raises(oxidc.AlgorithmNone):
        oxidc.sign_compact(b"x", key, header={"alg": "none"})


def test_decode_unverified():
    key = oxidc.SigningKey.hmac(SECRET, kid="k")
    header, claims = oxidc.decode_unverified(oxidc.mint({"a": [1]}, key))
    assert header == {"alg": "HS256", "kid": "k"} and claims == {"a": [1]}


def test_cryptojwt_key_objects_and_key_jars():
    cryptojwt = pytest.importorskip("cryptojwt")
    from cryptojwt.jwk.ec import new_ec_key
    from cryptojwt.jwk.hmac import SYMKey
    from cryptojwt.jwk.rsa import new_rsa_key
    from cryptojwt.key_jar import KeyJar

    ec = new_ec_key("P-256")
    rsa = new_rsa_key(2048)
    sym = SYMKey(key=SECRET, kid="sym")
    for k in (ec, rsa):
        assert oxidc.jwk_from_cryptojwt(k).kid == k.kid
        assert oxidc.signing_key_from_cryptojwt(k).kid == k.kid
    assert oxidc.jwk_from_cryptojwt(sym).kty == "oct"
    assert oxidc.signing_key_from_cryptojwt(sym).algorithm == "HS256"
    jar = KeyJar()
    jar.add_keys("", [ec, rsa, sym, new_ec_key("P-384")])
    ks = oxidc.keyset_from_key_jar(jar)
    assert sorted(ks.kids) == sorted([ec.kid, rsa.kid, "sym"])
    assert cryptojwt.__name__ == "cryptojwt"


# Claims sets in every shape JSON allows: the dict a verified token gives must be what
# json.loads gives (whitespace, escapes in names and values, raw UTF-8, numbers of every form,
# literals, nested containers, and quotes/backslashes at every offset of the 8-byte scan).
JSON_SHAPES = [
    ' { "a" : [ 1 , 2 ] ,\n "b" :\t{ } , "c":[ ] , "d" : [ [ ] , { } ] } ',
    '{"n\\u00e9\\"": "a\\"b\\\\c\\n\\u00e9\\ud83d\\ude00", "e\\\\": 1, "\\/": "\\/"}',
    '{"ключ": "значение ✓", "emoji": "😀", "mixed": "x\\u0041ÿ"}',
    '{"i": [0, -0, 1, -1, 1.5, -1e-3, 1E5, 2e+2, 0.0, 12345678901234567890123, -12345678901234567890123,'
    ' -9223372036854775808, 9223372036854775807, 9223372036854775808]}',
    '{"t": true, "f": false, "n": null, "l": [true, false, null, "s", 1, {"k": null}]}',
    '{"cnf": {"jkt": "x", "deep": {"a": [{"b": 1}, [{"c": [2]}]]}}, "after": "y"}',
    '{"aud": ["c1", "https://api.example.org"], "scope": "openid email", "iss": "https://op"}',
]
SCAN_OFFSETS = [
    json.dumps({"k" * n: "v" * m + c + "w" * n, "x": [c * n]})
    for n in range(0, 18, 3)
    for m in range(0, 18)
    for c in ('"', "\\", "\u00e9", "")
]


def check_claims_dict(text):
    key = oxidc.SigningKey.hmac(SECRET, kid="k")
    keys = oxidc.KeySet([oxidc.Jwk.hmac(SECRET, kid="k")])
    token = oxidc.sign_compact(text.encode(), key)
    expected = json.loads(text)
    header, claims = oxidc.decode_unverified(token)
    assert claims == expected and list(claims) == list(expected)
    assert header == {"alg": "HS256", "kid": "k"}
    verified = oxidc.Validator(keys, required=[]).verify(token)
    assert verified == expected
    assert [type(v) for v in verified.values()] == [type(v) for v in expected.values()]
    assert all(type(a) is type(b) for a, b in zip(verified.get("i", []), expected.get("i", [])))


@pytest.mark.parametrize("text", JSON_SHAPES)
def test_claims_dict_is_json_loads(text):
    check_claims_dict(text)


def test_claims_dict_at_every_scan_offset():
    for text in SCAN_OFFSETS:
        check_claims_dict(text)


@pytest.mark.parametrize("text", [
    '{"a": {"x": 1, "x": 2}}',
    '{"a": [1, {"x": 1, "y": {"z": 1, "z": 2}}]}',
    '{"a": {"\\u0078": 1, "x": 2}}',
])
def test_nested_duplicate_names_are_rejected(text):
    key = oxidc.SigningKey.hmac(SECRET, kid="k")
    with pytest.raises(oxidc.DuplicateMember):
        oxidc.decode_unverified(oxidc.sign_compact(text.encode(), key))
