#!/usr/bin/env python3
"""Converts the message, client-authentication and grant vectors into the line format the C
tests read (see gen_vectors.py: `case <name>` ... `end`, byte strings in lowercase hex, `-`
for the empty string, `~` for absent), and checks the grant decisions the C program printed.

The interpretation follows the Rust conformance tests exactly:
* messages: tests/conformance/tests/messages_vectors.rs (overrides.json applied, idpyoidc
  errors mapped to oxidc's);
* client authn / PKCE: tests/conformance/tests/client_authn_vectors.rs (the basic, bearer,
  pkce_verify, pkce_authz, assertion, error_response, token_request, redirect_uri and
  id_token cases), plus the ID-token table of its `id_token_table` test (tokens signed
  here with HS256, the key the vectors use);
* grants: tests/conformance/tests/grant_vectors.rs (policy from the config, request fields,
  and — in `check-grants` — the same comparisons against the decision JSON the C API wrote).

Usage: gen_oauth_vectors.py <root> messages > messages.txt
       gen_oauth_vectors.py <root> grants > grants.txt
       gen_oauth_vectors.py <root> check-grants <output of the C grants program>
"""
import base64
import hashlib
import hmac
import json
import sys
from pathlib import Path

NOW = 1700000000


def hx(b):
    if b is None:
        return "~"
    if isinstance(b, str):
        b = b.encode()
    return b.hex() if b else "-"


def emit(*parts):
    print(" ".join(str(p) for p in parts))


CLASSES = {
    "oauth2.AuthorizationRequest": 1,
    "oauth2.AccessTokenRequest": 2,
    "oauth2.RefreshAccessTokenRequest": 3,
    "oauth2.CCAccessTokenRequest": 4,
    "oauth2.TokenExchangeRequest": 5,
    "oauth2.TokenIntrospectionRequest": 6,
    "oauth2.TokenRevocationRequest": 7,
    "oauth2.AuthorizationResponse": 8,
    "oauth2.AccessTokenResponse": 9,
    "oauth2.TokenIntrospectionResponse": 10,
    "oauth2.ResponseMessage": 11,
    "oauth2.AuthorizationErrorResponse": 12,
    "oauth2.TokenErrorResponse": 13,
    "oauth2.TokenRevocationErrorResponse": 14,
    "oauth2.TokenExchangeResponse": 15,
    "oidc.AuthorizationRequest": 20,
    "oidc.AccessTokenRequest": 21,
    "oidc.AccessTokenResponse": 22,
    "oidc.AuthorizationResponse": 23,
    "oidc.AuthorizationErrorResponse": 24,
    "oidc.UserInfoErrorResponse": 25,
    "oidc.ClientRegistrationErrorResponse": 26,
}

FIXED_TEXT = {"missing_parameter", "nonce_missing", "format_error", "missing_openid_scope",
              "consent_required_for_offline_access", "prompt_none_with_other",
              "invalid_error_description", "duplicate_parameter"}


def idpyoidc_error(name, detail):
    """messages_vectors.rs `idpyoidc_error`: (oxidc error name, param or None)."""
    pre = "Missing required attribute '"
    if name == "MissingRequiredAttribute":
        if detail == "Missing required attribute 'Nonce missing'":
            return "nonce_missing", "nonce"
        return "missing_parameter", detail[len(pre):-1] if detail.startswith(pre) else None
    if name == "TooManyValues":
        return "duplicate_parameter", detail
    if name == "NotAllowedValue":
        return "parameter_not_allowed_value", None
    if name == "FormatError":
        return "format_error", None
    if (name, detail) == ("MissingRequiredValue", "openid not in scope"):
        return "missing_openid_scope", None
    if (name, detail) == ("MissingRequiredValue", "consent in prompt"):
        return "consent_required_for_offline_access", None
    if (name, detail) == ("InvalidRequest", "prompt none combined with other value"):
        return "prompt_none_with_other", None
    if name == "JSONDecodeError":
        return "invalid_json", None
    if name == "ValueError" and "wrong type of value for" in detail:
        return "wrong_parameter_type", detail.split('"')[-2]
    if (name, detail) == ("ValueError", "Grant type MUST be client_credentials"):
        return "parameter_not_allowed_value", "grant_type"
    if (name, detail) == ("ValueError", "Characters outside allowed set"):
        return "invalid_error_description", None
    if (name, detail) == ("ValueError", "id_token not a signed JWT"):
        return "malformed_token", "id_token"
    raise SystemExit(f"unmapped idpyoidc error {name} {detail}")


def param_lines(params):
    for name, value in params.items():
        n = hx(name)
        if value is None:
            emit("p", n, "n")
        elif isinstance(value, bool):
            emit("p", n, "b", int(value))
        elif isinstance(value, int):
            emit("p", n, "i", value)
        elif isinstance(value, str):
            emit("p", n, "s", hx(value))
        elif isinstance(value, list) and all(isinstance(x, str) for x in value):
            emit("p", n, "l", len(value), *[hx(x) for x in value])
        else:
            # Raw JSON as the body carried it (Python's default separators, as in the corpus).
            emit("p", n, "j", hx(json.dumps(value)))


def message_case(name, v, override):
    emit("case", name)
    emit("kind", "message")
    emit("class", CLASSES[v["message"]])
    emit("format", 0 if v["format"] == "urlencoded" else 1)
    emit("verify", int(v["verify"]))
    emit("body", hx(v["body"]))
    e = override["oxidc_expected"] if override else v["expected"]
    if e["ok"]:
        emit("expect", "ok")
        emit("count", len(e["params"]))
        param_lines(e["params"])
    elif override:
        emit("expect", e["error"], hx(e.get("param")))
    else:
        err, param = idpyoidc_error(e["error"], e["detail"])
        emit("expect", err, hx(param))
        if err in FIXED_TEXT:
            emit("desc", hx(e["detail"]))
    emit("end")


def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def client_case(name, v):
    case, i, e = v["case"], v["input"], v["oxidc_expected"]
    if case == "id_token":
        k = i
        claims = {c: (NOW + x if c in ("exp", "iat", "nbf", "auth_time") else x)
                  for c, x in k["claims_relative_to_now"].items()}
        want = "ok" if e["ok"] else e["error"]
        id_token_case(name, k["key"].encode(), claims, k["expect"], want=want, claims_want=want)
        return True
    if case not in ("basic", "bearer", "pkce_verify", "pkce_authz", "assertion",
                    "error_response", "token_request", "redirect_uri"):
        return False
    emit("case", name)
    emit("kind", case)
    if case in ("basic", "bearer"):
        emit("authorization", hx(i["authorization"]))
        if case == "basic":
            emit("registered", hx(i["registered_secret"]))
    elif case.startswith("pkce"):
        emit("challenge", hx(i["challenge"]))
        emit("method", {"plain": 1, "S256": 2, "S384": 4, "S512": 8}[i["method"]])
        if "verifier" in i:
            emit("verifier", hx(i["verifier"]))
    elif case == "assertion":
        claims = {k: (NOW + x if k in ("exp", "iat", "nbf") else x)
                  for k, x in i["claims_relative_to_now"].items()}
        secret = i["client_secret"].encode()
        emit("secret", hx(secret))
        emit("jwks", hx(json.dumps({"keys": [{"kty": "oct", "k": b64url(secret)}]})))
        emit("claims", hx(json.dumps(claims)))
        emit("assertion_type", hx(i.get("client_assertion_type")))
        emit("audience", hx(i["audience"]))
        emit("client_id", hx("client_1"))
        emit("now", NOW)
    elif case == "error_response":
        emit("error", hx(i["error"]))
        emit("description", hx(i.get("error_description")))
    elif case == "token_request":
        emit("body", hx(i["body"]))
    elif case == "redirect_uri":
        emit("body", hx(i["body"]))
        emit("authorized", hx(i["authorized_redirect_uri"]))
    emit("expect", "ok" if e["ok"] else e["error"])
    if e.get("client_id"):
        emit("client_id_out", hx(e["client_id"]))
    emit("end")
    return True


def hs256(key, claims):
    """A compact HS256 JWS of `claims` (no kid: the key set holds one key)."""
    def part(obj):
        return b64url(json.dumps(obj, separators=(",", ":")).encode())
    signing_input = part({"alg": "HS256", "typ": "JWT"}) + "." + part(claims)
    sig = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64url(sig)


def left_hash(value):
    """OIDC Core §3.1.3.6 for HS256: base64url of the left half of SHA-256."""
    return b64url(hashlib.sha256(value.encode()).digest()[:16])


def id_token_case(name, key, claims, expect, want, claims_want, access_token=None, code=None,
                  tamper=False, signing_key=None):
    """One ID-token check: the token (signed here), the key set, the expectations, the
    hashed values, and the verdicts of the full verify and of the claims check alone."""
    token = hs256(signing_key or key, claims)
    if tamper:
        token = token[:-3] + ("x" if token[-3] != "x" else "y") + token[-2:]
    emit("case", name)
    emit("kind", "id_token")
    emit("token", hx(token))
    emit("jwks", hx(json.dumps({"keys": [{"kty": "oct", "k": b64url(key)}]})))
    for k in ("issuer", "client_id", "nonce"):
        emit("e_" + k, hx(expect.get(k)))
    emit("e_max_age", expect.get("max_age", "~"))
    emit("e_leeway", expect.get("leeway", 0))
    for k in ("iss", "sub", "azp", "nonce", "at_hash", "c_hash"):
        emit("c_" + k, hx(claims.get(k)))
    for k in ("exp", "iat", "auth_time"):
        emit("c_" + k, claims.get(k, "~"))
    aud = claims.get("aud")
    if aud is None:
        emit("c_aud", "~")
    else:
        aud = [aud] if isinstance(aud, str) else aud
        emit("c_aud", len(aud), *[hx(a) for a in aud])
    emit("access_token", hx(access_token))
    emit("code", hx(code))
    if access_token or code:
        # The same check through an oidc.AuthorizationResponse carrying the values.
        parts = [("id_token", token)]
        if code:
            parts.append(("code", code))
        if access_token:
            parts += [("access_token", access_token), ("token_type", "Bearer")]
        emit("response", hx("&".join(f"{k}={v}" for k, v in parts)))
    emit("now", NOW)
    emit("expect", want)
    emit("claims_expect", claims_want)
    emit("end")


OP_KEY = b"an-op-hmac-key-of-32-characters!"


def id_token_table():
    """tests/conformance/tests/client_authn_vectors.rs `id_token_table`, and the remaining
    rules of `check_claims` one by one."""
    base = {"sub": "u1", "auth_time": NOW - 10, "nonce": "N0NCE", "iss": "https://example.com/",
            "iat": NOW, "exp": NOW + 300, "aud": ["client_1"]}
    exp = {"issuer": "https://example.com/", "client_id": "client_1", "nonce": "N0NCE"}
    at = "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"
    code = "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk"
    hybrid = dict(base, at_hash=left_hash(at), c_hash=left_hash(code))

    def c(**kw):
        d = dict(base)
        for k, v in kw.items():
            if v is None:
                d.pop(k, None)
            else:
                d[k] = v
        return d
    rows = [
        ("ok", base, exp, "ok", {}),
        ("issuer-mismatch", base, dict(exp, issuer="https://evil/"), "issuer_mismatch", {}),
        ("audience-mismatch", base, dict(exp, client_id="client_2"), "audience_mismatch", {}),
        ("nonce-mismatch", base, dict(exp, nonce="other"), "nonce_mismatch", {}),
        ("max-age-ok", base, dict(exp, max_age=10), "ok", {}),
        ("max-age-too-old", base, dict(exp, max_age=9), "authentication_too_old", {}),
        ("max-age-no-auth-time", c(auth_time=None), dict(exp, max_age=10), "missing_claim", {}),
        ("multi-aud-no-azp", c(aud=["client_1", "rs"]), exp, "azp_missing", {}),
        ("multi-aud-azp-ok", c(aud=["client_1", "rs"], azp="client_1"), exp, "ok", {}),
        ("multi-aud-azp-outside", c(aud=["client_1", "rs"], azp="x"), exp, "azp_mismatch", {}),
        ("azp-other-client", c(azp="rs"), exp, "azp_mismatch", {}),
        ("aud-string", c(aud="client_1"), exp, "ok", {}),
        ("expired", c(exp=NOW - 1, iat=NOW - 300), exp, "expired", {}),
        ("expired-within-leeway", c(exp=NOW - 1, iat=NOW - 300), dict(exp, leeway=15), "ok",
         {}),
        ("too-old", c(iat=NOW - 4 * 3600 - 1, exp=NOW + 300), exp, "token_too_old", {}),
        ("issued-in-future", c(iat=NOW + 60), exp, "issued_in_future", {}),
        ("expires-at-now", c(iat=NOW - 10, exp=NOW), exp, "expired", {}),
        ("expires-before-issued", c(iat=NOW + 10, exp=NOW + 5), dict(exp, leeway=15),
         "expires_before_issued", {}),
        ("missing-exp", c(exp=None), exp, "missing_claim", {}),
        ("missing-sub", c(sub=None), exp, "missing_claim", {}),
        ("missing-iss", c(iss=None), exp, "missing_claim", {}),
        ("missing-aud", c(aud=None), exp, "missing_claim", {}),
        ("missing-iat", c(iat=None), exp, "missing_claim", {}),
        ("nonce-absent", c(nonce=None), exp, "missing_claim", {}),
        ("nothing-expected", base, {}, "ok", {}),
        ("hybrid-ok", hybrid, exp, "ok", {"access_token": at, "code": code}),
        ("hybrid-at-mismatch", hybrid, exp, "at_hash_mismatch",
         {"access_token": "other", "code": code}),
        ("hybrid-c-mismatch", hybrid, exp, "c_hash_mismatch",
         {"access_token": at, "code": "other"}),
        ("hashes-missing", base, exp, "missing_claim", {"access_token": at, "code": code}),
        ("code-only", dict(base, c_hash=left_hash(code)), exp, "ok", {"code": code}),
    ]
    for name, claims, expect, want, hashed in rows:
        # The claims check alone ignores the hashes.
        claims_want = "ok" if want in ("at_hash_mismatch", "c_hash_mismatch") or (
            name == "hashes-missing") else want
        id_token_case(f"id_token/{name}", OP_KEY, claims, expect, want, claims_want, **hashed)
    id_token_case("id_token/bad-signature", OP_KEY, base, exp, "bad_signature", "ok",
                  tamper=True)
    id_token_case("id_token/other-key", OP_KEY, base, exp, "bad_signature", "ok",
                  signing_key=b"another-op-hmac-key-of-32-chars!")
    return len(rows) + 2


def messages(root):
    d = root / "tests/vectors/messages"
    overrides = json.loads((d / "overrides.json").read_text())
    n = 0
    for f in sorted(d.glob("*.json")):
        if f.name == "overrides.json":
            continue
        message_case(f"messages/{f.name}", json.loads(f.read_text()), overrides.get(f.name))
        n += 1
    for f in sorted((root / "tests/vectors/client_authn").glob("*.json")):
        n += client_case(f"client_authn/{f.name}", json.loads(f.read_text()))
    n += id_token_table()
    n += request_object_cases(root)
    print(f"# {n} message and client-authn vectors", file=sys.stderr)


# ----------------------------------------------------------------------------- request objects

OWN_TYPING = {"duplicate_parameter", "wrong_parameter_type", "parameter_too_long"}


def tamper(body, name):
    """request_object_vectors.rs `tamper`: one character of the JWT signature in `name` changed."""
    parts = body.split("&")
    pos = 0
    for part in parts:
        if part.startswith(name + "="):
            start = pos + len(name) + 1
            end = pos + len(part)
            value = body[start:end]
            if "." not in value:
                return None
            at = start + value.rfind(".") + 1 + 2
            b = bytearray(body.encode())
            b[at] = ord("B") if b[at] == ord("A") else ord("A")
            return b.decode()
        pos += len(part) + 1
    return None


def request_object_cases(root):
    """tests/vectors/messages/request-object, as request_object_vectors.rs runs them."""
    n = 0
    for f in sorted((root / "tests/vectors/messages/request-object").glob("*.json")):
        v = json.loads(f.read_text())
        e = v["expected"]
        body = v["body"]
        emit("case", f"request-object/{f.name}")
        emit("kind", "request_object")
        emit("body", hx(body))
        emit("client_jwks", hx(json.dumps(v["client_jwks"])))
        emit("op_jwks", hx(json.dumps(v["op_jwks"])))
        emit("issuer", hx(v["op_issuer"]))
        emit("now", v["now"])
        emit("leeway", v["leeway"])
        emit("hint_client_id", hx(v.get("hint_client_id")))
        emit("has_request", int("request=" in body))
        if e["ok"]:
            emit("expect", "ok")
            emit("hint_sub", hx(e.get("id_token_hint_sub")))
            if "divergence" not in v:
                merged = v["idpyoidc"]["merged"]
                emit("count", len(merged))
                param_lines(merged)
            for name in ("request", "id_token_hint"):
                bad = tamper(body, name)
                if bad is not None:
                    emit("tamper", hx(name), hx(bad))
        else:
            param = e.get("param")
            emit("expect", e["error"], hx(param))
            if param == "request" and e["error"] not in OWN_TYPING:
                emit("oauth_error", hx("invalid_request_object"))
            elif param == "id_token_hint" and e["error"] not in OWN_TYPING:
                emit("oauth_error", hx("invalid_request"))
        emit("end")
        n += 1
    return n


# ----------------------------------------------------------------------------- grants

def list_has(v, item):
    return isinstance(v, list) and item in v


def grant_files(root):
    g = root / "tests/vectors/grant"
    return sorted(g.glob("*.json")) + sorted((g / "spec").glob("*.json"))


def unwrap_token(t):
    if len(t) == 1 and "." in next(iter(t)):
        k = next(iter(t))
        return k, t[k]
    return None, t


def tokens_of(grant):
    return [unwrap_token(t)[1] for t in grant["issued_token"]]


def jwt_exp(value):
    parts = value.split(".")
    if len(parts) != 3:
        return None
    try:
        p = parts[1] + "=" * (-len(parts[1]) % 4)
        return json.loads(base64.urlsafe_b64decode(p)).get("exp")
    except Exception:  # noqa: BLE001 - not a JWT: no exp, as in the Rust test
        return None


def case_of(path):
    v = json.loads(path.read_text())
    name = v.get("name") or path.name
    idp = "grant_key" in v or isinstance(v["expected"].get("state_after", {}).get("tokens"), dict)
    c = v["config"]
    oauth2 = c.get("profile") == "oauth2"
    ir = c.get("issue_refresh")
    pol = {"profile": 1 if oauth2 else 0, "issue_refresh": -1 if ir is None else int(ir),
           "refresh_in": 0, "revoke": int(bool(c.get("revoke_refresh_on_issue") or False)),
           "life": [3600, 86400, 300], "code_ok": 1, "refresh_ok": 1}
    session = None
    if idp:
        client = c.get("client_grant_types_supported")
        augment = c.get("provider_grant_types") if client is None else client
        pol["refresh_in"] = int(list_has(augment, "refresh_token"))
        allowed = c.get("provider_grant_types_supported") if client is None else client
        if isinstance(allowed, list):
            pol["code_ok"] = int("authorization_code" in allowed)
            pol["refresh_ok"] = int("refresh_token" in allowed)
        h = c.get("token_handlers") or {}

        def life(k, d):
            x = (h.get(k) or {}).get("lifetime")
            return x if isinstance(x, int) else d
        pol["life"] = [life("access_token", 3600), life("refresh_token", 86400),
                       life("id_token", 300)]
        gk = v.get("grant_key")
        if isinstance(gk, str) and len(gk.split(";;")) > 1:
            session = gk.split(";;")[1]
    else:
        pol["refresh_in"] = int(list_has(c.get("client_grant_types"), "refresh_token"))
        allowed = c.get("allowed_grant_types")
        if isinstance(allowed, list):
            pol["code_ok"] = int("authorization_code" in allowed)
            pol["refresh_ok"] = int("refresh_token" in allowed)
        if "lifetimes" in c:
            lt = c["lifetimes"]
            pol["life"] = [lt.get("access_token", 3600), lt.get("refresh_token", 86400),
                           lt.get("id_token", 300)]
    return name, idp, pol, session, v


CLASS_CODES = {"authorization_code": 1, "access_token": 2, "refresh_token": 3, "id_token": 4}


def grants(root):
    n = 0
    for path in grant_files(root):
        name, idp, pol, session, v = case_of(path)
        req = v["request"]
        op = req.get("operation") or req.get("grant_type")
        emit("case", f"grant/{path.relative_to(root / 'tests/vectors/grant')}")
        emit("grant", hx(json.dumps(v["grant"], ensure_ascii=False)))
        emit("now", v["now"])
        emit("policy", pol["profile"], pol["issue_refresh"], pol["refresh_in"], pol["revoke"],
             *pol["life"], pol["code_ok"], pol["refresh_ok"])
        sess = session or req.get("session_client_id")
        if op in ("mint_token", "mint"):
            emit("op", "mint")
            emit("class", CLASS_CODES[req["token_class"]])
            based = req["based_on"]
            if isinstance(based, str):
                emit("based_on_value", hx(based))
            else:
                emit("based_on", based)
        elif op == "authorization_code":
            emit("op", "code")
            emit("req", hx(req["code"]), hx(req.get("client_id")), hx(req.get("redirect_uri")),
                 hx(sess))
        elif op == "refresh_token":
            value = req["refresh_token"]
            vexp = jwt_exp(value) if idp else req.get("value_exp")
            emit("op", "refresh")
            emit("req", hx(value), hx(req["client_id"]), hx(req.get("scope")), hx(sess),
                 "~" if vexp is None else vexp)
        else:
            raise SystemExit(f"{name}: unknown request kind {op}")
        emit("end")
        n += 1
    print(f"# {n} grant vectors", file=sys.stderr)


def check_grants(root, output):
    """The comparisons of grant_vectors.rs `run`, over the C program's output lines:
    `<case>\tstep\t<decision JSON>` or `<case>\tmint\t<ok|error name>\t<error>\t<desc>`."""
    got = {}
    for line in Path(output).read_text().splitlines():
        if line.startswith("grant/"):
            parts = line.split("\t")
            got[parts[0]] = parts[1:]
    failures, total = [], 0
    for path in grant_files(root):
        total += 1
        key = f"grant/{path.relative_to(root / 'tests/vectors/grant')}"
        name, idp, pol, session, v = case_of(path)
        exp = v["expected"]
        fail = []

        def check(what, want, have):
            if want != have:
                fail.append(f"{what}: want {json.dumps(want)}, have {json.dumps(have)}")
        if key not in got:
            failures.append(f"{key}: no output")
            continue
        g = got[key]
        if g[0] == "mint":
            ok = g[1] == "ok"
            check("ok", exp.get("ok"), ok)
            if not ok:
                check("error_description", exp.get("error_description"), g[3])
                if exp.get("error") not in ("MintingNotAllowed", "GrantInactive"):
                    check("error", exp.get("error"), g[2])
            if fail:
                failures.append(f"{key}:\n  " + "\n  ".join(fail))
            continue
        out = json.loads(g[1])
        check("ok", exp.get("ok"), out["ok"])
        for k in ["error", "error_description", "kind", "expires_in", "scope", "token_type",
                  "add_refresh_minting"]:
            if k in exp:
                check(k, exp[k], out.get(k))
        minted = [m["token_class"] for m in out["mint"]]
        if "minted" in exp:
            check("minted", exp["minted"], minted)
        stored = tokens_of(v["grant"])
        states = []
        for i, t in enumerate(stored):
            mine = out["token"] == i
            used = out["token_used"] if mine else t.get("used")
            revoked = bool(t.get("revoked", False)) or i in out["revoke"] or \
                (mine and out["token_revoked"])
            states.append((used, revoked))
        sa = exp.get("state_after", {})
        if "grant_used" in sa:
            check("grant_used", sa["grant_used"], out["grant_used"])
        if idp:
            want = sa["tokens"]
            for t, (used, revoked) in zip(stored, states):
                check(f"state of {t['value'][:12]}", want.get(t["value"]),
                      {"used": used, "revoked": revoked})
            new = [s for k, s in want.items() if not any(t["value"] == k for t in stored)]
            check("number of new tokens", len(new), len(minted))
            for s in new:
                check("new token state", s, {"used": 0, "revoked": False})
            for w, h in zip(exp.get("new_tokens") or [], out["mint"]):
                _, w = unwrap_token(w)
                check("new token class", w["token_class"], h["token_class"])
                check("new token expires_at", w.get("expires_at"), h.get("expires_at"))
                check("new token scope", w.get("scope"), h.get("scope"))
                check("new token usage_rules", w.get("usage_rules"), h.get("usage_rules"))
                check("new token based_on", w.get("based_on"),
                      stored[h["based_on"]]["value"])
        else:
            if "tokens" in sa:
                check("tokens", sa["tokens"],
                      [{"used": u, "revoked": r} for u, r in states])
            if "appended" in sa:
                check("appended", sa["appended"], out["mint"])
        if fail:
            failures.append(f"{key}:\n  " + "\n  ".join(fail))
    print(f"grant decisions through the C API: {total - len(failures)} of {total} as expected")
    for f in failures:
        print("FAIL", f)
    return 1 if failures or total < 100 else 0


def main():
    root = Path(sys.argv[1])
    mode = sys.argv[2]
    if mode == "messages":
        messages(root)
    elif mode == "grants":
        grants(root)
    elif mode == "check-grants":
        sys.exit(check_grants(root, sys.argv[3]))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
