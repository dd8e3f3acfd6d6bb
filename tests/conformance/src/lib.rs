//! Test-only crate: everything lives in `tests/`. Keeping these tests (and their
//! dev-dependencies) out of the core crate keeps `cargo tree -p oxidc -e features` free of
//! `alloc` and `std`.
//!
//! The one shared piece is the counting allocator of the zero-allocation proofs: a test binary
//! installs it with `#[global_allocator] static GLOBAL: Counting = Counting;` and measures with
//! [`allocations`] or [`no_alloc`].
// A #[global_allocator] needs `unsafe impl GlobalAlloc`; every method forwards to `System`.
#![allow(unsafe_code, reason = "the counting allocator forwards to System")]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Counts the allocations (alloc, alloc_zeroed, realloc) made on the current thread while
/// counting is switched on by [`allocations`]; forwards everything to the system allocator.
pub struct Counting;

thread_local! {
    static ENABLED: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

fn note() {
    // `try_with`: the allocator may run while this thread's locals are being torn down.
    let _ = ENABLED.try_with(|e| {
        if e.get() {
            let _ = COUNT.try_with(|c| c.set(c.get() + 1));
        }
    });
}

// SAFETY: every method forwards the caller's contract unchanged to the system allocator;
// counting touches only thread-locals.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note();
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note();
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note();
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Runs `f` and returns its result with the number of allocations it made on this thread
/// (0 unless the test binary installed [`Counting`] as its global allocator).
pub fn allocations<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = COUNT.with(Cell::get);
    let was = ENABLED.with(|e| e.replace(true));
    let r = f();
    ENABLED.with(|e| e.set(was));
    (r, COUNT.with(Cell::get) - before)
}

/// Runs `f` and fails the test, naming `what`, if it allocated.
#[track_caller]
pub fn no_alloc<R>(what: &str, f: impl FnOnce() -> R) -> R {
    let (r, n) = allocations(f);
    assert_eq!(n, 0, "{what} allocated {n} times");
    r
}
