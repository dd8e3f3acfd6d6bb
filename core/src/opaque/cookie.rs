//! idpyoidc's cookie values (`server/cookie_handler.py` `CookieHandler`).
//!
//! The protected text is `payload = value + "::" + typ`, with a decimal Unix timestamp `ts`;
//! `mac = HMAC-SHA256(sign key, payload ‖ ts)`. Three forms, `|`-separated, every binary part in
//! standard base64 with padding:
//!
//! | keys | value |
//! |---|---|
//! | sign + enc, or enc only | `ts | b64(iv) | b64(ct) | b64(tag)`, AES-GCM (no AAD) over `lv_pack(payload, ts, b64(mac))` (or `lv_pack(payload, ts)` without a sign key) |
//! | sign only | `ts | payload | b64(mac)` (payload in clear) |
//! | Fernet (`crypt_config`) | `ts | b64(Fernet(lv_pack(ts, payload)))` |
//!
//! Reading follows `_ver_dec_content`: the form is chosen by the number of parts, the outer
//! timestamp is compared with the inner one only in the Fernet form, and the cookie's age is
//! not checked. Every failure is [`Error::InvalidCookie`].

use super::fernet::{self, FernetKey, Seal};
use super::lv::{self, LvWriter, code_points, lv_unpack};
use super::token::{lv_field_len, open_opaque};
use crate::b64::padded::{self as b64, Alphabet};
use crate::{Error, UnixTime, limits};
use aes::{Aes128, Aes192, Aes256};
use aes_gcm::aead::consts::U12;
use aes_gcm::{AeadInOut, AesGcm, KeyInit};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroize;

type HmacSha256 = Hmac<Sha256>;

const MAC_LEN: usize = 32;
/// `len(base64.b64encode(mac))` for a 32-byte MAC.
const MAC_B64_LEN: usize = 44;
const GCM_IV_LEN: usize = 12;
const GCM_TAG_LEN: usize = 16;
const SEP: &str = "::";

/// The HMAC-SHA256 key that signs cookies (the oct key with `use: sig`, 24 bytes by default).
///
/// Keys longer than the SHA-256 block (64 bytes) are kept as their SHA-256 digest, which HMAC
/// uses in their place anyway (RFC 2104 §2). Zeroized on drop; `Debug` is redacted.
pub struct CookieSignKey {
    key: [u8; 64],
    len: usize,
}

impl CookieSignKey {
    /// Wraps raw key bytes; an empty key is [`Error::InvalidKey`].
    pub fn new(key: &[u8]) -> Result<Self, Error> {
        let mut k = [0u8; 64];
        let len = if key.is_empty() {
            return Err(Error::InvalidKey);
        } else if key.len() > k.len() {
            let mut digest = Sha256::digest(key);
            let d = k.get_mut(..MAC_LEN).ok_or(Error::InvalidKey)?;
            d.copy_from_slice(&digest);
            digest.zeroize();
            MAC_LEN
        } else {
            k.get_mut(..key.len())
                .ok_or(Error::InvalidKey)?
                .copy_from_slice(key);
            key.len()
        };
        Ok(CookieSignKey { key: k, len })
    }

    fn mac(&self) -> Result<HmacSha256, Error> {
        let key = self.key.get(..self.len).ok_or(Error::CryptoFailure)?;
        <HmacSha256 as KeyInit>::new_from_slice(key).map_err(|_| Error::CryptoFailure)
    }

    /// HMAC-SHA256(key, payload ‖ ts) with payload = value `::` typ.
    fn sign(&self, value: &str, typ: &str, ts: &str) -> Result<HmacSha256, Error> {
        let mut m = self.mac()?;
        m.update(value.as_bytes());
        m.update(SEP.as_bytes());
        m.update(typ.as_bytes());
        m.update(ts.as_bytes());
        Ok(m)
    }

    /// Constant-time check of `b64_mac` (standard base64 of 32 bytes) over payload ‖ ts.
    fn verify(&self, payload: &str, ts: &str, b64_mac: &str) -> Result<(), Error> {
        let mut mac = [0u8; MAC_B64_LEN];
        let text = b64_mac.as_bytes();
        let dst = mac.get_mut(..text.len()).ok_or(Error::InvalidCookie)?;
        dst.copy_from_slice(text);
        let n = b64::decode_in_place(dst, text.len(), Alphabet::Standard)
            .map_err(|_| Error::InvalidCookie)?;
        let tag = dst.get(..n).ok_or(Error::InvalidCookie)?;
        let mut m = self.mac()?;
        m.update(payload.as_bytes());
        m.update(ts.as_bytes());
        m.verify_slice(tag).map_err(|_| Error::InvalidCookie)
    }
}

impl Drop for CookieSignKey {
    fn drop(&mut self) {
        self.key.zeroize();
    }
}

impl core::fmt::Debug for CookieSignKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("CookieSignKey(<redacted>)")
    }
}

enum Gcm {
    A128(AesGcm<Aes128, U12>),
    A192(AesGcm<Aes192, U12>),
    A256(AesGcm<Aes256, U12>),
}

/// The AES-GCM key that encrypts cookies (the oct key with `use: enc`): 16, 24 (idpyoidc's
/// default) or 32 bytes for AES-128/192/256-GCM. Expanded once; zeroized on drop (the
/// `zeroize` feature of `aes-gcm`); `Debug` is redacted.
pub struct CookieEncKey(Gcm);

impl CookieEncKey {
    /// Expands a raw key; any length but 16, 24 or 32 is [`Error::InvalidKey`]
    /// (idpyoidc: "Wrong size of enc_key").
    pub fn new(key: &[u8]) -> Result<Self, Error> {
        let gcm = match key.len() {
            16 => AesGcm::new_from_slice(key).map(Gcm::A128),
            24 => AesGcm::new_from_slice(key).map(Gcm::A192),
            32 => AesGcm::new_from_slice(key).map(Gcm::A256),
            _ => return Err(Error::InvalidKey),
        };
        gcm.map(CookieEncKey).map_err(|_| Error::InvalidKey)
    }

    fn seal(&self, iv: &[u8; GCM_IV_LEN], buf: &mut [u8]) -> Result<[u8; GCM_TAG_LEN], Error> {
        let nonce = iv.into();
        let tag = match &self.0 {
            Gcm::A128(c) => c.encrypt_inout_detached(nonce, &[], buf.into()),
            Gcm::A192(c) => c.encrypt_inout_detached(nonce, &[], buf.into()),
            Gcm::A256(c) => c.encrypt_inout_detached(nonce, &[], buf.into()),
        }
        .map_err(|_| Error::CryptoFailure)?;
        Ok(tag.into())
    }

    fn open(
        &self,
        iv: &[u8; GCM_IV_LEN],
        buf: &mut [u8],
        tag: &[u8; GCM_TAG_LEN],
    ) -> Result<(), Error> {
        let nonce = iv.into();
        let tag = tag.into();
        match &self.0 {
            Gcm::A128(c) => c.decrypt_inout_detached(nonce, &[], buf.into(), tag),
            Gcm::A192(c) => c.decrypt_inout_detached(nonce, &[], buf.into(), tag),
            Gcm::A256(c) => c.decrypt_inout_detached(nonce, &[], buf.into(), tag),
        }
        .map_err(|_| Error::InvalidCookie)
    }
}

impl core::fmt::Debug for CookieEncKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("CookieEncKey(<redacted>)")
    }
}

/// The keys a `CookieHandler` is configured with; they decide the form written.
#[derive(Clone, Copy, Debug)]
pub enum CookieKeys<'k> {
    /// Sign and encrypt (idpyoidc's default `keys` with kids `sig` and `enc`): 4 parts, MAC
    /// inside. Also reads 3-part (signed) cookies, as idpyoidc does.
    SignAndEncrypt {
        /// The HMAC key.
        sign: &'k CookieSignKey,
        /// The AES-GCM key.
        enc: &'k CookieEncKey,
    },
    /// Encrypt only: 4 parts, no MAC inside.
    Encrypt(&'k CookieEncKey),
    /// Sign only: 3 parts, payload in clear.
    Sign(&'k CookieSignKey),
    /// Fernet (`crypt_config`): 2 parts.
    Fernet(&'k FernetKey),
}

impl<'k> CookieKeys<'k> {
    fn sign_key(&self) -> Option<&'k CookieSignKey> {
        match *self {
            CookieKeys::SignAndEncrypt { sign, .. } | CookieKeys::Sign(sign) => Some(sign),
            _ => None,
        }
    }

    fn enc_key(&self) -> Option<&'k CookieEncKey> {
        match *self {
            CookieKeys::SignAndEncrypt { enc, .. } | CookieKeys::Encrypt(enc) => Some(enc),
            _ => None,
        }
    }
}

/// A verified cookie, borrowed from the cookie text and the caller's scratch buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CookieContent<'a> {
    /// The value (for the session cookie, `json.dumps({"sub": …, "sid": …})`).
    pub value: &'a str,
    /// The type (usually empty).
    pub typ: &'a str,
    /// The timestamp text idpyoidc reports (the inner one in the encrypted forms).
    pub timestamp: &'a str,
}

impl CookieContent<'_> {
    /// The timestamp as Unix seconds, if it is a plain decimal integer.
    pub fn timestamp_secs(&self) -> Option<UnixTime> {
        let digits = self.timestamp;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut v: i64 = 0;
        for b in digits.bytes() {
            v = v.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        }
        Some(UnixTime(v))
    }
}

struct Parts<'s> {
    value: &'s str,
    typ: &'s str,
    /// Payload (value::typ) in code points and bytes.
    points: usize,
    bytes: usize,
}

impl<'s> Parts<'s> {
    fn new(value: &'s str, typ: &'s str) -> Self {
        Parts {
            value,
            typ,
            points: code_points(value) + SEP.len() + code_points(typ),
            bytes: value.len() + SEP.len() + typ.len(),
        }
    }

    fn push_payload(&self, w: &mut LvWriter<'_>) -> Result<(), Error> {
        w.push_joined(&[self.value, self.typ], SEP).map(|_| ())
    }
}

struct Out<'o> {
    buf: &'o mut [u8],
    at: usize,
}

impl Out<'_> {
    fn put(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let end = self.at + bytes.len();
        self.buf
            .get_mut(self.at..end)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(bytes);
        self.at = end;
        Ok(())
    }

    fn region(&mut self, len: usize) -> Result<&mut [u8], Error> {
        let end = self.at + len;
        let r = self
            .buf
            .get_mut(self.at..end)
            .ok_or(Error::BufferTooSmall)?;
        self.at = end;
        Ok(r)
    }
}

/// Length of the cookie value [`make_cookie`] writes for these inputs.
pub fn cookie_len(keys: &CookieKeys<'_>, value: &str, typ: &str, now: UnixTime) -> usize {
    if value.is_empty() && typ.is_empty() {
        return 0;
    }
    let mut tsb = [0u8; 21];
    let ts_len = lv::write_i64(now.as_secs(), &mut tsb).len();
    let p = Parts::new(value, typ);
    match keys {
        CookieKeys::SignAndEncrypt { .. } | CookieKeys::Encrypt(_) => {
            let mut pt = lv_field_len(p.points, p.bytes) + lv_field_len(ts_len, ts_len);
            if keys.sign_key().is_some() {
                pt += lv_field_len(MAC_B64_LEN, MAC_B64_LEN);
            }
            ts_len
                + 1
                + b64::padded_len(GCM_IV_LEN)
                + 1
                + b64::padded_len(pt)
                + 1
                + b64::padded_len(GCM_TAG_LEN)
        }
        CookieKeys::Sign(_) => ts_len + 1 + p.bytes + 1 + MAC_B64_LEN,
        CookieKeys::Fernet(_) => {
            let pt = lv_field_len(ts_len, ts_len) + lv_field_len(p.points, p.bytes);
            ts_len + 1 + fernet::opaque_len(pt)
        }
    }
}

/// Makes a cookie value as `CookieHandler.make_cookie_content(name, value, typ, timestamp)`
/// does for the `value` field, with `now` as the timestamp. `iv` supplies the random bytes: its
/// first 12 bytes are the AES-GCM IV of the encrypted form, all 16 the Fernet IV of the Fernet
/// form (unused when only signing). An empty value and type give an empty cookie (`Ok(0)`), as
/// in idpyoidc. Returns the length written, [`cookie_len`].
pub fn make_cookie(
    keys: &CookieKeys<'_>,
    value: &str,
    typ: &str,
    now: UnixTime,
    iv: &[u8; 16],
    out: &mut [u8],
) -> Result<usize, Error> {
    if value.is_empty() && typ.is_empty() {
        return Ok(0);
    }
    let mut tsb = [0u8; 21];
    let ts = core::str::from_utf8(lv::write_i64(now.as_secs(), &mut tsb))
        .map_err(|_| Error::CryptoFailure)?;
    let p = Parts::new(value, typ);
    let mut o = Out { buf: out, at: 0 };
    o.put(ts.as_bytes())?;
    o.put(b"|")?;
    match keys {
        CookieKeys::SignAndEncrypt { .. } | CookieKeys::Encrypt(_) => {
            let enc = keys.enc_key().ok_or(Error::InvalidKey)?;
            let mut mac_b64 = [0u8; MAC_B64_LEN];
            let sign = keys.sign_key();
            if let Some(sign) = sign {
                let tag = sign.sign(value, typ, ts)?.finalize().into_bytes();
                b64::encode(&tag, &mut mac_b64, Alphabet::Standard)?;
            }
            let mac_text = core::str::from_utf8(&mac_b64).map_err(|_| Error::CryptoFailure)?;
            let mut pt = lv_field_len(p.points, p.bytes) + lv_field_len(ts.len(), ts.len());
            if sign.is_some() {
                pt += lv_field_len(MAC_B64_LEN, MAC_B64_LEN);
            }
            let gcm_iv: &[u8; GCM_IV_LEN] = iv
                .get(..GCM_IV_LEN)
                .and_then(|s| s.try_into().ok())
                .ok_or(Error::CryptoFailure)?;
            b64::encode(
                gcm_iv,
                o.region(b64::padded_len(GCM_IV_LEN))?,
                Alphabet::Standard,
            )?;
            o.put(b"|")?;
            let ct_text = o.region(b64::padded_len(pt))?;
            let start = ct_text.len() - pt;
            let body = ct_text.get_mut(start..).ok_or(Error::BufferTooSmall)?;
            let mut w = LvWriter::new(body);
            p.push_payload(&mut w)?;
            w.push(ts)?;
            if sign.is_some() {
                w.push(mac_text)?;
            }
            let tag = enc.seal(gcm_iv, body)?;
            b64::encode_right_aligned(ct_text, pt, Alphabet::Standard)?;
            o.put(b"|")?;
            b64::encode(
                &tag,
                o.region(b64::padded_len(GCM_TAG_LEN))?,
                Alphabet::Standard,
            )?;
        }
        CookieKeys::Sign(sign) => {
            let tag = sign.sign(value, typ, ts)?.finalize().into_bytes();
            o.put(value.as_bytes())?;
            o.put(SEP.as_bytes())?;
            o.put(typ.as_bytes())?;
            o.put(b"|")?;
            b64::encode(&tag, o.region(MAC_B64_LEN)?, Alphabet::Standard)?;
        }
        CookieKeys::Fernet(key) => {
            let pt = lv_field_len(ts.len(), ts.len()) + lv_field_len(p.points, p.bytes);
            let how = Seal {
                pre_pad: true,
                outer_b64: true,
            };
            let fill = |dst: &mut [u8]| {
                let mut w = LvWriter::new(dst);
                w.push(ts)?;
                p.push_payload(&mut w)
            };
            let rest = o.buf.get_mut(o.at..).ok_or(Error::BufferTooSmall)?;
            let n = fernet::seal_with(key, pt, fill, now, iv, how, rest)?;
            o.at += n;
        }
    }
    Ok(o.at)
}

/// Splits `value::typ` as `payload.split("::")` into exactly two parts (idpyoidc raises
/// otherwise).
fn split_payload<'a>(payload: &'a str, timestamp: &'a str) -> Result<CookieContent<'a>, Error> {
    let mut it = payload.split(SEP);
    match (it.next(), it.next(), it.next()) {
        (Some(value), Some(typ), None) => Ok(CookieContent {
            value,
            typ,
            timestamp,
        }),
        _ => Err(Error::InvalidCookie),
    }
}

/// Reads a cookie value as `CookieHandler.parse_cookie` / `_ver_dec_content` do, with the
/// keys the handler is configured with. `scratch` must hold at least `cookie.len()` bytes for
/// the encrypted forms (the signed form needs none). Any failure is [`Error::InvalidCookie`];
/// a value longer than [`limits::MAX_OPAQUE_LEN`] is [`Error::ValueTooLong`].
pub fn read_cookie<'a>(
    keys: &CookieKeys<'_>,
    cookie: &'a str,
    scratch: &'a mut [u8],
) -> Result<CookieContent<'a>, Error> {
    if cookie.len() > limits::MAX_OPAQUE_LEN {
        return Err(Error::ValueTooLong);
    }
    let mut it = cookie.split('|');
    let parts = (it.next(), it.next(), it.next(), it.next(), it.next());
    match parts {
        (Some(t0), Some(enc), None, ..) => {
            let CookieKeys::Fernet(key) = keys else {
                return Err(Error::InvalidCookie);
            };
            let text = open_opaque(key, enc.as_bytes(), scratch, Error::InvalidCookie)?;
            let [t1, payload] = lv_unpack(text)
                .exactly::<2>()
                .map_err(|_| Error::InvalidCookie)?;
            if t0 != t1 {
                return Err(Error::InvalidCookie);
            }
            split_payload(payload, t1)
        }
        (Some(ts), Some(payload), Some(mac), None, _) => {
            let sign = keys.sign_key().ok_or(Error::InvalidCookie)?;
            sign.verify(payload, ts, mac)?;
            split_payload(payload, ts)
        }
        (Some(_), Some(iv), Some(ct), Some(tag), None) => {
            let enc = keys.enc_key().ok_or(Error::InvalidCookie)?;
            let iv = decode_fixed::<GCM_IV_LEN>(iv)?;
            let tag = decode_fixed::<GCM_TAG_LEN>(tag)?;
            let buf = scratch.get_mut(..ct.len()).ok_or(Error::BufferTooSmall)?;
            buf.copy_from_slice(ct.as_bytes());
            let n = b64::decode_in_place(buf, ct.len(), Alphabet::Standard)
                .map_err(|_| Error::InvalidCookie)?;
            let body = buf.get_mut(..n).ok_or(Error::InvalidCookie)?;
            enc.open(&iv, body, &tag)?;
            let text = core::str::from_utf8(body).map_err(|_| Error::InvalidCookie)?;
            let mut fields = lv_unpack(text);
            let payload = fields.next().ok_or(Error::InvalidCookie)?;
            let payload = payload.map_err(|_| Error::InvalidCookie)?;
            let ts = fields
                .next()
                .ok_or(Error::InvalidCookie)?
                .map_err(|_| Error::InvalidCookie)?;
            match fields.next() {
                None => {}
                Some(Ok(mac)) if fields.next().is_none() => {
                    keys.sign_key()
                        .ok_or(Error::InvalidCookie)?
                        .verify(payload, ts, mac)?;
                }
                Some(_) => return Err(Error::InvalidCookie),
            }
            split_payload(payload, ts)
        }
        _ => Err(Error::InvalidCookie),
    }
}

fn decode_fixed<const N: usize>(text: &str) -> Result<[u8; N], Error> {
    let mut buf = [0u8; 32];
    let src = text.as_bytes();
    let dst = buf.get_mut(..src.len()).ok_or(Error::InvalidCookie)?;
    dst.copy_from_slice(src);
    let n = b64::decode_in_place(dst, src.len(), Alphabet::Standard)
        .map_err(|_| Error::InvalidCookie)?;
    dst.get(..n)
        .and_then(|s| <[u8; N]>::try_from(s).ok())
        .ok_or(Error::InvalidCookie)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign() -> CookieSignKey {
        CookieSignKey::new(&[1; 24]).unwrap()
    }
    fn enc() -> CookieEncKey {
        CookieEncKey::new(&[2; 24]).unwrap()
    }

    fn make(keys: &CookieKeys<'_>, value: &str, typ: &str) -> String {
        let len = cookie_len(keys, value, typ, UnixTime(1795420800));
        let mut out = vec![0u8; len];
        let n = make_cookie(keys, value, typ, UnixTime(1795420800), &[9; 16], &mut out).unwrap();
        assert_eq!(n, len);
        if n > 0 {
            assert_eq!(
                make_cookie(
                    keys,
                    value,
                    typ,
                    UnixTime(1795420800),
                    &[9; 16],
                    &mut out[..n - 1]
                ),
                Err(Error::BufferTooSmall)
            );
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn all_forms_round_trip() {
        let (s, e, f) = (sign(), enc(), FernetKey::from_bytes(&[3; 32]));
        let all = [
            (CookieKeys::SignAndEncrypt { sign: &s, enc: &e }, 4),
            (CookieKeys::Encrypt(&e), 4),
            (CookieKeys::Sign(&s), 3),
            (CookieKeys::Fernet(&f), 2),
        ];
        for (keys, parts) in &all {
            for (value, typ) in [(r#"{"sub": "subj", "sid": "Z0FB+/=="}"#, ""), ("ü", "t y")] {
                let c = make(keys, value, typ);
                assert_eq!(c.split('|').count(), *parts, "{c}");
                assert!(c.starts_with("1795420800|"));
                let mut scratch = vec![0u8; c.len()];
                let got = read_cookie(keys, &c, &mut scratch).unwrap();
                assert_eq!(
                    (got.value, got.typ, got.timestamp),
                    (value, typ, "1795420800")
                );
                assert_eq!(got.timestamp_secs(), Some(UnixTime(1795420800)));
                // Flip one character in every position: never accepted with other content.
                for i in 0..c.len() {
                    let mut b = c.clone().into_bytes();
                    if i < 10 && *parts == 4 {
                        continue; // the outer timestamp is not authenticated in this form
                    }
                    b[i] = if b[i] == b'0' { b'1' } else { b'0' };
                    let Ok(t) = String::from_utf8(b) else {
                        continue;
                    };
                    let mut scratch = vec![0u8; t.len()];
                    assert_eq!(
                        read_cookie(keys, &t, &mut scratch),
                        Err(Error::InvalidCookie),
                        "{i} {t}"
                    );
                }
            }
        }
        assert_eq!(make(&all[0].0, "", ""), "");
    }

    #[test]
    fn idpyoidc_reading_rules() {
        let (s, e) = (sign(), enc());
        let both = CookieKeys::SignAndEncrypt { sign: &s, enc: &e };
        // A signed (3-part) cookie is read by a sign+enc handler.
        let c = make(&CookieKeys::Sign(&s), "v", "");
        let mut scratch = vec![0u8; c.len()];
        assert_eq!(read_cookie(&both, &c, &mut scratch).unwrap().value, "v");
        // An enc-only cookie (no MAC inside) is read by a sign+enc handler.
        let c = make(&CookieKeys::Encrypt(&e), "v", "");
        let mut scratch = vec![0u8; c.len()];
        assert_eq!(read_cookie(&both, &c, &mut scratch).unwrap().value, "v");
        // A MAC inside needs the sign key.
        let c = make(&both, "v", "");
        let mut scratch = vec![0u8; c.len()];
        assert_eq!(
            read_cookie(&CookieKeys::Encrypt(&e), &c, &mut scratch),
            Err(Error::InvalidCookie)
        );
        // Another sign key: MAC mismatch.
        let other = CookieSignKey::new(&[7; 24]).unwrap();
        let c = make(&both, "v", "");
        assert_eq!(
            read_cookie(
                &CookieKeys::SignAndEncrypt {
                    sign: &other,
                    enc: &e
                },
                &c,
                &mut scratch
            ),
            Err(Error::InvalidCookie)
        );
        // The value may not itself contain "::".
        let c = make(&both, "a::b", "");
        let mut scratch = vec![0u8; c.len()];
        assert_eq!(
            read_cookie(&both, &c, &mut scratch),
            Err(Error::InvalidCookie)
        );
        for bad in ["", "x", "1|2|3|4|5", "||", "|||"] {
            assert_eq!(
                read_cookie(&both, bad, &mut scratch),
                Err(Error::InvalidCookie),
                "{bad}"
            );
        }
    }

    #[test]
    fn keys_and_limits() {
        assert_eq!(CookieEncKey::new(&[0; 20]).err(), Some(Error::InvalidKey));
        for n in [16, 24, 32] {
            assert!(CookieEncKey::new(&vec![0; n]).is_ok());
        }
        assert_eq!(CookieSignKey::new(&[]).err(), Some(Error::InvalidKey));
        assert_eq!(format!("{:?}", sign()), "CookieSignKey(<redacted>)");
        assert_eq!(format!("{:?}", enc()), "CookieEncKey(<redacted>)");
        // A long sign key is equivalent to its digest.
        let long = CookieSignKey::new(&[5; 100]).unwrap();
        let c = make(&CookieKeys::Sign(&long), "v", "");
        let mut m = <HmacSha256 as KeyInit>::new_from_slice(&[5; 100]).unwrap();
        m.update(b"v::1795420800");
        let mut want = [0u8; 44];
        b64::encode(&m.finalize().into_bytes(), &mut want, Alphabet::Standard).unwrap();
        assert!(c.ends_with(core::str::from_utf8(&want).unwrap()));
        let big = "a".repeat(limits::MAX_OPAQUE_LEN + 1);
        let mut scratch = vec![0u8; big.len()];
        assert_eq!(
            read_cookie(&CookieKeys::Sign(&long), &big, &mut scratch),
            Err(Error::ValueTooLong)
        );
    }
}
