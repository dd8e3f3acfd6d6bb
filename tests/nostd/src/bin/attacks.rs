//! The attacks firmware: the JWT attack catalogue (tests/vectors/attacks, RFC 8725 and known
//! CVEs) on both device providers, each vector's expected typed error checked; no allocator.
//! A separate binary so the catalogue (~150 KB of vectors) and its 32 KiB of buffers stay out
//! of the budgeted `full` and `verify` firmwares.
#![no_std]
#![no_main]

use cortex_m_rt::{ExceptionFrame, entry, exception};
use cortex_m_semihosting::hprintln;
use oxidc_nostd::report::{self, Tally};
use oxidc_nostd::{attacks, board};

#[entry]
fn main() -> ! {
    let Some(ws) = attacks::Workspace::take() else {
        board::exit(false)
    };
    report::start("attacks");
    let mut t = Tally::default();
    attacks::print_skipped();
    attacks::run(ws, &mut t);
    report::finish("attacks", &t)
}

#[exception]
unsafe fn HardFault(ef: &ExceptionFrame) -> ! {
    hprintln!("HARDFAULT pc={:#010x}", ef.pc());
    board::exit(false)
}
