//! OAuth 2.0 messages, client authentication and PKCE, with idpyoidc's semantics.
//!
//! * [`Params`] decodes a form body, query string or JSON body once into borrowed pairs.
//! * [`Message`] types them against a class table ([`MessageSpec`]); the typed views in
//!   [`messages`] (and [`crate::oidc`]) add each class's `verify()` rules.
//! * [`serialize`] writes responses (JSON, query, fragment) into caller buffers.
//! * [`client_authn`] parses and checks client credentials; [`pkce`] is RFC 7636.
//!
//! Where idpyoidc is lax or crashes the RFCs are followed (see `tests/vectors/DIVERGENCES.md`);
//! everywhere else the verdicts are idpyoidc's.

pub mod client_authn;
pub mod message;
pub mod messages;
pub mod params;
pub mod pkce;
pub mod serialize;

pub use message::{Field, Kind, Message, MessageSpec, ParamSpec, ParamValue, Rejection};
pub use params::{Format, List, ListIter, Params, RawValue};

use crate::Error;
use crate::json::JsonStr;

/// A claim's string value as the claim checks compare it: a `&str`, or a [`JsonStr`]
/// straight from a verified token (compared decoded, without copying).
pub trait ClaimText: Copy {
    /// Whether the (decoded) text equals `s`.
    fn matches(&self, s: &str) -> bool;

    /// The decoded UTF-8 bytes.
    fn decoded(&self) -> impl Iterator<Item = u8> + '_;

    /// Whether two claim texts are equal, decoded.
    fn same<T: ClaimText>(&self, other: &T) -> bool {
        self.decoded().eq(other.decoded())
    }
}

impl ClaimText for &str {
    fn matches(&self, s: &str) -> bool {
        *self == s
    }

    fn decoded(&self) -> impl Iterator<Item = u8> + '_ {
        self.bytes()
    }
}

impl<T: ClaimText> ClaimText for &T {
    fn matches(&self, s: &str) -> bool {
        (**self).matches(s)
    }

    fn decoded(&self) -> impl Iterator<Item = u8> + '_ {
        (**self).decoded()
    }
}

impl ClaimText for JsonStr<'_> {
    fn matches(&self, s: &str) -> bool {
        self.eq_str(s)
    }

    fn decoded(&self) -> impl Iterator<Item = u8> + '_ {
        self.bytes()
    }
}

/// The OAuth 2.0 `error` code a server answers with for `e` (RFC 6749 §4.1.2.1, §5.2;
/// RFC 6750 §3.1), as idpyoidc 5.0.0 answers it; `None` for errors that are not about the
/// request (buffers, crypto) or that only a relying party meets (ID token checks).
pub fn error_code(e: Error) -> Option<&'static str> {
    use Error::*;
    Some(match e {
        // malformed requests
        InvalidPercentEncoding
        | FormatError
        | InvalidUtf8
        | InvalidJson
        | DuplicateMember
        | NotAnObject
        | MessageTooLarge
        | TooManyParameters
        | ParameterTooLong
        | TooManyMembers
        | JsonTooDeep
        | DuplicateParameter
        | MissingParameter
        | ParameterNotAllowedValue
        | WrongParameterType
        | MissingOpenidScope
        | NonceMissing
        | PromptNoneWithOther
        | ConsentRequiredForOfflineAccess
        | InvalidErrorDescription
        | InvalidErrorCode
        | MissingGrantType
        | UnsupportedGrantType
        | RedirectUriMissing
        | RedirectUriMismatch
        | PkceMissingChallenge
        | PkceChallengeInvalid
        | UnsupportedChallengeMethod => "invalid_request",
        // client authentication (RFC 6749 §5.2)
        UnsupportedAuthScheme
        | UnknownClient
        | MalformedBasicCredentials
        | ClientAuthenticationMissing
        | ClientSecretMismatch
        | ClientSecretExpired
        | ClientAuthMethodNotAllowed
        | InvalidClientAssertionType
        | AssertionSubjectMismatch
        | AssertionLifetimeTooLong
        | AssertionReplayed => "invalid_client",
        // a bearer token presented to a protected resource (RFC 6750 §3.1)
        MalformedBearerToken => "invalid_token",
        // PKCE at the token endpoint (idpyoidc's add_on.pkce)
        PkceVerifierInvalid | PkceMismatch | PkceMissingVerifier => "invalid_grant",
        // a request object that carries request/request_uri (RFC 9101 §4, §6.3)
        RequestObjectNested => "invalid_request_object",
        _ => return None,
    })
}

/// The `error_description` idpyoidc 5.0.0 sends with `e`, where it has a fixed one.
/// (Descriptions that name a parameter come from [`Rejection::write_description`].)
pub fn error_description(e: Error) -> Option<&'static str> {
    use Error::*;
    Some(match e {
        FormatError => "Wrong format",
        MissingOpenidScope => "openid not in scope",
        ConsentRequiredForOfflineAccess => "consent in prompt",
        PromptNoneWithOther => "prompt none combined with other value",
        NonceMissing => "Missing required attribute 'Nonce missing'",
        InvalidErrorDescription => "Characters outside allowed set",
        ClientIdMismatch => "client_id mismatch",
        MissingGrantType => "Do not know how to handle this type of request",
        UnsupportedGrantType => "Unsupported grant_type",
        RedirectUriMismatch => "redirect_uri mismatch",
        ClientAuthenticationMissing
        | ClientSecretMismatch
        | UnsupportedAuthScheme
        | UnknownClient
        | MalformedBasicCredentials
        | ClientAuthMethodNotAllowed
        | InvalidClientAssertionType
        | AssertionSubjectMismatch
        | AssertionLifetimeTooLong
        | AssertionReplayed => "Authorization failed",
        ClientSecretExpired => "Not valid client",
        PkceMissingChallenge => "Missing required code_challenge",
        UnsupportedChallengeMethod => "Unsupported code_challenge_method",
        PkceMissingVerifier => "Missing code_verifier",
        PkceMismatch | PkceVerifierInvalid => "PKCE check failed",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_oauth_error_has_a_code_or_is_relying_party_only() {
        let rp_only = [
            Error::NonceMismatch,
            Error::ClientIdMismatch,
            Error::AzpMissing,
            Error::AzpMismatch,
            Error::ExpiresBeforeIssued,
            Error::AtHashMismatch,
            Error::CHashMismatch,
            Error::AuthenticationTooOld,
        ];
        for e in Error::ALL {
            if e.band() == crate::Band::OAuth {
                assert!(
                    error_code(*e).is_some() || rp_only.contains(e),
                    "{e:?} has no OAuth error code"
                );
            }
        }
        assert_eq!(error_code(Error::BufferTooSmall), None);
    }
}
