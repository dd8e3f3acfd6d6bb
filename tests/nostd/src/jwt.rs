//! JWT/JWS checks: every embedded vector through the core's `Validator`, one flipped byte in
//! header, payload and signature after each positive case, and re-minting with the vectors'
//! own signing keys.

use crate::board::{Sample, measure};
use crate::corpus::{CASES, Case, Category, Expect, MAX_TOKEN_LEN, MintCase, SKIPPED};
use crate::provider::{CortexM4, Hs256Es256};
use crate::report::{Named, Tally, metric};
use cortex_m_semihosting::hprintln;
use oxidc::crypto::Provider;
use oxidc::{Error, KeySet, Leeway, UnixTime, UntrustedToken, Validator};

/// The device's provider: HS256 from RustCrypto, ES256 on the Cortex-M4 assembly P-256.
pub type Device = CortexM4;
/// The pure-Rust provider, run over the same vectors by the full firmware.
pub type PureRust = Hs256Es256;

/// Keys per set: every corpus vector has one.
type Keys<P = Device> = KeySet<P, 2>;
/// A loaded key set, or why it failed to load.
pub type KeySlot<P> = Option<Result<Keys<P>, Error>>;

/// Which provider a pass runs on, and how its lines and metrics are named.
#[derive(Clone, Copy, Debug)]
pub struct Pass {
    /// Printed before each check name (empty for the device provider).
    pub label: &'static str,
    /// Appended to metric names (empty for the device provider: those are the budgets).
    pub suffix: &'static str,
}

/// The device provider's pass.
pub const DEVICE: Pass = Pass {
    label: "",
    suffix: "",
};
/// The pure-Rust provider's pass.
pub const PURE_RUST: Pass = Pass {
    label: "rustcrypto ",
    suffix: "_rustcrypto",
};

/// The pure-Rust pass's key set, in static RAM like the device's.
#[inline(never)]
pub fn pure_rust_keys() -> Option<&'static mut KeySlot<PureRust>> {
    cortex_m::singleton!(: KeySlot<PureRust> = None)
}

/// The application's long-lived memory, in static RAM as on a device: the configured key set
/// (loaded once, refreshed rarely) and the request buffers (the decoded token, and a scratch
/// buffer for minted or altered tokens). Keeping them out of the stack makes the stack
/// numbers the operations' own; their size is in the static RAM figure.
pub struct Workspace {
    keys: KeySlot<Device>,
    buf: [u8; MAX_TOKEN_LEN],
    scratch: [u8; MAX_TOKEN_LEN],
}

impl Workspace {
    /// The workspace, once (`None` on a second call). It lives in `.bss` (cortex-m's
    /// `singleton!`); it is built in this function's frame, which is gone before any
    /// measurement starts.
    #[inline(never)]
    pub fn take() -> Option<&'static mut Workspace> {
        cortex_m::singleton!(: Workspace = Workspace {
            keys: None,
            buf: [0; MAX_TOKEN_LEN],
            scratch: [0; MAX_TOKEN_LEN],
        })
    }
}

impl Workspace {
    /// The scratch buffer (request bodies, minted tokens).
    pub fn scratch(&mut self) -> &mut [u8] {
        &mut self.scratch
    }
}

/// The key set loaded last, or why it failed to load.
fn loaded<P: Provider>(keys: &KeySlot<P>) -> Result<&Keys<P>, Error> {
    match keys {
        Some(Ok(k)) => Ok(k),
        Some(Err(e)) => Err(*e),
        None => Err(Error::UnknownKey),
    }
}

/// The vector whose HS256 verification is reported as `hs256_verify` (~650 bytes of claims).
const HS256_METRIC_CASE: &str = "jws/001-hs256-access-valid";
/// The vector whose ES256 verification is reported as `es256_verify`.
const ES256_METRIC_CASE: &str = "jws/013-es256-access-valid";

fn validator(case: &Case) -> Validator<'static> {
    let leeway = u32::try_from(case.leeway).unwrap_or(u32::MAX);
    let mut v = Validator::new().leeway(Leeway(leeway));
    if let Some(iss) = case.issuer {
        v = v.issuer(iss);
    }
    if let Some(aud) = case.audience {
        v = v.audience(aud);
    }
    v
}

/// The vector's `oct` secret (`keys[0].k`), decoded into `out`.
fn oct_secret<'o>(case: &Case, out: &'o mut [u8]) -> Option<&'o [u8]> {
    let keys = oxidc::json::Object::parse(case.jwks).ok()?.get("keys")?;
    let key = keys.as_array()?.iter().next()?.as_object()?;
    let k = key.get("k")?.as_json_str()?;
    oxidc::b64::decode_secret(k.raw(), out).ok()
}

/// Attribution for `hs256_verify`: one raw HMAC-SHA-256 (RustCrypto, outside the core) over the
/// same signing input and tag, keyed per call (`hs256_raw_hmac`) and from a keyed state
/// prepared once (`hs256_raw_hmac_prekeyed`, as the core's keys hold it); everything above the
/// latter is base64, JSON and the claims checks. (The vector's own token: never the one the
/// `canary-fail` build alters.)
#[inline(never)]
fn raw_hmac(case: &Case, t: &mut Tally) {
    let token = case.token;
    use hmac::{KeyInit, Mac};
    type HmacSha256 = hmac::Hmac<sha2::Sha256>;
    let mut secret = [0u8; 64];
    let mut tag = [0u8; 32];
    let parts = oct_secret(case, &mut secret).zip(token.iter().rposition(|&b| b == b'.'));
    let Some((key, (input, sig))) = parts.map(|(k, d)| (k, token.split_at(d))) else {
        t.fail(case.name, format_args!("raw HMAC: no oct key or signature"));
        return;
    };
    let tag = match oxidc::b64::decode(sig.get(1..).unwrap_or_default(), &mut tag) {
        Ok(tag) => &*tag,
        Err(e) => return t.fail(case.name, format_args!("raw HMAC: {}", e.as_str())),
    };
    let (ok, s) = measure(|| {
        HmacSha256::new_from_slice(key).is_ok_and(|mut m| {
            m.update(input);
            m.verify_slice(tag).is_ok()
        })
    });
    metric("hs256_raw_hmac", "", &s);
    let prepared = HmacSha256::new_from_slice(key).ok();
    let (ok_pre, s) = measure(|| {
        prepared.clone().is_some_and(|mut m| {
            m.update(input);
            m.verify_slice(tag).is_ok()
        })
    });
    metric("hs256_raw_hmac_prekeyed", "", &s);
    t.check(
        ok && ok_pre,
        "  + raw HMAC-SHA-256 of the same input",
        &s,
        format_args!("{}: the raw HMAC did not verify", case.name),
    );
}

/// Verifies `token` as the case says (JWT through the validator, or plain JWS), returning the
/// decoded header and claims/payload.
fn verify<'b, P: Provider>(
    case: &Case,
    token: &str,
    keys: &Keys<P>,
    buf: &'b mut [u8],
) -> Result<(&'b [u8], &'b [u8]), Error> {
    match case.expect {
        Expect::Jws { .. } => UntrustedToken::parse(token)?
            .verify_jws(keys, buf)
            .map(|(h, p)| (h.object().raw(), p)),
        _ => validator(case)
            .verify(token, keys, UnixTime(case.now), buf)
            .map(|t| (t.header().object().raw(), t.claims().raw())),
    }
}

/// Prints the corpus files that are not embedded, and why.
pub fn print_skipped() {
    for (name, why) in SKIPPED.iter() {
        hprintln!("skip {}: {}", name, why);
    }
}

/// Runs every embedded vector with the device provider.
pub fn run_vectors(ws: &mut Workspace, t: &mut Tally) {
    let Workspace { keys, buf, scratch } = ws;
    for case in CASES.iter() {
        run_case(case, keys, buf, scratch, DEVICE, t);
    }
}

/// Runs every embedded vector again with the pure-Rust provider (its own key set).
pub fn run_vectors_pure_rust(keys: &mut KeySlot<PureRust>, ws: &mut Workspace, t: &mut Tally) {
    let Workspace { buf, scratch, .. } = ws;
    for case in CASES.iter() {
        run_case(case, keys, buf, scratch, PURE_RUST, t);
    }
}

/// How a verification compared with the vector's expectation.
enum Outcome {
    /// As expected; `positive` when the token was (rightly) accepted.
    Match { positive: bool },
    /// Accepted with the wrong content, or rejected for the wrong reason.
    Mismatch(Mismatch),
}

enum Mismatch {
    Decoded,
    Accepted(Category),
    Rejected(Error),
    WrongCategory(Category, Error),
}

/// Compares a verification result with the expectation.
fn outcome(expect: Expect, result: Result<(&[u8], &[u8]), Error>) -> Outcome {
    match (expect, result) {
        (Expect::Invalid(want), Err(e)) if Category::of(e) == want => {
            Outcome::Match { positive: false }
        }
        (Expect::Invalid(want), Err(e)) => Outcome::Mismatch(Mismatch::WrongCategory(want, e)),
        (Expect::Invalid(want), Ok(_)) => Outcome::Mismatch(Mismatch::Accepted(want)),
        (_, Err(e)) => Outcome::Mismatch(Mismatch::Rejected(e)),
        (Expect::Jws { header, payload }, Ok((h, p))) if h == header && p == payload => {
            Outcome::Match { positive: true }
        }
        (
            Expect::Valid {
                header,
                claims,
                iss,
                sub,
                exp,
            },
            Ok((h, c)),
        ) if h == header && c == claims && typed_claims_match(c, iss, sub, exp) => {
            Outcome::Match { positive: true }
        }
        (_, Ok(_)) => Outcome::Mismatch(Mismatch::Decoded),
    }
}

#[inline(never)]
fn run_case<P: Provider>(
    case: &Case,
    keys: &mut KeySlot<P>,
    buf: &mut [u8],
    scratch: &mut [u8],
    pass: Pass,
    t: &mut Tally,
) {
    let name = case.name;
    let Ok(token) = core::str::from_utf8(case.token) else {
        t.fail(name, format_args!("token is not UTF-8"));
        return;
    };
    // The canary makes one positive case fail: its signature is altered but it is still
    // expected to verify.
    #[cfg(feature = "canary-fail")]
    let mut altered = [0u8; MAX_TOKEN_LEN];
    #[cfg(feature = "canary-fail")]
    let token = if name == HS256_METRIC_CASE && pass.suffix.is_empty() {
        flipped(token, token.len().saturating_sub(2), &mut altered).unwrap_or(token)
    } else {
        token
    };

    let ((), jwks_sample) = measure(|| *keys = Some(Keys::<P>::from_jwks(case.jwks)));
    let (result, s) = measure(|| verify(case, token, loaded(keys)?, buf));
    let result = outcome(case.expect, result);
    if name == HS256_METRIC_CASE {
        metric("hs256_jwks", pass.suffix, &jwks_sample);
        metric("hs256_verify", pass.suffix, &s);
        if pass.suffix.is_empty() {
            raw_hmac(case, t);
        }
    } else if name == ES256_METRIC_CASE {
        metric("es256_jwks", pass.suffix, &jwks_sample);
        metric("es256_verify", pass.suffix, &s);
    }
    let name = Named(pass.label, name);
    match result {
        Outcome::Match { positive } => {
            t.pass(name, &s);
            if let (true, Ok(keys)) = (positive, loaded(keys)) {
                flips(case, token, keys, buf, scratch, t);
            }
        }
        Outcome::Mismatch(Mismatch::Decoded) => {
            t.fail(name, format_args!("decoded header or claims differ"))
        }
        Outcome::Mismatch(Mismatch::Accepted(want)) => {
            t.fail(name, format_args!("accepted, expected {}", want.as_str()))
        }
        Outcome::Mismatch(Mismatch::Rejected(e)) => {
            t.fail(name, format_args!("expected valid, got {}", e.as_str()))
        }
        Outcome::Mismatch(Mismatch::WrongCategory(want, e)) => t.fail(
            name,
            format_args!(
                "expected {}, got {} ({})",
                want.as_str(),
                Category::of(e).as_str(),
                e.as_str()
            ),
        ),
    }
}

/// `iss`, `sub` and `exp` read back through the typed claims API.
fn typed_claims_match(raw: &[u8], iss: Option<&str>, sub: Option<&str>, exp: Option<i64>) -> bool {
    let Ok(c) = oxidc::Claims::parse(raw) else {
        return false;
    };
    let str_eq = |got: Option<oxidc::json::JsonStr<'_>>, want: Option<&str>| match (got, want) {
        (Some(g), Some(w)) => g.eq_str(w),
        (None, None) => true,
        _ => false,
    };
    str_eq(c.iss(), iss) && str_eq(c.sub(), sub) && c.exp() == exp
}

/// `token` with the byte at `pos` changed (`A` <-> `B`), in `out`.
fn flipped<'o>(token: &str, pos: usize, out: &'o mut [u8]) -> Option<&'o str> {
    let dst = out.get_mut(..token.len())?;
    dst.copy_from_slice(token.as_bytes());
    let b = dst.get_mut(pos)?;
    *b = if *b == b'A' { b'B' } else { b'A' };
    core::str::from_utf8(dst).ok()
}

/// After a positive case: one byte flipped in the header, the payload and the signature, in
/// turn; each must be rejected.
fn flips<P: Provider>(
    case: &Case,
    token: &str,
    keys: &Keys<P>,
    buf: &mut [u8],
    copy: &mut [u8],
    t: &mut Tally,
) {
    let d1 = token.find('.').unwrap_or(0);
    let d2 = token.rfind('.').unwrap_or(0);
    let mut all_rejected = true;
    // Each altered token is measured on its own (like any verification); the line reports
    // the total instructions and the deepest stack of the three.
    let mut total = Sample {
        insns: 0,
        stack: Some(0),
        own: Some(0),
    };
    for pos in [d1 / 2, (d1 + d2) / 2, (d2 + token.len()) / 2] {
        let Some(f) = flipped(token, pos, copy) else {
            all_rejected = false;
            continue;
        };
        let (r, s) = measure(|| verify(case, f, keys, buf).is_err());
        all_rejected &= r;
        total.insns = total.insns.saturating_add(s.insns);
        total.stack = total.stack.zip(s.stack).map(|(a, b)| a.max(b));
        total.own = total.own.zip(s.own).map(|(a, b)| a.max(b));
    }
    t.check(
        all_rejected,
        "  + 3 flipped bytes rejected",
        &total,
        format_args!("{}: a token with a flipped byte was accepted", case.name),
    );
}

/// Re-mints an idpyoidc access token with the vector's signing key on the device provider:
/// HMAC tokens must come out byte-identical to cryptojwt's, ECDSA ones identical up to the
/// (randomised, in cryptojwt) signature; both must verify again with the vector's public key
/// set and policy. Returns the minted token's SHA-256 (to compare providers).
pub fn run_mint(
    m: &MintCase,
    metric_prefix: &str,
    ws: &mut Workspace,
    t: &mut Tally,
) -> Option<[u8; 32]> {
    let Workspace { keys, buf, scratch } = ws;
    mint_with(m, metric_prefix, keys, buf, scratch, DEVICE, t)
}

/// [`run_mint`] on the pure-Rust provider (its own key set).
pub fn run_mint_pure_rust(
    m: &MintCase,
    metric_prefix: &str,
    keys: &mut KeySlot<PureRust>,
    ws: &mut Workspace,
    t: &mut Tally,
) -> Option<[u8; 32]> {
    let Workspace { buf, scratch, .. } = ws;
    mint_with(m, metric_prefix, keys, buf, scratch, PURE_RUST, t)
}

fn mint_with<P: Provider>(
    m: &MintCase,
    metric_prefix: &str,
    keys: &mut KeySlot<P>,
    buf: &mut [u8],
    out: &mut [u8],
    pass: Pass,
    t: &mut Tally,
) -> Option<[u8; 32]> {
    use oxidc::SigningKey;
    use oxidc::jwt::mint_access_token;
    let name = Named(pass.label, m.name);

    let (key, key_sample) = measure(|| SigningKey::<P>::from_jwk(m.signing_jwk));
    let key = match key {
        Ok(k) => k,
        Err(e) => {
            t.fail(name, format_args!("signing key: {}", e.as_str()));
            return None;
        }
    };
    let (n, s) = measure(|| mint_access_token(&key, &m.claims, out));
    let minted = match n.map(|n| out.get(..n)) {
        Ok(Some(b)) => b,
        Ok(None) => {
            t.fail(name, format_args!("mint returned a bad length"));
            return None;
        }
        Err(e) => {
            t.fail(name, format_args!("mint: {}", e.as_str()));
            return None;
        }
    };
    let same = if m.deterministic {
        minted == m.token
    } else {
        minted.get(..m.signing_input.len()) == Some(m.signing_input)
            && minted.get(m.signing_input.len()) == Some(&b'.')
    };
    t.check(
        same,
        name,
        &s,
        format_args!("minted token differs from the vector's"),
    );
    let digest: [u8; 32] = {
        use sha2::Digest;
        sha2::Sha256::digest(minted).into()
    };
    let Ok(minted) = core::str::from_utf8(minted) else {
        t.fail(name, format_args!("minted token is not UTF-8"));
        return None;
    };
    *keys = Some(Keys::<P>::from_jwks(m.jwks));
    let validator = Validator::new().issuer(m.issuer).audience(m.audience);
    let (r, rs) = measure(|| {
        validator
            .verify(minted, loaded(keys)?, UnixTime(m.now), buf)
            .map(|v| v.claims().raw() == m.claims_json)
    });
    match r {
        Ok(same_claims) => t.check(
            same_claims,
            Named(pass.label, "  + re-verified"),
            &rs,
            format_args!("{}: re-verified claims differ", m.name),
        ),
        Err(e) => t.fail(name, format_args!("re-verify: {}", e.as_str())),
    }
    report_mint(metric_prefix, pass.suffix, &key_sample, &s, &rs);
    Some(digest)
}

fn report_mint(prefix: &str, suffix: &str, key: &Sample, mint: &Sample, reverify: &Sample) {
    hprintln!(
        "METRIC {}_signing_key_insns{}={}",
        prefix,
        suffix,
        key.insns
    );
    hprintln!("METRIC {}_mint_insns{}={}", prefix, suffix, mint.insns);
    hprintln!(
        "METRIC {}_mint_stack{}={}",
        prefix,
        suffix,
        crate::report::Stack(mint.stack)
    );
    hprintln!(
        "METRIC {}_reverify_insns{}={}",
        prefix,
        suffix,
        reverify.insns
    );
}
