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
    CookieKeys as CookieKeys,
    FernetKey as FernetKey,
    Jwk as Jwk,
    KeySet as KeySet,
    SigningKey as SigningKey,
    Validator as Validator,
    decode_unverified as decode_unverified,
    left_hash as left_hash,
    mint as mint,
    mint_access_token as mint_access_token,
    mint_id_token as mint_id_token,
    parse_authorization_request as parse_authorization_request,
    parse_authentication_request as parse_authentication_request,
    parse_token_request as parse_token_request,
    pkce_challenge as pkce_challenge,
    pkce_verify as pkce_verify,
    pkce_verifier as pkce_verifier,
    lv_pack as lv_pack,
    lv_unpack as lv_unpack,
    normalize_submitted_code as normalize_submitted_code,
    sign_compact as sign_compact,
    verify_jws as verify_jws,
)
from ._native import (
    JWT_BEARER_ASSERTION_TYPE as JWT_BEARER_ASSERTION_TYPE,
    MESSAGE_CLASSES as MESSAGE_CLASSES,
    TokenPolicy as TokenPolicy,
    assertion_issuer as assertion_issuer,
    check_mint as check_mint,
    client_secret_post as client_secret_post,
    error_redirect as error_redirect,
    error_response as error_response,
    grant_refusal as grant_refusal,
    introspection_response as introspection_response,
    parse_basic as parse_basic,
    parse_bearer as parse_bearer,
    parse_message as parse_message,
    redeem_code_grant as redeem_code_grant,
    refresh_grant as refresh_grant,
    token_response as token_response,
    verify_client_assertion as verify_client_assertion,
    verify_client_secret as verify_client_secret,
    verify_id_token as verify_id_token,
    write_form as write_form,
    write_redirect as write_redirect,
)

__version__: str
ERROR_KINDS: Tuple[str, ...]
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
    "AlgorithmMismatch",
    "AlgorithmNone",
    "AssertionLifetimeTooLong",
    "AssertionReplayed",
    "AssertionSubjectMismatch",
    "AtHashMismatch",
    "AudienceMismatch",
    "AuthenticationTooOld",
    "AzpMismatch",
    "AzpMissing",
    "BadFernetToken",
    "BadSignature",
    "BufferTooSmall",
    "CHashMismatch",
    "ClientAuthMethodNotAllowed",
    "ClientAuthenticationMissing",
    "ClientIdMismatch",
    "ClientSecretExpired",
    "ClientSecretMismatch",
    "CodeInactive",
    "CodeRedirectUriMismatch",
    "CodeReused",
    "ConsentRequiredForOfflineAccess",
    "CryptoFailure",
    "DuplicateMember",
    "DuplicateParameter",
    "Expired",
    "ExpiresBeforeIssued",
    "FormatError",
    "GrantInactive",
    "GrantTooLarge",
    "GrantTypeNotAllowed",
    "HeaderTooLarge",
    "InvalidBase64",
    "InvalidClaim",
    "InvalidClientAssertionType",
    "InvalidCookie",
    "InvalidErrorCode",
    "InvalidErrorDescription",
    "InvalidHeader",
    "InvalidJson",
    "InvalidKey",
    "InvalidPercentEncoding",
    "InvalidSessionId",
    "InvalidUtf8",
    "IssuedInFuture",
    "IssuerMismatch",
    "JsonTooDeep",
    "KeyTooShort",
    "KeyUseMismatch",
    "MalformedBasicCredentials",
    "MalformedBearerToken",
    "MalformedGrant",
    "MalformedIssuedToken",
    "MalformedLv",
    "MalformedToken",
    "MalformedUsageRule",
    "MessageTooLarge",
    "MintingNotSupported",
    "MissingAlgorithm",
    "MissingClaim",
    "MissingGrantType",
    "MissingKeyMember",
    "MissingOpenidScope",
    "MissingParameter",
    "NegativeTimestamp",
    "NonceMismatch",
    "NonceMissing",
    "NotAPrivateKey",
    "NotAnObject",
    "NotYetValid",
    "ParameterNotAllowedValue",
    "ParameterTooLong",
    "PkceChallengeInvalid",
    "PkceMismatch",
    "PkceMissingChallenge",
    "PkceMissingVerifier",
    "PkceVerifierInvalid",
    "PromptNoneWithOther",
    "RedirectUriMismatch",
    "RedirectUriMissing",
    "RefreshScopeExceeded",
    "RefreshTokenInactive",
    "RequestObjectNested",
    "TokenClientMismatch",
    "TokenInactive",
    "TokenTooLarge",
    "TokenTooOld",
    "TooManyIssuedTokens",
    "TooManyKeys",
    "TooManyMembers",
    "TooManyParameters",
    "TooManyScopes",
    "TypeMismatch",
    "UnencodedPayload",
    "UnknownClient",
    "UnknownCode",
    "UnknownKey",
    "UnknownRefreshToken",
    "UnknownToken",
    "UnsupportedAlgorithm",
    "UnsupportedAuthScheme",
    "UnsupportedByProvider",
    "UnsupportedChallengeMethod",
    "UnsupportedCritical",
    "UnsupportedCurve",
    "UnsupportedGrantType",
    "UnsupportedKeyType",
    "ValueTooLong",
    "WrongParameterType",
    "WrongTokenClass",
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
# --- error classes (generated by scripts/gen_error_stubs.py) ---
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

class InvalidPercentEncoding(ParseError):
    """invalid percent-encoding"""

class FormatError(ParseError):
    """not a name=value form body"""

class MessageTooLarge(LimitError):
    """message exceeds the maximum length"""

class TooManyParameters(LimitError):
    """message has too many parameters"""

class ParameterTooLong(LimitError):
    """parameter exceeds the maximum length"""

class DuplicateParameter(OAuthError):
    """parameter included more than once"""

class MissingParameter(OAuthError):
    """required parameter missing"""

class ParameterNotAllowedValue(OAuthError):
    """parameter has a value that is not allowed"""

class WrongParameterType(OAuthError):
    """parameter has the wrong type"""

class MissingOpenidScope(OAuthError):
    """openid not in scope"""

class NonceMissing(OAuthError):
    """nonce missing"""

class NonceMismatch(OAuthError):
    """nonce does not match"""

class PromptNoneWithOther(OAuthError):
    """prompt none combined with other value"""

class ConsentRequiredForOfflineAccess(OAuthError):
    """offline_access requires prompt=consent"""

class InvalidErrorDescription(OAuthError):
    """error_description has characters outside the allowed set"""

class InvalidErrorCode(OAuthError):
    """error code has characters outside the allowed set"""

class ClientIdMismatch(OAuthError):
    """client_id mismatch"""

class MissingGrantType(OAuthError):
    """grant_type missing"""

class UnsupportedGrantType(OAuthError):
    """unsupported grant_type"""

class RedirectUriMissing(OAuthError):
    """redirect_uri missing"""

class RedirectUriMismatch(OAuthError):
    """redirect_uri does not match"""

class UnsupportedAuthScheme(OAuthError):
    """unsupported authorization scheme"""

class MalformedBasicCredentials(OAuthError):
    """malformed Basic credentials"""

class MalformedBearerToken(OAuthError):
    """malformed bearer token"""

class ClientAuthenticationMissing(OAuthError):
    """no usable client authentication"""

class UnknownClient(OAuthError):
    """unknown client"""

class ClientSecretMismatch(OAuthError):
    """client authentication failed"""

class ClientSecretExpired(OAuthError):
    """client secret expired"""

class ClientAuthMethodNotAllowed(OAuthError):
    """client authentication method not allowed"""

class InvalidClientAssertionType(OAuthError):
    """invalid client_assertion_type"""

class AssertionSubjectMismatch(OAuthError):
    """client assertion iss/sub is not the client"""

class AssertionLifetimeTooLong(OAuthError):
    """client assertion lifetime too long"""

class AssertionReplayed(OAuthError):
    """client assertion replayed"""

class PkceVerifierInvalid(OAuthError):
    """invalid code_verifier"""

class PkceChallengeInvalid(OAuthError):
    """invalid code_challenge"""

class PkceMismatch(OAuthError):
    """PKCE check failed"""

class PkceMissingVerifier(OAuthError):
    """missing code_verifier"""

class PkceMissingChallenge(OAuthError):
    """missing code_challenge"""

class UnsupportedChallengeMethod(OAuthError):
    """unsupported code_challenge_method"""

class AzpMissing(OAuthError):
    """azp missing"""

class AzpMismatch(OAuthError):
    """azp mismatch"""

class ExpiresBeforeIssued(OAuthError):
    """expiration earlier than issued-at"""

class AtHashMismatch(OAuthError):
    """at_hash mismatch"""

class CHashMismatch(OAuthError):
    """c_hash mismatch"""

class AuthenticationTooOld(OAuthError):
    """authentication is older than max_age"""

class RequestObjectNested(OAuthError):
    """request object contains request or request_uri"""

class MalformedGrant(ParseError):
    """stored grant is malformed"""

class MalformedIssuedToken(ParseError):
    """stored issued token is malformed"""

class MalformedUsageRule(ParseError):
    """usage rule is malformed"""

class GrantTooLarge(LimitError):
    """stored grant exceeds the maximum length"""

class TooManyIssuedTokens(LimitError):
    """grant holds too many issued tokens"""

class TooManyScopes(LimitError):
    """too many scope values requested"""

class UnknownCode(GrantError):
    """unknown authorization code"""

class CodeReused(GrantError):
    """authorization code already used"""

class CodeInactive(GrantError):
    """authorization code inactive"""

class TokenClientMismatch(GrantError):
    """token was issued to another client"""

class CodeRedirectUriMismatch(GrantError):
    """redirect_uri differs from the authorization request"""

class UnknownRefreshToken(GrantError):
    """unknown refresh token"""

class RefreshTokenInactive(GrantError):
    """refresh token inactive"""

class RefreshScopeExceeded(GrantError):
    """requested scope exceeds the original grant"""

class MintingNotSupported(GrantError):
    """token may not mint this token class"""

class TokenInactive(GrantError):
    """token inactive"""

class GrantTypeNotAllowed(GrantError):
    """grant type not allowed for this client"""

class GrantInactive(GrantError):
    """grant inactive"""

class BadFernetToken(OpaqueError):
    """Fernet token is invalid for this key"""

class MalformedLv(OpaqueError):
    """malformed length-value packed text"""

class UnknownToken(OpaqueError):
    """unknown token"""

class WrongTokenClass(OpaqueError):
    """token is of another class"""

class InvalidSessionId(OpaqueError):
    """invalid session id"""

class InvalidCookie(OpaqueError):
    """cookie does not verify"""

class NegativeTimestamp(OpaqueError):
    """timestamp before the Unix epoch"""

# --- end of error classes ---
