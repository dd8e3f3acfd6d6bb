"""The exceptions oxidc raises: one class per core error kind, grouped by band.

Every class subclasses :class:`Error`, which subclasses :class:`ValueError` (what callers of
JOSE and OAuth libraries already catch). ``.kind`` is the core's stable snake_case name of the
fact that failed (``"expired"``, ``"bad_signature"``, ...), ``.band`` its layer, and
``.oauth_error`` the OAuth 2.0 error code to answer with where one applies (RFC 6749 §5.2,
RFC 6750 §3.1).
"""

from __future__ import annotations

from typing import Dict, Optional, Tuple, Type

__all__ = [
    "Error",
    "ParseError",
    "LimitError",
    "JoseError",
    "ClaimsError",
    "OAuthError",
    "GrantError",
    "OpaqueError",
    "BufferSizeError",
    "CryptoError",
]


class Error(ValueError):
    """Base class of every oxidc error. ``kind`` names the fact that failed."""

    kind: str = "error"
    band: str = ""
    oauth_error: Optional[str] = None
    param: Optional[str] = None
    """The message parameter a rejection names (``"access_token"``, ``"scope"``), if any."""

    def __init__(self, message: Optional[str] = None) -> None:
        super().__init__(message if message is not None else (type(self).__doc__ or self.kind))

    @property
    def message(self) -> str:
        """The human explanation (never echoes input)."""
        return str(self.args[0]) if self.args else self.kind

    def __repr__(self) -> str:
        return f"{type(self).__name__}(kind={self.kind!r}, message={self.message!r})"


class ParseError(Error):
    """Bytes that are not well-formed: base64, UTF-8, JSON, token structure."""

    band = "parse"
    oauth_error = "invalid_request"


class LimitError(Error):
    """A named limit on attacker-controlled input was exceeded."""

    band = "limit"
    oauth_error = "invalid_request"


class JoseError(Error):
    """JOSE: algorithms, headers, keys, signatures."""

    band = "jose"
    oauth_error = "invalid_token"


class ClaimsError(Error):
    """JWT claims validation failed."""

    band = "claims"
    oauth_error = "invalid_token"


class OAuthError(Error):
    """OAuth 2.0 / OpenID Connect messages, client authentication and PKCE."""

    band = "oauth"
    oauth_error = "invalid_request"


class GrantError(Error):
    """A grant usage rule refused the request."""

    band = "grant"
    oauth_error = "invalid_grant"


class OpaqueError(Error):
    """idpyoidc-compatible opaque tokens, session ids and cookies."""

    band = "opaque"
    oauth_error = "invalid_grant"


class BufferSizeError(Error):
    """An output buffer was too small (an internal sizing error; please report it)."""

    band = "buffer"
    oauth_error = "server_error"


class CryptoError(Error):
    """The crypto provider failed or lacks a capability."""

    band = "crypto"
    oauth_error = "server_error"


BANDS: Dict[str, Type[Error]] = {
    "parse": ParseError,
    "limit": LimitError,
    "jose": JoseError,
    "claims": ClaimsError,
    "oauth": OAuthError,
    "grant": GrantError,
    "opaque": OpaqueError,
    "buffer": BufferSizeError,
    "crypto": CryptoError,
}

# Every core error kind the package names, with a specific OAuth error code where the band's
# default does not fit. A kind added to the core and missing here is still mapped (to a
# generated subclass of its band's class) but the test suite fails until it is named.
NAMED_KINDS: Dict[str, Tuple[str, Optional[str]]] = {
    # parse
    "invalid_base64": ("InvalidBase64", None),
    "invalid_utf8": ("InvalidUtf8", None),
    "invalid_json": ("InvalidJson", None),
    "duplicate_member": ("DuplicateMember", None),
    "not_an_object": ("NotAnObject", None),
    "malformed_token": ("MalformedToken", "invalid_token"),
    # limit
    "token_too_large": ("TokenTooLarge", "invalid_token"),
    "header_too_large": ("HeaderTooLarge", "invalid_token"),
    "json_too_deep": ("JsonTooDeep", None),
    "too_many_members": ("TooManyMembers", None),
    "value_too_long": ("ValueTooLong", None),
    "too_many_keys": ("TooManyKeys", None),
    # jose
    "algorithm_none": ("AlgorithmNone", None),
    "unsupported_algorithm": ("UnsupportedAlgorithm", None),
    "algorithm_mismatch": ("AlgorithmMismatch", None),
    "missing_algorithm": ("MissingAlgorithm", None),
    "unsupported_critical": ("UnsupportedCritical", None),
    "unencoded_payload": ("UnencodedPayload", None),
    "invalid_header": ("InvalidHeader", None),
    "unknown_key": ("UnknownKey", None),
    "bad_signature": ("BadSignature", None),
    "unsupported_key_type": ("UnsupportedKeyType", None),
    "unsupported_curve": ("UnsupportedCurve", None),
    "missing_key_member": ("MissingKeyMember", None),
    "invalid_key": ("InvalidKey", None),
    "key_too_short": ("KeyTooShort", None),
    "key_use_mismatch": ("KeyUseMismatch", None),
    "not_a_private_key": ("NotAPrivateKey", None),
    # claims
    "expired": ("Expired", None),
    "not_yet_valid": ("NotYetValid", None),
    "issued_in_future": ("IssuedInFuture", None),
    "token_too_old": ("TokenTooOld", None),
    "issuer_mismatch": ("IssuerMismatch", None),
    "audience_mismatch": ("AudienceMismatch", None),
    "missing_claim": ("MissingClaim", None),
    "invalid_claim": ("InvalidClaim", None),
    "type_mismatch": ("TypeMismatch", None),
    # parse
    "invalid_percent_encoding": ("InvalidPercentEncoding", None),
    "format_error": ("FormatError", None),
    # limit
    "message_too_large": ("MessageTooLarge", None),
    "too_many_parameters": ("TooManyParameters", None),
    "parameter_too_long": ("ParameterTooLong", None),
    # oauth
    "duplicate_parameter": ("DuplicateParameter", None),
    "missing_parameter": ("MissingParameter", None),
    "parameter_not_allowed_value": ("ParameterNotAllowedValue", None),
    "wrong_parameter_type": ("WrongParameterType", None),
    "missing_openid_scope": ("MissingOpenidScope", None),
    "nonce_missing": ("NonceMissing", None),
    "nonce_mismatch": ("NonceMismatch", None),
    "prompt_none_with_other": ("PromptNoneWithOther", None),
    "consent_required_for_offline_access": ("ConsentRequiredForOfflineAccess", None),
    "invalid_error_description": ("InvalidErrorDescription", None),
    "invalid_error_code": ("InvalidErrorCode", None),
    "client_id_mismatch": ("ClientIdMismatch", None),
    "missing_grant_type": ("MissingGrantType", None),
    "unsupported_grant_type": ("UnsupportedGrantType", None),
    "redirect_uri_missing": ("RedirectUriMissing", None),
    "redirect_uri_mismatch": ("RedirectUriMismatch", None),
    "unsupported_auth_scheme": ("UnsupportedAuthScheme", None),
    "malformed_basic_credentials": ("MalformedBasicCredentials", None),
    "malformed_bearer_token": ("MalformedBearerToken", None),
    "client_authentication_missing": ("ClientAuthenticationMissing", None),
    "unknown_client": ("UnknownClient", None),
    "client_secret_mismatch": ("ClientSecretMismatch", None),
    "client_secret_expired": ("ClientSecretExpired", None),
    "client_auth_method_not_allowed": ("ClientAuthMethodNotAllowed", None),
    "invalid_client_assertion_type": ("InvalidClientAssertionType", None),
    "assertion_subject_mismatch": ("AssertionSubjectMismatch", None),
    "assertion_lifetime_too_long": ("AssertionLifetimeTooLong", None),
    "assertion_replayed": ("AssertionReplayed", None),
    "pkce_verifier_invalid": ("PkceVerifierInvalid", None),
    "pkce_challenge_invalid": ("PkceChallengeInvalid", None),
    "pkce_mismatch": ("PkceMismatch", None),
    "pkce_missing_verifier": ("PkceMissingVerifier", None),
    "pkce_missing_challenge": ("PkceMissingChallenge", None),
    "unsupported_challenge_method": ("UnsupportedChallengeMethod", None),
    "azp_missing": ("AzpMissing", None),
    "azp_mismatch": ("AzpMismatch", None),
    "expires_before_issued": ("ExpiresBeforeIssued", None),
    "at_hash_mismatch": ("AtHashMismatch", None),
    "c_hash_mismatch": ("CHashMismatch", None),
    "authentication_too_old": ("AuthenticationTooOld", None),
    "request_object_nested": ("RequestObjectNested", "invalid_request_object"),
    # grant
    "malformed_grant": ("MalformedGrant", None),
    "malformed_issued_token": ("MalformedIssuedToken", None),
    "malformed_usage_rule": ("MalformedUsageRule", None),
    "grant_too_large": ("GrantTooLarge", None),
    "too_many_issued_tokens": ("TooManyIssuedTokens", None),
    "too_many_scopes": ("TooManyScopes", None),
    "unknown_code": ("UnknownCode", "invalid_grant"),
    "code_reused": ("CodeReused", "invalid_grant"),
    "code_inactive": ("CodeInactive", "invalid_grant"),
    "token_client_mismatch": ("TokenClientMismatch", "invalid_grant"),
    "code_redirect_uri_mismatch": ("CodeRedirectUriMismatch", "invalid_request"),
    "unknown_refresh_token": ("UnknownRefreshToken", "invalid_grant"),
    "refresh_token_inactive": ("RefreshTokenInactive", "invalid_request"),
    "refresh_scope_exceeded": ("RefreshScopeExceeded", "invalid_request"),
    "minting_not_supported": ("MintingNotSupported", "invalid_request"),
    "token_inactive": ("TokenInactive", "invalid_request"),
    "grant_type_not_allowed": ("GrantTypeNotAllowed", "invalid_request"),
    "grant_inactive": ("GrantInactive", "invalid_grant"),
    # opaque
    "bad_fernet_token": ("BadFernetToken", None),
    "malformed_lv": ("MalformedLv", None),
    "unknown_token": ("UnknownToken", None),
    "wrong_token_class": ("WrongTokenClass", None),
    "invalid_session_id": ("InvalidSessionId", "invalid_request"),
    "invalid_cookie": ("InvalidCookie", "invalid_request"),
    "negative_timestamp": ("NegativeTimestamp", None),
    # buffer
    "buffer_too_small": ("BufferTooSmall", None),
    # crypto
    "unsupported_by_provider": ("UnsupportedByProvider", None),
    "crypto_failure": ("CryptoFailure", None),
}

KINDS: Dict[str, Type[Error]] = {}


def _camel(kind: str) -> str:
    return "".join(part.capitalize() for part in kind.split("_"))


def _class_for(
    kind: str, band: str, message: Optional[str] = None, oauth_error: Optional[str] = None
) -> Type[Error]:
    """The exception class for a core error kind (made on first use; called by ``_native``)."""
    cls = KINDS.get(kind)
    if cls is not None:
        return cls
    base = BANDS.get(band, Error)
    name, oauth = NAMED_KINDS.get(kind, (_camel(kind), None))
    oauth = oauth or oauth_error
    attrs = {
        "kind": kind,
        "__doc__": message or f"The core error ``{kind}``.",
        "__module__": "oxidc",
    }
    if oauth is not None:
        attrs["oauth_error"] = oauth
    cls = type(name, (base,), attrs)
    KINDS[kind] = cls
    globals()[name] = cls
    return cls


def _load() -> None:
    from . import _native

    for kind, band, message, oauth_error in _native.ERROR_KINDS:
        _class_for(kind, band, message, oauth_error)


def error_for(kind: str) -> Type[Error]:
    """The exception class for the core error named ``kind`` (``KeyError`` if unknown)."""
    return KINDS[kind]


_load()
