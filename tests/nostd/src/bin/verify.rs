//! The verify-only firmware: HS256 and ES256 verification of the corpus vectors, nothing else
//! (no minting, no messages): the smallest footprint of the core; no allocator.
#![no_std]
#![no_main]

use cortex_m_rt::{ExceptionFrame, entry, exception};
use cortex_m_semihosting::hprintln;
use oxidc_nostd::report::{self, Tally};
use oxidc_nostd::{board, jwt};

#[entry]
fn main() -> ! {
    let Some(ws) = jwt::Workspace::take() else {
        board::exit(false)
    };
    report::start("verify");
    let mut t = Tally::default();
    jwt::print_skipped();
    jwt::run_vectors(ws, &mut t);
    report::finish("verify", &t)
}

#[exception]
unsafe fn HardFault(ef: &ExceptionFrame) -> ! {
    hprintln!("HARDFAULT pc={:#010x}", ef.pc());
    board::exit(false)
}
