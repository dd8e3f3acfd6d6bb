#!/usr/bin/env python3
"""Writes seed corpora for every fuzz target from the vector corpus (tests/vectors/).

Usage: seed.py OUT_DIR   (writes OUT_DIR/<target>/<sha1> files; idempotent)
Only the standard library: runs on a fresh machine before any venv exists.
"""
import base64
import hashlib
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
VECTORS = os.path.join(ROOT, "tests", "vectors")


def b64d(s):
    try:
        return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
    except (ValueError, TypeError):
        return b""


def main(out):
    seeds = {}

    def add(target, data):
        if isinstance(data, str):
            data = data.encode()
        seeds.setdefault(target, set()).add(bytes(data))

    def walk(v, found):
        """Collects every string and every object in a vector, whatever its schema."""
        if isinstance(v, dict):
            found["objects"].append(v)
            for x in v.values():
                walk(x, found)
        elif isinstance(v, list):
            for x in v:
                walk(x, found)
        elif isinstance(v, str):
            found["strings"].append(v)

    for dirpath, _, files in os.walk(VECTORS):
        for name in sorted(files):
            if not name.endswith(".json"):
                continue
            path = os.path.join(dirpath, name)
            with open(path, "rb") as f:
                raw = f.read()
            try:
                doc = json.loads(raw)
            except ValueError:
                continue
            add("json", raw[:4096])
            found = {"objects": [], "strings": []}
            walk(doc, found)
            for o in found["objects"]:
                text = json.dumps(o, separators=(",", ":")).encode()
                if len(text) <= 4096:
                    add("json", text)
                if "kty" in o:
                    add("jwk", text)
                if "keys" in o and isinstance(o["keys"], list):
                    add("jwks", text)
                if any(k in o for k in ("exp", "iat", "iss", "aud", "sub")):
                    add("jwt_claims", b"\x00" + text)
                    add("jwt_claims", b"\xc1" + text)
                if "alg" in o and "kty" not in o:
                    add("jose_header", text)
            rel = os.path.relpath(path, VECTORS)
            if isinstance(doc, dict):
                body = doc.get("body")
                if isinstance(body, str):
                    fmt = 1 if body.lstrip().startswith("{") else 0
                    add("form", bytes([fmt]) + body.encode())
                    add("messages", bytes([fmt]) + body.encode())
                g = doc.get("grant")
                if isinstance(g, dict):
                    text = json.dumps(g).encode()
                    req = doc.get("request") or {}
                    val = (req.get("code") or req.get("refresh_token") or "").encode()[:255]
                    for sel in (0x00, 0x0F, 0x20):
                        add("grant", bytes([sel, len(val)]) + val + text)
            for s in found["strings"]:
                if s.startswith(("Basic ", "Bearer ", "basic ")):
                    add("basic_auth", b"\x00" + s.encode())
                if s.count(".") == 2 and len(s) < 20000:
                    add("compact_jws", s)
                    add("differential", b"\x00" + s.encode())
                    add("verify_nosec", b"\x00" + s.encode())
                    add("verify_nosec", b"\x10" + s.encode())
                    h, p, sig = s.split(".")
                    for part in (h, p, sig):
                        add("b64", part)
                    hj, pj = b64d(h), b64d(p)
                    add("jose_header", hj)
                    add("jwt_claims", b"\x00" + pj)
                    add("json", pj)
                    sig_bytes = b64d(sig)
                    # Structured form: selector, header chunk, signature chunk, claims.
                    if len(hj) < 256 and len(sig_bytes) < 256:
                        add("verify_nosec", bytes([0x01, len(hj)]) + hj + bytes([len(sig_bytes)]) + sig_bytes + pj)
                        add("verify_nosec", bytes([0x11, len(hj)]) + hj + bytes([1, 1]) + pj)
                elif "kind" not in s and len(s) >= 16 and len(s) < 4096:
                    # Opaque values: Fernet tokens, codes, session ids, cookies, lv text.
                    for sel in range(4):
                        add("opaque", bytes([sel]) + s.encode())
    # A few structural seeds that the vectors do not contain.
    add("differential", bytes([1, 5]) + b"hello" + bytes([1]))
    add("differential", bytes([2, 16]) + b"k" * 16 + bytes([32]) + b"t" * 32 + b"msg")
    add("differential", bytes([3]) + bytes(64))
    add("opaque", bytes([4]) + b"plaintext to round-trip")
    add("basic_auth", b"\x01\x08client-1s3cr3t:%+/")
    add("form", b"\x00grant_type=authorization_code&code=abc&redirect_uri=https%3A%2F%2Frp.example%2Fcb")
    add("messages", b"\x00grant_type=refresh_token&refresh_token=abc&scope=openid+offline_access")
    add("mint_verify", bytes(64))
    add("mint_verify", bytes(range(256)))
    for target, items in seeds.items():
        d = os.path.join(out, target)
        os.makedirs(d, exist_ok=True)
        for data in items:
            p = os.path.join(d, hashlib.sha1(data).hexdigest())
            if not os.path.exists(p):
                with open(p, "wb") as f:
                    f.write(data)
    for target in sorted(seeds):
        print(f"{target}: {len(seeds[target])} seeds")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "fuzz", "seeds"))
