//! idpyoidc's opaque tokens (`DefaultToken`): authorization codes, and refresh/access tokens
//! when they are not JWTs.
//!
//! value = standard-base64(Fernet(`lv_pack(rndstr(32), token_class, session_id, exp)`)), the
//! Fernet layer with cryptojwt's space pre-padding. Reading checks decryptability and the class
//! tag only: `exp` is reported, never enforced (idpyoidc enforces expiry from grant state), and
//! the grant finds the token by exact value.

use super::fernet::{self, FernetKey, Seal};
use super::lv::{self, LvWriter, code_points, lv_unpack};
pub use crate::grant::TokenClass;
use crate::{Error, UnixTime};

/// Length of `rndstr(32)`: 32 random bytes as unpadded base64url.
pub const RANDOM_ID_LEN: usize = 43;

/// What an opaque token holds, borrowed from the caller's scratch buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenFields<'a> {
    /// The 43-character random id (`_id`).
    pub id: &'a str,
    /// The handler's class (idpyoidc reports the full name even when the token has the alias).
    pub class: TokenClass,
    /// The class text exactly as found in the token (full name or alias).
    pub class_text: &'a str,
    /// The encrypted session id (`sid`) the token was minted for.
    pub session_id: &'a str,
    /// `exp` as written: decimal Unix seconds, or `-1` for never.
    pub exp: &'a str,
}

impl TokenFields<'_> {
    /// `exp` as a time, `None` for a negative value ("never"), as idpyoidc's `is_expired`
    /// reads it. Text that is not a decimal integer is [`Error::UnknownToken`].
    pub fn expires_at(&self) -> Result<Option<UnixTime>, Error> {
        let v = parse_i64(self.exp).ok_or(Error::UnknownToken)?;
        Ok((v >= 0).then_some(UnixTime(v)))
    }

    /// idpyoidc's `is_expired(token, when)`: never for a negative `exp`, else `when > exp`.
    /// The token endpoint does not call it; expiry comes from the grant.
    pub fn is_expired(&self, when: UnixTime) -> Result<bool, Error> {
        Ok(self.expires_at()?.is_some_and(|exp| when > exp))
    }
}

fn parse_i64(s: &str) -> Option<i64> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut v: i64 = 0;
    for b in digits.bytes() {
        let d = i64::from(b - b'0');
        v = v.checked_mul(10)?;
        v = if neg {
            v.checked_sub(d)?
        } else {
            v.checked_add(d)?
        };
    }
    Some(v)
}

/// Bytes one packed field takes: digits of its code-point count, `:`, its bytes.
pub(crate) fn lv_field_len(points: usize, bytes: usize) -> usize {
    let mut digits = [0u8; 20];
    lv::write_decimal(points, &mut digits).len() + 1 + bytes
}

/// `exp` text: decimal seconds, or `-1` for never.
fn exp_text(exp: Option<UnixTime>, buf: &mut [u8; 21]) -> &str {
    match exp {
        None => "-1",
        Some(t) => core::str::from_utf8(lv::write_i64(t.as_secs(), buf)).unwrap_or("-1"),
    }
}

/// Writes `rndstr(32)` for `random` (Python's `secrets.token_urlsafe(32)`).
fn random_id(random: &[u8; 32], buf: &mut [u8; RANDOM_ID_LEN]) -> Result<(), Error> {
    crate::b64::encode_secret(random, buf).map(|_| ())
}

/// Length of the token [`mint_token`] writes for these inputs (size `out` with it).
pub fn token_len(class: TokenClass, session_id: &str, exp: Option<UnixTime>) -> usize {
    let mut b = [0u8; 21];
    let exp = exp_text(exp, &mut b);
    let n = lv_field_len(RANDOM_ID_LEN, RANDOM_ID_LEN)
        + lv_field_len(class.name().len(), class.name().len())
        + lv_field_len(code_points(session_id), session_id.len())
        + lv_field_len(exp.len(), exp.len());
    fernet::opaque_len(n)
}

/// Mints an opaque token as idpyoidc's `DefaultToken.__call__` does:
/// standard-base64(Fernet(`lv_pack(rndstr(32), class, session_id, exp)`)).
///
/// `exp` is the absolute expiry (`now + lifetime`), `None` for a negative lifetime ("-1").
/// `random` gives the 43-character id (as `secrets.token_urlsafe(32)`), `iv` the Fernet IV and
/// `now` the Fernet timestamp. Returns the length written into `out`, [`token_len`].
#[allow(
    clippy::too_many_arguments,
    reason = "sans-I/O: every input is explicit"
)]
pub fn mint_token(
    key: &FernetKey,
    class: TokenClass,
    session_id: &str,
    exp: Option<UnixTime>,
    random: &[u8; 32],
    iv: &[u8; 16],
    now: UnixTime,
    out: &mut [u8],
) -> Result<usize, Error> {
    if class == TokenClass::Other {
        // idpyoidc's opaque handlers only ever mint the four known classes.
        return Err(Error::WrongTokenClass);
    }
    let mut id = [0u8; RANDOM_ID_LEN];
    random_id(random, &mut id)?;
    let id = core::str::from_utf8(&id).map_err(|_| Error::CryptoFailure)?;
    let mut b = [0u8; 21];
    let exp = exp_text(exp, &mut b);
    let fields = [id, class.name(), session_id, exp];
    let n = fields
        .iter()
        .map(|f| lv_field_len(code_points(f), f.len()))
        .sum();
    let how = Seal {
        pre_pad: true,
        outer_b64: true,
    };
    let fill = |dst: &mut [u8]| {
        let mut w = LvWriter::new(dst);
        for f in fields {
            w.push(f)?;
        }
        Ok(())
    };
    fernet::seal_with(key, n, fill, now, iv, how, out)
}

/// Opens idpyoidc's standard-base64(Fernet(..)) form into `scratch` and returns the text.
/// Decryption failures become `failure`; a too-long value or a too-small scratch keep theirs.
pub(crate) fn open_opaque<'s>(
    key: &FernetKey,
    value: &[u8],
    scratch: &'s mut [u8],
    failure: Error,
) -> Result<&'s str, Error> {
    let range = fernet::open_copy(key, value, scratch, true, true).map_err(|e| match e {
        Error::ValueTooLong | Error::BufferTooSmall => e,
        _ => failure,
    })?;
    let plain = scratch.get(range).ok_or(failure)?;
    core::str::from_utf8(plain).map_err(|_| failure)
}

/// Reads an opaque token as idpyoidc's `DefaultToken.info` does, for a handler of class
/// `expected`. `scratch` must hold at least `value.len()` bytes; the fields borrow from it.
///
/// Anything that does not decrypt to four length-value fields under `key` (tampering,
/// truncation, a wrong key, bad base64) is [`Error::UnknownToken`]; a token of another class
/// is [`Error::WrongTokenClass`]; a value longer than
/// [`MAX_OPAQUE_LEN`](crate::limits::MAX_OPAQUE_LEN) is [`Error::ValueTooLong`].
/// `exp` is not checked (see [`TokenFields::is_expired`]).
pub fn read_token<'s>(
    key: &FernetKey,
    expected: TokenClass,
    value: &[u8],
    scratch: &'s mut [u8],
) -> Result<TokenFields<'s>, Error> {
    let text = open_opaque(key, value, scratch, Error::UnknownToken)?;
    let [id, class_text, session_id, exp] = lv_unpack(text)
        .exactly::<4>()
        .map_err(|_| Error::UnknownToken)?;
    if class_text != expected.name() && class_text != expected.alias() {
        return Err(Error::WrongTokenClass);
    }
    Ok(TokenFields {
        id,
        class: expected,
        class_text,
        session_id,
        exp,
    })
}

/// The token endpoint's repair of a submitted `code`: spaces become `+` (an unescaped `+` of
/// the standard base64 alphabet form-decodes to a space). In place.
pub fn normalize_submitted_code(code: &mut [u8]) {
    for b in code.iter_mut().filter(|b| **b == b' ') {
        *b = b'+';
    }
}

/// [`normalize_submitted_code`] into `out`, returning the length written.
pub fn normalize_submitted_code_into(code: &str, out: &mut [u8]) -> Result<usize, Error> {
    let dst = out.get_mut(..code.len()).ok_or(Error::BufferTooSmall)?;
    dst.copy_from_slice(code.as_bytes());
    normalize_submitted_code(dst);
    Ok(code.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SID: &str = "Z0FBQUFBQnJBX01EZ2ZOc2lk";

    fn key() -> FernetKey {
        FernetKey::from_bytes(&[3; 32])
    }

    fn mint(class: TokenClass, exp: Option<UnixTime>) -> String {
        let mut out = vec![0u8; token_len(class, SID, exp)];
        let n = mint_token(
            &key(),
            class,
            SID,
            exp,
            &[5; 32],
            &[6; 16],
            UnixTime(1_700_000_000),
            &mut out,
        )
        .unwrap();
        assert_eq!(n, out.len());
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn mint_read_round_trip() {
        for class in TokenClass::KNOWN {
            for exp in [None, Some(UnixTime(1795421531))] {
                let t = mint(class, exp);
                assert!(t.starts_with("Z0FBQUFB"), "{t}");
                let mut scratch = vec![0u8; t.len()];
                let f = read_token(&key(), class, t.as_bytes(), &mut scratch).unwrap();
                assert_eq!(f.id.len(), RANDOM_ID_LEN);
                assert_eq!(f.id, "BQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQU");
                assert_eq!(f.class, class);
                assert_eq!(f.class_text, class.name());
                assert_eq!(f.session_id, SID);
                assert_eq!(f.expires_at().unwrap(), exp);
                assert_eq!(f.exp, if exp.is_none() { "-1" } else { "1795421531" });
                for other in TokenClass::KNOWN.into_iter().filter(|c| *c != class) {
                    let mut scratch = vec![0u8; t.len()];
                    assert_eq!(
                        read_token(&key(), other, t.as_bytes(), &mut scratch),
                        Err(Error::WrongTokenClass)
                    );
                }
            }
        }
    }

    #[test]
    fn tampering_truncation_wrong_key_are_unknown() {
        let t = mint(TokenClass::AuthorizationCode, Some(UnixTime(10)));
        let mut scratch = vec![0u8; t.len()];
        let wrong = FernetKey::from_bytes(&[4; 32]);
        assert_eq!(
            read_token(
                &wrong,
                TokenClass::AuthorizationCode,
                t.as_bytes(),
                &mut scratch
            ),
            Err(Error::UnknownToken)
        );
        for i in (0..t.len()).step_by(7) {
            let mut v = t.clone().into_bytes();
            v[i] = if v[i] == b'Q' { b'R' } else { b'Q' };
            assert_eq!(
                read_token(&key(), TokenClass::AuthorizationCode, &v, &mut scratch),
                Err(Error::UnknownToken),
                "{i}"
            );
        }
        for cut in [0, 4, t.len() / 2, t.len() - 4] {
            assert_eq!(
                read_token(
                    &key(),
                    TokenClass::AuthorizationCode,
                    &t.as_bytes()[..cut],
                    &mut scratch
                ),
                Err(Error::UnknownToken)
            );
        }
        let mut small = vec![0u8; t.len() - 1];
        assert_eq!(
            read_token(
                &key(),
                TokenClass::AuthorizationCode,
                t.as_bytes(),
                &mut small
            ),
            Err(Error::BufferTooSmall)
        );
    }

    #[test]
    fn alias_and_field_count() {
        // A token whose plaintext uses the alias, and ones with the wrong field count.
        let key = key();
        let seal = |plain: &str| {
            let mut out = vec![0u8; fernet::opaque_len(plain.len())];
            let how = Seal {
                pre_pad: true,
                outer_b64: true,
            };
            let n = fernet::seal_with(
                &key,
                plain.len(),
                |d| {
                    d.copy_from_slice(plain.as_bytes());
                    Ok(())
                },
                UnixTime(1),
                &[0; 16],
                how,
                &mut out,
            )
            .unwrap();
            out.truncate(n);
            out
        };
        let t = seal("1:x1:R1:s2:-1");
        let mut scratch = vec![0u8; t.len()];
        let f = read_token(&key, TokenClass::RefreshToken, &t, &mut scratch).unwrap();
        assert_eq!(
            (f.class, f.class_text, f.id),
            (TokenClass::RefreshToken, "R", "x")
        );
        assert_eq!(f.is_expired(UnixTime(i64::MAX)), Ok(false));
        for bad in ["1:x1:R1:s", "1:x1:R1:s2:-11:y", "1:x1:R1:s2-1", "garbage"] {
            let t = seal(bad);
            let mut scratch = vec![0u8; t.len()];
            assert_eq!(
                read_token(&key, TokenClass::RefreshToken, &t, &mut scratch),
                Err(Error::UnknownToken),
                "{bad}"
            );
        }
        let t = seal("1:x1:R1:s2:xx");
        let mut scratch = vec![0u8; t.len()];
        let f = read_token(&key, TokenClass::RefreshToken, &t, &mut scratch).unwrap();
        assert_eq!(f.expires_at(), Err(Error::UnknownToken));
    }

    #[test]
    fn expiry_rule() {
        let t = mint(TokenClass::AuthorizationCode, Some(UnixTime(100)));
        let mut scratch = vec![0u8; t.len()];
        let f = read_token(
            &key(),
            TokenClass::AuthorizationCode,
            t.as_bytes(),
            &mut scratch,
        )
        .unwrap();
        assert_eq!(f.is_expired(UnixTime(100)), Ok(false));
        assert_eq!(f.is_expired(UnixTime(101)), Ok(true));
        assert_eq!(parse_i64("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_i64("9223372036854775808"), None);
        assert_eq!(parse_i64("+1"), None);
    }

    #[test]
    fn submitted_code_repair() {
        let t = mint(TokenClass::AuthorizationCode, None);
        let mangled = t.replace('+', " ");
        let mut buf = vec![0u8; t.len()];
        let n = normalize_submitted_code_into(&mangled, &mut buf).unwrap();
        assert_eq!(&buf[..n], t.as_bytes());
        assert_eq!(
            normalize_submitted_code_into(&mangled, &mut buf[..n - 1]),
            Err(Error::BufferTooSmall)
        );
    }

    #[test]
    fn limit_one_past() {
        let v = vec![b'A'; crate::limits::MAX_OPAQUE_LEN + 1];
        let mut scratch = vec![0u8; v.len()];
        assert_eq!(
            read_token(&key(), TokenClass::AccessToken, &v, &mut scratch),
            Err(Error::ValueTooLong)
        );
    }
}
