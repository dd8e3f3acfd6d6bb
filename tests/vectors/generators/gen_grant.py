"""Generate tests/vectors/grant/*.json by driving a real idpyoidc 5.0.0 OP / AS in-process.

Every vector = one token-endpoint call (or one direct Grant.mint_token call for M*) made at a
frozen time `now` against a grant whose exact stored form (`grant`, as SessionManager.dump()
writes that node) is recorded first. See README.md for the schema.
"""

import copy
import json
import sys

from common import clean_folder
from common import exc_name
from common import source_string
from common import write_vector
from op_harness import CLIENT_SECRETS
from op_harness import OIDC_GRANT_CONFIG
from op_harness import REDIRECT_URI
from op_harness import SESSION_SALT
from op_harness import T0
from op_harness import Harness
from op_harness import describe_token_handlers

FOLDER = "grant"
SPEC_SEED_PATH = "/work/shared/spec/GRANTS.md"

VECTORS = []


def code_request(code, client_id="client_1", redirect_uri=REDIRECT_URI):
    return {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": client_id,
        "redirect_uri": redirect_uri,
    }


def refresh_request(rt, client_id="client_1", scope=None):
    r = {"grant_type": "refresh_token", "refresh_token": rt, "client_id": client_id}
    if scope is not None:
        r["scope"] = scope
    return r


def config_of(h, call_kwargs):
    cdb = h.ctx.cdb["client_1"]
    endpoint_rroi = h.token_ep.revoke_refresh_on_issue
    client_rroi = cdb.get("revoke_refresh_on_issue")
    return {
        "profile": h.profile,
        "issue_refresh": call_kwargs.get("issue_refresh"),
        "revoke_refresh_on_issue": bool(client_rroi if "revoke_refresh_on_issue" in cdb else endpoint_rroi),
        "revoke_refresh_on_issue_source": "client" if "revoke_refresh_on_issue" in cdb else "endpoint",
        "client_grant_types_supported": cdb.get("grant_types_supported"),
        "client_token_usage_rules": cdb.get("token_usage_rules"),
        "provider_grant_types": h.ctx.provider_info.get("grant_types"),
        "provider_grant_types_supported": h.ctx.claims.get_claim("grant_types_supported", []),
        "grant_config": h.grant_config,
        "token_handlers": describe_token_handlers(h.profile, h.refresh),
        "session_salt": SESSION_SALT,
    }


def dump_token(t):
    """A token exactly as Grant.issued_token dumps it: {qualified class name: object}."""
    from idpyoidc.util import qualified_name

    return json.loads(json.dumps({qualified_name(t): t.dump()}))


def record(
    h,
    num,
    name,
    description,
    request,
    *,
    gid=None,
    client_id="client_1",
    call_kwargs=None,
    recommended=None,
    notes=None,
    extra=None,
):
    """Reload the grant from its own dump, run one token request at h.now, write the vector."""
    call_kwargs = call_kwargs or {}
    grant_before = h.reload_grant()
    state_before = h.state()
    now = h.now
    outcome = h.token_request(request, client_id=client_id, **call_kwargs)
    state_after = h.state()
    vec = {
        "name": name,
        "description": description,
        "source": source_string(),
        "now": now,
        "grant_key": h.grant_key,
        "grant": grant_before,
        "request": request,
        "client_auth": {"method": "client_secret_post", "client_id": client_id},
        "config": config_of(h, call_kwargs),
    }
    if gid:
        vec["id"] = gid
    if notes:
        vec["notes"] = notes
    if extra:
        vec.update(extra)
    exp = build_expected(h, outcome, state_after, now)
    if "crash" in outcome:
        vec["idpyoidc"] = "crash: " + outcome["crash"]
        vec["idpyoidc_phase"] = outcome["phase"]
        vec["divergence"] = True
        if recommended is None:
            raise AssertionError(f"{name}: idpyoidc crashed ({outcome['crash']}) without a recommendation")
        exp = dict(recommended)
        exp["phase"] = outcome["phase"]
        exp["state_after"] = state_after
        if state_after != state_before:
            vec["idpyoidc_state_changed_before_crash"] = True
    elif recommended is not None:
        raise AssertionError(f"{name}: expected a crash, got {outcome}")
    exp["grant_after"] = h.dump_grant()
    vec["expected"] = exp
    VECTORS.append((f"{num:03d}-{name}.json", vec))
    return outcome


def build_expected(h, outcome, state_after, now):
    if "crash" in outcome:
        return None
    if "error" in outcome:
        return {
            "ok": False,
            "error": outcome["error"],
            "error_description": outcome["error_description"],
            "phase": outcome["phase"],
            "state_after": state_after,
        }
    resp = outcome["response"]
    exp = {
        "ok": True,
        "minted": [t.token_class for t in outcome["new_tokens"]],
        "new_tokens": [dump_token(t) for t in outcome["new_tokens"]],
        "response_params": sorted(resp.keys()),
        "token_type": resp.get("token_type"),
        "scope": resp.get("scope"),
        "state_after": state_after,
    }
    if "expires_in" in resp:
        exp["expires_in"] = resp["expires_in"]
    # response values must be the values of the minted tokens
    by_class = {t.token_class: t.value for t in outcome["new_tokens"]}
    for k in ("access_token", "refresh_token", "id_token"):
        if k in resp:
            assert resp[k] == by_class[k], k
    return exp


def mint_record(h, num, name, gid, description, token_class, based_on):
    """M1-M3: call Grant.mint_token directly."""
    grant_before = h.reload_grant()
    based = h.grant.get_token(based_on.value)
    now = h.now
    try:
        tok = h.grant.mint_token(
            session_id=h.sid,
            context=h.ctx,
            token_class=token_class,
            token_handler=h.mngr.token_handler[token_class],
            based_on=based,
        )
        exp = {"ok": True, "minted": [tok.token_class]}
    except Exception as err:  # noqa: BLE001
        exp = {"ok": False, "error": exc_name(err), "error_description": str(err)}
    exp["state_after"] = h.state()
    exp["grant_after"] = h.dump_grant()
    vec = {
        "name": name,
        "id": gid,
        "description": description,
        "source": source_string(),
        "now": now,
        "grant_key": h.grant_key,
        "grant": grant_before,
        "request": {"operation": "mint_token", "token_class": token_class, "based_on": based_on.value},
        "config": config_of(h, {}),
        "expected": exp,
    }
    VECTORS.append((f"{num:03d}-{name}.json", vec))


def redeem(h, code, **kw):
    out = h.token_request(code_request(code), **kw)
    assert "response" in out, out
    return out


# =====================================================================================
# cases
# =====================================================================================


def seed():
    """GRANTS.md §6: after one redemption and one replay of the same code."""
    h = Harness("seed")
    code = h.authorize()
    h.now = T0
    out = h.token_request(code_request(code))
    assert "response" in out
    out = h.token_request(code_request(code))
    assert out.get("error_description") == "Code inactive", out
    h.now = T0 + 60
    spec_grant = extract_spec_seed()
    record(
        h,
        0,
        "seed-diana",
        "GRANTS.md §6 example state, reproduced with idpyoidc (scope 'openid offline_access', one "
        "redemption and one replay of the same code at T0); the code is presented a third time",
        code_request(code),
        extra={"spec_grant": spec_grant},
        notes="`grant` is the real idpyoidc state equivalent to the spec example; `spec_grant` is the "
        "spec's JSON verbatim (token values shortened with an ellipsis there, so it cannot be "
        "replayed itself). The claims object differs: this OP has no userinfo endpoint/claims "
        "release configured, so every release point is {}.",
    )
    h.close()


def extract_spec_seed():
    text = open(SPEC_SEED_PATH, encoding="utf-8").read()
    start = text.index("```json", text.index("## 6."))
    end = text.index("```", start + 7)
    block = text[start + 7 : end]
    try:
        return json.loads(block)
    except ValueError:
        return {"unparsed": block}


def g_cases():
    # G1
    h = Harness("g1")
    code = h.authorize()
    h.now = T0 + 10
    record(h, 1, "g1-fresh-code", "fresh code, correct client and redirect_uri, scope 'openid offline_access'",
           code_request(code), gid="G1")
    # G2
    h.now = T0 + 20
    record(h, 2, "g2-code-replay", "the code of G1 presented again: tokens minted from it are revoked recursively, the code itself is not",
           code_request(code), gid="G2")
    h.close()

    # G3
    h = Harness("g3")
    code = h.authorize()
    h.now = h.token("authorization_code").expires_at + 1
    record(h, 3, "g3-code-expired", "fresh code presented one second after its expires_at",
           code_request(code), gid="G3")
    h.close()

    h = Harness("g3b")
    code = h.authorize()
    h.now = h.token("authorization_code").expires_at
    record(h, 4, "g3b-code-expires-at-equals-now", "fresh code presented exactly at expires_at (still active: strict >)",
           code_request(code), gid="G3b")
    h.close()

    # G4
    h = Harness("g4")
    code = h.authorize()
    h.token("authorization_code").revoked = True
    h.now = T0 + 10
    record(h, 5, "g4-code-revoked", "fresh code marked revoked", code_request(code), gid="G4")
    h.close()

    # G5
    h = Harness("g5")
    code = h.authorize()
    h.now = T0 + 10
    record(h, 6, "g5-redirect-uri-mismatch", "redirect_uri differs from the authorization request's (code not consumed)",
           code_request(code, redirect_uri="https://example.com/other"), gid="G5")
    h.close()

    # G6
    h = Harness("g6")
    code = h.authorize(scope="openid")
    h.now = T0 + 10
    record(h, 7, "g6-scope-openid-only", "scope 'openid' only: no offline_access, so no refresh token",
           code_request(code), gid="G6")
    h.close()

    # G7
    h = Harness("g7")
    code = h.authorize()
    h.now = T0 + 10
    h.grant.expires_at = h.now - 1
    record(h, 8, "g7-grant-expired", "grant expires_at = now-1, fresh code: Grant.mint_token returns None and the helper dereferences it",
           code_request(code), gid="G7",
           recommended={"ok": False, "error": "invalid_grant", "error_description": "Grant inactive"})
    h.close()

    # G8
    h = Harness("g8")
    code = h.authorize()
    h.now = T0 + 10
    h.grant.revoked = True
    record(h, 9, "g8-grant-revoked", "grant revoked, fresh code: same crash as G7",
           code_request(code), gid="G8",
           recommended={"ok": False, "error": "invalid_grant", "error_description": "Grant inactive"})
    h.close()

    # G9
    h = Harness("g9")
    code = h.authorize()
    h.now = T0 + 10
    h.token("authorization_code").not_before = h.now + 100
    record(h, 10, "g9-code-not-before", "code not_before = now+100", code_request(code), gid="G9")
    h.close()

    # G10
    h = Harness("g10")
    code = h.authorize()
    h.now = T0 + 10
    record(h, 11, "g10-wrong-client", "code issued to client_1, redeemed by authenticated client_2",
           code_request(code, client_id="client_2"), gid="G10", client_id="client_2")
    h.close()

    # G11
    h = Harness("g11a")
    code = h.authorize()
    h.now = T0 + 10
    bad = code[:100] + ("A" if code[100] != "A" else "B") + code[101:]
    record(h, 12, "g11-undecryptable-code", "one base64 character of a real code changed (Fernet HMAC fails)",
           code_request(bad), gid="G11")
    h.close()

    h = Harness("g11b")
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token").value
    h.now = T0 + 20
    record(h, 13, "g11-refresh-token-as-code", "a (JWT) refresh token of the same grant sent as `code`",
           code_request(rt), gid="G11")
    h.close()

    h = Harness("g11c", refresh="opaque-same-key")
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token").value
    h.now = T0 + 20
    record(h, 14, "g11-opaque-refresh-token-as-code-same-key",
           "an opaque (DefaultToken) refresh token encrypted with the same key as codes, sent as `code`: "
           "the code handler decrypts it and raises WrongTokenClass, which the helper does not catch",
           code_request(rt), gid="G11",
           recommended={"ok": False, "error": "invalid_grant", "error_description": "Unknown code"})
    h.close()

    h = Harness("g11d", refresh="opaque")
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token").value
    h.now = T0 + 20
    record(h, 15, "g11-opaque-refresh-token-as-code-other-key",
           "an opaque refresh token encrypted with its own key, sent as `code`", code_request(rt), gid="G11")
    h.close()


def r_cases():
    # R1 / R2
    h = Harness("r1")
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token").value
    h.now = T0 + 100
    record(h, 20, "r1-refresh-ok", "valid refresh token (supports [access_token, refresh_token], no max_usage), scope has offline_access",
           refresh_request(rt), gid="R1")
    h.now = T0 + 200
    record(h, 21, "r2-refresh-reuse", "the same refresh token again (revoke_refresh_on_issue false): works again",
           refresh_request(rt), gid="R2")
    h.close()

    # R3
    h = Harness("r3")
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token").value
    h.now = T0 + 100
    record(h, 22, "r3-refresh-scope-widening", "refresh asking scope 'openid profile' (original 'openid offline_access')",
           refresh_request(rt, scope="openid profile"), gid="R3")
    h.close()

    # R4
    h = Harness("r4")
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token").value
    h.now = T0 + 100
    record(h, 23, "r4-refresh-scope-narrowing", "refresh asking scope 'openid': OK, no new refresh token (offline_access dropped)",
           refresh_request(rt, scope="openid"), gid="R4")
    h.close()

    # R5
    h = Harness("r5a")
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token")
    rt.revoked = True
    h.now = T0 + 100
    record(h, 24, "r5-refresh-revoked", "refresh token marked revoked", refresh_request(rt.value), gid="R5")
    h.close()

    h = Harness("r5b")
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token")
    h.now = T0 + 100
    rt.expires_at = h.now - 1
    record(h, 25, "r5-refresh-expired", "refresh token expires_at = now-1 (the JWT itself is still valid)",
           refresh_request(rt.value), gid="R5")
    h.close()

    # R6 / R7
    h = Harness("r6")
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token")
    rt.usage_rules = dict(rt.usage_rules, max_usage=1)
    h.now = T0 + 100
    record(h, 26, "r6-refresh-max-usage-1", "refresh token with max_usage 1, used 0, new refresh token due: the AT mint consumes the only use",
           refresh_request(rt.value), gid="R6")
    h.now = T0 + 200
    record(h, 27, "r7-refresh-max-usage-1-again", "the R6 refresh token again", refresh_request(rt.value), gid="R7")
    h.close()

    # R8
    h = Harness("r8", client_extra={"revoke_refresh_on_issue": True})
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token").value
    h.now = T0 + 100
    record(h, 28, "r8-revoke-refresh-on-issue-first", "client has revoke_refresh_on_issue true: first use OK and returns a new refresh token",
           refresh_request(rt), gid="R8")
    h.now = T0 + 200
    record(h, 29, "r8-revoke-refresh-on-issue-reuse", "the used (now revoked) refresh token again",
           refresh_request(rt), gid="R8")
    new_rt = h.token("refresh_token", 1).value
    h.now = T0 + 300
    record(h, 30, "r8-revoke-refresh-on-issue-new-rt", "the new refresh token returned by the first use works",
           refresh_request(new_rt), gid="R8")
    h.close()


def m_cases():
    h = Harness("m")
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    at = h.token("access_token")
    rt = h.token("refresh_token")
    h.now = T0 + 100
    mint_record(h, 40, "m1-access-from-access", "M1", "mint access_token based on an access token (no supports_minting)",
                "access_token", at)
    mint_record(h, 41, "m2-id-token-from-refresh", "M2", "mint id_token based on a refresh token whose supports_minting lacks id_token",
                "id_token", rt)
    h.grant.get_token(rt.value).revoked = True
    mint_record(h, 42, "m3-from-inactive-token", "M3", "mint access_token based on a revoked refresh token that supports it",
                "access_token", rt)
    mint_record(h, 43, "m4-unsupported-and-inactive", "M1+M3",
                "mint id_token based on a revoked refresh token that does not support it: the supports check comes first",
                "id_token", rt)
    code_tok = h.token("authorization_code")
    mint_record(h, 44, "m5-from-used-code", "M3", "mint access_token based on the already redeemed code (used 2 >= max_usage 1)",
                "access_token", code_tok)
    h.close()


def extra_cases():
    # OIDC issue_refresh kwarg
    h = Harness("x-issue-refresh-false")
    code = h.authorize()
    h.now = T0 + 10
    record(h, 50, "issue-refresh-false-with-offline-access", "issue_refresh=False passed to process_request overrides offline_access",
           code_request(code), call_kwargs={"issue_refresh": False})
    h.close()

    h = Harness("x-issue-refresh-true")
    code = h.authorize(scope="openid")
    h.now = T0 + 10
    record(h, 51, "issue-refresh-true-without-offline-access", "issue_refresh=True issues a refresh token without offline_access",
           code_request(code), call_kwargs={"issue_refresh": True})
    h.close()

    # R5 augmentation: client grant_types_supported adds refresh_token to the code's supports_minting
    gc = copy.deepcopy(OIDC_GRANT_CONFIG)
    gc["usage_rules"]["authorization_code"]["supports_minting"] = ["access_token", "id_token"]
    h = Harness("x-augment", grant_config=gc,
                client_extra={"grant_types_supported": ["authorization_code", "refresh_token"]})
    code = h.authorize()
    h.now = T0 + 10
    record(h, 52, "client-grant-types-adds-refresh-minting",
           "code rule supports only [access_token, id_token]; client grant_types_supported contains refresh_token, "
           "so the OIDC helper appends refresh_token to the code's supports_minting (in place) and mints a refresh token",
           code_request(code))
    h.close()

    h = Harness("x-no-augment", grant_config=gc)
    code = h.authorize()
    h.now = T0 + 10
    record(h, 53, "code-without-refresh-minting", "code rule supports only [access_token, id_token], client has no "
           "grant_types_supported (provider 'grant_types' is absent): no refresh token despite offline_access",
           code_request(code))
    h.close()

    h = Harness("x-client-gt", client_extra={"grant_types_supported": ["authorization_code"]})
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token").value
    h.now = T0 + 100
    record(h, 54, "client-grant-types-without-refresh", "client grant_types_supported lacks refresh_token: a refresh request is rejected at parse time",
           refresh_request(rt))
    h.close()

    # code minting without access_token support -> unbound local
    gc2 = copy.deepcopy(OIDC_GRANT_CONFIG)
    gc2["usage_rules"]["authorization_code"]["supports_minting"] = ["refresh_token", "id_token"]
    h = Harness("x-no-at", grant_config=gc2)
    code = h.authorize()
    h.now = T0 + 10
    record(h, 55, "code-without-access-token-minting",
           "code rule supports [refresh_token, id_token] only: the helper skips the access token and then reads the "
           "unassigned local `token`",
           code_request(code),
           recommended={"ok": False, "error": "invalid_request", "error_description": "Minting of access_token not supported"})
    h.close()

    # max_usage configured on the code is forced to 1
    gc3 = copy.deepcopy(OIDC_GRANT_CONFIG)
    gc3["usage_rules"]["authorization_code"]["max_usage"] = 5
    h = Harness("x-code-max5", grant_config=gc3)
    code = h.authorize()
    h.now = T0 + 10
    record(h, 56, "code-max-usage-5-forced-to-1", "configured code max_usage 5 is overwritten with 1 when the code is minted "
           "(see the code's usage_rules in `grant`) and the grant-level rule object is changed too (shared dict)",
           code_request(code))
    h.now = T0 + 20
    record(h, 57, "code-max-usage-5-replay", "replay of that code fails like G2", code_request(code))
    h.close()

    # refresh max_usage 2 / 3
    h = Harness("x-rt-max2")
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token")
    rt.usage_rules = dict(rt.usage_rules, max_usage=2)
    h.now = T0 + 100
    record(h, 58, "refresh-max-usage-2-no-new-rt", "RT max_usage 2, scope narrowed to 'openid' (no new RT): succeeds, used 0 -> 2",
           refresh_request(rt.value, scope="openid"))
    h.now = T0 + 200
    record(h, 59, "refresh-max-usage-2-again", "the same RT again: inactive (used 2 >= 2)",
           refresh_request(rt.value, scope="openid"))
    h.close()

    h = Harness("x-rt-max2b")
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token")
    rt.usage_rules = dict(rt.usage_rules, max_usage=2)
    h.now = T0 + 100
    record(h, 60, "refresh-max-usage-2-new-rt-due", "RT max_usage 2 with a new RT due: AT mint (used 1), RT mint (used 2), "
           "then register_usage -> used 3; the call succeeds", refresh_request(rt.value))
    h.close()

    h = Harness("x-rt-max3")
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token")
    rt.usage_rules = dict(rt.usage_rules, max_usage=3)
    h.now = T0 + 100
    record(h, 61, "refresh-max-usage-3-new-rt-due", "RT max_usage 3, new RT due: succeeds once, used 0 -> 3",
           refresh_request(rt.value))
    h.now = T0 + 200
    record(h, 62, "refresh-max-usage-3-again", "that RT again: inactive", refresh_request(rt.value))
    h.close()

    # not_before / expires_at == now on refresh tokens
    h = Harness("x-rt-nbf")
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token")
    h.now = T0 + 100
    rt.not_before = h.now + 100
    record(h, 63, "refresh-not-before", "RT not_before = now+100", refresh_request(rt.value))
    h.close()

    gc30 = copy.deepcopy(OIDC_GRANT_CONFIG)
    gc30["expires_in"] = 2592000  # the shipped OP default (30 days), so the grant outlives the RT
    h = Harness("x-rt-exp-eq", grant_config=gc30)
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token")
    h.now = rt.expires_at
    record(h, 64, "refresh-expires-at-equals-now", "RT presented exactly at its expires_at (= the JWT exp); grant lifetime "
           "30 days: the grant check (strict >) passes and the JWT handler's own `now > exp` too", refresh_request(rt.value))
    h.close()

    h = Harness("x-rt-exp-plus1", grant_config=gc30)
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token")
    h.now = rt.expires_at + 1
    record(h, 65, "refresh-jwt-expired", "RT presented one second after expires_at = JWT exp: JWTToken.info raises "
           "ToOld, which the refresh helper's parse phase does not catch",
           refresh_request(rt.value),
           recommended={"ok": False, "error": "invalid_grant", "error_description": "Invalid refresh token"})
    h.close()

    h = Harness("x-rt-exp-plus15", grant_config=gc30)
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token")
    h.now = rt.expires_at + 15
    record(h, 72, "refresh-jwt-expired-beyond-skew", "RT presented 15 s after the JWT exp: cryptojwt's own exp check "
           "(now >= exp + 15 s skew) fails first with VerificationError, which is not a JWSException either",
           refresh_request(rt.value),
           recommended={"ok": False, "error": "invalid_grant", "error_description": "Invalid refresh token"})
    h.close()

    h = Harness("x-at-as-rt")
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    at = h.token("access_token")
    h.now = T0 + 100
    record(h, 73, "access-token-as-refresh-token", "a (JWT) access token sent as refresh_token: JWTToken.info raises "
           "WrongTokenClass, not caught by the refresh helper",
           refresh_request(at.value),
           recommended={"ok": False, "error": "invalid_grant", "error_description": "Invalid refresh token"})
    h.close()

    h = Harness("x-rt-grant-expired")
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token")
    h.now = h.grant.expires_at + 1
    record(h, 71, "refresh-after-grant-expired", "test config: grant lives 43200 s, RT 86400 s. The RT is presented when "
           "the grant has expired but the RT has not: Grant.mint_token returns None and the helper crashes (as G7)",
           refresh_request(rt.value),
           recommended={"ok": False, "error": "invalid_grant", "error_description": "Grant inactive"})
    h.close()

    # wrong client on refresh
    h = Harness("x-rt-wrong-client")
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token").value
    h.now = T0 + 100
    record(h, 66, "refresh-wrong-client", "RT of client_1 used by authenticated client_2",
           refresh_request(rt, client_id="client_2"), client_id="client_2")
    h.close()

    # refresh rule that supports id_token (OP default config)
    gc4 = copy.deepcopy(OIDC_GRANT_CONFIG)
    gc4["usage_rules"]["refresh_token"]["supports_minting"] = ["access_token", "refresh_token", "id_token"]
    h = Harness("x-rt-idt", grant_config=gc4)
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token").value
    h.now = T0 + 100
    record(h, 67, "refresh-with-id-token", "RT rule supports id_token (as the shipped OP default): refresh returns AT, RT and ID token",
           refresh_request(rt))
    h.close()

    # per-client usage-rule override {} on refresh_token
    h = Harness("x-client-empty-rule", client_extra={"token_usage_rules": {"refresh_token": {}}})
    code = h.authorize()
    h.now = T0 + 10
    record(h, 68, "client-empty-refresh-rule", "per-client token_usage_rules {refresh_token: {}} replaces the rule: the RT gets "
           "the RefreshToken defaults and the handler lifetime (86400) for expires_at", code_request(code))
    h.close()

    h = Harness("x-client-merge-rule", client_extra={"token_usage_rules": {"access_token": {"expires_in": 120}}})
    code = h.authorize()
    h.now = T0 + 10
    record(h, 69, "client-merged-access-rule", "per-client token_usage_rules {access_token: {expires_in: 120}} is merged: expires_in 120",
           code_request(code))
    h.close()

    # code sent to the refresh grant
    h = Harness("x-code-as-rt")
    code = h.authorize()
    h.now = T0 + 10
    record(h, 70, "code-as-refresh-token", "a fresh code sent as refresh_token", refresh_request(code))
    h.close()

    # scope of a narrowed refresh token: OIDC looks at RT.based_on, so it widens back
    h = Harness("x-rt-rewiden")
    code = h.authorize()
    h.now = T0 + 10
    redeem(h, code)
    rt1 = h.token("refresh_token").value
    h.now = T0 + 100
    out = h.token_request(refresh_request(rt1, scope="openid"), issue_refresh=True)
    assert "response" in out, out
    rt2 = h.token("refresh_token", 1)
    assert rt2.scope == ["openid"], rt2.scope
    h.now = T0 + 200
    record(h, 74, "refresh-narrowed-rt-scope-rewidens",
           "RT2 was minted by a refresh asking scope 'openid' with issue_refresh=True (RT2.scope = [openid]); "
           "refreshing with RT2 and no scope uses find_scope(RT2.based_on) = RT1's scope, so the access token "
           "gets 'openid offline_access' back (and, offline_access being present again, a new RT)",
           refresh_request(rt2.value))
    h.close()

    # NOTE: no vector for "'+' in a code sent as a space": the outer standard base64 of an ASCII
    # Fernet token can never contain '+' or '/' (see README), so the helper's ' '->'+' repair
    # never matters for DefaultToken codes.


def oauth2_cases():
    h = Harness("o1", profile="oauth2")
    code = h.authorize(scope="offline_access")
    h.now = T0 + 10
    record(h, 80, "oauth2-code-offline-access", "AS helper: offline_access and refresh_token in supports_minting -> AT + RT, no ID token",
           code_request(code))
    h.now = T0 + 20
    record(h, 81, "oauth2-code-replay", "AS helper: replayed code -> invalid_request 'Code inactive', nothing revoked",
           code_request(code))
    rt = h.token("refresh_token").value
    h.now = T0 + 100
    record(h, 82, "oauth2-refresh-no-issue-refresh", "AS refresh helper: a new RT only when the issue_refresh kwarg is true "
           "(offline_access is not consulted)", refresh_request(rt))
    h.now = T0 + 200
    record(h, 83, "oauth2-refresh-issue-refresh", "AS refresh helper with issue_refresh=True: new RT",
           refresh_request(rt), call_kwargs={"issue_refresh": True})
    h.close()

    h = Harness("o2", profile="oauth2")
    code = h.authorize(scope="profile")
    h.now = T0 + 10
    record(h, 84, "oauth2-code-no-offline-access", "AS helper without offline_access and no issue_refresh: AT only",
           code_request(code))
    h.close()

    h = Harness("o3", profile="oauth2")
    code = h.authorize(scope="profile")
    h.now = T0 + 10
    record(h, 85, "oauth2-code-issue-refresh", "AS helper with issue_refresh=True and no offline_access: AT + RT",
           code_request(code), call_kwargs={"issue_refresh": True})
    h.close()

    h = Harness("o4", profile="oauth2")
    code = h.authorize(scope="offline_access")
    h.now = h.token("authorization_code").expires_at + 1
    record(h, 86, "oauth2-code-expired", "AS helper: expired code -> invalid_request 'Code inactive'", code_request(code))
    h.close()

    h = Harness("o5", profile="oauth2")
    code = h.authorize(scope="offline_access")
    h.now = T0 + 10
    redeem(h, code)
    rt = h.token("refresh_token").value
    h.now = T0 + 100
    record(h, 87, "oauth2-refresh-scope-narrowing", "AS refresh with scope 'offline_access' (subset): OK",
           refresh_request(rt, scope="offline_access"))
    h.now = T0 + 200
    record(h, 88, "oauth2-refresh-scope-widening", "AS refresh with scope 'offline_access profile': Invalid refresh scopes",
           refresh_request(rt, scope="offline_access profile"))
    h.close()

    h = Harness("o6", profile="oauth2")
    code = h.authorize(scope="offline_access")
    h.now = T0 + 10
    h.grant.expires_at = h.now - 1
    record(h, 89, "oauth2-grant-expired", "AS helper, grant expired: same crash as G7",
           code_request(code),
           recommended={"ok": False, "error": "invalid_grant", "error_description": "Grant inactive"})
    h.close()


def oauth2_rewiden():
    h = Harness("o7", profile="oauth2")
    code = h.authorize(scope="offline_access profile")
    h.now = T0 + 10
    redeem(h, code)
    rt1 = h.token("refresh_token").value
    h.now = T0 + 100
    out = h.token_request(refresh_request(rt1, scope="profile"), issue_refresh=True)
    assert "response" in out, out
    rt2 = h.token("refresh_token", 1)
    assert rt2.scope == ["profile"], rt2.scope
    h.now = T0 + 200
    record(h, 90, "oauth2-refresh-narrowed-rt-scope-kept",
           "AS refresh helper: RT2 (scope [profile], minted from RT1 [offline_access, profile]) refreshed without "
           "scope: the AS helper uses find_scope(RT2) = [profile] (the OIDC helper would use RT2.based_on, see 074)",
           refresh_request(rt2.value))
    h.close()


def main():
    clean_folder(FOLDER)
    seed()
    g_cases()
    r_cases()
    m_cases()
    extra_cases()
    oauth2_cases()
    oauth2_rewiden()
    names = set()
    for fname, vec in VECTORS:
        assert fname not in names, fname
        names.add(fname)
        write_vector(FOLDER, fname, vec)
    print(f"grant: wrote {len(VECTORS)} vectors", file=sys.stderr)


if __name__ == "__main__":
    main()
