"""Type stubs for the native module ``oxidc._native`` (Rust, pyo3)."""

from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union, final

_Json = Union[Mapping[str, Any], str, bytes]
_Text = Union[str, bytes]

__all__ = [
    "Jwk",
    "KeySet",
    "SigningKey",
    "Validator",
    "FernetKey",
    "CookieKeys",
    "lv_pack",
    "lv_unpack",
    "pkce_verifier",
    "normalize_submitted_code",
    "mint",
    "mint_access_token",
    "mint_id_token",
    "sign_compact",
    "verify_jws",
    "decode_unverified",
    "left_hash",
    "parse_token_request",
    "parse_authorization_request",
    "parse_authentication_request",
    "pkce_challenge",
    "pkce_verify",
    "ERROR_KINDS",
    "KEYSET_CAPACITY",
    "ALGORITHMS",
    "PROVIDER",
    "MAX_TOKEN_LEN",
    "MESSAGE_CLASSES",
    "JWT_BEARER_ASSERTION_TYPE",
    "TokenPolicy",
    "parse_message",
    "redeem_code_grant",
    "refresh_grant",
    "check_mint",
    "grant_refusal",
    "parse_basic",
    "parse_bearer",
    "client_secret_post",
    "verify_client_secret",
    "assertion_issuer",
    "verify_client_assertion",
    "verify_id_token",
    "token_response",
    "error_response",
    "error_redirect",
    "introspection_response",
    "write_redirect",
    "write_form",
]

ERROR_KINDS: List[Tuple[str, str, str, Optional[str]]]
KEYSET_CAPACITY: int
ALGORITHMS: List[str]
PROVIDER: str
MAX_TOKEN_LEN: int
MESSAGE_CLASSES: List[str]
JWT_BEARER_ASSERTION_TYPE: str

@final
class Jwk:
    """A verification key: one parsed JWK (EC P-256, RSA >= 2048 bits, or an HMAC secret)."""

    def __new__(cls, jwk: _Json, *, kid: Optional[str] = None) -> "Jwk": ...
    @staticmethod
    def hmac(
        secret: _Text, *, algorithms: Optional[Sequence[str]] = None, kid: Optional[str] = None
    ) -> "Jwk": ...
    @property
    def kid(self) -> Optional[str]: ...
    @property
    def kty(self) -> str: ...
    @property
    def algorithms(self) -> List[str]: ...
    @property
    def can_verify(self) -> bool: ...
    def thumbprint(self) -> bytes: ...
    def thumbprint_kid(self, *, legacy: bool = False) -> str: ...
    def public_jwk(self) -> Optional[Dict[str, Any]]: ...

@final
class KeySet:
    """A JWK Set, parsed once (at most ``KEYSET_CAPACITY`` usable keys)."""

    def __new__(
        cls, keys: Union[_Json, Sequence[Union[Jwk, Mapping[str, Any], str]], None] = None
    ) -> "KeySet": ...
    @staticmethod
    def from_jwks(jwks: _Json) -> "KeySet": ...
    def __len__(self) -> int: ...
    def __contains__(self, kid: str, /) -> bool: ...
    @property
    def kids(self) -> List[Optional[str]]: ...
    @property
    def skipped(self) -> int: ...
    def thumbprint_kids(self, *, legacy: bool = False) -> List[str]: ...

@final
class SigningKey:
    """A private key parsed once into a signing handle, with the one algorithm it signs with."""

    def __new__(
        cls, jwk: _Json, *, alg: Optional[str] = None, kid: Optional[str] = None
    ) -> "SigningKey": ...
    @staticmethod
    def hmac(secret: _Text, *, alg: str = "HS256", kid: Optional[str] = None) -> "SigningKey": ...
    @staticmethod
    def generate(alg: str = "ES256", *, kid: Optional[str] = None) -> "SigningKey": ...
    @property
    def algorithm(self) -> str: ...
    @property
    def kid(self) -> Optional[str]: ...
    def with_kid(self, kid: str) -> "SigningKey": ...
    def with_algorithm(self, alg: str) -> "SigningKey": ...
    def thumbprint_kid(self, *, legacy: bool = False) -> str: ...
    def public_jwk(self) -> Optional[Dict[str, Any]]: ...
    def private_jwk(self) -> Dict[str, Any]: ...

@final
class FernetKey:
    """A Fernet key as cryptojwt's ``FernetEncrypter`` uses it, derived once."""

    def __new__(cls, key: bytes) -> "FernetKey": ...
    @staticmethod
    def from_text(text: _Text) -> "FernetKey": ...
    @staticmethod
    def derive(
        password: _Text, salt: _Text, *, iterations: int = 390000, hash_alg: str = "SHA256"
    ) -> "FernetKey": ...
    def encrypt(
        self, plaintext: _Text, *, now: Optional[int] = None, iv: Optional[bytes] = None
    ) -> bytes: ...
    def decrypt(self, token: _Text) -> bytes: ...
    def mint_token(
        self,
        token_class: str,
        session_id: str,
        exp: Optional[int],
        *,
        now: Optional[int] = None,
        random: Optional[bytes] = None,
        iv: Optional[bytes] = None,
    ) -> str: ...
    def read_token(self, token_class: str, value: _Text) -> Dict[str, str]: ...
    def encrypt_session_id(
        self,
        user_id: str,
        client_id: str,
        grant_id: str,
        *,
        now: Optional[int] = None,
        random: Optional[bytes] = None,
        iv: Optional[bytes] = None,
    ) -> str: ...
    def decrypt_branch_id(self, value: _Text) -> List[str]: ...
    def encrypt_raw(
        self, plaintext: _Text, *, now: Optional[int] = None, iv: Optional[bytes] = None
    ) -> bytes: ...
    def decrypt_raw(
        self, token: _Text, *, ttl: Optional[int] = None, now: Optional[int] = None
    ) -> bytes: ...
    def encrypt_branch_id(
        self,
        *names: str,
        now: Optional[int] = None,
        random: Optional[bytes] = None,
        iv: Optional[bytes] = None,
    ) -> str: ...
    def decrypt_session_id(self, value: _Text) -> Tuple[str, str, str]: ...

@final
class CookieKeys:
    """The keys of an idpyoidc ``CookieHandler`` (sign and/or encrypt, or Fernet), parsed once."""

    def __new__(
        cls,
        *,
        sign_key: Optional[bytes] = None,
        enc_key: Optional[bytes] = None,
        fernet: Optional[FernetKey] = None,
    ) -> "CookieKeys": ...
    @property
    def form(self) -> str: ...
    def make_cookie(
        self, value: str, typ: str = "", *, now: Optional[int] = None, iv: Optional[bytes] = None
    ) -> str: ...
    def read_cookie(self, cookie: str) -> Dict[str, str]: ...

def lv_pack(*fields: str) -> str: ...
def lv_unpack(text: str) -> List[str]: ...
def pkce_verifier(random: Optional[bytes] = None) -> str: ...
def normalize_submitted_code(code: str) -> str: ...

_Keys = Union[KeySet, Jwk]
_Strs = Union[str, Iterable[str], None]

@final
class Validator:
    """Claims policy, built once and used for every token; safe to share between threads."""

    def __new__(
        cls,
        keys: Optional[_Keys] = None,
        *,
        issuer: _Strs = None,
        audience: _Strs = None,
        leeway: int = 15,
        required: Optional[Iterable[str]] = None,
        max_age: Optional[int] = None,
        typ: Optional[str] = None,
        allow_future_iat: bool = False,
    ) -> "Validator": ...
    def verify(
        self, token: _Text, keys: Optional[_Keys] = None, *, now: Optional[int] = None
    ) -> Dict[str, Any]: ...
    def verify_with_header(
        self, token: _Text, keys: Optional[_Keys] = None, *, now: Optional[int] = None
    ) -> Tuple[Dict[str, Any], Dict[str, Any]]: ...
    @property
    def issuers(self) -> List[str]: ...
    @property
    def audiences(self) -> List[str]: ...
    @property
    def leeway(self) -> int: ...

def mint(
    claims: Mapping[str, Any],
    key: SigningKey,
    *,
    kid: Optional[str] = None,
    include_kid: bool = True,
    typ: Optional[str] = None,
) -> str: ...
def mint_access_token(
    key: SigningKey,
    *,
    scope: Union[str, Sequence[str]],
    aud: Union[str, Sequence[str]],
    jti: str,
    client_id: str,
    sub: str,
    sid: str,
    iss: str,
    iat: int,
    exp: int,
    acr: Optional[str] = None,
    extra: Optional[Mapping[str, Any]] = None,
    token_class: str = "access_token",
    scope_as_string: bool = True,
) -> str: ...
def mint_id_token(
    key: SigningKey,
    *,
    sub: str,
    sid: str,
    iss: str,
    iat: int,
    exp: int,
    aud: Union[str, Sequence[str]],
    scope: Union[str, Sequence[str], None] = None,
    auth_time: Optional[int] = None,
    acr: Optional[str] = None,
    extra: Optional[Mapping[str, Any]] = None,
    jti: Optional[str] = None,
    code: Optional[str] = None,
    access_token: Optional[str] = None,
    nonce: Optional[str] = None,
) -> str: ...
def parse_token_request(
    body: _Text, *, json: bool = False, grant_types: Optional[Sequence[str]] = None
) -> Dict[str, Any]: ...
def parse_authorization_request(
    query: _Text, *, json: bool = False, pkce_essential: bool = False
) -> Dict[str, Any]: ...
def parse_authentication_request(
    query: _Text,
    *,
    issuer: str,
    client_keys: Union[KeySet, Jwk, str, bytes, None] = None,
    op_keys: Union[KeySet, Jwk, str, bytes, None] = None,
    json: bool = False,
    nonce: Optional[str] = None,
    now: Optional[int] = None,
    leeway: int = 15,
    audience: Optional[str] = None,
    required: Optional[Sequence[str]] = None,
    hint_client_id: Optional[str] = None,
    pkce_essential: bool = False,
) -> Dict[str, Any]:
    """Parses and verifies an OpenID Connect authentication request as idpyoidc's
    ``oidc.AuthorizationRequest.verify(keyjar=...)``: a ``request`` object is verified with
    ``client_keys`` and replaces the request; an ``id_token_hint`` is verified with ``op_keys``
    (``iss`` must be ``issuer``). Returns the effective request plus ``"__verified_request"``
    and ``"verified_id_token_hint"`` (claims dicts) when present. The effective request's PKCE
    parameters are checked as ``parse_authorization_request`` checks them."""

def pkce_challenge(verifier: str, method: str = "S256") -> str: ...
def pkce_verify(verifier: Optional[str], challenge: str, method: str = "S256") -> None: ...
def sign_compact(
    payload: _Text, key: SigningKey, *, header: Optional[Mapping[str, Any]] = None
) -> str: ...
def verify_jws(token: _Text, keys: KeySet) -> Tuple[Dict[str, Any], bytes]: ...
def decode_unverified(token: _Text) -> Tuple[Dict[str, Any], Dict[str, Any]]: ...
def left_hash(alg: str, value: _Text) -> str: ...

def parse_message(
    message: str,
    body: _Text,
    *,
    json: bool = False,
    verify: bool = True,
    client_id: Optional[str] = None,
    issuer: Optional[str] = None,
    nonce: Optional[str] = None,
) -> Dict[str, Any]:
    """Parses ``body`` as the idpyoidc message class ``message`` (see ``MESSAGE_CLASSES``),
    runs its ``verify()`` unless ``verify=False``; returns ``to_dict()``'s parameters."""

@final
class TokenPolicy:
    """Token-endpoint configuration that changes grant decisions (idpyoidc's defaults)."""

    def __new__(
        cls,
        profile: str = "oidc",
        *,
        issue_refresh: Optional[bool] = None,
        refresh_in_grant_types: bool = False,
        revoke_refresh_on_issue: bool = False,
        access_token_lifetime: int = 3600,
        refresh_token_lifetime: int = 86400,
        id_token_lifetime: int = 300,
        code_grant_allowed: bool = True,
        refresh_grant_allowed: bool = True,
    ) -> "TokenPolicy": ...
    @property
    def profile(self) -> str: ...

_Grant = Union[Mapping[str, Any], Sequence[Any], str, bytes]

def redeem_code_grant(
    grant: _Grant,
    code: str,
    *,
    client_id: Optional[str] = None,
    redirect_uri: Optional[str] = None,
    session_client_id: Optional[str] = None,
    policy: Optional[TokenPolicy] = None,
    now: Optional[int] = None,
    dump_key: Optional[str] = None,
) -> Dict[str, Any]:
    """Decides grant_type=authorization_code on the stored grant; returns the decision."""

def refresh_grant(
    grant: _Grant,
    refresh_token: str,
    *,
    client_id: str,
    scope: Optional[str] = None,
    session_client_id: Optional[str] = None,
    value_exp: Optional[int] = None,
    policy: Optional[TokenPolicy] = None,
    now: Optional[int] = None,
    dump_key: Optional[str] = None,
) -> Dict[str, Any]:
    """Decides grant_type=refresh_token on the stored grant; returns the decision."""

def check_mint(
    grant: _Grant,
    based_on: Union[int, str],
    token_class: str,
    *,
    now: Optional[int] = None,
    dump_key: Optional[str] = None,
) -> None:
    """``Grant.mint_token``'s checks; raises when minting is refused."""

def grant_refusal(
    kind: str, *, profile: str = "oidc", token_class: Optional[str] = None
) -> Tuple[str, str]:
    """``(error, error_description)`` idpyoidc sends for a grant error kind."""

def parse_basic(authorization: _Text, *, decoding: str = "rfc6749") -> Tuple[str, str]:
    """``Authorization: Basic`` → ``(client_id, secret)``."""

def parse_bearer(authorization: _Text) -> str:
    """``Authorization: Bearer`` → the token."""

def client_secret_post(
    body: Union[_Text, Mapping[str, Any]], *, json: bool = False
) -> Optional[Tuple[str, str]]:
    """``(client_id, client_secret)`` from a request body, or None."""

def verify_client_secret(
    presented: str, registered: _Text, *, expires_at: int = 0, now: Optional[int] = None
) -> None:
    """Constant-time client secret check (and expiry)."""

def assertion_issuer(assertion: str) -> str:
    """A client assertion's ``iss``, unverified (for the client lookup)."""

def verify_client_assertion(
    assertion: str,
    keys: Union[KeySet, Jwk, str, bytes],
    *,
    client_id: str,
    audience: Union[str, Sequence[str]],
    method: str = "private_key_jwt",
    assertion_type: Optional[str] = ...,
    leeway: int = 15,
    max_lifetime: int = 600,
    require_jti: bool = False,
    now: Optional[int] = None,
) -> Tuple[Optional[str], Dict[str, Any]]:
    """Verifies a client assertion; returns ``(jti, claims)`` for the host's replay check."""

def verify_id_token(
    id_token: str,
    keys: Union[KeySet, Jwk, str, bytes],
    *,
    issuer: Optional[str] = None,
    client_id: Optional[str] = None,
    nonce: Optional[str] = None,
    max_age: Optional[int] = None,
    leeway: int = 0,
    nonce_storage_time: int = ...,
    access_token: Optional[str] = None,
    code: Optional[str] = None,
    now: Optional[int] = None,
) -> Dict[str, Any]:
    """Verifies an ID token as a relying party; returns its claims."""

def token_response(
    *,
    access_token: Optional[str] = None,
    token_type: str = "Bearer",
    scope: Union[str, Sequence[str], None] = None,
    expires_in: Optional[int] = None,
    refresh_token: Optional[str] = None,
    id_token: Optional[str] = None,
    extra: Optional[Mapping[str, Any]] = None,
) -> str:
    """A token response body (RFC 6749 §5.1) as idpyoidc writes it."""

def error_response(
    error: Union[str, BaseException],
    description: Optional[str] = None,
    *,
    error_uri: Optional[str] = None,
    state: Optional[str] = None,
) -> str:
    """An error response body (RFC 6749 §5.2)."""

def error_redirect(
    redirect_uri: str,
    error: Union[str, BaseException],
    description: Optional[str] = None,
    *,
    error_uri: Optional[str] = None,
    state: Optional[str] = None,
    fragment: bool = False,
) -> str:
    """The error redirect to the client (RFC 6749 §4.1.2.1)."""

def introspection_response(
    active: bool,
    *,
    scope: Union[str, Sequence[str], None] = None,
    client_id: Optional[str] = None,
    token_class: Optional[str] = None,
    exp: Optional[int] = None,
    iat: Optional[int] = None,
    sub: Optional[str] = None,
    iss: Optional[str] = None,
    token_type: Optional[str] = None,
    aud: Union[str, Sequence[str], None] = None,
    username: Optional[str] = None,
    extra: Optional[Mapping[str, Any]] = None,
) -> str:
    """An introspection response body (RFC 7662 §2.2)."""

def write_redirect(
    redirect_uri: str,
    params: Union[Mapping[str, str], Sequence[Tuple[str, str]]],
    *,
    fragment: bool = False,
) -> str:
    """``redirect_uri`` plus the response parameters in the query or fragment."""

def write_form(params: Union[Mapping[str, str], Sequence[Tuple[str, str]]]) -> str:
    """``name=value&…`` as Python's ``urlencode``."""
