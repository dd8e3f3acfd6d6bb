//! Whole token-endpoint steps: redeem an authorization code, use a refresh token
//! (GRANTS.md §4.3–§4.5), replaying idpyoidc 5.0.0's helpers step by step so the `used`
//! counters the host persists are the ones idpyoidc would leave.

use super::view::{GrantView, Scope, TokenView};
use super::{ClassSet, TokenClass};
use crate::json::JsonStr;
use crate::limits::{MAX_REQUESTED_SCOPES, MAX_TOKEN_LEN};
use crate::{Error, UnixTime};

/// Which idpyoidc token-endpoint helpers to mirror.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Profile {
    /// `idpyoidc.server.oidc.token_helper`: code reuse detection, ID tokens.
    Oidc,
    /// `idpyoidc.server.oauth2.token_helper`: no reuse detection, no ID tokens.
    OAuth2,
}

/// Lifetimes of the token handlers, used for a minted token's `expires_at` when the grant has
/// no (or an empty) usage rule for its class (GRANTS.md §3.1 step 5, §3.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HandlerLifetimes {
    /// `token` handler lifetime, seconds.
    pub access_token: i64,
    /// `refresh` handler lifetime, seconds.
    pub refresh_token: i64,
    /// `id_token` handler lifetime, seconds.
    pub id_token: i64,
}

impl HandlerLifetimes {
    /// The lifetimes idpyoidc's shipped configurations use: 3600 s, 86400 s, 300 s.
    pub const IDPYOIDC: HandlerLifetimes = HandlerLifetimes {
        access_token: 3600,
        refresh_token: 86400,
        id_token: 300,
    };

    fn of(&self, class: TokenClass) -> i64 {
        match class {
            TokenClass::AccessToken => self.access_token,
            TokenClass::RefreshToken => self.refresh_token,
            TokenClass::IdToken => self.id_token,
            TokenClass::AuthorizationCode | TokenClass::Other => 0,
        }
    }
}

/// Token-endpoint configuration that changes decisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TokenPolicy {
    /// Which helpers to mirror.
    pub profile: Profile,
    /// The helper's `issue_refresh` keyword: `None` lets `offline_access` decide (OIDC);
    /// OAuth2 treats `None` as false.
    pub issue_refresh: Option<bool>,
    /// Whether the client's `grant_types_supported` (else the provider's `grant_types`)
    /// contains `refresh_token`; OIDC then adds `refresh_token` to the code's
    /// `supports_minting` (GRANTS.md §4.3 R5).
    pub refresh_in_grant_types: bool,
    /// `revoke_refresh_on_issue` (client entry first, else endpoint): revoke a refresh token
    /// once used (GRANTS.md §4.5 Q8).
    pub revoke_refresh_on_issue: bool,
    /// Handler lifetimes for classes without a grant rule.
    pub lifetimes: HandlerLifetimes,
    /// Whether `authorization_code` is among the grant types the endpoint accepts from this
    /// client (client `grant_types_supported`, else the provider's); checked first.
    pub code_grant_allowed: bool,
    /// Whether `refresh_token` is among them (GRANTS.md vector 054); checked first.
    pub refresh_grant_allowed: bool,
}

impl TokenPolicy {
    /// idpyoidc's OIDC defaults.
    pub const OIDC: TokenPolicy = TokenPolicy {
        profile: Profile::Oidc,
        issue_refresh: None,
        refresh_in_grant_types: false,
        revoke_refresh_on_issue: false,
        lifetimes: HandlerLifetimes::IDPYOIDC,
        code_grant_allowed: true,
        refresh_grant_allowed: true,
    };

    /// idpyoidc's OAuth2 defaults.
    pub const OAUTH2: TokenPolicy = TokenPolicy {
        profile: Profile::OAuth2,
        ..TokenPolicy::OIDC
    };
}

/// A `grant_type=authorization_code` token request, as far as the grant rules need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeRedemption<'r> {
    /// The `code` parameter, form-decoded.
    pub code: &'r str,
    /// The authenticated client (or the request's `client_id`); `None` takes the
    /// authorization request's (GRANTS.md §4.3 P5).
    pub client_id: Option<&'r str>,
    /// The request's `redirect_uri`.
    pub redirect_uri: Option<&'r str>,
    /// The client owning the session (the middle element of the session key); `None` takes
    /// the authorization request's `client_id`.
    pub session_client_id: Option<&'r str>,
}

/// A `grant_type=refresh_token` token request, as far as the grant rules need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefreshRequest<'r> {
    /// The `refresh_token` parameter.
    pub refresh_token: &'r str,
    /// The authenticated client.
    pub client_id: &'r str,
    /// The requested `scope`, space-separated, when present.
    pub scope: Option<&'r str>,
    /// The client owning the session; `None` takes the authorization request's `client_id`.
    pub session_client_id: Option<&'r str>,
    /// The `exp` the refresh-token handler reads from the value itself (JWT refresh tokens;
    /// `None` for opaque ones). idpyoidc's handler rejects `now > exp` before the grant is
    /// consulted, so such a token is unknown (`Invalid refresh token`), not inactive.
    pub value_exp: Option<i64>,
}

/// Where a scope list comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScopeRef<'r> {
    /// The grant's `scope`.
    Grant,
    /// The `scope` of the issued token at this index.
    Token(usize),
    /// The request's space-separated `scope`.
    Request(&'r str),
}

impl ScopeRef<'_> {
    /// Whether `value` is in the designated scope.
    pub fn contains<const N: usize>(&self, grant: &GrantView<'_, N>, value: &str) -> bool {
        match self {
            ScopeRef::Grant => grant.scope().contains(value),
            ScopeRef::Token(i) => grant.token(*i).is_some_and(|t| t.scope().contains(value)),
            ScopeRef::Request(s) => s.split(' ').any(|v| v == value),
        }
    }
}

/// The usage rule a minted token gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleSource {
    /// The grant's rule for the class (or `{}`), plus the class defaults (a refresh token
    /// without `supports_minting` gets `["access_token", "refresh_token"]`).
    Grant,
    /// A copy of this issued token's rule (a refresh token minted by a refresh, §4.5 Q5).
    CopyOf(usize),
}

/// One token the host must mint and append to `issued_token`, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Mint<'r> {
    /// Its class.
    pub class: TokenClass,
    /// Index of the token it is based on (its `based_on` is that token's value).
    pub based_on: usize,
    /// Its `expires_at` (0 = never).
    pub expires_at: i64,
    /// Its usage rule.
    pub rules: RuleSource,
    /// Its scope.
    pub scope: ScopeRef<'r>,
}

/// Up to three mints (access, refresh, ID token), in minting order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Mints<'r> {
    items: [Option<Mint<'r>>; 3],
}

impl<'r> Mints<'r> {
    fn push(&mut self, m: Mint<'r>) {
        if let Some(slot) = self.items.iter_mut().find(|s| s.is_none()) {
            *slot = Some(m);
        }
    }

    /// The mints, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Mint<'r>> {
        self.items.iter().flatten()
    }

    /// How many tokens are minted.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether nothing is minted.
    pub fn is_empty(&self) -> bool {
        self.items.iter().all(Option::is_none)
    }

    /// The mint of `class`, if any.
    pub fn get(&self, class: TokenClass) -> Option<&Mint<'r>> {
        self.iter().find(|m| m.class == class)
    }

    /// The set of minted classes.
    pub fn classes(&self) -> ClassSet {
        self.iter().fold(ClassSet::EMPTY, |s, m| s.with(m.class))
    }
}

/// A refusal: the error fact, the OAuth error code and idpyoidc's exact description.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Refusal {
    /// The fact.
    pub error: Error,
    /// The `error` member of the token error response (RFC 6749 §5.2).
    pub oauth_error: &'static str,
    /// The `error_description` idpyoidc sends.
    pub description: &'static str,
}

/// Maps a grant error to the token error response idpyoidc sends for it (GRANTS.md §5).
/// `class` names the class for [`Error::MintingNotSupported`]. Errors outside the grant
/// rules map to `invalid_request` with their own message.
pub fn refusal_for(error: Error, profile: Profile, class: Option<TokenClass>) -> Refusal {
    let (oauth_error, description) = match error {
        Error::UnknownCode => ("invalid_grant", "Unknown code"),
        Error::CodeReused => ("invalid_grant", "Code inactive"),
        Error::CodeInactive => match profile {
            Profile::Oidc => ("invalid_grant", "Code inactive"),
            Profile::OAuth2 => ("invalid_request", "Code inactive"),
        },
        Error::TokenClientMismatch => ("invalid_grant", "Wrong client"),
        Error::CodeRedirectUriMismatch => ("invalid_request", "redirect_uri mismatch"),
        Error::UnknownRefreshToken => ("invalid_grant", "Invalid refresh token"),
        Error::RefreshTokenInactive => ("invalid_request", "Refresh token inactive"),
        Error::RefreshScopeExceeded | Error::TooManyScopes => {
            ("invalid_request", "Invalid refresh scopes")
        }
        Error::MintingNotSupported => (
            "invalid_request",
            match class {
                Some(TokenClass::AuthorizationCode) => {
                    "Minting of authorization_code not supported"
                }
                Some(TokenClass::AccessToken) => "Minting of access_token not supported",
                Some(TokenClass::RefreshToken) => "Minting of refresh_token not supported",
                Some(TokenClass::IdToken) => "Minting of id_token not supported",
                Some(TokenClass::Other) | None => "Minting not supported",
            },
        ),
        Error::TokenInactive => ("invalid_request", "Token inactive"),
        Error::GrantTypeNotAllowed => (
            "invalid_request",
            match class {
                Some(TokenClass::RefreshToken) => "Unsupported grant_type: refresh_token",
                _ => "Unsupported grant_type: authorization_code",
            },
        ),
        Error::GrantInactive => ("invalid_grant", "Grant inactive"),
        other => ("invalid_request", other.message()),
    };
    Refusal {
        error,
        oauth_error,
        description,
    }
}

/// The outcome of a token-endpoint step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Issue the tokens in [`Decision::mints`].
    Issue,
    /// Send this error response.
    Refuse(Refusal),
}

/// A decided token-endpoint step: the outcome and the state the host must persist — in both
/// cases, since idpyoidc mutates its stored grant before some refusals (a code replay revokes
/// its descendants; a refresh that exhausts `max_usage` while minting keeps the counter and the
/// access token it already appended).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decision<'r> {
    /// Issue or refuse.
    pub outcome: Outcome,
    /// Index of the presented token in `issued_token` (`None` when unknown).
    pub token: Option<usize>,
    /// The presented token's new `used` (its old value when unchanged).
    pub token_used: i64,
    /// Mark the presented token revoked (`revoke_refresh_on_issue`).
    pub revoke_token: bool,
    /// Append `"refresh_token"` to the presented code's `usage_rules.supports_minting`
    /// (idpyoidc mutates the stored list in place, GRANTS.md §4.3 R5).
    pub add_refresh_minting: bool,
    /// Mark revoked every token descending from the presented one (code replay, §4.3 P3);
    /// see [`Decision::revokes`].
    pub revoke_descendants: bool,
    /// The grant's new `used` (one more per minted token).
    pub grant_used: i64,
    /// Tokens to mint and append, in order.
    pub mints: Mints<'r>,
    /// The response's `scope`.
    pub scope: ScopeRef<'r>,
    /// The response's `expires_in` (the access token's `expires_at - now`), when it expires.
    pub expires_in: Option<i64>,
}

impl<'r> Decision<'r> {
    fn new(grant_used: i64) -> Self {
        Decision {
            outcome: Outcome::Issue,
            token: None,
            token_used: 0,
            revoke_token: false,
            add_refresh_minting: false,
            revoke_descendants: false,
            grant_used,
            mints: Mints::default(),
            scope: ScopeRef::Grant,
            expires_in: None,
        }
    }

    fn refuse(mut self, error: Error, profile: Profile, class: Option<TokenClass>) -> Self {
        self.outcome = Outcome::Refuse(refusal_for(error, profile, class));
        self
    }

    /// Whether tokens are issued.
    pub fn is_issued(&self) -> bool {
        self.outcome == Outcome::Issue
    }

    /// The refusal, when refused.
    pub fn refusal(&self) -> Option<&Refusal> {
        match &self.outcome {
            Outcome::Refuse(r) => Some(r),
            Outcome::Issue => None,
        }
    }

    /// The response's `token_type` (DPoP binding is decided elsewhere).
    pub fn token_type(&self) -> &'static str {
        "Bearer"
    }

    /// Whether the host must mark issued token `index` revoked.
    pub fn revokes<const N: usize>(&self, grant: &GrantView<'_, N>, index: usize) -> bool {
        let Some(t) = self.token else {
            return false;
        };
        (self.revoke_token && index == t)
            || (self.revoke_descendants && grant.descends_from(index, t))
    }

    /// The indices of the issued tokens to mark revoked.
    pub fn revocations<'d, 'g, const N: usize>(
        &'d self,
        grant: &'d GrantView<'g, N>,
    ) -> impl Iterator<Item = usize> + 'd {
        (0..grant.tokens().len()).filter(move |i| self.revokes(grant, *i))
    }
}

/// `expires_at` of a freshly minted token of `class` (`_mint_token`, GRANTS.md §3.1 step 5).
fn mint_expiry<const N: usize>(
    grant: &GrantView<'_, N>,
    class: TokenClass,
    policy: &TokenPolicy,
    now: UnixTime,
) -> i64 {
    let rule = grant.usage_rule(class);
    let exp_in = if rule.is_non_empty() {
        rule.expires_in()
    } else {
        policy.lifetimes.of(class)
    };
    if exp_in == 0 {
        0
    } else {
        now.as_secs().saturating_add(exp_in)
    }
}

/// Replays `Grant.mint_token` from one parent: counters move as idpyoidc moves them.
struct Minter<'p, 'g, 'r, const N: usize> {
    grant: &'p GrantView<'g, N>,
    parent: &'p TokenView<'g>,
    parent_index: usize,
    rule: Option<ClassSet>,
    policy: &'p TokenPolicy,
    now: UnixTime,
    d: Decision<'r>,
}

impl<'r, const N: usize> Minter<'_, '_, 'r, N> {
    fn mint(
        &mut self,
        class: TokenClass,
        rules: RuleSource,
        scope: ScopeRef<'r>,
    ) -> Result<i64, Error> {
        if self
            .grant
            .check_active_with_used(self.d.grant_used, self.now)
            .is_err()
        {
            return Err(Error::GrantInactive);
        }
        if !self.rule.is_some_and(|s| s.contains(class)) {
            return Err(Error::MintingNotSupported);
        }
        if self
            .parent
            .check_active_with_used(self.d.token_used, self.now)
            .is_err()
        {
            return Err(Error::TokenInactive);
        }
        let expires_at = mint_expiry(self.grant, class, self.policy, self.now);
        self.d.token_used = self.d.token_used.saturating_add(1);
        self.d.grant_used = self.d.grant_used.saturating_add(1);
        self.d.mints.push(Mint {
            class,
            based_on: self.parent_index,
            expires_at,
            rules,
            scope,
        });
        Ok(expires_at)
    }

    fn response_expires_in(&mut self, expires_at: i64) {
        if expires_at != 0 {
            self.d.expires_in = Some(expires_at.saturating_sub(self.now.as_secs()));
        }
    }
}

/// Client identifiers from the request (`&str`) or the stored grant (JSON string).
#[derive(Clone, Copy)]
enum Cid<'x> {
    Text(&'x str),
    Json(JsonStr<'x>),
}

fn same_client(a: Option<Cid<'_>>, b: Option<Cid<'_>>) -> bool {
    match (a, b) {
        (Some(Cid::Text(x)), Some(Cid::Text(y))) => x == y,
        (Some(Cid::Json(x)), Some(Cid::Text(y))) | (Some(Cid::Text(y)), Some(Cid::Json(x))) => {
            x.eq_str(y)
        }
        (Some(Cid::Json(x)), Some(Cid::Json(y))) => x.eq_json(&y),
        _ => false,
    }
}

fn owner<'x>(session: Option<&'x str>, grant_cid: Option<JsonStr<'x>>) -> Option<Cid<'x>> {
    session.map(Cid::Text).or(grant_cid.map(Cid::Json))
}

/// Decides `grant_type=authorization_code` (GRANTS.md §4.3 OIDC, §4.4 OAuth2) at `now`.
///
/// Checks, in idpyoidc's order: the code is a code of this grant (`Unknown code`); OIDC only,
/// it was never used — else its descendants are to be revoked (`Code inactive`); it is active;
/// the client owns it (`Wrong client`); the `redirect_uri` matches the authorization request's.
/// Then it mints access, refresh and ID tokens as the helper does, leaving `code.used == 2`
/// and `grant.used` one higher per token. An inactive grant is refused with `invalid_grant` /
/// `Grant inactive` where idpyoidc crashes (DIVERGENCES.md).
pub fn redeem_code<'r, const N: usize>(
    grant: &GrantView<'_, N>,
    req: &CodeRedemption<'r>,
    policy: &TokenPolicy,
    now: UnixTime,
) -> Decision<'r> {
    let profile = policy.profile;
    let oidc = profile == Profile::Oidc;
    let d = Decision::new(grant.used());
    if !policy.code_grant_allowed {
        return d.refuse(
            Error::GrantTypeNotAllowed,
            profile,
            Some(TokenClass::AuthorizationCode),
        );
    }
    let code = req.code.as_bytes();
    if code.is_empty() || code.len() > MAX_TOKEN_LEN {
        return d.refuse(Error::UnknownCode, profile, None);
    }
    // P1/P2: idpyoidc's code handler rejects every value it did not mint as a code before the
    // grant is consulted, so a stored token of another class answers `Unknown code` (G11).
    let Some((ci, ct)) = grant
        .find_token(code)
        .filter(|(_, t)| t.class() == TokenClass::AuthorizationCode)
    else {
        return d.refuse(Error::UnknownCode, profile, None);
    };
    let mut d = d;
    d.token = Some(ci);
    d.token_used = ct.used();
    // P3: reuse detection (OIDC only).
    if oidc && ct.used() != 0 {
        d.revoke_descendants = true;
        return d.refuse(Error::CodeReused, profile, None);
    }
    // P4
    if ct.check_active(now).is_err() {
        return d.refuse(Error::CodeInactive, profile, None);
    }
    // P5 + R3
    let auth_cid = grant.authorization_client_id();
    let requester = req.client_id.map(Cid::Text).or(auth_cid.map(Cid::Json));
    if !same_client(owner(req.session_client_id, auth_cid), requester) {
        return d.refuse(Error::TokenClientMismatch, profile, None);
    }
    // R5: `_supports_minting` aliases the stored list when there is one.
    let stored = ct.minting_list();
    let mut supports = stored.unwrap_or(ClassSet::EMPTY);
    let mut rule = stored;
    if oidc && policy.refresh_in_grant_types && !supports.contains(TokenClass::RefreshToken) {
        supports = supports.with(TokenClass::RefreshToken);
        if let Some(list) = stored {
            rule = Some(list.with(TokenClass::RefreshToken));
            d.add_refresh_minting = true;
        }
    }
    // R4
    if let Some(expected) = grant.authorization_redirect_uri()
        && !req.redirect_uri.is_some_and(|r| expected.eq_str(r))
    {
        return d.refuse(Error::CodeRedirectUriMismatch, profile, None);
    }
    let offline = grant.scope().contains("offline_access");
    let issue_refresh = if oidc {
        policy.issue_refresh.unwrap_or(offline)
    } else if offline && supports.contains(TokenClass::RefreshToken) {
        true
    } else {
        policy.issue_refresh.unwrap_or(false)
    };
    let token_scope = match grant.scope_holder(Some(ci)) {
        Some(i) => ScopeRef::Token(i),
        None => ScopeRef::Grant,
    };
    let mut m = Minter {
        grant,
        parent: ct,
        parent_index: ci,
        rule,
        policy,
        now,
        d,
    };
    // R6: MintingNotAllowed is logged and swallowed.
    let mut at_error = Error::MintingNotSupported;
    let mut at_minted = false;
    if supports.contains(TokenClass::AccessToken) {
        match m.mint(TokenClass::AccessToken, RuleSource::Grant, token_scope) {
            Ok(exp) => {
                at_minted = true;
                m.response_expires_in(exp);
            }
            Err(Error::GrantInactive) => {
                return m.d.refuse(Error::GrantInactive, profile, None);
            }
            Err(e) => at_error = e,
        }
    }
    // R7 and R8 first read the helper's local `token`, unbound when no access token was
    // minted: idpyoidc crashes (UnboundLocalError); oxidc refuses with the reason the access
    // token was not minted, before anything else moves (DIVERGENCES.md).
    let no_access_token =
        |m: Minter<'_, '_, 'r, N>| m.d.refuse(at_error, profile, Some(TokenClass::AccessToken));
    // R7: undo R6's increment, mint; MintingNotAllowed swallowed.
    if issue_refresh && supports.contains(TokenClass::RefreshToken) {
        if !at_minted {
            return no_access_token(m);
        }
        m.d.token_used = m.d.token_used.saturating_sub(1);
        if let Err(Error::GrantInactive) =
            m.mint(TokenClass::RefreshToken, RuleSource::Grant, token_scope)
        {
            return m.d.refuse(Error::GrantInactive, profile, None);
        }
    }
    // R8: MintingNotAllowed propagates to the endpoint (`invalid_request`, its text).
    if oidc
        && grant.authorization_scope().contains("openid")
        && supports.contains(TokenClass::IdToken)
        && stored.is_some_and(|s| s.contains(TokenClass::IdToken))
    {
        if !at_minted {
            return no_access_token(m);
        }
        m.d.token_used = m.d.token_used.saturating_sub(1);
        if let Err(e) = m.mint(TokenClass::IdToken, RuleSource::Grant, token_scope) {
            return m.d.refuse(e, profile, Some(TokenClass::IdToken));
        }
    }
    // R9
    m.d.token_used = m.d.token_used.saturating_add(1);
    m.d
}

/// Decides `grant_type=refresh_token` (GRANTS.md §4.5) at `now`.
///
/// Checks, in idpyoidc's order: the token is a refresh token of this grant (`Invalid refresh
/// token`); it is active (`Refresh token inactive`); a requested scope is a subset of the
/// scope it was granted (`Invalid refresh scopes`); the client owns it (`Wrong client`). Then it
/// mints an access token, a new refresh token (when due; it copies the old one's rule) and,
/// OIDC only, an ID token, moving `used` by one per mint plus one — so a refresh token with
/// `max_usage: 1` can never yield a new refresh token (`Token inactive`, §7 R6).
pub fn refresh<'r, const N: usize>(
    grant: &GrantView<'_, N>,
    req: &RefreshRequest<'r>,
    policy: &TokenPolicy,
    now: UnixTime,
) -> Decision<'r> {
    let profile = policy.profile;
    let oidc = profile == Profile::Oidc;
    let d = Decision::new(grant.used());
    if !policy.refresh_grant_allowed {
        return d.refuse(
            Error::GrantTypeNotAllowed,
            profile,
            Some(TokenClass::RefreshToken),
        );
    }
    let value = req.refresh_token.as_bytes();
    let value_expired = req.value_exp.is_some_and(|exp| now.as_secs() > exp);
    if value.is_empty() || value.len() > MAX_TOKEN_LEN || value_expired {
        return d.refuse(Error::UnknownRefreshToken, profile, None);
    }
    // F2/F3: as for codes, a value of another class never passes the refresh handler.
    let Some((ri, rt)) = grant
        .find_token(value)
        .filter(|(_, t)| t.class() == TokenClass::RefreshToken)
    else {
        return d.refuse(Error::UnknownRefreshToken, profile, None);
    };
    let mut d = d;
    d.token = Some(ri);
    d.token_used = rt.used();
    // F4
    if rt.check_active(now).is_err() {
        return d.refuse(Error::RefreshTokenInactive, profile, None);
    }
    // F5: subset of find_scope(token.based_on).
    let origin = rt.based_on_stored().and_then(|b| grant.index_of_stored(b));
    if let Some(requested) = req.scope {
        let allowed = grant.find_scope(origin);
        let mut n = 0usize;
        for item in requested.split(' ').filter(|s| !s.is_empty()) {
            n += 1;
            if n > MAX_REQUESTED_SCOPES {
                return d.refuse(Error::TooManyScopes, profile, None);
            }
            if !allowed.contains(item) {
                return d.refuse(Error::RefreshScopeExceeded, profile, None);
            }
        }
    }
    // Q2
    let owner = owner(req.session_client_id, grant.authorization_client_id());
    if !same_client(owner, Some(Cid::Text(req.client_id))) {
        return d.refuse(Error::TokenClientMismatch, profile, None);
    }
    // Q3: OIDC walks from the token's origin, OAuth2 from the token itself.
    let scope = match req.scope {
        Some(s) => ScopeRef::Request(s),
        None => {
            let start = if oidc { origin } else { Some(ri) };
            match grant.scope_holder(start) {
                Some(i) => ScopeRef::Token(i),
                None => ScopeRef::Grant,
            }
        }
    };
    d.scope = scope;
    let mints = rt.minting_list();
    let mut m = Minter {
        grant,
        parent: rt,
        parent_index: ri,
        rule: mints,
        policy,
        now,
        d,
    };
    // Q4: MintingNotAllowed propagates.
    match m.mint(TokenClass::AccessToken, RuleSource::Grant, scope) {
        Ok(exp) => m.response_expires_in(exp),
        Err(e) => return m.d.refuse(e, profile, Some(TokenClass::AccessToken)),
    }
    // Q5
    let issue_refresh = if oidc {
        policy
            .issue_refresh
            .unwrap_or_else(|| scope.contains(grant, "offline_access"))
    } else {
        policy.issue_refresh.unwrap_or(false)
    };
    let mints = mints.unwrap_or(ClassSet::EMPTY);
    if mints.contains(TokenClass::RefreshToken)
        && issue_refresh
        && let Err(e) = m.mint(TokenClass::RefreshToken, RuleSource::CopyOf(ri), scope)
    {
        return m.d.refuse(e, profile, Some(TokenClass::RefreshToken));
    }
    // Q6
    if oidc
        && mints.contains(TokenClass::IdToken)
        && scope.contains(grant, "openid")
        && let Err(e) = m.mint(TokenClass::IdToken, RuleSource::Grant, scope)
    {
        return m.d.refuse(e, profile, Some(TokenClass::IdToken));
    }
    // Q7, Q8
    m.d.token_used = m.d.token_used.saturating_add(1);
    m.d.revoke_token = policy.revoke_refresh_on_issue;
    m.d
}

impl Scope<'_> {
    /// Number of items (list entries or space-separated words).
    pub fn len(&self) -> usize {
        match self {
            Scope::Absent => 0,
            Scope::List(a) => a.len(),
            Scope::Spaced(s) => {
                let mut n = 0;
                let mut in_word = false;
                for b in s.bytes() {
                    if b == b' ' {
                        in_word = false;
                    } else if !in_word {
                        in_word = true;
                        n += 1;
                    }
                }
                n
            }
        }
    }
}
