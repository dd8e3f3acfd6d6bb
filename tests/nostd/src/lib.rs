//! Bare-metal proof for the oxidc core: the library half of the firmware run under QEMU's
//! `mps2-an386` (Cortex-M4F). There is no `#[global_allocator]` anywhere in this crate or its
//! dependencies, so any allocation would fail to link; the `canary-alloc` feature shows it.
//!
//! Two binaries share it: `full` (the corpus's HS256/ES256 vectors, minting, messages) and
//! `verify` (HS256 + ES256 verification only, the smallest footprint); `attacks` runs the JWT
//! attack catalogue (tests/vectors/attacks).
#![no_std]
#![deny(missing_docs)]

pub mod attacks;
pub mod board;
pub mod corpus;
pub mod grant;
pub mod jwt;
pub mod oauth;
pub mod provider;
pub mod report;

#[cfg(feature = "canary-alloc")]
extern crate alloc;

/// Negative control: one heap allocation. With no global allocator in the link this must fail
/// to build ("no global memory allocator found").
#[cfg(feature = "canary-alloc")]
pub fn canary_alloc() -> usize {
    let v = alloc::vec![1u8; 3];
    core::hint::black_box(v).len()
}

/// Negative control hook: a no-op unless the `canary-alloc` feature is on.
#[cfg(not(feature = "canary-alloc"))]
pub fn canary_alloc() -> usize {
    0
}

/// Prints where a panic happened (not its message: formatting arbitrary payloads would link
/// every `Debug` impl a dependency panics with) and fails the run.
#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    match info.location() {
        Some(l) => cortex_m_semihosting::hprintln!("PANIC at {}:{}", l.file(), l.line()),
        None => cortex_m_semihosting::hprintln!("PANIC"),
    }
    board::exit(false)
}
