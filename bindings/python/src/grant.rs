//! Grant decisions on idpyoidc's stored grants (`oxidc::grant`): the grant is given as the dict
//! (or JSON text) idpyoidc dumps — or a whole `SessionManager.dump()` plus the session key —
//! and a token-endpoint step returns the core's decision as a dict (`Decision::write_json`):
//! issue or refuse (with the OAuth error and idpyoidc's description) plus the state changes
//! the host must persist in both cases. Nothing is stored here.

use crate::errors::{OrRaise, to_py};
use crate::json::{json_input, object_to_py};
use oxidc::grant::{
    CodeRedemption, GrantView, HandlerLifetimes, Profile, RefreshRequest, TokenClass,
    TokenPolicy as CorePolicy, redeem_code, refresh, refusal_for,
};
use oxidc::json::Object;
use oxidc::{Error, UnixTime};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

fn profile(name: &str) -> PyResult<Profile> {
    match name {
        "oidc" => Ok(Profile::Oidc),
        "oauth2" => Ok(Profile::OAuth2),
        _ => Err(PyValueError::new_err(
            "profile must be \"oidc\" or \"oauth2\"",
        )),
    }
}

fn profile_name(p: Profile) -> &'static str {
    match p {
        Profile::Oidc => "oidc",
        Profile::OAuth2 => "oauth2",
    }
}

/// Token-endpoint configuration that changes grant decisions (idpyoidc's token helper
/// settings). Defaults are idpyoidc's OIDC defaults.
#[pyclass(frozen, module = "oxidc._native")]
#[derive(Clone)]
pub struct TokenPolicy {
    inner: CorePolicy,
}

#[pymethods]
impl TokenPolicy {
    /// `profile`: `"oidc"` (code reuse detection, ID tokens) or `"oauth2"`. `issue_refresh`:
    /// the helper's keyword (`None`: `offline_access` decides under OIDC).
    /// `refresh_in_grant_types`: the client's (else the provider's) grant types contain
    /// `refresh_token`. `revoke_refresh_on_issue`: revoke a refresh token once used. Lifetimes
    /// (seconds) apply to classes without a usage rule in the grant. `code_grant_allowed` /
    /// `refresh_grant_allowed`: the grant types the endpoint accepts from this client.
    #[new]
    #[pyo3(signature = (
        profile="oidc", *, issue_refresh=None, refresh_in_grant_types=false,
        revoke_refresh_on_issue=false, access_token_lifetime=3600,
        refresh_token_lifetime=86400, id_token_lifetime=300, code_grant_allowed=true,
        refresh_grant_allowed=true
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        profile: &str,
        issue_refresh: Option<bool>,
        refresh_in_grant_types: bool,
        revoke_refresh_on_issue: bool,
        access_token_lifetime: i64,
        refresh_token_lifetime: i64,
        id_token_lifetime: i64,
        code_grant_allowed: bool,
        refresh_grant_allowed: bool,
    ) -> PyResult<Self> {
        Ok(TokenPolicy {
            inner: CorePolicy {
                profile: self::profile(profile)?,
                issue_refresh,
                refresh_in_grant_types,
                revoke_refresh_on_issue,
                lifetimes: HandlerLifetimes {
                    access_token: access_token_lifetime,
                    refresh_token: refresh_token_lifetime,
                    id_token: id_token_lifetime,
                },
                code_grant_allowed,
                refresh_grant_allowed,
            },
        })
    }

    /// `"oidc"` or `"oauth2"`.
    #[getter]
    fn profile(&self) -> &'static str {
        profile_name(self.inner.profile)
    }

    fn __repr__(&self) -> String {
        let p = &self.inner;
        format!(
            "TokenPolicy({:?}, issue_refresh={}, refresh_in_grant_types={}, \
             revoke_refresh_on_issue={}, access_token_lifetime={}, refresh_token_lifetime={}, \
             id_token_lifetime={}, code_grant_allowed={}, refresh_grant_allowed={})",
            profile_name(p.profile),
            match p.issue_refresh {
                None => "None",
                Some(true) => "True",
                Some(false) => "False",
            },
            py_bool(p.refresh_in_grant_types),
            py_bool(p.revoke_refresh_on_issue),
            p.lifetimes.access_token,
            p.lifetimes.refresh_token,
            p.lifetimes.id_token,
            py_bool(p.code_grant_allowed),
            py_bool(p.refresh_grant_allowed),
        )
    }
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

fn policy_of(p: Option<&Bound<'_, TokenPolicy>>) -> CorePolicy {
    p.map(|p| p.get().inner).unwrap_or(CorePolicy::OIDC)
}

fn now_or(now: Option<i64>) -> UnixTime {
    UnixTime(now.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0)
    }))
}

/// Parses the stored grant: the grant object (dict/str/bytes), a `[class, object]` dump entry,
/// or — with `dump_key` — a whole session dump and the key of the grant in it.
fn with_grant<T>(
    py: Python<'_>,
    grant: &Bound<'_, PyAny>,
    dump_key: Option<&str>,
    f: impl FnOnce(&GrantView<'_>) -> PyResult<T>,
) -> PyResult<T> {
    let text = json_input(grant)?;
    match dump_key {
        None => {
            // Built where it stays (a view is several kilobytes; `parse` would move it twice).
            let mut view = GrantView::new();
            view.parse_from(&text).or_raise(py)?;
            f(&view)
        }
        Some(k) => f(&GrantView::from_dump(&text, k).or_raise(py)?),
    }
}

fn decision_dict<'py>(
    py: Python<'py>,
    d: &oxidc::grant::Decision<'_>,
    g: &GrantView<'_>,
) -> PyResult<Bound<'py, PyDict>> {
    let mut room = 4096;
    loop {
        let mut buf = vec![0u8; room];
        match d.write_json(g, &mut buf) {
            Ok(n) => {
                let text = buf.get(..n).unwrap_or_default();
                let o = Object::parse(text).or_raise(py)?;
                return object_to_py(py, &o);
            }
            Err(Error::BufferTooSmall) if room < 16 * 1024 * 1024 => room *= 4,
            Err(e) => return Err(to_py(py, e)),
        }
    }
}

/// Decides `grant_type=authorization_code` (idpyoidc's token helper) for the stored `grant`
/// at `now` (default: the clock). Returns the decision dict: `ok`, then `token_type`, `scope`,
/// `expires_in` (issued) or `error`, `error_description`, `kind` (refused); and in both cases
/// the state to persist: `token` (index of the code in `issued_token`, or None), `token_used`,
/// `token_revoked`, `add_refresh_minting`, `revoke` (indices), `grant_used`, `mint` (the
/// tokens to mint: `token_class`, `based_on`, `expires_at`, `scope`, `usage_rules`).
#[pyfunction]
#[pyo3(signature = (
    grant, code, *, client_id=None, redirect_uri=None, session_client_id=None, policy=None,
    now=None, dump_key=None
))]
#[allow(clippy::too_many_arguments)]
pub fn redeem_code_grant<'py>(
    py: Python<'py>,
    grant: &Bound<'py, PyAny>,
    code: &str,
    client_id: Option<&str>,
    redirect_uri: Option<&str>,
    session_client_id: Option<&str>,
    policy: Option<&Bound<'py, TokenPolicy>>,
    now: Option<i64>,
    dump_key: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    let policy = policy_of(policy);
    with_grant(py, grant, dump_key, |g| {
        let req = CodeRedemption {
            code,
            client_id,
            redirect_uri,
            session_client_id,
        };
        let d = redeem_code(g, &req, &policy, now_or(now));
        decision_dict(py, &d, g)
    })
}

/// Decides `grant_type=refresh_token` for the stored `grant` at `now`; returns the decision
/// dict (see `redeem_code`). `value_exp` is the `exp` of a JWT refresh token (idpyoidc's handler
/// refuses an expired one before consulting the grant); None for opaque ones.
#[pyfunction]
#[pyo3(signature = (
    grant, refresh_token, *, client_id, scope=None, session_client_id=None, value_exp=None,
    policy=None, now=None, dump_key=None
))]
#[allow(clippy::too_many_arguments)]
pub fn refresh_grant<'py>(
    py: Python<'py>,
    grant: &Bound<'py, PyAny>,
    refresh_token: &str,
    client_id: &str,
    scope: Option<&str>,
    session_client_id: Option<&str>,
    value_exp: Option<i64>,
    policy: Option<&Bound<'py, TokenPolicy>>,
    now: Option<i64>,
    dump_key: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    let policy = policy_of(policy);
    with_grant(py, grant, dump_key, |g| {
        let req = RefreshRequest {
            refresh_token,
            client_id,
            scope,
            session_client_id,
            value_exp,
        };
        let d = refresh(g, &req, &policy, now_or(now));
        decision_dict(py, &d, g)
    })
}

fn class_of(name: &str) -> PyResult<TokenClass> {
    match TokenClass::from_alias(name) {
        TokenClass::Other => Err(PyValueError::new_err(format!(
            "unknown token class {name:?}"
        ))),
        c => Ok(c),
    }
}

/// `Grant.mint_token`'s checks: may `token_class` be minted from issued token `based_on` (an
/// index into `issued_token`, or the token's value) at `now`? Raises `GrantInactive`,
/// `MintingNotSupported`, `TokenInactive` or `UnknownCode` (no such token).
#[pyfunction]
#[pyo3(signature = (grant, based_on, token_class, *, now=None, dump_key=None))]
pub fn check_mint(
    py: Python<'_>,
    grant: &Bound<'_, PyAny>,
    based_on: &Bound<'_, PyAny>,
    token_class: &str,
    now: Option<i64>,
    dump_key: Option<&str>,
) -> PyResult<()> {
    let class = class_of(token_class)?;
    with_grant(py, grant, dump_key, |g| {
        let parent = match based_on.extract::<usize>() {
            Ok(i) => i,
            Err(_) => {
                let v = crate::json::text_or_bytes(based_on)?;
                g.find_token(&v)
                    .map(|(i, _)| i)
                    .ok_or_else(|| to_py(py, Error::UnknownCode))?
            }
        };
        g.check_mint(parent, class, now_or(now)).or_raise(py)
    })
}

/// The token error response idpyoidc sends for a grant error: `(error, error_description)`.
/// `kind` is the error's stable name (`Error.kind`); `token_class` names the class for
/// `minting_not_supported` and `grant_type_not_allowed`.
#[pyfunction]
#[pyo3(signature = (kind, *, profile="oidc", token_class=None))]
pub fn grant_refusal(
    kind: &str,
    profile: &str,
    token_class: Option<&str>,
) -> PyResult<(&'static str, &'static str)> {
    let e = Error::from_name(kind)
        .ok_or_else(|| PyValueError::new_err(format!("unknown error kind {kind:?}")))?;
    let class = token_class.map(class_of).transpose()?;
    let r = refusal_for(e, self::profile(profile)?, class);
    Ok((r.oauth_error, r.description))
}
