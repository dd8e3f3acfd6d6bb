#!/usr/bin/env python3
"""Converts the shared JSON vector corpus into a line format the C tests read without a
JSON parser (test-only; nothing here decides pass/fail).

One record per vector:  `case <name>` ... `end`. Every other line is `<field> <args...>`,
where byte strings are lowercase hex (`-` for the empty string) so any byte survives.

Usage: gen_vectors.py <repo root> > vectors.txt
"""
import json
import sys
from pathlib import Path


def hx(b):
    if isinstance(b, str):
        b = b.encode()
    return b.hex() if b else "-"


def compact(v):
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)


def emit(*parts):
    print(" ".join(str(p) for p in parts))


def claims_checks(prefix, obj):
    for name, value in obj.items():
        n = hx(name)
        if isinstance(value, bool):
            emit(prefix + "bool", n, int(value))
        elif isinstance(value, int):
            emit(prefix + "int", n, value)
        elif isinstance(value, str):
            emit(prefix + "str", n, hx(value))
        elif isinstance(value, list) and all(isinstance(x, str) for x in value):
            emit(prefix + "strs", n, len(value), *[hx(x) for x in value])
        else:
            # Nested objects, numbers that are not integers, mixed arrays: present, and
            # its raw JSON text parses back to the same value.
            emit(prefix + "json", n, hx(compact(value)))


def jws_case(name, v):
    emit("case", name)
    kind = v.get("kind", "jwt")
    emit("kind", kind)
    if kind == "thumbprint":
        for k in v["keys"]:
            emit("tpkey", hx(compact(k["jwk"])), hx(k["rfc7638"]), hx(k.get("legacy", "")))
        emit("end")
        return
    emit("token", hx(v["token"]))
    emit("jwks", hx(compact(v["jwks"])))
    emit("now", v["now"])
    policy = v.get("policy", {})
    emit("leeway", policy.get("leeway", 15))
    if "issuer" in policy:
        emit("issuer", hx(policy["issuer"]))
    if "audience" in policy:
        emit("audience", hx(policy["audience"]))
    exp = v["expected"]
    if exp.get("valid"):
        emit("expect", "valid")
        header = exp["header"]
        emit("alg", header["alg"])
        if "kid" in header:
            emit("hkid", hx(header["kid"]))
        if kind == "jws":
            emit("payload", hx(exp["payload_text"]))
        else:
            claims_checks("c", exp["claims"])
        if "signing_jwk" in v and "alg" in v:
            emit("signing_jwk", hx(compact(v["signing_jwk"])))
            emit("signing_alg", v["alg"])
    else:
        emit("expect", exp["error"])
    emit("end")


def opaque_case(name, v):
    """Opaque tokens and session ids (idpyoidc DefaultToken, encrypted_branch_id)."""
    kind, e, inp = v["kind"], v["expected"], v["input"]
    key = (v.get("handler") or {}).get("key") or v.get("key")
    if kind not in ("token", "session_id") or "reader" in v or inp.get("token_class_arg"):
        return False
    emit("case", name)
    emit("key", key["fernet_key_hex"])
    if kind == "token":
        emit("class", v["handler"]["token_class"])
    if "value" in inp:
        emit("kind", "o" + kind + "_bad")
        emit("value", hx(inp["value"]))
        emit("expect", e["category"])
    else:
        emit("kind", "o" + kind)
        inj = v["injected"]
        emit("now", inj["now"])
        emit("random", inj["random"][0]["hex"])
        emit("iv", inj["random"][1]["hex"])
        emit("value", hx(e["value"]))
        if kind == "token":
            lifetime = v["handler"]["lifetime"]
            emit("sid", hx(inp["session_id"]))
            emit("exp", inj["now"] + lifetime if lifetime >= 0 else "never")
            emit("id", hx(e["info"]["_id"]))
        else:
            emit("path", *[hx(x) for x in inp["path"]])
    emit("end")
    return True


def main():
    root = Path(sys.argv[1])
    count = 0
    for d in ["jws", "rfc", "attacks"]:
        for f in sorted((root / "tests/vectors" / d).glob("*.json")):
            jws_case(f"{d}/{f.name}", json.loads(f.read_text()))
            count += 1
    for f in sorted((root / "tests/vectors/opaque").glob("*.json")):
        count += opaque_case(f"opaque/{f.name}", json.loads(f.read_text()))
    print(f"# {count} vectors", file=sys.stderr)


if __name__ == "__main__":
    main()
