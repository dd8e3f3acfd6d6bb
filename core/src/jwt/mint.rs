//! Minting: header + claims written into a caller buffer, then signed.

use crate::Error;
use crate::b64;
use crate::crypto::Provider;
use crate::jose::SigningKey;
use crate::json::{JsonWriter, ObjectWriter, Style};
use crate::limits::{MAX_HEADER_LEN, MAX_SIGNATURE_LEN};

/// Which `kid` goes into the header.
#[derive(Clone, Copy, Debug, Default)]
pub enum KidChoice<'a> {
    /// The signing key's kid, if it has one (cryptojwt's behaviour).
    #[default]
    FromKey,
    /// No kid.
    Omit,
    /// This kid.
    Explicit(&'a str),
}

/// What goes into the JOSE header besides `alg` (which always comes from the key).
#[derive(Clone, Copy, Debug, Default)]
pub struct HeaderSpec<'a> {
    /// The `kid`.
    pub kid: KidChoice<'a>,
    /// The `typ` (e.g. `at+jwt`, `JWT`); idpyoidc writes none.
    pub typ: Option<&'a str>,
}

/// Writes claims as a JSON object in Python's `json.dumps` style (as idpyoidc does), in the
/// order the caller writes them.
#[derive(Debug)]
pub struct ClaimsWriter<'w, 'b>(ObjectWriter<'w, 'b>);

impl ClaimsWriter<'_, '_> {
    /// A string claim.
    pub fn str(&mut self, name: &str, value: &str) -> Result<(), Error> {
        self.0.str(name, value)
    }

    /// An integer claim (e.g. a NumericDate).
    pub fn int(&mut self, name: &str, value: i64) -> Result<(), Error> {
        self.0.int(name, value)
    }

    /// A boolean claim.
    pub fn bool(&mut self, name: &str, value: bool) -> Result<(), Error> {
        self.0.bool(name, value)
    }

    /// An array-of-strings claim.
    pub fn str_array(&mut self, name: &str, values: &[&str]) -> Result<(), Error> {
        self.0.str_array(name, values)
    }

    /// A claim whose value is raw JSON. The value is validated first, so the token can never
    /// carry malformed JSON.
    pub fn raw_json(&mut self, name: &str, json: &str) -> Result<(), Error> {
        crate::json::parse_value(json.as_bytes())?;
        self.0.raw(name, json.as_bytes())
    }
}

/// Mints a compact JWS: header `{"alg","kid"?,"typ"?}` (compact JSON, as cryptojwt writes
/// it), the claims written by `claims`, signed with `key`. Returns the token length written
/// to `out`. On any error `out` is zeroed (no partial token is ever left behind).
pub fn mint<P: Provider>(
    key: &SigningKey<P>,
    header: &HeaderSpec<'_>,
    claims: impl FnOnce(&mut ClaimsWriter<'_, '_>) -> Result<(), Error>,
    out: &mut [u8],
) -> Result<usize, Error> {
    let r = mint_inner(key, header, claims, out);
    if r.is_err() {
        out.fill(0);
    }
    r
}

fn mint_inner<P: Provider>(
    key: &SigningKey<P>,
    spec: &HeaderSpec<'_>,
    claims: impl FnOnce(&mut ClaimsWriter<'_, '_>) -> Result<(), Error>,
    out: &mut [u8],
) -> Result<usize, Error> {
    // Header: compact JSON on the stack, then base64url into `out`.
    let mut hjson = [0u8; MAX_HEADER_LEN];
    let mut hw = JsonWriter::new(&mut hjson);
    let mut h = ObjectWriter::new(&mut hw, Style::Compact)?;
    h.str("alg", key.algorithm().as_str())?;
    let kid = match spec.kid {
        KidChoice::FromKey => key.kid(),
        KidChoice::Omit => None,
        KidChoice::Explicit(k) => Some(k),
    };
    if let Some(kid) = kid {
        h.str("kid", kid)?;
    }
    if let Some(typ) = spec.typ {
        h.str("typ", typ)?;
    }
    h.end()?;
    let mut pos = b64::encode(hw.written(), out)?;
    put(out, pos, b'.')?;
    pos += 1;

    // Claims: JSON straight into `out`, then base64url in place.
    let rest = out.get_mut(pos..).ok_or(Error::BufferTooSmall)?;
    let mut cw = JsonWriter::new(rest);
    let mut o = ObjectWriter::new(&mut cw, Style::Python)?;
    let mut w = ClaimsWriter(o);
    claims(&mut w)?;
    o = w.0;
    o.end()?;
    let json_len = cw.len();
    let rest = out.get_mut(pos..).ok_or(Error::BufferTooSmall)?;
    pos += b64::encode_in_place(rest, json_len)?;

    // Signature over `header.payload`.
    let mut sig = [0u8; MAX_SIGNATURE_LEN];
    let signing_input = out.get(..pos).ok_or(Error::BufferTooSmall)?;
    let n = key.sign(signing_input, &mut sig)?;
    put(out, pos, b'.')?;
    pos += 1;
    let rest = out.get_mut(pos..).ok_or(Error::BufferTooSmall)?;
    pos += b64::encode(sig.get(..n).ok_or(Error::CryptoFailure)?, rest)?;
    Ok(pos)
}

fn put(out: &mut [u8], at: usize, b: u8) -> Result<(), Error> {
    *out.get_mut(at).ok_or(Error::BufferTooSmall)? = b;
    Ok(())
}
