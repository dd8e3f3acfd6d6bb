"""Request objects and id_token_hint in OIDC authentication requests
(tests/vectors/messages/request-object/).

Each vector is an authentication request (form body) whose `request` parameter and/or
`id_token_hint` is a JWS made here with fixed keys: ES256 with RFC 6979 deterministic ECDSA
(cryptography's `deterministic_signing`), HS256 with the client secret, so the output is
byte-for-byte reproducible. The tokens are built by hand (base64url of compact header JSON and of
`json.dumps` claims, as cryptojwt writes them) and every case is then run through idpyoidc 5.0.0's
`oidc.AuthorizationRequest.verify(keyjar=...)` — the independent check of each signature and the
source of the `idpyoidc` verdict recorded next to oxidc's `expected` one. Where the two differ,
`divergence` names the item of tests/vectors/DIVERGENCES.md ("Request objects and
id_token_hint") that explains why.

Run: /work/venvs/gen/bin/python tests/vectors/generators/gen_request_object.py
"""

import base64
import hashlib
import hmac
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import clean_folder, exc_name, source_string, write_vector  # noqa: E402
from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature  # noqa: E402
from urllib.parse import urlencode  # noqa: E402

FOLDER = "messages/request-object"
NOW = 1795420800
OP = "https://op.example.org"
CLIENT = "client-1"
SECRET = "client-1-secret-0123456789abcdef"
REDIRECT = "https://rp.example.org/cb"
N_P256 = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def ec_key(label):
    d = int.from_bytes(hashlib.sha256(label.encode()).digest(), "big") % N_P256
    return ec.derive_private_key(d, ec.SECP256R1())


def ec_jwk(key, kid):
    n = key.public_key().public_numbers()
    return {
        "kty": "EC",
        "crv": "P-256",
        "kid": kid,
        "use": "sig",
        "alg": "ES256",
        "x": b64(n.x.to_bytes(32, "big")),
        "y": b64(n.y.to_bytes(32, "big")),
    }


CLIENT_EC = ec_key("oxidc request-object client key")
OP_EC = ec_key("oxidc request-object OP key")
OTHER_EC = ec_key("oxidc request-object other key")
CLIENT_KID, OP_KID = "client-es256", "op-es256"
CLIENT_JWKS = {
    "keys": [
        ec_jwk(CLIENT_EC, CLIENT_KID),
        {"kty": "oct", "kid": "client-secret", "alg": "HS256", "use": "sig", "k": b64(SECRET.encode())},
    ]
}
OP_JWKS = {"keys": [ec_jwk(OP_EC, OP_KID)]}


def jws(claims, key=CLIENT_EC, alg="ES256", kid=CLIENT_KID, raw_payload=None):
    header = {"alg": alg}
    if kid is not None:
        header["kid"] = kid
    h = b64(json.dumps(header, separators=(",", ":")).encode())
    p = b64(raw_payload.encode() if raw_payload is not None else json.dumps(claims).encode())
    msg = f"{h}.{p}".encode()
    if alg == "none":
        return f"{h}.{p}."
    if alg == "HS256":
        sig = hmac.new(key, msg, hashlib.sha256).digest()
    else:
        der = key.sign(msg, ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
        r, s = decode_dss_signature(der)
        sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return f"{h}.{p}.{b64(sig)}"


def flip(token):
    h, p, s = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)))
    raw[0] ^= 1
    return f"{h}.{p}.{b64(bytes(raw))}"


def ro(**over):
    """A request object's claims (cryptojwt order: parameters, then iss/iat/exp/aud)."""
    c = {
        "response_type": "code",
        "client_id": CLIENT,
        "scope": "openid email",
        "redirect_uri": REDIRECT,
        "state": "inner-state",
        "nonce": "inner-nonce",
        "max_age": 300,
        "claims": {"id_token": {"email": {"essential": True}}},
        "iss": CLIENT,
        "iat": NOW - 10,
        "exp": NOW + 300,
        "aud": [OP],
    }
    for k, v in over.items():
        if v is None:
            c.pop(k, None)
        else:
            c[k] = v
    return c


def hint_claims(**over):
    c = {"sub": "alice", "iss": OP, "aud": [CLIENT], "iat": NOW - 3600, "exp": NOW + 300}
    for k, v in over.items():
        if v is None:
            c.pop(k, None)
        else:
            c[k] = v
    return c


def outer(**params):
    p = {
        "response_type": "code",
        "client_id": CLIENT,
        "scope": "openid",
        "redirect_uri": REDIRECT,
        "state": "outer-state",
    }
    for k, v in params.items():
        if v is None:
            p.pop(k, None)
        else:
            p[k] = v
    return urlencode(p)


def idpyoidc_verdict(body):
    from cryptojwt.key_jar import KeyJar
    from idpyoidc.message.oidc import AuthorizationRequest

    kj = KeyJar()
    kj.import_jwks(CLIENT_JWKS, CLIENT)
    kj.import_jwks(OP_JWKS, OP)
    kj.import_jwks(OP_JWKS, "")
    try:
        req = AuthorizationRequest().from_urlencoded(body)
        req.verify(keyjar=kj)
    except Exception as e:  # noqa: BLE001 - every failure is a verdict here
        return {"ok": False, "exception": exc_name(e), "message": str(e)[:200]}
    d = req.to_dict()
    out = {"ok": True}
    hint = d.pop("verified_id_token_hint", None)
    d.pop("__verified_request", None)
    out["merged"] = d
    if hint is not None:
        out["id_token_hint_sub"] = hint.get("sub")
    return out


CASES = []


def case(name, description, body, expected, divergence=None, hint_client_id=None):
    CASES.append((name, description, body, expected, divergence, hint_client_id))


def ok(**extra):
    return {"ok": True, **extra}


def err(error, param):
    return {"ok": False, "error": error, "param": param}


def build():
    good = jws(ro())
    case("ro-es256-ok", "ES256 request object by the client's EC key; the merged request is the object alone (outer state dropped)",
         outer(request=good), ok())
    case("ro-hs256-ok", "HS256 request object signed with the client secret",
         outer(request=jws(ro(), key=SECRET.encode(), alg="HS256", kid="client-secret")), ok())
    case("ro-object-overrides", "object values override outer ones; outer-only parameters (login_hint, prompt, ui_locales) are removed",
         outer(request=good, scope="openid", login_hint="bob", prompt="login", ui_locales="fr", redirect_uri="https://evil.example/cb"), ok())
    case("ro-bad-signature", "one bit of the signature flipped",
         outer(request=flip(good)), err("bad_signature", "request"))
    forged = jws(ro(), key=OTHER_EC)
    case("ro-foreign-key", "signed by a key that is not the client's, under the client's kid",
         outer(request=forged), err("bad_signature", "request"))
    hs_public = json.dumps(CLIENT_JWKS["keys"][0], separators=(",", ":")).encode()
    case("ro-wrong-alg-vs-key", "HS256 under the kid of the client's EC key (algorithm confusion, RFC 8725 §2.1)",
         outer(request=jws(ro(), key=hs_public, alg="HS256", kid=CLIENT_KID)), err("algorithm_mismatch", "request"))
    case("ro-unknown-kid", "a kid the client's key set does not have",
         outer(request=jws(ro(), kid="rotated-away")), err("unknown_key", "request"))
    case("ro-alg-none", "an unsigned request object (alg none)",
         outer(request=jws(ro(), alg="none")), err("algorithm_none", "request"), divergence="R1")
    case("ro-plain-json", "the request parameter holds plain JSON, not a JWT",
         outer(request=json.dumps(ro())), err("invalid_base64", "request"))
    case("ro-wrong-iss", "iss names another client (signed with this client's key)",
         outer(request=jws(ro(iss="client-2"))), err("issuer_mismatch", "request"))
    case("ro-missing-iss", "no iss in the object",
         outer(request=jws(ro(iss=None))), err("missing_claim", "request"))
    case("ro-wrong-aud", "aud is another server",
         outer(request=jws(ro(aud=["https://other-op.example.org"]))), err("audience_mismatch", "request"), divergence="R2")
    case("ro-missing-aud", "no aud although the OP expects itself there",
         outer(request=jws(ro(aud=None))), err("missing_claim", "request"), divergence="R2")
    case("ro-expired", "exp 20 s ago (beyond the 15 s leeway)",
         outer(request=jws(ro(iat=NOW - 600, exp=NOW - 20))), err("expired", "request"), divergence="R2")
    case("ro-expired-within-leeway", "exp 10 s ago (within the 15 s leeway)",
         outer(request=jws(ro(iat=NOW - 600, exp=NOW - 10))), ok())
    case("ro-not-yet-valid", "nbf 60 s ahead",
         outer(request=jws(ro(nbf=NOW + 60))), err("not_yet_valid", "request"), divergence="R2")
    inner = jws(ro(scope="openid profile"))
    case("ro-request-inside-request", "the object carries a request parameter itself (RFC 9101 §4)",
         outer(request=jws(ro(request=inner))), err("request_object_nested", "request"), divergence="R3")
    case("ro-request-uri-inside", "the object carries request_uri (RFC 9101 §4)",
         outer(request=jws(ro(request_uri="https://rp.example.org/ro"))), err("request_object_nested", "request"), divergence="R3")
    case("ro-client-id-mismatch", "client_id in the object differs from the outer one (RFC 9101 §6.3)",
         outer(request=jws(ro(client_id="client-2"))), err("client_id_mismatch", "request"), divergence="R4")
    case("ro-client-id-missing", "no client_id in the object (RFC 9101 §6.3: the two MUST be identical)",
         outer(request=jws(ro(client_id=None))), err("missing_claim", "request"), divergence="R4")
    many = ro(**{f"x{i:02}": "v" for i in range(40)})
    case("ro-too-many-members", "52 members: more than limits::MAX_PARAMS (48) parameters",
         outer(request=jws(many)), err("too_many_parameters", "request"), divergence="R5")
    case("ro-duplicate-member", "the object repeats a member name (RFC 7519 §4)",
         outer(request=jws(None, raw_payload=json.dumps(ro())[:-1] + ', "scope": "openid"}')), err("duplicate_member", "request"), divergence="R5")
    case("ro-oversized", "a request parameter longer than limits::MAX_PARAM_VALUE_LEN (16 KiB)",
         outer(request=jws(ro(pad="p" * 12400))), err("parameter_too_long", None), divergence="R5")
    case("ro-no-openid-in-object", "openid only in the outer scope: the merged request lacks it",
         outer(request=jws(ro(scope="email"))), err("missing_openid_scope", "scope"))
    case("ro-nonce-missing-in-object", "response_type with id_token in the object, no nonce in it",
         outer(request=jws(ro(response_type="code id_token", nonce=None))), err("nonce_missing", "nonce"))
    case("ro-missing-redirect-uri", "redirect_uri only outside: the merged request lacks a required parameter",
         outer(request=jws(ro(redirect_uri=None))), err("missing_parameter", "redirect_uri"), divergence="R6")
    case("ro-outer-missing-scope", "the outer request lacks scope (OIDC Core §6.1: it must always be there)",
         outer(request=good, scope=None), err("missing_parameter", "scope"))

    # id_token_hint
    hint = jws(hint_claims(), key=OP_EC, kid=OP_KID)
    case("hint-ok", "an ID token this OP issued", outer(id_token_hint=hint), ok(id_token_hint_sub="alice"))
    case("hint-expired-ok", "an expired ID token is an acceptable hint (OIDC Core §3.1.2.1)",
         outer(id_token_hint=jws(hint_claims(iat=NOW - 90000, exp=NOW - 86400), key=OP_EC, kid=OP_KID)),
         ok(id_token_hint_sub="alice"))
    case("hint-in-request-object", "the hint comes from the request object",
         outer(request=jws(ro(id_token_hint=hint))), ok(id_token_hint_sub="alice"))
    case("hint-client-in-aud", "the OP asks for the client in aud: present",
         outer(id_token_hint=hint), ok(id_token_hint_sub="alice"), hint_client_id=CLIENT)
    case("hint-client-not-in-aud", "the OP asks for the client in aud: another client's token",
         outer(id_token_hint=jws(hint_claims(aud=["client-2"]), key=OP_EC, kid=OP_KID)),
         err("audience_mismatch", "id_token_hint"), divergence="R7", hint_client_id=CLIENT)
    case("hint-bad-signature", "one bit of the signature flipped",
         outer(id_token_hint=flip(hint)), err("bad_signature", "id_token_hint"))
    case("hint-signed-by-client", "signed by the client, not by the OP",
         outer(id_token_hint=jws(hint_claims())), err("unknown_key", "id_token_hint"))
    case("hint-wrong-iss", "iss is another OP (signed with this OP's key)",
         outer(id_token_hint=jws(hint_claims(iss="https://other-op.example.org"), key=OP_EC, kid=OP_KID)),
         err("issuer_mismatch", "id_token_hint"))
    case("hint-alg-none", "an unsigned hint",
         outer(id_token_hint=jws(hint_claims(), alg="none", kid=None)), err("algorithm_none", "id_token_hint"), divergence="R1")
    case("hint-not-a-jwt", "the hint is not a JWT", outer(id_token_hint="not-a-jwt"),
         err("malformed_token", "id_token_hint"))
    case("hint-no-sub", "a hint without sub",
         outer(id_token_hint=jws(hint_claims(sub=None), key=OP_EC, kid=OP_KID)), err("missing_claim", "id_token_hint"), divergence="R7")


def main():
    import cryptojwt
    import idpyoidc

    assert idpyoidc.__version__ == "5.0.0", idpyoidc.__version__
    assert cryptojwt.__version__ == "1.11.0", cryptojwt.__version__
    build()
    clean_folder(FOLDER)
    for i, (name, description, body, expected, divergence, hint_client_id) in enumerate(CASES, 1):
        observed = idpyoidc_verdict(body)
        if divergence is None:
            assert observed["ok"] == expected["ok"], (name, observed)
        else:
            # idpyoidc decides the other way, or crashes where oxidc answers with a fact
            assert observed["ok"] != expected["ok"] or observed["exception"] == "KeyError", name
        v = {
            "name": name,
            "description": description,
            "source": "oxidc gen_request_object.py; verdict of " + source_string(),
            "body": body,
            "client_jwks": CLIENT_JWKS,
            "op_jwks": OP_JWKS,
            "op_issuer": OP,
            "now": NOW,
            "leeway": 15,
            "expected": expected,
            "idpyoidc": observed,
        }
        if hint_client_id is not None:
            v["hint_client_id"] = hint_client_id
        if divergence is not None:
            v["divergence"] = divergence
        write_vector(FOLDER, f"{i:03}-{name}.json", v)
    print(f"{len(CASES)} vectors in tests/vectors/{FOLDER}")


if __name__ == "__main__":
    main()
