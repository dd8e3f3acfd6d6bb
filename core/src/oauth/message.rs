//! The generic, table-driven message: a static parameter table and one `verify()`.
//!
//! A message class is a [`MessageSpec`]: for each declared parameter its name, [`Kind`],
//! whether it is required, its allowed values and its default. [`Message::new`] types the
//! decoded [`Params`] against the table (idpyoidc's `from_urlencoded` / `from_dict`) and
//! [`Message::verify_base`] runs idpyoidc's base `verify()` in table order. The typed views
//! in [`super::messages`] add each class's own rules.

use crate::Error;
use crate::json::{self, Value};
use crate::oauth::params::{Format, List, Params, RawValue};

/// The declared type of a parameter (idpyoidc's `SINGLE_*` / `*_LIST_OF_*` /
/// `SINGLE_*_JSON` descriptors).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One string.
    Str,
    /// One integer. Form text must be a decimal integer (idpyoidc keeps the text unchecked);
    /// a JSON string is converted as Python's `int()` would, a JSON number must be integral.
    Int,
    /// One boolean: JSON `true`/`false`; form text `true`/`false`.
    Bool,
    /// A list of strings: one form value split on single spaces; in JSON an array of strings
    /// or a single string (a one-element list).
    List,
    /// A space-separated list: one form value or JSON string split on single spaces, or a
    /// JSON array of strings.
    SpList,
    /// A JSON object: JSON text in a form value or JSON string, or a JSON object.
    Object,
}

/// One declared parameter.
#[derive(Clone, Copy, Debug)]
pub struct ParamSpec {
    /// The parameter name.
    pub name: &'static str,
    /// Its type.
    pub kind: Kind,
    /// Whether `verify` requires it (present and non-empty).
    pub required: bool,
    /// The permitted values (every element, for lists); empty means any.
    pub allowed: &'static [&'static str],
    /// The value assumed when absent (idpyoidc's `c_default`).
    pub default: Option<&'static str>,
}

impl ParamSpec {
    /// An optional parameter of `kind`.
    pub const fn new(name: &'static str, kind: Kind) -> Self {
        ParamSpec {
            name,
            kind,
            required: false,
            allowed: &[],
            default: None,
        }
    }

    /// A required parameter of `kind`.
    pub const fn required(name: &'static str, kind: Kind) -> Self {
        ParamSpec {
            required: true,
            ..ParamSpec::new(name, kind)
        }
    }

    /// With these allowed values.
    pub const fn allowed(self, allowed: &'static [&'static str]) -> Self {
        ParamSpec { allowed, ..self }
    }

    /// With this default.
    pub const fn default(self, default: &'static str) -> Self {
        ParamSpec {
            default: Some(default),
            ..self
        }
    }
}

/// Most parameters a [`MessageSpec`] may declare (the OIDC authorization request has 20).
pub const MAX_DECLARED: usize = 24;

/// A message class: its name (as idpyoidc names it) and its parameter table, in
/// declaration order (which decides which missing parameter is reported first).
#[derive(Debug)]
pub struct MessageSpec {
    /// The class name, e.g. `oidc.AuthorizationRequest`.
    pub name: &'static str,
    /// The declared parameters.
    pub params: &'static [ParamSpec],
}

impl MessageSpec {
    /// The index of the declaration for `name`.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.params.iter().position(|p| p.name == name)
    }

    /// Fails to compile (when used in a const) if the table is too large.
    pub const fn checked(self) -> Self {
        assert!(self.params.len() <= MAX_DECLARED, "message table too large");
        self
    }
}

/// A typed parameter value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamValue<'a> {
    /// JSON `null` (kept for single-valued parameters, as idpyoidc does).
    Null,
    /// A string.
    Str(&'a str),
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// A list of strings.
    List(List<'a>),
    /// A JSON object (duplicate-free at its top level).
    Object(json::Object<'a>),
}

impl<'a> ParamValue<'a> {
    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&'a str> {
        match self {
            ParamValue::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The integer, when this is one.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            ParamValue::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The boolean, when this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            ParamValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The list, when this is one.
    pub fn as_list(&self) -> Option<List<'a>> {
        match self {
            ParamValue::List(l) => Some(*l),
            _ => None,
        }
    }

    /// The object, when this is one.
    pub fn as_object(&self) -> Option<json::Object<'a>> {
        match self {
            ParamValue::Object(o) => Some(*o),
            _ => None,
        }
    }

    /// Python truthiness, which idpyoidc's `verify` uses for "present": `null`, `0`, `""`,
    /// empty lists and objects are falsy.
    fn is_falsy(&self) -> bool {
        match self {
            ParamValue::Null => true,
            ParamValue::Str(s) => s.is_empty(),
            ParamValue::Int(i) => *i == 0,
            ParamValue::Bool(b) => !b,
            ParamValue::List(l) => l.is_empty(),
            ParamValue::Object(o) => o.is_empty(),
        }
    }
}

/// Why a message was rejected: the error and, where there is one, the parameter concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rejection<'a> {
    /// The fact.
    pub error: Error,
    /// The parameter it concerns.
    pub param: Option<&'a str>,
}

impl<'a> Rejection<'a> {
    /// A rejection about `param`.
    pub const fn param(error: Error, param: &'a str) -> Self {
        Rejection {
            error,
            param: Some(param),
        }
    }

    /// The OAuth `error` code for this rejection (see [`crate::oauth::error_code`]). A
    /// request object that failed verification (a rejection of the parameter `request` other
    /// than its own typing) is `invalid_request_object` (OIDC Core §6.3, RFC 9101 §6.3); a
    /// failed `id_token_hint` is `invalid_request`.
    pub fn error_code(&self) -> Option<&'static str> {
        let own_typing = matches!(
            self.error,
            Error::DuplicateParameter | Error::WrongParameterType | Error::ParameterTooLong
        );
        match self.param {
            Some("request") if !own_typing => Some("invalid_request_object"),
            Some("id_token_hint") if !own_typing => Some("invalid_request"),
            _ => crate::oauth::error_code(self.error),
        }
    }

    /// Writes the `error_description` idpyoidc would give, into `out`; returns the length.
    /// E.g. `Missing required attribute 'code'`.
    pub fn write_description(&self, out: &mut [u8]) -> Result<usize, Error> {
        let mut w = crate::oauth::serialize::Buf::new(out);
        match (self.error, self.param) {
            (Error::MissingParameter, Some(p)) => {
                w.push(b"Missing required attribute '")?;
                w.push(p.as_bytes())?;
                w.push(b"'")?;
            }
            (Error::DuplicateParameter, Some(p)) => w.push(p.as_bytes())?,
            (e, _) => w.push(
                crate::oauth::error_description(e)
                    .unwrap_or(e.message())
                    .as_bytes(),
            )?,
        }
        Ok(w.len())
    }
}

impl From<Rejection<'_>> for Error {
    fn from(r: Rejection<'_>) -> Error {
        r.error
    }
}

impl From<Error> for Rejection<'_> {
    fn from(error: Error) -> Self {
        Rejection { error, param: None }
    }
}

const ABSENT: u8 = u8::MAX;

/// A message typed against its class table; borrows the decoded [`Params`].
#[derive(Clone, Copy, Debug)]
pub struct Message<'a> {
    params: &'a Params<'a>,
    spec: &'static MessageSpec,
    /// For each declared parameter, the index of its (only) entry in `params`.
    slots: [u8; MAX_DECLARED],
}

/// Parses an integer the strict way: an optional `-`, then ASCII digits, in `i64` range.
/// Python's `int()` also takes `+`, surrounding whitespace and `_` between digits; a JSON
/// string like `" 10"` is therefore a [`Error::WrongParameterType`] here.
pub(crate) fn parse_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Types one raw value as `kind`; `Ok(None)` means "treat as absent" (a JSON `[]` or a list
/// starting with `null`, which idpyoidc skips for every declared parameter).
pub(crate) fn type_value<'a>(
    kind: Kind,
    raw: RawValue<'a>,
    format: Format,
) -> Result<Option<ParamValue<'a>>, Error> {
    let wrong = Err(Error::WrongParameterType);
    let v = match (format, raw) {
        (Format::Form, RawValue::Text(t)) => match kind {
            Kind::Str => ParamValue::Str(t),
            Kind::Int => ParamValue::Int(parse_int(t).ok_or(Error::WrongParameterType)?),
            Kind::Bool => match t {
                "true" => ParamValue::Bool(true),
                "false" => ParamValue::Bool(false),
                _ => return wrong,
            },
            Kind::List | Kind::SpList => ParamValue::List(List::space_separated(t)),
            Kind::Object => ParamValue::Object(parse_object(t)?),
        },
        (Format::Form, _) => return wrong,
        (Format::Json, RawValue::Text(t)) => match kind {
            Kind::Str => ParamValue::Str(t),
            Kind::Int => ParamValue::Int(parse_int(t).ok_or(Error::WrongParameterType)?),
            Kind::Bool => return wrong,
            Kind::List => ParamValue::List(List::single(t)),
            Kind::SpList => ParamValue::List(List::space_separated(t)),
            Kind::Object => ParamValue::Object(parse_object(t)?),
        },
        (Format::Json, RawValue::StrList(l)) => {
            if l.is_empty() {
                return Ok(None);
            }
            match kind {
                Kind::List | Kind::SpList => ParamValue::List(l),
                _ => return wrong,
            }
        }
        (Format::Json, RawValue::Json(v)) => match (kind, v) {
            (_, Value::Array(a)) => {
                if a.iter().next().is_none_or(|e| e.is_null()) {
                    return Ok(None);
                }
                return wrong;
            }
            (Kind::List | Kind::SpList, _) => return wrong,
            (_, Value::Null) => ParamValue::Null,
            (Kind::Bool, Value::Bool(b)) => ParamValue::Bool(b),
            (Kind::Int, Value::Number(n)) => {
                ParamValue::Int(n.as_i64().ok_or(Error::WrongParameterType)?)
            }
            (Kind::Object, Value::Object(o)) => {
                o.check_unique()?;
                ParamValue::Object(o)
            }
            _ => return wrong,
        },
    };
    Ok(Some(v))
}

fn parse_object(t: &str) -> Result<json::Object<'_>, Error> {
    json::Object::parse(t.as_bytes()).map_err(|e| match e {
        Error::NotAnObject => Error::WrongParameterType,
        e => e,
    })
}

impl<'a> Message<'a> {
    /// Types `params` against `spec` (idpyoidc's parse step): a declared parameter given
    /// more than once is [`Error::DuplicateParameter`] (for lists too, where idpyoidc
    /// silently keeps the first), a value of the wrong type [`Error::WrongParameterType`],
    /// JSON text that does not parse [`Error::InvalidJson`]. Undeclared parameters are kept,
    /// repetitions included, and readable through [`Message::params`].
    pub fn new(spec: &'static MessageSpec, params: &'a Params<'a>) -> Result<Self, Rejection<'a>> {
        let mut slots = [ABSENT; MAX_DECLARED];
        for (i, (name, raw)) in params.iter().enumerate() {
            let Some(j) = spec.index_of(name) else {
                continue;
            };
            let (Some(decl), Some(slot)) = (spec.params.get(j), slots.get_mut(j)) else {
                continue;
            };
            if *slot != ABSENT {
                continue; // a later occurrence; reported at the first
            }
            if params.iter().skip(i + 1).any(|(n, _)| n == name) {
                return Err(Rejection::param(Error::DuplicateParameter, decl.name));
            }
            let typed = type_value(decl.kind, raw, params.format())
                .map_err(|e| Rejection::param(e, decl.name))?;
            if typed.is_some() {
                *slot = u8::try_from(i).map_err(|_| Error::TooManyParameters)?;
            }
        }
        Ok(Message {
            params,
            spec,
            slots,
        })
    }

    /// The class table.
    pub fn spec(&self) -> &'static MessageSpec {
        self.spec
    }

    /// All decoded parameters, declared or not, in wire order.
    pub fn params(&self) -> &'a Params<'a> {
        self.params
    }

    fn declared(&self, j: usize) -> Option<ParamValue<'a>> {
        let decl = self.spec.params.get(j)?;
        let slot = *self.slots.get(j)?;
        if slot == ABSENT {
            return decl.default.map(ParamValue::Str);
        }
        let (_, raw) = self.params.entry(usize::from(slot))?;
        type_value(decl.kind, raw, self.params.format())
            .ok()
            .flatten()
    }

    /// The typed value of the declared parameter `name` (its default when absent and one
    /// is declared). `None` when absent or not declared.
    pub fn get(&self, name: &str) -> Option<ParamValue<'a>> {
        self.declared(self.spec.index_of(name)?)
    }

    /// The declared parameter `name` as a string.
    pub fn get_str(&self, name: &str) -> Option<&'a str> {
        self.get(name).and_then(|v| v.as_str())
    }

    /// The declared parameter `name` as a list.
    pub fn get_list(&self, name: &str) -> Option<List<'a>> {
        self.get(name).and_then(|v| v.as_list())
    }

    /// The declared parameter `name` as an integer.
    pub fn get_int(&self, name: &str) -> Option<i64> {
        self.get(name).and_then(|v| v.as_int())
    }

    /// Whether the parameter `name` is present (declared and typed, or undeclared);
    /// a declared default does not count.
    pub fn contains(&self, name: &str) -> bool {
        match self.spec.index_of(name) {
            Some(j) => self.slots.get(j).is_some_and(|s| *s != ABSENT),
            None => self.params.contains(name),
        }
    }

    /// Every parameter with its typed value (declared ones typed, defaults included after
    /// the wire parameters, undeclared ones as they came), for rendering.
    pub fn for_each(
        &self,
        mut f: impl FnMut(&'a str, Field<'a>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        for (i, (name, raw)) in self.params.iter().enumerate() {
            match self.spec.index_of(name) {
                Some(j) => {
                    if self.slots.get(j).map(|s| usize::from(*s)) == Some(i)
                        && let Some(v) = self.declared(j)
                    {
                        f(name, Field::Declared(v))?;
                    }
                }
                None => {
                    if self.params.iter().take(i).all(|(n, _)| n != name) {
                        f(name, Field::Undeclared(raw))?;
                    }
                }
            }
        }
        for (j, decl) in self.spec.params.iter().enumerate() {
            if self.slots.get(j) == Some(&ABSENT)
                && let Some(d) = decl.default
            {
                f(decl.name, Field::Declared(ParamValue::Str(d)))?;
            }
        }
        Ok(())
    }

    /// idpyoidc's base `Message.verify()`: in table order, a required parameter that is
    /// absent or falsy is [`Error::MissingParameter`]; a present, truthy value outside the
    /// allowed values (every element, for lists) is [`Error::ParameterNotAllowedValue`].
    pub fn verify_base(&self) -> Result<(), Rejection<'a>> {
        for (j, decl) in self.spec.params.iter().enumerate() {
            let missing = Rejection::param(Error::MissingParameter, decl.name);
            let Some(v) = self.declared(j) else {
                if decl.required {
                    return Err(missing);
                }
                continue;
            };
            if decl.kind != Kind::Bool && v.is_falsy() {
                if decl.required {
                    return Err(missing);
                }
                continue;
            }
            if decl.allowed.is_empty() {
                continue;
            }
            let not_allowed = Rejection::param(Error::ParameterNotAllowedValue, decl.name);
            match v {
                ParamValue::Str(s) if !decl.allowed.contains(&s) => return Err(not_allowed),
                ParamValue::Int(_) => return Err(not_allowed),
                ParamValue::List(l) if l.iter().any(|e| !decl.allowed.contains(&e)) => {
                    return Err(not_allowed);
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// One parameter as [`Message::for_each`] yields it.
#[derive(Clone, Copy, Debug)]
pub enum Field<'a> {
    /// A declared parameter, typed.
    Declared(ParamValue<'a>),
    /// An undeclared parameter's first occurrence (use [`Params::get_all`] for the rest).
    Undeclared(RawValue<'a>),
}

#[cfg(test)]
mod tests {
    use super::*;

    static SPEC: MessageSpec = MessageSpec {
        name: "test",
        params: &[
            ParamSpec::required("a", Kind::Str),
            ParamSpec::new("n", Kind::Int),
            ParamSpec::new("b", Kind::Bool),
            ParamSpec::new("l", Kind::List),
            ParamSpec::new("s", Kind::SpList).allowed(&["x", "y"]),
            ParamSpec::new("o", Kind::Object),
            ParamSpec::new("d", Kind::Str).default("dflt"),
        ],
    }
    .checked();

    fn with_form<R>(body: &str, f: impl FnOnce(Result<Message<'_>, Rejection<'_>>) -> R) -> R {
        let mut s = vec![0u8; body.len()];
        let p = Params::parse_form(body.as_bytes(), &mut s).unwrap();
        f(Message::new(&SPEC, &p))
    }

    fn with_json<R>(body: &str, f: impl FnOnce(Result<Message<'_>, Rejection<'_>>) -> R) -> R {
        let mut s = vec![0u8; body.len()];
        let p = Params::parse_json(body.as_bytes(), &mut s).unwrap();
        f(Message::new(&SPEC, &p))
    }

    fn err(e: Error, p: &'static str) -> Rejection<'static> {
        Rejection::param(e, p)
    }

    #[test]
    fn form_typing() {
        with_form("a=1&n=-5&b=true&l=p+q&s=x+y&o=%7B%7D&u=1&u=2", |m| {
            let m = m.unwrap();
            assert_eq!(m.get_str("a"), Some("1"));
            assert_eq!(m.get_int("n"), Some(-5));
            assert_eq!(m.get("b"), Some(ParamValue::Bool(true)));
            assert_eq!(
                m.get_list("l").unwrap().iter().collect::<Vec<_>>(),
                ["p", "q"]
            );
            assert!(m.get("o").unwrap().as_object().unwrap().is_empty());
            assert_eq!(m.get_str("d"), Some("dflt"));
            assert!(!m.contains("d") && m.contains("u") && m.contains("a"));
            assert_eq!(m.params().count("u"), 2);
            assert_eq!(m.verify_base(), Ok(()));
        });
        for (body, e) in [
            ("a=1&a=2", err(Error::DuplicateParameter, "a")),
            ("l=1&l=2", err(Error::DuplicateParameter, "l")),
            ("n=ten", err(Error::WrongParameterType, "n")),
            ("n=%2B1", err(Error::WrongParameterType, "n")),
            (
                "n=99999999999999999999",
                err(Error::WrongParameterType, "n"),
            ),
            ("b=yes", err(Error::WrongParameterType, "b")),
            ("o=%7Bx", err(Error::InvalidJson, "o")),
            ("o=5", err(Error::WrongParameterType, "o")),
            (
                "o=%7B%22a%22%3A1%2C%22a%22%3A2%7D",
                err(Error::DuplicateMember, "o"),
            ),
        ] {
            with_form(body, |m| assert_eq!(m.unwrap_err(), e, "{body}"));
        }
        // first-occurrence order decides which error is reported
        with_form("o=%7Bx&a=1&a=2", |m| {
            assert_eq!(m.unwrap_err().error, Error::InvalidJson)
        });
        with_form("a=1&o=%7Bx&a=2", |m| {
            assert_eq!(m.unwrap_err().error, Error::DuplicateParameter)
        });
    }

    #[test]
    fn json_typing() {
        with_json(
            r#"{"a": "1", "n": "42", "b": false, "l": "p q", "s": ["x", "y"], "o": {"k": 1}}"#,
            |m| {
                let m = m.unwrap();
                assert_eq!(m.get_int("n"), Some(42));
                assert_eq!(m.get_list("l").unwrap().iter().collect::<Vec<_>>(), ["p q"]);
                assert_eq!(m.get_list("s").unwrap().len(), 2);
                assert_eq!(m.verify_base(), Ok(()));
            },
        );
        with_json(r#"{"a": "1", "s": "x y", "o": "{\"k\": 1}"}"#, |m| {
            let m = m.unwrap();
            assert_eq!(m.get_list("s").unwrap().len(), 2);
            assert!(!m.get("o").unwrap().as_object().unwrap().is_empty());
        });
        with_json(r#"{"a": [], "l": [null, "x"], "n": null}"#, |m| {
            let m = m.unwrap();
            assert!(!m.contains("a") && !m.contains("l"));
            assert_eq!(m.get("n"), Some(ParamValue::Null));
            assert_eq!(m.verify_base(), Err(err(Error::MissingParameter, "a")));
        });
        for (body, e) in [
            (r#"{"a": 5}"#, err(Error::WrongParameterType, "a")),
            (r#"{"a": true}"#, err(Error::WrongParameterType, "a")),
            (r#"{"a": ["x"]}"#, err(Error::WrongParameterType, "a")),
            (r#"{"a": {}}"#, err(Error::WrongParameterType, "a")),
            (r#"{"n": 1.5}"#, err(Error::WrongParameterType, "n")),
            (r#"{"n": "soon"}"#, err(Error::WrongParameterType, "n")),
            (r#"{"n": true}"#, err(Error::WrongParameterType, "n")),
            (r#"{"b": "true"}"#, err(Error::WrongParameterType, "b")),
            (r#"{"l": [1]}"#, err(Error::WrongParameterType, "l")),
            (r#"{"l": null}"#, err(Error::WrongParameterType, "l")),
            (r#"{"l": 3}"#, err(Error::WrongParameterType, "l")),
            (r#"{"o": [1]}"#, err(Error::WrongParameterType, "o")),
            (
                r#"{"o": {"k": 1, "k": 2}}"#,
                err(Error::DuplicateMember, "o"),
            ),
        ] {
            with_json(body, |m| assert_eq!(m.unwrap_err(), e, "{body}"));
        }
    }

    #[test]
    fn verify_base_rules() {
        for (body, r) in [
            ("a=1&s=x", Ok(())),
            ("s=x", Err(err(Error::MissingParameter, "a"))),
            ("a=1&s=z", Err(err(Error::ParameterNotAllowedValue, "s"))),
            ("a=1&s=x+", Err(err(Error::ParameterNotAllowedValue, "s"))),
        ] {
            with_form(body, |m| assert_eq!(m.unwrap().verify_base(), r, "{body}"));
        }
        with_json(r#"{"a": null}"#, |m| {
            assert_eq!(
                m.unwrap().verify_base(),
                Err(err(Error::MissingParameter, "a"))
            )
        });
    }

    #[test]
    fn descriptions() {
        let mut out = [0u8; 64];
        let n = err(Error::MissingParameter, "code")
            .write_description(&mut out)
            .unwrap();
        assert_eq!(&out[..n], b"Missing required attribute 'code'");
        let mut out = [0u8; 10];
        assert_eq!(
            err(Error::MissingParameter, "code").write_description(&mut out),
            Err(Error::BufferTooSmall)
        );
    }
}
