"""Request objects and id_token_hint (tests/vectors/messages/request-object, made by
tests/vectors/generators/gen_request_object.py and checked there by idpyoidc 5.0.0) through
`oxidc.parse_authentication_request`, interpreted as
tests/conformance/tests/request_object_vectors.rs does: the verdict (error and parameter) must
be the vector's `expected`; where idpyoidc agrees (no `divergence`), an accepted request's
parameters must be idpyoidc's merged message; the verified request object and hint come back
under idpyoidc's keys. After every positive case one character of each signature is changed
and the request must fail under that parameter."""

import json

import pytest

import oxidc
from conftest import load, vector_files

FILES = vector_files("messages/request-object")
OWN_TYPING = {"duplicate_parameter", "wrong_parameter_type", "parameter_too_long"}


def run(v, body, **extra):
    kw = dict(
        issuer=v["op_issuer"],
        client_keys=oxidc.KeySet.from_jwks(v["client_jwks"]),
        op_keys=oxidc.KeySet.from_jwks(v["op_jwks"]),
        now=v["now"],
        leeway=v["leeway"],
        audience=v["op_issuer"],
        hint_client_id=v.get("hint_client_id"),
    )
    kw.update(extra)
    return oxidc.parse_authentication_request(body, **kw)


def normalise(got, want):
    """idpyoidc's to_dict() joins space-separated lists; ours keeps them as lists."""
    if isinstance(want, str) and isinstance(got, list):
        return " ".join(got)
    return got


def tamper(body, name):
    """request_object_vectors.rs `tamper`: one signature character of the JWT in `name`."""
    pos = 0
    for part in body.split("&"):
        if part.startswith(name + "="):
            start = pos + len(name) + 1
            value = body[start:pos + len(part)]
            if "." not in value:
                return None
            at = start + value.rfind(".") + 1 + 2
            return body[:at] + ("B" if body[at] == "A" else "A") + body[at + 1:]
        pos += len(part) + 1
    return None


def test_corpus_present():
    assert len(FILES) == 38


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_vector(path):
    v = load(path)
    body, expected = v["body"], v["expected"]
    if not expected["ok"]:
        with pytest.raises(oxidc.Error) as info:
            run(v, body)
        e = info.value
        assert e.kind == expected["error"]
        assert getattr(e, "param", None) == expected.get("param")
        if expected.get("param") == "request" and e.kind not in OWN_TYPING:
            assert e.oauth_error == "invalid_request_object"
        if expected.get("param") == "id_token_hint" and e.kind not in OWN_TYPING:
            assert e.oauth_error == "invalid_request"
        return
    got = run(v, body)
    verified = got.pop("__verified_request", None)
    hint = got.pop("verified_id_token_hint", None)
    assert (hint or {}).get("sub") == expected.get("id_token_hint_sub")
    if "request=" in body:
        assert verified is not None and verified["iss"] == verified["client_id"] == "client-1"
        # The effective request is exactly the object's parameters (idpyoidc's merge).
        assert set(got) == set(verified)
    else:
        assert verified is None
    if "divergence" not in v:
        want = v["idpyoidc"]["merged"]
        assert set(got) == set(want)
        for k in want:
            assert normalise(got[k], want[k]) == want[k], k
    tampered = 0
    for name in ("request", "id_token_hint"):
        bad = tamper(body, name)
        if bad is None:
            continue
        with pytest.raises(oxidc.Error) as info:
            run(v, bad)
        assert info.value.kind in ("bad_signature", "invalid_base64")
        assert info.value.param == name
        tampered += 1
    assert tampered >= 1


def vector(name):
    return load(next(p for p in FILES if p.name.endswith(name)))


def test_keys_and_policy():
    v = vector("ro-es256-ok.json")
    body = v["body"]
    # No client keys: the object cannot verify.
    with pytest.raises(oxidc.UnknownKey) as info:
        run(v, body, client_keys=None)
    assert info.value.param == "request"
    assert info.value.oauth_error == "invalid_request_object"
    # The object has exp but no nbf.
    with pytest.raises(oxidc.MissingClaim):
        run(v, body, required=["exp", "nbf"])
    assert run(v, body, required=["exp"])["state"] == "inner-state"
    with pytest.raises(ValueError, match="registered claim"):
        run(v, body, required=["email"])
    # Another audience; none: aud is not looked at.
    with pytest.raises(oxidc.AudienceMismatch):
        run(v, body, audience="https://other.example")
    assert run(v, body, audience=None)["client_id"] == "client-1"
    # Expired beyond the leeway.
    with pytest.raises(oxidc.Expired):
        run(v, body, now=v["now"] + 400)
    # The HS256 object verifies with the client secret as one Jwk (its kid names it); a
    # secret without that kid is no match.
    hs = vector("ro-hs256-ok.json")
    secret = oxidc.Jwk.hmac("client-1-secret-0123456789abcdef", kid="client-secret")
    assert run(hs, hs["body"], client_keys=secret)["nonce"] == "inner-nonce"
    with pytest.raises(oxidc.UnknownKey):
        run(hs, hs["body"], client_keys="client-1-secret-0123456789abcdef")
    # No op keys: the hint cannot verify.
    h = vector("028-hint-ok.json")
    with pytest.raises(oxidc.UnknownKey) as info:
        run(h, h["body"], op_keys=None)
    assert info.value.param == "id_token_hint"
    assert info.value.oauth_error == "invalid_request"


def test_bad_input():
    v = vector("ro-es256-ok.json")
    body = v["body"]
    # One byte short: the object's signature loses a character.
    with pytest.raises(oxidc.Error) as info:
        run(v, body[:-1])
    assert info.value.param == "request"
    assert info.value.oauth_error == "invalid_request_object"
    with pytest.raises(oxidc.MissingParameter):
        run(v, "")
    with pytest.raises(oxidc.InvalidUtf8):
        run(v, b"scope=%ff")
    with pytest.raises(TypeError):
        run(v, None)
    with pytest.raises(TypeError):
        run(v, body, client_keys=42)
    # As bytes, with a leading "?", or as JSON.
    assert run(v, body.encode()) == run(v, "?" + body)
    from urllib.parse import parse_qsl

    as_json = json.dumps(dict(parse_qsl(body)))
    assert run(v, as_json, json=True) == run(v, body)


def test_without_request_or_hint():
    got = oxidc.parse_authentication_request(
        "response_type=code&client_id=c&scope=openid&redirect_uri=x", issuer="https://op")
    assert "__verified_request" not in got and "verified_id_token_hint" not in got
    assert got["client_id"] == "c"


def test_pkce_checked_on_the_effective_request():
    """The PKCE parameters are checked on the request as it stands after the request object
    replaced it, as parse_authorization_request checks them."""
    from urllib.parse import urlencode

    key = oxidc.SigningKey.generate("ES256", kid="rp")
    keys = oxidc.KeySet([oxidc.Jwk(key.public_jwk())])
    good = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    base = {"response_type": "code", "client_id": "c", "scope": "openid",
            "redirect_uri": "https://rp/cb"}

    def with_object(**claims):
        obj = oxidc.mint({"iss": "c", "aud": "https://op", **base, **claims}, key)
        return urlencode({**base, "request": obj})

    def parse(body, **kw):
        return oxidc.parse_authentication_request(
            body, issuer="https://op", client_keys=keys, audience="https://op", **kw)

    got = parse(with_object(code_challenge=good, code_challenge_method="S256"))
    assert got["code_challenge"] == good
    with pytest.raises(oxidc.PkceChallengeInvalid):
        parse(with_object(code_challenge="short", code_challenge_method="S256"))
    with pytest.raises(oxidc.UnsupportedChallengeMethod):
        parse(with_object(code_challenge=good, code_challenge_method="S1"))
    # Outer PKCE parameters the object does not carry are gone after the merge.
    body = with_object() + "&" + urlencode({"code_challenge": good})
    assert "code_challenge" not in parse(body)
    with pytest.raises(oxidc.PkceMissingChallenge):
        parse(body, pkce_essential=True)
    assert parse(with_object(code_challenge=good), pkce_essential=True)["code_challenge"] == good
    # Without a request object, as parse_authorization_request.
    with pytest.raises(oxidc.PkceChallengeInvalid):
        parse(urlencode({**base, "code_challenge": "x" * 42}))
