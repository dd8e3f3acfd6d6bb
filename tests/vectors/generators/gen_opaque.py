"""Generate tests/vectors/opaque/*.json with idpyoidc 5.0.0 / cryptojwt 1.11.0's own code:
FernetEncrypter, init_encrypter, DefaultToken, lv_pack/lv_unpack, Database.encrypted_branch_id,
CookieHandler. All randomness and time are injected (common.Determinism) and recorded.
"""

import base64
import json
import sys

from common import Determinism
from common import clean_folder
from common import exc_name
from common import fixed_bytes
from common import import_idpyoidc
from common import source_string
from common import write_vector

import_idpyoidc()

from cryptojwt.jwe.fernet import FernetEncrypter  # noqa: E402
from cryptojwt.jwk.hmac import SYMKey  # noqa: E402

from idpyoidc.encrypter import init_encrypter  # noqa: E402
from idpyoidc.server.cookie_handler import CookieHandler  # noqa: E402
from idpyoidc.server.session.database import Database  # noqa: E402
from idpyoidc.server.token import DefaultToken  # noqa: E402
from idpyoidc.server.util import lv_pack  # noqa: E402
from idpyoidc.server.util import lv_unpack  # noqa: E402

FOLDER = "opaque"
NOW = 1795420800
VECTORS = []

RAW_KEY = fixed_bytes("oxidc opaque vectors: raw fernet key", 32)
OTHER_KEY = fixed_bytes("oxidc opaque vectors: some other key", 32)
SESSION_KEY = fixed_bytes("oxidc opaque vectors: session key", 32)
PASSWORD = "oxidc password"
SALT = b"oxidc-salt-16byt"
GRANT_ID = "e1918002e71311f1800202fc00000001"


def rnd(label, n):
    return fixed_bytes("oxidc opaque vectors: random " + label, n)


def add(num, name, vec):
    vec.setdefault("source", source_string())
    VECTORS.append((f"{num:03d}-{name}.json", dict(vec, name=name)))


def fernet_key_info(enc, how):
    key = base64.urlsafe_b64decode(enc.key)
    d = dict(how)
    d.update(
        {
            "fernet_key_hex": key.hex(),
            "fernet_key_b64url": enc.key.decode(),
            "signing_key_hex": key[:16].hex(),
            "encryption_key_hex": key[16:].hex(),
        }
    )
    return d


def raw_key_cfg(key):
    return {"source": "raw", "raw_key_hex": key.hex()}


def pbkdf2_cfg(password, salt, iterations, hash_alg="SHA256"):
    pw = password.encode() if isinstance(password, str) else password
    return {
        "source": "pbkdf2",
        "password_hex": pw.hex(),
        "password": password if isinstance(password, str) else None,
        "salt_hex": salt.hex(),
        "iterations": iterations,
        "hash_alg": hash_alg,
    }


def fernet_parts(token):
    raw = base64.urlsafe_b64decode(token)
    return {
        "version_hex": raw[:1].hex(),
        "timestamp": int.from_bytes(raw[1:9], "big"),
        "iv_hex": raw[9:25].hex(),
        "ciphertext_hex": raw[25:-32].hex(),
        "hmac_hex": raw[-32:].hex(),
    }


def padded(b):
    if len(b) % 16:
        b += b" " * (16 - len(b) % 16)
    return b


# ===================================================================== Fernet primitive
def fernet_cases():
    cases = [
        (1, "fernet-raw-key-short", "raw 32-byte key, 5-byte plaintext (space-padded to 16)", raw_key_cfg(RAW_KEY), "hello"),
        (2, "fernet-raw-key-aligned", "raw key, plaintext of exactly 32 bytes: no space padding, PKCS#7 adds a full block",
         raw_key_cfg(RAW_KEY), "0123456789abcdef0123456789abcdef"),
        (3, "fernet-raw-key-trailing-spaces", "raw key, plaintext ending in spaces: decrypt strips them", raw_key_cfg(RAW_KEY), "abc   "),
        (4, "fernet-raw-key-utf8", "raw key, non-ASCII plaintext: padding counts UTF-8 bytes", raw_key_cfg(RAW_KEY),
         "d\u00efana \u20ac \U0001F600"),
        (5, "fernet-pbkdf2-iter1", "PBKDF2-HMAC-SHA256(password, salt, 1 iteration)", pbkdf2_cfg(PASSWORD, SALT, 1), "hello"),
        (6, "fernet-pbkdf2-default-390000", "PBKDF2-HMAC-SHA256 with the default 390000 iterations (the only such case)",
         pbkdf2_cfg(PASSWORD, SALT, 390000), "hello"),
        (7, "fernet-pbkdf2-sha512-iter1000", "PBKDF2-HMAC-SHA512, 1000 iterations (hash_alg is configurable)",
         pbkdf2_cfg(PASSWORD, SALT, 1000, "SHA512"), "hello"),
    ]
    for num, name, desc, cfg, plaintext in cases:
        iv = rnd(name + " iv", 16)
        with Determinism(name, NOW) as det:
            if cfg["source"] == "raw":
                enc = FernetEncrypter(key=bytes.fromhex(cfg["raw_key_hex"]))
            else:
                enc = FernetEncrypter(
                    password=bytes.fromhex(cfg["password_hex"]).decode(),
                    salt=bytes.fromhex(cfg["salt_hex"]),
                    iterations=cfg["iterations"],
                    hash_alg=cfg["hash_alg"],
                )
            det.queue("urandom", iv)
            token = enc.encrypt(plaintext)
            det.assert_queues_empty()
            dec = enc.decrypt(token).decode()
        add(num, name, {
            "kind": "fernet",
            "description": desc,
            "key": fernet_key_info(enc, cfg),
            "injected": {"now": NOW, "random": [{"for": "fernet_iv", "hex": iv.hex()}]},
            "input": {"plaintext": plaintext, "plaintext_utf8_hex": plaintext.encode().hex()},
            "expected": {
                "ok": True,
                "padded_plaintext_hex": padded(plaintext.encode()).hex(),
                "fernet_token": token.decode(),
                "fernet_parts": fernet_parts(token),
                "decrypted": dec,
            },
        })

    # idpyoidc's usual session/test config: oct keys with kid password/salt, iterations 1
    name = "fernet-idpyoidc-keys-config"
    pw, salt, iv = rnd("oct password", 24), rnd("oct salt", 24), rnd(name + " iv", 16)
    conf = {
        "kwargs": {
            "keys": {
                "key_defs": [
                    {"type": "OCT", "use": ["enc"], "kid": "password"},
                    {"type": "OCT", "use": ["enc"], "kid": "salt"},
                ]
            },
            "iterations": 1,
        }
    }
    with Determinism(name, NOW) as det:
        det.queue("urandom", pw, salt)
        res = init_encrypter(conf)
        det.assert_queues_empty()
        enc = res["encrypter"]
        det.queue("urandom", iv)
        token = enc.encrypt("hello")
        det.assert_queues_empty()
    assert res["conf"]["kwargs"]["password"] == pw and res["conf"]["kwargs"]["salt"] == salt
    add(8, name, {
        "kind": "fernet",
        "description": "init_encrypter({'kwargs': {'keys': {'key_defs': [OCT kid password, OCT kid salt]}, 'iterations': 1}}): "
        "the 24-byte oct keys (random unless loaded from a JWKS; here injected) are used as raw PBKDF2 password and salt",
        "crypt_conf": {"kwargs": {"keys": conf["kwargs"]["keys"], "iterations": 1}},
        "key": fernet_key_info(enc, pbkdf2_cfg(pw, salt, 1)),
        "injected": {"now": NOW, "random": [
            {"for": "oct key kid=password (key_defs)", "hex": pw.hex()},
            {"for": "oct key kid=salt (key_defs)", "hex": salt.hex()},
            {"for": "fernet_iv", "hex": iv.hex()}]},
        "input": {"plaintext": "hello", "plaintext_utf8_hex": b"hello".hex()},
        "expected": {"ok": True, "padded_plaintext_hex": padded(b"hello").hex(), "fernet_token": token.decode(),
                     "fernet_parts": fernet_parts(token), "decrypted": "hello"},
    })

    # negatives on the primitive
    with Determinism("fernet-neg", NOW) as det:
        enc = FernetEncrypter(key=RAW_KEY)
        det.queue("urandom", rnd("fernet-neg iv", 16))
        good = enc.encrypt("hello").decode()
    raw = bytearray(base64.urlsafe_b64decode(good))
    neg = []
    b = bytearray(raw)
    b[-1] ^= 0x01
    neg.append(("fernet-hmac-flipped", "last byte of the HMAC flipped", base64.urlsafe_b64encode(bytes(b)).decode(), RAW_KEY))
    b = bytearray(raw)
    b[30] ^= 0x01
    neg.append(("fernet-ciphertext-flipped", "one ciphertext byte flipped (HMAC now mismatches)", base64.urlsafe_b64encode(bytes(b)).decode(), RAW_KEY))
    b = bytearray(raw)
    b[0] = 0x81
    neg.append(("fernet-bad-version", "version byte 0x81 instead of 0x80", base64.urlsafe_b64encode(bytes(b)).decode(), RAW_KEY))
    neg.append(("fernet-wrong-key", "valid token, decrypted with another key", good, OTHER_KEY))
    neg.append(("fernet-truncated", "token truncated to 40 characters", good[:40], RAW_KEY))
    num = 9
    for name, desc, tok, key in neg:
        try:
            FernetEncrypter(key=key).decrypt(tok)
            res = {"ok": True}
        except Exception as err:  # noqa: BLE001
            res = {"ok": False, "error": exc_name(err), "category": "decrypt_failed"}
        add(num, name, {
            "kind": "fernet",
            "description": desc + " (mutated from a real token)",
            "key": fernet_key_info(FernetEncrypter(key=key), raw_key_cfg(key)),
            "input": {"fernet_token": tok, "original_fernet_token": good},
            "expected": res,
        })
        num += 1


# ===================================================================== session ids
def make_session_db(key):
    return Database(crypt_config={"kwargs": {"key": key}})


SESSION_IDS = {}


def session_id_cases():
    cases = [
        (20, "session-id-raw-key", "encrypted_branch_id('diana','client_1',grant_id), raw session key", ["diana", "client_1", GRANT_ID]),
        (21, "session-id-non-ascii-user", "user id with non-ASCII characters: lv_pack length counts code points",
         ["d\u00efana\U0001F600", "client_1", GRANT_ID]),
    ]
    for num, name, desc, path in cases:
        r32, iv = rnd(name + " rndstr", 32), rnd(name + " iv", 16)
        with Determinism(name, NOW) as det:
            db = make_session_db(SESSION_KEY)
            det.queue("token_bytes", r32)
            det.queue("urandom", iv)
            value = db.encrypted_branch_id(*path)
            det.assert_queues_empty()
            dec = db.decrypt_branch_id(value)
        rndstr = base64.urlsafe_b64encode(r32).rstrip(b"=").decode()
        branch_key = ";;".join(path)
        plaintext = lv_pack(rndstr, branch_key)
        fernet_token = base64.b64decode(value)
        assert FernetEncrypter(key=SESSION_KEY).decrypt(fernet_token).decode() == plaintext
        SESSION_IDS[name] = value
        add(num, name, {
            "kind": "session_id",
            "description": desc,
            "key": fernet_key_info(db.crypt, raw_key_cfg(SESSION_KEY)),
            "injected": {"now": NOW, "random": [
                {"for": "rndstr(32) -> secrets.token_bytes(32)", "hex": r32.hex()},
                {"for": "fernet_iv", "hex": iv.hex()}]},
            "input": {"path": path},
            "expected": {
                "ok": True,
                "branch_key": branch_key,
                "rnd": rndstr,
                "plaintext": plaintext,
                "plaintext_utf8_hex": plaintext.encode().hex(),
                "fernet_token": fernet_token.decode(),
                "fernet_parts": fernet_parts(fernet_token),
                "value": value,
                "decrypted": dec,
            },
        })

    good = SESSION_IDS["session-id-raw-key"]
    raw = bytearray(base64.b64decode(good))
    raw[-5] ^= 0x20
    flipped = base64.b64encode(bytes(raw)).decode()
    negs = [
        (22, "session-id-flipped", "a byte of the inner Fernet token changed", flipped, SESSION_KEY),
        (23, "session-id-wrong-key", "decrypted by a session manager with another key", good, OTHER_KEY),
        (24, "session-id-garbage", "not base64 at all", "this is not a session id!", SESSION_KEY),
    ]
    for num, name, desc, value, key in negs:
        db = make_session_db(key)
        try:
            db.decrypt_branch_id(value)
            res = {"ok": True}
        except Exception as err:  # noqa: BLE001
            res = {"ok": False, "error": exc_name(err), "category": "invalid_session_id"}
        add(num, name, {
            "kind": "session_id",
            "description": desc + " (mutated from a real value)",
            "key": fernet_key_info(db.crypt, raw_key_cfg(key)),
            "input": {"value": value},
            "expected": res,
        })


# ===================================================================== DefaultToken
def handler_desc(token_class, lifetime, cfg):
    return {"class": "idpyoidc.server.token.DefaultToken", "token_class": token_class, "lifetime": lifetime, "key": cfg}


def crypt_conf_for(cfg):
    if cfg["source"] == "raw":
        return {"kwargs": {"key": bytes.fromhex(cfg["raw_key_hex"])}}
    return {
        "kwargs": {
            "password": bytes.fromhex(cfg["password_hex"]).decode(),
            "salt": bytes.fromhex(cfg["salt_hex"]),
            "iterations": cfg["iterations"],
        }
    }


def token_info(handler, value):
    try:
        info = handler.info(value)
    except Exception as err:  # noqa: BLE001
        return None, err
    info = dict(info)
    info.pop("handler", None)
    return info, None


TOKENS = {}


def token_cases():
    sid = SESSION_IDS["session-id-raw-key"]
    cases = [
        (30, "code-raw-key", "authorization code, raw key, lifetime 600", "authorization_code", 600, raw_key_cfg(RAW_KEY), ""),
        (31, "code-pbkdf2-iter1", "authorization code, PBKDF2 key (1 iteration), lifetime 600", "authorization_code", 600,
         pbkdf2_cfg(PASSWORD, SALT, 1), ""),
        (32, "refresh-token-raw-key", "opaque refresh token (DefaultToken for refresh), lifetime 86400", "refresh_token", 86400,
         raw_key_cfg(RAW_KEY), ""),
        (33, "access-token-raw-key", "opaque access token (DefaultToken for token), lifetime 3600", "access_token", 3600,
         raw_key_cfg(RAW_KEY), ""),
        (34, "code-lifetime-never", "lifetime -1: exp is the text '-1' (never expires)", "authorization_code", -1,
         raw_key_cfg(RAW_KEY), ""),
        (35, "access-token-explicit-class-quirk", "an access-token handler called with an explicit token_class argument "
         "always writes 'authorization_code' (DefaultToken.__call__ quirk); its own info() then rejects it",
         "access_token", 3600, raw_key_cfg(RAW_KEY), "access_token"),
        (36, "code-alias-class", "a handler configured with the one-letter class 'A' mints 'A' in the plaintext; the "
         "authorization_code handler (same key) accepts the alias and reports 'authorization_code'",
         "A", 600, raw_key_cfg(RAW_KEY), ""),
    ]
    for num, name, desc, tclass, lifetime, cfg, explicit in cases:
        r32, iv = rnd(name + " rndstr", 32), rnd(name + " iv", 16)
        with Determinism(name, NOW) as det:
            h = DefaultToken(token_class=tclass, lifetime=lifetime, crypt_conf=crypt_conf_for(cfg))
            det.queue("token_bytes", r32)
            det.queue("urandom", iv)
            value = h(session_id=sid, token_class=explicit) if explicit else h(session_id=sid)
            det.assert_queues_empty()
            reader = h if tclass != "A" else DefaultToken(token_class="authorization_code", lifetime=600,
                                                          crypt_conf=crypt_conf_for(cfg))
            info, err = token_info(reader, value)
            is_exp = []
            if err is None:
                exp_txt = info["exp"]
                whens = [NOW, NOW + 10**9] if exp_txt == "-1" else [int(exp_txt), int(exp_txt) + 1]
                for w in whens:
                    is_exp.append({"when": w, "expired": reader.is_expired(value, when=w)})
        rndstr = base64.urlsafe_b64encode(r32).rstrip(b"=").decode()
        fernet_token = base64.b64decode(value)
        plaintext = reader.crypt.decrypt(fernet_token).decode()
        exp = {
            "ok": err is None,
            "rnd": rndstr,
            "plaintext": plaintext,
            "fernet_token": fernet_token.decode(),
            "fernet_parts": fernet_parts(fernet_token),
            "value": value,
        }
        if err is None:
            exp["info"] = info
            exp["is_expired"] = is_exp
        else:
            exp["error"] = exc_name(err)
            exp["category"] = "wrong_token_class"
        vec = {
            "kind": "token",
            "description": desc,
            "handler": handler_desc(tclass, lifetime, fernet_key_info(h.crypt, cfg)),
            "injected": {"now": NOW, "random": [
                {"for": "rndstr(32) -> secrets.token_bytes(32)", "hex": r32.hex()},
                {"for": "fernet_iv", "hex": iv.hex()}]},
            "input": {"session_id": sid, "session_id_vector": "020-session-id-raw-key", "token_class_arg": explicit},
            "expected": exp,
        }
        if reader is not h:
            vec["reader"] = handler_desc("authorization_code", 600, fernet_key_info(reader.crypt, cfg))
        add(num, name, vec)
        TOKENS[name] = value

    # ----------------------------------------------------------------- negatives
    code = TOKENS["code-raw-key"]
    inner = bytearray(base64.b64decode(code))  # ASCII Fernet token (urlsafe b64)
    fraw = bytearray(base64.urlsafe_b64decode(bytes(inner)))

    def reenc(raw):
        return base64.b64encode(base64.urlsafe_b64encode(bytes(raw))).decode()

    m = bytearray(fraw)
    m[-3] ^= 0x01
    hmac_flipped = reenc(m)
    m = bytearray(fraw)
    m[40] ^= 0x01
    ct_flipped = reenc(m)

    # valid Fernet (same key) over text that is not lv-packed / has fewer fields
    with Determinism("neg-not-lv", NOW) as det:
        enc = FernetEncrypter(key=RAW_KEY)
        det.queue("urandom", rnd("neg-not-lv iv", 16))
        not_lv = base64.b64encode(enc.encrypt("hello world")).decode()

    code_reader = lambda key=RAW_KEY: DefaultToken(token_class="authorization_code", lifetime=600,  # noqa: E731
                                                   crypt_conf={"kwargs": {"key": key}})
    negs = [
        (40, "code-hmac-flipped", "a byte of the Fernet HMAC flipped", hmac_flipped, RAW_KEY, "unknown_token"),
        (41, "code-ciphertext-flipped", "a byte of the Fernet ciphertext flipped", ct_flipped, RAW_KEY, "unknown_token"),
        (42, "code-truncated", "the code truncated by 4 characters", code[:-4], RAW_KEY, "unknown_token"),
        (43, "code-truncated-mid", "the code truncated to 100 characters", code[:100], RAW_KEY, "unknown_token"),
        (44, "code-wrong-key", "a valid code read by a handler with another key", code, OTHER_KEY, "unknown_token"),
        (45, "refresh-read-by-code-handler", "a valid opaque refresh token (same key) read by the code handler",
         TOKENS["refresh-token-raw-key"], RAW_KEY, "wrong_token_class"),
        (46, "access-read-by-code-handler", "a valid opaque access token (same key) read by the code handler",
         TOKENS["access-token-raw-key"], RAW_KEY, "wrong_token_class"),
        (47, "garbage-base64", "garbage that is not base64", "not a code!!", RAW_KEY, "unknown_token"),
        (48, "garbage-valid-base64", "valid standard base64 that is not a Fernet token",
         base64.b64encode(b"gAAAAAhello-this-is-no-fernet-token").decode(), RAW_KEY, "unknown_token"),
        (49, "empty-value", "empty string", "", RAW_KEY, "unknown_token"),
        (50, "fernet-ok-not-lv", "a valid Fernet token (right key) over 'hello world', which is not lv-packed: lv_unpack "
         "raises ValueError *outside* the UnknownToken wrapper", not_lv, RAW_KEY, "malformed"),
        (51, "code-urlsafe-inner-only", "the inner Fernet token (urlsafe base64) without the outer standard base64",
         bytes(inner).decode(), RAW_KEY, "unknown_token"),
    ]
    for num, name, desc, value, key, category in negs:
        h = code_reader(key)
        info, err = token_info(h, value)
        if err is None:
            res = {"ok": True, "info": info}
        else:
            res = {"ok": False, "error": exc_name(err), "category": category}
        add(num, name, {
            "kind": "token",
            "description": desc + " (mutated from / built with real values)",
            "handler": handler_desc("authorization_code", 600, fernet_key_info(h.crypt, raw_key_cfg(key))),
            "input": {"value": value},
            "expected": res,
        })


# ===================================================================== cookies
def cookie_payload():
    return json.dumps({"sub": "b9eb09a780ecbd667b426a8e61d2af10887ace6a5d535210fab5ac3112a2ed19",
                       "sid": SESSION_IDS["session-id-raw-key"]})


def cookie_cases():
    sign24 = rnd("cookie sign key", 24)
    payload = cookie_payload()
    cases = [
        (60, "cookie-4part-aes128", "sign + 16-byte enc key (AES-128-GCM)", sign24, rnd("cookie enc 16", 16), None, ""),
        (61, "cookie-4part-aes192", "sign + 24-byte enc key (AES-192-GCM, the default key size)", sign24, rnd("cookie enc 24", 24), None, ""),
        (62, "cookie-4part-aes256", "sign + 32-byte enc key (AES-256-GCM)", sign24, rnd("cookie enc 32", 32), None, ""),
        (63, "cookie-4part-with-type", "sign + enc (24), with a non-empty type", sign24, rnd("cookie enc 24", 24), None, "sman"),
        (64, "cookie-4part-enc-only", "enc key only (no MAC inside: lv_pack of 2 elements)", None, rnd("cookie enc 24", 24), None, ""),
        (65, "cookie-3part-sign-only", "sign key only: payload in clear", sign24, None, None, ""),
        (66, "cookie-2part-fernet", "crypt_config (Fernet, raw key)", None, None, RAW_KEY, ""),
    ]
    made = {}
    for num, name, desc, sk, ek, fk, typ in cases:
        with Determinism(name, NOW) as det:
            if fk is not None:
                ch = CookieHandler(crypt_config={"kwargs": {"key": fk}})
            else:
                ch = CookieHandler(sign_key=SYMKey(key=sk) if sk else None, enc_key=SYMKey(key=ek) if ek else None)
            randoms = []
            if ek is not None:
                iv = rnd(name + " gcm iv", 12)
                det.queue("urandom", iv)
                randoms.append({"for": "aes_gcm_iv", "hex": iv.hex()})
            elif fk is not None:
                iv = rnd(name + " fernet iv", 16)
                det.queue("urandom", iv)
                randoms.append({"for": "fernet_iv", "hex": iv.hex()})
            content = ch.make_cookie_content(name="oidc_op", value=payload, typ=typ)
            det.assert_queues_empty()
            parsed = ch.parse_cookie("oidc_op", [content])
        value = content["value"]
        parts = value.split("|")
        full_payload = payload + "::" + typ
        exp = {"ok": True, "cookie": content, "value": value, "parts": parts, "payload_text": full_payload,
               "parsed": parsed}
        if sk is not None:
            import hmac as _h
            import hashlib as _hl
            mac = _h.new(sk, full_payload.encode() + str(NOW).encode(), _hl.sha256).digest()
            exp["mac_hex"] = mac.hex()
        if ek is not None:
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM
            pt = AESGCM(ek).decrypt(base64.b64decode(parts[1]), base64.b64decode(parts[2]) + base64.b64decode(parts[3]), None)
            exp["inner_plaintext"] = pt.decode()
        if fk is not None:
            exp["inner_plaintext"] = FernetEncrypter(key=fk).decrypt(base64.b64decode(parts[1])).decode()
        keys = {}
        if sk is not None:
            keys["sign_key_hex"] = sk.hex()
        if ek is not None:
            keys["enc_key_hex"] = ek.hex()
        if fk is not None:
            keys["crypt_config"] = fernet_key_info(ch.crypt, raw_key_cfg(fk))
        add(num, name, {
            "kind": "cookie",
            "description": desc,
            "keys": keys,
            "injected": {"now": NOW, "random": randoms},
            "input": {"name": "oidc_op", "value": payload, "typ": typ},
            "expected": exp,
        })
        made[name] = (value, sk, ek, fk)

    # ----------------------------------------------------------------- negatives
    def parse_with(value, sk, ek, fk):
        if fk is not None:
            ch = CookieHandler(crypt_config={"kwargs": {"key": fk}})
        else:
            ch = CookieHandler(sign_key=SYMKey(key=sk) if sk else None, enc_key=SYMKey(key=ek) if ek else None)
        try:
            return {"ok": True, "parsed": ch.parse_cookie("oidc_op", [{"name": "oidc_op", "value": value}])}
        except Exception as err:  # noqa: BLE001
            return {"ok": False, "error": exc_name(err)}

    def flip_b64(part, idx=0):
        raw = bytearray(base64.b64decode(part))
        raw[idx] ^= 0x01
        return base64.b64encode(bytes(raw)).decode()

    v4, sk4, ek4, _ = made["cookie-4part-aes192"]
    p4 = v4.split("|")
    v3, sk3, _, _ = made["cookie-3part-sign-only"]
    p3 = v3.split("|")
    v2, _, _, fk2 = made["cookie-2part-fernet"]
    p2 = v2.split("|")
    negs = [
        (70, "cookie-4part-tag-flipped", "GCM tag byte flipped: parse_cookie returns [] (no exception)",
         "|".join([p4[0], p4[1], p4[2], flip_b64(p4[3])]), sk4, ek4, None),
        (71, "cookie-4part-ciphertext-flipped", "GCM ciphertext byte flipped",
         "|".join([p4[0], p4[1], flip_b64(p4[2], 3), p4[3]]), sk4, ek4, None),
        (72, "cookie-4part-wrong-sign-key", "right enc key, other sign key: inner MAC mismatch -> []",
         v4, rnd("other sign", 24), ek4, None),
        (73, "cookie-4part-outer-timestamp-changed", "outer timestamp changed: not compared in the 4-part form, still accepted",
         "|".join([str(NOW + 1000)] + p4[1:]), sk4, ek4, None),
        (74, "cookie-3part-mac-flipped", "3-part cookie with a flipped MAC byte: VerificationError",
         "|".join([p3[0], p3[1], flip_b64(p3[2])]), sk3, None, None),
        (75, "cookie-3part-payload-changed", "3-part cookie with the clear payload changed",
         "|".join([p3[0], p3[1].replace("b9eb", "b9ec"), p3[2]]), sk3, None, None),
        (76, "cookie-2part-timestamp-changed", "2-part cookie whose outer timestamp differs from the inner one",
         "|".join([str(NOW + 1), p2[1]]), None, None, fk2),
        (77, "cookie-2part-wrong-key", "2-part cookie decrypted with another Fernet key", v2, None, None, OTHER_KEY),
        (78, "cookie-4part-wrong-enc-key", "4-part cookie decrypted with another enc key: []", v4, sk4, rnd("other enc", 24), None),
    ]
    for num, name, desc, value, sk, ek, fk in negs:
        res = parse_with(value, sk, ek, fk)
        if res["ok"] and not res["parsed"]:
            res["category"] = "cookie_rejected"
        elif not res["ok"]:
            res["category"] = "cookie_rejected"
        keys = {}
        if sk is not None:
            keys["sign_key_hex"] = sk.hex()
        if ek is not None:
            keys["enc_key_hex"] = ek.hex()
        if fk is not None:
            keys["crypt_config"] = {"source": "raw", "raw_key_hex": fk.hex()}
        add(num, name, {
            "kind": "cookie",
            "description": desc + " (mutated from a real cookie)",
            "keys": keys,
            "input": {"name": "oidc_op", "cookie_value": value},
            "expected": res,
        })

    # a value containing '::' cannot be parsed back
    name = "cookie-4part-value-with-double-colon"
    with Determinism(name, NOW) as det:
        ch = CookieHandler(sign_key=SYMKey(key=sign24), enc_key=SYMKey(key=rnd("cookie enc 24", 24)))
        iv = rnd(name + " gcm iv", 12)
        det.queue("urandom", iv)
        content = ch.make_cookie_content(name="oidc_op", value="a::b", typ="")
        try:
            parsed = {"ok": True, "parsed": ch.parse_cookie("oidc_op", [content])}
        except Exception as err:  # noqa: BLE001
            parsed = {"ok": False, "error": exc_name(err), "category": "cookie_rejected"}
    parsed["cookie"] = content
    add(79, name, {
        "kind": "cookie",
        "description": "a cookie value containing '::' is made fine but parse_cookie's split('::') raises",
        "keys": {"sign_key_hex": sign24.hex(), "enc_key_hex": rnd("cookie enc 24", 24).hex()},
        "injected": {"now": NOW, "random": [{"for": "aes_gcm_iv", "hex": iv.hex()}]},
        "input": {"name": "oidc_op", "value": "a::b", "typ": ""},
        "expected": parsed,
    })


# ===================================================================== lv_pack / lv_unpack
def lv_cases():
    packs = [
        (90, "lv-pack-ascii", ["ab", "xyz"]),
        (91, "lv-pack-non-ascii", ["d\u00efana", "\u20ac", "\U0001F600", "a:b"]),
        (92, "lv-pack-empty-elements", ["", "x", ""]),
    ]
    for num, name, args in packs:
        packed = lv_pack(*args)
        add(num, name, {
            "kind": "lv",
            "description": "lv_pack counts Unicode code points (not UTF-8 bytes, not UTF-16 units)",
            "input": {"pack": args},
            "expected": {
                "ok": True,
                "packed": packed,
                "packed_utf8_hex": packed.encode().hex(),
                "lengths": [len(a) for a in args],
                "utf8_lengths": [len(a.encode()) for a in args],
                "unpacked": lv_unpack(packed),
            },
        })
    unpacks = [
        (93, "lv-unpack-surrounding-whitespace", "  2:ab3:xyz \n", "surrounding whitespace is stripped first"),
        (94, "lv-unpack-length-too-long", "5:ab", "a length beyond the end just takes the rest (no error)"),
        (95, "lv-unpack-no-colon", "2ab", "no ':' -> ValueError"),
        (96, "lv-unpack-bad-length", "x:ab", "non-numeric length -> ValueError"),
        (97, "lv-unpack-trailing-space-in-value", "3:ab ", "a value's trailing space is lost to the initial strip"),
        (98, "lv-unpack-negative-length", "-1:abc", "negative length: Python slicing takes v[:-1] = 'ab', the leftover 'c' then has no ':' -> ValueError"),
        (99, "lv-unpack-non-ascii", "2:\u00efa1:\U0001F600", "lengths in code points"),
        (100, "lv-unpack-empty", "", "empty text -> []"),
        (101, "lv-unpack-plus-sign-length", "+2:ab", "int('+2') is accepted by Python"),
        (102, "lv-unpack-spaces-in-length", " 2 :ab", "int(' 2 ') is accepted by Python (after strip: '2 ')"),
    ]
    for num, name, text, desc in unpacks:
        try:
            res = {"ok": True, "unpacked": lv_unpack(text)}
        except Exception as err:  # noqa: BLE001
            res = {"ok": False, "error": exc_name(err), "category": "malformed"}
        add(num, name, {
            "kind": "lv",
            "description": desc,
            "input": {"unpack": text},
            "expected": res,
        })


def main():
    clean_folder(FOLDER)
    fernet_cases()
    session_id_cases()
    token_cases()
    cookie_cases()
    lv_cases()
    for fname, vec in VECTORS:
        write_vector(FOLDER, fname, vec)
    print(f"opaque: wrote {len(VECTORS)} vectors", file=sys.stderr)


if __name__ == "__main__":
    main()
