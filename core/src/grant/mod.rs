//! Usage rules for stored grants and the tokens issued from them, as idpyoidc 5.0.0 applies
//! them (GRANTS.md).
//!
//! A host keeps, per user and client, a grant in idpyoidc's serialised shape. [`GrantView`]
//! parses it once, in one pass, into a fixed array of borrowed [`TokenView`]s; the checks
//! ([`TokenView::check_active`], [`TokenView::supports_minting`], [`GrantView::find_token`],
//! [`GrantView::check_mint`]) are pure functions over that view. A whole token-endpoint step is
//! one call: [`redeem_code`] (`grant_type=authorization_code`) or [`refresh`]
//! (`grant_type=refresh_token`). Each returns a [`Decision`]: issue or refuse (with the OAuth
//! error code and idpyoidc's exact description) plus the state changes the host must persist
//! — new `used` counters, revocations, the tokens to mint — which it applies itself: the core
//! never stores. [`Decision::write_json`] hands the same facts to hosts in other languages.
//!
//! Token values are secrets: the presented value is compared with every stored value in
//! constant time per candidate.

mod decide;
mod view;
mod write;

pub use decide::{
    CodeRedemption, Decision, HandlerLifetimes, Mint, Mints, Outcome, Profile, RefreshRequest,
    Refusal, RuleSource, ScopeRef, TokenPolicy, redeem_code, refresh, refusal_for,
};
pub use view::{GrantView, Inactive, Scope, TokenView, UsageRule};

/// The class of an issued token (`token_class` in idpyoidc; `type` in its oidcop ancestor).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenClass {
    /// `authorization_code` (short name `A`, class `AuthorizationCode`).
    AuthorizationCode,
    /// `access_token` (short name `T`, class `AccessToken`).
    AccessToken,
    /// `refresh_token` (short name `R`, class `RefreshToken`).
    RefreshToken,
    /// `id_token` (short name `I`, class `IDToken`).
    IdToken,
    /// Any other class configured through idpyoidc's `token_map`; never minted by the
    /// token-endpoint steps here.
    Other,
}

impl TokenClass {
    /// The four classes idpyoidc knows, in `TOKEN_MAP` order.
    pub const KNOWN: [TokenClass; 4] = [
        TokenClass::AuthorizationCode,
        TokenClass::AccessToken,
        TokenClass::RefreshToken,
        TokenClass::IdToken,
    ];

    /// idpyoidc's name (`token_class` value); empty for [`TokenClass::Other`].
    pub const fn name(self) -> &'static str {
        match self {
            TokenClass::AuthorizationCode => "authorization_code",
            TokenClass::AccessToken => "access_token",
            TokenClass::RefreshToken => "refresh_token",
            TokenClass::IdToken => "id_token",
            TokenClass::Other => "",
        }
    }

    /// The one-letter alias idpyoidc accepts inside opaque tokens and JWT `ttype` claims
    /// (`A`, `T`, `R`, `I`; `ALT_TOKEN_NAME`); empty for [`TokenClass::Other`].
    pub const fn alias(self) -> &'static str {
        match self {
            TokenClass::AuthorizationCode => "A",
            TokenClass::AccessToken => "T",
            TokenClass::RefreshToken => "R",
            TokenClass::IdToken => "I",
            TokenClass::Other => "",
        }
    }

    /// The Python class name idpyoidc instantiates (`AuthorizationCode`, ..., `IDToken`).
    pub const fn python_class(self) -> &'static str {
        match self {
            TokenClass::AuthorizationCode => "AuthorizationCode",
            TokenClass::AccessToken => "AccessToken",
            TokenClass::RefreshToken => "RefreshToken",
            TokenClass::IdToken => "IDToken",
            TokenClass::Other => "",
        }
    }

    /// Looks a class up by its full idpyoidc name; unknown names give [`TokenClass::Other`].
    /// Usage rules list full names only, so the one-letter aliases are not accepted here.
    pub fn from_name(name: &str) -> TokenClass {
        Self::from_bytes(name.as_bytes())
    }

    /// Looks a class up by its one-letter alias (`A`, `T`, `R`, `I`) or its full name.
    pub fn from_alias(name: &str) -> TokenClass {
        match name {
            "A" => TokenClass::AuthorizationCode,
            "T" => TokenClass::AccessToken,
            "R" => TokenClass::RefreshToken,
            "I" => TokenClass::IdToken,
            _ => Self::from_name(name),
        }
    }

    /// Looks a class up by an RFC 8693 token-type URN
    /// (`urn:ietf:params:oauth:token-type:access_token`, ...).
    pub fn from_urn(urn: &str) -> TokenClass {
        match urn.strip_prefix("urn:ietf:params:oauth:token-type:") {
            Some(rest @ ("access_token" | "refresh_token" | "id_token")) => Self::from_name(rest),
            _ => TokenClass::Other,
        }
    }

    /// Looks a class up by a (qualified) Python class name as it appears in a session dump,
    /// e.g. `idpyoidc.server.session.token.AuthorizationCode`.
    pub fn from_python_class(name: &str) -> TokenClass {
        Self::from_python_class_bytes(name.as_bytes())
    }

    /// [`TokenClass::from_python_class`] over UTF-8 bytes.
    ///
    /// The last dotted component is one of the four names exactly when the name ends with it
    /// and the rest is empty or ends with `.` (the names hold no dot): four suffix compares
    /// instead of searching for the last dot byte by byte.
    pub(crate) fn from_python_class_bytes(name: &[u8]) -> TokenClass {
        const CLASSES: [(&[u8], TokenClass); 4] = [
            (b"AuthorizationCode", TokenClass::AuthorizationCode),
            (b"AccessToken", TokenClass::AccessToken),
            (b"RefreshToken", TokenClass::RefreshToken),
            (b"IDToken", TokenClass::IdToken),
        ];
        for (class_name, class) in CLASSES {
            if let Some(head) = name.strip_suffix(class_name)
                && (head.is_empty() || head.ends_with(b"."))
            {
                return class;
            }
        }
        TokenClass::Other
    }

    pub(crate) fn from_bytes(name: &[u8]) -> TokenClass {
        match name {
            b"authorization_code" => TokenClass::AuthorizationCode,
            b"access_token" => TokenClass::AccessToken,
            b"refresh_token" => TokenClass::RefreshToken,
            b"id_token" => TokenClass::IdToken,
            _ => TokenClass::Other,
        }
    }

    const fn bit(self) -> u8 {
        match self {
            TokenClass::AuthorizationCode => 1,
            TokenClass::AccessToken => 2,
            TokenClass::RefreshToken => 4,
            TokenClass::IdToken => 8,
            TokenClass::Other => 0,
        }
    }

    pub(crate) const fn index(self) -> Option<usize> {
        match self {
            TokenClass::AuthorizationCode => Some(0),
            TokenClass::AccessToken => Some(1),
            TokenClass::RefreshToken => Some(2),
            TokenClass::IdToken => Some(3),
            TokenClass::Other => None,
        }
    }
}

/// A set of the known token classes (a `supports_minting` list). Names of other classes in the
/// list are remembered only as "some other class".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct ClassSet(u8);

impl ClassSet {
    /// The empty set.
    pub const EMPTY: ClassSet = ClassSet(0);
    const OTHER: u8 = 16;

    /// The set holding exactly `classes`.
    pub const fn of(classes: &[TokenClass]) -> ClassSet {
        let mut bits = 0;
        let mut rest = classes;
        while let [first, tail @ ..] = rest {
            bits |= match *first {
                TokenClass::Other => ClassSet::OTHER,
                c => c.bit(),
            };
            rest = tail;
        }
        ClassSet(bits)
    }

    /// Whether `class` is in the set (never true for [`TokenClass::Other`]).
    pub const fn contains(self, class: TokenClass) -> bool {
        let b = class.bit();
        b != 0 && self.0 & b != 0
    }

    /// The set with `class` added.
    pub const fn with(self, class: TokenClass) -> ClassSet {
        match class {
            TokenClass::Other => ClassSet(self.0 | ClassSet::OTHER),
            c => ClassSet(self.0 | c.bit()),
        }
    }

    /// Whether the list named a class outside the four known ones.
    pub const fn has_other(self) -> bool {
        self.0 & ClassSet::OTHER != 0
    }

    /// Whether the set is empty (no known and no other class).
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The known classes in the set, in `TOKEN_MAP` order.
    pub fn iter(self) -> impl Iterator<Item = TokenClass> {
        TokenClass::KNOWN
            .into_iter()
            .filter(move |c| self.contains(*c))
    }
}

/// `RefreshToken.set_defaults`: the `supports_minting` a refresh token gets when its rule has
/// none (GRANTS.md §1.2).
pub const REFRESH_DEFAULT_MINTING: ClassSet =
    ClassSet::of(&[TokenClass::AccessToken, TokenClass::RefreshToken]);

#[cfg(test)]
mod tests;
