//! temporary profiling
use crate::board::measure;
use cortex_m_semihosting::hprintln;
use oxidc::crypto::{Provider, RustCrypto, HashAlg};

#[allow(missing_docs, clippy::indexing_slicing)]
pub fn hs256() {
    let c = &crate::corpus::CASES[0];
    let token = core::str::from_utf8(c.token).unwrap_or("");
    let d1 = token.find('.').unwrap_or(0);
    let d2 = token.rfind('.').unwrap_or(0);
    let mut buf = [0u8; 2048];
    let (_, s) = measure(|| oxidc::UntrustedToken::parse(core::hint::black_box(token)).is_ok());
    hprintln!("parse {}", s.insns);
    let (_, s) = measure(|| oxidc::b64::decode(core::hint::black_box(&token.as_bytes()[..d1]), &mut buf).map(|b| b.len()));
    hprintln!("b64 header {}", s.insns);
    let (n, s) = measure(|| oxidc::b64::decode(core::hint::black_box(&token.as_bytes()[d1+1..d2]), &mut buf).map(|b| b.len()));
    hprintln!("b64 payload {} ({} bytes)", s.insns, n.unwrap_or(0));
    let n = n.unwrap_or(0);
    let (_, s) = measure(|| oxidc::Claims::parse(core::hint::black_box(&buf[..n])).is_ok());
    hprintln!("claims parse {}", s.insns);
    let key = [7u8; 32];
    let mut tag = [0u8; 64];
    let (_, s) = measure(|| RustCrypto::hmac_sign(HashAlg::Sha256, &key, core::hint::black_box(&token.as_bytes()[..d2]), &mut tag));
    hprintln!("hmac {} bytes: {}", d2, s.insns);
    let (_, s) = measure(|| RustCrypto::hmac_sign(HashAlg::Sha256, &key, core::hint::black_box(&token.as_bytes()[..64]), &mut tag));
    hprintln!("hmac 64 bytes: {}", s.insns);
    let (_, s) = measure(|| RustCrypto::hmac_sign(HashAlg::Sha256, &key, core::hint::black_box(&token.as_bytes()[..128]), &mut tag));
    hprintln!("hmac 128 bytes: {}", s.insns);
    let mut d = [0u8; 64];
    let (_, s) = measure(|| oxidc::crypto::digest(HashAlg::Sha256, core::hint::black_box(&token.as_bytes()[..d2]), &mut d));
    hprintln!("sha256 {} bytes: {}", d2, s.insns);
}

#[allow(missing_docs)]
pub fn sizes() {
    use crate::provider::Hs256Es256 as P;
    hprintln!("size KeySet<2> {}", core::mem::size_of::<oxidc::KeySet<P, 2>>());
    hprintln!("size Jwk {}", core::mem::size_of::<oxidc::Jwk<P>>());
    hprintln!("size SigningKey {}", core::mem::size_of::<oxidc::SigningKey<P>>());
    hprintln!("size EcPublic {}", core::mem::size_of::<<P as Provider>::EcPublic>());
    hprintln!("size Thumbprint {}", core::mem::size_of::<oxidc::jose::Thumbprint>());
    hprintln!("size Kid {}", core::mem::size_of::<oxidc::jose::Kid>());
    hprintln!("size Validator {}", core::mem::size_of::<oxidc::Validator<'static>>());
}
