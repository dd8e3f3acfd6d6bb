//! The attacks firmware: the JWT attack catalogue (tests/vectors/attacks, RFC 8725 and known
//! CVEs) on both device providers, each vector's expected typed error checked; no allocator.
//! A separate binary so the catalogue (~150 KB of vectors) and its 32 KiB of buffers stay out
//! of the budgeted `full` and `verify` firmwares.
#![no_std]
#![no_main]

use cortex_m_rt::{ExceptionFrame, entry, exception};
use cortex_m_semihosting::hprintln;
use oxidc_nostd::report::{Stack, Tally};
use oxidc_nostd::{attacks, board};

#[entry]
fn main() -> ! {
    let Some(ws) = attacks::Workspace::take() else {
        board::exit(false)
    };
    let cal = board::calibrate();
    hprintln!("oxidc bare-metal proof: attacks firmware (Cortex-M4F, no allocator)");
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
    attacks::print_skipped();
    attacks::run(ws, &mut t);
    let peak = board::peak_stack();
    hprintln!("METRIC peak_stack_bytes={}", Stack(peak));
    hprintln!("METRIC heap_bytes=0");
    hprintln!("nostd-attacks: {} passed, {} failed", t.passed, t.failed);
    board::exit(t.failed == 0 && peak.is_some())
}

#[exception]
unsafe fn HardFault(ef: &ExceptionFrame) -> ! {
    hprintln!("HARDFAULT pc={:#010x}", ef.pc());
    board::exit(false)
}
