//! The OpenID Provider's side of an authentication request: request objects (OIDC Core §6.1,
//! RFC 9101) verified with the client's keys and `id_token_hint` (OIDC Core §3.1.2.1)
//! verified with the OP's own keys, by the core's `oidc::request_object`
//! (`verify_with_request_object`, `RequestObject::effective`, `verify_id_token_hint`).
//!
//! The same call as the Python binding's `oxidc.parse_authentication_request` and the C
//! function `oxidc_message_parse_authentication_request`: the result is the *effective*
//! request (with a request object, the object's parameters alone — idpyoidc's merge), the
//! verified request object (idpyoidc's `__verified_request`) and the verified hint
//! (`verified_id_token_hint`). A rejection is a [`MessageError`] naming the parameter
//! (`request`, `id_token_hint`, or the one the request's own rules concern); the OAuth
//! error to answer with is `error_response_for(kind, param)` (`invalid_request_object` for a
//! request object that failed).

use std::sync::Arc;

use oxidc::Error;
use oxidc::json::{JsonWriter, Value};
use oxidc::jwt::Required;
use oxidc::oauth::{Field, Kind, List, Message, ParamValue, Params, RawValue};
use oxidc::oidc::messages::AuthorizationRequest;
use oxidc::oidc::request_object::{IdTokenHintPolicy, RequestObjectPolicy};
use oxidc::{Leeway, UnixTime};

use crate::error::MessageError;
use crate::keys::{CoreKeySet, KeySet};
use crate::verify::{Jwt, RegisteredClaim, claims_record, header_record};

/// How [`parse_authentication_request`] checks a request (the core's `RequestObjectPolicy`
/// and `IdTokenHintPolicy`).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AuthenticationRequestOptions {
    /// The OP's issuer identifier: an `id_token_hint` must have been issued by it (`iss`).
    pub issuer: String,
    /// When given (pass your issuer), a request object's `aud` must contain it (RFC 9101
    /// §10.2; then `aud` is required). `None`: `aud` is not looked at (idpyoidc's way).
    #[uniffi(default = None)]
    pub audience: Option<String>,
    /// Clock skew on a request object's `exp`, `nbf` and `iat` (cryptojwt's 15 s).
    #[uniffi(default = 15)]
    pub leeway_secs: u32,
    /// Registered claims a request object must carry besides `iss` (e.g. `exp` and `nbf`
    /// for FAPI 2.0).
    #[uniffi(default = [])]
    pub required: Vec<RegisteredClaim>,
    /// The nonce expected when the effective `response_type` contains `id_token`.
    #[uniffi(default = None)]
    pub nonce: Option<String>,
    /// When given, an `id_token_hint`'s `aud` must contain this client (idpyoidc does not
    /// check it).
    #[uniffi(default = None)]
    pub hint_client_id: Option<String>,
    /// The request is a JSON object rather than a query string / form body.
    #[uniffi(default = false)]
    pub json: bool,
}

/// A verified OpenID Connect authentication request (OIDC Core §3.1.2.1): the *effective*
/// request — with a request object, exactly the object's parameters (the outer ones are
/// dropped, RFC 9101 §6.3) — and the tokens verified on the way.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AuthenticationRequest {
    /// `response_type`
    pub response_type: Vec<String>,
    /// `client_id`
    pub client_id: String,
    /// `scope` (contains `openid`)
    pub scope: Vec<String>,
    /// `redirect_uri` (compare it with the client's registered ones)
    pub redirect_uri: String,
    /// `state`
    pub state: Option<String>,
    /// `nonce`
    pub nonce: Option<String>,
    /// `display`
    pub display: Option<String>,
    /// `prompt`
    pub prompt: Vec<String>,
    /// `max_age`
    pub max_age: Option<i64>,
    /// `ui_locales`
    pub ui_locales: Vec<String>,
    /// `claims_locales`
    pub claims_locales: Vec<String>,
    /// `id_token_hint` (verified: see `verified_id_token_hint`)
    pub id_token_hint: Option<String>,
    /// `login_hint`
    pub login_hint: Option<String>,
    /// `acr_values`
    pub acr_values: Vec<String>,
    /// `claims` (OIDC Core §5.5) as JSON text
    pub claims: Option<String>,
    /// `resource` (RFC 8707)
    pub resource: Vec<String>,
    /// `response_mode`
    pub response_mode: Option<String>,
    /// `request_uri`
    pub request_uri: Option<String>,
    /// Every effective parameter as a JSON object, as idpyoidc's `to_dict()` gives the
    /// merged request: declared parameters typed (space-separated lists as one string,
    /// `max_age` a number, `claims` an object), the others as they came (a request object's
    /// `iss`, `aud`, `exp`, … included).
    pub params: String,
    /// The request object, when the request had one: its header and claims (idpyoidc's
    /// `__verified_request`).
    pub verified_request: Option<Jwt>,
    /// The `id_token_hint`, when the effective request has one: verified with the OP's keys
    /// (idpyoidc's `verified_id_token_hint`; its expiry is not checked, OIDC Core §3.1.2.1).
    pub verified_id_token_hint: Option<Jwt>,
}

/// Parses and verifies an OpenID Connect authentication request as an OP (idpyoidc's
/// `oidc.AuthorizationRequest.verify(keyjar=…)`, with the RFCs' stricter rules:
/// tests/vectors/DIVERGENCES.md). `query`: the query string (a leading `?` is ignored) or
/// form body, or a JSON object with `options.json`.
///
/// * A `request` parameter (a request object) must be signed by one of `client_keys` (the
///   key pins the algorithm; `none` and unsigned JSON are refused), with `iss` equal to
///   `client_id`, `aud` containing `options.audience` when given, valid `exp`/`nbf`/`iat`
///   within `options.leeway_secs`, the claims of `options.required`, no nested
///   `request`/`request_uri`, and its `client_id` equal to the outer one. The request then
///   consists of the object's parameters alone, verified again (`openid` in its `scope`, …).
/// * An `id_token_hint` of the effective request must be an ID token this OP issued: signed
///   by one of `op_keys`, `iss` equal to `options.issuer`, `sub` present, `aud` containing
///   `options.hint_client_id` when given.
///
/// Missing keys count as none (then a `request` / hint fails with `UnknownKey`). `now`:
/// seconds since the epoch. Failures throw `MessageError` with the parameter in the message
/// (`` (parameter `request`) ``); answer them with `error_response_for(kind, param)`.
#[uniffi::export(default(client_keys = None, op_keys = None))]
pub fn parse_authentication_request(
    query: String,
    options: AuthenticationRequestOptions,
    now: i64,
    client_keys: Option<Arc<KeySet>>,
    op_keys: Option<Arc<KeySet>>,
) -> Result<AuthenticationRequest, MessageError> {
    let required = options
        .required
        .iter()
        .fold(Required::NONE, |acc, c| acc | Required::from(*c));
    let policy = RequestObjectPolicy {
        audience: options.audience.as_deref(),
        leeway: Leeway(options.leeway_secs),
        required,
    };
    let hint_policy = IdTokenHintPolicy {
        issuer: &options.issuer,
        client_id: options.hint_client_id.as_deref(),
    };
    let no_keys = Box::<CoreKeySet>::default();
    let client_keys = client_keys.as_ref().map_or(&*no_keys, |k| &*k.inner);
    let op_keys = op_keys.as_ref().map_or(&*no_keys, |k| &*k.inner);

    let input = if options.json {
        query.as_str()
    } else {
        query.strip_prefix('?').unwrap_or(&query)
    };
    let mut scratch = vec![0u8; input.len()];
    let params = if options.json {
        Params::parse_json(input.as_bytes(), &mut scratch)?
    } else {
        Params::parse_form(input.as_bytes(), &mut scratch)?
    };
    let outer = AuthorizationRequest::new(&params)?;
    // RequestObject::buffer_len is at most 1.5 × the object + 4.
    let mut buf = vec![0u8; outer.request().map_or(0, |r| r.len() * 2 + 4)];
    let object = outer.verify_with_request_object(
        client_keys,
        &policy,
        options.nonce.as_deref(),
        UnixTime(now),
        &mut buf,
    )?;
    let effective = match &object {
        Some(o) => o.effective()?,
        None => outer,
    };
    let mut hint_buf = vec![0u8; effective.id_token_hint().map_or(0, str::len)];
    let hint = effective.verify_id_token_hint(op_keys, &hint_policy, &mut hint_buf)?;

    let jwt = |t: &oxidc::jwt::VerifiedToken<'_>| Jwt {
        header: header_record(t.header()),
        claims: claims_record(t.claims()),
    };
    Ok(AuthenticationRequest {
        response_type: list(effective.response_type()),
        client_id: owned(effective.client_id()).unwrap_or_default(),
        scope: list(effective.scope()),
        redirect_uri: owned(effective.redirect_uri()).unwrap_or_default(),
        state: owned(effective.state()),
        nonce: owned(effective.nonce()),
        display: owned(effective.display()),
        prompt: list(effective.prompt()),
        max_age: effective.max_age(),
        ui_locales: list(effective.ui_locales()),
        claims_locales: list(effective.claims_locales()),
        id_token_hint: owned(effective.id_token_hint()),
        login_hint: owned(effective.login_hint()),
        acr_values: list(effective.acr_values()),
        claims: effective.claims().map(|o| raw_text(o.raw())),
        resource: list(effective.resource()),
        response_mode: owned(effective.response_mode()),
        request_uri: owned(effective.request_uri()),
        params: params_json(effective.message())?,
        verified_request: object.as_ref().map(|o| jwt(o.token())),
        verified_id_token_hint: hint.as_ref().map(jwt),
    })
}

fn owned(s: Option<&str>) -> Option<String> {
    s.map(str::to_owned)
}

fn list(l: Option<List<'_>>) -> Vec<String> {
    l.map_or_else(Vec::new, |l| l.iter().map(str::to_owned).collect())
}

fn raw_text(raw: &[u8]) -> String {
    String::from_utf8_lossy(raw).into_owned()
}

/// The message's parameters as a JSON object (see `AuthenticationRequest::params`), written
/// with the core's JSON writer.
fn params_json(m: &Message<'_>) -> Result<String, Error> {
    // Each decoded byte is at most 6 written (`\u00XX`); raw JSON is copied; names, quotes
    // and separators are bounded per parameter.
    let mut out = vec![
        0u8;
        6 * m
            .params()
            .iter()
            .map(|(n, v)| n.len() + raw_len(&v))
            .sum::<usize>()
            + 64 * (m.params().len() + 1)
    ];
    let mut w = JsonWriter::new(&mut out);
    w.raw(b"{")?;
    let mut first = true;
    m.for_each(|name, field| {
        if !first {
            w.raw(b", ")?;
        }
        first = false;
        w.string(name)?;
        w.raw(b": ")?;
        match field {
            Field::Declared(v) => {
                let kind = m
                    .spec()
                    .index_of(name)
                    .and_then(|i| m.spec().params.get(i))
                    .map(|p| p.kind);
                declared(&mut w, v, kind)
            }
            Field::Undeclared(_) if m.params().count(name) > 1 => {
                w.raw(b"[")?;
                for (i, v) in m.params().get_all(name).enumerate() {
                    if i > 0 {
                        w.raw(b", ")?;
                    }
                    raw_value(&mut w, v)?;
                }
                w.raw(b"]")
            }
            Field::Undeclared(raw) => raw_value(&mut w, raw),
        }
    })?;
    w.raw(b"}")?;
    let (buf, n) = w.finish();
    let bytes = buf.get(..n).ok_or(Error::BufferTooSmall)?;
    String::from_utf8(bytes.to_vec()).map_err(|_| Error::InvalidUtf8)
}

/// An upper bound of the text a raw value decodes to (or its raw JSON).
fn raw_len(v: &RawValue<'_>) -> usize {
    match v {
        RawValue::Text(t) => t.len(),
        RawValue::StrList(l) => l.iter().map(|s| s.len() + 4).sum(),
        RawValue::Json(v) => json_raw(v).map_or(5, <[u8]>::len),
    }
}

fn declared(w: &mut JsonWriter<'_>, v: ParamValue<'_>, kind: Option<Kind>) -> Result<(), Error> {
    match v {
        ParamValue::Null => w.raw(b"null"),
        ParamValue::Str(s) => w.string(s),
        ParamValue::Int(i) => w.int(i),
        ParamValue::Bool(b) => w.raw(if b { b"true" } else { b"false" }),
        ParamValue::List(l) if kind == Some(Kind::SpList) => {
            w.string(&l.iter().collect::<Vec<_>>().join(" "))
        }
        ParamValue::List(l) => string_array(w, l),
        ParamValue::Object(o) => w.raw(o.raw()),
    }
}

fn string_array(w: &mut JsonWriter<'_>, l: List<'_>) -> Result<(), Error> {
    w.raw(b"[")?;
    for (i, s) in l.iter().enumerate() {
        if i > 0 {
            w.raw(b", ")?;
        }
        w.string(s)?;
    }
    w.raw(b"]")
}

fn raw_value(w: &mut JsonWriter<'_>, v: RawValue<'_>) -> Result<(), Error> {
    match v {
        RawValue::Text(t) => w.string(t),
        RawValue::StrList(l) => string_array(w, l),
        RawValue::Json(Value::String(s)) => {
            w.raw(b"\"")?;
            w.raw(s.raw())?;
            w.raw(b"\"")
        }
        RawValue::Json(v) => match json_raw(&v) {
            Some(raw) => w.raw(raw),
            None => w.raw(match v {
                Value::Bool(true) => b"true",
                Value::Bool(false) => b"false",
                _ => b"null",
            }),
        },
    }
}

/// The raw JSON text of a number, array or object.
fn json_raw<'a>(v: &Value<'a>) -> Option<&'a [u8]> {
    match v {
        Value::Number(n) => Some(n.as_str().as_bytes()),
        Value::Array(a) => Some(a.raw()),
        Value::Object(o) => Some(o.raw()),
        Value::String(s) => Some(s.raw()),
        Value::Null | Value::Bool(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(body: &str) -> serde_json::Value {
        let mut scratch = vec![0u8; body.len()];
        let p = Params::parse_form(body.as_bytes(), &mut scratch).unwrap();
        let r = AuthorizationRequest::new(&p).unwrap();
        serde_json::from_str(&params_json(r.message()).unwrap()).unwrap()
    }

    #[test]
    fn params_are_idpyoidc_to_dict() {
        let got = params(
            "response_type=code+id_token&client_id=c%22%5C%01%C3%A9&scope=openid+email&max_age=5\
             &claims=%7B%22a%22%3A%5B1%5D%7D&resource=r1&x=1&x=2%20",
        );
        let want = serde_json::json!({
            "response_type": "code id_token", "client_id": "c\"\\\u{1}é", "scope": "openid email",
            "max_age": 5, "claims": {"a": [1]}, "resource": ["r1"], "x": ["1", "2 "],
        });
        assert_eq!(got, want);
    }

    #[test]
    fn rejections_answer_with_their_own_code() {
        let r = crate::oauth::error_response_for("bad_signature".into(), Some("request".into()));
        assert_eq!(r.error, "invalid_request_object");
        let r = crate::oauth::error_response_for("missing_parameter".into(), Some("scope".into()));
        assert_eq!(
            r.error_description.as_deref(),
            Some("Missing required attribute 'scope'")
        );
        let r = crate::oauth::error_response_for("unknown_client".into(), None);
        assert_eq!(r.error, "invalid_client");
    }
}
