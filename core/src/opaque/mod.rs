//! idpyoidc-compatible opaque values: Fernet authorization codes and refresh tokens, encrypted
//! session ids (branch ids) and session cookies (see `OPAQUE_TOKENS.md`).
//!
//! Byte-compatible with idpyoidc 5.0.0 / cryptojwt 1.11.0, so a host can mint and read these
//! values natively without invalidating outstanding codes, refresh tokens or cookies. Sans-I/O
//! and allocation-free: the caller passes `now`, random bytes and output/scratch buffers.
//!
//! Deliberately not here: expiry of codes and tokens (idpyoidc enforces it from grant state,
//! not from the token), random generation, and cookie attributes (`samesite`, `max-age`).

mod cookie;
mod fernet;
mod lv;
mod session;
mod token;

pub use cookie::{
    CookieContent, CookieEncKey, CookieKeys, CookieSignKey, cookie_len, make_cookie, read_cookie,
};
pub use fernet::{
    DEFAULT_PBKDF2_ITERATIONS, FernetKey, Pbkdf2Hash, fernet_decrypt, fernet_decrypt_raw,
    fernet_decrypt_raw_with_ttl, fernet_encrypt, fernet_encrypt_raw, fernet_raw_token_len,
    fernet_token_len, opaque_len, space_padded_len,
};
pub use lv::{LvFields, LvWriter, code_points, lv_pack, lv_unpack};
pub use session::{
    BranchId, DIVIDER, SessionIdParts, branch_id_len, decrypt_branch_id, decrypt_session_id,
    encrypt_branch_id, encrypt_session_id, session_id_len,
};
pub use token::{
    RANDOM_ID_LEN, TokenClass, TokenFields, mint_token, normalize_submitted_code,
    normalize_submitted_code_into, read_token, token_len,
};
