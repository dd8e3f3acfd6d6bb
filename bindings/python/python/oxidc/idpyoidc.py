"""Drop-in adapter: route an unmodified idpyoidc server or client through oxidc.

``install()`` replaces the few cryptojwt methods every JWT of idpyoidc goes through, so JWT
access and refresh tokens, ID tokens, client assertions (``private_key_jwt``,
``client_secret_jwt``), request objects, userinfo/introspection JWTs and an RP's ID-token checks
are signed and verified by the Rust core:

=================================  ==========================================================
seam                               what oxidc does there
=================================  ==========================================================
``cryptojwt.jwt.JWT.pack``          builds the same claims (``iss``, ``iat``, ``exp``, ``aud``,
                                    ``jti``) and signs them natively (payload byte-identical
                                    to ``json.dumps``, header ``{"alg","kid"}``)
``cryptojwt.jwt.JWT.unpack``        picks keys with the jar's own ``get_jwt_verify_keys`` and
                                    verifies signature and ``nbf``/``exp`` (with ``skew``)
                                    natively, then applies the message class as cryptojwt does
``JWS.sign_compact``                signs natively with the key cryptojwt's own rules pick
``JWS.verify_compact`` (through     verifies natively with the keys cryptojwt's own rules pick,
``verify_compact_verbose``)         in the same order (the first key that verifies wins)
``FernetEncrypter.encrypt`` /       idpyoidc's opaque authorization codes and refresh tokens
``FernetEncrypter.decrypt``         (``DefaultToken``), session ids and encrypted cookie parts:
(``cryptojwt.jwe.fernet``)          Fernet (HMAC-SHA256, AES-128-CBC) natively, same bytes
``DefaultToken.__call__`` /         mints and reads an opaque code/refresh token in one
``DefaultToken.info``               native call each (random id, ``lv_pack``/``lv_unpack``,
                                    Fernet, the token-class check), same format
``Database.encrypted_branch_id`` /  session ids made natively; decrypted once and memoised
``Database.decrypt_branch_id``      per key
``CookieHandler._sign_enc_payload`` cookie values (signed, AES-GCM, or Fernet form) made and
``/ _ver_dec_content``              read natively (``oxidc.CookieKeys``), same bytes
=================================  ==========================================================

Two shortcuts, both only where the outcome is already known: RSA *signing* is left to
cryptojwt (OpenSSL signs RSA-2048 in ~250 µs, ring in ~440 µs; ``install(native_rsa_signing=
True)`` changes that), and a token that ``JWT.pack`` minted here is not verified a second time
by ``JWT.unpack`` (idpyoidc's token endpoint verifies the access token it has just minted) when
the key that signed it is among the keys cryptojwt picks for it and its ``exp``/``nbf`` hold
without leeway; everything else about the claims is checked as usual.

Keys stay in the ``KeyJar``: each cryptojwt key object is converted once and cached by
identity (a rotated or re-read key is a new object, so a changed jar never uses a stale
conversion; the cache is bounded).

Everything oxidc does not do falls back to the original method, unchanged: JWE (encrypted
tokens), algorithms oxidc does not implement (ES384/ES512/ES256K/EdDSA/none), RSA keys under 2048
bits, HMAC keys under 16 bytes, header ``cty``, a subclass that overrides ``JWT.message`` or
``pack_key``, and **every failure**: when oxidc rejects a token, the original code runs and
raises (or, in its own lax cases, accepts) exactly as before. The adapter therefore never
changes a verdict of idpyoidc; it only makes the common successful path fast.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any, Callable, Dict, Optional, Tuple, Type

from . import _native
from ._errors import Error

__all__ = ["install", "uninstall", "installed", "stats", "reset_stats"]

_SUPPORTED_ALGS = frozenset(_native.ALGORITHMS)
_CACHE_MAX = 512
_lock = threading.Lock()
_originals: Dict[Tuple[type, str], Any] = {}
_stats: Dict[str, int] = {}

# id(cryptojwt key) -> (key object, alg, SigningKey or None). The key object is kept so that its
# id cannot be reused by another object while the entry lives.
_signing: Dict[Tuple[int, str], Tuple[Any, Any]] = {}
# id(cryptojwt key) -> (key object, single-key KeySet or None)
_verifying: Dict[int, Tuple[Any, Any]] = {}
_validators: Dict[int, Any] = {}
# id(FernetEncrypter) -> (encrypter, its key text, native FernetKey or None)
_fernet: Dict[int, Tuple[Any, Any, Any]] = {}
# (id(native FernetKey), encrypted session id) -> (native key, names): idpyoidc decrypts the
# same session id a dozen times per token request; decryption is a pure function of both.
_branches: Dict[Tuple[int, str], Tuple[Any, Tuple[str, ...]]] = {}
# token text -> the cryptojwt key object that signed it here (JWT.pack's fast path, header
# {"alg","kid"} only). idpyoidc verifies the access token it has just minted in the same token
# request; a token that is byte for byte one we signed with a key cryptojwt would try for it
# needs no second signature check (see _fast_unpack). Bounded; cleared by uninstall().
_minted: Dict[str, Any] = {}
_MINTED_MAX = 256
# id(CookieHandler) -> (handler, sign key, enc key, crypt, native CookieKeys or None)
_cookies: Dict[int, Tuple[Any, Any, Any, Any, Any]] = {}
# Measured (benches/python/compare.py, RS256/mint): RSA-2048 signing through `cryptography`
# (OpenSSL) takes ~250 µs and through ring ~440 µs, so RSA *signing* is left to cryptojwt unless
# install(native_rsa_signing=True). RSA verification stays native (~20 µs against ~85 µs).
_options = {"native_rsa_signing": False}
_TOKEN_ALIASES = {"authorization_code": "A", "access_token": "T", "refresh_token": "R",
                  "id_token": "I"}


def _count(name: str) -> None:
    _stats[name] = _stats.get(name, 0) + 1


def stats() -> Dict[str, int]:
    """How often each seam took the fast path (``<seam>``) or fell back (``<seam>.fallback``)."""
    return dict(_stats)


def reset_stats() -> None:
    """Clears the counters of :func:`stats`."""
    _stats.clear()


def _bounded_put(cache: Dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= _CACHE_MAX:
        cache.clear()
    cache[key] = value


def _signing_key(key: Any, alg: str) -> Any:
    """The native signing key for a cryptojwt key object (None when oxidc cannot use it)."""
    entry = _signing.get((id(key), alg))
    if entry is not None and entry[0] is key:
        return entry[1]
    native = None
    try:
        kid = key.kid or None
        if key.kty == "oct":
            native = _native.SigningKey.hmac(key.key, alg=alg, kid=kid)
        elif key.kty in ("EC", "RSA") and key.has_private_key():
            if key.kty == "EC" and getattr(key, "crv", "") != "P-256":
                raise ValueError("curve")
            native = _native.SigningKey(key.serialize(private=True), alg=alg, kid=kid)
    except (Error, ValueError, TypeError, AttributeError):
        native = None
    _bounded_put(_signing, (id(key), alg), (key, native))
    return native


def _verify_keyset(key: Any) -> Any:
    """A one-key native KeySet for a cryptojwt key object (None when oxidc cannot use it)."""
    entry = _verifying.get(id(key))
    if entry is not None and entry[0] is key:
        return entry[1]
    native = None
    try:
        kid = key.kid or None
        if key.kty == "oct":
            jwk = _native.Jwk.hmac(key.key, kid=kid, algorithms=[key.alg] if key.alg else None)
        elif key.kty in ("EC", "RSA"):
            if key.kty == "EC" and getattr(key, "crv", "") != "P-256":
                raise ValueError("curve")
            jwk = _native.Jwk(key.serialize(private=False))
        else:
            raise ValueError("kty")
        native = _native.KeySet([jwk])
    except (Error, ValueError, TypeError, AttributeError):
        native = None
    _bounded_put(_verifying, id(key), (key, native))
    return native


def _fernet_key(enc: Any) -> Any:
    """The native Fernet key of a cryptojwt ``FernetEncrypter`` (None when unusable)."""
    text = getattr(enc, "key", None)
    entry = _fernet.get(id(enc))
    if entry is not None and entry[0] is enc and entry[1] is text:
        return entry[2]
    try:
        native = _native.FernetKey.from_text(text) if text is not None else None
    except (Error, TypeError, ValueError):
        native = None
    _bounded_put(_fernet, id(enc), (enc, text, native))
    return native


def _validator(skew: int) -> Any:
    v = _validators.get(skew)
    if v is None:
        # cryptojwt's JWT.unpack: nbf/exp checked with skew, nothing required, iat not checked.
        v = _native.Validator(leeway=skew, required=(), allow_future_iat=True)
        _validators[skew] = v
    return v


class _Peek:
    """What ``KeyJar.get_jwt_verify_keys`` reads from a parsed token: headers and payload."""

    __slots__ = ("headers", "_payload")

    def __init__(self, headers: Dict[str, Any], payload: Dict[str, Any]) -> None:
        self.headers = headers
        self._payload = payload

    def payload(self) -> Dict[str, Any]:
        return self._payload


def _patch(cls: type, name: str, replacement: Callable[..., Any]) -> None:
    original = cls.__dict__[name]
    _originals[(cls, name)] = original
    replacement.__wrapped__ = original  # type: ignore[attr-defined]
    setattr(cls, name, replacement)


def install(*, native_rsa_signing: bool = False) -> None:
    """Routes cryptojwt's JWT/JWS hot path, idpyoidc's opaque tokens, session ids and cookie
    values through oxidc (idempotent). RSA signing stays with cryptojwt (OpenSSL is faster at
    it than ring) unless ``native_rsa_signing`` is true."""
    from cryptojwt.jwe.fernet import FernetEncrypter  # type: ignore[import-untyped]
    from cryptojwt.jws.jws import JWS  # type: ignore[import-untyped]
    from cryptojwt.jwt import JWT, utc_time_sans_frac  # type: ignore[import-untyped]

    with _lock:
        if _originals:
            return
        _options["native_rsa_signing"] = native_rsa_signing
        orig_pack = JWT.__dict__["pack"]
        orig_unpack = JWT.__dict__["unpack"]
        orig_sign = JWS.__dict__["sign_compact"]
        orig_verify = JWS.__dict__["verify_compact_verbose"]
        base_message = JWT.__dict__["message"]
        base_pack_key = JWT.__dict__["pack_key"]

        def pack(self, payload=None, kid="", issuer_id="", recv="", aud=None, iat=None,
                 jws_headers=None, **kwargs):
            alg = self.alg
            if (
                not self.sign
                or alg not in _SUPPORTED_ALGS
                or kwargs.get("encrypt", self.encrypt)
                or type(self).message is not base_message
                or type(self).pack_key is not base_pack_key
            ):
                _count("pack.fallback")
                return orig_pack(self, payload, kid, issuer_id, recv, aud, iat, jws_headers,
                                 **kwargs)
            kwargs.pop("encrypt", None)
            _args = {}
            if payload is not None:
                _args.update(payload)
            _args.update(self.pack_init(recv, aud, iat))
            if self.with_jti:
                _args["jti"] = kwargs["jti"] if "jti" in kwargs else uuid.uuid4().hex
            if not issuer_id and self.iss:
                issuer_id = self.iss
            _key = self.pack_key(issuer_id, kid)
            if _key.kty == "RSA" and not _options["native_rsa_signing"]:
                if not jws_headers and alg in _RSA_PKCS1_HASHES:
                    token = _openssl_rsa_pack(_args, _key, alg)
                    if token is not None:
                        _count("pack.rsa_openssl")
                        return token
                _count("pack.rsa_openssl.fallback")
                return orig_pack(self, payload, kid, issuer_id, recv, aud, iat, jws_headers,
                                 **kwargs)
            native = _signing_key(_key, alg)
            if native is not None:
                try:
                    if jws_headers:
                        header = dict(jws_headers)
                        header["alg"] = alg
                        if _key.kid:
                            header["kid"] = _key.kid
                        token = _native.sign_compact(
                            _dumps(_args), native, header=header
                        )
                    else:
                        if _key.kid:
                            token = _native.mint(_args, native, kid=_key.kid)
                        else:
                            token = _native.mint(_args, native, include_kid=False)
                        if len(_minted) >= _MINTED_MAX:
                            _minted.clear()
                        _minted[token] = _key
                    _count("pack")
                    return token
                except (Error, TypeError, ValueError):
                    pass
            _count("pack.fallback")
            return orig_pack(self, payload, kid, issuer_id, recv, aud, iat, jws_headers,
                             **kwargs)

        def unpack(self, token, timestamp=None):
            fast = _fast_unpack(self, token, timestamp, utc_time_sans_frac)
            if fast is not None:
                _count("unpack")
                return fast
            _count("unpack.fallback")
            return orig_unpack(self, token, timestamp)

        def sign_compact(self, keys=None, protected=None, **kwargs):
            if keys is None or not isinstance(self.msg, (str, bytes)):
                _count("sign_compact.fallback")
                return orig_sign(self, keys, protected, **kwargs)
            alg = self._pick_alg(keys)
            picked = self.pick_keys(keys, use="sig", alg=alg) if alg in _SUPPORTED_ALGS else []
            if picked and picked[0].kty == "RSA" and not _options["native_rsa_signing"]:
                _count("sign_compact.rsa_openssl")
                return orig_sign(self, keys, protected, **kwargs)
            native = _signing_key(picked[0], alg) if picked else None
            if native is None:
                _count("sign_compact.fallback")
                return orig_sign(self, keys, protected, **kwargs)
            key = picked[0]
            headers = self._header
            headers.update(kwargs)
            xargs = protected or {}
            xargs["alg"] = alg
            if key.kid:
                xargs["kid"] = key.kid
            if "typ" in self:
                xargs["typ"] = self["typ"]
            headers.update(xargs)
            try:
                token = _native.sign_compact(self.msg, native, header=headers)
            except (Error, TypeError, ValueError):
                _count("sign_compact.fallback")
                return orig_sign(self, keys, protected, **kwargs)
            _count("sign_compact")
            return token

        def verify_compact_verbose(self, jws=None, keys=None, allow_none=False, sigalg=None):
            fast = _fast_verify(self, jws, keys, sigalg)
            if fast is not None:
                _count("verify_compact")
                return fast
            _count("verify_compact.fallback")
            return orig_verify(self, jws, keys, allow_none, sigalg)

        def fernet_encrypt(self, msg, **kwargs):
            native = _fernet_key(self)
            if native is not None and isinstance(msg, (str, bytes)):
                _count("fernet_encrypt")
                return native.encrypt(msg)
            _count("fernet_encrypt.fallback")
            return orig_fernet_encrypt(self, msg, **kwargs)

        def fernet_decrypt(self, msg, **kwargs):
            native = _fernet_key(self)
            if native is not None and isinstance(msg, (str, bytes)):
                try:
                    plain = native.decrypt(msg)
                    _count("fernet_decrypt")
                    return plain
                except Error:
                    pass
            _count("fernet_decrypt.fallback")
            return orig_fernet_decrypt(self, msg, **kwargs)

        def decrypt_branch_id(self, key):
            crypt = getattr(self, "crypt", None)
            native = _fernet_key(crypt) if type(crypt) is FernetEncrypter else None
            if native is not None and isinstance(key, str):
                hit = _branches.get((id(native), key))
                if hit is not None and hit[0] is native:
                    _count("decrypt_branch_id")
                    return list(hit[1])
                try:
                    names = native.decrypt_branch_id(key)
                except Error:
                    pass
                else:
                    _bounded_put(_branches, (id(native), key), (native, tuple(names)))
                    _count("decrypt_branch_id")
                    return names
            _count("decrypt_branch_id.fallback")
            return orig_decrypt_branch_id(self, key)

        def encrypted_branch_id(self, *args):
            crypt = getattr(self, "crypt", None)
            native = _fernet_key(crypt) if type(crypt) is FernetEncrypter else None
            if native is not None and args and all(isinstance(a, str) for a in args):
                try:
                    value = native.encrypt_branch_id(*args)
                except Error:
                    pass
                else:
                    _count("encrypted_branch_id")
                    return value
            _count("encrypted_branch_id.fallback")
            return orig_encrypted_branch_id(self, *args)

        def token_call(self, session_id="", token_class="", **payload):
            crypt = getattr(self, "crypt", None)
            native = _fernet_key(crypt) if type(crypt) is FernetEncrypter else None
            # idpyoidc's own choice (an explicit token_class becomes "authorization_code")
            if not token_class and self.token_class:
                token_class = self.token_class
            else:
                token_class = "authorization_code"
            lifetime = self.lifetime
            if (
                native is not None
                and isinstance(session_id, str)
                and token_class in _TOKEN_ALIASES
                and type(lifetime) is int
            ):
                now = int(_token_module.utc_time_sans_frac())
                try:
                    value = native.mint_token(
                        token_class, session_id, now + lifetime if lifetime >= 0 else None,
                        now=now,
                    )
                except Error:
                    pass
                else:
                    _count("token_mint")
                    return value
            _count("token_mint.fallback")
            return orig_token_call(self, session_id, token_class, **payload)

        def token_info(self, token):
            crypt = getattr(self, "crypt", None)
            native = _fernet_key(crypt) if type(crypt) is FernetEncrypter else None
            cls = self.token_class
            if (
                native is not None
                and isinstance(token, str)
                and cls in _TOKEN_ALIASES
                and self.alt_token_name == _TOKEN_ALIASES[cls]
            ):
                try:
                    info = native.read_token(cls, token)
                except Error:
                    pass
                else:
                    info["handler"] = self
                    _count("token_info")
                    return info
            _count("token_info.fallback")
            return orig_token_info(self, token)

        def sign_enc_payload(self, payload, timestamp=0):
            keys = _cookie_keys(self, FernetEncrypter)
            # (an empty value and type would make oxidc write "", idpyoidc a real cookie)
            if keys is not None and isinstance(payload, str) and "::" in payload and payload != "::":
                ts = _timestamp(timestamp, utc_time_sans_frac)
                if ts is not None:
                    value, typ = payload.rsplit("::", 1)
                    try:
                        cookie = keys.make_cookie(value, typ, now=ts)
                    except Error:
                        pass
                    else:
                        _count("cookie_make")
                        return cookie
            _count("cookie_make.fallback")
            return orig_sign_enc_payload(self, payload, timestamp)

        def ver_dec_content(self, parts):
            keys = _cookie_keys(self, FernetEncrypter)
            if (
                keys is not None
                and isinstance(parts, list)
                and 2 <= len(parts) <= 4
                and all(isinstance(p, str) for p in parts)
            ):
                try:
                    c = keys.read_cookie("|".join(parts))
                except Error:
                    pass
                else:
                    _count("cookie_read")
                    return c["value"] + "::" + c["type"], c["timestamp"]
            _count("cookie_read.fallback")
            return orig_ver_dec_content(self, parts)

        try:
            from idpyoidc.server.token import DefaultToken  # type: ignore[import-untyped]
            from idpyoidc.server.cookie_handler import CookieHandler  # type: ignore[import-untyped]
        except ImportError:  # a client-only installation
            DefaultToken = CookieHandler = None
        if DefaultToken is not None and "info" in DefaultToken.__dict__:
            import idpyoidc.server.token as _token_module  # type: ignore[import-untyped]

            orig_token_info = DefaultToken.__dict__["info"]
            orig_token_call = DefaultToken.__dict__["__call__"]
            _patch(DefaultToken, "info", token_info)
            _patch(DefaultToken, "__call__", token_call)
        if CookieHandler is not None and "_sign_enc_payload" in CookieHandler.__dict__:
            orig_sign_enc_payload = CookieHandler.__dict__["_sign_enc_payload"]
            orig_ver_dec_content = CookieHandler.__dict__["_ver_dec_content"]
            _patch(CookieHandler, "_sign_enc_payload", sign_enc_payload)
            _patch(CookieHandler, "_ver_dec_content", ver_dec_content)

        try:
            from idpyoidc.server.session.database import Database  # type: ignore[import-untyped]
        except ImportError:  # a client-only installation
            Database = None
        if Database is not None and "decrypt_branch_id" in Database.__dict__:
            orig_decrypt_branch_id = Database.__dict__["decrypt_branch_id"]
            _patch(Database, "decrypt_branch_id", decrypt_branch_id)
        if Database is not None and "encrypted_branch_id" in Database.__dict__:
            orig_encrypted_branch_id = Database.__dict__["encrypted_branch_id"]
            _patch(Database, "encrypted_branch_id", encrypted_branch_id)

        orig_fernet_encrypt = FernetEncrypter.__dict__["encrypt"]
        orig_fernet_decrypt = FernetEncrypter.__dict__["decrypt"]
        _patch(FernetEncrypter, "encrypt", fernet_encrypt)
        _patch(FernetEncrypter, "decrypt", fernet_decrypt)
        _patch(JWT, "pack", pack)
        _patch(JWT, "unpack", unpack)
        _patch(JWS, "sign_compact", sign_compact)
        _patch(JWS, "verify_compact_verbose", verify_compact_verbose)


def uninstall() -> None:
    """Restores cryptojwt's original methods (idempotent)."""
    with _lock:
        for (cls, name), original in _originals.items():
            setattr(cls, name, original)
        _originals.clear()
        _signing.clear()
        _verifying.clear()
        _fernet.clear()
        _branches.clear()
        _minted.clear()
        _cookies.clear()
        _options["native_rsa_signing"] = False


def installed() -> bool:
    """Whether :func:`install` is in effect."""
    return bool(_originals)


def _cookie_keys(handler: Any, fernet_cls: type) -> Any:
    """The native CookieKeys for an idpyoidc CookieHandler's keys (None: use the original).
    Mirrors ``_sign_enc_payload``'s choice: enc key (with the sign key's MAC inside when there
    is one), else Fernet (``crypt``), else sign key only; HMAC-SHA256 only."""
    sign, enc, crypt = handler.sign_key, handler.enc_key, handler.crypt
    entry = _cookies.get(id(handler))
    if (
        entry is not None
        and entry[0] is handler
        and entry[1] is sign
        and entry[2] is enc
        and entry[3] is crypt
    ):
        return entry[4]
    native = None
    try:
        sign_bytes = sign.key if sign is not None else None
        if sign_bytes is not None and getattr(handler, "sign_alg", "SHA256") != "SHA256":
            raise ValueError("sign_alg")
        if enc is not None:
            native = _native.CookieKeys(sign_key=sign_bytes, enc_key=enc.key)
        elif crypt is not None:
            fk = _fernet_key(crypt) if type(crypt) is fernet_cls else None
            native = _native.CookieKeys(fernet=fk) if fk is not None else None
        elif sign_bytes is not None:
            native = _native.CookieKeys(sign_key=sign_bytes)
    except (Error, ValueError, TypeError, AttributeError):
        native = None
    _bounded_put(_cookies, id(handler), (handler, sign, enc, crypt, native))
    return native


def _timestamp(timestamp: Any, clock: Callable[[], int]) -> Optional[int]:
    """``_sign_enc_payload``'s timestamp as an int when its text is the int's decimal text."""
    if not timestamp:
        return int(clock())
    if type(timestamp) is int:
        return timestamp
    if isinstance(timestamp, str) and timestamp.isascii() and timestamp.isdigit():
        n = int(timestamp)
        return n if str(n) == timestamp else None
    return None


def _clearly_valid(claims: Dict[str, Any], now: int) -> bool:
    """exp/nbf/iat hold without any leeway (a token at a boundary takes the full check)."""
    exp, nbf, iat = claims.get("exp"), claims.get("nbf"), claims.get("iat", 0)
    if exp is not None and not (type(exp) is int and now < exp):
        return False
    if nbf is not None and not (type(nbf) is int and nbf <= now):
        return False
    return type(iat) is int


_RSA_PKCS1_HASHES = {"RS256": "SHA256", "RS384": "SHA384", "RS512": "SHA512"}


def _openssl_rsa_pack(claims: Dict[str, Any], key: Any, alg: str) -> Optional[str]:
    """What cryptojwt's ``JWT.pack`` writes for an RSASSA-PKCS1-v1_5 key (header
    ``{"alg","kid"}`` compact, payload ``json.dumps(claims)``, deterministic signature through
    ``cryptography``), without its per-call JWS objects. None to use the original."""
    import base64
    import json

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    try:
        private = key.private_key()
        if private is None:
            return None
        header = {"alg": alg, "kid": key.kid} if key.kid else {"alg": alg}
        h = base64.urlsafe_b64encode(json.dumps(header, separators=(",", ":")).encode())
        p = base64.urlsafe_b64encode(json.dumps(claims).encode("utf-8"))
        signing_input = h.rstrip(b"=") + b"." + p.rstrip(b"=")
        digest = getattr(hashes, _RSA_PKCS1_HASHES[alg])()
        sig = private.sign(signing_input, padding.PKCS1v15(), digest)
    except Exception:  # noqa: BLE001 - the original reports it
        return None
    return (signing_input + b"." + base64.urlsafe_b64encode(sig).rstrip(b"=")).decode("ascii")


def _dumps(obj: Any) -> bytes:
    import json

    return json.dumps(obj).encode("utf-8")


def _fast_unpack(self: Any, token: Any, timestamp: Optional[int], clock: Callable[[], int]) -> Any:
    """cryptojwt's ``JWT.unpack`` for a compact JWS oxidc can verify; None to fall back."""
    if not token or not isinstance(token, str) or token.count(".") != 2 or self.skew is None:
        return None
    try:
        header, claims = _native.decode_unverified(token)
    except Error:
        return None
    alg = header.get("alg")
    if alg not in _SUPPORTED_ALGS or "cty" in header:
        return None
    if self.allowed_sign_algs and alg not in self.allowed_sign_algs:
        return None
    keys = self.key_jar.get_jwt_verify_keys(_Peek(header, claims))
    kty = "oct" if alg.startswith("HS") else ("EC" if alg.startswith("ES") else "RSA")
    kid = header.get("kid")
    now = timestamp or clock()
    validator = _validator(self.skew)
    verified = None
    signer = _minted.get(token)
    if (
        signer is not None
        and any(k is signer for k in keys)
        and signer.kty == kty
        and not (kid and kid != signer.kid)
        and not (signer.alg and signer.alg != alg)
        and _clearly_valid(claims, now)
    ):
        # These exact bytes were signed here by a key cryptojwt itself would try for them:
        # the signature holds; the claims are the ones decoded above.
        verified = (header, claims)
        keys = []
        _count("unpack.minted")
    for key in keys:
        # JWS.pick_keys: key type, kid (when the token names one), alg (when the key pins one).
        if key.kty != kty or (kid and kid != key.kid) or (key.alg and key.alg != alg):
            continue
        ks = _verify_keyset(key)
        if ks is None:
            return None
        try:
            verified = validator.verify_with_header(token, ks, now=now)
            break
        except _BadSignature:
            continue
        except Error:
            return None
    if verified is None:
        return None
    header, info = verified
    exp = info.get("exp")
    if "iat" in info and self.allowed_max_lifetime and exp:
        if abs(exp - info["iat"]) > self.allowed_max_lifetime:
            return None
    msg_cls = self.msg_cls
    if not msg_cls:
        if "iss" in info:
            msg_cls = self.iss2msg_cls.get(info["iss"])
        if not msg_cls and "typ" in header:
            msg_cls = self.typ2msg_cls.get(header["typ"])
    if msg_cls:
        vp_args = {"skew": self.skew}
        if self.iss:
            vp_args["aud"] = self.iss
        info = self.verify_profile(msg_cls, info, **vp_args)
        info.jwe_header = None
        info.jws_header = header
    return info


def _fast_verify(self: Any, jws: Any, keys: Any, sigalg: Optional[str]) -> Any:
    """cryptojwt's ``JWS.verify_compact_verbose`` for a token oxidc can verify; None to fall
    back (the original then raises or verifies exactly as before)."""
    if not jws or not keys or not isinstance(jws, str) or jws.count(".") != 2:
        return None
    from cryptojwt.jws.jws import JWSig  # type: ignore[import-untyped]

    jwt = self.jwt
    if jwt is None or ".".join(p.decode("ascii") for p in jwt.b64part) != jws:
        try:
            jwt = JWSig().unpack(jws)
        except Exception:  # noqa: BLE001 - the original reports it
            return None
    headers = jwt.headers
    alg = headers.get("alg")
    if alg not in _SUPPORTED_ALGS or "cty" in headers:
        return None
    if "alg" in self and self["alg"]:
        want = self["alg"]
        if (isinstance(want, list) and alg not in want) or (
            not isinstance(want, list) and alg != want
        ):
            return None
    if sigalg and sigalg != alg:
        return None
    previous_jwt, previous_alg = self.jwt, self._dict.get("alg")
    self.jwt = jwt
    self["alg"] = alg
    picked = self.pick_keys(keys)
    for key in picked:
        ks = _verify_keyset(key)
        if ks is None:
            break
        try:
            _native.verify_jws(jws, ks)
        except _BadSignature:
            continue
        except Error:
            break
        self.msg = jwt.payload()
        self.key = key
        self._protected_headers = jwt.headers.copy()
        return {"msg": self.msg, "key": key}
    # Fall back: restore what we touched so the original starts from the same state.
    self.jwt = previous_jwt
    if previous_alg is None:
        self._dict.pop("alg", None)
    else:
        self["alg"] = previous_alg
    return None


def _bad_signature_class() -> Type[Error]:
    from ._errors import error_for

    return error_for("bad_signature")


_BadSignature = _bad_signature_class()
