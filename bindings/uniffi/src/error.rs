//! One error enum per operation family, each with one variant per core error kind.
//!
//! Every family ([`KeyParseError`], [`VerifyError`], [`MintError`], [`PkceError`],
//! [`MessageError`]) lists *every* `oxidc::Error`
//! variant under the same name, so `catch (e: VerifyException.Expired)` in Kotlin,
//! `catch VerifyError.Expired` in Swift and `except VerifyError.Expired` in Python all work,
//! and the message always starts with the core's stable snake_case name (`expired: token has
//! expired`). They are "flat" uniffi errors: only the variant and its message cross the FFI.
//!
//! The list of kinds is written once ([`with_core_kinds!`]). A kind the core gains later
//! arrives as `Other` (never a crash) and fails the `every_core_error_has_its_own_variant`
//! test until it is listed here; a listed kind the core drops fails to compile.

use std::fmt;

/// Calls `$m! { $($args)* ; Kind, Kind, ... }` with every core error kind this binding knows.
macro_rules! with_core_kinds {
    ($m:ident ! { $($args:tt)* }) => {
        $m! { $($args)* ;
            // parse
            InvalidBase64, InvalidUtf8, InvalidJson, DuplicateMember, NotAnObject, MalformedToken,
            // limits
            TokenTooLarge, HeaderTooLarge, JsonTooDeep, TooManyMembers, ValueTooLong, TooManyKeys,
            // jose
            AlgorithmNone, UnsupportedAlgorithm, AlgorithmMismatch, MissingAlgorithm,
            UnsupportedCritical, UnencodedPayload, InvalidHeader, UnknownKey, BadSignature,
            UnsupportedKeyType, UnsupportedCurve, MissingKeyMember, InvalidKey, KeyTooShort,
            KeyUseMismatch, NotAPrivateKey,
            // claims
            Expired, NotYetValid, IssuedInFuture, TokenTooOld, IssuerMismatch, AudienceMismatch,
            MissingClaim, InvalidClaim, TypeMismatch,
            // buffer
            BufferTooSmall,
            // crypto
            UnsupportedByProvider, CryptoFailure,
            // oauth: messages, client authentication, PKCE, ID tokens
            InvalidPercentEncoding, FormatError, MessageTooLarge, TooManyParameters,
            ParameterTooLong, DuplicateParameter, MissingParameter, ParameterNotAllowedValue,
            WrongParameterType, MissingOpenidScope, NonceMissing, NonceMismatch,
            PromptNoneWithOther, ConsentRequiredForOfflineAccess, InvalidErrorDescription,
            InvalidErrorCode, ClientIdMismatch, MissingGrantType, UnsupportedGrantType,
            RedirectUriMissing, RedirectUriMismatch, UnsupportedAuthScheme,
            MalformedBasicCredentials, MalformedBearerToken, ClientAuthenticationMissing,
            UnknownClient, ClientSecretMismatch, ClientSecretExpired, ClientAuthMethodNotAllowed,
            InvalidClientAssertionType, AssertionSubjectMismatch, AssertionLifetimeTooLong,
            AssertionReplayed, PkceVerifierInvalid, PkceChallengeInvalid, PkceMismatch,
            PkceMissingVerifier, PkceMissingChallenge, UnsupportedChallengeMethod, AzpMissing,
            AzpMismatch, ExpiresBeforeIssued, AtHashMismatch, CHashMismatch,
            AuthenticationTooOld, RequestObjectNested,
            // grant
            MalformedGrant, MalformedIssuedToken, MalformedUsageRule, GrantTooLarge,
            TooManyIssuedTokens, TooManyScopes, UnknownCode, CodeReused, CodeInactive,
            TokenClientMismatch, CodeRedirectUriMismatch, UnknownRefreshToken,
            RefreshTokenInactive, RefreshScopeExceeded, MintingNotSupported, TokenInactive,
            GrantTypeNotAllowed, GrantInactive,
            // opaque
            BadFernetToken, MalformedLv, UnknownToken, WrongTokenClass, InvalidSessionId,
            InvalidCookie, NegativeTimestamp,
        }
    };
}

/// What every variant carries: the core error and, for message errors, the parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    error: oxidc::Error,
    param: Option<String>,
}

impl fmt::Display for Fault {
    /// `"<stable_name>: <explanation>"`, then `" (parameter `name`)"` when there is one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error.as_str(), self.error.message())?;
        if let Some(p) = &self.param {
            write!(f, " (parameter `{p}`)")?;
        }
        Ok(())
    }
}

macro_rules! family {
    ($(#[doc = $doc:literal])+ $name:ident ; $($kind:ident),+ $(,)?) => {
        $(#[doc = $doc])+
        ///
        /// One variant per core error kind (see the module docs); the message is
        /// `"<stable_name>: <explanation>"`.
        #[derive(Debug, Clone, PartialEq, Eq, uniffi::Error)]
        #[uniffi(flat_error)]
        pub enum $name {
            $(
                #[allow(missing_docs)] // documented on oxidc::Error
                $kind(Fault),
            )+
            /// A core error kind newer than this binding (never expected: a test proves
            /// every current kind has its own variant).
            Other(Fault),
        }

        impl $name {
            fn fault(&self) -> &Fault {
                match self {
                    $( $name::$kind(f) )|+ | $name::Other(f) => f,
                }
            }

            /// The core error this carries.
            pub fn core(&self) -> oxidc::Error {
                self.fault().error
            }

            /// The message parameter the error concerns, if any (e.g. `code`).
            pub fn param(&self) -> Option<&str> {
                self.fault().param.as_deref()
            }

            /// The core's stable snake_case name of the error (e.g. `"bad_signature"`).
            pub fn kind(&self) -> &'static str {
                self.core().as_str()
            }
        }

        impl From<Fault> for $name {
            fn from(f: Fault) -> Self {
                match f.error {
                    $( oxidc::Error::$kind => $name::$kind(f), )+
                    _ => $name::Other(f),
                }
            }
        }

        impl From<oxidc::Error> for $name {
            fn from(error: oxidc::Error) -> Self {
                Fault { error, param: None }.into()
            }
        }

        impl From<oxidc::oauth::Rejection<'_>> for $name {
            fn from(r: oxidc::oauth::Rejection<'_>) -> Self {
                Fault { error: r.error, param: r.param.map(str::to_owned) }.into()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.fault().fmt(f)
            }
        }

        impl std::error::Error for $name {}
    };
}

with_core_kinds!(family! {
    /// Parsing keys: JWK Sets, JWKs, private JWKs and client secrets.
    KeyParseError
});

with_core_kinds!(family! {
    /// Verifying tokens: signatures, headers and claims.
    VerifyError
});

with_core_kinds!(family! {
    /// Minting tokens: client assertions and other JWTs.
    MintError
});

with_core_kinds!(family! {
    /// PKCE (RFC 7636): verifiers, challenges and their check.
    PkceError
});

with_core_kinds!(family! {
    /// OAuth 2.0 / OpenID Connect messages: parsing responses, writing error responses.
    MessageError
});

/// The stable snake_case names of every core error kind, in the core's order
/// (`oxidc::Error::ALL`). The message of every exception this library throws starts with one.
#[uniffi::export]
pub fn error_kinds() -> Vec<String> {
    oxidc::Error::ALL
        .iter()
        .map(|e| e.as_str().to_owned())
        .collect()
}

/// Test support (feature `testing`): throws the given core error kind through each family,
/// so foreign test suites can prove every kind arrives as its own exception.
#[cfg(feature = "testing")]
pub mod testing {
    use super::*;

    /// `Err(kind)`, or `Ok` for a name the core does not know.
    fn raise<E: From<oxidc::Error>>(kind: &str) -> Result<(), E> {
        oxidc::Error::from_name(kind).map_or(Ok(()), |e| Err(e.into()))
    }

    /// Throws `kind` as a [`KeyParseError`] (returns normally for an unknown name).
    #[uniffi::export]
    pub fn throw_key_parse_error(kind: String) -> Result<(), KeyParseError> {
        raise(&kind)
    }

    /// Throws `kind` as a [`VerifyError`] (returns normally for an unknown name).
    #[uniffi::export]
    pub fn throw_verify_error(kind: String) -> Result<(), VerifyError> {
        raise(&kind)
    }

    /// Throws `kind` as a [`MintError`] (returns normally for an unknown name).
    #[uniffi::export]
    pub fn throw_mint_error(kind: String) -> Result<(), MintError> {
        raise(&kind)
    }

    /// Throws `kind` as a [`PkceError`] (returns normally for an unknown name).
    #[uniffi::export]
    pub fn throw_pkce_error(kind: String) -> Result<(), PkceError> {
        raise(&kind)
    }

    /// Throws `kind` as a [`MessageError`] about parameter `param` (returns normally for an
    /// unknown name).
    #[uniffi::export]
    pub fn throw_message_error(kind: String, param: String) -> Result<(), MessageError> {
        match oxidc::Error::from_name(&kind) {
            Some(error) => Err(Fault {
                error,
                param: Some(param),
            }
            .into()),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn variant_name<E: fmt::Debug>(e: &E) -> String {
        let d = format!("{e:?}");
        d.split('(').next().unwrap_or_default().to_owned()
    }

    #[test]
    fn every_core_error_has_its_own_variant() {
        let mut seen = HashSet::new();
        for &e in oxidc::Error::ALL {
            for name in [
                variant_name(&KeyParseError::from(e)),
                variant_name(&VerifyError::from(e)),
                variant_name(&MintError::from(e)),
                variant_name(&PkceError::from(e)),
                variant_name(&MessageError::from(e)),
            ] {
                assert_ne!(name, "Other", "{e:?} is not listed in with_core_kinds!");
                // Variants are named exactly like the core's.
                assert_eq!(name, format!("{e:?}"));
            }
            assert!(seen.insert(variant_name(&VerifyError::from(e))));
            let v = VerifyError::from(e);
            assert_eq!(v.core(), e);
            assert_eq!(v.kind(), e.as_str());
            assert!(v.to_string().starts_with(&format!("{}: ", e.as_str())));
        }
        assert_eq!(seen.len(), oxidc::Error::ALL.len());
        let r = oxidc::oauth::Rejection::param(oxidc::Error::MissingParameter, "code");
        let m = MessageError::from(r);
        assert_eq!(m.param(), Some("code"));
        assert!(m.to_string().ends_with("(parameter `code`)"), "{m}");
        assert_eq!(error_kinds().len(), oxidc::Error::ALL.len());
    }
}
