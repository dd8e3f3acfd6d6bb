"""Client authentication, response/error serialisation and RP-side ID-token verification."""

import base64
import json
import time
import urllib.parse

import pytest

import oxidc


def basic(cid, secret, encode=True):
    if encode:
        cid, secret = (urllib.parse.quote_plus(x) for x in (cid, secret))
    return "Basic " + base64.b64encode(f"{cid}:{secret}".encode()).decode()


def test_parse_basic_both_decodings():
    h = basic("client 1", "s3cr%t!")
    assert oxidc.parse_basic(h) == ("client 1", "s3cr%t!")
    raw = basic("client+1", "a%21b", encode=False)
    assert oxidc.parse_basic(raw, decoding="raw") == ("client+1", "a%21b")
    assert oxidc.parse_basic(raw) == ("client 1", "a!b")
    for bad, kind in (("Bearer abc", "unsupported_auth_scheme"),
                      ("Basic !!!", "malformed_basic_credentials"),
                      ("Basic " + base64.b64encode(b"nocolon").decode(),
                       "malformed_basic_credentials")):
        with pytest.raises(oxidc.Error) as e:
            oxidc.parse_basic(bad)
        assert e.value.kind == kind and e.value.oauth_error
    with pytest.raises(ValueError):
        oxidc.parse_basic(h, decoding="latin1")


def test_bearer_post_and_secret():
    assert oxidc.parse_bearer("Bearer abc.def-_~+/==") == "abc.def-_~+/=="
    with pytest.raises(oxidc.Error) as e:
        oxidc.parse_bearer("Bearer a b")
    assert e.value.kind == "malformed_bearer_token"
    body = "grant_type=authorization_code&code=x&client_id=c1&client_secret=s%20s"
    assert oxidc.client_secret_post(body) == ("c1", "s s")
    assert oxidc.client_secret_post({"client_id": "c1", "client_secret": "z"}) == ("c1", "z")
    assert oxidc.client_secret_post("client_id=c1") is None
    oxidc.verify_client_secret("s s", "s s")
    oxidc.verify_client_secret("s s", b"s s", expires_at=0)
    with pytest.raises(oxidc.Error) as e:
        oxidc.verify_client_secret("s s", "s t")
    assert e.value.oauth_error == "invalid_client"
    with pytest.raises(oxidc.Error) as e:
        oxidc.verify_client_secret("s s", "s s", expires_at=10, now=11)
    assert e.value.kind == "client_secret_expired"


def _assertion(key, **over):
    now = int(time.time())
    claims = {"iss": "client_1", "sub": "client_1", "aud": ["https://op/token"],
              "jti": "j-1", "iat": now, "exp": now + 60}
    claims.update(over)
    return oxidc.mint({k: v for k, v in claims.items() if v is not None}, key)


def test_client_assertions():
    es = oxidc.SigningKey.generate("ES256", kid="k1")
    jwks = oxidc.KeySet([es.public_jwk()])
    tok = _assertion(es)
    assert oxidc.assertion_issuer(tok) == "client_1"
    jti, claims = oxidc.verify_client_assertion(tok, jwks, client_id="client_1",
                                                audience="https://op/token")
    assert jti == "j-1" and claims["sub"] == "client_1"
    # wrong audience, wrong client, too long, replay left to the host
    for kw, kind in ((dict(audience="https://other"), "audience_mismatch"),
                     (dict(client_id="client_2"), "assertion_subject_mismatch")):
        args = dict(client_id="client_1", audience="https://op/token")
        args.update(kw)
        with pytest.raises(oxidc.Error) as e:
            oxidc.verify_client_assertion(tok, jwks, **args)
        assert e.value.kind == kind
    long = _assertion(es, exp=int(time.time()) + 3600)
    with pytest.raises(oxidc.Error) as e:
        oxidc.verify_client_assertion(long, jwks, client_id="client_1", audience="https://op/token")
    assert e.value.kind == "assertion_lifetime_too_long"
    # client_secret_jwt: the registered secret is the key; the family must match the method
    secret = "a-client-secret-of-32-characters!"
    hs = oxidc.SigningKey.hmac(secret.encode(), alg="HS256")
    tok = _assertion(hs, jti=None)
    jti, _ = oxidc.verify_client_assertion(tok, secret, client_id="client_1",
                                           audience=["https://op/token"],
                                           method="client_secret_jwt")
    assert jti is None
    with pytest.raises(oxidc.Error) as e:
        oxidc.verify_client_assertion(tok, secret, client_id="client_1",
                                      audience="https://op/token")
    assert e.value.kind == "algorithm_mismatch"
    with pytest.raises(oxidc.Error):
        oxidc.verify_client_assertion(tok, secret, client_id="client_1",
                                      audience="https://op/token", method="client_secret_jwt",
                                      require_jti=True)
    with pytest.raises(oxidc.Error) as e:
        oxidc.verify_client_assertion(tok, secret, client_id="client_1",
                                      audience="https://op/token", method="client_secret_jwt",
                                      assertion_type="urn:x")
    assert e.value.oauth_error


def test_serialise_like_idpyoidc():
    from idpyoidc.message import oauth2
    ours = oxidc.token_response(access_token="at", scope=["openid", "email"], expires_in=3600,
                                refresh_token="rt", id_token="it", extra={"n": 1, "x": [1]})
    assert json.loads(ours) == {"token_type": "Bearer", "scope": "openid email",
                                "access_token": "at", "expires_in": 3600,
                                "refresh_token": "rt", "id_token": "it", "n": 1, "x": [1]}
    assert ours.startswith('{"token_type": "Bearer", "scope": "openid email", ')
    err = oxidc.error_response("invalid_grant", "Unknown code")
    theirs = oauth2.TokenErrorResponse(error="invalid_grant",
                                       error_description="Unknown code").to_json()
    assert err == theirs
    with pytest.raises(oxidc.Error) as e:
        oxidc.error_response("invalid_grant", 'bad "quote"')
    assert e.value.kind == "invalid_error_description"
    try:
        oxidc.verify("a.b.c", oxidc.KeySet())
    except oxidc.Error as exc:
        body = json.loads(oxidc.error_response(exc))
        assert body["error"] == exc.oauth_error or body["error"] == "invalid_request"
    redirect = oxidc.error_redirect("https://rp/cb?x=1", "access_denied", "No consent",
                                    state="s t")
    assert redirect == "https://rp/cb?x=1&error=access_denied&error_description=No+consent&state=s+t"
    assert oxidc.error_redirect("https://rp/cb", "access_denied", fragment=True) == \
        "https://rp/cb#error=access_denied"
    m = oauth2.AuthorizationResponse(code="c/1", state="s 1")
    assert oxidc.write_redirect("https://rp/cb", {"code": "c/1", "state": "s 1"}) == \
        m.request("https://rp/cb")
    assert oxidc.write_redirect("https://rp/cb", [("code", "x"), ("state", "")],
                                fragment=True) == "https://rp/cb#code=x"
    assert oxidc.write_form({"a": "b c", "d": "é"}) == urllib.parse.urlencode(
        {"a": "b c", "d": "é"})
    assert oxidc.introspection_response(False, sub="x") == '{"active": false}'
    intro = json.loads(oxidc.introspection_response(
        True, scope="openid", client_id="c", token_class="access_token", exp=5, iat=1,
        sub="u", iss="https://op", token_type="Bearer", aud=["c"], extra={"sid": "s"}))
    assert list(intro) == ["active", "scope", "client_id", "token_class", "exp", "iat", "sub",
                           "iss", "token_type", "aud", "sid"]


def test_verify_id_token_rp():
    key = oxidc.SigningKey.generate("ES256", kid="op")
    jwks = oxidc.KeySet([key.public_jwk()])
    now = int(time.time())
    tok = oxidc.mint_id_token(key, sub="u", sid="s", iss="https://op", iat=now, exp=now + 300,
                              aud=["rp"], nonce="n-1", code="the-code", access_token="the-at",
                              auth_time=now - 5)
    claims = oxidc.verify_id_token(tok, jwks, issuer="https://op", client_id="rp", nonce="n-1",
                                   code="the-code", access_token="the-at", max_age=60)
    assert claims["sub"] == "u" and claims["nonce"] == "n-1"
    for kw, kind in ((dict(issuer="https://evil"), "issuer_mismatch"),
                     (dict(client_id="other"), "audience_mismatch"),
                     (dict(nonce="n-2"), "nonce_mismatch"),
                     (dict(code="other"), "c_hash_mismatch"),
                     (dict(now=now + 1000), "expired")):
        args = dict(issuer="https://op", client_id="rp", nonce="n-1")
        args.update(kw)
        with pytest.raises(oxidc.Error) as e:
            oxidc.verify_id_token(tok, jwks, **args)
        assert e.value.kind == kind, (kw, e.value.kind)
    # HS256 ID tokens: the client secret is the key
    secret = "client-secret-long-enough-for-hs256"
    hs = oxidc.SigningKey.hmac(secret.encode(), alg="HS256")
    tok = oxidc.mint_id_token(hs, sub="u", sid="s", iss="https://op", iat=now, exp=now + 300,
                              aud="rp")
    assert oxidc.verify_id_token(tok, secret, client_id="rp")["aud"] == ["rp"] or True
