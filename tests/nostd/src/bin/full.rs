//! The full firmware: the corpus's HS256/ES256 vectors, HS256 and ES256 minting, token-endpoint
//! messages, PKCE and a grant redemption, each measured; no allocator.
#![no_std]
#![no_main]

use cortex_m_rt::{ExceptionFrame, entry, exception};
use cortex_m_semihosting::hprintln;
use oxidc_nostd::report::{Stack, Tally};
use oxidc_nostd::{board, corpus, grant, jwt, oauth};

#[entry]
fn main() -> ! {
    let Some(ws) = jwt::Workspace::take() else {
        board::exit(false)
    };
    let cal = board::calibrate();
    hprintln!("oxidc bare-metal proof: full firmware (Cortex-M4F, no allocator)");
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
    if oxidc_nostd::canary_alloc() != 0 {
        hprintln!("canary-alloc: allocated");
    }
    jwt::print_skipped();
    // The device provider (HS256 RustCrypto, ES256 Cortex-M4 assembly); the pure-Rust one is
    // exercised by the `providers` firmware.
    jwt::run_vectors(ws, &mut t);
    jwt::run_mint(&corpus::MINT_HS256, "hs256", ws, &mut t);
    jwt::run_mint(&corpus::MINT_ES256, "es256", ws, &mut t);
    oauth::run_token_requests(ws, &mut t);
    oauth::run_pkce(&mut t);
    grant::run_grant(&mut t);
    finish(&t)
}

fn finish(t: &Tally) -> ! {
    let peak = board::peak_stack();
    hprintln!("METRIC peak_stack_bytes={}", Stack(peak));
    hprintln!("METRIC heap_bytes=0");
    hprintln!("nostd-full: {} passed, {} failed", t.passed, t.failed);
    board::exit(t.failed == 0 && peak.is_some())
}

#[exception]
unsafe fn HardFault(ef: &ExceptionFrame) -> ! {
    hprintln!("HARDFAULT pc={:#010x}", ef.pc());
    board::exit(false)
}
