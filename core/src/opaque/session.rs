//! idpyoidc's session ids: encrypted branch ids (`server/session/database.py`).
//!
//! value = standard-base64(Fernet(`lv_pack(rndstr(32), "user;;client;;grant")`)) under the
//! session manager's own key. Every call gives a different value for the same session, so
//! session ids are compared after decryption, never as strings.

use super::fernet::{self, FernetKey, Seal};
use super::lv::{LvWriter, code_points, lv_unpack};
use super::token::{RANDOM_ID_LEN, lv_field_len, open_opaque};
use crate::{Error, UnixTime};

/// idpyoidc's branch-key separator (`server/constant.py` `DIVIDER`).
pub const DIVIDER: &str = ";;";

/// The three names a session id stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionIdParts<'a> {
    /// The user id (`sub` source).
    pub user: &'a str,
    /// The client id.
    pub client: &'a str,
    /// The grant id (a uuid1 hex string in idpyoidc).
    pub grant: &'a str,
}

/// A decrypted branch id: the `;;`-joined names, borrowed from the caller's scratch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BranchId<'a> {
    /// The joined branch key, e.g. `diana;;client_1;;301df0aa…`.
    pub key: &'a str,
}

impl<'a> BranchId<'a> {
    /// The names, split on `;;` (idpyoidc's `unpack_branch_key`).
    pub fn parts(&self) -> core::str::Split<'a, &'static str> {
        self.key.split(DIVIDER)
    }
}

fn branch_plain_len(parts: &[&str]) -> usize {
    let mut points = 0usize;
    let mut bytes = 0usize;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            points += DIVIDER.len();
            bytes += DIVIDER.len();
        }
        points += code_points(p);
        bytes += p.len();
    }
    lv_field_len(RANDOM_ID_LEN, RANDOM_ID_LEN) + lv_field_len(points, bytes)
}

/// Length of the value [`encrypt_branch_id`] writes for these names.
pub fn branch_id_len(parts: &[&str]) -> usize {
    fernet::opaque_len(branch_plain_len(parts))
}

/// Length of the value [`encrypt_session_id`] writes.
pub fn session_id_len(user: &str, client: &str, grant: &str) -> usize {
    branch_id_len(&[user, client, grant])
}

/// idpyoidc's `encrypted_branch_id(*parts)` for any number of names; `random` gives the
/// 43-character `rndstr(32)`, `iv` and `now` the Fernet IV and timestamp.
pub fn encrypt_branch_id(
    key: &FernetKey,
    parts: &[&str],
    random: &[u8; 32],
    iv: &[u8; 16],
    now: UnixTime,
    out: &mut [u8],
) -> Result<usize, Error> {
    let mut id = [0u8; RANDOM_ID_LEN];
    crate::b64::encode_secret(random, &mut id)?;
    let id = core::str::from_utf8(&id).map_err(|_| Error::CryptoFailure)?;
    let how = Seal {
        pre_pad: true,
        outer_b64: true,
    };
    let fill = |dst: &mut [u8]| {
        let mut w = LvWriter::new(dst);
        w.push(id)?.push_joined(parts, DIVIDER)?;
        Ok(())
    };
    fernet::seal_with(key, branch_plain_len(parts), fill, now, iv, how, out)
}

/// idpyoidc's `encrypted_session_id(user, client, grant)`.
#[allow(
    clippy::too_many_arguments,
    reason = "sans-I/O: every input is explicit"
)]
pub fn encrypt_session_id(
    key: &FernetKey,
    user: &str,
    client: &str,
    grant: &str,
    random: &[u8; 32],
    iv: &[u8; 16],
    now: UnixTime,
    out: &mut [u8],
) -> Result<usize, Error> {
    encrypt_branch_id(key, &[user, client, grant], random, iv, now, out)
}

/// idpyoidc's `decrypt_branch_id`: the joined names of any branch id. `scratch` must hold at
/// least `value.len()` bytes. Anything that does not decrypt to two length-value fields is
/// [`Error::InvalidSessionId`].
pub fn decrypt_branch_id<'s>(
    key: &FernetKey,
    value: &[u8],
    scratch: &'s mut [u8],
) -> Result<BranchId<'s>, Error> {
    let text = open_opaque(key, value, scratch, Error::InvalidSessionId)?;
    let [_rnd, joined] = lv_unpack(text)
        .exactly::<2>()
        .map_err(|_| Error::InvalidSessionId)?;
    Ok(BranchId { key: joined })
}

/// idpyoidc's `decrypt_session_id`, requiring exactly `user;;client;;grant`.
pub fn decrypt_session_id<'s>(
    key: &FernetKey,
    value: &[u8],
    scratch: &'s mut [u8],
) -> Result<SessionIdParts<'s>, Error> {
    let branch = decrypt_branch_id(key, value, scratch)?;
    let mut parts = branch.parts();
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(user), Some(client), Some(grant), None) => Ok(SessionIdParts {
            user,
            client,
            grant,
        }),
        _ => Err(Error::InvalidSessionId),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_failures() {
        let key = FernetKey::from_bytes(&[1; 32]);
        let (u, c, g) = ("diana", "client_1", "301df0aae71411f1b92602fc00000001");
        let len = session_id_len(u, c, g);
        let mut out = vec![0u8; len];
        let n =
            encrypt_session_id(&key, u, c, g, &[2; 32], &[3; 16], UnixTime(5), &mut out).unwrap();
        assert_eq!(n, len);
        assert!(out.starts_with(b"Z0FBQUFB"));
        let mut scratch = vec![0u8; n];
        let p = decrypt_session_id(&key, &out, &mut scratch).unwrap();
        assert_eq!((p.user, p.client, p.grant), (u, c, g));
        assert_eq!(
            encrypt_session_id(
                &key,
                u,
                c,
                g,
                &[2; 32],
                &[3; 16],
                UnixTime(5),
                &mut out[..n - 1]
            ),
            Err(Error::BufferTooSmall)
        );
        let wrong = FernetKey::from_bytes(&[9; 32]);
        assert_eq!(
            decrypt_session_id(&wrong, &out, &mut scratch),
            Err(Error::InvalidSessionId)
        );
        out[n / 2] ^= 1;
        assert_eq!(
            decrypt_session_id(&key, &out, &mut scratch),
            Err(Error::InvalidSessionId)
        );
        // Two-part branch ids decrypt as branches, not as session ids.
        let mut out = vec![0u8; branch_id_len(&[u, c])];
        encrypt_branch_id(&key, &[u, c], &[2; 32], &[3; 16], UnixTime(5), &mut out).unwrap();
        let mut scratch = vec![0u8; out.len()];
        let b = decrypt_branch_id(&key, &out, &mut scratch).unwrap();
        assert_eq!(b.key, "diana;;client_1");
        assert_eq!(b.parts().collect::<Vec<_>>(), [u, c]);
        assert_eq!(
            decrypt_session_id(&key, &out, &mut scratch),
            Err(Error::InvalidSessionId)
        );
        // Non-ASCII names are counted in code points.
        let mut out = vec![0u8; session_id_len("jürgen", c, g)];
        encrypt_session_id(
            &key,
            "jürgen",
            c,
            g,
            &[2; 32],
            &[3; 16],
            UnixTime(5),
            &mut out,
        )
        .unwrap();
        let mut scratch = vec![0u8; out.len()];
        assert_eq!(
            decrypt_session_id(&key, &out, &mut scratch).unwrap().user,
            "jürgen"
        );
    }
}
