"""The shared message corpus (tests/vectors/messages): token requests and OIDC authorization
requests through oxidc's parsers, which must give idpyoidc's verdict (and parameters) except
where tests/vectors/DIVERGENCES.md records a deliberate difference."""

import json

import pytest

import oxidc
from conftest import load, vector_files

PARSERS = {
    "oauth2.AccessTokenRequest": lambda body, fmt: oxidc.parse_token_request(
        body, json=fmt == "json", grant_types=["authorization_code"]),
    "oauth2.RefreshAccessTokenRequest": lambda body, fmt: oxidc.parse_token_request(
        body, json=fmt == "json", grant_types=["refresh_token"]),
    "oidc.AuthorizationRequest": lambda body, fmt: oxidc.parse_authorization_request(
        body, json=fmt == "json"),
}

CASES = [p for p in vector_files("messages") if load(p).get("message") in PARSERS
         and load(p).get("verify", True)]


# parse_token_request dispatches on grant_type (as idpyoidc's token endpoint does), so a body
# without one is refused up front, where the bare AccessTokenRequest class parses it.
BY_DESIGN = {"004-atr-missing-grant-type.json"}


def test_there_are_cases():
    assert len(CASES) >= 5


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_message_vector(path):
    v = load(path)
    divergent = path.name in (path.parents[1] / "DIVERGENCES.md").read_text() or (
        path.name in BY_DESIGN)
    parse = PARSERS[v["message"]]
    expected = v["expected"]
    if expected["ok"]:
        try:
            params = parse(v["body"], v.get("format"))
        except oxidc.Error:
            if divergent:
                return
            raise
        for k, want in expected["params"].items():
            got = params.get(k)
            if isinstance(want, list) and isinstance(got, str):
                got = got.split(" ")
            if isinstance(want, str) and isinstance(got, list):
                got = " ".join(got)
            if isinstance(want, dict) and isinstance(got, str):
                got = json.loads(got)  # `claims` stays JSON text in the dict
            assert got == want or divergent, (k, got, want)
    else:
        try:
            parse(v["body"], v.get("format"))
        except oxidc.Error as e:
            assert e.kind and e.oauth_error
        else:
            assert divergent, "accepted a message idpyoidc rejects"
