"""Per-call cost from Python of verifying/minting an idpyoidc-shaped access token, oxidc against
cryptojwt, PyJWT, joserfc, jwcrypto, authlib, oxyjwt and pyjwt-rs (run with ./run.sh, which
makes a venv with all of them and a release build of oxidc). Prints µs per call and ratios."""

import json
import os
import sys
import time
import timeit

import oxidc

N = int(os.environ.get("N", "2000"))
NOW = int(time.time())
SECRET = b"an-hmac-secret-of-thirty-two-b!!"
CLAIMS = {
    "scope": "openid offline_access", "aud": ["client_1"], "jti": "a2a4b7e0c1d94f4b8b0d2f1e3c4a5e04",
    "client_id": "client_1", "sub": "dikr0001",
    "acr": "urn:oasis:names:tc:SAML:2.0:ac:classes:InternetProtocolPassword",
    "sid": "Z0FBQUFBQnBJX2NoTVJ3" * 16, "token_class": "access_token",
    "iss": "https://example.com/", "iat": NOW, "exp": NOW + 600,
}
ISS, AUD = "https://example.com/", "client_1"


def per_call(fn, n=N):
    fn()
    best = min(timeit.repeat(fn, number=n, repeat=3))
    return best / n * 1e6


def peers(alg, ec):
    out = {}
    hs = alg == "HS256"
    # cryptojwt
    from cryptojwt.jwk.ec import ECKey
    from cryptojwt.jwk.hmac import SYMKey
    from cryptojwt.jwt import JWT
    from cryptojwt.key_jar import KeyJar
    kj = KeyJar()
    k = SYMKey(key=SECRET, kid="k") if hs else ECKey(**ec.private_jwk())
    kj.add_keys("", [k]); kj.add_keys(ISS, [k])
    signer = JWT(kj, iss=ISS, lifetime=600, sign_alg=alg)
    tok = signer.pack({k2: v for k2, v in CLAIMS.items() if k2 not in ("iss", "iat", "exp")})
    verifier = JWT(kj, allowed_sign_algs=[alg])
    out["cryptojwt"] = (lambda: verifier.unpack(tok),
                        lambda: signer.pack({k2: v for k2, v in CLAIMS.items() if k2 not in ("iss", "iat", "exp")}))
    # PyJWT
    import jwt as pyjwt
    from jwt.algorithms import ECAlgorithm
    sk = SECRET if hs else ECAlgorithm.from_jwk(ec.private_jwk())
    vk = SECRET if hs else ECAlgorithm.from_jwk(ec.public_jwk())
    t = pyjwt.encode(CLAIMS, sk, algorithm=alg)
    out["PyJWT"] = (lambda: pyjwt.decode(t, vk, algorithms=[alg], audience=AUD, issuer=ISS),
                    lambda: pyjwt.encode(CLAIMS, sk, algorithm=alg))
    # joserfc
    from joserfc import jwt as jrfc_jwt
    from joserfc.jwk import ECKey as JEC, OctKey
    from joserfc.jwt import JWTClaimsRegistry
    jk = OctKey.import_key(SECRET) if hs else JEC.import_key(ec.private_jwk())
    t2 = jrfc_jwt.encode({"alg": alg}, CLAIMS, jk)
    reg = JWTClaimsRegistry(iss={"essential": True, "value": ISS}, aud={"essential": True, "value": AUD})
    def joserfc_verify():
        r = jrfc_jwt.decode(t2, jk, algorithms=[alg]); reg.validate(r.claims); return r.claims
    out["joserfc"] = (joserfc_verify, lambda: jrfc_jwt.encode({"alg": alg}, CLAIMS, jk))
    # jwcrypto
    from jwcrypto import jwk as jwk_, jwt as jwt_
    jk2 = jwk_.JWK(kty="oct", k=oxidc.SigningKey.hmac(SECRET).private_jwk()["k"]) if hs else jwk_.JWK(**ec.private_jwk())
    def jwc_mint():
        t = jwt_.JWT(header={"alg": alg}, claims=CLAIMS); t.make_signed_token(jk2); return t.serialize()
    t3 = jwc_mint()
    out["jwcrypto"] = (lambda: json.loads(jwt_.JWT(jwt=t3, key=jk2, algs=[alg], check_claims={"iss": ISS, "aud": AUD}).claims), jwc_mint)
    # authlib
    from authlib.jose import JsonWebToken
    aj = JsonWebToken([alg])
    ak = SECRET if hs else ec.private_jwk()
    avk = SECRET if hs else ec.public_jwk()
    t4 = aj.encode({"alg": alg}, CLAIMS, ak)
    def authlib_verify():
        c = aj.decode(t4, avk, claims_options={"iss": {"essential": True, "value": ISS}, "aud": {"essential": True, "value": AUD}}); c.validate(); return c
    out["authlib"] = (authlib_verify, lambda: aj.encode({"alg": alg}, CLAIMS, ak))
    # oxyjwt / pyjwt-rs (Rust-backed)
    for name in ("oxyjwt", "pyjwt_rs"):
        try:
            mod = __import__(name)
        except Exception:  # noqa: BLE001
            continue
        try:
            s5 = SECRET if hs else ECAlgorithm.from_jwk(ec.private_jwk())
            v5 = SECRET if hs else ECAlgorithm.from_jwk(ec.public_jwk())
            if not hs:
                from cryptography.hazmat.primitives import serialization as ser
                s5 = s5.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption())
                v5 = v5.public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo)
            t5 = mod.encode(CLAIMS, s5, algorithm=alg)
            mod.decode(t5, v5, algorithms=[alg], audience=AUD, issuer=ISS)
            out[name] = (lambda mod=mod, t5=t5, v5=v5: mod.decode(t5, v5, algorithms=[alg], audience=AUD, issuer=ISS),
                         lambda mod=mod, s5=s5: mod.encode(CLAIMS, s5, algorithm=alg))
        except Exception as e:  # noqa: BLE001
            print(f"# {name}: {type(e).__name__}: {e}", file=sys.stderr)
    return out


def main():
    ec = oxidc.SigningKey.generate("ES256", kid="k")
    for alg in ("HS256", "ES256"):
        key = oxidc.SigningKey.hmac(SECRET, kid="k") if alg == "HS256" else ec
        keys = oxidc.KeySet([oxidc.Jwk.hmac(SECRET, kid="k")] if alg == "HS256" else [ec.public_jwk()])
        val = oxidc.Validator(keys, issuer=ISS, audience=AUD)
        tok = oxidc.mint(CLAIMS, key)
        rows = {"oxidc": (lambda: val.verify(tok), lambda: oxidc.mint(CLAIMS, key))}
        rows.update(peers(alg, ec))
        print(f"\n{alg} idpyoidc access token ({len(tok)} bytes), µs per call (best of 3 × {N})")
        res = {name: (per_call(v), per_call(m)) for name, (v, m) in rows.items()}
        ox_v, ox_m = res["oxidc"]
        print(f"{'library':12} {'verify':>9} {'×oxidc':>7} {'mint':>9} {'×oxidc':>7}")
        for name, (v, m) in sorted(res.items(), key=lambda r: r[1][0]):
            print(f"{name:12} {v:9.2f} {v / ox_v:7.1f} {m:9.2f} {m / ox_m:7.1f}")
    # messages
    from idpyoidc.message.oauth2 import AccessTokenRequest
    from idpyoidc.message.oidc import AuthorizationRequest
    body = ("grant_type=authorization_code&code=Z0FBQUFBISgVrvNxa-LOjo0av3BDsoLu9bglSDhVKDopR9JkEoSlwr2rwGeB"
            "&redirect_uri=https%3A%2F%2F127.0.0.1%3A8090%2Fauthz_cb%2Flocal&client_id=awHLXwT72lMk&state=XOP7Z9Hu")
    q = ("response_type=code&client_id=awHLXwT72lMk&redirect_uri=https%3A%2F%2F127.0.0.1%3A8090%2Fauthz_cb%2Flocal"
         "&state=XOP7Z9HupUfSpcnNkaSl7ZCL&scope=openid+profile&nonce=TpIRZH9UdvOui0f-G1KC"
         "&code_challenge=o_E7B3q2VRwLUMZZprsOH7pcBtwacV-BAlWQUyeowg1&code_challenge_method=S256")
    def idp_tok():
        m = AccessTokenRequest().from_urlencoded(body); m.verify(); return m
    def idp_authz():
        m = AuthorizationRequest().from_urlencoded(q); m.verify(); return m
    print("\nmessages, µs per call")
    for name, ours, theirs in (("token request", lambda: oxidc.parse_token_request(body), idp_tok),
                               ("OIDC authorization request", lambda: oxidc.parse_authorization_request(q), idp_authz)):
        a, b = per_call(ours), per_call(theirs)
        print(f"{name:28} oxidc {a:7.2f}  idpyoidc {b:7.2f}  ×{b / a:5.1f}")


if __name__ == "__main__":
    main()
