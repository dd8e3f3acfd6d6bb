#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::as_conversions
)]
//! Zero allocations when verifying request objects and `id_token_hint`: every vector of
//! tests/vectors/messages/request-object/ (accepted and rejected ones) runs with a counting
//! allocator switched on, after its inputs and buffers were prepared.

use oxidc::jwt::Required;
use oxidc::oauth::Params;
use oxidc::oidc::messages::AuthorizationRequest;
use oxidc::oidc::request_object::{IdTokenHintPolicy, RequestObjectPolicy};
use oxidc::{DefaultProvider, Error, KeySet, Leeway, UnixTime};

use oxidc_conformance::{Counting, no_alloc};

#[global_allocator]
static GLOBAL: Counting = Counting;

/// One whole verification, as a host runs it; returns the error kind, if any.
fn verify(
    body: &str,
    client: &KeySet<DefaultProvider, 4>,
    op: &KeySet<DefaultProvider, 4>,
    issuer: &str,
    hint_client: Option<&str>,
    now: UnixTime,
    bufs: (&mut [u8], &mut [u8], &mut [u8]),
) -> Result<bool, Error> {
    let (scratch, buf, hbuf) = bufs;
    let params = Params::parse_form(body.as_bytes(), scratch)?;
    let outer = AuthorizationRequest::new(&params)?;
    let policy = RequestObjectPolicy {
        audience: Some(issuer),
        leeway: Leeway(15),
        required: Required::NONE,
    };
    let object = outer.verify_with_request_object(client, &policy, None, now, buf)?;
    let effective = match &object {
        Some(o) => o.effective()?,
        None => outer,
    };
    let hint = IdTokenHintPolicy {
        issuer,
        client_id: hint_client,
    };
    let t = effective.verify_id_token_hint(op, &hint, hbuf)?;
    Ok(t.is_some() || object.is_some())
}

#[test]
fn request_objects_and_hints_do_not_allocate() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../vectors/messages/request-object");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let (mut ok, mut failed) = (0, 0);
    for path in files {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let body = v["body"].as_str().unwrap().to_string();
        let client_jwks = v["client_jwks"].to_string();
        let op_jwks = v["op_jwks"].to_string();
        let client = KeySet::<DefaultProvider, 4>::from_jwks(client_jwks.as_bytes()).unwrap();
        let op = KeySet::<DefaultProvider, 4>::from_jwks(op_jwks.as_bytes()).unwrap();
        let issuer = v["op_issuer"].as_str().unwrap().to_string();
        let now = UnixTime(v["now"].as_i64().unwrap());
        let mut scratch = vec![0u8; body.len()];
        let mut buf = vec![0u8; 2 * body.len()];
        let mut hbuf = vec![0u8; body.len()];
        let r = no_alloc(&path.display().to_string(), || {
            verify(
                &body,
                &client,
                &op,
                &issuer,
                v["hint_client_id"].as_str(),
                now,
                (&mut scratch, &mut buf, &mut hbuf),
            )
        });
        assert_eq!(
            r.is_ok(),
            v["expected"]["ok"].as_bool().unwrap(),
            "{path:?}"
        );
        if r.is_ok() { ok += 1 } else { failed += 1 }
    }
    assert!(ok >= 8 && failed >= 25, "{ok} {failed}");
}
