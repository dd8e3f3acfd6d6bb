//! Host side of the firmware build: puts `memory.x` on the linker path and turns the JSON
//! vector corpus (tests/vectors/jws, tests/vectors/rfc) into Rust statics, so the firmware
//! never parses the corpus files (and never needs an allocator to do so).
//!
//! Every blob goes into the `.corpus` linker section (placed in flash by `memory.x`), so the
//! size report can tell the shipped code apart from the embedded test data.
//!
//! Selection: every JWT/JWS vector whose token is HS256, ES256, `none`-like or undecodable
//! (the structure cases). Skipped, with the reason printed by the firmware: HS384/HS512 and
//! RSA/PSS tokens (other algorithms), and tokens over 4 KiB (`068-structure-huge-header`, a
//! 134 KB token that only exercises the length check before any parsing; it would be the
//! largest thing in flash by far).
//!
//! The attack catalogue (tests/vectors/attacks) is embedded whole, separately (`attacks.rs`,
//! used only by the `attacks` firmware, so it adds nothing to the other firmwares' flash).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value as J;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const MAX_EMBEDDED_TOKEN: usize = 4096;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::copy(manifest.join("memory.x"), out.join("memory.x")).unwrap();
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=memory.x");
    println!("cargo:rerun-if-changed=build.rs");

    let vectors = manifest.join("../vectors");
    let mut g = Gen::default();
    for dir in ["jws", "rfc"] {
        let d = vectors.join(dir);
        println!("cargo:rerun-if-changed={}", d.display());
        let mut files: Vec<_> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for f in files {
            println!("cargo:rerun-if-changed={}", f.display());
            g.case(dir, &f);
        }
    }
    for f in [
        "002-atr-code-pkce-ok.json",
        "003-atr-missing-code.json",
        "005-atr-dup-code.json",
    ] {
        let path = vectors.join("messages").join(f);
        println!("cargo:rerun-if-changed={}", path.display());
        g.message(&path);
    }
    g.grant(&vectors.join("grant/spec/dumps/grants-md-s6-session-dump.json"));
    g.mint(
        "MINT_HS256",
        &vectors.join("jws/001-hs256-access-valid.json"),
        true,
    );
    g.mint(
        "MINT_ES256",
        &vectors.join("jws/013-es256-access-valid.json"),
        false,
    );
    std::fs::write(out.join("corpus.rs"), g.finish()).unwrap();

    // The attack catalogue, every file, for the `attacks` firmware (src/attacks.rs).
    let d = vectors.join("attacks");
    println!("cargo:rerun-if-changed={}", d.display());
    let mut files: Vec<_> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut a = Gen::default();
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        a.attack(&f);
    }
    std::fs::write(out.join("attacks.rs"), a.finish_attacks()).unwrap();
}

#[derive(Default)]
struct Gen {
    statics: String,
    cases: Vec<String>,
    skipped: Vec<String>,
    mints: String,
    messages: Vec<String>,
    blob: usize,
    max_token: usize,
}

/// base64url without padding (RFC 7515 §2), strict enough for the corpus's positive cases.
fn b64url(s: &str) -> Option<Vec<u8>> {
    let val = |c: u8| -> Option<u32> {
        Some(u32::from(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        }))
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        acc = (acc << 6) | val(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff).to_be_bytes()[3]);
        }
    }
    Some(out)
}

fn header_alg(token: &str) -> Option<String> {
    let h = b64url(token.split('.').next()?)?;
    let j: J = serde_json::from_slice(&h).ok()?;
    j.get("alg")?.as_str().map(str::to_owned)
}

/// `too_large` -> `TooLarge`
fn camel(snake: &str) -> String {
    snake
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .unwrap()
                .to_uppercase()
                .chain(c)
                .collect::<String>()
        })
        .collect()
}

fn rust_bytes(b: &[u8]) -> String {
    let mut s = String::from("*b\"");
    for &c in b {
        match c {
            b'"' => s.push_str("\\\""),
            b'\\' => s.push_str("\\\\"),
            0x20..=0x7e => s.push(char::from(c)),
            _ => write!(s, "\\x{c:02x}").unwrap(),
        }
    }
    s.push('"');
    s
}

impl Gen {
    /// A byte blob in the `.corpus` section; returns an expression of type `&'static [u8]`.
    fn blob(&mut self, bytes: &[u8]) -> String {
        self.blob += 1;
        let name = format!("BLOB_{}", self.blob);
        writeln!(
            self.statics,
            "#[unsafe(link_section = \".corpus\")]\nstatic {name}: [u8; {}] = {};",
            bytes.len(),
            rust_bytes(bytes)
        )
        .unwrap();
        format!("&{name}")
    }

    /// A UTF-8 blob in the `.corpus` section, as an expression of type `&'static str`.
    fn sblob(&mut self, s: &str) -> String {
        format!("str_of({})", self.blob(s.as_bytes()))
    }

    fn opt_str(&mut self, v: Option<&str>) -> String {
        match v {
            Some(s) => format!("Some({})", self.sblob(s)),
            None => "None".into(),
        }
    }

    fn case(&mut self, dir: &str, path: &Path) {
        let v: J = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let file = path.file_stem().unwrap().to_string_lossy().into_owned();
        let name = format!("{dir}/{file}");
        let kind = v["kind"].as_str();
        if kind.is_some_and(|k| k != "jws") {
            return; // thumbprint vectors: not token verification
        }
        let token = v["token"].as_str().unwrap();
        let alg = header_alg(token);
        if let Some(a) = alg.as_deref()
            && (a.starts_with("RS") || a.starts_with("PS") || a == "HS384" || a == "HS512")
        {
            let entry = format!(
                "({}, {})",
                self.sblob(&name),
                self.sblob(&format!("{a}: not an HS256/ES256 vector"))
            );
            self.skipped.push(entry);
            return;
        }
        if token.len() > MAX_EMBEDDED_TOKEN {
            let why = format!(
                "{} KB token: only the length check runs, the host tests cover it",
                token.len() / 1024
            );
            let entry = format!("({}, {})", self.sblob(&name), self.sblob(&why));
            self.skipped.push(entry);
            return;
        }
        let case = self.case_expr(&name, &v, token);
        self.cases.push(case);
    }

    /// A `Case { .. }` expression for one JWT/JWS vector (its blobs added to the statics).
    fn case_expr(&mut self, name: &str, v: &J, token: &str) -> String {
        let kind = v["kind"].as_str();
        let policy = &v["policy"];
        let expected = &v["expected"];
        let expect = if expected["valid"].as_bool() == Some(true) {
            let mut parts = token.split('.');
            let header = b64url(parts.next().unwrap()).unwrap();
            let payload = b64url(parts.next().unwrap()).unwrap();
            // The decoded bytes must be what the corpus says they are (checked here on the
            // host with serde_json; the firmware compares the core's output byte for byte).
            let hj: J = serde_json::from_slice(&header).unwrap();
            assert_eq!(hj, expected["header"], "{name}: header");
            if kind == Some("jws") {
                let text = expected["payload_text"].as_str().unwrap();
                assert_eq!(payload, text.as_bytes(), "{name}: payload");
                format!(
                    "Expect::Jws {{ header: {}, payload: {} }}",
                    self.blob(&header),
                    self.blob(&payload)
                )
            } else {
                let cj: J = serde_json::from_slice(&payload).unwrap();
                let claims = &expected["claims"];
                assert_eq!(&cj, claims, "{name}: claims");
                format!(
                    "Expect::Valid {{ header: {}, claims: {}, iss: {}, sub: {}, exp: {:?} }}",
                    self.blob(&header),
                    self.blob(&payload),
                    self.opt_str(claims["iss"].as_str()),
                    self.opt_str(claims["sub"].as_str()),
                    claims["exp"].as_i64(),
                )
            }
        } else {
            let cat = expected["error"].as_str().unwrap();
            // A corpus category, or (outside them, e.g. `issued_in_future`) the core's kind.
            let known = [
                "malformed",
                "too_large",
                "unsupported_algorithm",
                "unsupported_header",
                "unknown_key",
                "bad_signature",
                "expired",
                "not_yet_valid",
                "issuer_mismatch",
                "audience_mismatch",
                "missing_claim",
                "invalid_claim",
            ];
            if known.contains(&cat) {
                format!("Expect::Invalid(Category::{})", camel(cat))
            } else {
                format!(
                    "Expect::Invalid(Category::Other(oxidc::Error::{}))",
                    camel(cat)
                )
            }
        };
        self.max_token = self.max_token.max(token.len());
        let token_blob = self.blob(token.as_bytes());
        let jwks_blob = self.blob(serde_json::to_string(&v["jwks"]).unwrap().as_bytes());
        let name_blob = self.sblob(name);
        let issuer = self.opt_str(policy["issuer"].as_str());
        let audience = self.opt_str(policy["audience"].as_str());
        format!(
            "Case {{ name: {name_blob}, token: {token_blob}, jwks: {jwks_blob}, now: {}, \
             issuer: {issuer}, audience: {audience}, leeway: {}, expect: {expect} }}",
            v["now"].as_i64().unwrap(),
            // The host conformance test's default when a vector names none.
            policy["leeway"].as_u64().unwrap_or(15),
        )
    }

    /// One attack vector (tests/vectors/attacks), embedded whatever its algorithm: the
    /// capability its expected outcome depends on, if the device providers lack it, is noted
    /// so the firmware can report the vector as provider-limited instead of hiding it.
    fn attack(&mut self, path: &Path) {
        let v: J = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let file = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(v.get("kind").is_none(), "{file}: attack vectors are JWTs");
        let token = v["token"].as_str().unwrap();
        let needs = match header_alg(token).as_deref() {
            Some(a) if a.starts_with("RS") || a.starts_with("PS") => {
                Some("RSA: the device providers have none")
            }
            Some("HS384" | "HS512") => {
                Some("SHA-384/SHA-512: the firmware builds the core without `sha512`")
            }
            _ => None,
        };
        let case = self.case_expr(&format!("attacks/{file}"), &v, token);
        let needs = self.opt_str(needs);
        self.cases
            .push(format!("Attack {{ case: {case}, needs: {needs} }}"));
    }

    fn finish_attacks(self) -> String {
        let mut s =
            String::from("// @generated by build.rs from tests/vectors/attacks; do not edit.\n\n");
        s.push_str(&self.statics);
        writeln!(
            s,
            "\n/// Every file of tests/vectors/attacks.\n#[unsafe(link_section = \".corpus\")]\n\
             pub static ATTACKS: [Attack; {}] = [\n    {}\n];\n\n\
             /// The longest attack token.\npub const MAX_ATTACK_TOKEN_LEN: usize = {};",
            self.cases.len(),
            self.cases.join(",\n    "),
            self.max_token,
        )
        .unwrap();
        s
    }

    /// GRANTS.md §6's example session dump: the grant's key and its authorization code.
    fn grant(&mut self, path: &Path) {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(path).unwrap();
        let v: J = serde_json::from_str(&text).unwrap();
        let db = v["db"].as_object().unwrap();
        let (key, g) = db
            .iter()
            .find(|(k, _)| k.matches(";;").count() == 2)
            .unwrap();
        let obj = g.as_array().unwrap()[1].as_object().unwrap();
        let code = obj["issued_token"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| t.as_object()?.values().next())
            .find(|t| t["token_class"] == "authorization_code")
            .unwrap();
        let dump = self.blob(text.as_bytes());
        let key = self.sblob(key);
        let value = self.sblob(code["value"].as_str().unwrap());
        let issued_at = code["issued_at"].as_i64().unwrap();
        writeln!(
            self.mints,
            "/// GRANTS.md §6's example session dump.\npub static GRANT_DUMP: &[u8] = {dump};\n\
             /// The grant's session key.\npub static GRANT_KEY: &str = {key};\n\
             /// The grant's authorization code.\npub static GRANT_CODE: &str = {value};\n\
             /// When the code was issued.\npub const GRANT_CODE_ISSUED_AT: i64 = {issued_at};"
        )
        .unwrap();
    }

    /// A token-endpoint request (authorization-code grant) from tests/vectors/messages.
    fn message(&mut self, path: &Path) {
        let v: J = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(v["format"], "urlencoded", "{}", path.display());
        assert!(
            v["message"]
                .as_str()
                .unwrap()
                .ends_with("AccessTokenRequest"),
            "{}",
            path.display()
        );
        let name = self.sblob(&format!("messages/{}", v["name"].as_str().unwrap()));
        let body = self.blob(v["body"].as_str().unwrap().as_bytes());
        let e = &v["expected"];
        let expect = if e["ok"].as_bool() == Some(true) {
            let p = &e["params"];
            let code = self.sblob(p["code"].as_str().unwrap());
            let redirect_uri = self.sblob(p["redirect_uri"].as_str().unwrap());
            let verifier = self.opt_str(p["code_verifier"].as_str());
            format!(
                "TokenExpect::Ok {{ code: {code}, redirect_uri: {redirect_uri}, code_verifier: {verifier} }}"
            )
        } else {
            // idpyoidc's exception names as the core names the same facts (as in
            // tests/conformance/tests/messages_vectors.rs).
            let detail = e["detail"].as_str().unwrap();
            let (error, param) = match e["error"].as_str().unwrap() {
                "TooManyValues" => ("duplicate_parameter", detail.to_owned()),
                "MissingRequiredAttribute" => (
                    "missing_parameter",
                    detail.split('\'').nth(1).unwrap().to_owned(),
                ),
                other => panic!("{}: unmapped idpyoidc error {other}", path.display()),
            };
            let error = self.sblob(error);
            let param = self.sblob(&param);
            format!("TokenExpect::Rejected {{ error: {error}, param: {param} }}")
        };
        self.messages.push(format!(
            "TokenCase {{ name: {name}, body: {body}, expect: {expect} }}"
        ));
    }

    /// An idpyoidc access token to re-mint with the vector's own signing key.
    fn mint(&mut self, ident: &str, path: &Path, deterministic: bool) {
        let v: J = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let c = &v["expected"]["claims"];
        let mut strs = |k: &str| -> String {
            let items: Vec<String> = c[k]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| self.sblob(s.as_str().unwrap()))
                .collect();
            format!("&[{}]", items.join(", "))
        };
        let (scope, auds) = (strs("scope"), strs("aud"));
        let mut s = |k: &str| self.sblob(c[k].as_str().unwrap());
        let (jti, client_id, sub, sid) = (s("jti"), s("client_id"), s("sub"), s("sid"));
        let (token_class, iss_claim) = (s("token_class"), s("iss"));
        let token = v["token"].as_str().unwrap();
        let signing_input = &token[..token.rfind('.').unwrap()];
        let payload = b64url(token.split('.').nth(1).unwrap()).unwrap();
        let jwk = self.blob(serde_json::to_string(&v["signing_jwk"]).unwrap().as_bytes());
        let jwks = self.blob(serde_json::to_string(&v["jwks"]).unwrap().as_bytes());
        let si = self.blob(signing_input.as_bytes());
        let tok = self.blob(token.as_bytes());
        let claims = self.blob(&payload);
        let p = &v["policy"];
        let name = self.sblob(v["name"].as_str().unwrap());
        let iss = self.sblob(p["issuer"].as_str().unwrap());
        let aud = self.sblob(p["audience"].as_str().unwrap());
        writeln!(
            self.mints,
            "/// Re-mint of `{file}`.\n#[unsafe(link_section = \".corpus\")]\npub static {ident}: MintCase = MintCase {{\n    name: {name},\n    \
             signing_jwk: {jwk},\n    jwks: {jwks},\n    signing_input: {si},\n    token: {tok},\n    \
             claims_json: {claims},\n    deterministic: {deterministic},\n    now: {now},\n    \
             issuer: {iss},\n    audience: {aud},\n    claims: AccessTokenClaims {{\n        \
             scope: {scope},\n        scope_as_string: false,\n        aud: {auds},\n        \
             jti: {jti},\n        client_id: {client_id},\n        sub: {sub},\n        acr: None,\n        \
             extra: &[],\n        sid: {sid},\n        token_class: {token_class},\n        \
             iss: {iss_claim},\n        iat: {iat},\n        exp: {exp},\n    }},\n}};",
            file = path.file_name().unwrap().to_string_lossy(),
            now = v["now"].as_i64().unwrap(),
            iat = c["iat"].as_i64().unwrap(),
            exp = c["exp"].as_i64().unwrap(),
        )
        .unwrap();
    }

    fn finish(self) -> String {
        let mut s = String::from("// @generated by build.rs from tests/vectors; do not edit.\n\n");
        writeln!(
            s,
            "/// The longest embedded token (sizes the firmware's decode buffers).\n\
             pub const MAX_TOKEN_LEN: usize = {};\n",
            self.max_token
        )
        .unwrap();
        s.push_str(&self.statics);
        writeln!(
            s,
            "\n/// The embedded HS256/ES256 JWT and JWS vectors.\n#[unsafe(link_section = \".corpus\")]\n\
             pub static CASES: [Case; {}] = [\n    {}\n];",
            self.cases.len(),
            self.cases.join(",\n    ")
        )
        .unwrap();
        writeln!(
            s,
            "\n/// Corpus files not embedded, with the reason.\n#[unsafe(link_section = \".corpus\")]\npub static SKIPPED: [(&str, &str); {}] = [\n    {}\n];\n",
            self.skipped.len(),
            self.skipped.join(",\n    ")
        )
        .unwrap();
        s.push_str(&self.mints);
        writeln!(
            s,
            "\n/// Token-endpoint requests from tests/vectors/messages.\n#[unsafe(link_section = \".corpus\")]\n\
             pub static TOKEN_REQUESTS: [TokenCase; {}] = [\n    {}\n];",
            self.messages.len(),
            self.messages.join(",\n    ")
        )
        .unwrap();
        s
    }
}
