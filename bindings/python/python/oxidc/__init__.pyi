"""Type stubs for the public ``oxidc`` package (checked with ``mypy.stubtest``)."""

from typing import Any, Dict, Iterable, Mapping, Optional, Tuple, Type, Union

from ._errors import (
    BufferSizeError as BufferSizeError,
    ClaimsError as ClaimsError,
    CryptoError as CryptoError,
    Error as Error,
    GrantError as GrantError,
    JoseError as JoseError,
    LimitError as LimitError,
    OAuthError as OAuthError,
    OpaqueError as OpaqueError,
    ParseError as ParseError,
    error_for as error_for,
)
from ._native import (
    ALGORITHMS as ALGORITHMS,
    KEYSET_CAPACITY as KEYSET_CAPACITY,
    MAX_TOKEN_LEN as MAX_TOKEN_LEN,
    PROVIDER as PROVIDER,
    Jwk as Jwk,
    KeySet as KeySet,
    SigningKey as SigningKey,
    Validator as Validator,
    decode_unverified as decode_unverified,
    left_hash as left_hash,
    mint as mint,
    mint_access_token as mint_access_token,
    mint_id_token as mint_id_token,
    sign_compact as sign_compact,
    verify_jws as verify_jws,
)

__version__: str
ERROR_KINDS: Tuple[str, ...]
__all__ = [
    "ALGORITHMS",
    "ERROR_KINDS",
    "KEYSET_CAPACITY",
    "MAX_TOKEN_LEN",
    "PROVIDER",
    "BufferSizeError",
    "ClaimsError",
    "CryptoError",
    "Error",
    "GrantError",
    "JoseError",
    "Jwk",
    "KeySet",
    "LimitError",
    "OAuthError",
    "OpaqueError",
    "ParseError",
    "SigningKey",
    "Validator",
    "decode_unverified",
    "error_for",
    "generate_rsa_key",
    "jwk_from_cryptojwt",
    "keyset_from_jwks",
    "keyset_from_key_jar",
    "left_hash",
    "mint",
    "mint_access_token",
    "mint_id_token",
    "sign_compact",
    "signing_key_from_cryptojwt",
    "verify",
    "verify_jws",
    "AlgorithmMismatch",
    "AlgorithmNone",
    "AudienceMismatch",
    "BadSignature",
    "BufferTooSmall",
    "CryptoFailure",
    "DuplicateMember",
    "Expired",
    "HeaderTooLarge",
    "InvalidBase64",
    "InvalidClaim",
    "InvalidHeader",
    "InvalidJson",
    "InvalidKey",
    "InvalidUtf8",
    "IssuedInFuture",
    "IssuerMismatch",
    "JsonTooDeep",
    "KeyTooShort",
    "KeyUseMismatch",
    "MalformedToken",
    "MissingAlgorithm",
    "MissingClaim",
    "MissingKeyMember",
    "NotAPrivateKey",
    "NotAnObject",
    "NotYetValid",
    "TokenTooLarge",
    "TokenTooOld",
    "TooManyKeys",
    "TooManyMembers",
    "TypeMismatch",
    "UnencodedPayload",
    "UnknownKey",
    "UnsupportedAlgorithm",
    "UnsupportedByProvider",
    "UnsupportedCritical",
    "UnsupportedCurve",
    "UnsupportedKeyType",
    "ValueTooLong",
]

def verify(
    token: Union[str, bytes],
    keys: Union[KeySet, Jwk],
    *,
    issuer: Union[str, Iterable[str], None] = None,
    audience: Union[str, Iterable[str], None] = None,
    leeway: int = 15,
    required: Optional[Iterable[str]] = None,
    now: Optional[int] = None,
) -> Dict[str, Any]: ...
def generate_rsa_key(bits: int = 2048, *, alg: str = "RS256", kid: Optional[str] = None) -> SigningKey: ...
def jwk_from_cryptojwt(key: Any) -> Jwk: ...
def signing_key_from_cryptojwt(key: Any, alg: Optional[str] = None) -> SigningKey: ...
def keyset_from_key_jar(key_jar: Any, issuer_id: str = "") -> KeySet: ...
def keyset_from_jwks(jwks: Union[Mapping[str, Any], str, bytes]) -> KeySet: ...

# One exception class per core error kind (generated at import from the core's Error::ALL).

class InvalidBase64(ParseError):
    """invalid base64 encoding"""

class InvalidUtf8(ParseError):
    """invalid UTF-8"""

class InvalidJson(ParseError):
    """invalid JSON"""

class DuplicateMember(ParseError):
    """duplicate JSON member name"""

class NotAnObject(ParseError):
    """JSON value is not an object"""

class MalformedToken(ParseError):
    """token is not a three-part compact JWS"""

class TokenTooLarge(LimitError):
    """token exceeds the maximum length"""

class HeaderTooLarge(LimitError):
    """JOSE header exceeds the maximum length"""

class JsonTooDeep(LimitError):
    """JSON nesting exceeds the maximum depth"""

class TooManyMembers(LimitError):
    """JSON object or array has too many entries"""

class ValueTooLong(LimitError):
    """value exceeds its maximum length"""

class TooManyKeys(LimitError):
    """key set has too many keys"""

class AlgorithmNone(JoseError):
    """alg none is never accepted"""

class UnsupportedAlgorithm(JoseError):
    """unsupported algorithm"""

class AlgorithmMismatch(JoseError):
    """algorithm not allowed for this key"""

class MissingAlgorithm(JoseError):
    """JOSE header has no alg"""

class UnsupportedCritical(JoseError):
    """unsupported critical header parameter"""

class UnencodedPayload(JoseError):
    """unencoded payload (b64: false) not supported"""

class InvalidHeader(JoseError):
    """invalid JOSE header member"""

class UnknownKey(JoseError):
    """no key matches the token"""

class BadSignature(JoseError):
    """signature verification failed"""

class UnsupportedKeyType(JoseError):
    """unsupported key type"""

class UnsupportedCurve(JoseError):
    """unsupported elliptic curve"""

class MissingKeyMember(JoseError):
    """JWK lacks a required member"""

class InvalidKey(JoseError):
    """invalid key material"""

class KeyTooShort(JoseError):
    """symmetric key is too short"""

class KeyUseMismatch(JoseError):
    """key use does not allow this operation"""

class NotAPrivateKey(JoseError):
    """key has no private part"""

class Expired(ClaimsError):
    """token has expired"""

class NotYetValid(ClaimsError):
    """token is not yet valid"""

class IssuedInFuture(ClaimsError):
    """token was issued in the future"""

class TokenTooOld(ClaimsError):
    """token is older than the maximum age"""

class IssuerMismatch(ClaimsError):
    """unexpected issuer"""

class AudienceMismatch(ClaimsError):
    """token is not for this audience"""

class MissingClaim(ClaimsError):
    """a required claim is missing"""

class InvalidClaim(ClaimsError):
    """a claim has an invalid type or value"""

class TypeMismatch(ClaimsError):
    """unexpected token type"""

class BufferTooSmall(BufferSizeError):
    """output buffer too small"""

class UnsupportedByProvider(CryptoError):
    """algorithm not available in this crypto provider"""

class CryptoFailure(CryptoError):
    """crypto provider failure"""
