#!/usr/bin/env python3
"""Writes tests/vectors/attacks/*.json: the JWT attack catalogue (RFC 8725 and known CVEs).

Same schema as tests/vectors/jws (see its README.md). Every token is built byte by byte here
(headers and payloads are raw bytes, so duplicates, bad UTF-8 and odd numbers can be expressed)
and signed with `hmac` or with the `cryptography` package (ECDSA with RFC 6979 deterministic
nonces), so two runs write identical files:

    /work/venvs/gen/bin/python tests/vectors/generators/gen_attacks.py

Only `cryptography` is needed (requirements.txt pins it). Large inputs (1 MB tokens, JWK Sets
with 10 000 keys) are not written as files: tests/conformance/tests/attacks.rs builds them.
"""

import base64
import hashlib
import hmac
import json
import os

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

OUT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "attacks"))
NOW = 1_800_000_000
ISS = "https://op.example"
AUD = "client-1"
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551  # P-256 group order

# The cryptojwt vector keys (tests/vectors/jws/001, 013, 017).
HS_K = "zj3fTrgcJv3afFebAZynKG-a-IVNvZZu4RIQXmuAv50"
HS_KID = "rnlJBZBxIte9JnOXq9uQL-HfXg7Rne1GoWJnnyLREHo"
EC_JWK = {
    "crv": "P-256",
    "kid": "T1YaXHatILYjTr77u7s8KLe5UlhzejWbe-dKNaU-fQw",
    "kty": "EC",
    "x": "Knh-VGeRwI1mwV7PJVFsIqxYDsYJeE1uNMJctZyb_N0",
    "y": "G8erQ0wsAJaZYkFBE4UAY1temx8qtKSIokgoK_bfOOs",
}
EC_D = "mo8zqel2Gp3W6891pbVOb4GanELMkhI0Z5GkWX6Tjww"
EC_KID = EC_JWK["kid"]


def b64e(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def b64d(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def i2b(i, n=32):
    return i.to_bytes(n, "big")


def b2i(b):
    return int.from_bytes(b, "big")


def load_rsa_jwk():
    path = os.path.join(os.path.dirname(OUT), "jws", "017-rs256-access-valid.json")
    with open(path) as f:
        return json.load(f)["jwks"]["keys"][0]


RSA_JWK = load_rsa_jwk()
RSA_KID = RSA_JWK["kid"]
HS_JWK = {"alg": "HS256", "k": HS_K, "kid": HS_KID, "kty": "oct"}

EC_PRIV = ec.derive_private_key(b2i(b64d(EC_D)), ec.SECP256R1())
# The attacker's own key: fixed, so the vectors are reproducible.
ATTACKER = ec.derive_private_key(0x5EC2E7_0BAD_C0DE, ec.SECP256R1())
_an = ATTACKER.public_key().public_numbers()
ATTACKER_JWK = {"kty": "EC", "crv": "P-256", "x": b64e(i2b(_an.x)), "y": b64e(i2b(_an.y))}

JWKS_ALL = {"keys": [HS_JWK, EC_JWK, RSA_JWK]}
JWKS_ASYM = {"keys": [EC_JWK, RSA_JWK]}
JWKS_EC = {"keys": [EC_JWK]}
JWKS_HS = {"keys": [HS_JWK]}
POLICY = {"issuer": ISS, "audience": AUD, "leeway": 0}


def hs(key, msg, h=hashlib.sha256):
    return hmac.new(key, msg, h).digest()


def es_sign(priv, msg):
    der = priv.sign(msg, ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
    r, s = decode_dss_signature(der)
    return i2b(r) + i2b(s)


def claims(**over):
    c = {"iss": ISS, "sub": "alice", "aud": AUD, "iat": NOW - 10, "exp": NOW + 600}
    c.update(over)
    return json.dumps(c, separators=(",", ":")).encode()


def header(alg, kid=None, **extra):
    h = {"alg": alg}
    if kid is not None:
        h["kid"] = kid
    h.update(extra)
    return json.dumps(h, separators=(",", ":")).encode()


def token(h, p, sig_fn):
    signing_input = (b64e(h) + "." + b64e(p)).encode()
    return signing_input.decode() + "." + b64e(sig_fn(signing_input))


def hs_token(h, p):
    return token(h, p, lambda m: hs(b64d(HS_K), m))


def es_token(h, p, priv=EC_PRIV):
    return token(h, p, lambda m: es_sign(priv, m))


CASES = []


def case(name, description, tok, error=None, jwks=JWKS_ALL, policy=POLICY, valid=None):
    """valid: (header_bytes, payload_bytes) for a positive case."""
    v = {
        "name": name,
        "description": description,
        "source": "tests/vectors/generators/gen_attacks.py (cryptography, RFC 6979 ECDSA)",
        "now": NOW,
        "jwks": jwks,
        "policy": policy,
        "token": tok,
    }
    if valid is not None:
        v["expected"] = {"valid": True, "header": json.loads(valid[0]), "claims": json.loads(valid[1])}
    else:
        v["expected"] = {"valid": False, "error": error}
    CASES.append(v)


def alg_none():
    p = claims()
    for suffix, alg in [("lower", "none"), ("capital", "None"), ("upper", "NONE"), ("mixed", "nOnE")]:
        case(f"rfc8725-alg-none-{suffix}", f"alg {alg!r} with an empty signature (RFC 8725 §3.1)",
             b64e(header(alg)) + "." + b64e(p) + ".", "unsupported_algorithm")
    case("rfc8725-alg-none-with-kid", "alg none naming the HMAC key's kid",
         b64e(header("none", HS_KID)) + "." + b64e(p) + ".", "unsupported_algorithm")
    case("rfc8725-alg-none-with-signature", "alg none carrying a real HS256 signature",
         hs_token(header("none", HS_KID), p), "unsupported_algorithm")
    case("rfc8725-alg-empty", "alg is the empty string",
         hs_token(header("", HS_KID), p), "unsupported_algorithm")
    case("rfc8725-alg-hs256-lowercase", "alg 'hs256' (algorithm names are case-sensitive)",
         hs_token(header("hs256", HS_KID), p), "unsupported_algorithm")
    case("rfc8725-alg-null", "alg is JSON null", hs_token(b'{"alg":null}', p), "malformed")
    case("rfc8725-alg-missing", "no alg member", hs_token(b'{"kid":"' + HS_KID.encode() + b'"}', p),
         "malformed")
    case("rfc8725-alg-array", "alg is an array", hs_token(b'{"alg":["HS256"]}', p), "malformed")


def alg_confusion():
    p = claims()
    ec_pub = EC_PRIV.public_key()
    ec_pem = ec_pub.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    ec_der = ec_pub.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    rsa_pub = rsa.RSAPublicNumbers(b2i(b64d(RSA_JWK["e"])), b2i(b64d(RSA_JWK["n"]))).public_key()
    rsa_pem = rsa_pub.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    x963 = ec_pub.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    ec_jwk_text = json.dumps(EC_JWK).encode()
    for what, secret, kid, jwks in [
        ("ec-pem", ec_pem, EC_KID, JWKS_ASYM),
        ("ec-pem-no-kid", ec_pem, None, JWKS_ASYM),
        ("ec-der", ec_der, EC_KID, JWKS_ASYM),
        ("ec-point", x963, EC_KID, JWKS_ASYM),
        ("ec-jwk-json", ec_jwk_text, EC_KID, JWKS_ASYM),
        ("rsa-pem", rsa_pem, RSA_KID, JWKS_ASYM),
        ("rsa-pem-no-kid", rsa_pem, None, JWKS_ASYM),
        ("rsa-modulus", b64d(RSA_JWK["n"]), RSA_KID, JWKS_ASYM),
    ]:
        case(f"rfc8725-alg-confusion-hs256-{what}",
             f"HS256 MAC keyed with the {what} public key bytes (RFC 8725 §2.1, CVE-2015-9235)",
             token(header("HS256", kid), p, lambda m, s=secret: hs(s, m)), "unsupported_algorithm",
             jwks=jwks)
    case("rfc8725-alg-confusion-hs384-ec-pem", "HS384 keyed with the EC public key PEM",
         token(header("HS384", EC_KID), p, lambda m: hs(ec_pem, m, hashlib.sha384)),
         "unsupported_algorithm", jwks=JWKS_ASYM)
    case("rfc8725-alg-confusion-es256-on-rsa-kid", "an ES256 signature naming the RSA key's kid",
         es_token(header("ES256", RSA_KID), p), "unsupported_algorithm", jwks=JWKS_ASYM)
    case("rfc8725-alg-confusion-es256-on-hmac-kid", "an ES256 signature naming the HMAC key's kid",
         es_token(header("ES256", HS_KID), p), "unsupported_algorithm")
    case("rfc8725-alg-confusion-hs512-on-hs256-key", "the HS256 key used with HS512 (key pins alg)",
         token(header("HS512", HS_KID), p, lambda m: hs(b64d(HS_K), m, hashlib.sha512)),
         "unsupported_algorithm")


def psychic():
    p = claims()
    h = header("ES256", EC_KID)
    signing_input = (b64e(h) + "." + b64e(p)).encode()
    good = es_sign(EC_PRIV, signing_input)
    r, s = b2i(good[:32]), b2i(good[32:])

    def forged(name, desc, rr, ss, error="bad_signature"):
        sig = i2b(rr) + i2b(ss)
        case(name, desc, signing_input.decode() + "." + b64e(sig), error, jwks=JWKS_EC)

    forged("cve-2022-21449-r-s-zero", "r = s = 0 ('psychic signature', CVE-2022-21449)", 0, 0)
    forged("cve-2022-21449-r-zero", "r = 0 with the genuine s", 0, s)
    forged("cve-2022-21449-s-zero", "the genuine r with s = 0", r, 0)
    forged("cve-2022-21449-r-s-n", "r = s = n (the group order, ≡ 0 mod n)", N, N)
    forged("cve-2022-21449-r-n", "r = n with the genuine s", N, s)
    forged("cve-2022-21449-s-n", "the genuine r with s = n", r, N)
    forged("cve-2022-21449-r-plus-n", "r + n (same value mod n, out of range [1, n-1])", r + N, s) \
        if r + N < 2**256 else None
    forged("cve-2022-21449-s-plus-n", "s + n (out of range [1, n-1])", r, s + N) \
        if s + N < 2**256 else None
    forged("cve-2022-21449-r-s-max", "r = s = 2^256 - 1", 2**256 - 1, 2**256 - 1)
    forged("cve-2022-21449-r-s-one", "r = s = 1", 1, 1)
    # JWS (RFC 7518 §3.4) has no low-S rule: n - s is a valid signature, as in every JOSE library.
    hs_ = N - s
    case("es256-high-s-valid", "s replaced by n - s: ECDSA malleability, valid (RFC 7518 has no low-S rule)",
         signing_input.decode() + "." + b64e(i2b(r) + i2b(hs_)), jwks=JWKS_EC, valid=(h, p))
    case("es256-valid-baseline", "the genuine signature the forged ones start from",
         signing_input.decode() + "." + b64e(good), jwks=JWKS_EC, valid=(h, p))


def sig_lengths():
    p = claims()
    h = header("ES256", EC_KID)
    si = (b64e(h) + "." + b64e(p)).encode()
    good = es_sign(EC_PRIV, si)
    for name, sig in [
        ("es256-sig-empty", b""),
        ("es256-sig-63-bytes", good[:63]),
        ("es256-sig-65-bytes", good + b"\x00"),
        ("es256-sig-65-bytes-leading-zero", b"\x00" + good),
        ("es256-sig-32-bytes", good[:32]),
        ("es256-sig-128-bytes", good + good),
        ("es256-sig-513-bytes", good * 8 + b"\x00"),
    ]:
        case(name, f"ES256 signature of {len(sig)} bytes (must be exactly 64, RFC 7518 §3.4)",
             si.decode() + "." + b64e(sig), "bad_signature", jwks=JWKS_EC)
    hh = header("HS256", HS_KID)
    hsi = (b64e(hh) + "." + b64e(p)).encode()
    mac = hs(b64d(HS_K), hsi)
    for name, sig in [
        ("hs256-sig-empty", b""),
        ("hs256-sig-truncated-16", mac[:16]),
        ("hs256-sig-truncated-31", mac[:31]),
        ("hs256-sig-extended-33", mac + b"\x00"),
        ("hs256-sig-doubled-64", mac + mac),
    ]:
        case(name, f"HS256 tag of {len(sig)} bytes (a truncated MAC must not verify)",
             hsi.decode() + "." + b64e(sig), "bad_signature", jwks=JWKS_HS)


def crit_b64():
    p = claims()
    for name, hdr, err, desc in [
        ("rfc7515-crit-unknown", b'{"alg":"HS256","kid":"%s","crit":["x-ext"],"x-ext":1}', "unsupported_header",
         "crit names an unknown extension (RFC 7515 §4.1.11)"),
        ("rfc7515-crit-duplicated-entry", b'{"alg":"HS256","kid":"%s","crit":["x-ext","x-ext"],"x-ext":1}',
         "unsupported_header", "crit lists the same name twice"),
        ("rfc7515-crit-empty", b'{"alg":"HS256","kid":"%s","crit":[]}', "unsupported_header",
         "crit is an empty list (RFC 7515: MUST NOT be empty)"),
        ("rfc7515-crit-registered-name", b'{"alg":"HS256","kid":"%s","crit":["alg"]}', "unsupported_header",
         "crit names a registered header parameter"),
        ("rfc7515-crit-exp-missing-member", b'{"alg":"HS256","kid":"%s","crit":["exp"]}', "unsupported_header",
         "crit names a member the header lacks"),
        ("rfc7515-crit-not-array", b'{"alg":"HS256","kid":"%s","crit":"x-ext","x-ext":1}', "malformed",
         "crit is a string, not an array"),
        ("rfc7515-crit-duplicate-member", b'{"alg":"HS256","kid":"%s","crit":["a"],"crit":["b"]}',
         "unsupported_header", "the crit member appears twice (refused at the first crit)"),
        ("rfc7797-b64-false", b'{"alg":"HS256","kid":"%s","b64":false,"crit":["b64"]}', "unsupported_header",
         "unencoded payload (RFC 7797) with crit"),
        ("rfc7797-b64-false-no-crit", b'{"alg":"HS256","kid":"%s","b64":false}', "unsupported_header",
         "b64 false without crit"),
        ("rfc7797-b64-string", b'{"alg":"HS256","kid":"%s","b64":"false"}', "malformed",
         "b64 is the string 'false'"),
    ]:
        h = hdr % HS_KID.encode()
        case(name, desc, hs_token(h, p), err, jwks=JWKS_HS)
    h = b'{"alg":"HS256","kid":"%s","b64":true}' % HS_KID.encode()
    case("rfc7797-b64-true-valid", "b64 true is the default encoding: accepted", hs_token(h, p),
         jwks=JWKS_HS, valid=(h, p))


def embedded_keys():
    p = claims()
    jwk = json.dumps(ATTACKER_JWK, separators=(",", ":"))
    h = ('{"alg":"ES256","jwk":%s}' % jwk).encode()
    case("rfc8725-header-jwk-attacker-key", "signed by the attacker's key, which is embedded as 'jwk' (CVE-2018-0114)",
         es_token(h, p, ATTACKER), "bad_signature", jwks=JWKS_EC)
    h = ('{"alg":"ES256","kid":"%s","jwk":%s}' % (EC_KID, jwk)).encode()
    case("rfc8725-header-jwk-attacker-key-real-kid", "attacker's embedded jwk with the real key's kid",
         es_token(h, p, ATTACKER), "bad_signature", jwks=JWKS_EC)
    h = ('{"alg":"ES256","kid":"attacker","jku":"https://attacker.example/jwks.json"}').encode()
    case("rfc8725-header-jku-attacker", "jku pointing at the attacker's key set, attacker kid (never fetched)",
         es_token(h, p, ATTACKER), "unknown_key", jwks=JWKS_EC)
    h = ('{"alg":"ES256","kid":"%s","jku":"https://attacker.example/jwks.json"}' % EC_KID).encode()
    case("rfc8725-header-jku-attacker-real-kid", "jku to the attacker, real kid, attacker's signature",
         es_token(h, p, ATTACKER), "bad_signature", jwks=JWKS_EC)
    h = ('{"alg":"ES256","kid":"%s","x5u":"https://attacker.example/cert.pem"}' % EC_KID).encode()
    case("rfc8725-header-x5u-attacker", "x5u pointing at the attacker, attacker's signature",
         es_token(h, p, ATTACKER), "bad_signature", jwks=JWKS_EC)
    fake_cert = base64.b64encode(b"\x30\x82\x01\x00" + b"attacker certificate" * 8).decode()
    h = ('{"alg":"ES256","kid":"%s","x5c":["%s"]}' % (EC_KID, fake_cert)).encode()
    case("rfc8725-header-x5c-attacker", "x5c with the attacker's certificate, attacker's signature",
         es_token(h, p, ATTACKER), "bad_signature", jwks=JWKS_EC)
    # The header members are ignored, not a reason to reject: a token the real key signed is valid.
    h = ('{"alg":"ES256","kid":"%s","jku":"https://attacker.example/jwks.json","x5u":"https://a.example/c",'
         '"jwk":%s}' % (EC_KID, jwk)).encode()
    case("rfc8725-header-jku-jwk-x5u-ignored-valid", "jku/jwk/x5u present but the real key signed: members ignored",
         es_token(h, p), jwks=JWKS_EC, valid=(h, p))


def kids():
    p = claims()
    for name, kid, err, desc in [
        ("kid-path-traversal", "../../../../../../dev/null", "unknown_key", "kid with path traversal (compared only)"),
        ("kid-sql-injection", "x' UNION SELECT 'zj3fTrgc' -- ", "unknown_key", "kid with SQL (compared only)"),
        ("kid-command-injection", "key1|/usr/bin/touch /tmp/pwned;", "unknown_key", "kid with shell metacharacters"),
        ("kid-url", "https://attacker.example/key.pem", "unknown_key", "kid that looks like a URL (never fetched)"),
        ("kid-nul-byte", HS_KID + "\u0000", "unknown_key", "the real kid plus an escaped NUL"),
        ("kid-prefix-of-real", HS_KID[:-1], "unknown_key", "the real kid minus its last character"),
        ("kid-case-changed", HS_KID.upper(), "unknown_key", "the real kid in upper case (kids are case-sensitive)"),
        ("kid-256-bytes", "k" * 256, "unknown_key", "kid of exactly MAX_KID_LEN (256) bytes"),
        ("kid-257-bytes", "k" * 257, "too_large", "kid one past MAX_KID_LEN"),
        ("kid-900-bytes", "k" * 900, "too_large", "kid of 900 bytes"),
        ("kid-5000-bytes", "k" * 5000, "too_large", "kid of 5000 bytes (header past MAX_HEADER_LEN)"),
    ]:
        h = json.dumps({"alg": "HS256", "kid": kid}, separators=(",", ":")).encode()
        # Signed with the empty key / the kid itself: the classic kid-injection payloads.
        case(name, desc, token(h, p, lambda m, k=kid: hs(k.encode(), m)), err, jwks=JWKS_HS)
    case("kid-path-traversal-empty-key", "kid '/dev/null' and a MAC keyed with the empty string",
         token(header("HS256", "../../../../dev/null"), p, lambda m: hs(b"", m)), "unknown_key", jwks=JWKS_HS)
    for name, raw in [("kid-number", b"42"), ("kid-null", b"null"), ("kid-object", b'{"kid":"x"}')]:
        h = b'{"alg":"HS256","kid":' + raw + b"}"
        case(name, f"kid is {raw.decode()} (not a string)", hs_token(h, p), "malformed", jwks=JWKS_HS)
    # Escapes that decode to the real kid compare equal (JSON strings compare decoded).
    esc = "".join("\\u%04x" % ord(c) for c in HS_KID[:4]) + HS_KID[4:]
    h = ('{"alg":"HS256","kid":"%s"}' % esc).encode()
    case("kid-escaped-equals-real-valid", "kid written with \\u escapes that decode to the real kid",
         hs_token(h, p), jwks=JWKS_HS, valid=(h, p))


def nested_and_dups():
    p = claims()
    inner = hs_token(header("HS256", HS_KID), p)
    h = header("HS256", HS_KID, cty="JWT")
    case("rfc7519-nested-jwt-cty", "cty JWT with a nested JWT as payload (nested tokens are not unwrapped)",
         hs_token(h, inner.encode()), "malformed", jwks=JWKS_HS)
    h2 = header("HS256", HS_KID, cty="JWT")
    case("rfc7519-cty-jwt-json-payload-valid", "cty JWT over a plain claims set: cty is only recorded",
         hs_token(h2, p), jwks=JWKS_HS, valid=(h2, p))
    base = claims().decode()[1:-1]
    for name, payload, desc in [
        ("dup-claim-exp", '{%s,"exp":%d}' % (base, NOW - 100), "exp twice: valid first, expired second"),
        ("dup-claim-exp-escaped", '{%s,"e\\u0078p":%d}' % (base, NOW - 100), "exp and e\\u0078p (same name decoded)"),
        ("dup-claim-iss", '{"iss":"https://evil.example",%s}' % base, "iss twice: attacker's first"),
        ("dup-claim-aud", '{%s,"aud":"evil"}' % base, "aud twice"),
        ("dup-claim-sub", '{%s,"sub":"admin"}' % base, "sub twice"),
    ]:
        case(name, desc + " (RFC 7519 §4: names MUST be unique)", hs_token(header("HS256", HS_KID), payload.encode()),
             "malformed", jwks=JWKS_HS)
    for name, hdr, desc in [
        ("dup-header-alg", b'{"alg":"HS256","alg":"none","kid":"%s"}', "alg twice (HS256, none)"),

        ("dup-header-kid", b'{"alg":"HS256","kid":"%s","kid":"other"}', "kid twice"),
        ("dup-header-kid-escaped", b'{"alg":"HS256","kid":"%s","\\u006bid":"other"}', "kid and \\u006bid"),
    ]:
        case(name, desc + " (RFC 7515 §4: names MUST be unique)", hs_token(hdr % HS_KID.encode(), p),
             "malformed", jwks=JWKS_HS)
    # Members are checked in one pass, in order: a first `alg: none` is refused before the
    # duplicate is reached. Rejected either way; the category records which rule fires first.
    hdr = b'{"alg":"none","alg":"HS256","kid":"%s"}' % HS_KID.encode()
    case("dup-header-alg-reversed", "alg twice (none, HS256): refused at the first alg", hs_token(hdr, p),
         "unsupported_algorithm", jwks=JWKS_HS)


def escaped_names():
    """Member names compare after unescaping (RFC 8259 §8.3): an escaped `exp`, `crit` or `b64`
    is the same member, not an unknown one that slips past the rule (found by the jwt_claims
    fuzz target)."""
    k = HS_KID
    for name, payload, err, desc in [
        ("exp", '{"iss":"%s","aud":"%s","e\\u0078p":%d}' % (ISS, AUD, NOW - 100), "expired", "an expired exp spelled e\\u0078p"),
        ("nbf", '{"iss":"%s","aud":"%s","exp":%d,"nb\\u0066":%d}' % (ISS, AUD, NOW + 600, NOW + 300), "not_yet_valid",
         "a future nbf spelled nb\\u0066"),
        ("iat", '{"iss":"%s","aud":"%s","exp":%d,"\\u0069at":%d}' % (ISS, AUD, NOW + 600, NOW + 300), "issued_in_future",
         "a future iat spelled \\u0069at"),
        ("iss", '{"\\u0069ss":"https://evil.example","aud":"%s","exp":%d}' % (AUD, NOW + 600), "issuer_mismatch",
         "a wrong iss spelled \\u0069ss"),
        ("aud", '{"iss":"%s","\\u0061ud":"evil","exp":%d}' % (ISS, NOW + 600), "audience_mismatch",
         "a wrong aud spelled \\u0061ud"),
        ("exp-type", '{"iss":"%s","aud":"%s","\\u0065xp":"never"}' % (ISS, AUD), "invalid_claim",
         "a string exp spelled \\u0065xp"),
    ]:
        case(f"rfc8259-escaped-claim-name-{name}", desc + " (RFC 8259 §8.3)", hs_token(header("HS256", k), payload.encode()),
             err, jwks=JWKS_HS)
    for name, hdr, err, desc in [
        ("crit", b'{"alg":"HS256","kid":"%s","\\u0063rit":["x-ext"],"x-ext":1}', "unsupported_header", "crit spelled \\u0063rit"),
        ("b64", b'{"alg":"HS256","kid":"%s","b\\u0036\\u0034":false}', "unsupported_header", "b64 false spelled b\\u0036\\u0034"),
        ("alg-none", b'{"\\u0061lg":"none","kid":"%s"}', "unsupported_algorithm", "alg none spelled \\u0061lg"),
    ]:
        case(f"rfc8259-escaped-header-name-{name}", desc + " (RFC 8259 §8.3)", hs_token(hdr % k.encode(), claims()), err,
             jwks=JWKS_HS)
    # Values the core compares as identifiers (alg) are matched on their raw bytes: an escaped
    # spelling of an algorithm is refused, never decoded into a different one (DIVERGENCES.md).
    h = b'{"alg":"HS\\u0032\\u0035\\u0036","kid":"%s"}' % k.encode()
    case("rfc8259-escaped-alg-value", "alg value HS\\u0032\\u0035\\u0036: refused, not decoded", hs_token(h, claims()),
         "unsupported_algorithm", jwks=JWKS_HS)
    for name, hdr in [("alg", b'{"\\u0061lg":"HS256","kid":"%s"}'), ("kid", b'{"alg":"HS256","\\u006bid":"%s"}')]:
        h = hdr % k.encode()
        p = claims()
        case(f"rfc8259-escaped-header-name-{name}-valid", f"{name} spelled with a \\u escape: the same member",
             hs_token(h, p), jwks=JWKS_HS, valid=(h, p))


def numbers():
    base = '"iss":"%s","aud":"%s","sub":"alice"' % (ISS, AUD)
    for name, member, err, desc in [
        ("exp-exponent", '"exp":1.8000006e9', "invalid_claim", "exp with an exponent"),
        ("exp-exponent-integer-valued", '"exp":18000006E2', "invalid_claim", "exp 18000006E2 (integral, but not an integer token)"),
        ("exp-fraction", '"exp":1800000600.5', "invalid_claim", "exp with a fraction (oxidc accepts integers only)"),
        ("exp-fraction-zero", '"exp":1800000600.0', "invalid_claim", "exp 1800000600.0"),
        ("exp-huge", '"exp":1e400', "invalid_claim", "exp beyond f64"),
        ("exp-beyond-i64", '"exp":99999999999999999999', "invalid_claim", "exp beyond i64"),
        ("exp-i64-min-minus-one", '"exp":-9223372036854775809', "invalid_claim", "exp below i64::MIN"),
        ("exp-leading-zero", '"exp":01800000600', "malformed", "exp with a leading zero (invalid JSON)"),
        ("exp-leading-plus", '"exp":+1800000600', "malformed", "exp with a leading + (invalid JSON)"),
        ("exp-hex", '"exp":0x6B49D258', "malformed", "exp in hex (invalid JSON)"),
        ("exp-nan", '"exp":NaN', "malformed", "exp NaN (invalid JSON)"),
        ("exp-infinity", '"exp":Infinity', "malformed", "exp Infinity (invalid JSON)"),
        ("exp-negative", '"exp":-1', "expired", "exp -1"),
        ("exp-negative-zero", '"exp":-0', "expired", "exp -0"),
        ("exp-i64-min", '"exp":-9223372036854775808', "expired", "exp i64::MIN (no overflow with leeway)"),
        ("exp-string", '"exp":"1800000600"', "invalid_claim", "exp as a numeric string"),
        ("exp-bool", '"exp":true', "invalid_claim", "exp true"),
        ("exp-object", '"exp":{"$gt":0}', "invalid_claim", "exp as an object (NoSQL-style)"),
        ("nbf-exponent", '"exp":1800000600,"nbf":1.7e9', "invalid_claim", "nbf with an exponent"),
        ("nbf-huge", '"exp":1800000600,"nbf":1e400', "invalid_claim", "nbf beyond f64"),
        ("nbf-future", '"exp":1800000600,"nbf":1800000300', "not_yet_valid", "nbf in the future"),
        ("iat-fraction", '"exp":1800000600,"iat":1799999990.25', "invalid_claim", "iat with a fraction"),
        ("iat-leading-zero", '"exp":1800000600,"iat":00', "malformed", "iat 00"),
        ("iat-beyond-i64", '"exp":1800000600,"iat":18446744073709551616', "invalid_claim", "iat 2^64"),
        ("iat-future", '"exp":1800000600,"iat":1800000300', "issued_in_future", "iat in the future"),
    ]:
        payload = ("{%s,%s}" % (base, member)).encode()
        case(f"rfc7519-{name}", desc + " (RFC 7519 §2 NumericDate)", hs_token(header("HS256", HS_KID), payload), err,
             jwks=JWKS_HS)
    for name, member, desc in [
        ("exp-i64-max-valid", '"exp":9223372036854775807', "exp i64::MAX (no overflow)"),
        ("nbf-i64-min-valid", '"exp":1800000600,"nbf":-9223372036854775808', "nbf i64::MIN"),
        ("iat-i64-min-valid", '"exp":1800000600,"iat":-9223372036854775808', "iat i64::MIN"),
    ]:
        payload = ("{%s,%s}" % (base, member)).encode()
        h = header("HS256", HS_KID)
        case(f"rfc7519-{name}", desc, hs_token(h, payload), jwks=JWKS_HS, valid=(h, payload))


def audiences():
    base = '"iss":"%s","sub":"alice","exp":%d' % (ISS, NOW + 600)
    for name, aud, err in [
        ("number", "42", "invalid_claim"),
        ("null", "null", "invalid_claim"),
        ("bool", "true", "invalid_claim"),
        ("object", '{"aud":"%s"}' % AUD, "invalid_claim"),
        ("array-with-number", '["%s",42]' % AUD, "invalid_claim"),
        ("array-with-null", '["%s",null]' % AUD, "invalid_claim"),
        ("array-nested", '[["%s"]]' % AUD, "invalid_claim"),
        ("array-empty", "[]", "audience_mismatch"),
        ("empty-string", '""', "audience_mismatch"),
        ("prefix", '"%s"' % AUD[:-1], "audience_mismatch"),
        ("superstring", '"%s-evil"' % AUD, "audience_mismatch"),
        ("case", '"%s"' % AUD.upper(), "audience_mismatch"),
        ("comma-joined", '"%s,evil"' % AUD, "audience_mismatch"),
    ]:
        payload = ("{%s,\"aud\":%s}" % (base, aud)).encode()
        case(f"rfc7519-aud-{name}", f"aud {aud} (RFC 7519 §4.1.3: a string or an array of strings)",
             hs_token(header("HS256", HS_KID), payload), err, jwks=JWKS_HS)
    payload = ("{%s,\"aud\":[\"evil\",\"%s\"]}" % (base, AUD)).encode()
    h = header("HS256", HS_KID)
    case("rfc7519-aud-array-contains-valid", "aud list containing the audience among others", hs_token(h, payload),
         jwks=JWKS_HS, valid=(h, payload))
    payload = ('{%s,"aud":"\\u0063lient-1"}' % base).encode()
    case("rfc7519-aud-escaped-valid", "aud with a \\u escape decoding to the audience", hs_token(h, payload),
         jwks=JWKS_HS, valid=(h, payload))
    payload = ('{%s}' % base).encode()
    case("rfc7519-aud-missing", "no aud while an audience is configured", hs_token(h, payload), "missing_claim",
         jwks=JWKS_HS)


def utf8_and_escapes():
    h = header("HS256", HS_KID)
    pre = ('{"iss":"%s","aud":"%s","exp":%d,"sub":"' % (ISS, AUD, NOW + 600)).encode()
    for name, raw, err, desc in [
        ("invalid-utf8-ff", b"\xff", "malformed", "a 0xFF byte"),
        ("invalid-utf8-overlong-slash", b"\xc0\xaf", "malformed", "overlong '/' (C0 AF)"),
        ("invalid-utf8-overlong-nul", b"\xc0\x80", "malformed", "overlong NUL (C0 80, 'modified UTF-8')"),
        ("invalid-utf8-overlong-3byte", b"\xe0\x80\xaf", "malformed", "3-byte overlong '/'"),
        ("invalid-utf8-surrogate", b"\xed\xa0\x80", "malformed", "a UTF-16 surrogate encoded in UTF-8 (CESU-8)"),
        ("invalid-utf8-truncated", b"\xe2\x82", "malformed", "a truncated 3-byte sequence"),
        ("invalid-utf8-beyond-unicode", b"\xf4\x90\x80\x80", "malformed", "a code point above U+10FFFF"),
        ("json-lone-high-surrogate", b"\\ud800", "malformed", "escaped lone high surrogate"),
        ("json-lone-low-surrogate", b"\\udc00", "malformed", "escaped lone low surrogate"),
        ("json-reversed-surrogates", b"\\udc00\\ud800", "malformed", "surrogates in the wrong order"),
        ("json-short-escape", b"\\u00", "malformed", "a truncated \\u escape"),
        ("json-bad-escape", b"\\x41", "malformed", "\\x is not a JSON escape"),
        ("json-raw-control", b"\x01", "malformed", "a raw control character in a string"),
        ("json-raw-newline", b"\n", "malformed", "a raw newline in a string"),
    ]:
        payload = pre + raw + b'"}'
        case(f"rfc8259-{name}", desc + " in a claim string (RFC 8259 §7, §8.1)", hs_token(h, payload), err,
             jwks=JWKS_HS)
    hdr = b'{"alg":"HS256","kid":"' + HS_KID.encode() + b'","x":"\xc0\xaf"}'
    case("rfc8259-invalid-utf8-in-header", "overlong UTF-8 in the header", hs_token(hdr, claims()), "malformed",
         jwks=JWKS_HS)
    payload = pre + b'\\u0061lice\\ud83d\\ude00"}'
    case("rfc8259-escapes-valid", "escaped ASCII and a valid surrogate pair decode", hs_token(h, payload),
         jwks=JWKS_HS, valid=(h, payload))
    iss = ('{"iss":"%s\\u0000","aud":"%s","exp":%d}' % (ISS, AUD, NOW + 600)).encode()
    case("rfc8259-escaped-nul-in-iss", "iss with an escaped NUL appended (no C-string truncation)",
         hs_token(h, iss), "issuer_mismatch", jwks=JWKS_HS)


def nesting():
    h = header("HS256", HS_KID)
    base = '"iss":"%s","aud":"%s","exp":%d' % (ISS, AUD, NOW + 600)
    # The claims object is level 1; MAX_JSON_DEPTH = 32 allows 31 more levels inside it.
    at = "[" * 31 + "]" * 31
    payload = ("{%s,\"deep\":%s}" % (base, at)).encode()
    case("json-depth-at-limit-valid", "claims nested exactly MAX_JSON_DEPTH (32) levels", hs_token(h, payload),
         jwks=JWKS_HS, valid=(h, payload))
    past = "[" * 32 + "]" * 32
    payload = ("{%s,\"deep\":%s}" % (base, past)).encode()
    case("json-depth-one-past", "claims nested 33 levels (one past MAX_JSON_DEPTH)", hs_token(h, payload),
         "too_large", jwks=JWKS_HS)
    objs = '{"a":' * 40 + "1" + "}" * 40
    payload = ("{%s,\"deep\":%s}" % (base, objs)).encode()
    case("json-depth-objects", "41 levels of nested objects", hs_token(h, payload), "too_large", jwks=JWKS_HS)
    unclosed = "[" * 5000
    payload = ("{%s,\"deep\":%s" % (base, unclosed)).encode()
    case("json-depth-unclosed", "5000 unclosed brackets (bounded, no recursion)", hs_token(h, payload), "too_large",
         jwks=JWKS_HS)
    hdr = b'{"alg":"HS256","x":' + b"[" * 40 + b"]" * 40 + b"}"
    case("json-depth-header", "a header nested 41 levels", hs_token(hdr, claims()), "too_large", jwks=JWKS_HS)
    many = ",".join('"c%d":%d' % (i, i) for i in range(300))
    payload = ("{%s,%s}" % (base, many)).encode()
    case("json-members-300", "a claims set with 303 members (MAX_JSON_MEMBERS = 256)", hs_token(h, payload),
         "too_large", jwks=JWKS_HS)
    arr = ",".join(["1"] * 300)
    payload = ("{%s,\"list\":[%s]}" % (base, arr)).encode()
    case("json-array-300", "an array of 300 entries", hs_token(h, payload), "too_large", jwks=JWKS_HS)


def structure():
    p = claims()
    good = hs_token(header("HS256", HS_KID), p)
    hh, pp, ss = good.split(".")
    for name, tok, err, desc in [
        ("jws-five-parts-jwe-shape", good + ".AAAA.BBBB", "malformed", "five parts (a JWE shape)"),
        ("jws-empty-header", "." + pp + "." + ss, "malformed", "empty header part"),
        ("jws-empty-payload", hh + ".." + ss, "malformed", "empty payload part"),
        ("jws-whitespace", hh + " ." + pp + "." + ss, "malformed", "a space before a dot"),
        ("jws-trailing-newline", good + "\n", "malformed", "a trailing newline"),
        ("jws-standard-base64", hh.replace("-", "+").replace("_", "/") + "." + pp + "." + ss + "+/", "malformed",
         "standard base64 characters"),
        ("jws-padded", hh + "==." + pp + "." + ss, "malformed", "base64 padding"),
        ("jws-non-canonical-base64", hh[:-1] + chr(ord(hh[-1]) + 1) + "." + pp + "." + ss, "malformed",
         "non-canonical trailing bits in the header part"),
        ("jws-header-array", b64e(b'["HS256"]') + "." + pp + "." + ss, "malformed", "the header is an array"),
        # Correctly signed, so only the payload's shape can fail them (the signature is checked
        # before the payload is parsed, RFC 8725 §3.1).
        ("jws-payload-array", hs_token(header("HS256", HS_KID), b"[1,2]"), "malformed", "the payload is an array"),
        ("jws-payload-string", hs_token(header("HS256", HS_KID), b'"claims"'), "malformed",
         "the payload is a string"),
        ("jws-payload-trailing-garbage", hs_token(header("HS256", HS_KID), p + b"x"), "malformed",
         "JSON then garbage"),
        ("jws-payload-two-objects", hs_token(header("HS256", HS_KID), p + p), "malformed", "two JSON objects"),
        ("jws-payload-empty-object-unsigned", hh + "." + b64e(b"{}") + "." + ss, "bad_signature",
         "a payload swapped under the original signature"),
    ]:
        case(name, desc + " (RFC 7515 §7.1)", tok, err, jwks=JWKS_HS)
    # MAX_TOKEN_LEN = 16384: a padded valid token of exactly that length, then one byte more.
    # (base64url never has length 1 mod 4, so both header and payload padding are searched.)
    for length, name in [(16384, "token-at-limit-valid"), (16385, "token-one-past-limit")]:
        found = None
        for m in range(4):
            h = header("HS256", HS_KID, x="a" * m) if m else header("HS256", HS_KID)
            approx = (length * 3) // 4 - 300
            for pad in range(max(approx, 0), approx + 400):
                payload = claims(pad="x" * pad)
                t = hs_token(h, payload)
                if len(t) == length:
                    found = (t, h, payload)
                    break
            if found:
                break
        assert found, length
        t, h, payload = found
        if name.endswith("valid"):
            case(name, "a valid token of exactly MAX_TOKEN_LEN (16384) bytes", t, jwks=JWKS_HS, valid=(h, payload))
        else:
            case(name, "a token of MAX_TOKEN_LEN + 1 bytes", t, "too_large", jwks=JWKS_HS)


def jwks_limits():
    p = claims()
    t = hs_token(header("HS256", HS_KID), p)
    keys = [{"kty": "oct", "k": b64e(bytes([i % 256]) * 16), "kid": "k%d" % i} for i in range(64)]
    # (64 keys exactly depend on the binding's key-set capacity: tests/conformance/tests/attacks.rs.)
    keys65 = keys + [{"kty": "oct", "k": b64e(b"\x65" * 16), "kid": "k64"}]
    case("jwks-65-keys", "a JWK Set one past MAX_JWKS_KEYS", t, "too_large", jwks={"keys": keys65})
    skipped = [{"kty": "OKP", "crv": "Ed25519", "x": b64e(bytes(32)), "kid": "e%d" % i} for i in range(63)]
    case("jwks-63-unsupported-plus-real-valid", "63 keys of an unsupported type (skipped) and the real key",
         t, jwks={"keys": skipped + [HS_JWK]}, valid=(header("HS256", HS_KID), p))
    dup = json.loads(json.dumps(HS_JWK))
    case("jwks-kid-maps-to-other-secret", "the kid names another secret; the right one has another kid "
         "(no fallback to keys with other kids)",
         t, "bad_signature", jwks={"keys": [dict(dup, k=b64e(b"z" * 32)), dict(HS_JWK, kid="other")]})
    case("jwks-empty", "an empty key set", t, "unknown_key", jwks={"keys": []})


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".json"):
            os.remove(os.path.join(OUT, f))
    for gen in (alg_none, alg_confusion, psychic, sig_lengths, crit_b64, embedded_keys, escaped_names, kids, nested_and_dups,
                numbers, audiences, utf8_and_escapes, nesting, structure, jwks_limits):
        gen()
    names = set()
    for v in CASES:
        assert v["name"] not in names, v["name"]
        names.add(v["name"])
        with open(os.path.join(OUT, v["name"] + ".json"), "w") as f:
            json.dump(v, f, indent=1, sort_keys=True, ensure_ascii=True)
            f.write("\n")
    print(f"{len(CASES)} attack vectors in {OUT}")


if __name__ == "__main__":
    main()
