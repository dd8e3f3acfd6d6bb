//! Borrowed views of a JWT claims set (RFC 7519 §4).

use crate::Error;
use crate::json::{Array, JsonStr, KEY_LEN, Object, Value, WalkError, Walker};

/// The `aud` claim: one string or an array of strings (RFC 7519 §4.1.3).
#[derive(Clone, Copy, Debug)]
pub enum Audience<'b> {
    /// `"aud": "x"`
    One(JsonStr<'b>),
    /// `"aud": ["x", "y"]` (validated: strings only)
    Many(Array<'b>),
}

impl<'b> Audience<'b> {
    /// Whether `aud` contains `value`.
    pub fn contains(&self, value: &str) -> bool {
        self.iter().any(|a| a.eq_str(value))
    }

    /// The audiences in order.
    pub fn iter(&self) -> impl Iterator<Item = JsonStr<'b>> + 'b {
        let (one, many) = match *self {
            Audience::One(s) => (Some(s), None),
            Audience::Many(a) => (None, Some(a.iter().filter_map(|v| v.as_json_str()))),
        };
        one.into_iter().chain(many.into_iter().flatten())
    }

    /// Number of audiences.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether there is no audience (an empty array).
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

/// A claims set, borrowed from its decoded JSON, with the registered claims type-checked.
#[derive(Clone, Copy, Debug)]
pub struct Claims<'b> {
    object: Object<'b>,
    iss: Option<JsonStr<'b>>,
    sub: Option<JsonStr<'b>>,
    jti: Option<JsonStr<'b>>,
    aud: Option<Audience<'b>>,
    exp: Option<i64>,
    nbf: Option<i64>,
    iat: Option<i64>,
}

fn string<'b>(v: &Value<'b>) -> Result<JsonStr<'b>, Error> {
    v.as_json_str().ok_or(Error::InvalidClaim)
}

/// NumericDate (RFC 7519 §2) restricted to integers: fractions, exponents, strings, `null`
/// and out-of-range values are [`Error::InvalidClaim`].
fn numeric_date(v: &Value<'_>) -> Result<i64, Error> {
    v.as_i64().ok_or(Error::InvalidClaim)
}

impl<'b> Claims<'b> {
    /// Parses a claims set in one pass: valid JSON object, unique names, registered claims of
    /// the right types (`iss`/`sub`/`jti` strings, `aud` string or array of strings,
    /// `exp`/`nbf`/`iat` integers).
    pub fn parse(json: &'b [u8]) -> Result<Claims<'b>, Error> {
        let (mut iss, mut sub, mut jti, mut aud) = (None, None, None, None);
        let (mut exp, mut nbf, mut iat) = (None, None, None);
        // Only escaped names are decoded into it (see `JsonStr::key`); set up once, not per member.
        let mut kb = [0u8; KEY_LEN];
        let object = Object::parse_with(json, |m| {
            // Slice patterns: compared inline, byte by byte (byte-string patterns call memcmp).
            match m.name.key(&mut kb) {
                [b'i', b's', b's'] => iss = Some(string(&m.value)?),
                [b's', b'u', b'b'] => sub = Some(string(&m.value)?),
                [b'j', b't', b'i'] => jti = Some(string(&m.value)?),
                [b'e', b'x', b'p'] => exp = Some(numeric_date(&m.value)?),
                [b'n', b'b', b'f'] => nbf = Some(numeric_date(&m.value)?),
                [b'i', b'a', b't'] => iat = Some(numeric_date(&m.value)?),
                [b'a', b'u', b'd'] => {
                    aud = Some(match m.value {
                        Value::String(s) => Audience::One(s),
                        Value::Array(a) => {
                            let mut it = a.iter();
                            while let Some(v) = it.next_value()? {
                                string(&v)?;
                            }
                            Audience::Many(a)
                        }
                        _ => return Err(Error::InvalidClaim),
                    });
                }
                _ => {}
            }
            Ok(())
        })?;
        Ok(Claims {
            object,
            iss,
            sub,
            jti,
            aud,
            exp,
            nbf,
            iat,
        })
    }

    /// `iss`
    pub fn iss(&self) -> Option<JsonStr<'b>> {
        self.iss
    }

    /// `sub`
    pub fn sub(&self) -> Option<JsonStr<'b>> {
        self.sub
    }

    /// `jti`
    pub fn jti(&self) -> Option<JsonStr<'b>> {
        self.jti
    }

    /// `aud`
    pub fn aud(&self) -> Option<Audience<'b>> {
        self.aud
    }

    /// `exp`
    pub fn exp(&self) -> Option<i64> {
        self.exp
    }

    /// `nbf`
    pub fn nbf(&self) -> Option<i64> {
        self.nbf
    }

    /// `iat`
    pub fn iat(&self) -> Option<i64> {
        self.iat
    }

    /// Any top-level claim by name (unique names are guaranteed).
    pub fn get(&self, name: &str) -> Option<Value<'b>> {
        self.object.get(name)
    }

    /// A string claim by name; `Err(InvalidClaim)` when present with another type.
    pub fn get_str(&self, name: &str) -> Result<Option<JsonStr<'b>>, Error> {
        self.get(name).map(|v| string(&v)).transpose()
    }

    /// The whole claims object (iterate it for every claim).
    pub fn object(&self) -> Object<'b> {
        self.object
    }

    /// Walks the whole claims object into `w` (see [`Walker`]), nested values included, in
    /// document order. Its claim names were found unique when it was parsed, so only the names of
    /// nested objects are checked here ([`Error::DuplicateMember`]).
    pub fn walk<W: Walker<'b>>(&self, w: &mut W) -> Result<(), WalkError<W::Error>> {
        self.object.walk_parsed(w)
    }

    /// The raw claims JSON.
    pub fn raw(&self) -> &'b [u8] {
        self.object.raw()
    }
}
