//! The verify-only firmware: HS256 and ES256 verification of the corpus vectors, nothing else
//! (no minting, no messages): the smallest footprint of the core; no allocator.
#![no_std]
#![no_main]

use cortex_m_rt::{ExceptionFrame, entry, exception};
use cortex_m_semihosting::hprintln;
use oxidc_nostd::report::{Stack, Tally};
use oxidc_nostd::{board, jwt};

#[entry]
fn main() -> ! {
    let Some(ws) = jwt::Workspace::take() else {
        board::exit(false)
    };
    let cal = board::calibrate();
    hprintln!("oxidc bare-metal proof: verify-only firmware (Cortex-M4F, no allocator)");
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
    jwt::run_vectors(ws, &mut t);
    finish(&t)
}

fn finish(t: &Tally) -> ! {
    let peak = board::peak_stack();
    hprintln!("METRIC peak_stack_bytes={}", Stack(peak));
    hprintln!("METRIC heap_bytes=0");
    hprintln!("nostd-verify: {} passed, {} failed", t.passed, t.failed);
    board::exit(t.failed == 0 && peak.is_some())
}

#[exception]
unsafe fn HardFault(ef: &ExceptionFrame) -> ! {
    hprintln!("HARDFAULT pc={:#010x}", ef.pc());
    board::exit(false)
}
