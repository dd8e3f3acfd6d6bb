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
    """Every peer installed in this venv; a missing one is reported, never silently dropped."""
    out = {}
    hs = alg == "HS256"

    def cryptojwt_():
        from cryptojwt.jwk.ec import ECKey
        from cryptojwt.jwk.hmac import SYMKey
        from cryptojwt.jwt import JWT
        from cryptojwt.key_jar import KeyJar
        kj = KeyJar()
        k = SYMKey(key=SECRET, kid="k") if hs else ECKey(**ec.private_jwk())
        kj.add_keys("", [k]); kj.add_keys(ISS, [k])
        signer = JWT(kj, iss=ISS, lifetime=600, sign_alg=alg)
        body = {k2: v for k2, v in CLAIMS.items() if k2 not in ("iss", "iat", "exp")}
        tok = signer.pack(body)
        verifier = JWT(kj, allowed_sign_algs=[alg])
        return (lambda: verifier.unpack(tok), lambda: signer.pack(body))

    def pyjwt_():
        import jwt as pyjwt
        if getattr(pyjwt, "__name__", "") == "jwt" and "jwt_rs" in sys.modules:
            raise ImportError("`jwt` is pyjwt-rs's shim here")
        from jwt.algorithms import ECAlgorithm
        sk = SECRET if hs else ECAlgorithm.from_jwk(ec.private_jwk())
        vk = SECRET if hs else ECAlgorithm.from_jwk(ec.public_jwk())
        t = pyjwt.encode(CLAIMS, sk, algorithm=alg)
        return (lambda: pyjwt.decode(t, vk, algorithms=[alg], audience=AUD, issuer=ISS),
                lambda: pyjwt.encode(CLAIMS, sk, algorithm=alg))

    def joserfc_():
        from joserfc import jwt as jrfc_jwt
        from joserfc.jwk import ECKey as JEC, OctKey
        from joserfc.jwt import JWTClaimsRegistry
        jk = OctKey.import_key(SECRET) if hs else JEC.import_key(ec.private_jwk())
        t2 = jrfc_jwt.encode({"alg": alg}, CLAIMS, jk)
        reg = JWTClaimsRegistry(iss={"essential": True, "value": ISS}, aud={"essential": True, "value": AUD})
        def verify():
            r = jrfc_jwt.decode(t2, jk, algorithms=[alg]); reg.validate(r.claims); return r.claims
        return (verify, lambda: jrfc_jwt.encode({"alg": alg}, CLAIMS, jk))

    def jwcrypto_():
        from jwcrypto import jwk as jwk_, jwt as jwt_
        jk2 = jwk_.JWK(kty="oct", k=oxidc.SigningKey.hmac(SECRET).private_jwk()["k"]) if hs else jwk_.JWK(**ec.private_jwk())
        def mint():
            t = jwt_.JWT(header={"alg": alg}, claims=CLAIMS); t.make_signed_token(jk2); return t.serialize()
        t3 = mint()
        return (lambda: json.loads(jwt_.JWT(jwt=t3, key=jk2, algs=[alg], check_claims={"iss": ISS, "aud": AUD}).claims), mint)

    def authlib_():
        from authlib.jose import JsonWebToken
        aj = JsonWebToken([alg])
        ak = SECRET if hs else ec.private_jwk()
        avk = SECRET if hs else ec.public_jwk()
        t4 = aj.encode({"alg": alg}, CLAIMS, ak)
        def verify():
            c = aj.decode(t4, avk, claims_options={"iss": {"essential": True, "value": ISS}, "aud": {"essential": True, "value": AUD}}); c.validate(); return c
        return (verify, lambda: aj.encode({"alg": alg}, CLAIMS, ak))

    def rust_peer(modname):
        # oxyjwt and pyjwt-rs (import name `jwt_rs`; it also installs a `jwt` shim over PyJWT,
        # so run.sh gives it its own venv) take PyJWT's API with PEM keys.
        def make():
            mod = __import__(modname)
            s5, v5 = SECRET, SECRET
            if not hs:
                from cryptography.hazmat.primitives import serialization as ser
                from cryptography.hazmat.primitives.asymmetric import ec as cec
                import base64
                d = int.from_bytes(base64.urlsafe_b64decode(ec.private_jwk()["d"] + "=="), "big")
                priv = cec.derive_private_key(d, cec.SECP256R1())
                s5 = priv.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption())
                v5 = priv.public_key().public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo)
            if hasattr(mod, "EncodingKey"):  # oxyjwt: pre-parsed keys, its fastest form
                enc, dec = mod.EncodingKey, mod.DecodingKey
                s5 = enc.from_secret(SECRET) if hs else enc.from_ec_pem(s5)
                v5 = dec.from_secret(SECRET) if hs else dec.from_ec_pem(v5)
            t5 = mod.encode(CLAIMS, s5, algorithm=alg)
            mod.decode(t5, v5, algorithms=[alg], audience=AUD, issuer=ISS)
            return (lambda: mod.decode(t5, v5, algorithms=[alg], audience=AUD, issuer=ISS),
                    lambda: mod.encode(CLAIMS, s5, algorithm=alg))
        return make

    for name, make in (("cryptojwt", cryptojwt_), ("PyJWT", pyjwt_), ("joserfc", joserfc_),
                       ("jwcrypto", jwcrypto_), ("authlib", authlib_),
                       ("oxyjwt", rust_peer("oxyjwt")), ("pyjwt-rs", rust_peer("jwt_rs"))):
        try:
            out[name] = make()
        except ImportError as e:
            print(f"# {name}: not installed in this venv ({e})")
        except Exception as e:  # noqa: BLE001
            print(f"# {name}: could not run: {type(e).__name__}: {e}")
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
    try:
        from idpyoidc.message.oauth2 import AccessTokenRequest
    except ImportError:
        print("\n# messages: idpyoidc not installed in this venv")
        return
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
