"""cryptojwt / idpyoidc timings for the values of core/benches/opaque.rs (same session id).

Run with the venv that has idpyoidc 5.0.0 and cryptojwt 1.11.0:
    python core/benches/opaque_peer.py
"""
import base64
import json
import os
import timeit

from cryptojwt.jwe.fernet import FernetEncrypter
from idpyoidc.server.token import DefaultToken

HERE = os.path.dirname(os.path.abspath(__file__))
VECTOR = os.path.join(HERE, "..", "..", "tests", "vectors", "opaque", "030-code-raw-key.json")
SID = json.load(open(VECTOR))["input"]["session_id"]
KEY = bytes([7] * 32)


def per_call(stmt, number):
    best = min(timeit.repeat(stmt, number=number, repeat=5))
    return best / number * 1e6


def main():
    handler = DefaultToken(token_class="authorization_code", lifetime=600,
                           crypt_conf={"kwargs": {"key": KEY}})
    code = handler(session_id=SID)
    fernet = handler.crypt
    plaintext = fernet.decrypt(base64.b64decode(code)).decode()
    token = fernet.encrypt(plaintext.encode())
    print(f"code length: {len(code)} characters, plaintext {len(plaintext)} bytes")
    n = 20000
    rows = [
        ("cryptojwt FernetEncrypter.encrypt (code plaintext)", lambda: fernet.encrypt(plaintext.encode())),
        ("cryptojwt FernetEncrypter.decrypt (code plaintext)", lambda: fernet.decrypt(token)),
        ("idpyoidc DefaultToken.__call__ (mint code)", lambda: handler(session_id=SID)),
        ("idpyoidc DefaultToken.info (read code)", lambda: handler.info(code)),
    ]
    for name, fn in rows:
        print(f"{name}: {per_call(fn, n):.2f} µs")
    assert isinstance(FernetEncrypter, type)


if __name__ == "__main__":
    main()
