"""oxidc: fast, typed OAuth 2.0 / OpenID Connect tokens for Python.

The Rust core (``no_std``, allocation-free) verifies and mints JWTs the way idpyoidc and
cryptojwt do, byte for byte; this package is its Python face.

* Keys are parsed once: :class:`KeySet` (a JWKS), :class:`Jwk` (one verification key),
  :class:`SigningKey` (a private key handle). The key pins the algorithm; ``none`` cannot be
  expressed.
* :class:`Validator` holds the claims policy (issuer, audience, leeway, required claims) and
  verifies tokens: ``Validator(keys, issuer=..., audience=...).verify(token) -> dict``.
* :func:`mint`, :func:`mint_access_token`, :func:`mint_id_token` write tokens;
  :func:`verify_id_token` checks an ID token as a relying party.
* :func:`parse_message` parses any idpyoidc message class (``MESSAGE_CLASSES``) with its
  ``verify()``; :func:`parse_token_request`, :func:`parse_authorization_request` dispatch;
  :func:`parse_authentication_request` verifies request objects and ``id_token_hint`` with keys.
* Client authentication: :func:`parse_basic`, :func:`client_secret_post`,
  :func:`verify_client_secret`, :func:`verify_client_assertion`, :func:`parse_bearer`.
* Responses: :func:`token_response`, :func:`error_response`, :func:`error_redirect`,
  :func:`introspection_response`, :func:`write_redirect`.
* Grant decisions on idpyoidc's stored grants: :func:`redeem_code_grant`,
  :func:`refresh_grant`, :func:`check_mint` with a :class:`TokenPolicy`.
* Every failure is an :class:`Error` (a ``ValueError``) whose ``.kind`` names the fact.
* :mod:`oxidc.idpyoidc` switches an unmodified idpyoidc deployment onto oxidc.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, Mapping, Optional, Union

from . import _native
from ._errors import (
    KINDS as _KINDS,
    BufferSizeError,
    ClaimsError,
    CryptoError,
    Error,
    GrantError,
    JoseError,
    LimitError,
    OAuthError,
    OpaqueError,
    ParseError,
    error_for,
)
from ._native import (
    ALGORITHMS,
    KEYSET_CAPACITY,
    MAX_TOKEN_LEN,
    PROVIDER,
    CookieKeys,
    FernetKey,
    Jwk,
    KeySet,
    SigningKey,
    Validator,
    decode_unverified,
    left_hash,
    mint,
    mint_access_token,
    mint_id_token,
    parse_authorization_request,
    parse_authentication_request,
    parse_token_request,
    pkce_challenge,
    pkce_verify,
    pkce_verifier,
    lv_pack,
    lv_unpack,
    normalize_submitted_code,
    sign_compact,
    verify_jws,
)
from ._native import (
    JWT_BEARER_ASSERTION_TYPE,
    MESSAGE_CLASSES,
    TokenPolicy,
    assertion_issuer,
    check_mint,
    client_secret_post,
    error_redirect,
    error_response,
    grant_refusal,
    introspection_response,
    parse_basic,
    parse_bearer,
    parse_message,
    redeem_code_grant,
    refresh_grant,
    token_response,
    verify_client_assertion,
    verify_client_secret,
    verify_id_token,
    write_form,
    write_redirect,
)

__version__ = "0.1.0"

# One exception class per core error kind (Expired, BadSignature, AudienceMismatch, ...).
globals().update({cls.__name__: cls for cls in _KINDS.values()})

ERROR_KINDS = tuple(entry[0] for entry in _native.ERROR_KINDS)
"""The stable names of every core error, in the core's order."""


def verify(
    token: Union[str, bytes],
    keys: Union[KeySet, Jwk],
    *,
    issuer: Union[str, Iterable[str], None] = None,
    audience: Union[str, Iterable[str], None] = None,
    leeway: int = 15,
    required: Optional[Iterable[str]] = None,
    now: Optional[int] = None,
) -> Dict[str, Any]:
    """Verifies ``token`` with ``keys`` and validates its claims; returns the claims.

    A one-shot convenience: build a :class:`Validator` once when verifying many tokens.
    """
    return Validator(
        keys, issuer=issuer, audience=audience, leeway=leeway, required=required
    ).verify(token, now=now)


def generate_rsa_key(
    bits: int = 2048, *, alg: str = "RS256", kid: Optional[str] = None
) -> SigningKey:
    """Generates an RSA signing key (through the ``cryptography`` package, which cryptojwt and
    idpyoidc already depend on). The kid defaults to the RFC 7638 thumbprint."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    private = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    numbers = private.private_numbers()
    pub = numbers.public_numbers

    def b64(n: int) -> str:
        import base64

        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")

    jwk = {
        "kty": "RSA",
        "n": b64(pub.n),
        "e": b64(pub.e),
        "d": b64(numbers.d),
        "p": b64(numbers.p),
        "q": b64(numbers.q),
        "dp": b64(numbers.dmp1),
        "dq": b64(numbers.dmq1),
        "qi": b64(numbers.iqmp),
    }
    key = SigningKey(jwk, alg=alg, kid=kid)
    if kid is None:
        key = key.with_kid(key.thumbprint_kid())
    return key


def jwk_from_cryptojwt(key: Any) -> Jwk:
    """A :class:`Jwk` from a cryptojwt key object (``ECKey``, ``RSAKey``, ``SYMKey``)."""
    if getattr(key, "kty", None) == "oct":
        return Jwk.hmac(key.key, kid=key.kid or None, algorithms=[key.alg] if key.alg else None)
    return Jwk(key.serialize(private=False))


def signing_key_from_cryptojwt(key: Any, alg: Optional[str] = None) -> SigningKey:
    """A :class:`SigningKey` from a cryptojwt private key object (``ECKey``, ``RSAKey``,
    ``SYMKey``); ``alg`` defaults to the key's ``alg`` or its type's default."""
    alg = alg or getattr(key, "alg", None) or None
    if getattr(key, "kty", None) == "oct":
        return SigningKey.hmac(key.key, alg=alg or "HS256", kid=key.kid or None)
    return SigningKey(key.serialize(private=True), alg=alg, kid=key.kid or None)


def keyset_from_key_jar(key_jar: Any, issuer_id: str = "") -> KeySet:
    """A :class:`KeySet` from the signature keys a cryptojwt ``KeyJar`` holds for
    ``issuer_id`` (``""`` is the jar's own keys). Keys oxidc does not support (other curves,
    OKP) and encryption keys are skipped."""
    keys = []
    for k in key_jar.get("sig", issuer_id=issuer_id):
        if k.kty == "EC" and getattr(k, "crv", "") != "P-256":
            continue
        if k.kty not in ("EC", "RSA", "oct"):
            continue
        keys.append(jwk_from_cryptojwt(k))
    return KeySet(keys)


def keyset_from_jwks(jwks: Union[Mapping[str, Any], str, bytes]) -> KeySet:
    """Same as :meth:`KeySet.from_jwks`."""
    return KeySet.from_jwks(jwks)


__all__ = [
    "ALGORITHMS",
    "ERROR_KINDS",
    "JWT_BEARER_ASSERTION_TYPE",
    "KEYSET_CAPACITY",
    "MAX_TOKEN_LEN",
    "MESSAGE_CLASSES",
    "PROVIDER",
    "BufferSizeError",
    "ClaimsError",
    "CryptoError",
    "Error",
    "CookieKeys",
    "FernetKey",
    "GrantError",
    "JoseError",
    "Jwk",
    "KeySet",
    "LimitError",
    "OAuthError",
    "OpaqueError",
    "ParseError",
    "SigningKey",
    "TokenPolicy",
    "Validator",
    "assertion_issuer",
    "check_mint",
    "client_secret_post",
    "decode_unverified",
    "error_for",
    "error_redirect",
    "error_response",
    "generate_rsa_key",
    "grant_refusal",
    "introspection_response",
    "jwk_from_cryptojwt",
    "keyset_from_jwks",
    "keyset_from_key_jar",
    "left_hash",
    "lv_pack",
    "lv_unpack",
    "mint",
    "mint_access_token",
    "mint_id_token",
    "normalize_submitted_code",
    "parse_authorization_request",
    "parse_authentication_request",
    "parse_basic",
    "parse_bearer",
    "parse_message",
    "parse_token_request",
    "pkce_challenge",
    "pkce_verify",
    "pkce_verifier",
    "redeem_code_grant",
    "refresh_grant",
    "sign_compact",
    "signing_key_from_cryptojwt",
    "token_response",
    "verify",
    "verify_client_assertion",
    "verify_client_secret",
    "verify_id_token",
    "verify_jws",
    "write_form",
    "write_redirect",
] + sorted(cls.__name__ for cls in _KINDS.values())
