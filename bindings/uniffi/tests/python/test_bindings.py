"""The uniffi-generated Python bindings against the shared vector corpus.

Run: python3 test_bindings.py <dir with oxidc_uniffi.py + liboxidc_uniffi.so> <tests/vectors>
(stdlib only). The last line is "python: N passed, M failed".
"""

import base64
import hashlib
import hmac
import json
import os
import random
import re
import sys
import time
import unittest

sys.path.insert(0, sys.argv[1])
VECTORS = sys.argv[2]

import oxidc_uniffi as ox  # noqa: E402

CATEGORIES = {
    "malformed": {"invalid_base64", "invalid_utf8", "invalid_json", "duplicate_member",
                  "not_an_object", "malformed_token", "missing_algorithm", "invalid_header"},
    "too_large": {"token_too_large", "header_too_large", "json_too_deep", "too_many_members",
                  "value_too_long", "too_many_keys"},
    "unsupported_algorithm": {"algorithm_none", "unsupported_algorithm", "algorithm_mismatch"},
    "unsupported_header": {"unsupported_critical", "unencoded_payload"},
}


def category(kind):
    for cat, kinds in CATEGORIES.items():
        if kind in kinds:
            return cat
    return kind


def kind_of(exc):
    return str(exc).split(":", 1)[0]


def snake(name):
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return re.sub(r"([A-Z])([A-Z][a-z])", r"\1_\2", name).lower()


def vectors(*dirs):
    for d in dirs:
        root = os.path.join(VECTORS, d)
        for f in sorted(os.listdir(root)):
            if f.endswith(".json"):
                with open(os.path.join(root, f)) as fh:
                    yield f"{d}/{f}", json.load(fh)


def vector(name):
    with open(os.path.join(VECTORS, "jws", name)) as fh:
        return json.load(fh)


def validator_for(policy):
    return ox.Validator(
        issuers=[policy["issuer"]] if "issuer" in policy else [],
        audiences=[policy["audience"]] if "audience" in policy else [],
        leeway_secs=policy.get("leeway", 15),
    )


def flip(token, pos):
    c = "B" if token[pos] == "A" else "A"
    return token[:pos] + c + token[pos + 1:]


def flip_positions(token):
    d1, d2 = token.index("."), token.rindex(".")
    return [d1 // 2, (d1 + d2) // 2, (d2 + len(token)) // 2]


class Corpus(unittest.TestCase):
    def test_jws_and_rfc_vectors(self):
        checked = 0
        for name, v in vectors("jws", "rfc"):
            with self.subTest(name):
                kind = v.get("kind")
                if kind == "thumbprint":
                    for k in v["keys"]:
                        jwk = ox.Jwk.from_json(json.dumps(k["jwk"]))
                        self.assertEqual(jwk.thumbprint(), k["rfc7638"])
                        if "legacy" in k:
                            self.assertEqual(jwk.thumbprint(ox.KidForm.CRYPTOJWT_LEGACY), k["legacy"])
                elif kind == "jws":
                    jws = ox.verify_jws(v["token"], ox.KeySet.from_jwks(json.dumps(v["jwks"])))
                    self.assertEqual(json.loads(jws.header.json), v["expected"]["header"])
                    self.assertEqual(jws.payload.decode(), v["expected"]["payload_text"])
                else:
                    self.token_vector(v)
                checked += 1
        self.assertGreaterEqual(checked, 70)

    def token_vector(self, v):
        token, now, expected = v["token"], v["now"], v["expected"]
        validator = validator_for(v["policy"])
        if expected["valid"]:
            keys = ox.KeySet.from_jwks(json.dumps(v["jwks"]))
            jwt = validator.verify(token, keys, now)
            self.assertEqual(json.loads(jwt.header.json), expected["header"])
            self.assertEqual(json.loads(jwt.claims.json), expected["claims"])
            self.assertEqual(jwt.claims.iss, expected["claims"].get("iss"))
            for pos in flip_positions(token):
                with self.assertRaises(ox.VerifyError):
                    validator.verify(flip(token, pos), keys, now)
            if "signing_jwk" in v and "alg" in v:
                kid = expected["header"].get("kid")
                key = ox.SigningKey.from_jwk(json.dumps(v["signing_jwk"]), getattr(ox.Algorithm, v["alg"]), kid)
                again = validator.verify(key.mint(jwt.claims.json), keys, now)
                self.assertEqual(json.loads(again.claims.json), expected["claims"])
        else:
            try:
                validator.verify(token, ox.KeySet.from_jwks(json.dumps(v["jwks"])), now)
            except (ox.VerifyError, ox.KeyParseError) as e:
                self.assertEqual(category(kind_of(e)), expected["error"], str(e))
            else:
                self.fail(f"accepted, want {expected['error']}")


# Lines printed after the run (unittest's verbose output would interleave them).
NOTES = []


def provider_dependent(token):
    """What a vector's outcome needs from the crypto provider (RSA, SHA-384/512), if anything:
    a provider without it answers `unsupported_by_provider`, reported per vector."""
    try:
        h = token.split(".")[0]
        header = base64.urlsafe_b64decode(h + "=" * (-len(h) % 4))
        alg = json.loads(header).get("alg")
    except (ValueError, AttributeError):
        return None
    if not isinstance(alg, str):
        return None
    if alg.startswith(("RS", "PS")):
        return "RSA"
    if alg in ("HS384", "HS512"):
        return "SHA-384/SHA-512"
    return None


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


HS_JWKS = ('{"keys":[{"alg":"HS256","k":"zj3fTrgcJv3afFebAZynKG-a-IVNvZZu4RIQXmuAv50",'
           '"kid":"rnlJBZBxIte9JnOXq9uQL-HfXg7Rne1GoWJnnyLREHo","kty":"oct"}]}')
EC_KEY = ('{"kty":"EC","crv":"P-256","x":"Knh-VGeRwI1mwV7PJVFsIqxYDsYJeE1uNMJctZyb_N0",'
          '"y":"G8erQ0wsAJaZYkFBE4UAY1temx8qtKSIokgoK_bfOOs"}')


class Attacks(unittest.TestCase):
    """The JWT attack catalogue (tests/vectors/attacks), as the core, C, Python and Kotlin
    layers run it: each rejection is a typed exception whose class is the kind its message
    names, in the vector's category; valid cases decode and fail with a byte flipped."""

    def test_attack_vectors(self):
        counts = {"rejected": 0, "valid": 0, "limited": 0}
        mismatches = []
        cases = list(vectors("attacks"))
        for name, v in cases:
            token, now, expected = v["token"], v["now"], v["expected"]
            validator = validator_for(v["policy"])
            jwks = json.dumps(v["jwks"])
            try:
                outcome = validator.verify(token, ox.KeySet.from_jwks(jwks), now)
            except (ox.VerifyError, ox.KeyParseError) as e:
                outcome = e
            if expected["valid"]:
                if isinstance(outcome, Exception):
                    mismatches.append(f"{name}: rejected with {outcome}")
                elif (json.loads(outcome.header.json), json.loads(outcome.claims.json)) != (
                        expected["header"], expected["claims"]):
                    mismatches.append(f"{name}: decoded header or claims differ")
                else:
                    keys = ox.KeySet.from_jwks(jwks)
                    for pos in flip_positions(token):
                        try:
                            validator.verify(flip(token, pos), keys, now)
                            mismatches.append(f"{name}: accepted with a byte flipped at {pos}")
                        except ox.VerifyError:
                            pass
                    counts["valid"] += 1
                continue
            want = expected["error"]
            if not isinstance(outcome, Exception):
                mismatches.append(f"{name}: ACCEPTED, want {want}")
                continue
            variant = snake(type(outcome).__name__)
            needs = provider_dependent(token)
            if variant != kind_of(outcome):
                mismatches.append(f"{name}: {type(outcome).__name__} carries message {outcome}")
            elif variant == "unsupported_by_provider" and needs:
                NOTES.append(f"limited {name}: unsupported_by_provider (needs {needs}; expected {want})")
                counts["limited"] += 1
            elif category(variant) != want:
                mismatches.append(f"{name}: {type(outcome).__qualname__} ({category(variant)}), want {want}")
            else:
                counts["rejected"] += 1
        self.assertEqual(mismatches, [])
        self.assertGreaterEqual(len(cases), 150)
        self.assertEqual(sum(counts.values()), len(cases))
        NOTES.append(f"attacks: {len(cases)} vectors: {counts['rejected']} rejected as expected, "
              f"{counts['valid']} valid (3 flips each rejected), {counts['limited']} provider-limited "
              f"({ox.crypto_provider()})")

    def bounded(self, what, fn):
        start = time.monotonic()
        try:
            return fn()
        finally:
            self.assertLess(time.monotonic() - start, 2.0, what)

    def test_oversized_inputs(self):
        keys = ox.KeySet.from_jwks(HS_JWKS)
        header = b64u(b'{"alg":"HS256"}')
        token = f"{header}.{b64u(b'x' * 786_432)}.AAAA"
        self.assertGreater(len(token), 1_000_000)
        with self.assertRaises(ox.VerifyError.TokenTooLarge):
            self.bounded("1 MB token", lambda: ox.Validator().verify(token, keys, 0))
        with self.assertRaises(ox.VerifyError.TokenTooLarge):
            self.bounded("1 MB of dots", lambda: ox.decode_unverified("." * (1 << 20)))
        jwks = '{"keys":[%s]}' % ",".join([EC_KEY] * 10_000)
        with self.assertRaises((ox.KeyParseError.TooManyKeys, ox.KeyParseError.TooManyMembers)):
            self.bounded("10 000-key JWKS", lambda: ox.KeySet.from_jwks(jwks))
        with self.assertRaises(ox.KeyParseError.JsonTooDeep):
            self.bounded("1 MB of nesting", lambda: ox.KeySet.from_jwks('{"keys":' + "[" * (1 << 20)))
        query = "&".join(f"{chr(97 + i // 676)}{chr(97 + i // 26 % 26)}{chr(97 + i % 26)}=1"
                         for i in range(10_000))
        with self.assertRaises(ox.MessageError.TooManyParameters):
            self.bounded("10 000 parameters", lambda: ox.parse_authorization_response(query))


class Errors(unittest.TestCase):
    def test_every_kind_arrives_distinctly(self):
        kinds = ox.error_kinds()
        self.assertGreaterEqual(len(kinds), 47)
        for family, raise_ in [(ox.KeyParseError, ox.throw_key_parse_error),
                               (ox.VerifyError, ox.throw_verify_error),
                               (ox.MintError, ox.throw_mint_error),
                               (ox.PkceError, ox.throw_pkce_error),
                               (ox.MessageError, lambda k: ox.throw_message_error(k, "p"))]:
            seen = set()
            for kind in kinds:
                with self.assertRaises(family) as cm:
                    raise_(kind)
                cls = type(cm.exception)
                self.assertEqual(snake(cls.__name__), kind)
                self.assertEqual(kind_of(cm.exception), kind)
                seen.add(cls)
            self.assertEqual(len(seen), len(kinds))
            raise_("no_such_error_kind")


class Minting(unittest.TestCase):
    def test_es256_client_assertion(self):
        v = vector("013-es256-access-valid.json")
        key = ox.SigningKey.from_jwk(json.dumps(v["signing_jwk"]))
        jti = base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()
        a = key.client_assertion("client-1", "https://op.example.com/token", jti, 1_700_000_000, 60)
        jwt = ox.Validator(issuers=["client-1"], audiences=["https://op.example.com/token"]).verify(
            a, ox.KeySet.from_jwks(json.dumps(v["jwks"])), 1_700_000_001)
        self.assertEqual((jwt.claims.sub, jwt.claims.jti, jwt.claims.exp), ("client-1", jti, 1_700_000_060))

    def test_hs256_client_assertion_matches_hmac(self):
        secret = b"a client secret of 32 bytes!!!!!"
        a = ox.SigningKey.from_client_secret(secret, ox.Algorithm.HS256).client_assertion(
            "c", "https://op.example.com/token", "j", 1_700_000_000)
        signing_input, sig = a.rsplit(".", 1)
        mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
        self.assertEqual(base64.urlsafe_b64encode(mac).rstrip(b"=").decode(), sig)
        with self.assertRaises(ox.KeyParseError.KeyTooShort):
            ox.SigningKey.from_client_secret(b"short", ox.Algorithm.HS256)


IDPYOIDC_KINDS = {
    "MissingRequiredAttribute": "missing_parameter",
    "TooManyValues": "duplicate_parameter",
    "NotAllowedValue": "parameter_not_allowed_value",
    "FormatError": "format_error",
    "JSONDecodeError": "invalid_json",
}


def idpyoidc_kind(name, detail):
    if name in IDPYOIDC_KINDS:
        return IDPYOIDC_KINDS[name]
    if "wrong type of value for" in detail:
        return "wrong_parameter_type"
    return {"Characters outside allowed set": "invalid_error_description",
            "id_token not a signed JWT": "malformed_token"}[detail]


class OAuth(unittest.TestCase):
    def test_response_vectors(self):
        with open(os.path.join(VECTORS, "messages", "overrides.json")) as fh:
            overrides = json.load(fh)
        parsers = {
            "oauth2.AuthorizationResponse": ox.parse_authorization_response,
            "oauth2.AccessTokenResponse": ox.parse_token_response,
            "oidc.AccessTokenResponse": ox.parse_token_response,
            "oauth2.TokenErrorResponse": ox.parse_token_response,
        }
        checked = 0
        for name, v in vectors("messages"):
            parse = parsers.get(v.get("message"))
            if parse is None:
                continue
            with self.subTest(name):
                o = overrides.get(name.split("/")[1], {}).get("oxidc_expected")
                e = o or v["expected"]
                if not e["ok"]:
                    want = e["error"] if o else idpyoidc_kind(e["error"], e["detail"])
                    with self.assertRaises(ox.MessageError) as cm:
                        parse(v["body"])
                    self.assertEqual(kind_of(cm.exception), want)
                else:
                    r = parse(v["body"])
                    got = r.response if hasattr(r, "response") else r.error
                    for k, want in e["params"].items():
                        if k == "scope":
                            want = want.split() if isinstance(want, str) else want
                        self.assertEqual(getattr(got, k), want, k)
                checked += 1
        self.assertGreaterEqual(checked, 10)

    def test_pkce(self):
        self.assertEqual(ox.pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
                         "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        p = ox.pkce_generate(os.urandom(32))
        digest = hashlib.sha256(p.verifier.encode()).digest()
        self.assertEqual(p.challenge, base64.urlsafe_b64encode(digest).rstrip(b"=").decode())
        ox.pkce_verify(p.verifier, p.challenge, p.method)
        with self.assertRaises(ox.PkceError.PkceMismatch):
            ox.pkce_verify(ox.pkce_verifier(bytes(32)), p.challenge, p.method)
        with self.assertRaises(ox.PkceError.PkceVerifierInvalid):
            ox.pkce_verifier(bytes(31))

    def test_id_token(self):
        v = vector("015-es256-id-valid.json")
        c = v["expected"]["claims"]
        verifier = ox.IdTokenVerifier(c["iss"], c["aud"][0], leeway_secs=15)
        keys = ox.KeySet.from_jwks(json.dumps(v["jwks"]))
        t = verifier.verify(v["token"], keys, v["now"], nonce=c["nonce"])
        self.assertEqual((t.claims.sub, t.claims.auth_time), (c["sub"], c["auth_time"]))
        with self.assertRaises(ox.VerifyError.NonceMismatch):
            verifier.verify(v["token"], keys, v["now"], nonce="other")


class BadInput(unittest.TestCase):
    def test_garbage_gives_mapped_errors(self):
        v = vector("013-es256-access-valid.json")
        keys = ox.KeySet.from_jwks(json.dumps(v["jwks"]))
        for t in ["", ".", "..", "a.b.c", "\x00.\x00.\x00", "é.é.é", "x" * 100_000]:
            with self.assertRaises(ox.VerifyError):
                ox.Validator().verify(t, keys, 0)
        for j in ["", "{", "[]", "{}", '{"keys":[1]}']:
            with self.assertRaises(ox.KeyParseError):
                ox.KeySet.from_jwks(j)
        rnd = random.Random(7)
        token = v["token"]
        for _ in range(1000):
            chars = list(token)
            for _ in range(1 + rnd.randrange(4)):
                chars[rnd.randrange(len(chars))] = chr(32 + rnd.randrange(95))
            try:
                ox.Validator().verify("".join(chars), keys, 0)
            except ox.VerifyError:
                pass


# ---------------------------------------------------------------- request objects (OP side)

OWN_TYPING = {"duplicate_parameter", "wrong_parameter_type", "parameter_too_long"}


def param_of(exc):
    """The parameter a MessageError names: its message ends in (parameter `x`)."""
    m = re.search(r" \(parameter `([^`]*)`\)$", str(exc))
    return m.group(1) if m else None


def tamper(body, name):
    """One signature character of the JWT in parameter `name` changed (as
    tests/conformance/tests/request_object_vectors.rs does); None without one."""
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


def authn_request(v, body, **options):
    """parse_authentication_request with the vector's keys and policy."""
    kw = dict(issuer=v["op_issuer"], audience=v["op_issuer"], leeway_secs=v["leeway"],
              hint_client_id=v.get("hint_client_id"))
    kw.update(options)
    return ox.parse_authentication_request(
        body, ox.AuthenticationRequestOptions(**kw), v["now"],
        client_keys=ox.KeySet.from_jwks(json.dumps(v["client_jwks"])),
        op_keys=ox.KeySet.from_jwks(json.dumps(v["op_jwks"])))


class RequestObjects(unittest.TestCase):
    """tests/vectors/messages/request-object (checked by idpyoidc 5.0.0): the verdict, the
    error kind (message and class), the parameter, the OAuth error code; for positives the
    effective request (exactly idpyoidc's merged message where it agrees), the verified
    request object and hint, and a tampered signature after each."""

    def expect_rejection(self, v, body, kind, param):
        with self.assertRaises(ox.MessageError) as cm:
            authn_request(v, body)
        e = cm.exception
        self.assertEqual(kind_of(e), kind)
        self.assertEqual(snake(type(e).__name__), kind)
        self.assertEqual(param_of(e), param)
        code = ox.error_response_for(kind, param).error
        if param == "request" and kind not in OWN_TYPING:
            self.assertEqual(code, "invalid_request_object")
        elif param == "id_token_hint" and kind not in OWN_TYPING:
            self.assertEqual(code, "invalid_request")
        else:
            self.assertEqual(code, ox.error_response_for(kind).error)
        return e

    def test_vectors(self):
        counts = {"positive": 0, "negative": 0, "merged": 0, "tampered": 0}
        for name, v in vectors("messages/request-object"):
            with self.subTest(name):
                body, want = v["body"], v["expected"]
                if not want["ok"]:
                    self.expect_rejection(v, body, want["error"], want.get("param"))
                    counts["negative"] += 1
                    continue
                r = authn_request(v, body)
                params = json.loads(r.params)
                hint = r.verified_id_token_hint
                self.assertEqual(hint and hint.claims.sub, want.get("id_token_hint_sub"))
                if hint:
                    self.assertEqual(hint.claims.iss, v["op_issuer"])
                    self.assertEqual(params["id_token_hint"], r.id_token_hint)
                if "request=" in body:
                    ro = r.verified_request
                    claims = json.loads(ro.claims.json)
                    self.assertEqual(ro.claims.iss, "client-1")
                    self.assertEqual(claims["client_id"], "client-1")
                    # The effective request is exactly the object's parameters.
                    self.assertEqual(set(params), set(claims))
                else:
                    self.assertIsNone(r.verified_request)
                self.assertEqual(r.client_id, params["client_id"])
                self.assertEqual(r.scope, params["scope"].split(" "))
                self.assertEqual(r.response_type, params["response_type"].split(" "))
                self.assertEqual(r.redirect_uri, params["redirect_uri"])
                self.assertEqual(r.state, params.get("state"))
                self.assertEqual(r.nonce, params.get("nonce"))
                self.assertEqual(r.max_age, params.get("max_age"))
                self.assertEqual(r.claims and json.loads(r.claims), params.get("claims"))
                if "divergence" not in v:
                    self.assertEqual(params, v["idpyoidc"]["merged"])
                    counts["merged"] += 1
                tampered = 0
                for p in ("request", "id_token_hint"):
                    bad = tamper(body, p)
                    if bad is None:
                        continue
                    with self.assertRaises(ox.MessageError) as cm:
                        authn_request(v, bad)
                    self.assertIn(kind_of(cm.exception), ("bad_signature", "invalid_base64"))
                    self.assertEqual(param_of(cm.exception), p)
                    tampered += 1
                self.assertGreaterEqual(tampered, 1)
                counts["positive"] += 1
                counts["tampered"] += tampered
        self.assertEqual(counts["positive"] + counts["negative"], 38)
        NOTES.append("request objects: {positive} accepted ({merged} equal to idpyoidc's merge, "
                     "{tampered} tampered signatures rejected), {negative} rejected".format(**counts))

    def test_keys_and_policy(self):
        v = next(x for n, x in vectors("messages/request-object") if n.endswith("ro-es256-ok.json"))
        body = v["body"]
        opts = ox.AuthenticationRequestOptions(issuer=v["op_issuer"], audience=v["op_issuer"])
        # No client keys: the object cannot verify.
        with self.assertRaises(ox.MessageError.UnknownKey) as cm:
            ox.parse_authentication_request(body, opts, v["now"])
        self.assertEqual(param_of(cm.exception), "request")
        self.assertEqual(ox.error_response_for("unknown_key", "request").error, "invalid_request_object")
        with self.assertRaises(ox.MessageError.MissingClaim):
            authn_request(v, body, required=[ox.RegisteredClaim.EXP, ox.RegisteredClaim.NBF])
        self.assertEqual(authn_request(v, body, required=[ox.RegisteredClaim.EXP]).state, "inner-state")
        with self.assertRaises(ox.MessageError.AudienceMismatch):
            authn_request(v, body, audience="https://other.example")
        self.assertEqual(authn_request(v, body, audience=None).client_id, "client-1")
        with self.assertRaises(ox.MessageError.Expired):
            ox.parse_authentication_request(body, opts, v["now"] + 400,
                                            client_keys=ox.KeySet.from_jwks(json.dumps(v["client_jwks"])))
        # As JSON, or with a leading "?": the same request.
        from urllib.parse import parse_qsl
        as_json = json.dumps(dict(parse_qsl(body)))
        self.assertEqual(authn_request(v, as_json, json=True), authn_request(v, "?" + body))
        with self.assertRaises(ox.MessageError.MissingParameter) as cm:
            authn_request(v, "")
        self.assertEqual(param_of(cm.exception), "response_type")
        # The answer to a rejection: its own code and idpyoidc's description.
        self.assertEqual(ox.error_response_for("missing_parameter", "scope"),
                         ox.ErrorResponse(error="invalid_request",
                                          error_description="Missing required attribute 'scope'"))
        self.assertEqual(ox.error_response_for("bad_signature", "id_token_hint").error, "invalid_request")
        self.assertEqual(ox.error_response_for("wrong_parameter_type", "request").error,
                         ox.error_response_for("wrong_parameter_type").error)
        # Without request or hint: the outer request.
        r = ox.parse_authentication_request(
            "response_type=code&client_id=c&scope=openid&redirect_uri=x",
            ox.AuthenticationRequestOptions(issuer="https://op"), 0)
        self.assertIsNone(r.verified_request)
        self.assertIsNone(r.verified_id_token_hint)
        self.assertEqual(json.loads(r.params), {"response_type": "code", "client_id": "c",
                                                "scope": "openid", "redirect_uri": "x"})


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    failed = len(result.failures) + len(result.errors)
    for note in NOTES:
        print(f"python: {note}")
    print(f"python: {result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
