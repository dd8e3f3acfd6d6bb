#!/usr/bin/env python3
"""Makes the benchmark's keys with the openssl CLI: one P-256 key (PEM for libjwt, JWK/JWKS
for oxidc) and one 32-byte HMAC key (raw for libjwt, JWK/JWKS for oxidc)."""
import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def main():
    d = Path(sys.argv[1])
    d.mkdir(parents=True, exist_ok=True)
    pem = d / "ec.pem"
    subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout",
                    "-out", str(pem)], check=True)
    subprocess.run(["openssl", "ec", "-in", str(pem), "-pubout", "-out", str(d / "ec-pub.pem")],
                   check=True, stderr=subprocess.DEVNULL)
    text = subprocess.run(["openssl", "ec", "-in", str(pem), "-text", "-noout"], check=True,
                          capture_output=True, text=True).stdout

    def block(name):
        m = re.search(name + r":\s*\n((?:\s+[0-9a-f:]+\n)+)", text)
        return bytes.fromhex(re.sub(r"[\s:]", "", m.group(1)))

    priv, pub = block("priv"), block("pub")
    priv = priv[-32:].rjust(32, b"\0")
    assert pub[0] == 4 and len(pub) == 65
    public = {"kty": "EC", "crv": "P-256", "x": b64u(pub[1:33]), "y": b64u(pub[33:])}
    # The RFC 7638 thumbprint as kid, as cryptojwt >= 1.10 assigns it.
    canon = json.dumps({k: public[k] for k in ("crv", "kty", "x", "y")}, separators=(",", ":"))
    public["kid"] = b64u(hashlib.sha256(canon.encode()).digest())
    (d / "ec.jwk").write_text(json.dumps(dict(public, d=b64u(priv))))
    (d / "ec-pub.jwks").write_text(json.dumps({"keys": [public]}))
    secret = os.urandom(32)
    (d / "hs.key").write_bytes(secret)
    jwk = {"kty": "oct", "kid": "hs", "k": b64u(secret)}
    (d / "hs.jwk").write_text(json.dumps(jwk))
    (d / "hs.jwks").write_text(json.dumps({"keys": [jwk]}))


if __name__ == "__main__":
    main()
