"""Writes the PEM/DER forms of the benchmark's fixed keys (run once; the output is committed).

The keys are the ones oxidc's own benches and vectors use: the EC key of benches/benches/jwt.rs
and the RSA key of tests/vectors/jws/017-rs256-access-valid.json (cryptojwt-made, 2048 bits).
Peers that cannot read a JWK get the same key as PEM/DER; `rsa.jwk` adds the CRT parameters
cryptojwt omits.
"""
import base64, json, pathlib
from cryptography.hazmat.primitives import serialization as s
from cryptography.hazmat.primitives.asymmetric import ec, rsa

here = pathlib.Path(__file__).parent
def b2i(v): return int.from_bytes(base64.urlsafe_b64decode(v + "=" * (-len(v) % 4)), "big")
def i2b(i, n=None):
    n = n or (i.bit_length() + 7) // 8
    return base64.urlsafe_b64encode(i.to_bytes(n, "big")).rstrip(b"=").decode()

vec = json.loads((here / "../../../tests/vectors/jws/017-rs256-access-valid.json").read_text())
j = vec["signing_jwk"]
n, e, d, p, q = (b2i(j[k]) for k in "n e d p q".split())
dp, dq, qi = d % (p - 1), d % (q - 1), pow(q, -1, p)
priv = rsa.RSAPrivateNumbers(p, q, d, dp, dq, qi, rsa.RSAPublicNumbers(e, n)).private_key()
full = dict(j, dp=i2b(dp), dq=i2b(dq), qi=i2b(qi), kid="rs")
(here / "rsa.jwk").write_text(json.dumps(full, sort_keys=True) + "\n")
ec_jwk = {"kty": "EC", "kid": "es", "crv": "P-256",
          "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
          "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
          "d": "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}
ec_priv = ec.derive_private_key(b2i(ec_jwk["d"]), ec.SECP256R1())
for name, key in (("rsa", priv), ("ec", ec_priv)):
    (here / f"{name}-private.pem").write_bytes(key.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption()))
    (here / f"{name}-private.der").write_bytes(key.private_bytes(s.Encoding.DER, s.PrivateFormat.PKCS8, s.NoEncryption()))
    pub = key.public_key()
    (here / f"{name}-public.pem").write_bytes(pub.public_bytes(s.Encoding.PEM, s.PublicFormat.SubjectPublicKeyInfo))
    (here / f"{name}-public.der").write_bytes(pub.public_bytes(s.Encoding.DER, s.PublicFormat.SubjectPublicKeyInfo))
(here / "rsa-private-pkcs1.der").write_bytes(priv.private_bytes(s.Encoding.DER, s.PrivateFormat.TraditionalOpenSSL, s.NoEncryption()))
(here / "rsa-public-pkcs1.der").write_bytes(priv.public_key().public_bytes(s.Encoding.DER, s.PublicFormat.PKCS1))
(here / "ec-private-sec1.pem").write_bytes(ec_priv.private_bytes(s.Encoding.PEM, s.PrivateFormat.TraditionalOpenSSL, s.NoEncryption()))
