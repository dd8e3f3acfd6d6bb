//! `parse` (OAuth 2.0 / OIDC messages) and `pkce`: thin wrappers over `oxidc::oauth`.

use crate::exit::{CliError, CliResult};
use crate::input;
use crate::jsonout::J;
use crate::keys;
use crate::term::{Paint, Stream};
use oxidc::Error;
use oxidc::oauth::messages as o2;
use oxidc::oauth::pkce::{self, ChallengeMethod};
use oxidc::oauth::serialize::ErrorResponse;
use oxidc::oauth::{Field, Kind, Message, ParamValue, Params, RawValue, Rejection};
use oxidc::oidc::messages as oidc;

/// Message classes `parse` knows (idpyoidc's class in brackets).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MessageType {
    /// A token request of any grant type, dispatched on `grant_type` (idpyoidc's token endpoint).
    TokenRequest,
    /// Authorization-code token request (oauth2.AccessTokenRequest).
    AccessTokenRequest,
    /// Refresh request (oauth2.RefreshAccessTokenRequest).
    RefreshTokenRequest,
    /// Client-credentials request (oauth2.CCAccessTokenRequest).
    ClientCredentialsRequest,
    /// Token-exchange request (oauth2.TokenExchangeRequest).
    TokenExchangeRequest,
    /// OpenID Connect authentication request (oidc.AuthorizationRequest).
    AuthorizationRequest,
    /// Plain OAuth 2.0 authorization request (oauth2.AuthorizationRequest).
    Oauth2AuthorizationRequest,
    /// Token response (oidc.AccessTokenResponse).
    TokenResponse,
    /// Plain OAuth 2.0 token response (oauth2.AccessTokenResponse).
    Oauth2TokenResponse,
    /// OpenID Connect authorization-code token request (oidc.AccessTokenRequest).
    OidcAccessTokenRequest,
    /// Authorization response (oauth2.AuthorizationResponse).
    AuthorizationResponse,
    /// Error response (oauth2.TokenErrorResponse).
    ErrorResponse,
    /// Introspection request (oauth2.TokenIntrospectionRequest).
    IntrospectionRequest,
    /// Introspection response (oauth2.TokenIntrospectionResponse).
    IntrospectionResponse,
    /// Revocation request (oauth2.TokenRevocationRequest).
    RevocationRequest,
}

/// The wire format of a message body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum WireFormat {
    /// JSON when the body starts with `{`, else form.
    Auto,
    /// `application/x-www-form-urlencoded` (or a query string without `?`).
    Form,
    /// A JSON object.
    Json,
}

/// Options of `oxidc parse`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Prints the parameters as idpyoidc's to_json() renders them, or, when the \
message is refused, the OAuth error body an OP would answer with (RFC 6749 §5.2) on stdout and \
the core's error on stderr (exit 17 oauth, 10 parse, 11 limit).

Examples:
  oxidc parse --type access-token-request \\
      'grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA&redirect_uri=https%3A%2F%2Fclient.example.org%2Fcb'
  curl -s … | oxidc parse --type token-response -
  echo 'response_type=code&client_id=c&scope=openid&redirect_uri=https://c/cb' | \\
      oxidc parse --type authorization-request -"
)]
pub struct ParseArgs {
    /// The message class.
    #[arg(long = "type", value_enum, value_name = "TYPE")]
    kind: MessageType,
    /// The body's wire format.
    #[arg(long, value_enum, default_value_t = WireFormat::Auto)]
    format: WireFormat,
    /// The body (form-encoded or JSON), or `-` to read it from stdin.
    #[arg(value_name = "BODY|-")]
    body: String,
}

/// A rendered parameter value, as idpyoidc's `to_json()` shows it (space-separated lists as
/// one string, other lists as arrays, repeated undeclared parameters as arrays).
fn render(m: &Message<'_>) -> Result<J, Error> {
    let mut members = Vec::new();
    m.for_each(|name, field| {
        let v = match field {
            Field::Declared(v) => {
                let kind = m
                    .spec()
                    .index_of(name)
                    .and_then(|i| m.spec().params.get(i))
                    .map(|p| p.kind);
                match v {
                    ParamValue::Null => J::Null,
                    ParamValue::Str(s) => J::str(s),
                    ParamValue::Int(i) => J::int(i),
                    ParamValue::Bool(b) => J::Bool(b),
                    ParamValue::List(l) if kind == Some(Kind::SpList) => {
                        J::str(&l.iter().collect::<Vec<_>>().join(" "))
                    }
                    ParamValue::List(l) => J::Arr(l.iter().map(J::str).collect()),
                    ParamValue::Object(o) => J::from_object(&o)?,
                }
            }
            Field::Undeclared(raw) => {
                let all: Vec<RawValue<'_>> = m.params().get_all(name).collect();
                if all.len() > 1 {
                    J::Arr(all.into_iter().map(raw_json).collect::<Result<_, _>>()?)
                } else {
                    raw_json(raw)?
                }
            }
        };
        members.push((name, v));
        Ok(())
    })?;
    Ok(J::obj(members))
}

fn raw_json(v: RawValue<'_>) -> Result<J, Error> {
    Ok(match v {
        RawValue::Text(t) => J::str(t),
        RawValue::StrList(l) => J::Arr(l.iter().map(J::str).collect()),
        RawValue::Json(v) => J::from_value(&v)?,
    })
}

/// Types and verifies `params` as `kind`: the class name and the rendered parameters.
fn check<'a>(kind: MessageType, p: &'a Params<'a>) -> Result<(&'static str, J), Rejection<'a>> {
    macro_rules! go {
        ($t:ty, |$r:ident| $verify:expr) => {{
            let $r = <$t>::new(p)?;
            $verify?;
            Ok(($r.message().spec().name, render($r.message())?))
        }};
    }
    match kind {
        MessageType::TokenRequest => {
            use o2::{GrantType, TokenRequest};
            let all = [
                GrantType::AuthorizationCode,
                GrantType::RefreshToken,
                GrantType::ClientCredentials,
                GrantType::TokenExchange,
            ];
            let r = TokenRequest::parse(p, &all)?;
            let m = match &r {
                TokenRequest::AuthorizationCode(x) => *x.message(),
                TokenRequest::RefreshToken(x) => *x.message(),
                TokenRequest::ClientCredentials(x) => *x.message(),
                TokenRequest::TokenExchange(x) => *x.message(),
            };
            Ok((m.spec().name, render(&m)?))
        }
        MessageType::AccessTokenRequest => {
            go!(o2::AccessTokenRequest, |r| r
                .verify()
                .and(r.code_verifier()))
        }
        MessageType::RefreshTokenRequest => go!(o2::RefreshAccessTokenRequest, |r| r.verify()),
        MessageType::ClientCredentialsRequest => go!(o2::CCAccessTokenRequest, |r| r.verify()),
        MessageType::TokenExchangeRequest => go!(o2::TokenExchangeRequest, |r| r.verify()),
        MessageType::AuthorizationRequest => go!(oidc::AuthorizationRequest, |r| r.verify(None)),
        MessageType::Oauth2AuthorizationRequest => {
            go!(o2::AuthorizationRequest, |r| r.verify())
        }
        MessageType::TokenResponse => go!(oidc::AccessTokenResponse, |r| r.verify()),
        MessageType::Oauth2TokenResponse => go!(o2::AccessTokenResponse, |r| r.verify()),
        MessageType::OidcAccessTokenRequest => go!(oidc::AccessTokenRequest, |r| r.verify()),
        MessageType::AuthorizationResponse => {
            go!(o2::AuthorizationResponse, |r| r.verify(None, None))
        }
        MessageType::ErrorResponse => go!(o2::TokenErrorResponse, |r| r.verify()),
        MessageType::IntrospectionRequest => go!(o2::TokenIntrospectionRequest, |r| r.verify()),
        MessageType::IntrospectionResponse => {
            go!(o2::TokenIntrospectionResponse, |r| r.verify())
        }
        MessageType::RevocationRequest => go!(o2::TokenRevocationRequest, |r| r.verify()),
    }
}

/// Decodes a body in `format` into `scratch`.
pub fn decode<'a>(
    body: &'a [u8],
    format: WireFormat,
    scratch: &'a mut [u8],
) -> Result<Params<'a>, Error> {
    let json = match format {
        WireFormat::Json => true,
        WireFormat::Form => false,
        WireFormat::Auto => body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{'),
    };
    if json {
        Params::parse_json(body, scratch)
    } else {
        Params::parse_form(body, scratch)
    }
}

/// The OAuth error body an OP answers a refused message with (compact, as the core writes it).
pub fn error_body(r: &Rejection<'_>) -> String {
    let mut desc = [0u8; 512];
    let n = r.write_description(&mut desc).unwrap_or(0);
    let desc = std::str::from_utf8(desc.get(..n).unwrap_or_default()).ok();
    let mut resp = ErrorResponse::from_error(r.error);
    if let Some(d) = desc.filter(|d| !d.is_empty()) {
        resp.error_description = Some(d);
    }
    let mut out = [0u8; 1024];
    match resp.write_json(&mut out) {
        Ok(n) => String::from_utf8_lossy(out.get(..n).unwrap_or_default()).into_owned(),
        // A description outside RFC 6749's character set: send the code alone.
        Err(_) => {
            let bare = ErrorResponse::from_error(r.error);
            let n = bare.write_json(&mut out).unwrap_or(0);
            String::from_utf8_lossy(out.get(..n).unwrap_or_default()).into_owned()
        }
    }
}

/// `oxidc parse`.
pub fn parse_cmd(a: &ParseArgs) -> CliResult {
    let body = if a.body == "-" {
        let mut b = input::read("-")?;
        while b.last().is_some_and(|c| *c == b'\n' || *c == b'\r') {
            b.pop();
        }
        b
    } else {
        a.body.clone().into_bytes()
    };
    let mut scratch = vec![0u8; body.len()];
    let params = match decode(&body, a.format, &mut scratch) {
        Ok(p) => p,
        Err(e) => return refuse(&Rejection::from(e)),
    };
    match check(a.kind, &params) {
        Ok((_class, rendered)) => {
            println!("{}", rendered.pretty(Stream::Out));
            Ok(())
        }
        Err(r) => refuse(&r),
    }
}

/// Prints the OAuth error body for a refused message and returns the CLI error.
fn refuse(r: &Rejection<'_>) -> CliResult {
    println!("{}", error_body(r));
    let what = match r.param {
        Some(p) => format!("parsing the message (parameter {p})"),
        None => "parsing the message".to_owned(),
    };
    Err(CliError::Core(r.error, what))
}

/// Options of `oxidc pkce`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  oxidc pkce                                   # a fresh verifier and its S256 challenge
  oxidc pkce --verifier dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk
  oxidc pkce --verifier \"$V\" --check \"$CHALLENGE\"   # exit 0 when they match, 17 if not")]
pub struct PkceArgs {
    /// The code verifier (default: 32 random bytes, base64url: 43 characters).
    #[arg(long)]
    verifier: Option<String>,
    /// The challenge method.
    #[arg(long, value_parser = ["S256", "plain", "S384", "S512"], default_value = "S256")]
    method: String,
    /// Check the verifier against this stored challenge (as an OP's token endpoint does).
    #[arg(long, value_name = "CHALLENGE")]
    check: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `oxidc pkce`.
pub fn pkce_cmd(a: &PkceArgs) -> CliResult {
    let method = ChallengeMethod::from_name(&a.method)
        .ok_or_else(|| CliError::Usage(format!("unknown method {}", a.method)))?;
    let verifier = match &a.verifier {
        Some(v) => v.clone(),
        None => {
            let mut b = [0u8; 32];
            keys::random(&mut b)?;
            keys::b64(&b)
        }
    };
    if let Some(challenge) = &a.check {
        let stored = pkce::Challenge { challenge, method };
        pkce::verify(Some(&verifier), &stored)
            .map_err(CliError::core("checking the code verifier"))?;
        if a.json {
            println!("{}", J::obj([("valid", J::Bool(true))]).pretty(Stream::Out));
        } else {
            println!(
                "{} the verifier matches the {} challenge",
                Paint::Green.out("VALID"),
                method.as_str()
            );
        }
        return Ok(());
    }
    if !pkce::is_valid_syntax(&verifier) {
        return Err(CliError::Core(
            Error::PkceVerifierInvalid,
            "checking the verifier (RFC 7636 §4.1: 43-128 characters of [A-Za-z0-9-._~])".into(),
        ));
    }
    let mut out = [0u8; 128];
    let n = pkce::compute_challenge(&verifier, method, &mut out)
        .map_err(CliError::core("computing the challenge"))?;
    let challenge = String::from_utf8_lossy(out.get(..n).unwrap_or_default()).into_owned();
    if a.json {
        let j = J::obj([
            ("code_verifier", J::str(&verifier)),
            ("code_challenge", J::str(&challenge)),
            ("code_challenge_method", J::str(method.as_str())),
        ]);
        println!("{}", j.pretty(Stream::Out));
    } else {
        println!("code_verifier          {verifier}");
        println!("code_challenge         {challenge}");
        println!("code_challenge_method  {}", method.as_str());
    }
    Ok(())
}
