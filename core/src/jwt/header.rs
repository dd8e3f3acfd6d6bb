//! The JOSE header (RFC 7515 §4).

use crate::Error;
use crate::jose::Algorithm;
use crate::json::{JsonStr, KEY_LEN, Object, Value, WalkError, Walker};
use crate::limits::{MAX_KID_LEN, MAX_TYP_LEN};

/// A parsed JOSE header, borrowed from its decoded JSON. Untrusted until the signature checks.
#[derive(Clone, Copy, Debug)]
pub struct Header<'b> {
    alg: Algorithm,
    kid: Option<JsonStr<'b>>,
    typ: Option<JsonStr<'b>>,
    cty: Option<JsonStr<'b>>,
    object: Object<'b>,
}

fn short_string<'b>(v: &Value<'b>, max: usize) -> Result<JsonStr<'b>, Error> {
    let s = v.as_json_str().ok_or(Error::InvalidHeader)?;
    if s.raw().len() > max {
        return Err(Error::ValueTooLong);
    }
    Ok(s)
}

impl<'b> Header<'b> {
    /// Parses decoded header JSON. `alg` is required and must be implemented (`none` is
    /// [`Error::AlgorithmNone`]); any `crit` is [`Error::UnsupportedCritical`] (we implement no
    /// extensions); `b64: false` is [`Error::UnencodedPayload`]. `jku`, `jwk`, `x5u`, `x5c` are
    /// ignored: keys come only from the caller, never from the token.
    pub fn parse(json: &'b [u8]) -> Result<Header<'b>, Error> {
        let mut alg = None;
        let (mut kid, mut typ, mut cty) = (None, None, None);
        let mut kb = [0u8; KEY_LEN];
        let object = Object::parse_with(json, |m| {
            // Slice patterns: compared inline, byte by byte (byte-string patterns call memcmp).
            match m.name.key(&mut kb) {
                [b'a', b'l', b'g'] => {
                    let s = m.value.as_json_str().ok_or(Error::InvalidHeader)?;
                    alg = Some(Algorithm::from_name(s.raw())?);
                }
                [b'k', b'i', b'd'] => kid = Some(short_string(&m.value, MAX_KID_LEN)?),
                [b't', b'y', b'p'] => typ = Some(short_string(&m.value, MAX_TYP_LEN)?),
                [b'c', b't', b'y'] => cty = Some(short_string(&m.value, MAX_TYP_LEN)?),
                [b'c', b'r', b'i', b't'] => {
                    return Err(match m.value {
                        Value::Array(_) => Error::UnsupportedCritical,
                        _ => Error::InvalidHeader,
                    });
                }
                [b'b', b'6', b'4'] => match m.value {
                    Value::Bool(true) => {}
                    Value::Bool(false) => return Err(Error::UnencodedPayload),
                    _ => return Err(Error::InvalidHeader),
                },
                _ => {}
            }
            Ok(())
        })?;
        let alg = alg.ok_or(Error::MissingAlgorithm)?;
        Ok(Header {
            alg,
            kid,
            typ,
            cty,
            object,
        })
    }

    /// The algorithm the header names (only compared against the key's, never obeyed).
    pub fn alg(&self) -> Algorithm {
        self.alg
    }

    /// The `kid`, if any.
    pub fn kid(&self) -> Option<JsonStr<'b>> {
        self.kid
    }

    /// The `typ`, if any.
    pub fn typ(&self) -> Option<JsonStr<'b>> {
        self.typ
    }

    /// The `cty`, if any.
    pub fn cty(&self) -> Option<JsonStr<'b>> {
        self.cty
    }

    /// The whole header object (for any other member).
    pub fn object(&self) -> Object<'b> {
        self.object
    }

    /// Walks the whole header object into `w` (see [`Walker`]), nested values included, in
    /// document order. Its member names were found unique when it was parsed, so only the names of
    /// nested objects are checked here ([`Error::DuplicateMember`]).
    pub fn walk<W: Walker<'b>>(&self, w: &mut W) -> Result<(), WalkError<W::Error>> {
        self.object.walk_parsed(w)
    }
}
