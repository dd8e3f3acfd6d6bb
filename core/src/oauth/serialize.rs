//! Writing responses into caller buffers: JSON bodies (token, error and introspection
//! responses) the way idpyoidc renders them (Python `json.dumps` separators, its key
//! order), and redirect URLs carrying an authorization response or error in the query or
//! fragment (Python `urlencode`: `+` for space, upper-case `%XX` for everything outside
//! `A-Z a-z 0-9 _ . - ~`).
//!
//! Every function returns the number of bytes written; a buffer that is too small gives
//! [`Error::BufferTooSmall`] and its contents are then unspecified.

use crate::Error;
use crate::json::{JsonWriter, ObjectWriter, Style};
use crate::oauth::messages::is_rfc6749_error_text;

/// A byte appender over a caller buffer.
pub(crate) struct Buf<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl<'b> Buf<'b> {
    pub(crate) fn new(buf: &'b mut [u8]) -> Self {
        Buf { buf, len: 0 }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn push(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let end = self
            .len
            .checked_add(bytes.len())
            .ok_or(Error::BufferTooSmall)?;
        self.buf
            .get_mut(self.len..end)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(bytes);
        self.len = end;
        Ok(())
    }

    fn byte(&mut self, b: u8) -> Result<(), Error> {
        self.push(&[b])
    }
}

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Appends `s` form-url-encoded as Python's `urlencode` (`quote_plus`) does.
fn form_encode(w: &mut Buf<'_>, s: &str) -> Result<(), Error> {
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => w.byte(b)?,
            b' ' => w.byte(b'+')?,
            _ => {
                let hi = HEX_UPPER.get(usize::from(b >> 4)).copied().unwrap_or(b'0');
                let lo = HEX_UPPER.get(usize::from(b & 0xF)).copied().unwrap_or(b'0');
                w.push(&[b'%', hi, lo])?;
            }
        }
    }
    Ok(())
}

/// Writes `name=value&…` form-url-encoded (Python `urlencode`) into `out`.
pub fn write_form(out: &mut [u8], params: &[(&str, &str)]) -> Result<usize, Error> {
    let mut w = Buf::new(out);
    write_pairs(&mut w, params)?;
    Ok(w.len())
}

fn write_pairs(w: &mut Buf<'_>, params: &[(&str, &str)]) -> Result<(), Error> {
    for (i, (name, value)) in params.iter().enumerate() {
        if i > 0 {
            w.byte(b'&')?;
        }
        form_encode(w, name)?;
        w.byte(b'=')?;
        form_encode(w, value)?;
    }
    Ok(())
}

/// Where a redirect carries its response parameters (OAuth 2.0 Multiple Response Type
/// Encoding Practices §2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseMode {
    /// `?…` (appended with `&` when the redirect URI already has a query), the default for
    /// `response_type=code`.
    Query,
    /// `#…`, the default for response types containing `token` or `id_token`.
    Fragment,
}

/// Writes `redirect_uri` followed by the response parameters in the query or fragment, as
/// idpyoidc's `Message.request(location, fragment_enc)` does. Parameters with an empty
/// value are left out (idpyoidc drops them when building the message).
pub fn write_redirect(
    out: &mut [u8],
    redirect_uri: &str,
    mode: ResponseMode,
    params: &[(&str, &str)],
) -> Result<usize, Error> {
    let mut w = Buf::new(out);
    w.push(redirect_uri.as_bytes())?;
    w.byte(match mode {
        ResponseMode::Fragment => b'#',
        ResponseMode::Query if redirect_uri.contains('?') => b'&',
        ResponseMode::Query => b'?',
    })?;
    let mut first = true;
    for (name, value) in params.iter().filter(|(_, v)| !v.is_empty()) {
        if !first {
            w.byte(b'&')?;
        }
        first = false;
        form_encode(&mut w, name)?;
        w.byte(b'=')?;
        form_encode(&mut w, value)?;
    }
    Ok(w.len())
}

/// An error response (RFC 6749 §4.1.2.1, §5.2).
#[derive(Clone, Copy, Debug, Default)]
pub struct ErrorResponse<'a> {
    /// `error`: an RFC 6749 error code.
    pub error: &'a str,
    /// `error_description`
    pub error_description: Option<&'a str>,
    /// `error_uri`
    pub error_uri: Option<&'a str>,
    /// `state` (authorization errors; RFC 6749 §4.1.2.1 requires it when the request had it)
    pub state: Option<&'a str>,
}

impl<'a> ErrorResponse<'a> {
    /// An error response with code `error` and, when given, a description.
    pub const fn new(error: &'a str, error_description: Option<&'a str>) -> Self {
        ErrorResponse {
            error,
            error_description,
            error_uri: None,
            state: None,
        }
    }

    /// The core's error `e` as an OAuth error response (code from
    /// [`crate::oauth::error_code`], `invalid_request` when it has none; description from
    /// [`crate::oauth::error_description`]).
    pub fn from_error(e: Error) -> Self {
        ErrorResponse::new(
            crate::oauth::error_code(e).unwrap_or("invalid_request"),
            crate::oauth::error_description(e),
        )
    }

    fn check(&self) -> Result<(), Error> {
        if self.error.is_empty() || !is_rfc6749_error_text(self.error) {
            return Err(Error::InvalidErrorCode);
        }
        if self
            .error_description
            .is_some_and(|d| !is_rfc6749_error_text(d))
        {
            return Err(Error::InvalidErrorDescription);
        }
        // error_uri: URI-reference, %x21 / %x23-5B / %x5D-7E (RFC 6749 §4.1.2.1)
        if self.error_uri.is_some_and(|u| {
            !u.bytes()
                .all(|b| matches!(b, 0x21 | 0x23..=0x5B | 0x5D..=0x7E))
        }) {
            return Err(Error::InvalidErrorDescription);
        }
        Ok(())
    }

    /// Writes the JSON body (`{"error": …, "error_description": …}`, Python separators).
    /// Codes and descriptions outside RFC 6749's character set are refused
    /// ([`Error::InvalidErrorCode`], [`Error::InvalidErrorDescription`]).
    pub fn write_json(&self, out: &mut [u8]) -> Result<usize, Error> {
        self.check()?;
        let mut w = JsonWriter::new(out);
        let mut o = ObjectWriter::new(&mut w, Style::Python)?;
        o.str("error", self.error)?;
        if let Some(d) = self.error_description {
            o.str("error_description", d)?;
        }
        if let Some(u) = self.error_uri {
            o.str("error_uri", u)?;
        }
        if let Some(s) = self.state {
            o.str("state", s)?;
        }
        o.end()?;
        Ok(w.len())
    }

    /// Writes the error redirect (`redirect_uri?error=…&error_description=…&state=…`).
    pub fn write_redirect(
        &self,
        out: &mut [u8],
        redirect_uri: &str,
        mode: ResponseMode,
    ) -> Result<usize, Error> {
        self.check()?;
        write_redirect(
            out,
            redirect_uri,
            mode,
            &[
                ("error", self.error),
                ("error_description", self.error_description.unwrap_or("")),
                ("error_uri", self.error_uri.unwrap_or("")),
                ("state", self.state.unwrap_or("")),
            ],
        )
    }
}

/// An additional member of a JSON response.
#[derive(Clone, Copy, Debug)]
pub enum Extra<'a> {
    /// A string.
    Str(&'a str),
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// Already-serialised JSON, written as is (the caller guarantees it is one JSON value).
    Raw(&'a [u8]),
}

fn write_extras(o: &mut ObjectWriter<'_, '_>, extra: &[(&str, Extra<'_>)]) -> Result<(), Error> {
    for (name, v) in extra {
        match v {
            Extra::Str(s) => o.str(name, s)?,
            Extra::Int(i) => o.int(name, *i)?,
            Extra::Bool(b) => o.bool(name, *b)?,
            Extra::Raw(r) => o.raw(name, r)?,
        }
    }
    Ok(())
}

/// Writes a space-joined list as one JSON string (how idpyoidc renders `scope`).
fn joined(o: &mut ObjectWriter<'_, '_>, name: &str, items: &[&str]) -> Result<(), Error> {
    let w = o.key(name)?;
    w.raw(b"\"")?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            w.raw(b" ")?;
        }
        write_json_str_body(w, item)?;
    }
    w.raw(b"\"")
}

/// Appends the escaped body of a JSON string (no quotes).
fn write_json_str_body(w: &mut JsonWriter<'_>, s: &str) -> Result<(), Error> {
    // Plain printable ASCII (the usual scope) goes out as is.
    if s.bytes()
        .all(|b| (0x20..0x7F).contains(&b) && b != b'"' && b != b'\\')
    {
        return w.raw(s.as_bytes());
    }
    // Otherwise escape character by character with the writer's own escaper, dropping the
    // quotes it adds.
    for ch in s.chars() {
        let mut enc = [0u8; 4];
        let c = ch.encode_utf8(&mut enc);
        let mut buf = [0u8; 16];
        let mut jw = JsonWriter::new(&mut buf);
        jw.string(c)?;
        let written = jw.written();
        let inner = written
            .get(1..written.len().saturating_sub(1))
            .ok_or(Error::BufferTooSmall)?;
        w.raw(inner)?;
    }
    Ok(())
}

/// A successful access token response (RFC 6749 §5.1), in idpyoidc's member order:
/// `token_type`, `scope`, `access_token`, `expires_in`, `refresh_token`, `id_token`, then
/// the extras.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokenResponse<'a> {
    /// `token_type`, e.g. `Bearer`.
    pub token_type: &'a str,
    /// `scope`, rendered space-joined; left out when empty.
    pub scope: &'a [&'a str],
    /// `access_token`
    pub access_token: Option<&'a str>,
    /// `expires_in`
    pub expires_in: Option<i64>,
    /// `refresh_token`
    pub refresh_token: Option<&'a str>,
    /// `id_token` (OIDC Core §3.1.3.3)
    pub id_token: Option<&'a str>,
    /// Further members, in order.
    pub extra: &'a [(&'a str, Extra<'a>)],
}

impl TokenResponse<'_> {
    /// Writes the JSON body.
    pub fn write_json(&self, out: &mut [u8]) -> Result<usize, Error> {
        let mut w = JsonWriter::new(out);
        let mut o = ObjectWriter::new(&mut w, Style::Python)?;
        o.str("token_type", self.token_type)?;
        if !self.scope.is_empty() {
            joined(&mut o, "scope", self.scope)?;
        }
        if let Some(t) = self.access_token {
            o.str("access_token", t)?;
        }
        if let Some(e) = self.expires_in {
            o.int("expires_in", e)?;
        }
        if let Some(t) = self.refresh_token {
            o.str("refresh_token", t)?;
        }
        if let Some(t) = self.id_token {
            o.str("id_token", t)?;
        }
        write_extras(&mut o, self.extra)?;
        o.end()?;
        Ok(w.len())
    }
}

/// An introspection response (RFC 7662 §2.2) in idpyoidc's member order: `active`,
/// `scope`, `client_id`, `token_class`, `exp`, `iat`, `sub`, `iss`, `token_type`, `aud`,
/// `username`, then the extras. An inactive token is rendered `{"active": false}` alone
/// (RFC 7662 §2.2 says nothing more should be disclosed).
#[derive(Clone, Copy, Debug, Default)]
pub struct IntrospectionResponse<'a> {
    /// `active`
    pub active: bool,
    /// `scope`, rendered space-joined; left out when empty.
    pub scope: &'a [&'a str],
    /// `client_id`
    pub client_id: Option<&'a str>,
    /// `token_class` (idpyoidc's own member: `access_token` or `refresh_token`)
    pub token_class: Option<&'a str>,
    /// `exp`
    pub exp: Option<i64>,
    /// `iat`
    pub iat: Option<i64>,
    /// `sub`
    pub sub: Option<&'a str>,
    /// `iss`
    pub iss: Option<&'a str>,
    /// `token_type`
    pub token_type: Option<&'a str>,
    /// `aud`, rendered as an array; left out when empty.
    pub aud: &'a [&'a str],
    /// `username`
    pub username: Option<&'a str>,
    /// Further members (released claims), in order.
    pub extra: &'a [(&'a str, Extra<'a>)],
}

impl IntrospectionResponse<'_> {
    /// Writes the JSON body.
    pub fn write_json(&self, out: &mut [u8]) -> Result<usize, Error> {
        let mut w = JsonWriter::new(out);
        let mut o = ObjectWriter::new(&mut w, Style::Python)?;
        o.bool("active", self.active)?;
        if self.active {
            if !self.scope.is_empty() {
                joined(&mut o, "scope", self.scope)?;
            }
            let strs = [
                ("client_id", self.client_id),
                ("token_class", self.token_class),
            ];
            for (n, v) in strs {
                if let Some(v) = v {
                    o.str(n, v)?;
                }
            }
            for (n, v) in [("exp", self.exp), ("iat", self.iat)] {
                if let Some(v) = v {
                    o.int(n, v)?;
                }
            }
            let strs = [
                ("sub", self.sub),
                ("iss", self.iss),
                ("token_type", self.token_type),
            ];
            for (n, v) in strs {
                if let Some(v) = v {
                    o.str(n, v)?;
                }
            }
            if !self.aud.is_empty() {
                o.str_array("aud", self.aud)?;
            }
            if let Some(u) = self.username {
                o.str("username", u)?;
            }
            write_extras(&mut o, self.extra)?;
        }
        o.end()?;
        Ok(w.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(out: &[u8], n: usize) -> &str {
        core::str::from_utf8(&out[..n]).unwrap()
    }

    #[test]
    fn form_encoding_matches_python_urlencode() {
        let mut out = [0u8; 128];
        // urlencode({"claims": '{"id_token": {"email": null}}', "s": "a b~_.-+é"})
        let n = write_form(
            &mut out,
            &[
                ("claims", r#"{"id_token": {"email": null}}"#),
                ("s", "a b~_.-+\u{e9}"),
            ],
        )
        .unwrap();
        assert_eq!(
            s(&out, n),
            "claims=%7B%22id_token%22%3A+%7B%22email%22%3A+null%7D%7D&s=a+b~_.-%2B%C3%A9"
        );
    }

    #[test]
    fn redirects() {
        let mut out = [0u8; 128];
        let n = write_redirect(
            &mut out,
            "https://rp/cb",
            ResponseMode::Query,
            &[("code", "c/1"), ("state", "s"), ("iss", "https://op/")],
        )
        .unwrap();
        assert_eq!(
            s(&out, n),
            "https://rp/cb?code=c%2F1&state=s&iss=https%3A%2F%2Fop%2F"
        );
        let n = write_redirect(
            &mut out,
            "https://rp/cb?x=1",
            ResponseMode::Query,
            &[("a", "b")],
        )
        .unwrap();
        assert_eq!(s(&out, n), "https://rp/cb?x=1&a=b");
        let n = write_redirect(
            &mut out,
            "https://rp/cb",
            ResponseMode::Fragment,
            &[("a", "b")],
        )
        .unwrap();
        assert_eq!(s(&out, n), "https://rp/cb#a=b");
        let e = ErrorResponse {
            state: Some("xyz"),
            ..ErrorResponse::new("access_denied", Some("User said no"))
        };
        let n = e
            .write_redirect(&mut out, "https://rp/cb", ResponseMode::Query)
            .unwrap();
        assert_eq!(
            s(&out, n),
            "https://rp/cb?error=access_denied&error_description=User+said+no&state=xyz"
        );
        // one byte short
        let mut small = [0u8; 73];
        assert_eq!(
            e.write_redirect(&mut small, "https://rp/cb", ResponseMode::Query),
            Err(Error::BufferTooSmall)
        );
        let mut ok = [0u8; 74];
        assert_eq!(
            e.write_redirect(&mut ok, "https://rp/cb", ResponseMode::Query),
            Ok(74)
        );
    }

    #[test]
    fn error_json() {
        let mut out = [0u8; 128];
        let n = ErrorResponse::new("invalid_grant", Some("Missing code_verifier"))
            .write_json(&mut out)
            .unwrap();
        assert_eq!(
            s(&out, n),
            r#"{"error": "invalid_grant", "error_description": "Missing code_verifier"}"#
        );
        let n = ErrorResponse::from_error(Error::PkceMismatch)
            .write_json(&mut out)
            .unwrap();
        assert_eq!(
            s(&out, n),
            r#"{"error": "invalid_grant", "error_description": "PKCE check failed"}"#
        );
        assert_eq!(
            ErrorResponse::new("bad\"code", None).write_json(&mut out),
            Err(Error::InvalidErrorCode)
        );
        assert_eq!(
            ErrorResponse::new("x", Some("a\\b")).write_json(&mut out),
            Err(Error::InvalidErrorDescription)
        );
        assert_eq!(
            ErrorResponse::new("", None).write_json(&mut out),
            Err(Error::InvalidErrorCode)
        );
    }

    #[test]
    fn token_response_json() {
        let mut out = [0u8; 256];
        let r = TokenResponse {
            token_type: "Bearer",
            scope: &["openid", "email"],
            access_token: Some("at"),
            expires_in: Some(3600),
            refresh_token: Some("rt"),
            id_token: Some("a.b.c"),
            extra: &[("x", Extra::Raw(b"[1]"))],
        };
        let n = r.write_json(&mut out).unwrap();
        assert_eq!(
            s(&out, n),
            r#"{"token_type": "Bearer", "scope": "openid email", "access_token": "at", "expires_in": 3600, "refresh_token": "rt", "id_token": "a.b.c", "x": [1]}"#
        );
        for short in 0..n {
            assert_eq!(r.write_json(&mut out[..short]), Err(Error::BufferTooSmall));
        }
        let r = TokenResponse {
            token_type: "Bearer",
            scope: &["\u{e9}\"x"],
            ..Default::default()
        };
        let n = r.write_json(&mut out).unwrap();
        assert_eq!(
            s(&out, n),
            r#"{"token_type": "Bearer", "scope": "\u00e9\"x"}"#
        );
    }

    #[test]
    fn introspection_json() {
        let mut out = [0u8; 256];
        let n = IntrospectionResponse::default()
            .write_json(&mut out)
            .unwrap();
        assert_eq!(s(&out, n), r#"{"active": false}"#);
        let r = IntrospectionResponse {
            active: true,
            scope: &["openid"],
            client_id: Some("c"),
            token_class: Some("access_token"),
            exp: Some(2),
            iat: Some(1),
            sub: Some("u"),
            iss: Some("https://op/"),
            aud: &["c"],
            extra: &[("email", Extra::Str("a@b"))],
            ..Default::default()
        };
        let n = r.write_json(&mut out).unwrap();
        assert_eq!(
            s(&out, n),
            r#"{"active": true, "scope": "openid", "client_id": "c", "token_class": "access_token", "exp": 2, "iat": 1, "sub": "u", "iss": "https://op/", "aud": ["c"], "email": "a@b"}"#
        );
    }
}
