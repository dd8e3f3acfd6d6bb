//! The borrowed view of a stored grant (GRANTS.md §1, §6).

use core::fmt;

use subtle::ConstantTimeEq;

use super::{ClassSet, TokenClass};
use crate::json::{Array, JsonStr, Member, Object, Pull, Value, Visit, parse_value};
use crate::limits::{MAX_GRANT_LEN, MAX_ISSUED_TOKENS, MAX_JSON_MEMBERS};
use crate::{Error, UnixTime};

/// Why an item (a token or the grant) is inactive, in the order idpyoidc's `Item.is_active`
/// tests it (GRANTS.md §4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Inactive {
    /// The rule has `max_usage` and `used >= max_usage`.
    MaxUsageReached,
    /// `revoked` is true.
    Revoked,
    /// `not_before` is non-zero and `now < not_before`.
    NotYetValid,
    /// `expires_at` is non-zero and `now > expires_at` (strictly: still active in the second
    /// `now == expires_at`; no leeway).
    Expired,
}

/// `Item.is_active` (GRANTS.md §4.1).
fn check_item(
    used: i64,
    max_usage: Option<i64>,
    revoked: bool,
    not_before: i64,
    expires_at: i64,
    now: UnixTime,
) -> Result<(), Inactive> {
    if max_usage.is_some_and(|max| used >= max) {
        return Err(Inactive::MaxUsageReached);
    }
    if revoked {
        return Err(Inactive::Revoked);
    }
    let now = now.as_secs();
    if not_before != 0 && now < not_before {
        return Err(Inactive::NotYetValid);
    }
    if expires_at != 0 && now > expires_at {
        return Err(Inactive::Expired);
    }
    Ok(())
}

/// One usage-rule object (GRANTS.md §2), borrowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UsageRule<'a> {
    present: bool,
    non_empty: bool,
    supports_minting: Option<ClassSet>,
    max_usage: Option<i64>,
    expires_in: i64,
    raw: &'a [u8],
}

impl<'a> UsageRule<'a> {
    /// No rule object at all.
    pub const ABSENT: UsageRule<'static> = UsageRule {
        present: false,
        non_empty: false,
        supports_minting: None,
        max_usage: None,
        expires_in: 0,
        raw: b"",
    };

    fn parse(obj: Object<'a>) -> Result<Self, Error> {
        let mut rule = UsageRule {
            present: true,
            raw: obj.raw(),
            ..UsageRule::ABSENT
        };
        let mut seen = 0u8;
        let mut it = obj.members();
        let mut key_buf = [0u8; KEY_BUF];
        while let Some(m) = it.next_member()? {
            rule.non_empty = true;
            let (bit, field) = match key(&m.name, &mut key_buf) {
                b"supports_minting" => (1, 0),
                b"max_usage" => (2, 1),
                b"expires_in" => (4, 2),
                _ => continue,
            };
            if seen & bit != 0 {
                return Err(Error::DuplicateMember);
            }
            seen |= bit;
            match field {
                0 => rule.supports_minting = Some(class_list(&m.value)?),
                1 => {
                    rule.max_usage = Some(m.value.as_i64().ok_or(Error::MalformedUsageRule)?);
                }
                _ => rule.expires_in = expires_in(&m.value)?,
            }
        }
        Ok(rule)
    }

    /// Whether a rule object exists (possibly `{}`).
    pub fn is_present(&self) -> bool {
        self.present
    }

    /// Whether the rule object has at least one member (Python truthiness of the dict, which
    /// decides between the rule's `expires_in` and the handler lifetime, GRANTS.md §3.1 step 5).
    pub fn is_non_empty(&self) -> bool {
        self.non_empty
    }

    /// The `supports_minting` list, `None` when absent.
    pub fn supports_minting_list(&self) -> Option<ClassSet> {
        self.supports_minting
    }

    /// `SessionToken.supports_minting(class)`: true iff the list exists and holds `class`.
    pub fn supports_minting(&self, class: TokenClass) -> bool {
        self.supports_minting.is_some_and(|s| s.contains(class))
    }

    /// `max_usage`, when set.
    pub fn max_usage(&self) -> Option<i64> {
        self.max_usage
    }

    /// `expires_in` in seconds; 0 when absent, null or zero (all falsy in idpyoidc).
    pub fn expires_in(&self) -> i64 {
        self.expires_in
    }

    /// The rule object's JSON text as stored (empty when absent).
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }
}

/// `expires_in`: an integer, a decimal string (`int()` in idpyoidc) or null (falsy).
fn expires_in(v: &Value<'_>) -> Result<i64, Error> {
    match v {
        Value::Null => Ok(0),
        Value::Number(n) => n.as_i64().ok_or(Error::MalformedUsageRule),
        Value::String(s) => {
            let s = s.as_str().ok_or(Error::MalformedUsageRule)?;
            let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Error::MalformedUsageRule);
            }
            s.parse().map_err(|_| Error::MalformedUsageRule)
        }
        _ => Err(Error::MalformedUsageRule),
    }
}

fn class_list(v: &Value<'_>) -> Result<ClassSet, Error> {
    let arr = v.as_array().ok_or(Error::MalformedUsageRule)?;
    let mut set = ClassSet::EMPTY;
    let mut it = arr.iter();
    let mut buf = [0u8; KEY_BUF];
    while let Some(item) = it.next_value()? {
        let s = item.as_json_str().ok_or(Error::MalformedUsageRule)?;
        set = set.with(TokenClass::from_bytes(key(&s, &mut buf)));
    }
    Ok(set)
}

/// The bit of an issued token's known member (one per name, for the duplicate check and the
/// presence set both parse paths keep); `None` for a member the grant engine ignores.
#[inline(always)]
fn token_member_bit(name: &[u8]) -> Option<u32> {
    Some(match name {
        b"value" => 1,
        b"based_on" => 1 << 1,
        b"id" => 1 << 2,
        b"token_class" => 1 << 3,
        b"type" => 1 << 4,
        b"name" => 1 << 5,
        b"used" => 1 << 6,
        b"revoked" => 1 << 7,
        b"expires_at" => 1 << 8,
        b"not_before" => 1 << 9,
        b"issued_at" => 1 << 10,
        b"usage_rules" => 1 << 11,
        b"scope" => 1 << 12,
        b"resources" => 1 << 13,
        b"claims" => 1 << 14,
        _ => return None,
    })
}

const KEY_BUF: usize = 32;

/// A member name or short string as bytes: borrowed when unescaped, else decoded into `buf`;
/// a decoded form longer than `buf` can match no known name and gives `b"\0"`.
#[inline]
fn key<'k>(s: &JsonStr<'k>, buf: &'k mut [u8; KEY_BUF]) -> &'k [u8] {
    if !s.has_escapes() {
        return s.raw();
    }
    match s.decode_into(buf) {
        Ok(d) => d.as_bytes(),
        Err(_) => b"\0",
    }
}

/// A scope value: a JSON list of strings (grants, tokens) or a space-separated string (an
/// authorization request as dumped).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope<'a> {
    /// No scope member (or null).
    Absent,
    /// A list of strings.
    List(Array<'a>),
    /// A space-separated string.
    Spaced(JsonStr<'a>),
}

impl<'a> Scope<'a> {
    /// Whether `value` is one of the scope values.
    pub fn contains(&self, value: &str) -> bool {
        match self {
            Scope::Absent => false,
            Scope::List(a) => a
                .iter()
                .any(|v| v.as_json_str().is_some_and(|s| s.eq_str(value))),
            Scope::Spaced(s) => spaced_contains(s.bytes(), value.as_bytes()),
        }
    }

    /// Whether there is no scope value (Python falsiness of the list).
    pub fn is_empty(&self) -> bool {
        match self {
            Scope::Absent => true,
            Scope::List(a) => a.is_empty(),
            Scope::Spaced(s) => s.bytes().all(|b| b == b' '),
        }
    }

    fn list(v: &Value<'a>, err: Error) -> Result<Scope<'a>, Error> {
        match v {
            Value::Null => Ok(Scope::Absent),
            Value::Array(a) => {
                let mut it = a.iter();
                while let Some(item) = it.next_value()? {
                    if item.as_json_str().is_none() {
                        return Err(err);
                    }
                }
                Ok(Scope::List(*a))
            }
            _ => Err(err),
        }
    }
}

/// Whether the space-separated `bytes` contain `target` as one item.
fn spaced_contains(bytes: impl Iterator<Item = u8>, target: &[u8]) -> bool {
    if target.is_empty() {
        return false;
    }
    let mut pos = 0usize;
    let mut ok = true;
    for b in bytes.chain(core::iter::once(b' ')) {
        if b == b' ' {
            if ok && pos == target.len() {
                return true;
            }
            pos = 0;
            ok = true;
        } else if ok && target.get(pos) == Some(&b) {
            pos += 1;
        } else {
            ok = false;
        }
    }
    false
}

/// One issued token while it is read: the members as borrowed JSON parts, before
/// [`Parts::compact`] turns them into a [`TokenView`].
#[derive(Clone, Copy)]
struct Parts<'a> {
    value: Option<JsonStr<'a>>,
    based_on: Option<JsonStr<'a>>,
    /// The token's own object (wrapper removed).
    raw: &'a [u8],
    class: TokenClass,
    used: i64,
    revoked: bool,
    expires_at: i64,
    not_before: i64,
    issued_at: i64,
    rule: UsageRule<'a>,
    scope: Scope<'a>,
}

impl<'a> Parts<'a> {
    const EMPTY: Parts<'static> = Parts {
        value: None,
        based_on: None,
        raw: b"{}",
        class: TokenClass::Other,
        used: 0,
        revoked: false,
        expires_at: 0,
        not_before: 0,
        issued_at: 0,
        rule: UsageRule::ABSENT,
        scope: Scope::Absent,
    };

    /// Parses one `issued_token` entry: `{"<qualified class>": {...}}` (idpyoidc) or a bare
    /// object (oidcop). The class comes from `token_class`, else `type`, else the wrapper's
    /// class name, else `name`.
    fn parse(entry: &Value<'a>) -> Result<Self, Error> {
        let outer = entry.as_object().ok_or(Error::MalformedIssuedToken)?;
        let mut wrapper_class = TokenClass::Other;
        let mut obj = outer;
        let mut it = outer.members();
        if let Some(first) = it.next_member()?
            && let (Some(inner), Some(name)) = (first.value.as_object(), first.name.as_str())
            && name.contains('.')
            && it.next_member()?.is_none()
        {
            wrapper_class = TokenClass::from_python_class(name);
            obj = inner;
        }
        let mut t = Parts {
            raw: obj.raw(),
            ..Parts::EMPTY
        };
        let mut class_field: Option<TokenClass> = None;
        let mut type_field: Option<TokenClass> = None;
        let mut name_field: Option<TokenClass> = None;
        let mut seen = 0u32;
        let mut it = obj.members();
        let mut buf = [0u8; KEY_BUF];
        while let Some(m) = it.next_member()? {
            let k = key(&m.name, &mut buf);
            let Some(bit) = token_member_bit(k) else {
                continue;
            };
            if seen & bit != 0 {
                return Err(Error::DuplicateMember);
            }
            seen |= bit;
            t.absorb(bit, &m, &mut class_field, &mut type_field, &mut name_field)?;
        }
        let named = |c: Option<TokenClass>| c.filter(|c| *c != TokenClass::Other);
        t.class = named(class_field)
            .or(named(type_field))
            .or(named(Some(wrapper_class)))
            .or(named(name_field))
            .unwrap_or(TokenClass::Other);
        Ok(t)
    }

    fn absorb(
        &mut self,
        bit: u32,
        m: &Member<'a>,
        class_field: &mut Option<TokenClass>,
        type_field: &mut Option<TokenClass>,
        name_field: &mut Option<TokenClass>,
    ) -> Result<(), Error> {
        const E: Error = Error::MalformedIssuedToken;
        let v = &m.value;
        let mut buf = [0u8; KEY_BUF];
        match bit {
            1 => self.value = Some(v.as_json_str().ok_or(E)?),
            2 => self.based_on = opt_str(v, E)?,
            4 => {
                opt_str(v, E)?;
            }
            8 | 16 => {
                let s = v.as_json_str().ok_or(E)?;
                let c = Some(TokenClass::from_bytes(key(&s, &mut buf)));
                if bit == 8 {
                    *class_field = c;
                } else {
                    *type_field = c;
                }
            }
            32 => {
                let s = v.as_json_str().ok_or(E)?;
                let k = key(&s, &mut buf);
                // `k` is UTF-8: the raw text of an unescaped string, or a decoded one.
                *name_field = Some(TokenClass::from_python_class_bytes(k));
            }
            64 => self.used = v.as_i64().ok_or(E)?,
            128 => self.revoked = v.as_bool().ok_or(E)?,
            256 => self.expires_at = v.as_i64().ok_or(E)?,
            512 => self.not_before = v.as_i64().ok_or(E)?,
            1024 => self.issued_at = v.as_i64().ok_or(E)?,
            2048 => {
                self.rule = match v {
                    Value::Null => UsageRule::ABSENT,
                    Value::Object(o) => UsageRule::parse(*o)?,
                    _ => return Err(Error::MalformedUsageRule),
                }
            }
            4096 => self.scope = Scope::list(v, E)?,
            8192 => {
                opt_array(v, E)?;
            }
            _ => {
                opt_object(v, E)?;
            }
        }
        Ok(())
    }

    /// The compact view of these parts; `None` only if a part lies outside `raw` or `raw` is
    /// longer than `u32::MAX` bytes (neither happens: parts are read from within `raw`, and
    /// grants are bounded by [`MAX_GRANT_LEN`]).
    fn compact(self) -> Option<TokenView<'a>> {
        let raw = self.raw;
        let mut flags = 0u8;
        let mut value = Span::EMPTY;
        if let Some(v) = self.value {
            value = Span::quoted(raw, v.raw())?;
            flags |= VALUE | if v.has_escapes() { VALUE_ESCAPED } else { 0 };
        }
        let mut based_on = Span::EMPTY;
        if let Some(b) = self.based_on {
            based_on = Span::quoted(raw, b.raw())?;
            flags |= BASED_ON | if b.has_escapes() { BASED_ON_ESCAPED } else { 0 };
        }
        let scope = match self.scope {
            Scope::List(a) => {
                flags |= SCOPE;
                Span::of(raw, a.raw())?
            }
            Scope::Absent | Scope::Spaced(_) => Span::EMPTY,
        };
        let r = self.rule;
        let mut rule = Span::EMPTY;
        if r.present {
            rule = Span::of(raw, r.raw)?;
            flags |= RULE;
        }
        Some(TokenView {
            raw,
            value,
            based_on,
            scope,
            rule,
            used: self.used,
            expires_at: self.expires_at,
            not_before: self.not_before,
            max_usage: r.max_usage.unwrap_or(0),
            class: self.class,
            revoked: self.revoked,
            flags: flags
                | if r.non_empty { RULE_NON_EMPTY } else { 0 }
                | if r.max_usage.is_some() { MAX_USAGE } else { 0 },
            minting: r.supports_minting,
        })
    }
}

/// A byte range `start..start + len` of a token's stored object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    const EMPTY: Span = Span { start: 0, len: 0 };

    /// The range `part` occupies inside `whole` (`part` must be a subslice of `whole`).
    fn of(whole: &[u8], part: &[u8]) -> Option<Span> {
        let start = part.as_ptr().addr().checked_sub(whole.as_ptr().addr())?;
        let end = start.checked_add(part.len())?;
        if end > whole.len() {
            return None;
        }
        Some(Span {
            start: u32::try_from(start).ok()?,
            len: u32::try_from(part.len()).ok()?,
        })
    }

    /// The range of a JSON string's raw text `inner` together with its quotes.
    fn quoted(whole: &[u8], inner: &[u8]) -> Option<Span> {
        let s = Span::of(whole, inner)?;
        Some(Span {
            start: s.start.checked_sub(1)?,
            len: s.len.checked_add(2)?,
        })
    }

    fn get(self, whole: &[u8]) -> &[u8] {
        let start = usize::try_from(self.start).unwrap_or(usize::MAX);
        let len = usize::try_from(self.len).unwrap_or(0);
        start
            .checked_add(len)
            .and_then(|end| whole.get(start..end))
            .unwrap_or(&[])
    }
}

/// A stored JSON string: its text with the quotes, and whether it has escapes.
#[derive(Clone, Copy)]
pub(crate) struct StoredStr<'a> {
    quoted: &'a [u8],
    escaped: bool,
}

impl<'a> StoredStr<'a> {
    /// The raw text between the quotes.
    fn inner(self) -> &'a [u8] {
        let end = self.quoted.len().saturating_sub(1);
        self.quoted.get(1..end).unwrap_or(&[])
    }

    /// The string as a [`JsonStr`] (read again from its stored text; it was validated when
    /// the grant was parsed).
    fn json(self) -> Option<JsonStr<'a>> {
        parse_value(self.quoted).ok()?.as_json_str()
    }

    /// Whether both decode to the same text (stored data against stored data; not constant
    /// time).
    fn eq(self, other: StoredStr<'_>) -> bool {
        if !self.escaped && !other.escaped {
            return self.inner() == other.inner();
        }
        match (self.json(), other.json()) {
            (Some(a), Some(b)) => a.eq_json(&b),
            _ => false,
        }
    }
}

const VALUE: u8 = 1;
const VALUE_ESCAPED: u8 = 1 << 1;
const BASED_ON: u8 = 1 << 2;
const BASED_ON_ESCAPED: u8 = 1 << 3;
const SCOPE: u8 = 1 << 4;
const RULE: u8 = 1 << 5;
const RULE_NON_EMPTY: u8 = 1 << 6;
const MAX_USAGE: u8 = 1 << 7;

/// One issued token (GRANTS.md §1.2), borrowed from the stored grant. The members read on
/// every decision are held as numbers and as byte ranges of the stored object, so that a
/// [`GrantView`]'s token array stays small (it is built, and moved, on the caller's stack).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TokenView<'a> {
    /// The token's own object (wrapper removed); the spans below index into it.
    raw: &'a [u8],
    value: Span,
    based_on: Span,
    scope: Span,
    rule: Span,
    used: i64,
    expires_at: i64,
    not_before: i64,
    /// The rule's `max_usage` when [`MAX_USAGE`] is set. (`issued_at` and the rule's
    /// `expires_in`, which no decision reads, are read again from `raw` on demand.)
    max_usage: i64,
    class: TokenClass,
    revoked: bool,
    flags: u8,
    minting: Option<ClassSet>,
}

impl fmt::Debug for TokenView<'_> {
    /// Token values are secrets: `value` and `based_on` are redacted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenView")
            .field("class", &self.class)
            .field("value", &"<redacted>")
            .field("has_based_on", &self.has(BASED_ON))
            .field("used", &self.used)
            .field("revoked", &self.revoked)
            .field("expires_at", &self.expires_at)
            .field("not_before", &self.not_before)
            .field("rule", &self.rule())
            .finish_non_exhaustive()
    }
}

impl<'a> TokenView<'a> {
    const EMPTY: TokenView<'static> = TokenView {
        raw: b"{}",
        value: Span::EMPTY,
        based_on: Span::EMPTY,
        scope: Span::EMPTY,
        rule: Span::EMPTY,
        used: 0,
        expires_at: 0,
        not_before: 0,
        max_usage: 0,
        class: TokenClass::Other,
        revoked: false,
        flags: 0,
        minting: None,
    };

    fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    fn stored(&self, present: u8, escaped: u8, span: Span) -> Option<StoredStr<'a>> {
        self.has(present).then(|| StoredStr {
            quoted: span.get(self.raw),
            escaped: self.has(escaped),
        })
    }

    /// The stored value.
    pub(crate) fn value_stored(&self) -> Option<StoredStr<'a>> {
        self.stored(VALUE, VALUE_ESCAPED, self.value)
    }

    /// The stored `based_on`.
    pub(crate) fn based_on_stored(&self) -> Option<StoredStr<'a>> {
        self.stored(BASED_ON, BASED_ON_ESCAPED, self.based_on)
    }

    /// The token value handed to the client, as stored (escapes intact).
    pub fn value(&self) -> Option<JsonStr<'a>> {
        self.value_stored().and_then(StoredStr::json)
    }

    /// The value of the token this one was minted from.
    pub fn based_on(&self) -> Option<JsonStr<'a>> {
        self.based_on_stored().and_then(StoredStr::json)
    }

    /// The token's `id` (uuid1 hex); read from the stored object on demand.
    pub fn id(&self) -> Option<JsonStr<'a>> {
        self.member("id").and_then(|v| v.as_json_str())
    }

    /// A member of the stored token object (wrapper removed), read on demand.
    fn member(&self, name: &str) -> Option<Value<'a>> {
        let mut it = Object::parse(self.raw).ok()?.members();
        while let Ok(Some(m)) = it.next_member() {
            if m.name.eq_str(name) {
                return Some(m.value);
            }
        }
        None
    }

    /// The stored token object (wrapper removed), as JSON text.
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// The token class.
    pub fn class(&self) -> TokenClass {
        self.class
    }

    /// The usage counter.
    pub fn used(&self) -> i64 {
        self.used
    }

    /// Whether the token was revoked.
    pub fn is_revoked(&self) -> bool {
        self.revoked
    }

    /// `expires_at` (0 = never).
    pub fn expires_at(&self) -> i64 {
        self.expires_at
    }

    /// `not_before` (0 = no lower bound).
    pub fn not_before(&self) -> i64 {
        self.not_before
    }

    /// `issued_at` (0 when absent); read from the stored object on demand.
    pub fn issued_at(&self) -> i64 {
        self.member("issued_at")
            .and_then(|v| v.as_i64())
            .unwrap_or(0)
    }

    /// The rule's `max_usage`, when set.
    fn max_usage(&self) -> Option<i64> {
        self.has(MAX_USAGE).then_some(self.max_usage)
    }

    /// The token's own usage rule.
    pub fn rule(&self) -> UsageRule<'a> {
        if !self.has(RULE) {
            return UsageRule::ABSENT;
        }
        let raw = self.rule.get(self.raw);
        // The rule was validated when the grant was parsed; only `expires_in` is read again.
        let expires_in = Object::parse(raw)
            .ok()
            .and_then(|o| o.get("expires_in"))
            .and_then(|v| expires_in(&v).ok())
            .unwrap_or(0);
        UsageRule {
            present: true,
            non_empty: self.has(RULE_NON_EMPTY),
            supports_minting: self.minting,
            max_usage: self.max_usage(),
            expires_in,
            raw,
        }
    }

    /// The rule's `supports_minting` list, `None` when absent.
    pub(crate) fn minting_list(&self) -> Option<ClassSet> {
        self.minting
    }

    /// The token's scope list.
    pub fn scope(&self) -> Scope<'a> {
        if !self.has(SCOPE) {
            return Scope::Absent;
        }
        // Validated when the grant was parsed; read again from the stored text.
        Array::parse(self.scope.get(self.raw)).map_or(Scope::Absent, Scope::List)
    }

    /// Whether the scope list is absent or empty ([`Scope::is_empty`] without reading it
    /// again: a stored list is empty when only whitespace lies between its brackets).
    pub(crate) fn scope_is_empty(&self) -> bool {
        if !self.has(SCOPE) {
            return true;
        }
        let list = self.scope.get(self.raw);
        let end = list.len().saturating_sub(1);
        list.get(1..end)
            .unwrap_or(&[])
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    }

    /// The token's `resources` (audience) list; read on demand.
    pub fn resources(&self) -> Option<Array<'a>> {
        self.member("resources").and_then(|v| v.as_array())
    }

    /// The token's `claims` restriction; read on demand.
    pub fn claims(&self) -> Option<Object<'a>> {
        self.member("claims").and_then(|v| v.as_object())
    }

    /// `max_usage_reached()`: the rule has `max_usage` and `used >= max_usage`.
    pub fn max_usage_reached(&self) -> bool {
        self.max_usage().is_some_and(|m| self.used >= m)
    }

    /// `is_active(now)` with the reason when inactive (GRANTS.md §4.1).
    pub fn check_active(&self, now: UnixTime) -> Result<(), Inactive> {
        self.check_active_with_used(self.used, now)
    }

    pub(crate) fn check_active_with_used(&self, used: i64, now: UnixTime) -> Result<(), Inactive> {
        check_item(
            used,
            self.max_usage(),
            self.revoked,
            self.not_before,
            self.expires_at,
            now,
        )
    }

    /// `is_active(now)` (GRANTS.md §4.1).
    pub fn is_active(&self, now: UnixTime) -> bool {
        self.check_active(now).is_ok()
    }

    /// `supports_minting(class)` (GRANTS.md §4.1).
    pub fn supports_minting(&self, class: TokenClass) -> bool {
        self.minting.is_some_and(|s| s.contains(class))
    }

    /// Whether the stored value equals `presented`, in constant time when the stored value
    /// has no JSON escapes (token values never do). Lengths are not hidden.
    fn value_eq_ct(&self, presented: &[u8]) -> bool {
        match self.value_stored() {
            None => false,
            Some(v) if !v.escaped => ct_eq_words(v.inner(), presented),
            Some(v) => v
                .json()
                .is_some_and(|v| v.bytes().eq(presented.iter().copied())),
        }
    }
}

/// Constant-time equality of two byte strings, eight bytes at a time: the time depends on
/// the lengths only. (`subtle`'s slice comparison works byte by byte, ~8× slower.)
fn ct_eq_words(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut acc = 0u64;
    let mut ca = a.chunks_exact(8);
    let mut cb = b.chunks_exact(8);
    for (x, y) in (&mut ca).zip(&mut cb) {
        let x = <[u8; 8]>::try_from(x).map(u64::from_le_bytes).unwrap_or(0);
        let y = <[u8; 8]>::try_from(y).map(u64::from_le_bytes).unwrap_or(1);
        acc |= x ^ y;
    }
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        acc |= u64::from(x ^ y);
    }
    bool::from(acc.ct_eq(&0))
}

fn opt_str<'a>(v: &Value<'a>, err: Error) -> Result<Option<JsonStr<'a>>, Error> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(*s)),
        _ => Err(err),
    }
}

fn opt_array<'a>(v: &Value<'a>, err: Error) -> Result<Option<Array<'a>>, Error> {
    match v {
        Value::Null => Ok(None),
        Value::Array(a) => Ok(Some(*a)),
        _ => Err(err),
    }
}

fn opt_object<'a>(v: &Value<'a>, err: Error) -> Result<Option<Object<'a>>, Error> {
    match v {
        Value::Null => Ok(None),
        Value::Object(o) => Ok(Some(*o)),
        _ => Err(err),
    }
}

/// Unwraps idpyoidc's message wrapper `{"<qualified class>": {...}}`, leaving other objects
/// as they are.
fn unwrap_message(obj: Object<'_>) -> Result<Object<'_>, Error> {
    let mut it = obj.members();
    if let Some(first) = it.next_member()?
        && let (Some(inner), Some(name)) = (first.value.as_object(), first.name.as_str())
        && name.contains('.')
        && it.next_member()?.is_none()
    {
        return Ok(inner);
    }
    Ok(obj)
}

/// A stored grant (GRANTS.md §1.3), parsed once into borrowed parts, with up to `N` issued
/// tokens (default [`MAX_ISSUED_TOKENS`]).
#[derive(Clone)]
pub struct GrantView<'a, const N: usize = MAX_ISSUED_TOKENS> {
    expires_at: i64,
    issued_at: i64,
    not_before: i64,
    used: i64,
    revoked: bool,
    rules: [UsageRule<'a>; 4],
    max_usage: Option<i64>,
    scope: Scope<'a>,
    resources: Option<Array<'a>>,
    claims: Option<Object<'a>>,
    sub: Option<JsonStr<'a>>,
    authorization_request: Option<Object<'a>>,
    auth_client_id: Option<JsonStr<'a>>,
    auth_redirect_uri: Option<JsonStr<'a>>,
    auth_scope: Scope<'a>,
    tokens: [TokenView<'a>; N],
    len: usize,
    seen: u32,
}

impl<const N: usize> fmt::Debug for GrantView<'_, N> {
    /// The members read and the issued tokens (only those: the slots past them are unused).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GrantView")
            .field("expires_at", &self.expires_at)
            .field("issued_at", &self.issued_at)
            .field("not_before", &self.not_before)
            .field("used", &self.used)
            .field("revoked", &self.revoked)
            .field("rules", &self.rules)
            .field("max_usage", &self.max_usage)
            .field("scope", &self.scope)
            .field("resources", &self.resources)
            .field("claims", &self.claims)
            .field("sub", &self.sub)
            .field("authorization_request", &self.authorization_request)
            .field("auth_client_id", &self.auth_client_id)
            .field("auth_redirect_uri", &self.auth_redirect_uri)
            .field("auth_scope", &self.auth_scope)
            .field("tokens", &self.tokens())
            .finish()
    }
}

impl<const N: usize> Default for GrantView<'_, N> {
    fn default() -> Self {
        Self::new_in()
    }
}

impl<'a> GrantView<'a, MAX_ISSUED_TOKENS> {
    /// An empty view with the default capacity (no members, no tokens), to be filled in place
    /// by [`GrantView::parse_from`].
    pub const fn new() -> Self {
        Self::EMPTY
    }

    /// Parses a stored grant with the default capacity: the grant object as idpyoidc dumps it,
    /// or the `["<qualified class>", {...}]` pair of a session-dump entry. Unknown members are
    /// ignored; known members with the wrong JSON type are errors.
    #[inline]
    pub fn parse(text: &'a [u8]) -> Result<Self, Error> {
        Self::parse_in(text)
    }

    /// Finds the grant stored under `key` (`"user;;client;;grant-id"`) in a whole
    /// `SessionManager.dump()` (`{"db": {key: [class, object]}}`) and parses it.
    pub fn from_dump(dump: &'a [u8], key: &str) -> Result<Self, Error> {
        Self::from_dump_in(dump, key)
    }
}

impl<'a, const N: usize> GrantView<'a, N> {
    const EMPTY: Self = GrantView {
        expires_at: 0,
        issued_at: 0,
        not_before: 0,
        used: 0,
        revoked: false,
        rules: [UsageRule::ABSENT; 4],
        max_usage: None,
        scope: Scope::Absent,
        resources: None,
        claims: None,
        sub: None,
        authorization_request: None,
        auth_client_id: None,
        auth_redirect_uri: None,
        auth_scope: Scope::Absent,
        tokens: [TokenView::EMPTY; N],
        len: 0,
        seen: 0,
    };

    /// [`GrantView::new`] with a capacity of `N` issued tokens.
    pub const fn new_in() -> Self {
        Self::EMPTY
    }

    /// Parses `text` into this view in place, replacing what it held (see [`GrantView::parse`]).
    /// On error the view is left empty.
    ///
    /// The cheapest way to read a grant: a view is several kilobytes (one slot per possible
    /// token), and [`GrantView::parse`] returns it inside a `Result`, which callers then move
    /// out again; `GrantView::new()` followed by `parse_from` builds it once, where it stays.
    pub fn parse_from(&mut self, text: &'a [u8]) -> Result<(), Error> {
        self.clear();
        if text.len() > MAX_GRANT_LEN {
            return Err(Error::GrantTooLarge);
        }
        let read = self.read(text);
        if read.is_err() {
            self.clear();
        }
        read
    }

    /// Empties the view. The token slots are left as they are: nothing reads a slot at or
    /// past `len`.
    fn clear(&mut self) {
        let GrantView {
            expires_at,
            issued_at,
            not_before,
            used,
            revoked,
            rules,
            max_usage,
            scope,
            resources,
            claims,
            sub,
            authorization_request,
            auth_client_id,
            auth_redirect_uri,
            auth_scope,
            tokens: _,
            len,
            seen,
        } = self;
        (*expires_at, *issued_at, *not_before, *used) = (0, 0, 0, 0);
        *revoked = false;
        *rules = [UsageRule::ABSENT; 4];
        *max_usage = None;
        *scope = Scope::Absent;
        *resources = None;
        *claims = None;
        *sub = None;
        *authorization_request = None;
        *auth_client_id = None;
        *auth_redirect_uri = None;
        *auth_scope = Scope::Absent;
        *len = 0;
        *seen = 0;
    }

    /// [`GrantView::parse`] with a capacity of `N` issued tokens.
    #[inline]
    pub fn parse_in(text: &'a [u8]) -> Result<Self, Error> {
        if text.len() > MAX_GRANT_LEN {
            return Err(Error::GrantTooLarge);
        }
        // Built in place in the returned `Result` (one `N`-token array, not three copies).
        let mut out = Ok(Self::EMPTY);
        let read = match &mut out {
            Ok(g) => g.read(text),
            Err(_) => Ok(()),
        };
        if let Err(e) = read {
            out = Err(e);
        }
        out
    }

    fn read(&mut self, text: &'a [u8]) -> Result<(), Error> {
        let first = text
            .iter()
            .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
        if first == Some(&b'[') {
            let pair = Array::parse(text).map_err(not_grant)?;
            self.absorb_pair(pair)
        } else {
            Object::parse_visit(text, self).map_err(not_grant).map(drop)
        }
    }

    /// The reference path alone (every member validated whole, then absorbed), against which
    /// the single-pass path is tested.
    #[cfg(test)]
    pub(crate) fn parse_reference(text: &'a [u8]) -> Result<Self, Error> {
        if text.len() > MAX_GRANT_LEN {
            return Err(Error::GrantTooLarge);
        }
        let first = text
            .iter()
            .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
        let mut g = Self::EMPTY;
        if first == Some(&b'[') {
            let pair = Array::parse(text).map_err(not_grant)?;
            g.absorb_pair(pair)?;
        } else {
            Object::parse_with(text, |m| g.absorb(m)).map_err(not_grant)?;
        }
        Ok(g)
    }

    /// [`GrantView::from_dump`] with a capacity of `N` issued tokens.
    pub fn from_dump_in(dump: &'a [u8], key: &str) -> Result<Self, Error> {
        if dump.len() > MAX_GRANT_LEN {
            return Err(Error::GrantTooLarge);
        }
        let root = Object::parse(dump).map_err(not_grant)?;
        let db = root
            .get("db")
            .and_then(|v| v.as_object())
            .ok_or(Error::MalformedGrant)?;
        let mut it = db.members();
        while let Some(m) = it.next_member()? {
            if m.name.eq_str(key) {
                let pair = m.value.as_array().ok_or(Error::MalformedGrant)?;
                let mut g = Self::EMPTY;
                g.absorb_pair(pair)?;
                return Ok(g);
            }
        }
        Err(Error::MalformedGrant)
    }

    fn absorb_pair(&mut self, pair: Array<'a>) -> Result<(), Error> {
        let mut it = pair.iter();
        let class = it.next_value()?.ok_or(Error::MalformedGrant)?;
        class.as_json_str().ok_or(Error::MalformedGrant)?;
        let obj = it
            .next_value()?
            .and_then(|v| v.as_object())
            .ok_or(Error::MalformedGrant)?;
        if it.next_value()?.is_some() {
            return Err(Error::MalformedGrant);
        }
        let mut members = obj.members();
        while let Some(m) = members.next_member()? {
            self.absorb(&m)?;
        }
        Ok(())
    }

    fn absorb(&mut self, m: &Member<'a>) -> Result<(), Error> {
        const E: Error = Error::MalformedGrant;
        let mut buf = [0u8; KEY_BUF];
        let bit = match key(&m.name, &mut buf) {
            b"expires_at" => 1,
            b"issued_at" => 1 << 1,
            b"not_before" => 1 << 2,
            b"used" => 1 << 3,
            b"revoked" => 1 << 4,
            b"usage_rules" => 1 << 5,
            b"scope" => 1 << 6,
            b"resources" => 1 << 7,
            b"claims" => 1 << 8,
            b"sub" => 1 << 9,
            b"authorization_request" => 1 << 10,
            b"issued_token" => 1 << 11,
            _ => return Ok(()),
        };
        if self.seen & bit != 0 {
            return Err(Error::DuplicateMember);
        }
        self.seen |= bit;
        let v = &m.value;
        match bit {
            1 => self.expires_at = v.as_i64().ok_or(E)?,
            2 => self.issued_at = v.as_i64().ok_or(E)?,
            4 => self.not_before = v.as_i64().ok_or(E)?,
            8 => self.used = v.as_i64().ok_or(E)?,
            16 => self.revoked = v.as_bool().ok_or(E)?,
            32 => self.absorb_rules(v)?,
            64 => self.scope = Scope::list(v, E)?,
            128 => self.resources = opt_array(v, E)?,
            256 => self.claims = opt_object(v, E)?,
            512 => self.sub = opt_str(v, E)?,
            1024 => self.absorb_authorization_request(v)?,
            _ => self.absorb_tokens(v)?,
        }
        Ok(())
    }

    fn absorb_rules(&mut self, v: &Value<'a>) -> Result<(), Error> {
        let obj = match v {
            Value::Null => return Ok(()),
            Value::Object(o) => *o,
            _ => return Err(Error::MalformedUsageRule),
        };
        let mut seen = 0u8;
        let mut it = obj.members();
        let mut buf = [0u8; KEY_BUF];
        while let Some(m) = it.next_member()? {
            let k = key(&m.name, &mut buf);
            if k == b"max_usage" {
                if seen & 16 != 0 {
                    return Err(Error::DuplicateMember);
                }
                seen |= 16;
                self.max_usage = Some(m.value.as_i64().ok_or(Error::MalformedUsageRule)?);
                continue;
            }
            let Some(i) = TokenClass::from_bytes(k).index() else {
                continue;
            };
            let bit = 1u8 << i;
            if seen & bit != 0 {
                return Err(Error::DuplicateMember);
            }
            seen |= bit;
            let rule = match m.value {
                Value::Object(o) => UsageRule::parse(o)?,
                _ => return Err(Error::MalformedUsageRule),
            };
            if let Some(slot) = self.rules.get_mut(i) {
                *slot = rule;
            }
        }
        Ok(())
    }

    fn absorb_authorization_request(&mut self, v: &Value<'a>) -> Result<(), Error> {
        const E: Error = Error::MalformedGrant;
        let obj = match v {
            Value::Null => return Ok(()),
            Value::Object(o) => unwrap_message(*o)?,
            _ => return Err(E),
        };
        self.authorization_request = Some(obj);
        let mut seen = 0u8;
        let mut it = obj.members();
        let mut buf = [0u8; KEY_BUF];
        while let Some(m) = it.next_member()? {
            let bit = match key(&m.name, &mut buf) {
                b"client_id" => 1,
                b"redirect_uri" => 2,
                b"scope" => 4,
                _ => continue,
            };
            if seen & bit != 0 {
                return Err(Error::DuplicateMember);
            }
            seen |= bit;
            match bit {
                1 => self.auth_client_id = opt_str(&m.value, E)?,
                2 => self.auth_redirect_uri = opt_str(&m.value, E)?,
                _ => {
                    self.auth_scope = match m.value {
                        Value::String(s) => Scope::Spaced(s),
                        ref other => Scope::list(other, E)?,
                    }
                }
            }
        }
        Ok(())
    }

    fn absorb_tokens(&mut self, v: &Value<'a>) -> Result<(), Error> {
        let arr = match v {
            Value::Null => return Ok(()),
            Value::Array(a) => *a,
            _ => return Err(Error::MalformedGrant),
        };
        let mut it = arr.iter();
        while let Some(entry) = it.next_value()? {
            let slot = self
                .tokens
                .get_mut(self.len)
                .ok_or(Error::TooManyIssuedTokens)?;
            *slot = Parts::parse(&entry)?
                .compact()
                .ok_or(Error::MalformedIssuedToken)?;
            self.len += 1;
        }
        Ok(())
    }

    /// The grant's `expires_at` (0 = never).
    pub fn expires_at(&self) -> i64 {
        self.expires_at
    }

    /// The grant's `issued_at`.
    pub fn issued_at(&self) -> i64 {
        self.issued_at
    }

    /// The grant's `not_before` (0 = no lower bound).
    pub fn not_before(&self) -> i64 {
        self.not_before
    }

    /// The grant's usage counter (one per token minted from it).
    pub fn used(&self) -> i64 {
        self.used
    }

    /// Whether the grant was revoked.
    pub fn is_revoked(&self) -> bool {
        self.revoked
    }

    /// The grant's usage rule for `class` (GRANTS.md §3.1): what a newly minted token of that
    /// class gets.
    pub fn usage_rule(&self, class: TokenClass) -> &UsageRule<'a> {
        class
            .index()
            .and_then(|i| self.rules.get(i))
            .unwrap_or(&UsageRule::ABSENT)
    }

    /// A top-level `max_usage` in the grant's rule map (only then does `used` bound the grant).
    pub fn max_usage(&self) -> Option<i64> {
        self.max_usage
    }

    /// The granted scope.
    pub fn scope(&self) -> Scope<'a> {
        self.scope
    }

    /// The grant's `resources`.
    pub fn resources(&self) -> Option<Array<'a>> {
        self.resources
    }

    /// The grant's claims specification.
    pub fn claims(&self) -> Option<Object<'a>> {
        self.claims
    }

    /// The subject identifier.
    pub fn sub(&self) -> Option<JsonStr<'a>> {
        self.sub
    }

    /// The authorization request, unwrapped from idpyoidc's message wrapper.
    pub fn authorization_request(&self) -> Option<Object<'a>> {
        self.authorization_request
    }

    /// `client_id` of the authorization request.
    pub fn authorization_client_id(&self) -> Option<JsonStr<'a>> {
        self.auth_client_id
    }

    /// `redirect_uri` of the authorization request.
    pub fn authorization_redirect_uri(&self) -> Option<JsonStr<'a>> {
        self.auth_redirect_uri
    }

    /// `scope` of the authorization request (space-separated as dumped, or a list).
    pub fn authorization_scope(&self) -> Scope<'a> {
        self.auth_scope
    }

    /// The issued tokens, in minting order.
    pub fn tokens(&self) -> &[TokenView<'a>] {
        self.tokens.get(..self.len).unwrap_or(&[])
    }

    /// The issued token at `index`.
    pub fn token(&self, index: usize) -> Option<&TokenView<'a>> {
        self.tokens().get(index)
    }

    /// The grant's `is_active(now)` with the reason when inactive (GRANTS.md §4.1, §4.7).
    pub fn check_active(&self, now: UnixTime) -> Result<(), Inactive> {
        self.check_active_with_used(self.used, now)
    }

    pub(crate) fn check_active_with_used(&self, used: i64, now: UnixTime) -> Result<(), Inactive> {
        check_item(
            used,
            self.max_usage,
            self.revoked,
            self.not_before,
            self.expires_at,
            now,
        )
    }

    /// The grant's `is_active(now)`.
    pub fn is_active(&self, now: UnixTime) -> bool {
        self.check_active(now).is_ok()
    }

    /// `grant.get_token(value)`: the first issued token whose value equals `value`. Every
    /// stored value is compared in full, in constant time per candidate.
    pub fn find_token(&self, value: &[u8]) -> Option<(usize, &TokenView<'a>)> {
        let mut found = None;
        for (i, t) in self.tokens().iter().enumerate() {
            let eq = t.value_eq_ct(value);
            if eq && found.is_none() {
                found = Some((i, t));
            }
        }
        found
    }

    /// The index of the first token whose value is `value` (stored data against stored data;
    /// not constant time).
    pub(crate) fn index_of_stored(&self, value: StoredStr<'_>) -> Option<usize> {
        self.tokens()
            .iter()
            .position(|t| t.value_stored().is_some_and(|v| v.eq(value)))
    }

    /// `grant.find_scope(start)` (GRANTS.md §4.2 step 5): the index of the first token on the
    /// `based_on` chain from `start` with a non-empty scope, or `None` for the grant's scope.
    /// The walk is bounded by `N` steps (idpyoidc recurses forever on a cycle).
    pub fn scope_holder(&self, start: Option<usize>) -> Option<usize> {
        let mut cur = start?;
        for _ in 0..N.max(1) {
            let t = self.token(cur)?;
            if !t.scope_is_empty() {
                return Some(cur);
            }
            cur = self.index_of_stored(t.based_on_stored()?)?;
        }
        None
    }

    /// The scope `scope_holder(start)` designates.
    pub fn find_scope(&self, start: Option<usize>) -> Scope<'a> {
        match self.scope_holder(start).and_then(|i| self.token(i)) {
            Some(t) => t.scope(),
            None => self.scope,
        }
    }

    /// Whether token `index` descends from token `root` through `based_on` links: what
    /// `grant.revoke_token(based_on=root.value, recursive=True)` revokes (GRANTS.md §4.3 P3).
    /// The walk follows the first token holding each `based_on` value and is bounded by `N`
    /// steps (idpyoidc recurses forever on a cycle).
    pub fn descends_from(&self, index: usize, root: usize) -> bool {
        let Some(root_value) = self.token(root).and_then(|t| t.value_stored()) else {
            return false;
        };
        let mut cur = index;
        for _ in 0..N.max(1) {
            let Some(parent) = self.token(cur).and_then(|t| t.based_on_stored()) else {
                return false;
            };
            if parent.eq(root_value) {
                return true;
            }
            match self.index_of_stored(parent) {
                Some(p) => cur = p,
                None => return false,
            }
        }
        false
    }

    /// `Grant.mint_token`'s checks for minting `class` from token `parent` at `now`
    /// (GRANTS.md §4.2 steps 1–2): the grant must be active ([`Error::GrantInactive`]), the
    /// parent must support `class` ([`Error::MintingNotSupported`], checked first) and be
    /// active ([`Error::TokenInactive`]).
    pub fn check_mint(&self, parent: usize, class: TokenClass, now: UnixTime) -> Result<(), Error> {
        let t = self.token(parent).ok_or(Error::UnknownCode)?;
        self.check_mint_with(t, t.used, self.used, class, now)
    }

    pub(crate) fn check_mint_with(
        &self,
        parent: &TokenView<'a>,
        parent_used: i64,
        grant_used: i64,
        class: TokenClass,
        now: UnixTime,
    ) -> Result<(), Error> {
        if self.check_active_with_used(grant_used, now).is_err() {
            return Err(Error::GrantInactive);
        }
        if !parent.supports_minting(class) {
            return Err(Error::MintingNotSupported);
        }
        if parent.check_active_with_used(parent_used, now).is_err() {
            return Err(Error::TokenInactive);
        }
        Ok(())
    }
}

// ---- The single-pass path: the grant's members are read while they are validated (see
// `Object::parse_visit`). Each `pull_*` mirrors the reference function named in its doc and
// answers `None` — leaving the view untouched — for any input that function would reject or
// that the fast path does not handle; the member is then re-read by the reference path, which
// gives the error (or the same result).

impl<'a, const N: usize> Visit<'a> for GrantView<'a, N> {
    fn fast(&mut self, name: &JsonStr<'a>, p: &mut Pull<'a>) -> bool {
        let mut buf = [0u8; KEY_BUF];
        let bit: u32 = match key(name, &mut buf) {
            b"expires_at" => 1,
            b"issued_at" => 1 << 1,
            b"not_before" => 1 << 2,
            b"used" => 1 << 3,
            b"revoked" => 1 << 4,
            b"usage_rules" => 1 << 5,
            b"scope" => 1 << 6,
            b"resources" => 1 << 7,
            b"claims" => 1 << 8,
            b"sub" => 1 << 9,
            b"authorization_request" => 1 << 10,
            b"issued_token" => 1 << 11,
            _ => return p.value().is_some(),
        };
        if self.seen & bit != 0 {
            return false;
        }
        let done = match bit {
            1 => p.i64().map(|v| self.expires_at = v),
            2 => p.i64().map(|v| self.issued_at = v),
            4 => p.i64().map(|v| self.not_before = v),
            8 => p.i64().map(|v| self.used = v),
            16 => p
                .value()
                .and_then(|v| v.as_bool())
                .map(|v| self.revoked = v),
            32 => self.pull_rules(p),
            64 => pull_scope_list(p).map(|s| self.scope = s),
            128 => p
                .value()
                .and_then(|v| opt_array(&v, Error::MalformedGrant).ok())
                .map(|v| self.resources = v),
            256 => p
                .value()
                .and_then(|v| opt_object(&v, Error::MalformedGrant).ok())
                .map(|v| self.claims = v),
            512 => p
                .value()
                .and_then(|v| opt_str(&v, Error::MalformedGrant).ok())
                .map(|v| self.sub = v),
            1024 => self.pull_authorization_request(p),
            _ => self.pull_tokens(p),
        };
        if done.is_some() {
            self.seen |= bit;
        }
        done.is_some()
    }

    fn slow(&mut self, m: &Member<'a>) -> Result<(), Error> {
        self.absorb(m)
    }
}

impl<'a, const N: usize> GrantView<'a, N> {
    /// [`GrantView::absorb_rules`] in one pass.
    fn pull_rules(&mut self, p: &mut Pull<'a>) -> Option<()> {
        if p.null() {
            return Some(());
        }
        let mut rules = self.rules;
        let mut max_usage = self.max_usage;
        let mut seen = 0u8;
        let mut buf = [0u8; KEY_BUF];
        p.object(|p, name| {
            let k = key(&name, &mut buf);
            if k == b"max_usage" {
                if seen & 16 != 0 {
                    return None;
                }
                seen |= 16;
                max_usage = Some(p.i64()?);
                return Some(());
            }
            let Some(i) = TokenClass::from_bytes(k).index() else {
                return p.value().map(drop);
            };
            let bit = 1u8 << i;
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            *rules.get_mut(i)? = UsageRule::pull(p)?;
            Some(())
        })?;
        self.rules = rules;
        self.max_usage = max_usage;
        Some(())
    }

    /// [`GrantView::absorb_authorization_request`] in one pass, for the wrapped form
    /// `{"<qualified class>": {...}}` idpyoidc dumps (or `null`).
    fn pull_authorization_request(&mut self, p: &mut Pull<'a>) -> Option<()> {
        if p.null() {
            return Some(());
        }
        let mut inner = None;
        p.object(|p, name| {
            if inner.is_some()
                || name.has_escapes()
                || !name.raw().contains(&b'.')
                || p.peek()? != b'{'
            {
                return None;
            }
            let mut client_id = None;
            let mut redirect_uri = None;
            let mut scope = Scope::Absent;
            let mut seen = 0u8;
            let mut buf = [0u8; KEY_BUF];
            let obj = p.object(|p, name| {
                let bit = match key(&name, &mut buf) {
                    b"client_id" => 1,
                    b"redirect_uri" => 2,
                    b"scope" => 4,
                    _ => return p.value().map(drop),
                };
                if seen & bit != 0 {
                    return None;
                }
                seen |= bit;
                let v = p.value()?;
                match bit {
                    1 => client_id = opt_str(&v, Error::MalformedGrant).ok()?,
                    2 => redirect_uri = opt_str(&v, Error::MalformedGrant).ok()?,
                    _ => {
                        scope = match v {
                            Value::String(s) => Scope::Spaced(s),
                            ref other => Scope::list(other, Error::MalformedGrant).ok()?,
                        }
                    }
                }
                Some(())
            })?;
            inner = Some((obj, client_id, redirect_uri, scope));
            Some(())
        })?;
        let (obj, client_id, redirect_uri, scope) = inner?;
        self.authorization_request = Some(obj);
        self.auth_client_id = client_id;
        self.auth_redirect_uri = redirect_uri;
        self.auth_scope = scope;
        Some(())
    }

    /// [`GrantView::absorb_tokens`] in one pass; on `None` the tokens read so far are
    /// dropped again.
    fn pull_tokens(&mut self, p: &mut Pull<'a>) -> Option<()> {
        if p.null() {
            return Some(());
        }
        let before = self.len;
        let tokens = &mut self.tokens;
        let len = &mut self.len;
        let read = p.array(|p| {
            let slot = tokens.get_mut(*len)?;
            *slot = Parts::pull_entry(p)?.compact()?;
            *len += 1;
            Some(())
        });
        if read.is_none() {
            self.len = before;
        }
        read.map(drop)
    }
}

impl<'a> Parts<'a> {
    /// [`Parts::parse`] in one pass, for the wrapped form idpyoidc dumps.
    fn pull_entry(p: &mut Pull<'a>) -> Option<Self> {
        let mut token = None;
        p.object(|p, name| {
            if token.is_some() {
                return None;
            }
            // Unescaped JSON strings are valid UTF-8 (the reader checks), so this is
            // `name.as_str()` of the reference path without checking the UTF-8 again.
            if name.has_escapes() {
                return None;
            }
            let class = name.raw();
            if !class.contains(&b'.') || p.peek()? != b'{' {
                return None;
            }
            let wrapper = TokenClass::from_python_class_bytes(class);
            token = Some(Self::pull_object(p, wrapper)?);
            Some(())
        })?;
        token
    }

    /// The token object inside the wrapper ([`Parts::parse`]'s member loop).
    fn pull_object(p: &mut Pull<'a>, wrapper_class: TokenClass) -> Option<Self> {
        let mut t = Parts::EMPTY;
        let mut class_field: Option<TokenClass> = None;
        let mut type_field: Option<TokenClass> = None;
        let mut name_field: Option<TokenClass> = None;
        let mut seen = 0u32;
        let mut buf = [0u8; KEY_BUF];
        let obj = p.object(|p, name| {
            let Some(bit) = token_member_bit(key(&name, &mut buf)) else {
                return p.value().map(drop);
            };
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            match bit {
                2048 => {
                    t.rule = if p.null() {
                        UsageRule::ABSENT
                    } else {
                        UsageRule::pull(p)?
                    };
                }
                4096 => t.scope = pull_scope_list(p)?,
                // `Parts::absorb`'s integers, read without keeping their text.
                64 => t.used = p.i64()?,
                256 => t.expires_at = p.i64()?,
                512 => t.not_before = p.i64()?,
                1024 => t.issued_at = p.i64()?,
                _ => {
                    let m = Member {
                        name,
                        value: p.value()?,
                    };
                    t.absorb(bit, &m, &mut class_field, &mut type_field, &mut name_field)
                        .ok()?;
                }
            }
            Some(())
        })?;
        t.raw = obj.raw();
        let named = |c: Option<TokenClass>| c.filter(|c| *c != TokenClass::Other);
        t.class = named(class_field)
            .or(named(type_field))
            .or(named(Some(wrapper_class)))
            .or(named(name_field))
            .unwrap_or(TokenClass::Other);
        Some(t)
    }
}

impl<'a> UsageRule<'a> {
    /// [`UsageRule::parse`] in one pass.
    fn pull(p: &mut Pull<'a>) -> Option<Self> {
        let mut rule = UsageRule {
            present: true,
            ..UsageRule::ABSENT
        };
        let mut seen = 0u8;
        let mut buf = [0u8; KEY_BUF];
        let obj = p.object(|p, name| {
            rule.non_empty = true;
            let (bit, field) = match key(&name, &mut buf) {
                b"supports_minting" => (1, 0),
                b"max_usage" => (2, 1),
                b"expires_in" => (4, 2),
                _ => return p.value().map(drop),
            };
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            match field {
                0 => {
                    let mut set = ClassSet::EMPTY;
                    let mut buf = [0u8; KEY_BUF];
                    p.array(|p| {
                        let s = p.string()?;
                        set = set.with(TokenClass::from_bytes(key(&s, &mut buf)));
                        Some(())
                    })?;
                    rule.supports_minting = Some(set);
                }
                1 => rule.max_usage = Some(p.i64()?),
                _ => rule.expires_in = expires_in(&p.value()?).ok()?,
            }
            Some(())
        })?;
        rule.raw = obj.raw();
        Some(rule)
    }
}

/// [`Scope::list`] in one pass: `null` or a list of strings.
fn pull_scope_list<'a>(p: &mut Pull<'a>) -> Option<Scope<'a>> {
    if p.null() {
        return Some(Scope::Absent);
    }
    p.array(|p| p.string().map(drop)).map(Scope::List)
}

fn not_grant(e: Error) -> Error {
    match e {
        Error::NotAnObject => Error::MalformedGrant,
        e => e,
    }
}

const _: () = assert!(MAX_ISSUED_TOKENS <= MAX_JSON_MEMBERS);
