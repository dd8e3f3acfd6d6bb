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
    "mint",
    "mint_access_token",
    "mint_id_token",
    "sign_compact",
    "verify_jws",
    "decode_unverified",
    "left_hash",
    "parse_token_request",
    "parse_authorization_request",
    "pkce_challenge",
    "pkce_verify",
    "ERROR_KINDS",
    "KEYSET_CAPACITY",
    "ALGORITHMS",
    "PROVIDER",
    "MAX_TOKEN_LEN",
]

ERROR_KINDS: List[Tuple[str, str, str, Optional[str]]]
KEYSET_CAPACITY: int
ALGORITHMS: List[str]
PROVIDER: str
MAX_TOKEN_LEN: int

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
def pkce_challenge(verifier: str, method: str = "S256") -> str: ...
def pkce_verify(verifier: Optional[str], challenge: str, method: str = "S256") -> None: ...
def sign_compact(
    payload: _Text, key: SigningKey, *, header: Optional[Mapping[str, Any]] = None
) -> str: ...
def verify_jws(token: _Text, keys: KeySet) -> Tuple[Dict[str, Any], bytes]: ...
def decode_unverified(token: _Text) -> Tuple[Dict[str, Any], Dict[str, Any]]: ...
def left_hash(alg: str, value: _Text) -> str: ...
