"""Writes tests/vectors/grant/*.json from GRANTS.md §6/§7 (hand-encoded verdicts).

Not driven by idpyoidc: the grants are built in the §6 dump shape (test-config usage rules) and
every expected decision and state change is written out literally from the spec's §4/§7 tables.
The idpyoidc-driven generator may later add files next to these; both share one schema:

  {name, description, source, now,
   config: {profile, issue_refresh, revoke_refresh_on_issue, client_grant_types, lifetimes?,
            allowed_grant_types? (absent = every grant type allowed)},
   grant: <grant object as idpyoidc dumps it>,
   request: {grant_type: authorization_code|refresh_token|mint, code|refresh_token, client_id,
             redirect_uri?, scope?, session_client_id?, value_exp?, based_on?, token_class?},
   expected: {ok, error?, error_description?, kind?, minted?, expires_in?, scope?,
              state_after: {grant_used, tokens: [{used, revoked}...], appended: [...]}}}
"""

import copy
import hashlib
import json
import os

OUT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "grant", "spec"))
T0 = 1795420513  # authorization time (issued_at of grant and code)
NOW = T0 + 5
CODE = "Z0FBQUFBQnJBX0Zob3hpZGMtY29kZS12YWx1ZS0wMDE"
AT1 = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJ0dHlwZSI6IlQiLCJuIjoxfQ.c2ln"
RT1 = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJ0dHlwZSI6IlIiLCJuIjoyfQ.c2ln"
IDT = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsyIn0.eyJub25jZSI6Ik4wTkNFIn0.c2ln"
AT2 = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJ0dHlwZSI6IlQiLCJuIjozfQ.c2ln"
RT2 = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJ0dHlwZSI6IlIiLCJuIjo0fQ.c2ln"
SCOPE = ["openid", "offline_access"]
RULES = {
    "authorization_code": {"expires_in": 300, "supports_minting": ["access_token", "refresh_token", "id_token"], "max_usage": 1},
    "access_token": {"expires_in": 600},
    "refresh_token": {"expires_in": 86400, "supports_minting": ["access_token", "refresh_token"]},
}
Q = "idpyoidc.server.session.token."
OIDC = {"profile": "oidc", "issue_refresh": None, "revoke_refresh_on_issue": False, "client_grant_types": []}


def tok(cls, name, token_class, value, *, used=0, revoked=False, expires_at=0, not_before=0,
        based_on=None, rules=None, scope=None, issued_at=T0, extra=None):
    d = {"expires_at": expires_at, "issued_at": issued_at, "not_before": not_before,
         "revoked": revoked, "usage_rules": rules if rules is not None else {}, "used": used}
    if based_on is not None:
        d["based_on"] = based_on
    d.update({"claims": {}, "id": hashlib.sha256(value.encode()).hexdigest()[:32], "name": name,
              "resources": [], "scope": list(scope if scope is not None else SCOPE),
              "token_class": token_class, "value": value})
    d.update(extra or {})
    return {Q + cls: d}


def code(**kw):
    kw.setdefault("expires_at", T0 + 300)
    kw.setdefault("rules", copy.deepcopy(RULES["authorization_code"]))
    return tok("AuthorizationCode", "AuthorizationCode", "authorization_code", kw.pop("value", CODE), **kw)


def at(value, based_on, **kw):
    kw.setdefault("rules", {"expires_in": 600})
    kw.setdefault("expires_at", T0 + 600)
    return tok("AccessToken", "AccessToken", "access_token", value, based_on=based_on,
               extra={"token_type": "Bearer"}, **kw)


def rt(value, based_on, **kw):
    kw.setdefault("rules", copy.deepcopy(RULES["refresh_token"]))
    kw.setdefault("expires_at", T0 + 86400)
    return tok("RefreshToken", "RefreshToken", "refresh_token", value, based_on=based_on, **kw)


def idt(value, based_on, **kw):
    kw.setdefault("expires_at", T0 + 300)
    return tok("IDToken", "IDToken", "id_token", value, based_on=based_on,
               extra={"session_id": "Z0FBQUFBQnJBX0ZoLXNpZA"}, **kw)


def grant(tokens, *, used=None, scope=SCOPE, auth_scope="openid offline_access", rules=None,
          expires_at=T0 + 43200, revoked=False, redirect_uri="https://example.com/cb"):
    areq = {"client_id": "client_1", "scope": auth_scope, "state": "STATE",
            "response_type": "code", "nonce": "N0NCE"}
    if redirect_uri is not None:
        areq["redirect_uri"] = redirect_uri
    return {
        "expires_at": expires_at, "issued_at": T0, "not_before": 0, "revoked": revoked,
        "usage_rules": copy.deepcopy(rules if rules is not None else RULES),
        "used": len(tokens) if used is None else used,
        "authentication_event": {"idpyoidc.server.authn_event.AuthnEvent": {
            "uid": "diana", "authn_info": "urn:oasis:names:tc:SAML:2.0:ac:classes:InternetProtocolPassword",
            "authn_time": T0, "valid_until": T0 + 3600}},
        "authorization_request": {"idpyoidc.message.oidc.AuthorizationRequest": areq},
        "claims": {"userinfo": {"sub": None}, "introspection": {}, "id_token": {}, "access_token": {"sub": None}},
        "extra": {}, "resources": ["client_1"], "scope": list(scope),
        "sub": "b9eb09a780ecbd667b426a8e61d2af10887ace6a5d535210fab5ac3112a2ed19",
        "issued_token": tokens,
        "token_map": {k: Q + v for k, v in [("authorization_code", "AuthorizationCode"),
                      ("access_token", "AccessToken"), ("refresh_token", "RefreshToken"), ("id_token", "IDToken")]},
    }


def code_req(c=CODE, client="client_1", redirect="https://example.com/cb"):
    r = {"grant_type": "authorization_code", "code": c, "client_id": client}
    if redirect is not None:
        r["redirect_uri"] = redirect
    return r


def rt_req(v=RT1, client="client_1", scope=None):
    r = {"grant_type": "refresh_token", "refresh_token": v, "client_id": client}
    if scope is not None:
        r["scope"] = scope
    return r


def states(*pairs):
    return [{"used": u, "revoked": r} for u, r in pairs]


def app(token_class, based_on, expires_at, scope, usage_rules):
    return {"token_class": token_class, "based_on": based_on, "expires_at": expires_at,
            "scope": scope, "usage_rules": usage_rules}


def ok(minted, grant_used, tokens, appended, *, expires_in=600, scope=SCOPE):
    e = {"ok": True, "minted": minted, "scope": list(scope),
         "state_after": {"grant_used": grant_used, "tokens": tokens, "appended": appended}}
    if expires_in is not None:
        e["expires_in"] = expires_in
    return e


def err(error, desc, kind, grant_used, tokens, appended=()):
    return {"ok": False, "error": error, "error_description": desc, "kind": kind,
            "state_after": {"grant_used": grant_used, "tokens": tokens, "appended": list(appended)}}


VECTORS = []


def vec(name, description, source, g, request, expected, now=NOW, config=OIDC):
    VECTORS.append({"name": name, "description": description, "source": source, "now": now,
                    "config": dict(config), "grant": g, "request": request, "expected": expected})


def full_mint(now, based_on=0):
    return [app("access_token", based_on, now + 600, SCOPE, {"expires_in": 600}),
            app("refresh_token", based_on, now + 86400, SCOPE, RULES["refresh_token"]),
            app("id_token", based_on, now + 300, SCOPE, {})]


fresh = grant([code()])
vec("g01-fresh-code-ok", "Fresh code, right client and redirect_uri, scope openid offline_access: access, refresh and ID token; code.used ends at 2, grant.used at 4.",
    "GRANTS.md §7 G1, §4.3", fresh, code_req(),
    ok(["access_token", "refresh_token", "id_token"], 4, states((2, False)), full_mint(NOW)))

after_g1 = grant([code(used=2), at(AT1, CODE), rt(RT1, CODE), idt(IDT, CODE)], used=4)
vec("g02-code-replay-revokes", "The same code again: invalid_grant / Code inactive; the access, refresh and ID token minted from it are revoked, the code itself is not.",
    "GRANTS.md §7 G2, §4.3 P3", after_g1, code_req(),
    err("invalid_grant", "Code inactive", "code_reused", 4, states((2, False), (0, True), (0, True), (0, True))))

after_refresh = grant([code(used=2), at(AT1, CODE), rt(RT1, CODE, used=3), idt(IDT, CODE),
                       at(AT2, RT1, expires_at=T0 + 700), rt(RT2, RT1, expires_at=T0 + 86500)], used=6)
vec("g02b-code-replay-revokes-recursively", "Code replay after a refresh: tokens minted from the refresh token (based_on chains) are revoked too.",
    "GRANTS.md §7 G2, §4.3 P3 (recursive revoke_token)", after_refresh, code_req(),
    err("invalid_grant", "Code inactive", "code_reused", 6,
        states((2, False), (0, True), (3, True), (0, True), (0, True), (0, True))))

vec("g03-code-expired", "Fresh code with expires_at = now - 1: invalid_grant / Code inactive.",
    "GRANTS.md §7 G3, §4.1 step 4", grant([code(expires_at=NOW - 1)]), code_req(),
    err("invalid_grant", "Code inactive", "code_inactive", 1, states((0, False))))

vec("g03b-code-expires-now", "Code with expires_at = now is still active (strictly greater).",
    "GRANTS.md §7 G3b, §4.1 step 4", grant([code(expires_at=NOW)]), code_req(),
    ok(["access_token", "refresh_token", "id_token"], 4, states((2, False)), full_mint(NOW)))

vec("g04-code-revoked", "Fresh but revoked code: invalid_grant / Code inactive.",
    "GRANTS.md §7 G4, §4.1 step 2", grant([code(revoked=True)]), code_req(),
    err("invalid_grant", "Code inactive", "code_inactive", 1, states((0, True))))

vec("g05-redirect-uri-mismatch", "redirect_uri differs from the authorization request's: invalid_request / redirect_uri mismatch; the code is not consumed.",
    "GRANTS.md §7 G5, §4.3 R4", fresh, code_req(redirect="https://example.com/other"),
    err("invalid_request", "redirect_uri mismatch", "code_redirect_uri_mismatch", 1, states((0, False))))

vec("g05b-redirect-uri-missing", "No redirect_uri in the token request although the authorization request had one: redirect_uri mismatch (idpyoidc: KeyError).",
    "GRANTS.md §4.3 R4; DIVERGENCES.md", fresh, code_req(redirect=None),
    err("invalid_request", "redirect_uri mismatch", "code_redirect_uri_mismatch", 1, states((0, False))))

g6 = grant([code(scope=["openid"])], scope=["openid"], auth_scope="openid")
vec("g06-openid-only-no-refresh", "Scope openid only: access and ID token, no refresh token (no offline_access); code.used 2, grant.used 3.",
    "GRANTS.md §7 G6, §4.3 R7", g6, code_req(),
    ok(["access_token", "id_token"], 3, states((2, False)),
       [app("access_token", 0, NOW + 600, ["openid"], {"expires_in": 600}),
        app("id_token", 0, NOW + 300, ["openid"], {})], scope=["openid"]))

vec("g07-grant-expired", "Grant expires_at = now - 1, fresh code: idpyoidc crashes (mint_token returns None); oxidc answers invalid_grant / Grant inactive and changes nothing.",
    "GRANTS.md §7 G7, §4.2 step 1; DIVERGENCES.md", grant([code()], expires_at=NOW - 1), code_req(),
    err("invalid_grant", "Grant inactive", "grant_inactive", 1, states((0, False))))

vec("g08-grant-revoked", "Revoked grant, fresh code: as G7.",
    "GRANTS.md §7 G8; DIVERGENCES.md", grant([code()], revoked=True), code_req(),
    err("invalid_grant", "Grant inactive", "grant_inactive", 1, states((0, False))))

vec("g09-code-not-yet-valid", "Code with not_before = now + 100: invalid_grant / Code inactive.",
    "GRANTS.md §7 G9, §4.1 step 3", grant([code(not_before=NOW + 100)]), code_req(),
    err("invalid_grant", "Code inactive", "code_inactive", 1, states((0, False))))

vec("g10-wrong-client", "Code issued to client_1 redeemed by client_2: invalid_grant / Wrong client.",
    "GRANTS.md §7 G10, §4.3 R3", fresh, code_req(client="client_2"),
    err("invalid_grant", "Wrong client", "token_client_mismatch", 1, states((0, False))))

vec("g11-unknown-code", "A value that is no code of this grant: invalid_grant / Unknown code.",
    "GRANTS.md §7 G11, §4.3 P1", fresh, code_req(c="Z0FBQUFBQnJBX0Zobm90LWEtY29kZQ"),
    err("invalid_grant", "Unknown code", "unknown_code", 1, states((0, False))))

vec("g11b-refresh-token-as-code", "A refresh token of this grant sent as code: invalid_grant / Unknown code; nothing changes.",
    "GRANTS.md §7 G11", after_g1, code_req(c=RT1),
    err("invalid_grant", "Unknown code", "unknown_code", 4, states((2, False), (0, False), (0, False), (0, False))))

RNOW = T0 + 100
base_r = after_g1
vec("r01-refresh-ok", "Valid refresh token (supports access_token, refresh_token), scope has offline_access: access token + new refresh token, no ID token; RT.used 0 -> 3.",
    "GRANTS.md §7 R1, §4.5", base_r, rt_req(),
    ok(["access_token", "refresh_token"], 6, states((2, False), (0, False), (3, False), (0, False)),
       [app("access_token", 2, RNOW + 600, SCOPE, {"expires_in": 600}),
        app("refresh_token", 2, RNOW + 86400, SCOPE, RULES["refresh_token"])]), now=RNOW)

after_r1 = grant([code(used=2), at(AT1, CODE), rt(RT1, CODE, used=3), idt(IDT, CODE),
                  at(AT2, RT1, expires_at=RNOW + 600, issued_at=RNOW), rt(RT2, RT1, expires_at=RNOW + 86400, issued_at=RNOW)], used=6)
vec("r02-refresh-reuse-ok", "The same refresh token again (revoke_refresh_on_issue false): OK again; RT.used 3 -> 6.",
    "GRANTS.md §7 R2", after_r1, rt_req(),
    ok(["access_token", "refresh_token"], 8, states((2, False), (0, False), (6, False), (0, False), (0, False), (0, False)),
       [app("access_token", 2, RNOW + 600, SCOPE, {"expires_in": 600}),
        app("refresh_token", 2, RNOW + 86400, SCOPE, RULES["refresh_token"])]), now=RNOW)

vec("r03-refresh-scope-exceeds", "Refresh asking scope=openid profile against openid offline_access: invalid_request / Invalid refresh scopes.",
    "GRANTS.md §7 R3, §4.5 F5", base_r, rt_req(scope="openid profile"),
    err("invalid_request", "Invalid refresh scopes", "refresh_scope_exceeded", 4,
        states((2, False), (0, False), (0, False), (0, False))), now=RNOW)

vec("r04-refresh-narrowed-scope", "Refresh asking scope=openid: OK, access token only (offline_access dropped, no new RT; id_token not in RT's supports_minting); RT.used 0 -> 2.",
    "GRANTS.md §7 R4, §4.5 Q3/Q5", base_r, rt_req(scope="openid"),
    ok(["access_token"], 5, states((2, False), (0, False), (2, False), (0, False)),
       [app("access_token", 2, RNOW + 600, ["openid"], {"expires_in": 600})], scope=["openid"]), now=RNOW)

r5 = grant([code(used=2), at(AT1, CODE), rt(RT1, CODE, revoked=True), idt(IDT, CODE)], used=4)
vec("r05-refresh-revoked", "Revoked refresh token: invalid_request / Refresh token inactive.",
    "GRANTS.md §7 R5, §4.5 F4", r5, rt_req(),
    err("invalid_request", "Refresh token inactive", "refresh_token_inactive", 4,
        states((2, False), (0, False), (0, True), (0, False))), now=RNOW)

r5b = grant([code(used=2), at(AT1, CODE), rt(RT1, CODE, expires_at=RNOW - 1), idt(IDT, CODE)], used=4)
vec("r05b-refresh-expired", "Refresh token with expires_at = now - 1: invalid_request / Refresh token inactive.",
    "GRANTS.md §7 R5, §4.1 step 4", r5b, rt_req(),
    err("invalid_request", "Refresh token inactive", "refresh_token_inactive", 4,
        states((2, False), (0, False), (0, False), (0, False))), now=RNOW)

MAX1 = {"expires_in": 86400, "supports_minting": ["access_token", "refresh_token"], "max_usage": 1}
r6 = grant([code(used=2), at(AT1, CODE), rt(RT1, CODE, rules=MAX1), idt(IDT, CODE)], used=4)
vec("r06-refresh-max-usage-1", "Refresh token with max_usage 1, new RT due: the access-token mint uses the only use, the RT mint fails invalid_request / Token inactive. The access token idpyoidc already appended and RT.used = 1 persist.",
    "GRANTS.md §7 R6, §4.5 Q5", r6, rt_req(),
    err("invalid_request", "Token inactive", "token_inactive", 5,
        states((2, False), (0, False), (1, False), (0, False)),
        [app("access_token", 2, RNOW + 600, SCOPE, {"expires_in": 600})]), now=RNOW)

r7 = grant([code(used=2), at(AT1, CODE), rt(RT1, CODE, rules=MAX1, used=1), idt(IDT, CODE),
            at(AT2, RT1, expires_at=RNOW + 600, issued_at=RNOW)], used=5)
vec("r07-refresh-max-usage-again", "That refresh token again (used 1 = max_usage): invalid_request / Refresh token inactive.",
    "GRANTS.md §7 R7", r7, rt_req(),
    err("invalid_request", "Refresh token inactive", "refresh_token_inactive", 5,
        states((2, False), (0, False), (1, False), (0, False), (0, False))), now=RNOW)

REVOKE = dict(OIDC, revoke_refresh_on_issue=True)
vec("r08-revoke-on-issue-first", "revoke_refresh_on_issue: the first use succeeds (new RT) and revokes the used refresh token.",
    "GRANTS.md §7 R8, §4.5 Q8", base_r, rt_req(),
    ok(["access_token", "refresh_token"], 6, states((2, False), (0, False), (3, True), (0, False)),
       [app("access_token", 2, RNOW + 600, SCOPE, {"expires_in": 600}),
        app("refresh_token", 2, RNOW + 86400, SCOPE, RULES["refresh_token"])]), now=RNOW, config=REVOKE)

after_r8 = grant([code(used=2), at(AT1, CODE), rt(RT1, CODE, used=3, revoked=True), idt(IDT, CODE),
                  at(AT2, RT1, expires_at=RNOW + 600, issued_at=RNOW), rt(RT2, RT1, expires_at=RNOW + 86400, issued_at=RNOW)], used=6)
vec("r08b-revoke-on-issue-reuse", "revoke_refresh_on_issue: reusing the revoked refresh token gives invalid_request / Refresh token inactive.",
    "GRANTS.md §7 R8", after_r8, rt_req(),
    err("invalid_request", "Refresh token inactive", "refresh_token_inactive", 6,
        states((2, False), (0, False), (3, True), (0, False), (0, False), (0, False))), now=RNOW + 10, config=REVOKE)

vec("r08c-revoke-on-issue-new-rt", "revoke_refresh_on_issue: the new refresh token works; its scope comes from its based_on chain (the old refresh token's scope).",
    "GRANTS.md §7 R8", after_r8, rt_req(v=RT2),
    ok(["access_token", "refresh_token"], 8,
       states((2, False), (0, False), (3, True), (0, False), (0, False), (3, True)),
       [app("access_token", 5, RNOW + 10 + 600, SCOPE, {"expires_in": 600}),
        app("refresh_token", 5, RNOW + 10 + 86400, SCOPE, RULES["refresh_token"])]), now=RNOW + 10, config=REVOKE)


def mint(based_on, token_class):
    return {"grant_type": "mint", "based_on": based_on, "token_class": token_class}


vec("m01-access-token-mints-nothing", "mint_token(access_token, based_on=<access token>): MintingNotAllowed('Minting of access_token not supported').",
    "GRANTS.md §7 M1, §4.2 step 2", after_g1, mint(1, "access_token"),
    err("invalid_request", "Minting of access_token not supported", "minting_not_supported", 4,
        states((2, False), (0, False), (0, False), (0, False))), now=RNOW)

vec("m02-refresh-token-no-id-token", "mint_token(id_token, based_on=<RT without id_token in supports_minting>): Minting of id_token not supported.",
    "GRANTS.md §7 M2", after_g1, mint(2, "id_token"),
    err("invalid_request", "Minting of id_token not supported", "minting_not_supported", 4,
        states((2, False), (0, False), (0, False), (0, False))), now=RNOW)

vec("m03-inactive-parent", "mint_token(access_token, based_on=<revoked RT that supports it>): MintingNotAllowed('Token inactive').",
    "GRANTS.md §7 M3", r5, mint(2, "access_token"),
    err("invalid_request", "Token inactive", "token_inactive", 4,
        states((2, False), (0, False), (0, True), (0, False))), now=RNOW)

vec("m03b-supports-checked-first", "Inactive parent that does not support the class: the supports check comes first.",
    "GRANTS.md §4.2 step 2", r5, mint(2, "id_token"),
    err("invalid_request", "Minting of id_token not supported", "minting_not_supported", 4,
        states((2, False), (0, False), (0, True), (0, False))), now=RNOW)

vec("m04-grant-inactive", "mint_token on an expired grant returns None in idpyoidc; oxidc reports Grant inactive.",
    "GRANTS.md §4.2 step 1", grant([code(used=2), at(AT1, CODE), rt(RT1, CODE), idt(IDT, CODE)], used=4, expires_at=RNOW - 1),
    mint(2, "access_token"),
    err("invalid_grant", "Grant inactive", "grant_inactive", 4,
        states((2, False), (0, False), (0, False), (0, False))), now=RNOW)

# ---- rules beyond the §7 table
OAUTH2 = dict(OIDC, profile="oauth2")
vec("x01-oauth2-code-reuse", "OAuth2 helper: no reuse detection; a used code fails is_active: invalid_request / Code inactive, nothing revoked.",
    "GRANTS.md §4.4", after_g1, code_req(),
    err("invalid_request", "Code inactive", "code_inactive", 4, states((2, False), (0, False), (0, False), (0, False))),
    config=OAUTH2)

vec("x02-oauth2-code-ok", "OAuth2 helper: access + refresh token (offline_access in scope), no ID token; code.used 2, grant.used 3.",
    "GRANTS.md §4.4", fresh, code_req(),
    ok(["access_token", "refresh_token"], 3, states((2, False)), full_mint(NOW)[:2]), config=OAUTH2)

vec("x03-oauth2-refresh-no-new-rt", "OAuth2 refresh helper: issue_refresh defaults to false (offline_access is not consulted); RT.used 0 -> 2.",
    "idpyoidc 5.0.0 oauth2/token_helper/refresh_token.py (GRANTS.md §4.5 says 'same minus ID token')", base_r, rt_req(),
    ok(["access_token"], 5, states((2, False), (0, False), (2, False), (0, False)),
       [app("access_token", 2, RNOW + 600, SCOPE, {"expires_in": 600})]), now=RNOW, config=OAUTH2)

vec("x04-issue-refresh-false", "issue_refresh=false overrides offline_access: no refresh token from the code.",
    "GRANTS.md §4.3 R7", fresh, code_req(),
    ok(["access_token", "id_token"], 3, states((2, False)), [full_mint(NOW)[0], full_mint(NOW)[2]]),
    config=dict(OIDC, issue_refresh=False))

nort = copy.deepcopy(RULES)
nort["authorization_code"]["supports_minting"] = ["access_token", "id_token"]
g_nort = grant([code(rules=copy.deepcopy(nort["authorization_code"]))], rules=nort)
vec("x05-grant-types-adds-refresh", "Client grant_types_supported has refresh_token but the code may not mint one: OIDC appends refresh_token to the code's supports_minting (persisted) and mints it.",
    "GRANTS.md §4.3 R5", g_nort, code_req(),
    dict(ok(["access_token", "refresh_token", "id_token"], 4, states((2, False)), full_mint(NOW)), add_refresh_minting=True),
    config=dict(OIDC, client_grant_types=["authorization_code", "refresh_token"]))

vec("x06-no-refresh-without-supports", "Same code without the grant-types augmentation: no refresh token.",
    "GRANTS.md §4.3 R5/R7", g_nort, code_req(),
    ok(["access_token", "id_token"], 3, states((2, False)), [full_mint(NOW)[0], full_mint(NOW)[2]]))

strrules = copy.deepcopy(RULES)
strrules["access_token"] = {"expires_in": "900"}
strrules["refresh_token"] = {"supports_minting": ["access_token", "refresh_token"], "expires_in": -1}
vec("x07-expires-in-string-and-negative", "expires_in given as a decimal string is converted; the template's refresh expires_in -1 yields an already-expired refresh token.",
    "GRANTS.md §2, §3.2", grant([code()], rules=strrules), code_req(),
    ok(["access_token", "refresh_token", "id_token"], 4, states((2, False)),
       [app("access_token", 0, NOW + 900, SCOPE, {"expires_in": "900"}),
        app("refresh_token", 0, NOW - 1, SCOPE, strrules["refresh_token"]),
        app("id_token", 0, NOW + 300, SCOPE, {})], expires_in=900))

norules = {"authorization_code": RULES["authorization_code"], "access_token": {}}
vec("x08-handler-lifetime-and-rt-defaults", "No (or an empty) grant rule: the handler lifetime sets expires_at, and a refresh token gets the default supports_minting.",
    "GRANTS.md §3.1 step 5, §1.2 set_defaults", grant([code()], rules=norules), code_req(),
    ok(["access_token", "refresh_token", "id_token"], 4, states((2, False)),
       [app("access_token", 0, NOW + 3600, SCOPE, {}),
        app("refresh_token", 0, NOW + 86400, SCOPE, {"supports_minting": ["access_token", "refresh_token"]}),
        app("id_token", 0, NOW + 300, SCOPE, {})], expires_in=3600))

vec("x09-refresh-wrong-client", "Refresh token used by another client: invalid_grant / Wrong client.",
    "GRANTS.md §4.5 Q2", base_r, rt_req(client="client_2"),
    err("invalid_grant", "Wrong client", "token_client_mismatch", 4, states((2, False), (0, False), (0, False), (0, False))), now=RNOW)

vec("x10-code-as-refresh-token", "A code sent as refresh token: invalid_grant / Invalid refresh token.",
    "GRANTS.md §4.5 F2", base_r, rt_req(v=CODE),
    err("invalid_grant", "Invalid refresh token", "unknown_refresh_token", 4, states((2, False), (0, False), (0, False), (0, False))), now=RNOW)

rtid = copy.deepcopy(RULES)
rtid["refresh_token"]["supports_minting"] = ["access_token", "refresh_token", "id_token"]
g_rtid = grant([code(used=2), at(AT1, CODE), rt(RT1, CODE, rules=copy.deepcopy(rtid["refresh_token"])), idt(IDT, CODE)], used=4, rules=rtid)
vec("x11-refresh-with-id-token", "OP default rules: the refresh token may mint ID tokens; openid in scope gives one (RT.used 0 -> 4).",
    "GRANTS.md §3.2 OP default, §4.5 Q6", g_rtid, rt_req(),
    ok(["access_token", "refresh_token", "id_token"], 7, states((2, False), (0, False), (4, False), (0, False)),
       [app("access_token", 2, RNOW + 600, SCOPE, {"expires_in": 600}),
        app("refresh_token", 2, RNOW + 86400, SCOPE, rtid["refresh_token"]),
        app("id_token", 2, RNOW + 300, SCOPE, {})]), now=RNOW)


vec("x12-refresh-grant-type-not-allowed", "The client's grant_types_supported lacks refresh_token: invalid_request / Unsupported grant_type: refresh_token at parse time.",
    "idpyoidc token endpoint parse phase (generator vector 054)", base_r, rt_req(),
    err("invalid_request", "Unsupported grant_type: refresh_token", "grant_type_not_allowed", 4,
        states((2, False), (0, False), (0, False), (0, False))), now=RNOW,
    config=dict(OIDC, allowed_grant_types=["authorization_code"]))

vec("x13-code-grant-type-not-allowed", "The client's grant_types_supported lacks authorization_code.",
    "idpyoidc token endpoint parse phase", fresh, code_req(),
    err("invalid_request", "Unsupported grant_type: authorization_code", "grant_type_not_allowed", 1, states((0, False))),
    config=dict(OIDC, allowed_grant_types=["refresh_token"]))

vec("x14-jwt-refresh-token-expired", "A JWT refresh token whose own exp has passed fails in the refresh handler: invalid_grant / Invalid refresh token (idpyoidc: uncaught ToOld).",
    "GRANTS.md §4.5 F2; DIVERGENCES.md", base_r, dict(rt_req(), value_exp=RNOW - 1),
    err("invalid_grant", "Invalid refresh token", "unknown_refresh_token", 4,
        states((2, False), (0, False), (0, False), (0, False))), now=RNOW)

vec("x15-jwt-refresh-token-exp-now", "A JWT refresh token in the second of its exp is still accepted by the handler.",
    "GRANTS.md §4.5 F2", base_r, dict(rt_req(), value_exp=RNOW),
    ok(["access_token", "refresh_token"], 6, states((2, False), (0, False), (3, False), (0, False)),
       [app("access_token", 2, RNOW + 600, SCOPE, {"expires_in": 600}),
        app("refresh_token", 2, RNOW + 86400, SCOPE, RULES["refresh_token"])]), now=RNOW)

noat = copy.deepcopy(RULES)
noat["authorization_code"]["supports_minting"] = ["refresh_token", "id_token"]
vec("x16-code-without-access-token-minting", "A code that may not mint access tokens while a refresh/ID token is due: idpyoidc crashes (UnboundLocalError); oxidc answers invalid_request / Minting of access_token not supported and changes nothing.",
    "GRANTS.md §4.3 R6-R8; DIVERGENCES.md", grant([code(rules=copy.deepcopy(noat["authorization_code"]))], rules=noat), code_req(),
    err("invalid_request", "Minting of access_token not supported", "minting_not_supported", 1, states((0, False))))


# ---- the seed dumps (copied verbatim into grant/dumps/ from GRANTS.md §6 and seeds/004)
DUMPS = os.path.join(OUT, "dumps")
with open(os.path.join(DUMPS, "grants-md-s6-session-dump.json"), encoding="utf-8") as fh:
    dump = json.load(fh)
g = dump["db"]["diana;;client_1;;36e26304e71311f1bdd302fc00000001"][1]
vec("s01-spec-dump-code-replay", "The GRANTS.md §6 dump (after one redemption and one replay; values shortened with an ellipsis): replaying the code again is refused, the tokens stay revoked.",
    "GRANTS.md §6", g, code_req(c="Z0FBQUFBQnJBX0Zo\u2026"),
    err("invalid_grant", "Code inactive", "code_reused", 4, states((2, False), (0, True), (0, True), (0, True))),
    now=1795420513 + 30)
with open(os.path.join(DUMPS, "seed-004-oidcop-session-dump.json"), encoding="utf-8") as fh:
    seed = json.load(fh)
sg = seed["db"]["diana;;86M1io6O2Vdy;;fcc1c962a60911eb9d4d57d896f78a5d"][1]
vec("s02-oidcop-seed-code-replay", "The oidcop-era seed dump (bare token objects with 'type' instead of 'token_class', code used once): replaying the code revokes the access token minted from it.",
    "seeds/004 (oidcop session dump)", sg,
    {"grant_type": "authorization_code", "code": sg["issued_token"][0]["value"], "client_id": "86M1io6O2Vdy",
     "redirect_uri": "https://127.0.0.1:8090/authz_cb/local"},
    err("invalid_grant", "Code inactive", "code_reused", 2, states((1, False), (0, True))),
    now=1619384739 + 10)


def main():
    os.makedirs(OUT, exist_ok=True)
    for v in VECTORS:
        with open(os.path.join(OUT, v["name"] + ".json"), "w", encoding="ascii") as fh:
            json.dump(v, fh, indent=1)
            fh.write("\n")
    print(f"wrote {len(VECTORS)} vectors to {OUT}")


if __name__ == "__main__":
    main()
