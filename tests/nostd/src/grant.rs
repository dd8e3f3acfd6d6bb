//! A grant decision on the device: GRANTS.md §6's example grant (a session dump whose code was
//! already redeemed into access, refresh and ID tokens) asked to redeem its code again.

use crate::board::measure;
use crate::corpus::{GRANT_CODE, GRANT_CODE_ISSUED_AT, GRANT_DUMP, GRANT_KEY};
use crate::report::{Tally, metric};
use oxidc::grant::{CodeRedemption, GrantView, TokenPolicy, redeem_code};
use oxidc::{Error, UnixTime};

/// Redeems the example grant's code a minute after it was issued. The code has been used, so
/// (OIDC, RFC 6749 §4.1.2) the request is refused as `code_reused` / `invalid_grant` and the
/// tokens minted from it (indexes 1, 2, 3) are to be revoked.
pub fn run_grant(t: &mut Tally) {
    let name = "grant/grants-md-s6-code-replay";
    let (verdict, s) = measure(|| {
        let g = GrantView::<8>::from_dump_in(GRANT_DUMP, GRANT_KEY)?;
        let d = redeem_code(
            &g,
            &CodeRedemption {
                code: GRANT_CODE,
                client_id: Some("client_1"),
                redirect_uri: Some("https://example.com/cb"),
                session_client_id: None,
            },
            &TokenPolicy::OIDC,
            UnixTime(GRANT_CODE_ISSUED_AT + 60),
        );
        let mut revoked = [usize::MAX; 4];
        for (slot, i) in revoked.iter_mut().zip(d.revocations(&g)) {
            *slot = i;
        }
        Ok::<_, Error>((d.refusal().map(|r| (r.error, r.oauth_error)), revoked))
    });
    metric("grant_redeem", "", &s);
    let ok = matches!(
        verdict,
        Ok((
            Some((Error::CodeReused, "invalid_grant")),
            [1, 2, 3, usize::MAX]
        ))
    );
    t.check(
        ok,
        name,
        &s,
        format_args!("expected code_reused/invalid_grant revoking tokens 1, 2, 3"),
    );
}
