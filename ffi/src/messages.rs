//! `oxidc_message`: parse and verify OAuth 2.0 / OpenID Connect messages (form bodies, query
//! strings, JSON bodies) as idpyoidc's message classes do, then read parameters by name.
//!
//! A parse copies the body into the holder, decodes it with the core
//! (`Params::parse_form` / `Params::parse_json`), types it against the class table, runs the
//! class's `verify()` and keeps the outcome: the accepted parameters (typed, as
//! `Message::for_each` yields them) or the rejection (error, parameter, OAuth `error` code and
//! idpyoidc's `error_description`). No rule lives here.
//!
//! Strings handed out as `oxidc_str` borrow the holder: valid until the next parse into it or
//! its `_free`. Thread-safety: one thread at a time per holder (give each thread its own).

use crate::P;
use crate::boundary::oxidc_str;
use crate::boundary::{
    Out, OutBuf, R, arg_str, free, input, obj, obj_mut, opt_str_of, str_of, to_c,
};
use crate::keys::{OXIDC_KEYSET_CAPACITY, oxidc_keyset};
use crate::result::oxidc_result;
use crate::token::oxidc_token;
use crate::validator::required_of;
use oxidc::json::Value;
use oxidc::oauth::messages::{self as o2, GrantType, TokenRequest};
use oxidc::oauth::{Field, Kind, Message, ParamValue, Params, RawValue, Rejection};
use oxidc::oidc::messages as oidc;
use oxidc::oidc::request_object::{IdTokenHintPolicy, RequestObjectPolicy};
use oxidc::{Error, KeySet, Leeway, UnixTime};
use std::ops::Range;

/// The message classes (idpyoidc's names in the comments), passed as `uint32_t`.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oxidc_message_class {
    /// `oauth2.AuthorizationRequest` (RFC 6749 §4.1.1).
    OXIDC_MSG_OAUTH2_AUTHORIZATION_REQUEST = 1,
    /// `oauth2.AccessTokenRequest` (RFC 6749 §4.1.3).
    OXIDC_MSG_OAUTH2_ACCESS_TOKEN_REQUEST = 2,
    /// `oauth2.RefreshAccessTokenRequest` (RFC 6749 §6).
    OXIDC_MSG_OAUTH2_REFRESH_ACCESS_TOKEN_REQUEST = 3,
    /// `oauth2.CCAccessTokenRequest` (RFC 6749 §4.4.2).
    OXIDC_MSG_OAUTH2_CC_ACCESS_TOKEN_REQUEST = 4,
    /// `oauth2.TokenExchangeRequest` (RFC 8693 §2.1).
    OXIDC_MSG_OAUTH2_TOKEN_EXCHANGE_REQUEST = 5,
    /// `oauth2.TokenIntrospectionRequest` (RFC 7662 §2.1).
    OXIDC_MSG_OAUTH2_TOKEN_INTROSPECTION_REQUEST = 6,
    /// `oauth2.TokenRevocationRequest` (RFC 7009 §2.1).
    OXIDC_MSG_OAUTH2_TOKEN_REVOCATION_REQUEST = 7,
    /// `oauth2.AuthorizationResponse` (RFC 6749 §4.1.2); options: `client_id`, `issuer`.
    OXIDC_MSG_OAUTH2_AUTHORIZATION_RESPONSE = 8,
    /// `oauth2.AccessTokenResponse` (RFC 6749 §5.1).
    OXIDC_MSG_OAUTH2_ACCESS_TOKEN_RESPONSE = 9,
    /// `oauth2.TokenIntrospectionResponse` (RFC 7662 §2.2).
    OXIDC_MSG_OAUTH2_TOKEN_INTROSPECTION_RESPONSE = 10,
    /// `oauth2.ResponseMessage` (any `error`).
    OXIDC_MSG_OAUTH2_RESPONSE_MESSAGE = 11,
    /// `oauth2.AuthorizationErrorResponse` (RFC 6749 §4.1.2.1).
    OXIDC_MSG_OAUTH2_AUTHORIZATION_ERROR_RESPONSE = 12,
    /// `oauth2.TokenErrorResponse` (RFC 6749 §5.2).
    OXIDC_MSG_OAUTH2_TOKEN_ERROR_RESPONSE = 13,
    /// `oauth2.TokenRevocationErrorResponse` (RFC 7009 §2.2.1).
    OXIDC_MSG_OAUTH2_TOKEN_REVOCATION_ERROR_RESPONSE = 14,
    /// `oauth2.TokenExchangeResponse` (RFC 8693 §2.2.1).
    OXIDC_MSG_OAUTH2_TOKEN_EXCHANGE_RESPONSE = 15,
    /// `oidc.AuthorizationRequest` (OIDC Core §3.1.2.1); option: `expected_nonce`.
    OXIDC_MSG_OIDC_AUTHORIZATION_REQUEST = 20,
    /// `oidc.AccessTokenRequest` (adds `client_assertion*`).
    OXIDC_MSG_OIDC_ACCESS_TOKEN_REQUEST = 21,
    /// `oidc.AccessTokenResponse` (adds `id_token`, shape-checked only).
    OXIDC_MSG_OIDC_ACCESS_TOKEN_RESPONSE = 22,
    /// `oidc.AuthorizationResponse` (OIDC Core §3.1.2.5); options: `client_id`, `issuer`.
    OXIDC_MSG_OIDC_AUTHORIZATION_RESPONSE = 23,
    /// `oidc.AuthorizationErrorResponse` (OIDC Core §3.1.2.6).
    OXIDC_MSG_OIDC_AUTHORIZATION_ERROR_RESPONSE = 24,
    /// `oidc.UserInfoErrorResponse`.
    OXIDC_MSG_OIDC_USERINFO_ERROR_RESPONSE = 25,
    /// `oidc.ClientRegistrationErrorResponse` (RFC 7591 §3.2.2).
    OXIDC_MSG_OIDC_CLIENT_REGISTRATION_ERROR_RESPONSE = 26,
    /// A token-endpoint request dispatched on `grant_type` (`TokenRequest::parse`), always
    /// verified; option: `grant_types`. Read the dispatched type with
    /// `oxidc_message_grant_type`.
    OXIDC_MSG_TOKEN_REQUEST = 30,
}

/// The wire form of a body (`uint32_t`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oxidc_message_format {
    /// `application/x-www-form-urlencoded` body or query string (without `?` / `#`).
    OXIDC_FORMAT_FORM = 0,
    /// A JSON object.
    OXIDC_FORMAT_JSON = 1,
}

/// Grant types (`uint32_t`, also bits of `oxidc_message_options.grant_types`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oxidc_grant_type {
    /// `authorization_code`
    OXIDC_GRANT_AUTHORIZATION_CODE = 1,
    /// `refresh_token`
    OXIDC_GRANT_REFRESH_TOKEN = 2,
    /// `client_credentials`
    OXIDC_GRANT_CLIENT_CREDENTIALS = 4,
    /// `urn:ietf:params:oauth:grant-type:token-exchange`
    OXIDC_GRANT_TOKEN_EXCHANGE = 8,
}

const GRANTS: [(u32, GrantType); 4] = [
    (1, GrantType::AuthorizationCode),
    (2, GrantType::RefreshToken),
    (4, GrantType::ClientCredentials),
    (8, GrantType::TokenExchange),
];

/// The type of a parameter value (`oxidc_param.kind`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oxidc_param_kind {
    /// JSON `null`.
    OXIDC_PARAM_NULL = 0,
    /// `text` holds the string.
    OXIDC_PARAM_STRING = 1,
    /// `integer` holds the value.
    OXIDC_PARAM_INT = 2,
    /// `boolean` holds the value.
    OXIDC_PARAM_BOOL = 3,
    /// A list of strings (`list_len` items, read with `oxidc_message_list_item`): a declared
    /// list, a JSON array of strings, or an undeclared form parameter given more than once
    /// (`repeated`).
    OXIDC_PARAM_LIST = 4,
    /// A space-separated list (`scope`, `response_type`, …): items as for `LIST`; `text`
    /// holds the space-joined form idpyoidc renders.
    OXIDC_PARAM_SPACE_LIST = 5,
    /// Any other JSON value (objects such as `claims`, numbers that are not integers, mixed
    /// arrays): `text` holds its raw JSON text.
    OXIDC_PARAM_JSON = 6,
}

/// Options of `oxidc_message_parse` (NULL options: verify, no expectations, every grant
/// type). Strings are optional (`ptr == NULL`: absent) and copied if needed.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_message_options {
    /// Run the class's `verify()` after typing (idpyoidc's `verify`); `false` only types.
    /// Token requests (`OXIDC_MSG_TOKEN_REQUEST`) are always verified.
    pub verify: bool,
    /// `oidc.AuthorizationRequest`: the nonce sent (mismatch: `OXIDC_NONCE_MISMATCH`).
    pub expected_nonce: oxidc_str,
    /// Authorization responses: the expected `client_id` (`OXIDC_CLIENT_ID_MISMATCH`).
    pub client_id: oxidc_str,
    /// Authorization responses: the expected `iss` (RFC 9207; `OXIDC_ISSUER_MISMATCH`).
    pub issuer: oxidc_str,
    /// `OXIDC_MSG_TOKEN_REQUEST`: the accepted grant types, a bit set of `oxidc_grant_type`;
    /// 0 accepts all four.
    pub grant_types: u32,
}

/// One parameter, as `oxidc_message_get` / `oxidc_message_param_at` describe it. Strings
/// borrow the holder.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_param {
    /// The parameter name.
    pub name: oxidc_str,
    /// An `oxidc_param_kind`.
    pub kind: u32,
    /// The string (`STRING`), space-joined list (`SPACE_LIST`) or raw JSON (`JSON`); empty
    /// otherwise.
    pub text: oxidc_str,
    /// The value for `INT`.
    pub integer: i64,
    /// The value for `BOOL`.
    pub boolean: bool,
    /// The number of items for `LIST` / `SPACE_LIST`.
    pub list_len: usize,
    /// Whether the parameter is declared by the message class (else carried along as given).
    pub declared: bool,
    /// An undeclared form parameter that occurs more than once (kind `LIST`); reading it as
    /// a string is `OXIDC_DUPLICATE_PARAMETER` (RFC 6749 §3.1).
    pub repeated: bool,
}

/// Why the last parse was rejected. Strings borrow the holder (or static storage).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_rejection {
    /// The result code the parse returned.
    pub error: oxidc_result,
    /// The parameter concerned (`ptr == NULL` when none).
    pub param: oxidc_str,
    /// The OAuth `error` code a server answers with (RFC 6749 §4.1.2.1, §5.2; the
    /// rejection's own, so a failed request object is `invalid_request_object`, OIDC Core
    /// §6.3), static storage; `ptr == NULL` for errors only a relying party meets.
    pub oauth_error: oxidc_str,
    /// idpyoidc's `error_description` for it (e.g. `Missing required attribute 'code'`).
    pub description: oxidc_str,
}

#[derive(Clone, Debug)]
struct Entry {
    name: Range<usize>,
    kind: oxidc_param_kind,
    text: Range<usize>,
    integer: i64,
    boolean: bool,
    items: Range<usize>,
    declared: bool,
    repeated: bool,
}

#[derive(Clone, Debug)]
enum State {
    Empty,
    Accepted {
        class: u32,
        grant_type: u32,
        /// Whether `request_object` / `id_token_hint` hold this request's verified tokens.
        request_object: bool,
        id_token_hint: bool,
    },
    Rejected {
        error: Error,
        param: Option<Range<usize>>,
        /// The rejection's own OAuth code (`Rejection::error_code`): a failed request object
        /// is `invalid_request_object`, not the code of the bare error.
        oauth_error: Option<&'static str>,
        description: Range<usize>,
    },
}

/// The outcome of a rejection, recorded in the holder's arena.
fn rejected(arena: &mut Vec<u8>, r: &Rejection<'_>) -> R<State> {
    let param = r.param.map(|p| push(arena, p.as_bytes()));
    let mut d = [0u8; 512];
    let n = r.write_description(&mut d)?;
    let description = push(arena, d.get(..n).unwrap_or_default());
    Ok(State::Rejected {
        error: r.error,
        param,
        oauth_error: r.error_code(),
        description,
    })
}

/// A reusable holder for one parsed message: the accepted parameters or the rejection of the
/// last `oxidc_message_parse`. Create with `oxidc_message_new`, free with
/// `oxidc_message_free`. One thread at a time.
#[derive(Debug)]
pub struct oxidc_message {
    body: Vec<u8>,
    scratch: Vec<u8>,
    format: u32,
    arena: Vec<u8>,
    items: Vec<Range<usize>>,
    entries: Vec<Entry>,
    state: State,
    /// Decode buffers of `oxidc_message_parse_authentication_request` (reused).
    object_buf: Vec<u8>,
    hint_buf: Vec<u8>,
    /// The verified request object and `id_token_hint` of the last accepted authentication
    /// request (valid when `State::Accepted` says so).
    request_object: oxidc_token,
    id_token_hint: oxidc_token,
}

fn push(arena: &mut Vec<u8>, b: &[u8]) -> Range<usize> {
    let start = arena.len();
    arena.extend_from_slice(b);
    start..arena.len()
}

fn value_text<'a>(v: &Value<'a>) -> Option<&'a [u8]> {
    match v {
        Value::Number(n) => Some(n.as_str().as_bytes()),
        Value::Object(o) => Some(o.raw()),
        Value::Array(a) => Some(a.raw()),
        _ => None,
    }
}

struct Sink<'s> {
    arena: &'s mut Vec<u8>,
    items: &'s mut Vec<Range<usize>>,
    entries: &'s mut Vec<Entry>,
}

impl Sink<'_> {
    fn entry(&mut self, name: &str, declared: bool) -> Entry {
        Entry {
            name: push(self.arena, name.as_bytes()),
            kind: oxidc_param_kind::OXIDC_PARAM_NULL,
            text: 0..0,
            integer: 0,
            boolean: false,
            items: 0..0,
            declared,
            repeated: false,
        }
    }

    fn list<'x>(&mut self, e: &mut Entry, it: impl Iterator<Item = &'x str>, joined: bool) {
        let start = self.items.len();
        for s in it {
            let r = push(self.arena, s.as_bytes());
            self.items.push(r);
        }
        e.items = start..self.items.len();
        if joined {
            let t0 = self.arena.len();
            for (i, r) in self
                .items
                .get(start..)
                .unwrap_or_default()
                .to_vec()
                .iter()
                .enumerate()
            {
                if i > 0 {
                    self.arena.push(b' ');
                }
                self.arena.extend_from_within(r.clone());
            }
            e.text = t0..self.arena.len();
        }
    }

    fn raw(&mut self, e: &mut Entry, raw: RawValue<'_>) {
        use oxidc_param_kind::*;
        match raw {
            RawValue::Text(t) => {
                e.kind = OXIDC_PARAM_STRING;
                e.text = push(self.arena, t.as_bytes());
            }
            RawValue::StrList(l) => {
                e.kind = OXIDC_PARAM_LIST;
                self.list(e, l.iter(), false);
            }
            RawValue::Json(v) => match v {
                Value::Null => e.kind = OXIDC_PARAM_NULL,
                Value::Bool(b) => {
                    e.kind = OXIDC_PARAM_BOOL;
                    e.boolean = b;
                }
                Value::Number(n) if n.as_i64().is_some() => {
                    e.kind = OXIDC_PARAM_INT;
                    e.integer = n.as_i64().unwrap_or_default();
                }
                v => {
                    e.kind = OXIDC_PARAM_JSON;
                    e.text = push(self.arena, value_text(&v).unwrap_or_default());
                }
            },
        }
    }

    fn field(&mut self, m: &Message<'_>, name: &str, field: Field<'_>) {
        use oxidc_param_kind::*;
        match field {
            Field::Declared(v) => {
                let mut e = self.entry(name, true);
                match v {
                    ParamValue::Null => {}
                    ParamValue::Str(s) => {
                        e.kind = OXIDC_PARAM_STRING;
                        e.text = push(self.arena, s.as_bytes());
                    }
                    ParamValue::Int(i) => {
                        e.kind = OXIDC_PARAM_INT;
                        e.integer = i;
                    }
                    ParamValue::Bool(b) => {
                        e.kind = OXIDC_PARAM_BOOL;
                        e.boolean = b;
                    }
                    ParamValue::List(l) => {
                        let sp = m
                            .spec()
                            .index_of(name)
                            .and_then(|j| m.spec().params.get(j))
                            .is_some_and(|d| d.kind == Kind::SpList);
                        e.kind = if sp {
                            OXIDC_PARAM_SPACE_LIST
                        } else {
                            OXIDC_PARAM_LIST
                        };
                        self.list(&mut e, l.iter(), sp);
                    }
                    ParamValue::Object(o) => {
                        e.kind = OXIDC_PARAM_JSON;
                        e.text = push(self.arena, o.raw());
                    }
                }
                self.entries.push(e);
            }
            Field::Undeclared(raw) => {
                let mut e = self.entry(name, false);
                if m.params().count(name) > 1 {
                    e.kind = OXIDC_PARAM_LIST;
                    e.repeated = true;
                    let all: Vec<&str> = m
                        .params()
                        .get_all(name)
                        .map(|v| match v {
                            RawValue::Text(t) => t,
                            _ => "",
                        })
                        .collect();
                    self.list(&mut e, all.into_iter(), false);
                } else {
                    self.raw(&mut e, raw);
                }
                self.entries.push(e);
            }
        }
    }
}

struct Opts<'o> {
    verify: bool,
    nonce: Option<&'o str>,
    client_id: Option<&'o str>,
    issuer: Option<&'o str>,
    grant_types: u32,
}

/// Types (and verifies) `p` as `class`: the message and, for token requests, the grant type.
fn run<'a>(
    class: u32,
    p: &'a Params<'a>,
    o: &Opts<'_>,
) -> Result<(Message<'a>, u32), Rejection<'a>> {
    macro_rules! go {
        ($t:ty, |$r:ident| $verify:expr) => {{
            let $r = <$t>::new(p)?;
            if o.verify {
                $verify?;
            }
            Ok((*$r.message(), 0))
        }};
    }
    match class {
        1 => go!(o2::AuthorizationRequest, |r| r.verify()),
        2 => go!(o2::AccessTokenRequest, |r| r.verify()),
        3 => go!(o2::RefreshAccessTokenRequest, |r| r.verify()),
        4 => go!(o2::CCAccessTokenRequest, |r| r.verify()),
        5 => go!(o2::TokenExchangeRequest, |r| r.verify()),
        6 => go!(o2::TokenIntrospectionRequest, |r| r.verify()),
        7 => go!(o2::TokenRevocationRequest, |r| r.verify()),
        8 => go!(o2::AuthorizationResponse, |r| r
            .verify(o.client_id, o.issuer)),
        9 => go!(o2::AccessTokenResponse, |r| r.verify()),
        10 => go!(o2::TokenIntrospectionResponse, |r| r.verify()),
        11 => go!(o2::ResponseMessage, |r| r.verify()),
        12 => go!(o2::AuthorizationErrorResponse, |r| r.verify()),
        13 => go!(o2::TokenErrorResponse, |r| r.verify()),
        14 => go!(o2::TokenRevocationErrorResponse, |r| r.verify()),
        15 => go!(o2::TokenExchangeResponse, |r| r.verify()),
        20 => go!(oidc::AuthorizationRequest, |r| r.verify(o.nonce)),
        21 => go!(oidc::AccessTokenRequest, |r| r.verify()),
        22 => go!(oidc::AccessTokenResponse, |r| r.verify()),
        23 => go!(oidc::AuthorizationResponse, |r| r
            .verify(o.client_id, o.issuer)),
        24 => go!(oidc::AuthorizationErrorResponse, |r| r.verify()),
        25 => go!(oidc::UserInfoErrorResponse, |r| r.verify()),
        26 => go!(oidc::ClientRegistrationErrorResponse, |r| r.verify()),
        30 => {
            let mut allowed = [GrantType::AuthorizationCode; 4];
            let mut n = 0;
            for (bit, g) in GRANTS {
                if o.grant_types == 0 || o.grant_types & bit != 0 {
                    if let Some(slot) = allowed.get_mut(n) {
                        *slot = g;
                    }
                    n += 1;
                }
            }
            let r = TokenRequest::parse(p, allowed.get(..n).unwrap_or_default())?;
            let m = match &r {
                TokenRequest::AuthorizationCode(x) => *x.message(),
                TokenRequest::RefreshToken(x) => *x.message(),
                TokenRequest::ClientCredentials(x) => *x.message(),
                TokenRequest::TokenExchange(x) => *x.message(),
            };
            Ok((m, grant_code(r.grant_type())))
        }
        _ => Err(Rejection::from(Error::ParameterNotAllowedValue)),
    }
}

fn grant_code(g: GrantType) -> u32 {
    GRANTS.iter().find(|(_, x)| *x == g).map_or(0, |(c, _)| *c)
}

#[allow(clippy::as_conversions)] // reading a fieldless repr(u32) enum's discriminant
fn kind_code(k: oxidc_param_kind) -> u32 {
    k as u32
}

const KNOWN_CLASSES: &[u32] = &[
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, 25, 26, 30,
];

impl oxidc_message {
    fn parse(&mut self, class: u32, format: u32, body: &[u8], o: &Opts<'_>) -> R<()> {
        let oxidc_message {
            body: stored,
            scratch,
            arena,
            items,
            entries,
            state,
            format: fmt,
            ..
        } = self;
        stored.clear();
        stored.extend_from_slice(body);
        if scratch.len() < body.len() {
            scratch.resize(body.len(), 0);
        }
        arena.clear();
        items.clear();
        entries.clear();
        *fmt = format;
        let parsed = match format {
            0 => Params::parse_form(stored, scratch),
            _ => Params::parse_json(stored, scratch),
        };
        let outcome = match &parsed {
            Ok(p) => run(class, p, o),
            Err(e) => Err(Rejection::from(*e)),
        };
        match outcome {
            Ok((m, grant_type)) => {
                let mut sink = Sink {
                    arena,
                    items,
                    entries,
                };
                m.for_each(|name, field| {
                    sink.field(&m, name, field);
                    Ok(())
                })?;
                *state = State::Accepted {
                    class,
                    grant_type,
                    request_object: false,
                    id_token_hint: false,
                };
                Ok(())
            }
            Err(r) => {
                *state = rejected(arena, &r)?;
                Err(r.error.into())
            }
        }
    }

    fn bytes(&self, r: &Range<usize>) -> &[u8] {
        self.arena.get(r.clone()).unwrap_or_default()
    }

    fn str_of(&self, r: &Range<usize>) -> oxidc_str {
        let b = self.bytes(r);
        oxidc_str {
            ptr: b.as_ptr(),
            len: b.len(),
        }
    }

    fn accepted(&self) -> R<u32> {
        self.accepted_class().map(|(_, grant_type)| grant_type)
    }

    /// The class (`oxidc_message_class`) and dispatched grant type of the accepted message;
    /// `OXIDC_NO_MESSAGE` after a rejection or before any parse.
    pub(crate) fn accepted_class(&self) -> R<(u32, u32)> {
        match self.state {
            State::Accepted {
                class, grant_type, ..
            } => Ok((class, grant_type)),
            _ => Err(oxidc_result::OXIDC_NO_MESSAGE),
        }
    }

    fn find(&self, name: &str) -> R<&Entry> {
        self.accepted()?;
        self.entries
            .iter()
            .find(|e| self.bytes(&e.name) == name.as_bytes())
            .ok_or(oxidc_result::OXIDC_NOT_FOUND)
    }

    fn describe(&self, e: &Entry) -> oxidc_param {
        oxidc_param {
            name: self.str_of(&e.name),
            kind: kind_code(e.kind),
            text: self.str_of(&e.text),
            integer: e.integer,
            boolean: e.boolean,
            list_len: e.items.len(),
            declared: e.declared,
            repeated: e.repeated,
        }
    }

    /// Re-decodes the stored body (for the wrappers that need the core's `Params`).
    pub(crate) fn with_params<T>(&self, f: impl FnOnce(&Params<'_>) -> R<T>) -> R<T> {
        self.accepted()?;
        let mut scratch = vec![0u8; self.body.len()];
        let p = match self.format {
            0 => Params::parse_form(&self.body, &mut scratch),
            _ => Params::parse_json(&self.body, &mut scratch),
        }?;
        f(&p)
    }
}

/// Creates an empty message holder; `*out` receives it, owned by the caller (free with
/// `oxidc_message_free`). Reuse it: its buffers grow to the largest message seen.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_message_new(out: *mut *mut oxidc_message) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        out.set(to_c(oxidc_message {
            body: Vec::new(),
            scratch: Vec::new(),
            format: 0,
            arena: Vec::new(),
            items: Vec::new(),
            entries: Vec::new(),
            state: State::Empty,
            object_buf: Vec::new(),
            hint_buf: Vec::new(),
            request_object: oxidc_token::default(),
            id_token_hint: oxidc_token::default(),
        }));
        Ok(())
    })
}

/// Frees a message holder and everything borrowed from it. NULL is a no-op.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_message_free(msg: *mut oxidc_message) {
    ffi_value!({
        // SAFETY: from `oxidc_message_new`, freed once (caller's contract).
        unsafe { free(msg) }
    })
}

/// Parses `body` (`format`: an `oxidc_message_format`) as message `class` (an
/// `oxidc_message_class`), types it and (per `options`; NULL: verify) verifies it. The
/// holder records the outcome, replacing what it held: on `OXIDC_OK` the parameters (read
/// them with `oxidc_message_get*`), otherwise the rejection (`oxidc_message_rejection`) and
/// the returned code says why (`OXIDC_MISSING_PARAMETER`, `OXIDC_DUPLICATE_PARAMETER`, …).
/// The body is copied; nothing of `options` is retained. Unknown `class` / `format`:
/// `OXIDC_INVALID_ARGUMENT` (the holder is then unchanged).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_message_parse(
    msg: *mut oxidc_message,
    class: u32,
    format: u32,
    body: *const u8,
    body_len: usize,
    options: *const oxidc_message_options,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder, this thread only (caller's contract).
        let m = unsafe { obj_mut(msg) }?;
        // SAFETY: the caller's buffer contract.
        let body = unsafe { input(body, body_len) }?;
        // SAFETY: NULL or a valid options struct (caller's contract).
        let options = unsafe { options.as_ref() };
        if !KNOWN_CLASSES.contains(&class) || format > 1 {
            return Err(oxidc_result::OXIDC_INVALID_ARGUMENT);
        }
        let o = match options {
            None => Opts {
                verify: true,
                nonce: None,
                client_id: None,
                issuer: None,
                grant_types: 0,
            },
            Some(o) => Opts {
                verify: o.verify,
                // SAFETY: optional strings valid for their length (caller's contract).
                nonce: unsafe { opt_str_of(&o.expected_nonce) }?,
                // SAFETY: as above.
                client_id: unsafe { opt_str_of(&o.client_id) }?,
                // SAFETY: as above.
                issuer: unsafe { opt_str_of(&o.issuer) }?,
                grant_types: o.grant_types,
            },
        };
        if o.grant_types & !15 != 0 {
            return Err(oxidc_result::OXIDC_INVALID_ARGUMENT);
        }
        m.parse(class, format, body, &o)
    })
}

/// Describes why the last parse was rejected in `*out` (strings borrow the holder).
/// `OXIDC_NOT_FOUND` when the last parse was accepted or nothing was parsed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_message_rejection(
    msg: *const oxidc_message,
    out: *mut oxidc_rejection,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let m = unsafe { obj(msg) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        let State::Rejected {
            error,
            param,
            oauth_error,
            description,
        } = &m.state
        else {
            return Err(oxidc_result::OXIDC_NOT_FOUND);
        };
        let none = oxidc_str {
            ptr: std::ptr::null(),
            len: 0,
        };
        out.set(oxidc_rejection {
            error: (*error).into(),
            param: param.as_ref().map_or(none, |p| m.str_of(p)),
            oauth_error: crate::serialize::static_str(*oauth_error),
            description: m.str_of(description),
        });
        Ok(())
    })
}

/// The number of parameters of the accepted message (declared ones with defaults included,
/// each name once) in `*out`. `OXIDC_NO_MESSAGE` after a rejection.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_message_count(
    msg: *const oxidc_message,
    out: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let m = unsafe { obj(msg) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        m.accepted()?;
        out.set(m.entries.len());
        Ok(())
    })
}

/// The parameter at `index` (wire order, then defaults) in `*out`; `OXIDC_NOT_FOUND` past
/// the end.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_message_param_at(
    msg: *const oxidc_message,
    index: usize,
    out: *mut oxidc_param,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let m = unsafe { obj(msg) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        m.accepted()?;
        let e = m.entries.get(index).ok_or(oxidc_result::OXIDC_NOT_FOUND)?;
        out.set(m.describe(e));
        Ok(())
    })
}

/// The parameter `name` in `*out`; `OXIDC_NOT_FOUND` when absent.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_message_get(
    msg: *const oxidc_message,
    name: *const u8,
    name_len: usize,
    out: *mut oxidc_param,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let m = unsafe { obj(msg) }?;
        // SAFETY: the caller's buffer contract.
        let name = unsafe { arg_str(name, name_len) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        let e = m.find(name)?;
        out.set(m.describe(e));
        Ok(())
    })
}

/// Copies the string parameter `name` into `out`. `OXIDC_NOT_FOUND` when absent,
/// `OXIDC_DUPLICATE_PARAMETER` for an undeclared parameter given more than once,
/// `OXIDC_WRONG_PARAMETER_TYPE` when it is not a string (a space-separated list gives its
/// joined text).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_message_get_str(
    msg: *const oxidc_message,
    name: *const u8,
    name_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let m = unsafe { obj(msg) }?;
        // SAFETY: the caller's buffer contract.
        let name = unsafe { arg_str(name, name_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let e = m.find(name)?;
        if e.repeated {
            return Err(Error::DuplicateParameter.into());
        }
        match e.kind {
            oxidc_param_kind::OXIDC_PARAM_STRING | oxidc_param_kind::OXIDC_PARAM_SPACE_LIST => {
                out.write(m.bytes(&e.text))
            }
            _ => Err(Error::WrongParameterType.into()),
        }
    })
}

/// The integer parameter `name` in `*out`; `OXIDC_WRONG_PARAMETER_TYPE` when not an integer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_message_get_int(
    msg: *const oxidc_message,
    name: *const u8,
    name_len: usize,
    out: *mut i64,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let m = unsafe { obj(msg) }?;
        // SAFETY: the caller's buffer contract.
        let name = unsafe { arg_str(name, name_len) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        let e = m.find(name)?;
        if e.kind != oxidc_param_kind::OXIDC_PARAM_INT {
            return Err(Error::WrongParameterType.into());
        }
        out.set(e.integer);
        Ok(())
    })
}

/// The boolean parameter `name` in `*out`; `OXIDC_WRONG_PARAMETER_TYPE` when not a boolean.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_message_get_bool(
    msg: *const oxidc_message,
    name: *const u8,
    name_len: usize,
    out: *mut bool,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let m = unsafe { obj(msg) }?;
        // SAFETY: the caller's buffer contract.
        let name = unsafe { arg_str(name, name_len) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        let e = m.find(name)?;
        if e.kind != oxidc_param_kind::OXIDC_PARAM_BOOL {
            return Err(Error::WrongParameterType.into());
        }
        out.set(e.boolean);
        Ok(())
    })
}

/// Item `index` of the list parameter `name` in `*out` (borrowing the holder).
/// `OXIDC_WRONG_PARAMETER_TYPE` when not a list, `OXIDC_NOT_FOUND` past its end.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_message_list_item(
    msg: *const oxidc_message,
    name: *const u8,
    name_len: usize,
    index: usize,
    out: *mut oxidc_str,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let m = unsafe { obj(msg) }?;
        // SAFETY: the caller's buffer contract.
        let name = unsafe { arg_str(name, name_len) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        let e = m.find(name)?;
        if !matches!(
            e.kind,
            oxidc_param_kind::OXIDC_PARAM_LIST | oxidc_param_kind::OXIDC_PARAM_SPACE_LIST
        ) {
            return Err(Error::WrongParameterType.into());
        }
        let r = m
            .items
            .get(e.items.clone())
            .and_then(|i| i.get(index))
            .ok_or(oxidc_result::OXIDC_NOT_FOUND)?;
        out.set(m.str_of(r));
        Ok(())
    })
}

/// The grant type (`oxidc_grant_type`) an accepted `OXIDC_MSG_TOKEN_REQUEST` was dispatched
/// on, in `*out`; `OXIDC_NOT_FOUND` for other classes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_message_grant_type(
    msg: *const oxidc_message,
    out: *mut u32,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let m = unsafe { obj(msg) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        match m.accepted()? {
            0 => Err(oxidc_result::OXIDC_NOT_FOUND),
            g => {
                out.set(g);
                Ok(())
            }
        }
    })
}

// ---------------------------------------------------------------------------------------
// Authentication requests with request objects and `id_token_hint`
// (`oxidc::oidc::request_object`).

/// Options of `oxidc_message_parse_authentication_request`. Fill with
/// `oxidc_authentication_request_options_default`, then set `issuer` (required) and what
/// applies. Strings are borrowed for the call only; optional ones are `ptr == NULL` when
/// absent.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_authentication_request_options {
    /// The OP's issuer identifier (required): an `id_token_hint` must be an ID token it
    /// issued (`iss` equal, `OXIDC_ISSUER_MISMATCH`; OIDC Core §3.1.2.1).
    pub issuer: oxidc_str,
    /// What a request object's `aud` must contain (RFC 9101 §4, §10.2; then `aud` is
    /// required: `OXIDC_MISSING_CLAIM`, `OXIDC_AUDIENCE_MISMATCH`). Set it to the issuer;
    /// NULL leaves `aud` unchecked (as idpyoidc does).
    pub request_object_audience: oxidc_str,
    /// Clock skew on a request object's `exp`, `nbf`, `iat`, seconds (default 15).
    pub request_object_leeway: u32,
    /// Registered claims a request object must carry besides `iss` (always required): an OR
    /// of `OXIDC_REQUIRE_*` (default 0; e.g. `OXIDC_REQUIRE_EXP | OXIDC_REQUIRE_NBF` for
    /// FAPI 2.0). Unknown bits: `OXIDC_INVALID_ARGUMENT`.
    pub request_object_required: u32,
    /// When set, an `id_token_hint`'s `aud` must contain this client
    /// (`OXIDC_AUDIENCE_MISMATCH`; idpyoidc does not check it).
    pub id_token_hint_client_id: oxidc_str,
    /// The nonce sent: when the effective `response_type` contains `id_token`, its `nonce`
    /// must equal it (`OXIDC_NONCE_MISMATCH`), as `OXIDC_MSG_OIDC_AUTHORIZATION_REQUEST`'s
    /// `expected_nonce`. NULL: not compared.
    pub expected_nonce: oxidc_str,
}

/// The defaults in `*out`: no strings (set `issuer` before use), leeway 15 s, no claims
/// required beyond `iss`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_authentication_request_options_default(
    out: *mut oxidc_authentication_request_options,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        let none = crate::serialize::static_str(None);
        let d = RequestObjectPolicy::default();
        out.set(oxidc_authentication_request_options {
            issuer: none,
            request_object_audience: none,
            request_object_leeway: d.leeway.0,
            request_object_required: 0,
            id_token_hint_client_id: none,
            expected_nonce: none,
        });
        Ok(())
    })
}

type Keys = KeySet<P, OXIDC_KEYSET_CAPACITY>;

/// What `oxidc_message_parse_authentication_request` verifies with.
struct Authn<'a> {
    client_keys: &'a Keys,
    op_keys: &'a Keys,
    now: UnixTime,
    policy: RequestObjectPolicy<'a>,
    hint_policy: IdTokenHintPolicy<'a>,
    nonce: Option<&'a str>,
}

/// `OXIDC_MSG_OIDC_AUTHORIZATION_REQUEST`, the class an authentication request is held as.
const OIDC_AUTHORIZATION_REQUEST: u32 = 20;

impl oxidc_message {
    /// `oxidc_message_parse_authentication_request` after argument conversion: the core's
    /// `verify_with_request_object`, then `verify_id_token_hint` on the effective request.
    fn parse_authentication_request(&mut self, format: u32, body: &[u8], c: &Authn<'_>) -> R<()> {
        let oxidc_message {
            body: stored,
            scratch,
            format: fmt,
            arena,
            items,
            entries,
            state,
            object_buf,
            hint_buf,
            request_object,
            id_token_hint,
        } = self;
        stored.clear();
        stored.extend_from_slice(body);
        if scratch.len() < body.len() {
            scratch.resize(body.len(), 0);
        }
        arena.clear();
        items.clear();
        entries.clear();
        *fmt = format;
        let parsed = match format {
            0 => Params::parse_form(stored, scratch),
            _ => Params::parse_json(stored, scratch),
        };
        let outcome = 'done: {
            let p = match &parsed {
                Ok(p) => p,
                Err(e) => break 'done rejected(arena, &Rejection::from(*e))?,
            };
            let outer = match oidc::AuthorizationRequest::new(p) {
                Ok(r) => r,
                Err(r) => break 'done rejected(arena, &r)?,
            };
            // RequestObject::buffer_len is at most 1.5 × the object + 4.
            let need = outer
                .request()
                .map_or(0, |r| r.len().saturating_mul(2).saturating_add(4));
            if object_buf.len() < need {
                object_buf.resize(need, 0);
            }
            let object = match outer.verify_with_request_object(
                c.client_keys,
                &c.policy,
                c.nonce,
                c.now,
                object_buf,
            ) {
                Ok(o) => o,
                Err(r) => break 'done rejected(arena, &r)?,
            };
            let effective = match &object {
                Some(o) => match o.effective() {
                    Ok(e) => e,
                    Err(r) => break 'done rejected(arena, &r)?,
                },
                None => outer,
            };
            let need = effective.id_token_hint().map_or(0, str::len);
            if hint_buf.len() < need {
                hint_buf.resize(need, 0);
            }
            let hint = match effective.verify_id_token_hint(c.op_keys, &c.hint_policy, hint_buf) {
                Ok(h) => h,
                Err(r) => break 'done rejected(arena, &r)?,
            };
            let m = effective.message();
            let mut sink = Sink {
                arena,
                items,
                entries,
            };
            m.for_each(|name, field| {
                sink.field(m, name, field);
                Ok(())
            })?;
            if let Some(o) = &object {
                request_object.store_copy(o.token().header(), o.token().claims());
            }
            if let Some(t) = &hint {
                id_token_hint.store_copy(t.header(), t.claims());
            }
            State::Accepted {
                class: OIDC_AUTHORIZATION_REQUEST,
                grant_type: 0,
                request_object: object.is_some(),
                id_token_hint: hint.is_some(),
            }
        };
        *state = outcome;
        match state {
            State::Rejected { error, .. } => Err((*error).into()),
            _ => Ok(()),
        }
    }

    /// The verified request object (`object`) or `id_token_hint` of an accepted
    /// authentication request.
    fn verified(&self, object: bool) -> R<&oxidc_token> {
        let State::Accepted {
            request_object,
            id_token_hint,
            ..
        } = self.state
        else {
            return Err(oxidc_result::OXIDC_NO_MESSAGE);
        };
        let (present, token) = if object {
            (request_object, &self.request_object)
        } else {
            (id_token_hint, &self.id_token_hint)
        };
        if present {
            Ok(token)
        } else {
            Err(oxidc_result::OXIDC_NOT_FOUND)
        }
    }
}

/// Parses `body` (`format`: an `oxidc_message_format`) as an OpenID Connect authentication
/// request (`OXIDC_MSG_OIDC_AUTHORIZATION_REQUEST`) and verifies it as idpyoidc's
/// `oidc.AuthorizationRequest.verify(keyjar=...)` does, with the RFCs' stricter rules
/// (tests/vectors/DIVERGENCES.md, "oidc: request objects and id_token_hint"):
/// 1. the class's rules on the request as sent;
/// 2. a `request` parameter (OIDC Core §6.1, RFC 9101) is verified with `client_keys` —
///    signature (the key pins the algorithm; `none` never accepted), `iss` equal to the
///    `client_id`, `aud` per `options->request_object_audience`, `exp`/`nbf`/`iat`, no
///    nested `request`/`request_uri`, its `client_id` equal to the outer one — and then
///    *replaces* the request: the effective request is the object's parameters alone
///    (idpyoidc's merge), checked with the class's rules again;
/// 3. an `id_token_hint` of the effective request is verified with `op_keys` (an ID token
///    the OP issued: signature, `iss` equal to `options->issuer`, `sub` present, `aud`
///    per `options->id_token_hint_client_id`; expiry deliberately not checked).
///
/// A NULL key set is an empty one: a request carrying `request` (or `id_token_hint`) then
/// fails with `OXIDC_UNKNOWN_KEY`. `now` is Unix seconds. `options` is required (fill it
/// with `oxidc_authentication_request_options_default`); `options->issuer` NULL is
/// `OXIDC_NULL_PARAMETER`.
///
/// The holder records the outcome, replacing what it held. On `OXIDC_OK` it holds the
/// *effective* parameters (read them with `oxidc_message_get*`; the class is
/// `OXIDC_MSG_OIDC_AUTHORIZATION_REQUEST`) and the verified tokens
/// (`oxidc_message_verified_request_object`, `oxidc_message_verified_id_token_hint`).
/// Otherwise the code says why and `oxidc_message_rejection` names the parameter: failures
/// of the object are reported under `request` (OAuth error `invalid_request_object`),
/// failures of the hint under `id_token_hint` (`invalid_request`). Functions that re-read
/// the body (client authentication) see the request as sent. The body is copied; nothing
/// else is retained. Unknown `format`: `OXIDC_INVALID_ARGUMENT` (the holder is then
/// unchanged). One thread at a time per holder; the key sets may be shared.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_message_parse_authentication_request(
    msg: *mut oxidc_message,
    format: u32,
    body: *const u8,
    body_len: usize,
    client_keys: *const oxidc_keyset,
    op_keys: *const oxidc_keyset,
    now: i64,
    options: *const oxidc_authentication_request_options,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder, this thread only (caller's contract).
        let m = unsafe { obj_mut(msg) }?;
        // SAFETY: the caller's buffer contract.
        let body = unsafe { input(body, body_len) }?;
        // SAFETY: NULL or a live key set (caller's contract).
        let client_keys = unsafe { client_keys.as_ref() };
        // SAFETY: NULL or a live key set (caller's contract).
        let op_keys = unsafe { op_keys.as_ref() };
        // SAFETY: a valid options struct (caller's contract).
        let o = unsafe { obj(options) }?;
        // SAFETY: its strings are valid for their lengths (caller's contract).
        let issuer = unsafe { str_of(&o.issuer) }?;
        // SAFETY: as above.
        let audience = unsafe { opt_str_of(&o.request_object_audience) }?;
        // SAFETY: as above.
        let client_id = unsafe { opt_str_of(&o.id_token_hint_client_id) }?;
        // SAFETY: as above.
        let nonce = unsafe { opt_str_of(&o.expected_nonce) }?;
        if format > 1 {
            return Err(oxidc_result::OXIDC_INVALID_ARGUMENT);
        }
        // NULL key sets: one shared empty set (built once, not per call).
        static EMPTY: std::sync::OnceLock<Keys> = std::sync::OnceLock::new();
        let empty = || EMPTY.get_or_init(Keys::new);
        let c = Authn {
            client_keys: client_keys.map_or_else(empty, |k| &k.0),
            op_keys: op_keys.map_or_else(empty, |k| &k.0),
            now: UnixTime(now),
            policy: RequestObjectPolicy {
                audience,
                leeway: Leeway(o.request_object_leeway),
                required: required_of(o.request_object_required)?,
            },
            hint_policy: IdTokenHintPolicy { issuer, client_id },
            nonce,
        };
        m.parse_authentication_request(format, body, &c)
    })
}

/// Copies the verified request object of the authentication request accepted by
/// `oxidc_message_parse_authentication_request` into `out_token` (idpyoidc's
/// `__verified_request`: read its header and claims with `oxidc_token_*`; the token is
/// yours, independent of the holder). `OXIDC_NOT_FOUND` when the request carried none or
/// the holder was filled by another parse; `OXIDC_NO_MESSAGE` after a rejection. On failure
/// `out_token` is untouched. One thread at a time per holder and token.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_message_verified_request_object(
    msg: *const oxidc_message,
    out_token: *mut oxidc_token,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let m = unsafe { obj(msg) }?;
        // SAFETY: a live token holder, this thread only (caller's contract).
        let out = unsafe { obj_mut(out_token) }?;
        out.copy_from(m.verified(true)?);
        Ok(())
    })
}

/// Copies the verified `id_token_hint` of the authentication request accepted by
/// `oxidc_message_parse_authentication_request` into `out_token` (idpyoidc's
/// `verified_id_token_hint`; e.g. `oxidc_token_sub` gives the user it names). Otherwise as
/// `oxidc_message_verified_request_object`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_message_verified_id_token_hint(
    msg: *const oxidc_message,
    out_token: *mut oxidc_token,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let m = unsafe { obj(msg) }?;
        // SAFETY: a live token holder, this thread only (caller's contract).
        let out = unsafe { obj_mut(out_token) }?;
        out.copy_from(m.verified(false)?);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Opts<'static> {
        Opts {
            verify: true,
            nonce: None,
            client_id: None,
            issuer: None,
            grant_types: 0,
        }
    }

    #[test]
    fn token_requests_dispatch() {
        let body = b"grant_type=refresh_token&refresh_token=abc";
        let mut s = [0u8; 64];
        let p = Params::parse_form(body, &mut s).unwrap();
        assert_eq!(run(3, &p, &opts()).unwrap().1, 0);
        assert_eq!(run(30, &p, &opts()).unwrap().1, 2);
        let only_code = Opts {
            grant_types: 1,
            ..opts()
        };
        assert_eq!(
            run(30, &p, &only_code).unwrap_err().error,
            Error::UnsupportedGrantType
        );
        assert!(run(99, &p, &opts()).is_err());
    }
}
