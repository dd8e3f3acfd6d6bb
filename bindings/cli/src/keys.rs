//! Keys: generation (the only place randomness meets key material), and loading key files
//! in the shapes people have (a JWK, a JWKS, or `oxidc keygen` output) into core handles.

use crate::exit::{CliError, CliResult};
use crate::jsonout::J;
use oxidc::json::{Object, Value};
use oxidc::{Algorithm, Error, Jwk, KeySet, KidForm, SigningKey};

/// The crypto provider of the CLI: ring (assembly-fast; RSA included).
pub type P = oxidc::crypto::Ring;
/// A key set as large as the core accepts.
pub type Keys = KeySet<P, { oxidc::limits::MAX_JWKS_KEYS }>;

/// Key types `keygen` makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kty {
    /// P-256 (ES256).
    #[value(name = "EC", alias = "ec")]
    Ec,
    /// A symmetric HMAC key (HS256/384/512).
    #[value(name = "oct", alias = "OCT")]
    Oct,
    /// RSA (RS256/PS256 ...).
    #[value(name = "RSA", alias = "rsa")]
    Rsa,
}

/// Which kid derivation `keygen` uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum KidFormArg {
    /// RFC 7638 SHA-256 thumbprint (cryptojwt >= 1.10; 43 characters).
    Rfc7638,
    /// cryptojwt <= 1.9: base64url of the thumbprint text (58 characters).
    Legacy,
}

impl From<KidFormArg> for KidForm {
    fn from(k: KidFormArg) -> KidForm {
        match k {
            KidFormArg::Rfc7638 => KidForm::Rfc7638,
            KidFormArg::Legacy => KidForm::CryptojwtLegacy,
        }
    }
}

/// Fills `buf` from the operating system's random source.
pub fn random(buf: &mut [u8]) -> CliResult {
    getrandom::fill(buf).map_err(|e| {
        CliError::Io(
            "reading the system random source".into(),
            std::io::Error::other(e.to_string()),
        )
    })
}

/// `n` random bytes as lowercase hex (idpyoidc's uuid4-hex style ids).
pub fn random_hex(n: usize) -> CliResult<String> {
    let mut b = vec![0u8; n];
    random(&mut b)?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// base64url of public bytes.
pub fn b64(bytes: &[u8]) -> String {
    let mut out = vec![0u8; oxidc::b64::encoded_len(bytes.len())];
    let n = oxidc::b64::encode(bytes, &mut out).unwrap_or(0);
    out.truncate(n);
    String::from_utf8(out).unwrap_or_default()
}

/// base64url of secret bytes (constant-time encoder).
fn b64_secret(bytes: &[u8]) -> String {
    let mut out = vec![0u8; oxidc::b64::encoded_len(bytes.len()) + 1];
    let n = oxidc::b64::encode_secret(bytes, &mut out).unwrap_or(0);
    out.truncate(n);
    String::from_utf8(out).unwrap_or_default()
}

/// A generated key pair as JWKs.
pub struct Generated {
    /// The private JWK.
    pub private: J,
    /// The public JWKS (for `oct`, the secret key itself: there is no public half).
    pub jwks: J,
    /// The kid.
    pub kid: String,
    /// The algorithm the key is pinned to.
    pub alg: Algorithm,
}

/// Generates a key. `alg` must suit `kty` (default ES256 / HS256 / RS256); `kid` defaults to
/// the key's thumbprint kid in `form`; `bits` is the RSA size or the `oct` key size.
pub fn generate(
    kty: Kty,
    alg: Option<Algorithm>,
    kid: Option<&str>,
    form: KidForm,
    bits: Option<usize>,
) -> CliResult<Generated> {
    let (family, default_alg) = match kty {
        Kty::Ec => (oxidc::AlgSet::EC_P256, Algorithm::ES256),
        Kty::Oct => (oxidc::AlgSet::HMAC, Algorithm::HS256),
        Kty::Rsa => (oxidc::AlgSet::RSA, Algorithm::RS256),
    };
    let alg = alg.unwrap_or(default_alg);
    if !family.contains(alg) {
        return Err(CliError::Usage(format!(
            "--alg {alg} does not suit a key of type {kty:?}"
        )));
    }
    // (public members, private members), both in cryptojwt's order after kty/kid.
    let (public, private): Members = match kty {
        Kty::Ec => ec_members()?,
        Kty::Oct => {
            let bytes = bits.unwrap_or(256) / 8;
            if !(oxidc::limits::MIN_HMAC_KEY_LEN..=oxidc::limits::MAX_HMAC_KEY_LEN).contains(&bytes)
            {
                return Err(CliError::Usage(format!(
                    "--bits for oct keys must be between {} and {}",
                    oxidc::limits::MIN_HMAC_KEY_LEN * 8,
                    oxidc::limits::MAX_HMAC_KEY_LEN * 8
                )));
            }
            let mut k = vec![0u8; bytes];
            random(&mut k)?;
            let members = vec![("k", J::str(&b64_secret(&k)))];
            k.fill(0);
            (members.clone(), members)
        }
        Kty::Rsa => rsa_members(bits.unwrap_or(2048))?,
    };
    // The kid: by default the thumbprint, computed by the core from the public members.
    let kid = match kid {
        Some(k) => k.to_owned(),
        None => {
            let jwk = jwk_json(kty, None, None, &public, &[]);
            let key = Jwk::<P>::from_json(jwk.compact().as_bytes())
                .map_err(CliError::core("computing the thumbprint of the new key"))?;
            let mut buf = [0u8; 128];
            let n = key
                .thumbprint_kid(form, &mut buf)
                .map_err(CliError::core("computing the thumbprint kid"))?;
            String::from_utf8_lossy(buf.get(..n).unwrap_or_default()).into_owned()
        }
    };
    let private_jwk = jwk_json(kty, Some(&kid), Some(alg), &public, &private);
    let public_jwk = if kty == Kty::Oct {
        private_jwk.clone()
    } else {
        jwk_json(kty, Some(&kid), Some(alg), &public, &[])
    };
    // Prove the result loads in the core before handing it out.
    SigningKey::<P>::from_jwk(private_jwk.compact().as_bytes())
        .map_err(CliError::core("loading the new private key"))?;
    Ok(Generated {
        private: private_jwk,
        jwks: J::obj([("keys", J::Arr(vec![public_jwk]))]),
        kid,
        alg,
    })
}

fn jwk_json(
    kty: Kty,
    kid: Option<&str>,
    alg: Option<Algorithm>,
    public: &[(&str, J)],
    private: &[(&str, J)],
) -> J {
    let kty = match kty {
        Kty::Ec => "EC",
        Kty::Oct => "oct",
        Kty::Rsa => "RSA",
    };
    let mut m = vec![("kty", J::str(kty)), ("use", J::str("sig"))];
    if let Some(kid) = kid {
        m.push(("kid", J::str(kid)));
    }
    if let Some(alg) = alg {
        m.push(("alg", J::str(alg.as_str())));
    }
    m.extend(public.iter().cloned());
    for (k, v) in private {
        if !m.iter().any(|(n, _)| n == k) {
            m.push((k, v.clone()));
        }
    }
    J::obj(m)
}

type Members = (Vec<(&'static str, J)>, Vec<(&'static str, J)>);

fn ec_members() -> CliResult<Members> {
    use p256::elliptic_curve::point::AffineCoordinates;
    // Rejection sampling: 32 random bytes are a valid scalar unless zero or >= n
    // (probability about 2^-32 per try).
    let secret = loop {
        let mut d = [0u8; 32];
        random(&mut d)?;
        let s = p256::SecretKey::from_slice(&d);
        d.fill(0);
        if let Ok(s) = s {
            break s;
        }
    };
    let point = *secret.public_key().as_affine();
    let (x, y) = (point.x(), point.y());
    let public = vec![
        ("crv", J::str("P-256")),
        ("x", J::str(&b64(x.as_slice()))),
        ("y", J::str(&b64(y.as_slice()))),
    ];
    let d = secret.to_bytes();
    Ok((public, vec![("d", J::str(&b64_secret(d.as_slice())))]))
}

fn rsa_members(bits: usize) -> CliResult<Members> {
    use rsa::traits::{PrivateKeyParts, PublicKeyParts};
    if !(2048..=4096).contains(&bits) || !bits.is_multiple_of(8) {
        return Err(CliError::Usage(
            "--bits for RSA keys must be a multiple of 8 between 2048 and 4096".into(),
        ));
    }
    let key = rsa::PrivateKey::new(&mut getrandom::SysRng, bits)
        .map_err(|e| CliError::Failed(format!("RSA key generation failed: {e}")))?;
    let big = |v: &rsa::BoxedUint| b64_secret(&v.to_be_bytes_trimmed_vartime());
    let public = vec![
        ("n", J::str(&b64(&key.n_bytes()))),
        ("e", J::str(&b64(&key.e_bytes()))),
    ];
    let mut private = vec![("d", J::str(&big(key.d())))];
    let primes = key.primes();
    if let [p, q] = primes {
        private.push(("p", J::str(&big(p.as_ref()))));
        private.push(("q", J::str(&big(q.as_ref()))));
    }
    if let (Some(dp), Some(dq), Some(qi)) = (key.dp(), key.dq(), key.crt_coefficient()) {
        private.push(("dp", J::str(&big(dp))));
        private.push(("dq", J::str(&big(dq))));
        private.push(("qi", J::str(&big(&qi))));
    }
    Ok((public, private))
}

/// The raw JSON of member `name` when `doc` is an object holding an object there.
fn member_object<'a>(doc: &Object<'a>, name: &str) -> Option<Object<'a>> {
    doc.get(name).and_then(|v| v.as_object())
}

/// Loads a signing key from a private JWK, from `oxidc keygen` output, or from a JWKS (its
/// first key that can sign).
pub fn signing_key(file: &[u8], what: &str) -> CliResult<SigningKey<P>> {
    let doing = format!("loading the signing key from {what}");
    let doc = Object::parse(file).map_err(CliError::core(doing.clone()))?;
    if let Some(private) = member_object(&doc, "private_jwk") {
        return SigningKey::from_jwk(private.raw()).map_err(CliError::core(doing));
    }
    if let Some(keys) = doc.get("keys").and_then(|v| v.as_array()) {
        let mut first_err = Error::NotAPrivateKey;
        let mut it = keys.iter();
        while let Some(v) = it.next_value().map_err(CliError::core(doing.clone()))? {
            if let Value::Object(o) = v {
                match SigningKey::from_jwk(o.raw()) {
                    Ok(k) => return Ok(k),
                    Err(e) if first_err == Error::NotAPrivateKey => first_err = e,
                    Err(_) => {}
                }
            }
        }
        return Err(CliError::Core(first_err, doing));
    }
    SigningKey::from_jwk(doc.raw()).map_err(CliError::core(doing))
}

/// Loads verification keys from a JWKS, from `oxidc keygen` output (its `jwks`), or from a
/// single JWK.
pub fn key_set(file: &[u8], what: &str) -> CliResult<Box<Keys>> {
    let doing = format!("loading the key set from {what}");
    let doc = Object::parse(file).map_err(CliError::core(doing.clone()))?;
    let jwks = member_object(&doc, "jwks").unwrap_or(doc);
    if jwks.get("keys").is_some() {
        return Keys::from_jwks(jwks.raw())
            .map(Box::new)
            .map_err(CliError::core(doing));
    }
    let mut set = Box::new(Keys::new());
    let key = Jwk::<P>::from_json(jwks.raw()).map_err(CliError::core(doing.clone()))?;
    set.push(key).map_err(CliError::core(doing))?;
    Ok(set)
}

/// The thumbprint kids of every key in a file (JWK, JWKS or keygen output), public parts only.
pub fn thumbprints(file: &[u8], what: &str) -> CliResult<Vec<(Option<String>, String, String)>> {
    let set = key_set(file, what)?;
    let mut out = Vec::new();
    for k in set.keys() {
        let mut a = [0u8; 128];
        let mut b = [0u8; 128];
        let na = k
            .thumbprint_kid(KidForm::Rfc7638, &mut a)
            .map_err(CliError::core("computing the thumbprint"))?;
        let nb = k
            .thumbprint_kid(KidForm::CryptojwtLegacy, &mut b)
            .map_err(CliError::core("computing the thumbprint"))?;
        out.push((
            k.kid().map(str::to_owned),
            String::from_utf8_lossy(a.get(..na).unwrap_or_default()).into_owned(),
            String::from_utf8_lossy(b.get(..nb).unwrap_or_default()).into_owned(),
        ));
    }
    Ok(out)
}
