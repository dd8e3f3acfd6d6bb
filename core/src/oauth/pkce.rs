//! PKCE (RFC 7636) with idpyoidc's `add_on.pkce` verdicts, plus the syntax checks RFC 7636
//! §4.1-4.2 requires and idpyoidc skips.
//!
//! At the authorization endpoint call [`check_authorization_request`]; store the challenge
//! and method with the grant. At the token endpoint, for an authorization-code request whose
//! grant stored a challenge, call [`verify`]. Comparisons are constant-time.

use sha2::{Digest, Sha256};
#[cfg(feature = "sha512")]
use sha2::{Sha384, Sha512};
use subtle::ConstantTimeEq;

use crate::Error;
use crate::b64;
use crate::limits::{MAX_PKCE_LEN, MIN_PKCE_LEN};

/// A `code_challenge_method`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChallengeMethod {
    /// `plain`: challenge = verifier (RFC 7636 §4.2).
    Plain,
    /// `S256`: challenge = BASE64URL(SHA-256(ASCII(verifier))) (RFC 7636 §4.2).
    S256,
    /// `S384` (idpyoidc extension, same construction with SHA-384).
    S384,
    /// `S512` (idpyoidc extension, same construction with SHA-512).
    S512,
}

impl ChallengeMethod {
    /// Every method, in idpyoidc's order (its default supported set).
    pub const ALL: &'static [ChallengeMethod] = &[
        ChallengeMethod::Plain,
        ChallengeMethod::S256,
        ChallengeMethod::S384,
        ChallengeMethod::S512,
    ];

    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            ChallengeMethod::Plain => "plain",
            ChallengeMethod::S256 => "S256",
            ChallengeMethod::S384 => "S384",
            ChallengeMethod::S512 => "S512",
        }
    }

    /// Whether this build implements the method: S384/S512 need the `sha512` feature (on by
    /// default); without it they are refused as [`Error::UnsupportedChallengeMethod`].
    pub const fn is_available(self) -> bool {
        match self {
            ChallengeMethod::Plain | ChallengeMethod::S256 => true,
            ChallengeMethod::S384 | ChallengeMethod::S512 => cfg!(feature = "sha512"),
        }
    }

    /// From the wire name (case-sensitive, as RFC 7636 §4.3 registers them).
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|m| m.as_str() == s)
    }
}

/// Whether `s` is 43-128 characters of `[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"`
/// (RFC 7636 §4.1 `code-verifier`, §4.2 `code-challenge`).
pub fn is_valid_syntax(s: &str) -> bool {
    (MIN_PKCE_LEN..=MAX_PKCE_LEN).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// A checked PKCE challenge, to be stored with the grant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Challenge<'a> {
    /// `code_challenge`
    pub challenge: &'a str,
    /// `code_challenge_method` (`plain` when the request had none, RFC 7636 §4.3).
    pub method: ChallengeMethod,
}

/// Checks the PKCE parameters of an authorization request (idpyoidc's `post_authn_parse`,
/// in its order):
/// 1. `essential` and no challenge → [`Error::PkceMissingChallenge`]
///    ("Missing required code_challenge");
/// 2. no challenge → `Ok(None)` (a method alone is ignored);
/// 3. a method (default `plain`) not in `supported` → [`Error::UnsupportedChallengeMethod`]
///    ("Unsupported code_challenge_method=…");
/// 4. a challenge that is not RFC 7636 syntax → [`Error::PkceChallengeInvalid`] (idpyoidc
///    accepts any text).
pub fn check_authorization_request<'a>(
    challenge: Option<&'a str>,
    method: Option<&str>,
    essential: bool,
    supported: &[ChallengeMethod],
) -> Result<Option<Challenge<'a>>, Error> {
    let Some(challenge) = challenge else {
        return if essential {
            Err(Error::PkceMissingChallenge)
        } else {
            Ok(None)
        };
    };
    let method = ChallengeMethod::from_name(method.unwrap_or("plain"))
        .filter(|m| supported.contains(m) && m.is_available())
        .ok_or(Error::UnsupportedChallengeMethod)?;
    if !is_valid_syntax(challenge) {
        return Err(Error::PkceChallengeInvalid);
    }
    Ok(Some(Challenge { challenge, method }))
}

/// Writes the challenge for `verifier` under `method` into `out` (43/64/86 bytes for
/// S256/S384/S512, the verifier's length for `plain`); returns the length. S384/S512 without
/// the `sha512` feature are [`Error::UnsupportedChallengeMethod`].
pub fn compute_challenge(
    verifier: &str,
    method: ChallengeMethod,
    out: &mut [u8],
) -> Result<usize, Error> {
    let v = verifier.as_bytes();
    match method {
        ChallengeMethod::Plain => {
            out.get_mut(..v.len())
                .ok_or(Error::BufferTooSmall)?
                .copy_from_slice(v);
            Ok(v.len())
        }
        ChallengeMethod::S256 => b64::encode(&Sha256::digest(v), out),
        #[cfg(feature = "sha512")]
        ChallengeMethod::S384 => b64::encode(&Sha384::digest(v), out),
        #[cfg(feature = "sha512")]
        ChallengeMethod::S512 => b64::encode(&Sha512::digest(v), out),
        #[cfg(not(feature = "sha512"))]
        ChallengeMethod::S384 | ChallengeMethod::S512 => Err(Error::UnsupportedChallengeMethod),
    }
}

/// Writes a `code_verifier` made from `random` bytes into `out`: their base64url encoding
/// (RFC 7636 §4.1: 32 octets from a CSPRNG give 43 characters). 32..=96 bytes give
/// 43..=128 characters; fewer or more is [`Error::PkceVerifierInvalid`]. The core has no
/// randomness of its own: the caller passes it in.
pub fn verifier_from_random(random: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    // 96 bytes is the most that encodes into MAX_PKCE_LEN; checking the length first keeps
    // encoded_len away from overflow.
    if random.len() > 96 || !(MIN_PKCE_LEN..=MAX_PKCE_LEN).contains(&b64::encoded_len(random.len()))
    {
        return Err(Error::PkceVerifierInvalid);
    }
    b64::encode(random, out)
}

/// Verifies the token request's `code_verifier` against the stored challenge (idpyoidc's
/// `post_token_parse`; call it only when the grant stored a challenge — idpyoidc ignores a
/// verifier otherwise):
/// absent → [`Error::PkceMissingVerifier`] ("Missing code_verifier"); not RFC 7636 §4.1
/// syntax → [`Error::PkceVerifierInvalid`] (idpyoidc accepts any text, and crashes on
/// non-ASCII); transform differs → [`Error::PkceMismatch`] ("PKCE check failed").
/// All three are `invalid_grant`; the code is not consumed.
pub fn verify(verifier: Option<&str>, stored: &Challenge<'_>) -> Result<(), Error> {
    let verifier = verifier.ok_or(Error::PkceMissingVerifier)?;
    if !is_valid_syntax(verifier) {
        return Err(Error::PkceVerifierInvalid);
    }
    let mut buf = [0u8; MAX_PKCE_LEN];
    let n = compute_challenge(verifier, stored.method, &mut buf)?;
    let computed = buf.get(..n).ok_or(Error::BufferTooSmall)?;
    if bool::from(computed.ct_eq(stored.challenge.as_bytes())) {
        Ok(())
    } else {
        Err(Error::PkceMismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 7636 Appendix B
    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn rfc7636_appendix_b() {
        let mut out = [0u8; 43];
        assert_eq!(
            compute_challenge(VERIFIER, ChallengeMethod::S256, &mut out),
            Ok(43)
        );
        assert_eq!(&out, CHALLENGE.as_bytes());
        let mut short = [0u8; 42];
        assert_eq!(
            compute_challenge(VERIFIER, ChallengeMethod::S256, &mut short),
            Err(Error::BufferTooSmall)
        );
        let stored = Challenge {
            challenge: CHALLENGE,
            method: ChallengeMethod::S256,
        };
        assert_eq!(verify(Some(VERIFIER), &stored), Ok(()));
        // flip one character
        let bad = VERIFIER.replacen('d', "e", 1);
        assert_eq!(verify(Some(&bad), &stored), Err(Error::PkceMismatch));
        assert_eq!(verify(None, &stored), Err(Error::PkceMissingVerifier));
    }

    #[test]
    fn verifier_from_random_bytes_one_past_bounds() {
        let mut out = [0u8; MAX_PKCE_LEN];
        // 32 bytes (RFC 7636 §4.1's recommendation) give the shortest verifier, 96 the longest.
        assert_eq!(
            verifier_from_random(&[0xA5; 32], &mut out),
            Ok(MIN_PKCE_LEN)
        );
        let v = core::str::from_utf8(&out[..MIN_PKCE_LEN]).unwrap();
        assert!(is_valid_syntax(v));
        assert_eq!(verifier_from_random(&[7; 96], &mut out), Ok(MAX_PKCE_LEN));
        assert!(is_valid_syntax(core::str::from_utf8(&out).unwrap()));
        assert_eq!(
            verifier_from_random(&[0; 31], &mut out),
            Err(Error::PkceVerifierInvalid)
        );
        assert_eq!(
            verifier_from_random(&[0; 97], &mut out),
            Err(Error::PkceVerifierInvalid)
        );
        let mut short = [0u8; MIN_PKCE_LEN - 1];
        assert_eq!(
            verifier_from_random(&[0; 32], &mut short),
            Err(Error::BufferTooSmall)
        );
    }

    #[test]
    fn other_methods() {
        let mut out = [0u8; 128];
        #[cfg(feature = "sha512")]
        {
            let n = compute_challenge(VERIFIER, ChallengeMethod::S384, &mut out).unwrap();
            assert_eq!(n, 64);
            let n512 = compute_challenge(VERIFIER, ChallengeMethod::S512, &mut out).unwrap();
            assert_eq!(n512, 86);
        }
        // Without the `sha512` feature S384/S512 are refused, never mis-hashed.
        #[cfg(not(feature = "sha512"))]
        for m in [ChallengeMethod::S384, ChallengeMethod::S512] {
            assert!(!m.is_available());
            assert_eq!(
                compute_challenge(VERIFIER, m, &mut out),
                Err(Error::UnsupportedChallengeMethod)
            );
            let stored = Challenge {
                challenge: CHALLENGE,
                method: m,
            };
            assert_eq!(
                verify(Some(VERIFIER), &stored),
                Err(Error::UnsupportedChallengeMethod)
            );
        }
        let plain = Challenge {
            challenge: VERIFIER,
            method: ChallengeMethod::Plain,
        };
        assert_eq!(verify(Some(VERIFIER), &plain), Ok(()));
        assert_eq!(verify(Some(CHALLENGE), &plain), Err(Error::PkceMismatch));
    }

    #[test]
    fn verifier_syntax_one_past_bounds() {
        let stored = Challenge {
            challenge: CHALLENGE,
            method: ChallengeMethod::S256,
        };
        // idpyoidc accepts "a" (CLIENT_AUTHN P4); RFC 7636 §4.1 does not.
        assert_eq!(verify(Some("a"), &stored), Err(Error::PkceVerifierInvalid));
        let v42 = "a".repeat(MIN_PKCE_LEN - 1);
        let v43 = "a".repeat(MIN_PKCE_LEN);
        let v128 = "a".repeat(MAX_PKCE_LEN);
        let v129 = "a".repeat(MAX_PKCE_LEN + 1);
        assert_eq!(verify(Some(&v42), &stored), Err(Error::PkceVerifierInvalid));
        assert_eq!(verify(Some(&v43), &stored), Err(Error::PkceMismatch));
        assert_eq!(verify(Some(&v128), &stored), Err(Error::PkceMismatch));
        assert_eq!(
            verify(Some(&v129), &stored),
            Err(Error::PkceVerifierInvalid)
        );
        let plain = Challenge {
            challenge: &v128,
            method: ChallengeMethod::Plain,
        };
        assert_eq!(verify(Some(&v128), &plain), Ok(()));
        for bad in [
            "a".repeat(42) + "+",
            "a".repeat(42) + "=",
            "a".repeat(42) + "\u{e9}",
        ] {
            assert_eq!(
                verify(Some(&bad), &stored),
                Err(Error::PkceVerifierInvalid),
                "{bad}"
            );
        }
        assert!(is_valid_syntax(&("-._~".repeat(10) + "aZ09")));
    }

    #[test]
    fn authorization_request_checks() {
        let all = ChallengeMethod::ALL;
        assert_eq!(
            check_authorization_request(None, None, false, all),
            Ok(None)
        );
        assert_eq!(
            check_authorization_request(None, Some("S256"), false, all),
            Ok(None)
        );
        assert_eq!(
            check_authorization_request(None, None, true, all),
            Err(Error::PkceMissingChallenge)
        );
        assert_eq!(
            check_authorization_request(Some(CHALLENGE), None, false, all),
            Ok(Some(Challenge {
                challenge: CHALLENGE,
                method: ChallengeMethod::Plain
            }))
        );
        assert_eq!(
            check_authorization_request(Some(CHALLENGE), Some("S999"), false, all),
            Err(Error::UnsupportedChallengeMethod)
        );
        assert_eq!(
            check_authorization_request(Some(CHALLENGE), None, false, &[ChallengeMethod::S256]),
            Err(Error::UnsupportedChallengeMethod)
        );
        assert_eq!(
            check_authorization_request(Some("abc"), Some("plain"), false, all),
            Err(Error::PkceChallengeInvalid)
        );
    }
}
