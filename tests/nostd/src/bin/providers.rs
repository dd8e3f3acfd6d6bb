//! The providers firmware: the corpus's HS256/ES256 vectors and both mints on the pure-Rust
//! provider (RustCrypto's p256), and the ES256 mint on both providers compared byte for byte
//! (both sign with RFC 6979 nonces); metrics `*_rustcrypto`; no allocator.
#![no_std]
#![no_main]

use cortex_m_rt::{ExceptionFrame, entry, exception};
use cortex_m_semihosting::hprintln;
use oxidc_nostd::report::{Stack, Tally};
use oxidc_nostd::{board, corpus, jwt};

#[entry]
fn main() -> ! {
    let Some(ws) = jwt::Workspace::take() else {
        board::exit(false)
    };
    let cal = board::calibrate();
    hprintln!("oxidc bare-metal proof: providers firmware (Cortex-M4F, no allocator)");
    let mut t = Tally::default();
    if !cal.ok() {
        hprintln!(
            "FAIL icount calibration: {} instructions measured for a {}-instruction loop; \
             run QEMU with -icount shift=3,align=off,sleep=off",
            cal.measured,
            cal.expected
        );
        board::exit(false);
    }
    hprintln!(
        "calibration: {}-instruction loop measured as {}",
        cal.expected,
        cal.measured
    );
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
    finish(&t)
}

fn finish(t: &Tally) -> ! {
    let peak = board::peak_stack();
    hprintln!("METRIC peak_stack_bytes={}", Stack(peak));
    hprintln!("METRIC heap_bytes=0");
    hprintln!("nostd-providers: {} passed, {} failed", t.passed, t.failed);
    board::exit(t.failed == 0 && peak.is_some())
}

#[exception]
unsafe fn HardFault(ef: &ExceptionFrame) -> ! {
    hprintln!("HARDFAULT pc={:#010x}", ef.pc());
    board::exit(false)
}
