//! The providers firmware: the corpus's HS256/ES256 vectors and both mints on the pure-Rust
//! provider (RustCrypto's p256), and the ES256 mint on both providers compared byte for byte
//! (both sign with RFC 6979 nonces); metrics `*_rustcrypto`; no allocator.
#![no_std]
#![no_main]

use cortex_m_rt::{ExceptionFrame, entry, exception};
use cortex_m_semihosting::hprintln;
use oxidc_nostd::report::{self, Tally};
use oxidc_nostd::{board, corpus, jwt};

#[entry]
fn main() -> ! {
    let Some(ws) = jwt::Workspace::take() else {
        board::exit(false)
    };
    report::start("providers");
    let mut t = Tally::default();
    jwt::print_skipped();
    let Some(pure) = jwt::pure_rust_keys() else {
        board::exit(false)
    };
    jwt::run_vectors_pure_rust(pure, ws, &mut t);
    jwt::run_mint_pure_rust(&corpus::MINT_HS256, "hs256", pure, ws, &mut t);
    let es256_rc = jwt::run_mint_pure_rust(&corpus::MINT_ES256, "es256", pure, ws, &mut t);
    let es256_m4 = jwt::run_mint(&corpus::MINT_ES256, "es256_m4", ws, &mut t);
    // Both sign with RFC 6979 nonces: the ES256 tokens must be identical.
    let same = es256_m4.is_some() && es256_m4 == es256_rc;
    t.check(
        same,
        "es256 mint: Cortex-M4 and pure-Rust signatures identical (RFC 6979)",
        &board::Sample {
            insns: 0,
            stack: Some(0),
            own: Some(0),
        },
        format_args!("the two providers' ES256 signatures differ"),
    );
    report::finish("providers", &t)
}

#[exception]
unsafe fn HardFault(ef: &ExceptionFrame) -> ! {
    hprintln!("HARDFAULT pc={:#010x}", ef.pc());
    board::exit(false)
}
