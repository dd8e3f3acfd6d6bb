//! The JWT attack catalogue (tests/vectors/attacks: RFC 8725 and known CVEs) on the device:
//! every file, embedded by build.rs, through the core's `Validator` on both device providers,
//! each giving its expected category (the same mapping as the host tests) within an
//! instruction bound; one flipped byte in header, payload and signature after each positive
//! case. A vector whose outcome depends on a capability the providers lack (HS384/HS512 without
//! the core's `sha512` feature, RSA) must then fail with exactly `UnsupportedByProvider` and is
//! reported as provider-limited. The inputs the host test builds in memory (1 MB tokens, a JWK
//! Set of 10 000 keys, ...) do not fit the firmware and are listed as skipped, with sizes.

use crate::board::{Sample, measure};
use crate::corpus::{Case, Category, Expect, str_of};
use crate::provider::{CortexM4, Hs256Es256};
use crate::report::{Named, Tally};
use cortex_m_semihosting::hprintln;
use oxidc::crypto::Provider;
use oxidc::{Error, KeySet, Leeway, UnixTime, Validator};

/// One attack vector.
#[derive(Clone, Copy, Debug)]
pub struct Attack {
    /// The vector.
    pub case: Case,
    /// The capability its expected outcome depends on, when the device providers lack it.
    pub needs: Option<&'static str>,
}

include!(concat!(env!("OUT_DIR"), "/attacks.rs"));

/// Keys per set, as the host test (`KeySet<P, 8>`): the 65-key set must fail on the core's
/// `MAX_JWKS_KEYS` parse bound, not on a small capacity.
const KEYSET_CAPACITY: usize = 8;
type Keys<P> = KeySet<P, KEYSET_CAPACITY>;
/// A loaded key set, or why it failed to load.
type KeySlot<P> = Option<Result<Keys<P>, Error>>;

/// The decode buffer (and the flipped-token copy): one token of the core's `MAX_TOKEN_LEN`.
pub const BUFFER_LEN: usize = oxidc::limits::MAX_TOKEN_LEN;
const _: () = assert!(MAX_ATTACK_TOKEN_LEN <= BUFFER_LEN + 1);

/// The attacks tests/conformance/tests/attacks.rs builds in host memory, with their input
/// sizes: larger than anything this firmware holds (no allocator; one [`BUFFER_LEN`] buffer).
pub const NOT_EMBEDDED: [(&str, usize); 8] = [
    ("1 MB token (TokenTooLarge)", 1 << 20),
    ("1 MB of dots (TokenTooLarge)", 1 << 20),
    ("JWK Set of 10 000 P-256 keys (TooManyKeys)", 1_270_010),
    ("JWK Set of 10 000 unsupported keys (TooManyKeys)", 410_010),
    ("1 MB of nesting, every JSON reader (JsonTooDeep)", 1 << 20),
    ("JSON object of 10 000 members (TooManyMembers)", 127_781),
    ("form body of 10 000 parameters (TooManyParameters)", 59_999),
    ("JSON body of 10 000 members (TooManyParameters)", 118_891),
];

/// Instructions one attack may take on the device provider: the slowest legitimate work is an
/// ES256 verification (~0.8 M) or an HMAC over a 16 KiB token (~0.7 M).
const DEVICE_BOUND: u32 = 3_000_000;
/// The same on the pure-Rust provider (portable P-256: ~13 M per ES256 verification).
const PURE_RUST_BOUND: u32 = 30_000_000;

/// The attack firmware's memory, in static RAM: one key set per provider and the buffers.
pub struct Workspace {
    device: KeySlot<CortexM4>,
    pure_rust: KeySlot<Hs256Es256>,
    buf: [u8; BUFFER_LEN],
    copy: [u8; BUFFER_LEN],
}

impl Workspace {
    /// The workspace, once (`None` on a second call).
    #[inline(never)]
    pub fn take() -> Option<&'static mut Workspace> {
        cortex_m::singleton!(: Workspace = Workspace {
            device: None,
            pure_rust: None,
            buf: [0; BUFFER_LEN],
            copy: [0; BUFFER_LEN],
        })
    }
}

/// Counts of one provider's pass.
#[derive(Debug, Default)]
struct Counts {
    checked: u32,
    limited: u32,
    max_insns: u32,
    slowest: &'static str,
}

/// Prints the attacks not embedded, and why.
pub fn print_skipped() {
    for (what, bytes) in NOT_EMBEDDED.iter() {
        hprintln!(
            "skip attack {}: exceeds firmware buffer {} bytes (input {} bytes; tests/conformance/tests/attacks.rs)",
            what,
            BUFFER_LEN,
            bytes
        );
    }
}

/// Runs every attack vector on both providers; prints one summary line per provider.
pub fn run(ws: &mut Workspace, t: &mut Tally) {
    let Workspace {
        device,
        pure_rust,
        buf,
        copy,
    } = ws;
    run_pass(device, buf, copy, "", "device", DEVICE_BOUND, t);
    run_pass(
        pure_rust,
        buf,
        copy,
        "rustcrypto ",
        "rustcrypto",
        PURE_RUST_BOUND,
        t,
    );
}

fn run_pass<P: Provider>(
    keys: &mut KeySlot<P>,
    buf: &mut [u8],
    copy: &mut [u8],
    label: &'static str,
    provider: &str,
    bound: u32,
    t: &mut Tally,
) {
    let failed_before = t.failed;
    let mut c = Counts::default();
    for a in ATTACKS.iter() {
        let name = Named(label, a.case.name);
        let Some(s) = run_attack(a, keys, buf, copy, name, &mut c, t) else {
            continue;
        };
        if s.insns > c.max_insns {
            c.max_insns = s.insns;
            c.slowest = a.case.name;
        }
        if s.insns > bound {
            t.fail(
                name,
                format_args!("took {} instructions, bound {}", s.insns, bound),
            );
        }
    }
    hprintln!(
        "nostd-attacks ({}): {} of {} vectors checked, {} mismatched, {} provider-limited, \
         {} not embedded (exceed firmware buffer {} bytes); slowest {} insns ({})",
        provider,
        c.checked,
        ATTACKS.len(),
        t.failed - failed_before,
        c.limited,
        NOT_EMBEDDED.len(),
        BUFFER_LEN,
        c.max_insns,
        c.slowest
    );
}

/// One vector: checks the outcome (and, after a positive case, three flipped bytes); returns
/// the verification's cost.
#[inline(never)]
fn run_attack<P: Provider>(
    a: &Attack,
    keys: &mut KeySlot<P>,
    buf: &mut [u8],
    copy: &mut [u8],
    name: Named<'_>,
    c: &mut Counts,
    t: &mut Tally,
) -> Option<Sample> {
    let case = &a.case;
    let Ok(token) = core::str::from_utf8(case.token) else {
        t.fail(name, format_args!("token is not UTF-8"));
        return None;
    };
    c.checked += 1;
    let (result, s) = measure(|| {
        *keys = Some(Keys::<P>::from_jwks(case.jwks));
        verify(case, token, loaded(keys)?, buf)
    });
    match (case.expect, result) {
        (Expect::Invalid(want), Err(e)) if Category::of(e) == want => t.pass(name, &s),
        (Expect::Invalid(_) | Expect::Valid { .. }, Err(Error::UnsupportedByProvider))
            if a.needs.is_some() =>
        {
            c.limited += 1;
            hprintln!(
                "limited {}: unsupported_by_provider (needs {})",
                name,
                a.needs.unwrap_or("")
            );
            t.pass(name, &s);
        }
        (Expect::Invalid(want), Err(e)) => t.fail(
            name,
            format_args!(
                "expected {}, got {} ({})",
                want.as_str(),
                Category::of(e).as_str(),
                e.as_str()
            ),
        ),
        (Expect::Invalid(want), Ok(_)) => {
            t.fail(name, format_args!("ACCEPTED, expected {}", want.as_str()))
        }
        (_, Err(e)) => t.fail(name, format_args!("expected valid, got {}", e.as_str())),
        (
            Expect::Valid {
                header,
                claims,
                iss,
                sub,
                exp,
            },
            Ok((h, cl)),
        ) => {
            let same = h == header && cl == claims && typed_claims_match(cl, iss, sub, exp);
            t.check(
                same,
                name,
                &s,
                format_args!("decoded header or claims differ"),
            );
            if let Ok(k) = loaded(keys) {
                flips(case, token, k, buf, copy, t);
            }
        }
        (Expect::Jws { .. }, Ok(_)) => t.fail(name, format_args!("not a JWT vector")),
    }
    Some(s)
}

/// The key set loaded last, or why it failed to load.
fn loaded<P: Provider>(keys: &KeySlot<P>) -> Result<&Keys<P>, Error> {
    match keys {
        Some(Ok(k)) => Ok(k),
        Some(Err(e)) => Err(*e),
        None => Err(Error::UnknownKey),
    }
}

fn verify<'b, P: Provider>(
    case: &Case,
    token: &str,
    keys: &Keys<P>,
    buf: &'b mut [u8],
) -> Result<(&'b [u8], &'b [u8]), Error> {
    let leeway = u32::try_from(case.leeway).unwrap_or(u32::MAX);
    let mut v = Validator::new().leeway(Leeway(leeway));
    if let Some(iss) = case.issuer {
        v = v.issuer(iss);
    }
    if let Some(aud) = case.audience {
        v = v.audience(aud);
    }
    v.verify(token, keys, UnixTime(case.now), buf)
        .map(|t| (t.header().object().raw(), t.claims().raw()))
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
    let mut rejected = 0;
    let mut total = Sample {
        insns: 0,
        stack: Some(0),
        own: Some(0),
    };
    for pos in [d1 / 2, (d1 + d2) / 2, (d2 + token.len()) / 2] {
        let Some(dst) = copy.get_mut(..token.len()) else {
            break;
        };
        dst.copy_from_slice(token.as_bytes());
        if let Some(b) = dst.get_mut(pos) {
            *b = if *b == b'A' { b'B' } else { b'A' };
        }
        let Ok(f) = core::str::from_utf8(dst) else {
            break;
        };
        let (r, s) = measure(|| verify(case, f, keys, buf).is_err());
        rejected += u32::from(r);
        total.insns = total.insns.saturating_add(s.insns);
        total.stack = total.stack.zip(s.stack).map(|(a, b)| a.max(b));
        total.own = total.own.zip(s.own).map(|(a, b)| a.max(b));
    }
    t.check(
        rejected == 3,
        "  + 3 flipped bytes rejected",
        &total,
        format_args!("{}: a token with a flipped byte was accepted", case.name),
    );
}
