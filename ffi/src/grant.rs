//! Grant decisions (`oxidc::grant`): redeem an authorization code, use a refresh token,
//! check a mint, as idpyoidc 5.0.0 decides them over the stored grant the host passes in.
//!
//! The grant is idpyoidc's serialised grant (or a whole `SessionManager.dump()` and the
//! session key). A decision is returned twice: a summary struct (`oxidc_decision`) and the
//! full facts as JSON in the caller's buffer (`Decision::write_json`: revocations, the tokens
//! to mint with their rules) — both must be persisted by the host, refusals included (a code
//! replay revokes descendants). Nothing is stored here. Thread-safe.

use crate::boundary::oxidc_str;
use crate::boundary::{Out, OutBuf, R, input, obj, opt_arg_str, opt_str_of, str_of};
use crate::opaque::class_from;
use crate::result::{core_error, oxidc_result};
use crate::serialize::static_str;
use oxidc::grant::{HandlerLifetimes, Profile, refusal_for};
use oxidc::{
    CodeRedemption, Decision, GrantView, RefreshRequest, TokenPolicy, UnixTime, redeem_code,
    refresh,
};

/// Which idpyoidc token-endpoint helpers to mirror (`uint32_t`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oxidc_profile {
    /// `idpyoidc.server.oidc.token_helper`: code reuse detection, ID tokens.
    OXIDC_PROFILE_OIDC = 0,
    /// `idpyoidc.server.oauth2.token_helper`.
    OXIDC_PROFILE_OAUTH2 = 1,
}

/// Token-endpoint configuration that changes decisions (start from
/// `oxidc_token_policy_default`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_token_policy {
    /// An `oxidc_profile`.
    pub profile: u32,
    /// The helper's `issue_refresh`: -1 unset (OIDC: `offline_access` decides; OAuth2:
    /// false), 0 false, 1 true.
    pub issue_refresh: i32,
    /// Whether the client's (else the provider's) grant types include `refresh_token`.
    pub refresh_in_grant_types: bool,
    /// `revoke_refresh_on_issue`.
    pub revoke_refresh_on_issue: bool,
    /// Access token handler lifetime, seconds (3600).
    pub access_token_lifetime: i64,
    /// Refresh token handler lifetime, seconds (86400).
    pub refresh_token_lifetime: i64,
    /// ID token handler lifetime, seconds (300).
    pub id_token_lifetime: i64,
    /// Whether `authorization_code` is a grant type this client may use.
    pub code_grant_allowed: bool,
    /// Whether `refresh_token` is a grant type this client may use.
    pub refresh_grant_allowed: bool,
}

/// A `grant_type=authorization_code` request as far as the grant rules need it. Optional
/// strings: `ptr == NULL`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_code_redemption {
    /// The `code` parameter (required).
    pub code: oxidc_str,
    /// The authenticated client (optional: the authorization request's).
    pub client_id: oxidc_str,
    /// The request's `redirect_uri` (optional).
    pub redirect_uri: oxidc_str,
    /// The client owning the session (middle of the session key; optional).
    pub session_client_id: oxidc_str,
}

/// A `grant_type=refresh_token` request as far as the grant rules need it.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_refresh_request {
    /// The `refresh_token` parameter (required).
    pub refresh_token: oxidc_str,
    /// The authenticated client (required).
    pub client_id: oxidc_str,
    /// The requested `scope`, space-separated (optional).
    pub scope: oxidc_str,
    /// The client owning the session (optional).
    pub session_client_id: oxidc_str,
    /// Whether `value_exp` is set (JWT refresh tokens: their own `exp`).
    pub has_value_exp: bool,
    /// The `exp` inside the refresh token value.
    pub value_exp: i64,
}

/// The summary of a decision (the JSON written alongside has every fact). Strings are static.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_decision {
    /// Issue the tokens (else refuse with `oauth_error` / `error_description`).
    pub issued: bool,
    /// `OXIDC_OK` when issued, else the refusal's fact (`OXIDC_CODE_REUSED`, …).
    pub error: oxidc_result,
    /// The token error response's `error` (empty when issued).
    pub oauth_error: oxidc_str,
    /// idpyoidc's `error_description` (empty when issued).
    pub error_description: oxidc_str,
    /// Whether the presented token was found in the grant (`token` is its index).
    pub has_token: bool,
    /// Index of the presented token in `issued_token`.
    pub token: usize,
    /// The presented token's new `used`.
    pub token_used: i64,
    /// Mark the presented token revoked.
    pub revoke_token: bool,
    /// Append `refresh_token` to the presented code's `supports_minting`.
    pub add_refresh_minting: bool,
    /// Mark every descendant of the presented token revoked (the JSON's `revoke` lists them).
    pub revoke_descendants: bool,
    /// The grant's new `used`.
    pub grant_used: i64,
    /// How many tokens to mint (the JSON's `mint` describes them).
    pub mint_count: usize,
    /// Whether `expires_in` is set.
    pub has_expires_in: bool,
    /// The response's `expires_in`.
    pub expires_in: i64,
}

fn profile(code: u32) -> R<Profile> {
    match code {
        0 => Ok(Profile::Oidc),
        1 => Ok(Profile::OAuth2),
        _ => Err(oxidc_result::OXIDC_INVALID_ARGUMENT),
    }
}

fn policy(p: &oxidc_token_policy) -> R<TokenPolicy> {
    Ok(TokenPolicy {
        profile: profile(p.profile)?,
        issue_refresh: match p.issue_refresh {
            -1 => None,
            0 => Some(false),
            1 => Some(true),
            _ => return Err(oxidc_result::OXIDC_INVALID_ARGUMENT),
        },
        refresh_in_grant_types: p.refresh_in_grant_types,
        revoke_refresh_on_issue: p.revoke_refresh_on_issue,
        lifetimes: HandlerLifetimes {
            access_token: p.access_token_lifetime,
            refresh_token: p.refresh_token_lifetime,
            id_token: p.id_token_lifetime,
        },
        code_grant_allowed: p.code_grant_allowed,
        refresh_grant_allowed: p.refresh_grant_allowed,
    })
}

/// idpyoidc's defaults for `profile` (an `oxidc_profile`) in `*out`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_policy_default(
    profile_code: u32,
    out: *mut oxidc_token_policy,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        let p = match profile(profile_code)? {
            Profile::Oidc => TokenPolicy::OIDC,
            Profile::OAuth2 => TokenPolicy::OAUTH2,
        };
        out.set(oxidc_token_policy {
            profile: profile_code,
            issue_refresh: -1,
            refresh_in_grant_types: p.refresh_in_grant_types,
            revoke_refresh_on_issue: p.revoke_refresh_on_issue,
            access_token_lifetime: p.lifetimes.access_token,
            refresh_token_lifetime: p.lifetimes.refresh_token,
            id_token_lifetime: p.lifetimes.id_token,
            code_grant_allowed: p.code_grant_allowed,
            refresh_grant_allowed: p.refresh_grant_allowed,
        });
        Ok(())
    })
}

/// Parses the grant: `grant` is the grant JSON (or `[class, grant]` pair), or — when
/// `dump_key` is given — a whole session dump and the key of the grant in it.
/// The view is filled where it stays (it is several kilobytes; `GrantView::parse` would move it).
fn view<'a>(g: &mut GrantView<'a>, grant: &'a [u8], dump_key: Option<&str>) -> R<()> {
    match dump_key {
        Some(k) => *g = GrantView::from_dump(grant, k)?,
        None => g.parse_from(grant)?,
    }
    Ok(())
}

fn summary(d: &Decision<'_>) -> oxidc_decision {
    let refusal = d.refusal();
    oxidc_decision {
        issued: d.is_issued(),
        error: refusal.map_or(oxidc_result::OXIDC_OK, |r| r.error.into()),
        oauth_error: static_str(Some(refusal.map_or("", |r| r.oauth_error))),
        error_description: static_str(Some(refusal.map_or("", |r| r.description))),
        has_token: d.token.is_some(),
        token: d.token.unwrap_or(0),
        token_used: d.token_used,
        revoke_token: d.revoke_token,
        add_refresh_minting: d.add_refresh_minting,
        revoke_descendants: d.revoke_descendants,
        grant_used: d.grant_used,
        mint_count: d.mints.len(),
        has_expires_in: d.expires_in.is_some(),
        expires_in: d.expires_in.unwrap_or(0),
    }
}

fn finish(
    d: &Decision<'_>,
    g: &GrantView<'_>,
    out: OutBuf,
    decision: Out<oxidc_decision>,
) -> R<()> {
    out.write_from(|b| d.write_json(g, b))?;
    decision.set(summary(d));
    Ok(())
}

/// Decides `grant_type=authorization_code` (GRANTS.md §4.3/§4.4) at `now` over the stored
/// grant (`dump_key` NULL: `grant` is the grant itself; else a session dump and the key).
/// Returns `OXIDC_OK` with the decision — issue or refuse — in `*decision` and its JSON in
/// `out` (64 KiB always suffices); other codes mean the grant or arguments were unusable
/// (`OXIDC_MALFORMED_GRANT`, `OXIDC_BUFFER_TOO_SMALL`, …) and nothing was written.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_grant_redeem_code(
    grant: *const u8,
    grant_len: usize,
    dump_key: *const u8,
    dump_key_len: usize,
    request: *const oxidc_code_redemption,
    token_policy: *const oxidc_token_policy,
    now: i64,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
    decision: *mut oxidc_decision,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let grant = unsafe { input(grant, grant_len) }?;
        // SAFETY: the caller's buffer contract (NULL: absent).
        let key = unsafe { opt_arg_str(dump_key, dump_key_len) }?;
        // SAFETY: valid structs (caller's contract).
        let (r, p) = unsafe { (obj(request)?, obj(token_policy)?) };
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        // SAFETY: the caller's output contract.
        let decision = unsafe { Out::new(decision) }?;
        // SAFETY: the struct's strings are valid (caller's contract).
        let req = unsafe {
            CodeRedemption {
                code: str_of(&r.code)?,
                client_id: opt_str_of(&r.client_id)?,
                redirect_uri: opt_str_of(&r.redirect_uri)?,
                session_client_id: opt_str_of(&r.session_client_id)?,
            }
        };
        let p = policy(p)?;
        let mut g = GrantView::new();
        view(&mut g, grant, key)?;
        let d = redeem_code(&g, &req, &p, UnixTime(now));
        finish(&d, &g, out, decision)
    })
}

/// Decides `grant_type=refresh_token` (GRANTS.md §4.5) at `now`; as
/// `oxidc_grant_redeem_code`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_grant_refresh(
    grant: *const u8,
    grant_len: usize,
    dump_key: *const u8,
    dump_key_len: usize,
    request: *const oxidc_refresh_request,
    token_policy: *const oxidc_token_policy,
    now: i64,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
    decision: *mut oxidc_decision,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let grant = unsafe { input(grant, grant_len) }?;
        // SAFETY: the caller's buffer contract (NULL: absent).
        let key = unsafe { opt_arg_str(dump_key, dump_key_len) }?;
        // SAFETY: valid structs (caller's contract).
        let (r, p) = unsafe { (obj(request)?, obj(token_policy)?) };
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        // SAFETY: the caller's output contract.
        let decision = unsafe { Out::new(decision) }?;
        // SAFETY: the struct's strings are valid (caller's contract).
        let req = unsafe {
            RefreshRequest {
                refresh_token: str_of(&r.refresh_token)?,
                client_id: str_of(&r.client_id)?,
                scope: opt_str_of(&r.scope)?,
                session_client_id: opt_str_of(&r.session_client_id)?,
                value_exp: r.has_value_exp.then_some(r.value_exp),
            }
        };
        let p = policy(p)?;
        let mut g = GrantView::new();
        view(&mut g, grant, key)?;
        let d = refresh(&g, &req, &p, UnixTime(now));
        finish(&d, &g, out, decision)
    })
}

/// Finds the issued token whose value is `value` (constant-time per candidate): its index in
/// `*out_index`, `OXIDC_NOT_FOUND` when the grant holds no such token.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_grant_find_token(
    grant: *const u8,
    grant_len: usize,
    dump_key: *const u8,
    dump_key_len: usize,
    value: *const u8,
    value_len: usize,
    out_index: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let grant = unsafe { input(grant, grant_len) }?;
        // SAFETY: the caller's buffer contract (NULL: absent).
        let key = unsafe { opt_arg_str(dump_key, dump_key_len) }?;
        // SAFETY: the caller's buffer contract.
        let value = unsafe { input(value, value_len) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out_index) }?;
        let mut g = GrantView::new();
        view(&mut g, grant, key)?;
        let (i, _) = g.find_token(value).ok_or(oxidc_result::OXIDC_NOT_FOUND)?;
        out.set(i);
        Ok(())
    })
}

/// Checks that a token of `class` (an `oxidc_token_class`) may be minted from issued token
/// `parent` at `now` (GRANTS.md §3): `OXIDC_OK`, or the fact (`OXIDC_MINTING_NOT_SUPPORTED`,
/// `OXIDC_TOKEN_INACTIVE`, `OXIDC_GRANT_INACTIVE`, …; `oxidc_grant_refusal` gives the error
/// response).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_grant_check_mint(
    grant: *const u8,
    grant_len: usize,
    dump_key: *const u8,
    dump_key_len: usize,
    parent: usize,
    class: u32,
    now: i64,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let grant = unsafe { input(grant, grant_len) }?;
        // SAFETY: the caller's buffer contract (NULL: absent).
        let key = unsafe { opt_arg_str(dump_key, dump_key_len) }?;
        let class = class_from(class)?;
        let mut g = GrantView::new();
        view(&mut g, grant, key)?;
        Ok(g.check_mint(parent, class, UnixTime(now))?)
    })
}

/// The token error response idpyoidc sends for a grant fact `result` under `profile` (an
/// `oxidc_profile`); `class` (an `oxidc_token_class`, 0: none) names the class for
/// `OXIDC_MINTING_NOT_SUPPORTED`. `*oauth_error` and `*error_description` point to static
/// text. A number that is no core error is `OXIDC_INVALID_ARGUMENT`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_grant_refusal(
    result: u32,
    profile_code: u32,
    class: u32,
    oauth_error: *mut oxidc_str,
    error_description: *mut oxidc_str,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's output contract.
        let e_out = unsafe { Out::new(oauth_error) }?;
        // SAFETY: the caller's output contract.
        let d_out = unsafe { Out::new(error_description) }?;
        let e = core_error(result).ok_or(oxidc_result::OXIDC_INVALID_ARGUMENT)?;
        let class = match class {
            0 => None,
            c => Some(class_from(c)?),
        };
        let r = refusal_for(e, profile(profile_code)?, class);
        e_out.set(static_str(Some(r.oauth_error)));
        d_out.set(static_str(Some(r.description)));
        Ok(())
    })
}
