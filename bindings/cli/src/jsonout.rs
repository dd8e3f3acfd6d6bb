//! An order-preserving JSON tree for output, built either by the CLI or from JSON the core
//! has already validated (token headers and claims keep their order and their exact string
//! escapes), printed pretty (optionally coloured) or compact.

use crate::term::{Paint, Stream};
use oxidc::Error;
use oxidc::json::{Object, Value};

/// A JSON value for output. Strings hold their *escaped* JSON content (without quotes).
#[derive(Clone, Debug, PartialEq)]
pub enum J {
    /// `null`
    Null,
    /// A boolean.
    Bool(bool),
    /// A number, as JSON text.
    Num(String),
    /// A string (escaped content).
    Str(String),
    /// An array.
    Arr(Vec<J>),
    /// An object with escaped member names, in order.
    Obj(Vec<(String, J)>),
}

/// Escapes `s` as JSON string content.
pub fn escape(s: &str) -> String {
    let quoted = serde_json::Value::String(s.to_owned()).to_string();
    quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or_default()
        .to_owned()
}

impl J {
    /// A string value.
    pub fn str(s: &str) -> J {
        J::Str(escape(s))
    }

    /// An integer value.
    pub fn int(i: i64) -> J {
        J::Num(i.to_string())
    }

    /// An object from `(name, value)` pairs.
    pub fn obj<'a>(members: impl IntoIterator<Item = (&'a str, J)>) -> J {
        J::Obj(members.into_iter().map(|(k, v)| (escape(k), v)).collect())
    }

    /// Converts JSON the core validated; nested objects are checked for duplicate names.
    pub fn from_value(v: &Value<'_>) -> Result<J, Error> {
        Ok(match v {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => J::Num(n.as_str().to_owned()),
            Value::String(s) => J::Str(String::from_utf8_lossy(s.raw()).into_owned()),
            Value::Array(a) => {
                let mut items = Vec::new();
                let mut it = a.iter();
                while let Some(v) = it.next_value()? {
                    items.push(J::from_value(&v)?);
                }
                J::Arr(items)
            }
            Value::Object(o) => J::from_object(o)?,
        })
    }

    /// Converts a validated object, in member order.
    pub fn from_object(o: &Object<'_>) -> Result<J, Error> {
        o.check_unique()?;
        let mut members = Vec::new();
        let mut it = o.members();
        while let Some(m) = it.next_member()? {
            members.push((
                String::from_utf8_lossy(m.name.raw()).into_owned(),
                J::from_value(&m.value)?,
            ));
        }
        Ok(J::Obj(members))
    }

    /// Parses and converts JSON text with the core's bounded reader.
    #[cfg(test)]
    pub fn parse(text: &[u8]) -> Result<J, Error> {
        J::from_value(&oxidc::json::parse_value(text)?)
    }

    /// Looks a member up by (unescaped, plain) name.
    pub fn get(&self, name: &str) -> Option<&J> {
        match self {
            J::Obj(m) => m.iter().find(|(k, _)| *k == escape(name)).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Compact JSON, no colours.
    pub fn compact(&self) -> String {
        let mut s = String::new();
        self.write(&mut s, None, 0, None);
        s
    }

    /// Pretty JSON (two-space indent), coloured for `stream` when it allows.
    pub fn pretty(&self, stream: Stream) -> String {
        let mut s = String::new();
        self.write(&mut s, Some(2), 0, Some(stream));
        s
    }

    /// Pretty JSON with every line indented by `indent` spaces.
    pub fn pretty_indented(&self, stream: Stream, indent: usize) -> String {
        let pad = " ".repeat(indent);
        self.pretty(stream)
            .lines()
            .map(|l| format!("{pad}{l}"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn write(&self, out: &mut String, step: Option<usize>, level: usize, c: Option<Stream>) {
        let paint = |p: Paint, t: &str| match c {
            Some(s) => p.on(s, t),
            None => t.to_owned(),
        };
        let newline = |out: &mut String, level: usize| {
            if let Some(step) = step {
                out.push('\n');
                out.push_str(&" ".repeat(step * level));
            }
        };
        match self {
            J::Null => out.push_str(&paint(Paint::Dim, "null")),
            J::Bool(b) => out.push_str(&paint(Paint::Magenta, if *b { "true" } else { "false" })),
            J::Num(n) => out.push_str(&paint(Paint::Yellow, n)),
            J::Str(s) => out.push_str(&paint(Paint::Green, &format!("\"{s}\""))),
            J::Arr(items) => {
                if items.is_empty() {
                    out.push_str("[]");
                    return;
                }
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, level + 1);
                    v.write(out, step, level + 1, c);
                }
                newline(out, level);
                out.push(']');
            }
            J::Obj(members) => {
                if members.is_empty() {
                    out.push_str("{}");
                    return;
                }
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, level + 1);
                    out.push_str(&paint(Paint::Cyan, &format!("\"{k}\"")));
                    out.push(':');
                    if step.is_some() {
                        out.push(' ');
                    }
                    v.write(out, step, level + 1, c);
                }
                newline(out, level);
                out.push('}');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_escapes() {
        let j = J::parse(br#"{"b":1,"a":"x\u0041\n","c":[true,null,{"z":1.5e3}]}"#).unwrap();
        assert_eq!(
            j.compact(),
            r#"{"b":1,"a":"x\u0041\n","c":[true,null,{"z":1.5e3}]}"#
        );
        let round: serde_json::Value = serde_json::from_str(&j.pretty(Stream::Out)).unwrap();
        assert_eq!(round["a"], "xA\n");
    }

    #[test]
    fn nested_duplicates_are_refused() {
        assert_eq!(
            J::parse(br#"{"a":{"b":1,"b":2}}"#),
            Err(Error::DuplicateMember)
        );
    }

    #[test]
    fn built_strings_are_escaped() {
        let j = J::obj([("k\"", J::str("v\u{1}"))]);
        let v: serde_json::Value = serde_json::from_str(&j.compact()).unwrap();
        assert_eq!(v["k\""], "v\u{1}");
    }
}
