"""Per-call cost from Python of verifying (signature + exp + iss + aud) and minting an
idpyoidc-shaped access token, oxidc against cryptojwt, PyJWT, joserfc, jwcrypto, authlib, oxyjwt
and pyjwt-rs, for HS256, ES256 and RS256; and idpyoidc's message parsing against oxidc's.

The token, claims and keys are the ones of the Rust comparison (benches/peers: the claims of
benches/benches/jwt.rs, the keys in benches/peers/keys/). Contenders are timed round-robin
(benchjson.py); a peer that is not installed is left out and named in the notes. Run through
./run.sh (a venv with every peer and a release build of oxidc) or benches/run, which renders
the results; OXIDC_BENCH_JSON=path writes them as JSON, OXIDC_BENCH_MODE=tiny|quick|full sets
the effort.
"""

from __future__ import annotations

import base64
import json
import pathlib
import sys
import time
from typing import Any, Callable, Dict, List, Tuple

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import oxidc  # noqa: E402
from benchjson import Family, interleaved, print_group, summarise  # noqa: E402

KEYS = pathlib.Path(__file__).resolve().parents[1] / "peers" / "keys"
NOW = int(time.time())
ISS, CLIENT = "https://op.example.org/", "DlFLsp8YJuid"
SID = ("Z0FBQUFBQnJBX0ZoLXNpZC0wMTIzNDU2Nzg5YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXpBQkNERUZHSElKS0xNTk9Q"
       "UVJTVFVWV1hZWjAxMjM0NTY3ODlhYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ekFCQ0RFRkdISUpLTE1OT1BRUlNUVVZX"
       "WFlaMDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=")
CLAIMS = {
    "scope": ["openid", "profile", "email", "offline_access"],
    "aud": [CLIENT, "https://api.example.org"],
    "jti": "d939533e6f1ba574a7939649e6024a24",
    "client_id": CLIENT,
    "sub": "61f57b3b8d7f1d202485ab3c6f238ad6bd00ba2bf689408520aa4f291a49cada",
    "sid": SID,
    "token_class": "access_token",
    "iss": ISS,
    "iat": NOW,
    "exp": NOW + 3600,
}
# cryptojwt's JWT.pack adds iss/iat/exp itself (as idpyoidc uses it)
CLAIMS_NO_STD = {k: v for k, v in CLAIMS.items() if k not in ("iss", "iat", "exp")}
OCT = {"kty": "oct", "kid": "hs", "k": "zj3fTrgcJv3afFebAZynKG-a-IVNvZZu4RIQXmuAv50"}
SECRET = base64.urlsafe_b64decode(OCT["k"] + "=")
EC = {"kty": "EC", "kid": "es", "crv": "P-256",
      "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
      "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
      "d": "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}
RSA = json.loads((KEYS / "rsa.jwk").read_text())
PRIVATE_JWK = {"HS256": OCT, "ES256": EC, "RS256": RSA}
PUBLIC_JWK = {
    "HS256": OCT,
    "ES256": {k: v for k, v in EC.items() if k != "d"},
    "RS256": {k: RSA[k] for k in ("kty", "kid", "n", "e")},
}
PEM = {
    "ES256": ((KEYS / "ec-private.pem").read_bytes(), (KEYS / "ec-public.pem").read_bytes()),
    "RS256": ((KEYS / "rsa-private.pem").read_bytes(), (KEYS / "rsa-public.pem").read_bytes()),
}

Pair = Tuple[Callable[[], Any], Callable[[], Any]]  # (verify, mint)


def oxidc_pair(alg: str) -> Tuple[Pair, str]:
    key = oxidc.SigningKey(PRIVATE_JWK[alg])
    keys = oxidc.KeySet([oxidc.Jwk(PUBLIC_JWK[alg])])
    val = oxidc.Validator(keys, issuer=ISS, audience=CLIENT)
    tok = oxidc.mint(CLAIMS, key)
    return (lambda: val.verify(tok), lambda: oxidc.mint(CLAIMS, key)), tok


def peer_pairs(alg: str, tok: str) -> Tuple[Dict[str, Pair], Dict[str, str]]:
    """Every peer verifies oxidc's token (the same bytes) and mints the same claims."""
    out: Dict[str, Pair] = {}
    missing: Dict[str, str] = {}

    def peer(name: str):
        def wrap(make: Callable[[], Pair]) -> None:
            try:
                v, m = make()
                v()  # each peer must accept the shared token before it is timed
                m()
                out[name] = (v, m)
            except ImportError as e:
                missing[name] = f"not installed ({e.name})"
            except Exception as e:  # noqa: BLE001 - reported, never hidden
                missing[name] = f"{type(e).__name__}: {e}"[:160]
        return wrap

    @peer("cryptojwt")
    def _():
        from cryptojwt.jwk.ec import ECKey
        from cryptojwt.jwk.hmac import SYMKey
        from cryptojwt.jwk.rsa import RSAKey
        from cryptojwt.jwt import JWT
        from cryptojwt.key_jar import KeyJar
        cls = {"HS256": SYMKey, "ES256": ECKey, "RS256": RSAKey}[alg]
        k = cls(**PRIVATE_JWK[alg])
        kj = KeyJar()
        kj.add_keys("", [k])
        kj.add_keys(ISS, [k])
        signer = JWT(kj, iss=ISS, lifetime=3600, sign_alg=alg)
        verifier = JWT(kj, allowed_sign_algs=[alg])
        return (lambda: verifier.unpack(tok), lambda: signer.pack(CLAIMS_NO_STD))

    @peer("PyJWT")
    def _():
        import jwt as pyjwt
        if hasattr(pyjwt, "__pyjwt_rs_version__"):
            raise ImportError("`jwt` is pyjwt-rs's shim in this venv, not PyJWT", name="PyJWT")
        from jwt.algorithms import ECAlgorithm, RSAAlgorithm
        if alg == "HS256":
            sk = vk = SECRET
        else:
            A = ECAlgorithm if alg == "ES256" else RSAAlgorithm
            sk, vk = A.from_jwk(PRIVATE_JWK[alg]), A.from_jwk(PUBLIC_JWK[alg])
        return (lambda: pyjwt.decode(tok, vk, algorithms=[alg], audience=CLIENT, issuer=ISS),
                lambda: pyjwt.encode(CLAIMS, sk, algorithm=alg, headers={"kid": PRIVATE_JWK[alg]["kid"]}))

    @peer("joserfc")
    def _():
        from joserfc import jwt as jj
        from joserfc.jwk import import_key
        from joserfc.jwt import JWTClaimsRegistry
        sk, vk = import_key(PRIVATE_JWK[alg]), import_key(PUBLIC_JWK[alg])
        reg = JWTClaimsRegistry(iss={"essential": True, "value": ISS}, aud={"essential": True, "value": CLIENT})

        def verify():
            r = jj.decode(tok, vk, algorithms=[alg])
            reg.validate(r.claims)
            return r.claims
        return (verify, lambda: jj.encode({"alg": alg, "kid": PRIVATE_JWK[alg]["kid"]}, CLAIMS, sk))

    @peer("jwcrypto")
    def _():
        from jwcrypto import jwk as jk, jwt as jt
        sk, vk = jk.JWK(**PRIVATE_JWK[alg]), jk.JWK(**PUBLIC_JWK[alg])

        def mint():
            t = jt.JWT(header={"alg": alg, "kid": PRIVATE_JWK[alg]["kid"]}, claims=CLAIMS)
            t.make_signed_token(sk)
            return t.serialize()
        return (lambda: json.loads(jt.JWT(jwt=tok, key=vk, algs=[alg],
                                          check_claims={"iss": ISS, "aud": CLIENT}).claims), mint)

    @peer("authlib")
    def _():
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # authlib.jose's deprecation notice (use joserfc)
            from authlib.jose import JsonWebKey, JsonWebToken
        aj = JsonWebToken([alg])
        # keys imported once (passing the JWK dict would re-import it on every call)
        sk, vk = JsonWebKey.import_key(PRIVATE_JWK[alg]), JsonWebKey.import_key(PUBLIC_JWK[alg])
        opts = {"iss": {"essential": True, "value": ISS}, "aud": {"essential": True, "value": CLIENT}}

        def verify():
            c = aj.decode(tok, vk, claims_options=opts)
            c.validate()
            return c
        return (verify, lambda: aj.encode({"alg": alg, "kid": PRIVATE_JWK[alg]["kid"]}, CLAIMS, sk))

    @peer("oxyjwt")
    def _():
        import oxyjwt
        if alg == "HS256":
            sk = vk = SECRET
        else:
            kind = "ec" if alg == "ES256" else "rsa"
            sk = getattr(oxyjwt.EncodingKey, f"from_{kind}_pem")(PEM[alg][0])
            vk = getattr(oxyjwt.DecodingKey, f"from_{kind}_pem")(PEM[alg][1])
        return (lambda: oxyjwt.decode(tok, vk, algorithms=[alg], audience=CLIENT, issuer=ISS),
                lambda: oxyjwt.encode(CLAIMS, sk, algorithm=alg, headers={"kid": PRIVATE_JWK[alg]["kid"]}))

    @peer("pyjwt-rs")
    def _():
        import jwt_rs  # the pyjwt-rs distribution's module
        sk, vk = (SECRET, SECRET) if alg == "HS256" else PEM[alg]
        return (lambda: jwt_rs.decode(tok, vk, algorithms=[alg], audience=CLIENT, issuer=ISS),
                lambda: jwt_rs.encode(CLAIMS, sk, algorithm=alg, headers={"kid": PRIVATE_JWK[alg]["kid"]}))
    return out, missing


def messages(fam: Family) -> None:
    from idpyoidc.message.oauth2 import AccessTokenRequest
    from idpyoidc.message.oidc import AuthorizationRequest
    body = ("grant_type=authorization_code&code=Z0FBQUFBISgVrvNxa-LOjo0av3BDsoLu9bglSDhVKDopR9JkEoSlwr2rwGeB"
            "&redirect_uri=https%3A%2F%2F127.0.0.1%3A8090%2Fauthz_cb%2Flocal&client_id=awHLXwT72lMk&state=XOP7Z9Hu")
    q = ("response_type=code&client_id=awHLXwT72lMk&redirect_uri=https%3A%2F%2F127.0.0.1%3A8090%2Fauthz_cb%2Flocal"
         "&state=XOP7Z9HupUfSpcnNkaSl7ZCL&scope=openid+profile&nonce=TpIRZH9UdvOui0f-G1KC"
         "&code_challenge=o_E7B3q2VRwLUMZZprsOH7pcBtwacV-BAlWQUyeowg1&code_challenge_method=S256")

    def idp_tok():
        m = AccessTokenRequest().from_urlencoded(body)
        m.verify()
        return m

    def idp_authz():
        m = AuthorizationRequest().from_urlencoded(q)
        m.verify()
        return m
    for group, ours, theirs in (
            ("messages/token request (parse + verify)", lambda: oxidc.parse_token_request(body), idp_tok),
            ("messages/authorization request (parse + verify)", lambda: oxidc.parse_authorization_request(q), idp_authz)):
        s = interleaved({"oxidc": ours, "idpyoidc": theirs})
        fam.add(group, s)
        print_group(group, s)


def grants(fam: Family) -> None:
    """The stored grant of the shared corpus (tests/vectors/grant/001-g1-fresh-code.json, an
    idpyoidc Grant dump) loaded and checked for a code redemption. idpyoidc: Grant().load +
    get_token + the code's is_active/max_usage_reached + the grant's is_active (the checks its
    token endpoint makes before minting); oxidc: redeem_code_grant on the same dump, which also
    applies the client, redirect_uri and scope rules and returns the whole decision."""
    from idpyoidc.server.session.grant import Grant
    if not hasattr(oxidc, "redeem_code_grant"):
        fam.note("grant checks: not run (missing: this oxidc build has no redeem_code_grant)")
        return
    root = pathlib.Path(__file__).resolve().parents[2]
    v = json.loads((root / "tests" / "vectors" / "grant" / "001-g1-fresh-code.json").read_text())
    dump, req, now = v["grant"], v["request"], v["now"]
    text = json.dumps(dump)

    def idp():
        g = Grant().load(json.loads(text))
        code = g.get_token(req["code"])
        assert code.is_active(now=now) and not code.max_usage_reached() and g.is_active(now=now)
        return g

    def ours():
        d = oxidc.redeem_code_grant(text, req["code"], client_id=req["client_id"],
                                    redirect_uri=req["redirect_uri"], now=now)
        return d

    ours()
    idp()
    s = interleaved({"oxidc": ours, "idpyoidc": idp})
    group = "grant/code redemption (load stored grant + checks)"
    fam.add(group, s)
    print_group(group, s)
    fam.note("grant: both sides start from the stored grant as JSON text (json.loads is part of "
             "idpyoidc's side, as reading it from its session store is); oxidc's decision covers "
             "more rules (client, redirect_uri, scope) than the idpyoidc calls timed.")


def _median(ns: List[float]) -> float:
    return summarise(ns)["median_ns"]


def _needs(fam: Family, group: str, s: Dict[str, List[float]], floor_name: str,
           targets: Dict[str, float]) -> None:
    """Notes, for each target (peer: factor), the time per call it needs and how that compares
    with `floor_name`, the signature operation alone, measured in the same run."""
    m = {k: _median(v) for k, v in s.items()}
    for peer, factor in targets.items():
        if peer not in m:
            continue
        need = m[peer] / factor
        line = (f"{group}: {factor:g}x {peer} needs <= {need / 1000:.2f} us per call; "
                f"{floor_name} takes {m[floor_name] / 1000:.2f} us "
                f"({m[floor_name] / need * 100:.0f}% of that); oxidc now {m[peer] / m['oxidc']:.2f}x")
        fam.note(line)
        print("  " + line)


def _floor_group(fam: Family, group: str, fns: Dict[str, Callable[[], Any]], floor_name: str,
                 targets: Dict[str, float]) -> None:
    s = interleaved(fns)
    fam.add(group, s)
    print_group(group, s)
    _needs(fam, group, s, floor_name, targets)


def _payload(tok: str) -> bytes:
    part = tok.split(".")[1]
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def floor(fam: Family) -> None:
    """What part of a verify or mint no binding can remove, next to oxidc and the peers the
    targets name, in the same interleaved run.

    HS256: a no-op call into pyo3 (a getter), oxidc's signature-only check (verify_jws: header
    dict + payload bytes, no claims dict and no claims validation) and signing the very payload
    bytes (sign_compact, no claims conversion). ES256: the P-256 operation
    alone through `cryptography` (OpenSSL, the backend of PyJWT and cryptojwt) on the token's own
    signing input, and oxidc's signature-only paths (verify_jws; sign_compact of the same payload
    bytes). The notes give, per target, the time per call it needs next to that floor."""
    (ox_v, ox_m), tok = oxidc_pair("HS256")
    keys = oxidc.KeySet([oxidc.Jwk(PUBLIC_JWK["HS256"])])
    val = oxidc.Validator(keys, issuer=ISS, audience=CLIENT)
    fns: Dict[str, Callable[[], Any]] = {
        "pyo3 no-op call": lambda: val.leeway,
        "oxidc verify_jws (signature only)": lambda: oxidc.verify_jws(tok, keys),
        "oxidc": ox_v,
    }
    try:
        import oxyjwt
        fns["oxyjwt"] = lambda: oxyjwt.decode(tok, SECRET, algorithms=["HS256"],
                                                     audience=CLIENT, issuer=ISS)
    except ImportError:
        pass
    _floor_group(fam, "HS256/verify floor", fns, "oxidc verify_jws (signature only)", {"oxyjwt": 3.0})
    fam.note("HS256/verify floor: the per-call floor no binding work removes (a no-op pyo3 call; "
             "the signature check alone, without claims validation or the claims dict).")
    # mint: the signature over the very payload bytes, with no claims conversion
    hs_key = oxidc.SigningKey(PRIVATE_JWK["HS256"])
    payload = _payload(tok)
    fns = {"oxidc sign_compact (payload given)": lambda: oxidc.sign_compact(payload, hs_key),
           "oxidc": ox_m}
    try:
        import oxyjwt
        fns["oxyjwt"] = lambda: oxyjwt.encode(CLAIMS, SECRET, algorithm="HS256", headers={"kid": "hs"})
    except ImportError:
        pass
    _floor_group(fam, "HS256/mint floor", fns, "oxidc sign_compact (payload given)", {"oxyjwt": 3.0})
    try:
        es256_floor(fam)
    except ImportError as e:
        fam.note(f"ES256 floor: not run (missing: {e.name})")


def es256_floor(fam: Family) -> None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
    from cryptography.hazmat.primitives.serialization import load_pem_private_key, load_pem_public_key

    (ox_v, ox_m), tok = oxidc_pair("ES256")
    peers, _ = peer_pairs("ES256", tok)
    keys = oxidc.KeySet([oxidc.Jwk(PUBLIC_JWK["ES256"])])
    signing_input, _, sig_b64 = tok.rpartition(".")
    raw = base64.urlsafe_b64decode(sig_b64 + "=" * (-len(sig_b64) % 4))
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    msg = signing_input.encode()
    sk = load_pem_private_key(PEM["ES256"][0], password=None)
    vk = load_pem_public_key(PEM["ES256"][1])
    algo = ec.ECDSA(hashes.SHA256())
    vk.verify(der, msg, algo)  # the floor must check the very signature oxidc checks
    ox_sig = {
        "verify": ("oxidc verify_jws (signature only)", lambda: oxidc.verify_jws(tok, keys)),
        # the same payload bytes given: base64url + P-256 sign, no claims conversion
        "mint": ("oxidc sign_compact (payload given)", lambda: oxidc.sign_compact(payload, ox_key)),
    }
    payload = _payload(tok)
    ox_key = oxidc.SigningKey(PRIVATE_JWK["ES256"])
    for op, idx, raw_name, raw_fn in (
            ("verify", 0, "OpenSSL P-256 verify alone", lambda: vk.verify(der, msg, algo)),
            ("mint", 1, "OpenSSL P-256 sign alone", lambda: sk.sign(msg, algo))):
        sig_name, sig_fn = ox_sig[op]
        fns: Dict[str, Callable[[], Any]] = {raw_name: raw_fn, sig_name: sig_fn,
                                             "oxidc": ox_v if idx == 0 else ox_m}
        fns.update({name: pair[idx] for name, pair in peers.items() if name in ("oxyjwt", "PyJWT", "cryptojwt")})
        _floor_group(fam, f"ES256/{op} floor", fns, sig_name,
                     {"oxyjwt": 1.2, "PyJWT": 2.5, "cryptojwt": 2.5})
    fam.note("ES256 floors: oxidc's signature-only paths (ring's P-256 plus base64url; ring alone, "
             "natively: `target/release/examples/profile_jwt es-raw-ring|es-sign-raw-ring`) and the "
             "P-256 operation alone through cryptography (OpenSSL, the backend of PyJWT and "
             "cryptojwt) on the token's own signing input.")


def main() -> None:
    fam = Family()
    fam.note("verify = signature + exp + iss + aud with keys and validator built once; mint = the "
             "same claims (cryptojwt's JWT.pack adds iss/iat/exp itself, as idpyoidc uses it). Every "
             "peer verifies the very token oxidc minted. Samples are CPU time per call of "
             "interleaved batches (benches/python/benchjson.py).")
    fam.note(f"oxidc provider: {getattr(oxidc, 'PROVIDER', '?')}")
    missing_all: Dict[str, str] = {}
    for alg in ("HS256", "ES256", "RS256"):
        (ox_v, ox_m), tok = oxidc_pair(alg)
        peers, missing = peer_pairs(alg, tok)
        missing_all.update({f"{k} ({alg})": v for k, v in missing.items()})
        for op, idx in (("verify", 0), ("mint", 1)):
            fns = {"oxidc": ox_v if idx == 0 else ox_m}
            fns.update({name: pair[idx] for name, pair in peers.items()})
            s = interleaved(fns)
            fam.add(f"{alg}/{op}", s)
            print_group(f"{alg}/{op} ({len(tok)}-byte token)", s)
    for k, v in sorted(missing_all.items()):
        fam.note(f"left out: {k}: {v}")
    floor(fam)
    try:
        messages(fam)
    except ImportError as e:
        fam.note(f"messages: not run (missing: {e.name})")
    try:
        grants(fam)
    except ImportError as e:
        fam.note(f"grant checks: not run (missing: {e.name})")
    fam.versions(["oxidc", "cryptojwt", "idpyoidc", "PyJWT", "joserfc", "jwcrypto", "Authlib",
                  "oxyjwt", "pyjwt-rs", "cryptography"])
    fam.save()


if __name__ == "__main__":
    main()
