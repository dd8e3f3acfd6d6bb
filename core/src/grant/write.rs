//! A decision as JSON, for hosts in other languages (Python's `json.loads` reads it).

use super::decide::{Decision, Outcome, RuleSource, ScopeRef};
use super::view::{GrantView, Scope};
use super::{REFRESH_DEFAULT_MINTING, TokenClass};
use crate::Error;
use crate::json::{JsonWriter, ObjectWriter, Style};

const SEP: &[u8] = b", ";

impl Decision<'_> {
    /// Writes the decision into `buf` as one JSON object (Python `json.dumps` separators) and
    /// returns its length:
    ///
    /// ```text
    /// {"ok": true, "token_type": "Bearer", "scope": [...], "expires_in": 600,
    ///  "token": 0, "token_used": 2, "token_revoked": false, "add_refresh_minting": false,
    ///  "revoke": [1, 2], "grant_used": 4,
    ///  "mint": [{"token_class": "access_token", "based_on": 0, "expires_at": 1795421113,
    ///            "scope": [...], "usage_rules": {...}}, ...]}
    /// ```
    ///
    /// A refusal has `"ok": false, "error", "error_description", "kind"` (the stable error
    /// name) instead of `token_type`, `scope` and `expires_in`; the state members are present in
    /// both cases and must be persisted in both. `token` is `null` when the presented value is
    /// unknown; `revoke` lists indices into `issued_token`; `usage_rules` of a mint is the
    /// rule object to store with it. Too small a buffer gives [`Error::BufferTooSmall`].
    pub fn write_json<const N: usize>(
        &self,
        grant: &GrantView<'_, N>,
        buf: &mut [u8],
    ) -> Result<usize, Error> {
        let mut w = JsonWriter::new(buf);
        let mut o = ObjectWriter::new(&mut w, Style::Python)?;
        match &self.outcome {
            Outcome::Issue => {
                o.bool("ok", true)?;
                o.str("token_type", self.token_type())?;
                write_scope(o.key("scope")?, grant, self.scope)?;
                if let Some(e) = self.expires_in {
                    o.int("expires_in", e)?;
                }
            }
            Outcome::Refuse(r) => {
                o.bool("ok", false)?;
                o.str("error", r.oauth_error)?;
                o.str("error_description", r.description)?;
                o.str("kind", r.error.as_str())?;
            }
        }
        match self.token.and_then(|t| i64::try_from(t).ok()) {
            Some(t) => o.int("token", t)?,
            None => o.raw("token", b"null")?,
        }
        o.int("token_used", self.token_used)?;
        o.bool("token_revoked", self.revoke_token)?;
        o.bool("add_refresh_minting", self.add_refresh_minting)?;
        {
            let w = o.key("revoke")?;
            w.raw(b"[")?;
            for (n, i) in self.revocations(grant).enumerate() {
                if n > 0 {
                    w.raw(SEP)?;
                }
                w.int(i64::try_from(i).map_err(|_| Error::BufferTooSmall)?)?;
            }
            w.raw(b"]")?;
        }
        o.int("grant_used", self.grant_used)?;
        {
            let w = o.key("mint")?;
            w.raw(b"[")?;
            for (n, m) in self.mints.iter().enumerate() {
                if n > 0 {
                    w.raw(SEP)?;
                }
                let mut mo = ObjectWriter::new(w, Style::Python)?;
                mo.str("token_class", m.class.name())?;
                mo.int(
                    "based_on",
                    i64::try_from(m.based_on).map_err(|_| Error::BufferTooSmall)?,
                )?;
                mo.int("expires_at", m.expires_at)?;
                write_scope(mo.key("scope")?, grant, m.scope)?;
                write_rule(mo.key("usage_rules")?, grant, m.class, m.rules)?;
                mo.end()?;
            }
            w.raw(b"]")?;
        }
        o.end()?;
        Ok(w.len())
    }
}

fn write_scope<const N: usize>(
    w: &mut JsonWriter<'_>,
    grant: &GrantView<'_, N>,
    scope: ScopeRef<'_>,
) -> Result<(), Error> {
    w.raw(b"[")?;
    let list = match scope {
        ScopeRef::Request(s) => {
            for (n, item) in s.split(' ').filter(|s| !s.is_empty()).enumerate() {
                if n > 0 {
                    w.raw(SEP)?;
                }
                w.string(item)?;
            }
            return w.raw(b"]");
        }
        ScopeRef::Grant => grant.scope(),
        ScopeRef::Token(i) => grant.token(i).map(|t| t.scope()).unwrap_or(Scope::Absent),
    };
    match list {
        Scope::Absent => {}
        Scope::List(a) => {
            for (n, v) in a.iter().enumerate() {
                if n > 0 {
                    w.raw(SEP)?;
                }
                // Stored strings are validated JSON; their raw text is a valid string body.
                let s = v.as_json_str().ok_or(Error::MalformedGrant)?;
                w.raw(b"\"")?;
                w.raw(s.raw())?;
                w.raw(b"\"")?;
            }
        }
        // Grants and tokens store lists; a spaced string only comes from an authorization
        // request, never a ScopeRef target.
        Scope::Spaced(_) => {}
    }
    w.raw(b"]")
}

fn write_rule<const N: usize>(
    w: &mut JsonWriter<'_>,
    grant: &GrantView<'_, N>,
    class: TokenClass,
    source: RuleSource,
) -> Result<(), Error> {
    let rule = match source {
        RuleSource::CopyOf(i) => grant.token(i).map(|t| t.rule()),
        RuleSource::Grant => Some(*grant.usage_rule(class)),
    };
    let raw = rule.map(|r| r.raw()).unwrap_or(b"");
    let raw = if raw.is_empty() { &b"{}"[..] } else { raw };
    let needs_default = source == RuleSource::Grant
        && class == TokenClass::RefreshToken
        && rule.is_none_or(|r| r.supports_minting_list().is_none());
    if !needs_default {
        return w.raw(raw);
    }
    // RefreshToken.set_defaults: add the default `supports_minting` to the stored rule.
    w.raw(b"{\"supports_minting\": [")?;
    for (n, c) in REFRESH_DEFAULT_MINTING.iter().enumerate() {
        if n > 0 {
            w.raw(SEP)?;
        }
        w.string(c.name())?;
    }
    w.raw(b"]")?;
    let inner = raw
        .trim_ascii()
        .strip_prefix(b"{")
        .and_then(|r| r.strip_suffix(b"}"))
        .unwrap_or(b"")
        .trim_ascii();
    if !inner.is_empty() {
        w.raw(SEP)?;
        w.raw(inner)?;
    }
    w.raw(b"}")
}
