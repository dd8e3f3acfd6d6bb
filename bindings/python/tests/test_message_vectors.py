"""The whole shared message corpus (tests/vectors/messages, made with idpyoidc 5.0.0) through
`oxidc.parse_message`, interpreted as tests/conformance/tests/messages_vectors.rs does: the
result must be idpyoidc's — the parameters, or the same error (and parameter, and for fixed
texts the same description) — except for the vectors in overrides.json, where oxidc
deliberately differs (each names a DIVERGENCES.md section) and its `oxidc_expected` holds.
The dispatching helpers `parse_token_request` / `parse_authorization_request` are checked on
the vectors of their classes too."""

import json

import pytest

import oxidc
from conftest import VECTORS, load

DIR = VECTORS / "messages"
FILES = sorted(p for p in DIR.glob("*.json") if p.name != "overrides.json")
OVERRIDES = json.loads((DIR / "overrides.json").read_text())
DIVERGENCES = (VECTORS / "DIVERGENCES.md").read_text()

FIXED_TEXT = {"missing_parameter", "nonce_missing", "format_error", "missing_openid_scope",
              "consent_required_for_offline_access", "prompt_none_with_other",
              "invalid_error_description", "duplicate_parameter"}


def idpyoidc_error(name, detail):
    """idpyoidc's exception (name, detail) → (oxidc kind, parameter named)."""
    if name == "MissingRequiredAttribute":
        if detail == "Missing required attribute 'Nonce missing'":
            return "nonce_missing", "nonce"
        p = detail[len("Missing required attribute '"):-1] if detail.startswith(
            "Missing required attribute '") else None
        return "missing_parameter", p
    table = {
        ("TooManyValues", None): ("duplicate_parameter", detail),
        ("NotAllowedValue", None): ("parameter_not_allowed_value", None),
        ("FormatError", None): ("format_error", None),
        ("MissingRequiredValue", "openid not in scope"): ("missing_openid_scope", None),
        ("MissingRequiredValue", "consent in prompt"): (
            "consent_required_for_offline_access", None),
        ("InvalidRequest", "prompt none combined with other value"): (
            "prompt_none_with_other", None),
        ("JSONDecodeError", None): ("invalid_json", None),
        ("ValueError", "Grant type MUST be client_credentials"): (
            "parameter_not_allowed_value", "grant_type"),
        ("ValueError", "Characters outside allowed set"): ("invalid_error_description", None),
        ("ValueError", "id_token not a signed JWT"): ("malformed_token", "id_token"),
    }
    if name == "ValueError" and "wrong type of value for" in detail:
        return "wrong_parameter_type", detail.rsplit('"', 2)[1]
    for (n, d), out in table.items():
        if n == name and (d is None or d == detail):
            return out
    raise AssertionError(f"unmapped idpyoidc error {(name, detail)}")


def normalise(got, want):
    """idpyoidc's to_json() joins space-separated lists; to_dict() (ours) keeps lists."""
    if isinstance(want, str) and isinstance(got, list):
        return " ".join(got)
    return got


def outcome(v):
    try:
        params = oxidc.parse_message(v["message"], v["body"], json=v["format"] == "json",
                                     verify=v["verify"])
    except oxidc.Error as e:
        return ("err", e.kind, getattr(e, "param", None), str(e))
    return ("ok", params)


def same_params(got, want):
    return set(got) == set(want) and all(normalise(got[k], want[k]) == want[k] for k in want)


def test_corpus_present():
    assert len(FILES) >= 62


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_message_vector(path):
    v = load(path)
    got = outcome(v)
    o = OVERRIDES.get(path.name)
    if o is not None:
        assert f"## {o['divergence']}" in DIVERGENCES
        assert path.name in DIVERGENCES
        want = o["oxidc_expected"]
        if want["ok"]:
            assert got[0] == "ok" and same_params(got[1], want["params"]), got
        else:
            assert got[0] == "err" and got[1] == want["error"], got
            if "param" in want:
                assert got[2] == want["param"]
        return
    e = v["expected"]
    if e["ok"]:
        assert got[0] == "ok", got
        assert same_params(got[1], e["params"]), (got[1], e["params"])
    else:
        kind, param = idpyoidc_error(e["error"], e["detail"])
        assert got[0] == "err", f"accepted a message idpyoidc rejects: {got}"
        assert got[1] == kind, got
        if param is not None:
            assert got[2] == param, got
        if kind in FIXED_TEXT:
            assert got[3] == e["detail"], got


DISPATCH = {
    "oauth2.AccessTokenRequest": lambda b, j: oxidc.parse_token_request(
        b, json=j, grant_types=["authorization_code"]),
    "oauth2.RefreshAccessTokenRequest": lambda b, j: oxidc.parse_token_request(
        b, json=j, grant_types=["refresh_token"]),
    "oidc.AuthorizationRequest": lambda b, j: oxidc.parse_authorization_request(b, json=j),
}


@pytest.mark.parametrize("path", [p for p in FILES if load(p)["message"] in DISPATCH
                                  and load(p)["verify"]], ids=lambda p: p.stem)
def test_dispatching_helpers_agree(path):
    """The helpers give parse_message's answer, except where they check more by design
    (dispatch on grant_type: a body without one is refused up front; PKCE parameters)."""
    v = load(path)
    j = v["format"] == "json"
    try:
        mine = ("ok", DISPATCH[v["message"]](v["body"], j))
    except oxidc.Error as e:
        mine = ("err", e.kind)
    ref = outcome(v)
    if ref[0] == "ok" and mine[0] == "ok":
        assert mine[1] == ref[1]
    elif ref[0] == "err":
        assert mine[0] == "err"
    else:
        assert mine[1] in ("missing_grant_type", "unsupported_grant_type") or "pkce" in mine[1] \
            or "challenge" in mine[1], mine


def test_claims_is_a_dict_and_types():
    q = ("response_type=code&client_id=c&redirect_uri=https%3A%2F%2Frp%2Fcb&scope=openid+email"
         "&max_age=10&claims=%7B%22userinfo%22%3A%7B%22email%22%3Anull%7D%7D")
    d = oxidc.parse_authorization_request(q)
    assert d["claims"] == {"userinfo": {"email": None}}
    assert d["scope"] == ["openid", "email"]
    assert d["max_age"] == 10
    with pytest.raises(ValueError):
        oxidc.parse_message("oauth2.NoSuchClass", "a=b")
    assert "oidc.AuthorizationResponse" in oxidc.MESSAGE_CLASSES


def test_rejection_names_the_parameter():
    with pytest.raises(oxidc.Error) as e:
        oxidc.parse_message("oauth2.AccessTokenResponse", "token_type=Bearer")
    assert e.value.kind == "missing_parameter" and e.value.param == "access_token"
    assert str(e.value) == "Missing required attribute 'access_token'"
