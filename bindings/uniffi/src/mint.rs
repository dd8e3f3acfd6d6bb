//! Minting: RFC 7523 client assertions (`private_key_jwt`, `client_secret_jwt`) and JWTs from
//! claims JSON, signed by a [`SigningKey`].

use oxidc::json::{Object, Value};
use oxidc::jwt::{ClaimsWriter, HeaderSpec, KidChoice, mint};

use crate::error::MintError;
use crate::keys::SigningKey;
use crate::verify::text;

/// Base64url length of `n` bytes.
fn b64_len(n: usize) -> usize {
    n.div_ceil(3).saturating_mul(4)
}

/// Mints into a buffer sized for the worst case of `claims_hint` bytes of JSON input (every
/// character escaped as `\uXXXX`), so one attempt always suffices.
fn mint_string(
    key: &SigningKey,
    spec: &HeaderSpec<'_>,
    claims_hint: usize,
    claims: impl FnOnce(&mut ClaimsWriter<'_, '_>) -> Result<(), oxidc::Error>,
) -> Result<String, MintError> {
    let cap = b64_len(oxidc::limits::MAX_HEADER_LEN)
        + b64_len(claims_hint.saturating_mul(6).saturating_add(256))
        + b64_len(oxidc::limits::MAX_SIGNATURE_LEN)
        + 2;
    let mut out = vec![0u8; cap];
    let n = mint(&key.inner, spec, claims, &mut out)?;
    out.truncate(n);
    // The core writes base64url and dots only.
    String::from_utf8(out).map_err(|_| MintError::from(oxidc::Error::InvalidUtf8))
}

fn header_spec(typ: Option<&str>) -> HeaderSpec<'_> {
    HeaderSpec {
        kid: KidChoice::FromKey,
        typ,
    }
}

/// Writes one decoded member back in the same form.
fn write_member(
    w: &mut ClaimsWriter<'_, '_>,
    name: &str,
    value: &Value<'_>,
) -> Result<(), oxidc::Error> {
    match value {
        Value::String(s) => w.str(name, &text(*s)),
        Value::Number(n) => w.raw_json(name, n.as_str()),
        Value::Bool(b) => w.bool(name, *b),
        Value::Null => w.raw_json(name, "null"),
        Value::Array(a) => w.raw_json(name, &String::from_utf8_lossy(a.raw())),
        Value::Object(o) => w.raw_json(name, &String::from_utf8_lossy(o.raw())),
    }
}

#[uniffi::export]
impl SigningKey {
    /// An RFC 7523 §2.2 client assertion for `private_key_jwt` (a private JWK) or
    /// `client_secret_jwt` (a key from the client secret): claims `iss` = `sub` = `client_id`,
    /// `aud` = `audience` (the token endpoint URL), `jti` (a fresh random value from the
    /// platform, e.g. 16+ bytes of `SecureRandom`, base64url), `exp` = `now` +
    /// `lifetime_secs`, `iat` = `now`. The header carries the key's `kid`, if any.
    #[uniffi::method(default(lifetime_secs = 300))]
    pub fn client_assertion(
        &self,
        client_id: String,
        audience: String,
        jti: String,
        now: i64,
        lifetime_secs: u32,
    ) -> Result<String, MintError> {
        let hint = client_id.len() * 2 + audience.len() + jti.len();
        mint_string(self, &header_spec(None), hint, |w| {
            w.str("iss", &client_id)?;
            w.str("sub", &client_id)?;
            w.str("aud", &audience)?;
            w.str("jti", &jti)?;
            w.int("exp", now.saturating_add(i64::from(lifetime_secs)))?;
            w.int("iat", now)
        })
    }

    /// Mints a JWT whose claims are the members of `claims_json` (a JSON object), in order,
    /// with an optional header `typ`.
    #[uniffi::method(default(typ = None))]
    pub fn mint(&self, claims_json: String, typ: Option<String>) -> Result<String, MintError> {
        let obj = Object::parse(claims_json.as_bytes())?;
        mint_string(self, &header_spec(typ.as_deref()), claims_json.len(), |w| {
            let mut it = obj.members();
            while let Some(m) = it.next_member()? {
                write_member(w, &text(m.name), &m.value)?;
            }
            Ok(())
        })
    }
}
