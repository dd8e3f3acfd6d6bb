//! The full firmware: the corpus's HS256/ES256 vectors, HS256 and ES256 minting, token-endpoint
//! messages, PKCE and a grant redemption, each measured; no allocator.
#![no_std]
#![no_main]

use cortex_m_rt::{ExceptionFrame, entry, exception};
use cortex_m_semihosting::hprintln;
use oxidc_nostd::report::{self, Tally};
use oxidc_nostd::{board, corpus, grant, jwt, oauth};

#[entry]
fn main() -> ! {
    let Some(ws) = jwt::Workspace::take() else {
        board::exit(false)
    };
    report::start("full");
    let mut t = Tally::default();
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
    report::finish("full", &t)
}

#[exception]
unsafe fn HardFault(ef: &ExceptionFrame) -> ! {
    hprintln!("HARDFAULT pc={:#010x}", ef.pc());
    board::exit(false)
}
