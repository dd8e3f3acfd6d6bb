"""Every JWS/JWT vector of the shared corpus (tests/vectors/jws, tests/vectors/rfc) through the
Python package: the same cases the core, the C ABI and the other bindings run. After every
positive case one byte is flipped and the token must fail; positive cases are re-minted and
must verify (HMAC ones byte-identical when the original header was compact)."""

import base64
import json

import pytest

import oxidc
from conftest import load, vector_files

# The corpus's error categories (tests/vectors/jws/README.md), from the core's kinds.
CATEGORY = {
    "invalid_base64": "malformed",
    "invalid_utf8": "malformed",
    "invalid_json": "malformed",
    "duplicate_member": "malformed",
    "not_an_object": "malformed",
    "malformed_token": "malformed",
    "missing_algorithm": "malformed",
    "invalid_header": "malformed",
    "token_too_large": "too_large",
    "header_too_large": "too_large",
    "json_too_deep": "too_large",
    "too_many_members": "too_large",
    "value_too_long": "too_large",
    "too_many_keys": "too_large",
    "algorithm_none": "unsupported_algorithm",
    "unsupported_algorithm": "unsupported_algorithm",
    "algorithm_mismatch": "unsupported_algorithm",
    "unsupported_critical": "unsupported_header",
    "unencoded_payload": "unsupported_header",
}

CASES = [p for d in ("jws", "rfc", "attacks") for p in vector_files(d)]


def b64d(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def validator(v):
    policy = v.get("policy", {})
    return oxidc.Validator(
        issuer=policy.get("issuer"),
        audience=policy.get("audience"),
        leeway=policy.get("leeway", 15),
    )


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_vector(path):
    v = load(path)
    kind = v.get("kind")
    if kind == "thumbprint":
        for k in v["keys"]:
            jwk = oxidc.Jwk(k["jwk"])
            assert jwk.thumbprint_kid() == k["rfc7638"]
            if "legacy" in k:
                assert jwk.thumbprint_kid(legacy=True) == k["legacy"]
        return
    token = v["token"]
    if kind == "jws" or v["expected"]["valid"]:
        keys = oxidc.KeySet.from_jwks(v["jwks"])
    if kind == "jws":
        header, payload = oxidc.verify_jws(token, keys)
        assert header == v["expected"]["header"]
        assert payload.decode() == v["expected"]["payload_text"]
        return
    val = validator(v)
    expected = v["expected"]
    if expected["valid"]:
        header, claims = val.verify_with_header(token, keys, now=v["now"])
        assert header == expected["header"]
        assert claims == expected["claims"]
        assert val.verify(token.encode(), keys, now=v["now"]) == expected["claims"]
        flipped_bytes_fail(val, keys, token, v["now"])
        if "signing_jwk" in v and "alg" in v:
            remint(v, val, keys, token, header, claims)
    else:
        with pytest.raises(oxidc.Error) as info:
            val.verify(token, oxidc.KeySet.from_jwks(v["jwks"]), now=v["now"])
        err = info.value
        assert isinstance(err, ValueError)
        assert CATEGORY.get(err.kind, err.kind) == expected["error"], err.kind
        assert type(err) is oxidc.error_for(err.kind)


def flipped_bytes_fail(val, keys, token, now):
    d1, d2 = token.index("."), token.rindex(".")
    for pos in (d1 // 2, (d1 + d2) // 2, (d2 + len(token)) // 2):
        t = list(token)
        t[pos] = "B" if t[pos] == "A" else "A"
        with pytest.raises(oxidc.Error):
            val.verify("".join(t), keys, now=now)


def remint(v, val, keys, token, header, claims):
    key = oxidc.SigningKey(v["signing_jwk"], alg=v["alg"])
    kid = header.get("kid")
    minted = oxidc.mint(claims, key, kid=kid, include_kid=kid is not None)
    raw_header = b64d(token.split(".")[0])
    if v["alg"].startswith("HS") and b" " not in raw_header:
        assert minted == token
    assert val.verify(minted, keys, now=v["now"]) == v["expected"]["claims"]
    # Minted payloads are byte-identical to json.dumps (what idpyoidc writes).
    assert b64d(minted.split(".")[1]) == json.dumps(claims).encode()


def test_corpus_is_complete():
    assert len(CASES) >= 77
