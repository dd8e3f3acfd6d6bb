"""The idpyoidc adapter: an unmodified idpyoidc OP and RP (tests/idp_setup.py) run the
authorization-code flow through the token endpoint (client_secret_basic and private_key_jwt,
PKCE, refresh token), userinfo and introspection, with and without ``oxidc.idpyoidc.install()``;
the results must be the same, the fast paths must have been taken, and tokens made in one mode
must be accepted in the other."""

import json

import pytest

pytest.importorskip("idpyoidc")

import oxidc  # noqa: E402
import oxidc.idpyoidc as adapter  # noqa: E402
from idp_setup import OP  # noqa: E402

VOLATILE = {"jti", "iat", "exp", "sid", "auth_time", "expires_in"}


def claims(token):
    return {k: v for k, v in oxidc.decode_unverified(token)[1].items() if k not in VOLATILE}


def normalise(resp):
    out = {}
    for k, v in resp.items():
        if k in ("access_token", "refresh_token", "id_token"):
            out[k] = {"header_alg": oxidc.decode_unverified(v)[0]["alg"], "claims": claims(v)}
        elif k not in VOLATILE:
            out[k] = v
    return out


def scenario(op, client_id):
    first = op.code_flow(client_id)
    assert "access_token" in first, first
    rp_view = {k: v for k, v in op.rp_verify_id_token(first["id_token"], client_id).items()
               if k not in VOLATILE}
    userinfo = op.userinfo(first["access_token"])
    introspection = {k: v for k, v in op.introspect(first["access_token"]).items()
                     if k not in VOLATILE}
    second = op.refresh(client_id, first["refresh_token"])
    assert "access_token" in second, second
    replay = op.refresh(client_id, first["refresh_token"])
    bad_code = op.token(client_id, grant_type="authorization_code", code="bm90IGEgY29kZQ==",
                        code_verifier="x" * 43)
    return {
        "token": normalise(first),
        "rp_id_token": rp_view,
        "userinfo": userinfo,
        "introspection": introspection,
        "refresh": normalise(second),
        "refresh_replay": {k: replay.get(k) for k in ("error",)},
        "bad_code": {k: bad_code.get(k) for k in ("error",)},
    }, first


@pytest.fixture(autouse=True)
def _clean():
    adapter.uninstall()
    adapter.reset_stats()
    yield
    adapter.uninstall()


@pytest.mark.parametrize("id_token_alg", ["ES256", "RS256"])
@pytest.mark.parametrize("client_id", ["rp_basic", "rp_jwt"])
def test_flow_is_the_same_with_and_without_the_adapter(client_id, id_token_alg):
    op = OP(id_token_alg=id_token_alg)
    without, raw_without = scenario(op, client_id)
    adapter.install()
    assert adapter.installed()
    with_adapter, raw_with = scenario(op, client_id)
    assert json.dumps(with_adapter, sort_keys=True) == json.dumps(without, sort_keys=True)
    s = adapter.stats()
    for seam in ("pack", "unpack", "unpack.minted", "verify_compact", "token_mint",
                 "token_info", "encrypted_branch_id", "decrypt_branch_id"):
        assert s.get(seam, 0) > 0, (seam, s)
    assert s.get("pack.fallback", 0) == 0, s
    # RSA signing is left to cryptojwt (OpenSSL), see the adapter's README section.
    assert (s.get("pack.rsa_openssl", 0) > 0) == (id_token_alg == "RS256"), s
    # The bad code of the scenario fell back (and failed there, as without the adapter).
    assert s.get("token_info.fallback", 0) >= 1, s
    # Tokens made with the adapter are accepted without it, and the other way round.
    adapter.uninstall()
    assert op.rp_verify_id_token(raw_with["id_token"], client_id)
    assert op.userinfo(raw_with["access_token"])["email"] == "diana@example.org"
    adapter.install()
    assert op.rp_verify_id_token(raw_without["id_token"], client_id)
    assert op.userinfo(raw_without["access_token"])["email"] == "diana@example.org"


def test_install_is_idempotent_and_uninstall_restores():
    from cryptojwt.jwe.fernet import FernetEncrypter
    from cryptojwt.jws.jws import JWS
    from cryptojwt.jwt import JWT

    originals = (JWT.pack, JWT.unpack, JWS.sign_compact, JWS.verify_compact_verbose,
                 FernetEncrypter.encrypt, FernetEncrypter.decrypt)
    adapter.install()
    adapter.install()
    assert JWT.pack is not originals[0] and JWT.pack.__wrapped__ is originals[0]
    adapter.uninstall()
    adapter.uninstall()
    assert (JWT.pack, JWT.unpack, JWS.sign_compact, JWS.verify_compact_verbose,
            FernetEncrypter.encrypt, FernetEncrypter.decrypt) == originals
    assert not adapter.installed()


def test_unsupported_algorithms_and_failures_fall_back():
    from cryptojwt.exception import BadSignature
    from cryptojwt.jwk.ec import new_ec_key
    from cryptojwt.jws.exception import NoSuitableSigningKeys
    from cryptojwt.jwt import JWT
    from cryptojwt.key_jar import KeyJar

    jar = KeyJar()
    jar.add_keys("", [new_ec_key("P-384"), new_ec_key("P-256")])
    jar.add_keys("https://op", jar.get("sig", issuer_id=""))
    adapter.install()
    es384 = JWT(jar, iss="https://op", sign_alg="ES384").pack({"a": 1})
    assert JWT(jar).unpack(es384)["a"] == 1
    s = adapter.stats()
    assert s["pack.fallback"] == 1 and s["unpack.fallback"] == 1
    es256 = JWT(jar, iss="https://op", sign_alg="ES256").pack({"a": 2})
    tampered = es256[:-4] + ("AAAA" if not es256.endswith("AAAA") else "BBBB")
    with pytest.raises(BadSignature):
        JWT(jar).unpack(tampered)
    with pytest.raises(NoSuitableSigningKeys):
        JWT(jar, iss="https://op", sign_alg="HS256").pack({"a": 3})
    expired = JWT(jar, iss="https://op", sign_alg="ES256", lifetime=1).pack({"a": 4}, iat=1000)
    with pytest.raises(Exception, match="expired"):
        JWT(jar).unpack(expired)


@pytest.mark.parametrize("id_token_alg", ["ES256", "RS256"])
def test_native_rsa_signing_option(id_token_alg):
    op = OP(id_token_alg=id_token_alg)
    without, _ = scenario(op, "rp_basic")
    adapter.install(native_rsa_signing=True)
    with_adapter, _ = scenario(op, "rp_basic")
    assert json.dumps(with_adapter, sort_keys=True) == json.dumps(without, sort_keys=True)
    s = adapter.stats()
    assert s.get("pack.rsa_openssl", 0) == 0 and s.get("pack.fallback", 0) == 0, s


def test_minted_tokens_are_not_reverified_only_when_safe():
    """A token minted here skips the second signature check only while the key that signed it
    is still one cryptojwt would try, and its exp/nbf hold without leeway; tampering, removed
    keys and expiry go the full way (and fail as without the adapter)."""
    from cryptojwt.exception import BadSignature
    from cryptojwt.jwk.ec import new_ec_key
    from cryptojwt.jwt import JWT
    from cryptojwt.key_jar import KeyJar

    key = new_ec_key("P-256", use="sig")
    jar = KeyJar()
    jar.add_keys("", [key])
    jar.add_keys("https://op", [key])
    adapter.install()
    token = JWT(jar, iss="https://op", sign_alg="ES256", lifetime=600).pack({"a": 1})
    assert JWT(jar).unpack(token)["a"] == 1
    assert adapter.stats()["unpack.minted"] == 1
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(BadSignature):
        JWT(jar).unpack(tampered)
    # Another jar without the signing key: no shortcut, cryptojwt's own verdict.
    other = KeyJar()
    other.add_keys("https://op", [new_ec_key("P-256", use="sig", kid=key.kid)])
    with pytest.raises(BadSignature):
        JWT(other).unpack(token)
    stale = JWT(jar, iss="https://op", sign_alg="ES256", lifetime=1).pack({"a": 2}, iat=1000)
    with pytest.raises(Exception, match="expired"):
        JWT(jar).unpack(stale)
    assert adapter.stats()["unpack.minted"] == 1


@pytest.mark.parametrize("keys", ["sign+enc", "enc", "sign", "crypt", "none"])
def test_cookie_handler_is_the_same_with_and_without_the_adapter(keys):
    import os

    from cryptojwt.jwk.hmac import SYMKey
    from idpyoidc.server.cookie_handler import CookieHandler

    kwargs = {}
    if "sign" in keys:
        kwargs["sign_key"] = SYMKey(key=os.urandom(24))
    if "enc" in keys:
        kwargs["enc_key"] = SYMKey(key=os.urandom(24))
    if keys == "crypt":
        kwargs["crypt_config"] = {"kwargs": {"key": os.urandom(32)}}
    handler = CookieHandler(**kwargs)
    value = '{"sub": "diana", "sid": "Z0FB\u00e9"}'

    def roundtrip():
        made = handler.make_cookie_content("oidc_op", value, typ="sess", timestamp=1795420800)
        return made, made["value"]

    made_without, v_without = roundtrip()
    adapter.install()
    made_with, v_with = roundtrip()
    assert {k: x for k, x in made_with.items() if k != "value"} == \
        {k: x for k, x in made_without.items() if k != "value"}
    want = [{"value": value, "type": "sess", "timestamp": "1795420800"}]
    if keys == "none":
        # no keys: idpyoidc writes an unverifiable cookie (and fails reading it): not oxidc's
        assert v_with.count("|") == 2 and adapter.stats().get("cookie_make.fallback") == 1
        return
    # Made with the adapter, read without it, and the other way round; and tampering refused
    # identically (idpyoidc returns [] or raises; the adapter falls back to exactly that).
    assert handler.parse_cookie("oidc_op", [{"name": "oidc_op", "value": v_without}]) == want
    adapter.uninstall()
    assert handler.parse_cookie("oidc_op", [{"name": "oidc_op", "value": v_with}]) == want
    adapter.install()
    tampered = v_with[:-6] + ("A" if v_with[-6] != "A" else "B") + v_with[-5:]

    def verdict():
        try:
            return handler.parse_cookie("oidc_op", [{"name": "oidc_op", "value": tampered}])
        except Exception as e:  # noqa: BLE001 - the verdict is what is compared
            return type(e).__name__

    with_verdict = verdict()
    adapter.uninstall()
    assert verdict() == with_verdict
    s = adapter.stats()
    assert s["cookie_make"] == 1 and s["cookie_read"] == 1 and s["cookie_read.fallback"] == 1, s


def test_default_token_info_is_the_same_with_and_without_the_adapter():
    op = OP()
    handler = op.ctx.session_manager.token_handler.handler["authorization_code"]
    code = op.authorize("rp_basic")
    refresh_handler = op.ctx.session_manager.token_handler.handler["refresh_token"]
    without = handler.info(code)

    def verdict(h, value):
        try:
            return h.info(value)
        except Exception as e:  # noqa: BLE001 - the verdict is what is compared
            return type(e).__name__

    bad = [code[:-8] + "AAAAAAA=", "bm90IGEgY29kZQ==", "", code[: len(code) // 2]]
    without_bad = [verdict(handler, b) for b in bad]
    adapter.install()
    assert handler.info(code) == without
    # minted with the adapter: read the same way without it (the class quirk included: an
    # explicit token_class becomes "authorization_code", as idpyoidc does)
    sid = without["sid"]
    made = handler(session_id=sid)
    made_explicit = handler(session_id=sid, token_class="refresh_token")
    assert adapter.stats()["token_mint"] == 2
    adapter.uninstall()
    for m in (made, made_explicit):
        info = handler.info(m)
        assert (info["sid"], info["token_class"]) == (sid, "authorization_code")
        assert int(info["exp"]) - int(without["exp"]) in range(0, 120)
        assert len(info["_id"]) == len(without["_id"])
    assert len(made) == len(code)
    adapter.install()
    adapter.reset_stats()
    assert handler.info(code) == without
    assert [verdict(handler, b) for b in bad] == without_bad
    assert adapter.stats()["token_info"] == 1
    assert adapter.stats()["token_info.fallback"] == len(bad)
    # a JWT refresh handler is not a DefaultToken: untouched
    assert not isinstance(refresh_handler, type(handler)) or refresh_handler is handler


@pytest.mark.parametrize("alg", ["RS256", "RS384", "RS512"])
def test_rsa_signing_left_to_openssl_is_byte_identical(alg):
    """RSASSA-PKCS1-v1_5 is deterministic: with iat and jti fixed, the adapter's RSA path writes
    exactly the token cryptojwt writes."""
    from cryptojwt.jwk.rsa import new_rsa_key
    from cryptojwt.jwt import JWT
    from cryptojwt.key_jar import KeyJar

    key = new_rsa_key(key_size=2048, use="sig")
    jar = KeyJar()
    jar.add_keys("", [key])
    jar.add_keys("https://op", [key])

    import time

    now = int(time.time())

    def pack():
        return JWT(jar, iss="https://op", sign_alg=alg, lifetime=600).pack(
            {"sub": "diana", "scope": ["openid", "é"]}, iat=now, aud=["rp"])

    without = pack()
    adapter.install()
    assert pack() == without
    assert adapter.stats()["pack.rsa_openssl"] == 1
    assert JWT(jar).unpack(without)["sub"] == "diana"


def test_session_ids_are_the_same_with_and_without_the_adapter():
    """Session ids made with the adapter decrypt without it (and the other way round) to the
    same names; ids the original made decrypt natively."""
    op = OP()
    db = op.ctx.session_manager
    names = ("diana", "rp_basic", "a-grant-id-é")
    without = db.encrypted_branch_id(*names)
    adapter.install()
    made = db.encrypted_branch_id(*names)
    assert db.decrypt_branch_id(without) == list(names)
    assert adapter.stats()["encrypted_branch_id"] == 1
    adapter.uninstall()
    assert db.decrypt_branch_id(made) == list(names)
    assert len(made) == len(without)


def test_fernet_encrypter_is_the_same_with_and_without_the_adapter():
    op = OP()
    crypt = op.ctx.session_manager.token_handler.handler["authorization_code"].crypt
    for msg in ("", "x", "a text of some length é", b"bytes"):
        without = crypt.encrypt(msg)
        adapter.install()
        made = crypt.encrypt(msg)
        assert crypt.decrypt(without) == crypt.decrypt(made)
        adapter.uninstall()
        assert crypt.decrypt(made) == crypt.decrypt(without)
    s = adapter.stats()
    assert s["fernet_encrypt"] == 4 and s["fernet_decrypt"] == 8, s
