#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]
//! Runs the `oxidc` binary: every command's success path, every reachable exit code, `--json`
//! parsed back, stdin input, the vector corpus through `verify` and `thumbprint`, and `demo`.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn oxidc() -> Command {
    let mut c = assert_cmd::cargo_bin_cmd!("oxidc");
    c.env_remove("NO_COLOR");
    c
}

/// Runs `oxidc args` and returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    run_stdin(args, "")
}

fn run_stdin(args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = oxidc().args(args).write_stdin(stdin).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}):\n{s}"))
}

struct Fixture {
    _dir: tempfile::TempDir,
    ec: PathBuf,
    oct: PathBuf,
    rsa: PathBuf,
    other_ec: PathBuf,
}

/// Keys generated once by `oxidc keygen` and shared by the tests.
fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let gen_key = |kty: &str, name: &str| {
            let (code, out, err) = run(&["keygen", "--kty", kty]);
            assert_eq!(code, 0, "{err}");
            let p = dir.path().join(name);
            std::fs::write(&p, out).unwrap();
            p
        };
        Fixture {
            ec: gen_key("EC", "ec.json"),
            oct: gen_key("oct", "oct.json"),
            rsa: gen_key("RSA", "rsa.json"),
            other_ec: gen_key("EC", "other.json"),
            _dir: dir,
        }
    })
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

const ISS: &str = "https://op.example.org";
const NOW: &str = "1795420786";

fn mint(key: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "mint",
        "--key",
        p(key),
        "--iss",
        ISS,
        "--aud",
        "client_1",
        "--sub",
        "alice",
        "--now",
        NOW,
    ];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "{err}");
    out.trim().to_owned()
}

fn verify(keys: &Path, token: &str, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["verify", "--jwks", p(keys), "--now", NOW];
    args.extend_from_slice(extra);
    args.push(token);
    run(&args)
}

// ---------------------------------------------------------------- help

#[test]
fn every_command_has_help_with_examples() {
    for cmd in [
        "keygen",
        "mint",
        "verify",
        "inspect",
        "thumbprint",
        "pkce",
        "parse",
        "grant-check",
        "demo",
        "bench",
    ] {
        oxidc()
            .args([cmd, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Examples:"));
    }
    oxidc()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("oxidc demo"));
}

#[test]
fn verify_help_documents_every_exit_code() {
    let (code, out, _) = run(&["verify", "--help"]);
    assert_eq!(code, 0);
    for (c, class) in [
        (0, "ok"),
        (2, "usage"),
        (3, "io"),
        (10, "parse"),
        (11, "limit"),
        (12, "jose"),
        (13, "signature"),
        (14, "unknown_key"),
        (15, "claims"),
        (16, "expired"),
        (17, "oauth"),
        (18, "grant"),
    ] {
        assert!(
            out.lines()
                .any(|l| l.trim_start().starts_with(&format!("{c}  {class}"))),
            "verify --help lacks code {c} {class}:\n{out}"
        );
    }
}

// ---------------------------------------------------------------- keygen, thumbprint

#[test]
fn keygen_prints_private_jwk_and_public_jwks_with_thumbprint_kid() {
    for (kty, private_member) in [("EC", "d"), ("oct", "k"), ("RSA", "d")] {
        let path = match kty {
            "EC" => &fixture().ec,
            "oct" => &fixture().oct,
            _ => &fixture().rsa,
        };
        let doc = json(&std::fs::read_to_string(path).unwrap());
        let private = &doc["private_jwk"];
        let public = &doc["jwks"]["keys"][0];
        assert_eq!(private["kty"], kty);
        assert!(private[private_member].is_string());
        assert_eq!(private["kid"], public["kid"]);
        if kty != "oct" {
            assert!(public.get("d").is_none(), "public key leaks d");
            assert!(public.get("p").is_none());
        }
        // The kid is the key's RFC 7638 thumbprint, as `thumbprint` computes it.
        let (code, out, _) = run(&["thumbprint", "--json", p(path)]);
        assert_eq!(code, 0);
        let t = json(&out);
        assert_eq!(t[0]["rfc7638"], private["kid"]);
        assert_eq!(t[0]["kid_matches"], true);
    }
    let rsa = json(&std::fs::read_to_string(&fixture().rsa).unwrap());
    assert_eq!(rsa["private_jwk"]["alg"], "RS256");
    assert!(rsa["private_jwk"]["n"].as_str().unwrap().len() >= 342); // 2048 bits
}

#[test]
fn keygen_options() {
    let (code, out, _) = run(&["keygen", "--kty", "EC", "--kid", "my-key", "--alg", "ES256"]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["jwks"]["keys"][0]["kid"], "my-key");

    let (code, out, _) = run(&["keygen", "--kty", "EC", "--kid-form", "legacy"]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["private_jwk"]["kid"].as_str().unwrap().len(), 58);

    let (code, out, _) = run(&["keygen", "--kty", "oct", "--alg", "HS512", "--bits", "512"]);
    assert_eq!(code, 0);
    let k = json(&out)["private_jwk"]["k"].as_str().unwrap().len();
    assert_eq!(k, 86);

    let dir = tempfile::tempdir().unwrap();
    let (priv_path, jwks_path) = (dir.path().join("k.json"), dir.path().join("jwks.json"));
    let (code, out, err) = run(&[
        "keygen",
        "--kty",
        "EC",
        "--private-out",
        p(&priv_path),
        "--jwks-out",
        p(&jwks_path),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("wrote"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&priv_path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "private key file is readable by others");
    }
    // The separate files work with mint and verify.
    let token = mint(&priv_path, &[]);
    assert_eq!(verify(&jwks_path, &token, &[]).0, 0);

    // An algorithm of another family is a usage error.
    let (code, _, err) = run(&["keygen", "--kty", "EC", "--alg", "HS256"]);
    assert_eq!(code, 2);
    assert!(err.contains("error[usage]"), "{err}");
    // `none` is not an algorithm.
    assert_eq!(run(&["keygen", "--kty", "EC", "--alg", "none"]).0, 2);
}

#[test]
fn thumbprint_matches_the_rfc7638_vectors() {
    let v = vector("rfc", "rfc7638-3.1-thumbprint.json");
    for k in v["keys"].as_array().unwrap() {
        let (code, out, err) = run_stdin(&["thumbprint", "--json", "-"], &k["jwk"].to_string());
        assert_eq!(code, 0, "{err}");
        let t = json(&out);
        assert_eq!(t[0]["rfc7638"], k["rfc7638"]);
        if let Some(legacy) = k.get("legacy") {
            assert_eq!(&t[0]["cryptojwt_legacy"], legacy);
        }
    }
    let (code, out, _) = run(&["thumbprint", p(&fixture().ec)]);
    assert_eq!(code, 0);
    assert!(out.contains("rfc7638"));
}

// ---------------------------------------------------------------- mint, verify

#[test]
fn mint_then_verify_with_every_key_type() {
    let f = fixture();
    for (key, alg) in [(&f.ec, "ES256"), (&f.oct, "HS256"), (&f.rsa, "RS256")] {
        let token = mint(key, &[]);
        let (code, out, err) = verify(key, &token, &["--iss", ISS, "--aud", "client_1", "--json"]);
        assert_eq!(code, 0, "{alg}: {err}");
        let v = json(&out);
        assert_eq!(v["valid"], true);
        assert_eq!(v["alg"], alg);
        assert_eq!(v["header"]["alg"], alg);
        assert_eq!(v["claims"]["sub"], "alice");
        assert_eq!(v["claims"]["iat"], 1_795_420_786);
        assert_eq!(v["claims"]["exp"], 1_795_420_786 + 3600);
        assert_eq!(v["times"]["exp"]["utc"], "2026-11-23T08:59:46Z");
        // Human output.
        let (code, out, _) = verify(key, &token, &[]);
        assert_eq!(code, 0);
        assert!(out.starts_with("VALID"), "{out}");
        assert!(out.contains("\"sub\": \"alice\""));
    }
    // Another algorithm of the key's family can be minted, but the JWKS entry pins RS256
    // (keygen writes `alg`), so the verifier refuses it: the key decides, never the header.
    let token = mint(&f.rsa, &["--alg", "PS256"]);
    let (code, out, err) = verify(&f.rsa, &token, &["--json"]);
    assert_eq!(code, 12, "{err}");
    assert_eq!(json(&out)["error"], "algorithm_mismatch");
}

#[test]
fn mint_reads_claims_from_a_file_and_from_stdin() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let claims = dir.path().join("claims.json");
    std::fs::write(
        &claims,
        r#"{"scope":"openid email","email":"a@example.org","nested":{"x":[1,2]},"iss":"overridden"}"#,
    )
    .unwrap();
    let token = mint(&f.ec, &["--claims", p(&claims), "--exp-in", "60"]);
    let (code, out, _) = verify(&f.ec, &token, &["--json"]);
    assert_eq!(code, 0);
    let c = &json(&out)["claims"];
    assert_eq!(c["email"], "a@example.org");
    assert_eq!(c["nested"]["x"][1], 2);
    assert_eq!(c["iss"], ISS, "--iss overrides the file");
    assert_eq!(c["exp"], 1_795_420_786 + 60);
    let keys: Vec<&String> = c.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 8, "{keys:?}");

    // From stdin, with iat/exp from the file when no --now/--exp-in.
    let (code, out, err) = run_stdin(
        &["mint", "--key", p(&f.oct), "--claims", "-"],
        r#"{"sub":"bob","iat":1795420786,"exp":1795424386}"#,
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = verify(&f.oct, out.trim(), &["--json"]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["claims"]["exp"], 1_795_424_386);

    // Claims that are not a JSON object: a parse error (10) naming the core's error.
    let (code, out, err) = run_stdin(&["mint", "--key", p(&f.ec), "--claims", "-"], "[1]");
    assert_eq!(code, 10, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("error[not_an_object]"), "{err}");
    let (code, _, err) = run_stdin(
        &["mint", "--key", p(&f.ec), "--claims", "-"],
        r#"{"a":1,"a":2}"#,
    );
    assert_eq!(code, 10);
    assert!(err.contains("duplicate_member"), "{err}");
}

#[test]
fn mint_idpyoidc_access_and_id_tokens() {
    let f = fixture();
    let (code, at, err) = run(&[
        "mint",
        "--key",
        p(&f.ec),
        "--access-token",
        "--iss",
        ISS,
        "--client-id",
        "client_1",
        "--sub",
        "alice",
        "--scope",
        "openid offline_access",
        "--now",
        NOW,
    ]);
    assert_eq!(code, 0, "{err}");
    let at = at.trim();
    let (code, out, _) = verify(&f.ec, at, &["--json", "--aud", "client_1"]);
    assert_eq!(code, 0);
    let v = json(&out);
    let names: Vec<&str> = v["claims"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    // serde_json sorts keys; check the set here and the order in the raw output below.
    for n in [
        "scope",
        "aud",
        "jti",
        "client_id",
        "sub",
        "sid",
        "token_class",
        "iss",
        "iat",
        "exp",
    ] {
        assert!(names.contains(&n), "{n} missing: {names:?}");
    }
    assert_eq!(v["claims"]["scope"], "openid offline_access");
    assert_eq!(v["claims"]["token_class"], "access_token");
    let raw = &out[out.find("\"claims\"").unwrap()..];
    let order: Vec<usize> = [
        "\"scope\"",
        "\"aud\"",
        "\"jti\"",
        "\"client_id\"",
        "\"token_class\"",
        "\"exp\"",
    ]
    .iter()
    .map(|n| raw.find(n).unwrap())
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "idpyoidc's claim order"
    );

    let (code, idt, err) = run(&[
        "mint",
        "--key",
        p(&f.ec),
        "--id-token",
        "--iss",
        ISS,
        "--aud",
        "client_1",
        "--sub",
        "alice",
        "--nonce",
        "n-0S6",
        "--at-hash-of",
        at,
        "--now",
        NOW,
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = verify(&f.ec, idt.trim(), &["--json", "--aud", "client_1"]);
    assert_eq!(code, 0);
    let c = &json(&out)["claims"];
    assert_eq!(c["nonce"], "n-0S6");
    assert_eq!(c["at_hash"].as_str().unwrap().len(), 22);
    assert_eq!(c["exp"], 1_795_420_786 + 300);

    // A profile without its required options is a usage error.
    let (code, _, err) = run(&["mint", "--key", p(&f.ec), "--access-token"]);
    assert_eq!(code, 2);
    assert!(err.contains("--iss"), "{err}");
}

#[test]
fn verify_reads_the_token_from_stdin_and_accepts_keygen_jwk_or_jwks_files() {
    let f = fixture();
    let token = mint(&f.ec, &[]);
    let (code, out, _) = run_stdin(
        &["verify", "--jwks", p(&f.ec), "--now", NOW, "--json", "-"],
        &format!("{token}\n"),
    );
    assert_eq!(code, 0);
    assert_eq!(json(&out)["valid"], true);

    let doc = json(&std::fs::read_to_string(&f.ec).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let jwks = dir.path().join("jwks.json");
    std::fs::write(&jwks, doc["jwks"].to_string()).unwrap();
    assert_eq!(verify(&jwks, &token, &[]).0, 0);
    let jwk = dir.path().join("jwk.json");
    std::fs::write(&jwk, doc["jwks"]["keys"][0].to_string()).unwrap();
    assert_eq!(verify(&jwk, &token, &[]).0, 0);
    // A private JWK also works: its public part is used.
    let private = dir.path().join("private.json");
    std::fs::write(&private, doc["private_jwk"].to_string()).unwrap();
    assert_eq!(verify(&private, &token, &[]).0, 0);
}

/// Every reachable error class exits with its documented code, names the core's error on
/// stderr, prints nothing on stdout (human mode) and a parseable error object with `--json`.
#[test]
fn each_error_class_has_its_exit_code() {
    let f = fixture();
    let token = mint(&f.ec, &[]);
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let flipped = {
        let sig = &mut parts[2];
        let c = if sig.starts_with('A') { "B" } else { "A" };
        sig.replace_range(0..1, c);
        parts.join(".")
    };
    let alg_none = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.";
    let huge = format!("{}.{}.{}", "e".repeat(20_000), "e", "e");
    let cases: Vec<(&str, String, Vec<&str>, i32, &str)> = vec![
        ("parse", "not-a-token".into(), vec![], 10, "malformed_token"),
        (
            "parse/base64",
            "e!.e.e".into(),
            vec![],
            10,
            "invalid_base64",
        ),
        ("limit", huge, vec![], 11, "token_too_large"),
        ("jose/none", alg_none.into(), vec![], 12, "algorithm_none"),
        ("signature", flipped, vec![], 13, "bad_signature"),
        (
            "claims/issuer",
            token.clone(),
            vec!["--iss", "https://evil"],
            15,
            "issuer_mismatch",
        ),
        (
            "claims/audience",
            token.clone(),
            vec!["--aud", "other"],
            15,
            "audience_mismatch",
        ),
        (
            "claims/typ",
            token.clone(),
            vec!["--typ", "at+jwt"],
            15,
            "type_mismatch",
        ),
        (
            "claims/required",
            token.clone(),
            vec!["--require", "nonce"],
            15,
            "missing_claim",
        ),
    ];
    for (what, tok, extra, want, name) in cases {
        let (code, out, err) = verify(&f.ec, &tok, &extra);
        assert_eq!(code, want, "{what}: {err}");
        assert!(
            out.is_empty(),
            "{what}: stdout must be empty on error: {out}"
        );
        assert!(err.contains(&format!("error[{name}]")), "{what}: {err}");
        assert_eq!(err.lines().count(), 1, "{what}: one line: {err}");
        let mut extra = extra.clone();
        extra.push("--json");
        let (code, out, _) = verify(&f.ec, &tok, &extra);
        assert_eq!(code, want, "{what}");
        let j = json(&out);
        assert_eq!(j["valid"], false);
        assert_eq!(j["error"], name);
        assert_eq!(j["exit_code"], want);
    }
    // unknown_key: a key set without the token's kid.
    let (code, _, err) = verify(&f.other_ec, &token, &[]);
    assert_eq!(code, 14, "{err}");
    assert!(err.contains("error[unknown_key]"));
    // expired (a distinct code), and the leeway/now options that move the verdict.
    let (code, _, err) = run(&["verify", "--jwks", p(&f.ec), "--now", "1795500000", &token]);
    assert_eq!(code, 16, "{err}");
    assert!(err.contains("error[expired]"));
    assert_eq!(
        run(&["verify", "--jwks", p(&f.ec), "--now", "1795424386", &token]).0,
        0,
        "within the default 15 s leeway"
    );
    assert_eq!(
        run(&[
            "verify",
            "--jwks",
            p(&f.ec),
            "--now",
            "1795424386",
            "--leeway",
            "0",
            &token
        ])
        .0,
        16
    );
    // not yet valid: issued in the future.
    let (code, _, err) = run(&["verify", "--jwks", p(&f.ec), "--now", "1795420000", &token]);
    assert_eq!(code, 15, "{err}");
    assert!(err.contains("issued_in_future"), "{err}");
    // jose: an HS256 token against the EC key set (algorithm confusion).
    let hs = mint(&f.oct, &[]);
    let (code, _, err) = verify(&f.ec, &hs, &[]);
    assert!(code == 12 || code == 14, "{err}");
    // I/O: a missing key file.
    let (code, _, err) = run(&["verify", "--jwks", "/nonexistent/jwks.json", &token]);
    assert_eq!(code, 3);
    assert!(
        err.contains("error[io]") && err.contains("/nonexistent/jwks.json"),
        "{err}"
    );
    // usage: a missing argument, an unknown flag.
    assert_eq!(run(&["verify", &token]).0, 2);
    assert_eq!(run(&["verify", "--jwks", p(&f.ec), "--bogus", &token]).0, 2);
    // jose: minting with a public key only.
    let doc = json(&std::fs::read_to_string(&f.ec).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public.json");
    std::fs::write(&public, doc["jwks"]["keys"][0].to_string()).unwrap();
    let (code, _, err) = run(&["mint", "--key", p(&public), "--sub", "x"]);
    assert_eq!(code, 12, "{err}");
    assert!(err.contains("not_a_private_key"), "{err}");
}

// ---------------------------------------------------------------- inspect

#[test]
fn inspect_is_marked_unverified_with_human_times() {
    let f = fixture();
    let token = mint(&f.ec, &[]);
    // 3 minutes after expiry.
    let later = (1_795_420_786 + 3600 + 180).to_string();
    let (code, out, _) = run(&["inspect", "--now", &later, &token]);
    assert_eq!(code, 0);
    assert!(out.starts_with("UNVERIFIED"), "{out}");
    assert!(out.contains("expired 3 min ago"), "{out}");
    assert!(out.contains("issued 63 min ago"), "{out}");
    assert!(out.contains("2026-11-23T08:59:46Z"), "{out}");

    let (code, out, _) = run_stdin(&["inspect", "--json", "--now", NOW, "-"], &token);
    assert_eq!(code, 0);
    let j = json(&out);
    assert_eq!(j["verified"], false);
    assert!(j["warning"].as_str().unwrap().starts_with("UNVERIFIED"));
    assert_eq!(j["claims"]["sub"], "alice");
    assert_eq!(j["times"]["exp"]["relative"], "expires in 60 min");

    // A forged token still decodes (that is the point), and says so.
    let forged = format!("{}.AAAA", token.rsplit_once('.').unwrap().0);
    let (code, out, _) = run(&["inspect", &forged]);
    assert_eq!(code, 0);
    assert!(out.contains("UNVERIFIED"));
    // Garbage does not.
    assert_eq!(run(&["inspect", "a.b"]).0, 10);
    let (code, out, _) = run(&["inspect", "--json", "a.b"]);
    assert_eq!(code, 10);
    let j = json(&out);
    assert_eq!(j["decoded"], false);
    assert_eq!(j["error"], "malformed_token");
}

// ---------------------------------------------------------------- colours

#[test]
fn colours_only_when_asked_or_on_a_terminal() {
    let token = mint(&fixture().ec, &[]);
    let (_, plain, _) = run(&["inspect", &token]);
    assert!(
        !plain.contains('\x1b'),
        "no colours when stdout is not a terminal"
    );
    let (_, coloured, _) = run(&["--color", "always", "inspect", &token]);
    assert!(coloured.contains("\x1b["));
    let (_, _, err) = run(&["--color", "always", "inspect", "x"]);
    assert!(err.contains("\x1b["));
}

// ---------------------------------------------------------------- demo, bench

#[test]
fn demo_completes_with_every_step_ok() {
    let (code, out, err) = run(&["demo"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(!out.contains("FAIL"), "{out}");
    assert!(out.contains("DONE all"), "{out}");
    assert!(out.contains("µs"));
    // The issue's hot path, in order.
    let mut at = 0;
    for step in [
        "parse + verify the token request",
        "client_secret_basic",
        "private_key_jwt",
        "PKCE",
        "redeem the code",
        "mint the access token",
        "mint the ID token (ES256, with at_hash)",
        "verify the access token (resource server)",
        "verify the ID token (relying party)",
        "the same code again is refused (invalid_grant)",
    ] {
        let i = out[at..]
            .find(step)
            .unwrap_or_else(|| panic!("step {step:?} missing or out of order:\n{out}"));
        at += i;
    }
    assert!(out.contains("invalid_grant: Code inactive"), "{out}");

    let (code, out, _) = run(&["demo", "--json", "--show-tokens"]);
    assert_eq!(code, 0);
    let j = json(&out);
    assert_eq!(j["ok"], true);
    let steps = j["steps"].as_array().unwrap();
    assert!(steps.len() >= 6);
    for s in steps {
        assert_eq!(s["ok"], true, "{s}");
        assert!(s["micros"].as_f64().unwrap() > 0.0);
    }
    assert_eq!(j["access_token"].as_str().unwrap().split('.').count(), 3);
}

#[test]
fn bench_prints_a_table() {
    let (code, out, err) = run(&["bench", "--seconds", "0.01", "--json"]);
    assert_eq!(code, 0, "{err}");
    let j = json(&out);
    let rows = j["rows"].as_array().unwrap();
    for op in [
        "verify HS256",
        "verify ES256",
        "verify RS256",
        "mint ES256",
        "parse token request",
    ] {
        let r = rows
            .iter()
            .find(|r| r["operation"].as_str().unwrap().starts_with(op))
            .unwrap_or_else(|| panic!("{op} missing"));
        assert!(r["ops_per_sec"].as_f64().unwrap() > 0.0);
    }
    assert_eq!(run(&["bench", "--seconds", "0"]).0, 2);
}

// ---------------------------------------------------------------- the vector corpus

fn vector(dir: &str, file: &str) -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/vectors")
        .join(dir)
        .join(file);
    json(&std::fs::read_to_string(p).unwrap())
}

/// The corpus's error categories, by the core's error names (tests/vectors/jws/README.md).
fn category(name: &str) -> &str {
    match name {
        "invalid_base64" | "invalid_utf8" | "invalid_json" | "duplicate_member"
        | "not_an_object" | "malformed_token" | "missing_algorithm" | "invalid_header" => {
            "malformed"
        }
        "token_too_large" | "header_too_large" | "json_too_deep" | "too_many_members"
        | "value_too_long" | "too_many_keys" => "too_large",
        "algorithm_none" | "unsupported_algorithm" | "algorithm_mismatch" => {
            "unsupported_algorithm"
        }
        "unsupported_critical" | "unencoded_payload" => "unsupported_header",
        other => other,
    }
}

/// The documented exit code of a core error, from its name and band.
fn documented_code(name: &str, band: &str) -> i32 {
    match (name, band) {
        ("bad_signature", _) => 13,
        ("unknown_key", _) => 14,
        ("expired", _) => 16,
        (_, "parse") => 10,
        (_, "limit") => 11,
        (_, "jose") => 12,
        (_, "claims") => 15,
        (_, "oauth") => 17,
        (_, "grant") => 18,
        (_, "opaque") => 19,
        (_, "buffer") => 20,
        (_, "crypto") => 21,
        _ => panic!("{name} in unknown band {band}"),
    }
}

#[test]
fn every_jwt_vector_through_verify() {
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for sub in ["jws", "rfc", "attacks"] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/vectors")
            .join(sub);
        let mut files: Vec<_> = std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for file in files {
            let v = json(&std::fs::read_to_string(&file).unwrap());
            if v.get("kind").is_some() {
                continue; // thumbprint and plain-JWS vectors: covered elsewhere
            }
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let token = v["token"].as_str().unwrap();
            if token.trim() != token {
                continue; // stdin is read as a line: surrounding whitespace is the channel's
            }
            let jwks = dir.path().join(&name);
            std::fs::write(&jwks, v["jwks"].to_string()).unwrap();
            let now = v["now"].as_i64().unwrap().to_string();
            let leeway = v["policy"]["leeway"].as_u64().unwrap_or(15).to_string();
            let mut args = vec![
                "verify".to_owned(),
                "--json".into(),
                "--jwks".into(),
                p(&jwks).into(),
                "--now".into(),
                now,
                "--leeway".into(),
                leeway,
            ];
            if let Some(iss) = v["policy"]["issuer"].as_str() {
                args.extend(["--iss".into(), iss.into()]);
            }
            if let Some(aud) = v["policy"]["audience"].as_str() {
                args.extend(["--aud".into(), aud.into()]);
            }
            // The token on stdin: some corpus tokens are too large for an argument list.
            args.push("-".into());
            let argv: Vec<&str> = args.iter().map(String::as_str).collect();
            let (code, out, err) = run_stdin(&argv, v["token"].as_str().unwrap());
            let got = json(&out);
            let expected = &v["expected"];
            if expected["valid"] == true {
                assert_eq!(code, 0, "{sub}/{name}: {err}");
                assert_eq!(got["claims"], expected["claims"], "{sub}/{name}");
                assert_eq!(got["header"], expected["header"], "{sub}/{name}");
            } else {
                let error = got["error"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{sub}/{name}: exit {code}, {out} {err}"));
                assert_eq!(
                    category(error),
                    expected["error"].as_str().unwrap(),
                    "{sub}/{name}: {err}"
                );
                let band = got["band"].as_str().unwrap();
                assert_eq!(code, documented_code(error, band), "{sub}/{name}");
                assert_eq!(got["exit_code"], code, "{sub}/{name}");
            }
            checked += 1;
        }
    }
    assert!(checked >= 70, "only {checked} vectors checked");
}

// ---------------------------------------------------------------- parse, pkce

#[test]
fn parse_prints_the_message_or_the_oauth_error_body() {
    let body = "grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA\
                &redirect_uri=https%3A%2F%2Fclient.example.org%2Fcb&code_verifier=\
                dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let (code, out, err) = run(&["parse", "--type", "access-token-request", body]);
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty());
    let j = json(&out);
    assert_eq!(j["redirect_uri"], "https://client.example.org/cb");
    assert_eq!(j["code"], "SplxlOBeZQQYbYS6WxSbIA");

    // stdin, JSON, dispatch on grant_type
    let (code, out, _) = run_stdin(
        &["parse", "--type", "token-request", "-"],
        "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"r\",\"scope\":\"openid email\"}\n",
    );
    assert_eq!(code, 0);
    assert_eq!(json(&out)["scope"], "openid email");

    // refused: the OAuth error body on stdout, the core's error on stderr, exit 17 (oauth)
    let (code, out, err) = run(&[
        "parse",
        "--type",
        "access-token-request",
        "grant_type=authorization_code&redirect_uri=x",
    ]);
    assert_eq!(code, 17);
    let j = json(&out);
    assert_eq!(j["error"], "invalid_request");
    assert_eq!(j["error_description"], "Missing required attribute 'code'");
    assert!(err.contains("error[missing_parameter]"), "{err}");
    // a repeated parameter (RFC 6749 §3.1)
    let (code, out, err) = run(&[
        "parse",
        "--type",
        "access-token-request",
        "code=a&code=b&redirect_uri=x",
    ]);
    assert_eq!(code, 17, "{err}");
    assert_eq!(json(&out)["error"], "invalid_request");
    // malformed encoding: parse band (10)
    let (code, out, err) = run(&["parse", "--type", "access-token-request", "code=%zz"]);
    assert_eq!(code, 10, "{err}");
    assert!(err.contains("error[invalid_percent_encoding]"));
    assert_eq!(json(&out)["error"], "invalid_request");
    // too large: limit band (11)
    let big = format!("code={}", "a".repeat(70_000));
    let (code, _, err) = run_stdin(&["parse", "--type", "access-token-request", "-"], &big);
    assert_eq!(code, 11, "{err}");
    // an unknown type is a usage error
    assert_eq!(run(&["parse", "--type", "nope", "a=b"]).0, 2);
}

/// The message corpus through `oxidc parse`: idpyoidc's verdict (or oxidc's documented
/// divergence) for every vector.
#[test]
fn every_message_vector_through_parse() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/messages");
    let overrides = json(&std::fs::read_to_string(root.join("overrides.json")).unwrap());
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json") && p.file_name().unwrap() != "overrides.json"
        })
        .collect();
    files.sort();
    let mut checked = 0;
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let v = json(&std::fs::read_to_string(&file).unwrap());
        let kind = match v["message"].as_str().unwrap() {
            "oauth2.AccessTokenRequest" => "access-token-request",
            "oauth2.RefreshAccessTokenRequest" => "refresh-token-request",
            "oauth2.CCAccessTokenRequest" => "client-credentials-request",
            "oauth2.TokenExchangeRequest" => "token-exchange-request",
            "oauth2.AuthorizationRequest" => "oauth2-authorization-request",
            "oidc.AuthorizationRequest" => "authorization-request",
            "oauth2.AuthorizationResponse" => "authorization-response",
            "oauth2.AccessTokenResponse" => "oauth2-token-response",
            "oidc.AccessTokenResponse" => "token-response",
            "oidc.AccessTokenRequest" => "oidc-access-token-request",
            "oauth2.TokenErrorResponse" => "error-response",
            "oauth2.TokenIntrospectionRequest" => "introspection-request",
            "oauth2.TokenIntrospectionResponse" => "introspection-response",
            "oauth2.TokenRevocationRequest" => "revocation-request",
            other => panic!("{name}: no --type for {other}"),
        };
        let format = match v["format"].as_str().unwrap() {
            "urlencoded" => "form",
            _ => "json",
        };
        let expected = overrides
            .get(&name)
            .map_or(&v["expected"], |o| &o["oxidc_expected"]);
        let (code, out, err) = run_stdin(
            &["parse", "--type", kind, "--format", format, "-"],
            v["body"].as_str().unwrap(),
        );
        if expected["ok"] == true {
            assert_eq!(code, 0, "{name}: {err}");
            assert_eq!(json(&out), expected["params"], "{name}");
        } else {
            assert!([10, 11, 17].contains(&code), "{name}: exit {code}: {err}");
            assert!(json(&out)["error"].is_string(), "{name}: {out}");
            if let Some(e) = expected.get("error").and_then(|e| e.as_str())
                && overrides.get(&name).is_some()
            {
                assert!(err.contains(&format!("error[{e}]")), "{name}: {err}");
            }
        }
        checked += 1;
    }
    assert!(checked >= 60, "only {checked} message vectors");
}

#[test]
fn pkce_makes_and_checks_challenges() {
    // RFC 7636 Appendix B.
    let v = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let (code, out, _) = run(&["pkce", "--verifier", v, "--json"]);
    assert_eq!(code, 0);
    let j = json(&out);
    assert_eq!(
        j["code_challenge"],
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
    assert_eq!(j["code_challenge_method"], "S256");
    let (code, out, _) = run(&["pkce", "--json"]);
    assert_eq!(code, 0);
    let j = json(&out);
    let fresh = j["code_verifier"].as_str().unwrap();
    assert_eq!(fresh.len(), 43);
    // check mode: the fresh pair matches, a wrong challenge is pkce_mismatch (oauth, 17)
    let challenge = j["code_challenge"].as_str().unwrap();
    assert_eq!(
        run(&["pkce", "--verifier", fresh, "--check", challenge]).0,
        0
    );
    let (code, _, err) = run(&["pkce", "--verifier", v, "--check", challenge]);
    assert_eq!(code, 17);
    assert!(err.contains("error[pkce_mismatch]"), "{err}");
    // RFC 7636 §4.1 syntax
    let (code, _, err) = run(&["pkce", "--verifier", "short"]);
    assert_eq!(code, 17);
    assert!(err.contains("pkce_verifier_invalid"), "{err}");
    let (code, out, _) = run(&["pkce", "--verifier", v, "--method", "plain"]);
    assert_eq!(code, 0);
    assert!(out.contains(&format!("code_challenge         {v}")));
}

// ---------------------------------------------------------------- grant-check

fn grant_vectors() -> Vec<(String, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/grant");
    let mut out = Vec::new();
    for dir in [root.clone(), root.join("spec")] {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for f in files {
            let v = json(&std::fs::read_to_string(&f).unwrap());
            out.push((f.to_string_lossy().into_owned(), v));
        }
    }
    out
}

/// The minting vectors (idpyoidc's `mint_token` and the spec's M cases) through `grant-check`.
#[test]
fn grant_check_follows_the_minting_vectors() {
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for (name, v) in grant_vectors() {
        let req = &v["request"];
        let is_mint = req["grant_type"] == "mint" || req["operation"] == "mint_token";
        if !is_mint {
            continue;
        }
        let grant = dir.path().join("grant.json");
        std::fs::write(&grant, v.to_string()).unwrap(); // the grant under "grant"
        let value = match &req["based_on"] {
            Value::Number(i) => {
                let t = &v["grant"]["issued_token"][usize::try_from(i.as_u64().unwrap()).unwrap()];
                t.as_object().unwrap().values().next().unwrap()["value"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            }
            s => s.as_str().unwrap().to_owned(),
        };
        let now = v["now"].as_i64().unwrap().to_string();
        let class = req["token_class"].as_str().unwrap();
        let (code, out, err) = run(&[
            "grant-check",
            "--grant",
            p(&grant),
            "--token",
            &value,
            "--mint",
            class,
            "--now",
            &now,
            "--json",
        ]);
        let j = json(&out);
        let e = &v["expected"];
        let ok =
            e["ok"].as_bool().unwrap_or(false) || (e.get("error").is_none() && e["ok"].is_null());
        if ok {
            assert_eq!(code, 0, "{name}: {err}");
            assert_eq!(j["ok"], true, "{name}");
        } else {
            assert_eq!(code, 18, "{name}: {err}");
            assert_eq!(j["ok"], false, "{name}");
            let verdict = &j["mint"][0];
            assert_eq!(
                verdict["error_description"], e["error_description"],
                "{name}"
            );
            if let Some(kind) = e.get("kind") {
                assert_eq!(&verdict["kind"], kind, "{name}");
            }
        }
        checked += 1;
    }
    assert!(checked >= 9, "only {checked} minting vectors");
}

#[test]
fn grant_check_success_unknown_token_and_bad_input() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/grant/spec");
    let g01 = root.join("g01-fresh-code-ok.json");
    let v = json(&std::fs::read_to_string(&g01).unwrap());
    let code = v["request"]["code"].as_str().unwrap();
    let (rc, out, err) = run(&[
        "grant-check",
        "--grant",
        p(&g01),
        "--token",
        code,
        "--mint",
        "access_token,refresh_token,id_token",
        "--now",
        "1795420518",
    ]);
    assert_eq!(rc, 0, "{err}");
    assert_eq!(out.matches("OK      mint").count(), 3, "{out}");
    assert!(out.contains("authorization_code, used 0"), "{out}");
    // The grant alone (not wrapped), from stdin.
    let (rc, out, _) = run_stdin(
        &[
            "grant-check",
            "--grant",
            "-",
            "--token",
            code,
            "--mint",
            "access_token",
            "--now",
            "1795420518",
            "--json",
        ],
        &v["grant"].to_string(),
    );
    assert_eq!(rc, 0);
    assert_eq!(json(&out)["token"]["token_class"], "authorization_code");
    // After its expiry the code may mint nothing.
    let (rc, out, _) = run(&[
        "grant-check",
        "--grant",
        p(&g01),
        "--token",
        code,
        "--mint",
        "access_token",
        "--now",
        "1795500000",
        "--json",
    ]);
    assert_eq!(rc, 18);
    assert_eq!(json(&out)["token"]["inactive_reason"], "expired");
    // Unknown token value.
    let (rc, out, err) = run(&[
        "grant-check",
        "--grant",
        p(&g01),
        "--token",
        "nope",
        "--mint",
        "access_token",
        "--json",
    ]);
    assert_eq!(rc, 18);
    assert_eq!(json(&out)["error_description"], "Unknown code");
    assert!(err.contains("error[unknown_code]"), "{err}");
    // Unknown class: usage; malformed grant: parse.
    assert_eq!(
        run(&[
            "grant-check",
            "--grant",
            p(&g01),
            "--token",
            code,
            "--mint",
            "bogus"
        ])
        .0,
        2
    );
    let (rc, _, err) = run_stdin(
        &[
            "grant-check",
            "--grant",
            "-",
            "--token",
            "x",
            "--mint",
            "access_token",
        ],
        "{\"issued_token\": 5}",
    );
    assert_eq!(rc, 10, "{err}");
}
