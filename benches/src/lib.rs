//! Shared fixtures for the benches and profiling examples (bench-only crate: see `benches/`).

/// The fixed "now" of the grant fixtures.
pub const T0: i64 = 1795420800;

/// A value of `len` characters from a base64url-ish alphabet (idpyoidc codes are 872
/// characters, its RS256 JWT access/refresh tokens ~1.1 KB).
pub fn value(tag: &str, len: usize) -> String {
    let mut s = String::from(tag);
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut i = 7usize;
    while s.len() < len {
        i = i.wrapping_mul(31).wrapping_add(17) % alphabet.len();
        s.push(char::from(alphabet[i]));
    }
    s
}

/// One issued token as idpyoidc dumps it (wrapped in its qualified class name).
#[allow(clippy::too_many_arguments, reason = "mirrors the dumped fields")]
pub fn token(
    class: &str,
    pyclass: &str,
    value: &str,
    used: i64,
    based_on: Option<&str>,
    rules: &str,
    exp: i64,
) -> String {
    let based = based_on
        .map(|b| format!(r#""based_on": "{b}", "#))
        .unwrap_or_default();
    format!(
        r#"{{"idpyoidc.server.session.token.{pyclass}": {{"expires_at": {exp}, "issued_at": {T0}, "not_before": 0, "revoked": false, "usage_rules": {rules}, "used": {used}, {based}"claims": {{}}, "id": "e1918002e71311f1800202fc00000001", "name": "{pyclass}", "resources": [], "scope": ["openid", "offline_access"], "token_class": "{class}", "value": "{value}"}}}}"#
    )
}

/// A grant like GRANTS.md §6 holding `tokens`.
pub fn grant(tokens: &[String], used: usize) -> String {
    format!(
        r#"{{"expires_at": {}, "issued_at": {T0}, "not_before": 0, "revoked": false, "usage_rules": {{"authorization_code": {{"expires_in": 300, "supports_minting": ["access_token", "refresh_token", "id_token"], "max_usage": 1}}, "access_token": {{"expires_in": 600}}, "refresh_token": {{"expires_in": 86400, "supports_minting": ["access_token", "refresh_token"]}}}}, "used": {used}, "authentication_event": {{"idpyoidc.server.authn_event.AuthnEvent": {{"uid": "diana", "authn_info": "urn:oasis:names:tc:SAML:2.0:ac:classes:InternetProtocolPassword", "authn_time": {T0}, "valid_until": {}}}}}, "authorization_request": {{"idpyoidc.message.oidc.AuthorizationRequest": {{"client_id": "client_1", "redirect_uri": "https://example.com/cb", "scope": "openid offline_access", "state": "STATE", "response_type": "code", "nonce": "N0NCE"}}}}, "claims": {{"userinfo": {{"sub": null}}, "introspection": {{}}, "id_token": {{}}, "access_token": {{"sub": null}}}}, "extra": {{}}, "resources": ["client_1"], "scope": ["openid", "offline_access"], "sub": "b9eb09a780ecbd667b426a8e61d2af10887ace6a5d535210fab5ac3112a2ed19", "issued_token": [{}], "token_map": {{"authorization_code": "idpyoidc.server.session.token.AuthorizationCode", "access_token": "idpyoidc.server.session.token.AccessToken", "refresh_token": "idpyoidc.server.session.token.RefreshToken", "id_token": "idpyoidc.server.session.token.IDToken"}}}}"#,
        T0 + 43200,
        T0 + 3600,
        tokens.join(", ")
    )
}
