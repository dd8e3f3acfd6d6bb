//! JWS algorithms. There is no `None` variant: `none` cannot be expressed.

use crate::Error;
use crate::crypto::{HashAlg, RsaPadding};

/// A JWS signature algorithm this library implements (RFC 7518 §3.1). `none` is not one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// HMAC with SHA-256.
    HS256,
    /// HMAC with SHA-384.
    HS384,
    /// HMAC with SHA-512.
    HS512,
    /// ECDSA P-256 with SHA-256.
    ES256,
    /// RSASSA-PKCS1-v1_5 with SHA-256 (providers with RSA only).
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
    /// RSASSA-PSS with SHA-256.
    PS256,
    /// RSASSA-PSS with SHA-384.
    PS384,
    /// RSASSA-PSS with SHA-512.
    PS512,
}

/// The key family an algorithm needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    Hmac(HashAlg),
    Ec,
    Rsa(RsaPadding, HashAlg),
}

impl Algorithm {
    /// Every algorithm, in declaration order.
    pub const ALL: [Algorithm; 10] = [
        Algorithm::HS256,
        Algorithm::HS384,
        Algorithm::HS512,
        Algorithm::ES256,
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
    ];

    /// The JOSE name (`"HS256"`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
            Algorithm::ES256 => "ES256",
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
            Algorithm::PS256 => "PS256",
            Algorithm::PS384 => "PS384",
            Algorithm::PS512 => "PS512",
        }
    }

    /// Parses a JOSE algorithm name (case-sensitive, RFC 7515 §4.1.1). `none` in any
    /// capitalisation is [`Error::AlgorithmNone`]; other unknown names are
    /// [`Error::UnsupportedAlgorithm`].
    pub fn from_name(name: &[u8]) -> Result<Algorithm, Error> {
        for a in Algorithm::ALL {
            if a.as_str().as_bytes() == name {
                return Ok(a);
            }
        }
        if name.eq_ignore_ascii_case(b"none") {
            Err(Error::AlgorithmNone)
        } else {
            Err(Error::UnsupportedAlgorithm)
        }
    }

    pub(crate) const fn family(self) -> Family {
        match self {
            Algorithm::HS256 => Family::Hmac(HashAlg::Sha256),
            Algorithm::HS384 => Family::Hmac(HashAlg::Sha384),
            Algorithm::HS512 => Family::Hmac(HashAlg::Sha512),
            Algorithm::ES256 => Family::Ec,
            Algorithm::RS256 => Family::Rsa(RsaPadding::Pkcs1, HashAlg::Sha256),
            Algorithm::RS384 => Family::Rsa(RsaPadding::Pkcs1, HashAlg::Sha384),
            Algorithm::RS512 => Family::Rsa(RsaPadding::Pkcs1, HashAlg::Sha512),
            Algorithm::PS256 => Family::Rsa(RsaPadding::Pss, HashAlg::Sha256),
            Algorithm::PS384 => Family::Rsa(RsaPadding::Pss, HashAlg::Sha384),
            Algorithm::PS512 => Family::Rsa(RsaPadding::Pss, HashAlg::Sha512),
        }
    }

    /// The hash behind `at_hash` / `c_hash` for this algorithm (OIDC Core §3.1.3.6: the hash
    /// of the JWS algorithm; cryptojwt takes the last three digits of the name).
    pub const fn hash(self) -> HashAlg {
        match self.family() {
            Family::Hmac(h) | Family::Rsa(_, h) => h,
            Family::Ec => HashAlg::Sha256,
        }
    }

    const fn bit(self) -> u16 {
        match self {
            Algorithm::HS256 => 1,
            Algorithm::HS384 => 1 << 1,
            Algorithm::HS512 => 1 << 2,
            Algorithm::ES256 => 1 << 3,
            Algorithm::RS256 => 1 << 4,
            Algorithm::RS384 => 1 << 5,
            Algorithm::RS512 => 1 << 6,
            Algorithm::PS256 => 1 << 7,
            Algorithm::PS384 => 1 << 8,
            Algorithm::PS512 => 1 << 9,
        }
    }
}

impl core::fmt::Display for Algorithm {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of algorithms (a bit set): what a key allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct AlgSet(u16);

impl AlgSet {
    /// The empty set.
    pub const EMPTY: AlgSet = AlgSet(0);
    /// HS256, HS384, HS512: what an `oct` key without `alg` allows.
    pub const HMAC: AlgSet =
        AlgSet(Algorithm::HS256.bit() | Algorithm::HS384.bit() | Algorithm::HS512.bit());
    /// ES256: what a P-256 key without `alg` allows.
    pub const EC_P256: AlgSet = AlgSet(Algorithm::ES256.bit());
    /// RS* and PS*: what an RSA key without `alg` allows.
    pub const RSA: AlgSet = AlgSet(
        Algorithm::RS256.bit()
            | Algorithm::RS384.bit()
            | Algorithm::RS512.bit()
            | Algorithm::PS256.bit()
            | Algorithm::PS384.bit()
            | Algorithm::PS512.bit(),
    );

    /// The set holding just `alg`.
    pub const fn only(alg: Algorithm) -> AlgSet {
        AlgSet(alg.bit())
    }

    /// Whether `alg` is in the set.
    pub const fn contains(self, alg: Algorithm) -> bool {
        self.0 & alg.bit() != 0
    }

    /// The union of two sets.
    pub const fn union(self, other: AlgSet) -> AlgSet {
        AlgSet(self.0 | other.0)
    }

    /// The intersection of two sets.
    pub const fn intersect(self, other: AlgSet) -> AlgSet {
        AlgSet(self.0 & other.0)
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The first algorithm in the set (declaration order), the default for signing.
    pub fn first(self) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| self.contains(*a))
    }

    /// Iterates the algorithms in the set.
    pub fn iter(self) -> impl Iterator<Item = Algorithm> {
        Algorithm::ALL
            .into_iter()
            .filter(move |a| self.contains(*a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn none_in_every_spelling_is_its_own_error() {
        for n in ["none", "None", "NONE", "nOnE"] {
            assert_eq!(
                Algorithm::from_name(n.as_bytes()),
                Err(Error::AlgorithmNone)
            );
        }
        assert_eq!(
            Algorithm::from_name(b"hs256"),
            Err(Error::UnsupportedAlgorithm)
        );
        assert_eq!(
            Algorithm::from_name(b"ES256K"),
            Err(Error::UnsupportedAlgorithm)
        );
        for a in Algorithm::ALL {
            assert_eq!(Algorithm::from_name(a.as_str().as_bytes()), Ok(a));
        }
    }
}
