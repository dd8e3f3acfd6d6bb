//! The measuring instruments: the board timer under QEMU `-icount` (instructions), stack
//! painting (peak stack), and the semihosting exit.
//!
//! Instructions: QEMU's `-icount shift=3,align=off,sleep=off` advances virtual time by 8 ns per
//! guest instruction, deterministically. The MPS2 CMSDK APB timer 0 runs from the 25 MHz
//! system clock (40 ns per tick), so one tick is exactly 5 instructions; an operation's count
//! is its tick count (minus the empty-measurement overhead) times 5, to ±5 instructions.
//! [`calibrate`] checks this against a loop of known length and fails the run otherwise (e.g.
//! QEMU started without `-icount`). QEMU emulates no DWT cycle counter, hence the timer.
//!
//! Stack: the unused stack below the current stack pointer is filled with a pattern before an
//! operation; afterwards the lowest overwritten word gives the high-water mark. Depths are
//! absolute (from the top of the stack, so they include `main`'s own frame and buffers).

use core::ptr;
use core::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

/// CMSDK APB timer 0 on the MPS2 AN385/AN386 boards.
const TIMER0: usize = 0x4000_0000;
const CTRL: usize = 0x00;
const VALUE: usize = 0x04;
const RELOAD: usize = 0x08;

/// Instructions per timer tick: 40 ns per tick (25 MHz) / 8 ns per instruction (shift=3).
pub const INSNS_PER_TICK: u32 = 5;

/// The stack fill pattern.
const PATTERN: u32 = 0xC0DE_5AFE;
/// How far below the top the stack is painted; a deeper stack is reported as an overflow of
/// the measurement window (and fails the run).
pub const PAINT_LEN: usize = 48 * 1024;

unsafe extern "C" {
    /// Top of the stack (cortex-m-rt: the end of RAM).
    static _stack_start: u32;
    /// Lowest address the stack may use (cortex-m-rt: the end of `.bss`/`.uninit`).
    static _stack_end: u32;
}

static OVERHEAD_TICKS: AtomicU32 = AtomicU32::new(0);
static PEAK_STACK: AtomicUsize = AtomicUsize::new(0);

fn reg(offset: usize) -> *mut u32 {
    ptr::with_exposed_provenance_mut(TIMER0 + offset)
}

/// Starts timer 0 free-running from `u32::MAX` (it counts down and is never reloaded within a
/// run: 2^32 ticks are over 20 billion instructions).
pub fn timer_start() {
    // SAFETY: TIMER0 is the CMSDK APB timer's MMIO block on this board; these are its
    // documented CTRL/RELOAD/VALUE registers, written with volatile 32-bit accesses.
    unsafe {
        ptr::write_volatile(reg(CTRL), 0);
        ptr::write_volatile(reg(RELOAD), u32::MAX);
        ptr::write_volatile(reg(VALUE), u32::MAX);
        ptr::write_volatile(reg(CTRL), 1);
    }
}

#[inline(always)]
fn ticks() -> u32 {
    // SAFETY: a volatile read of timer 0's VALUE register (see `timer_start`).
    unsafe { ptr::read_volatile(reg(VALUE)) }
}

fn stack_top() -> usize {
    ptr::addr_of!(_stack_start).addr()
}

fn paint_floor() -> usize {
    let end = ptr::addr_of!(_stack_end).addr();
    stack_top().saturating_sub(PAINT_LEN).max(end + 4) & !3
}

fn word(addr: usize) -> *mut u32 {
    ptr::with_exposed_provenance_mut(addr)
}

/// Fills the stack below the current stack pointer (down to the paint floor) with the pattern.
#[inline(never)]
fn paint() {
    let sp = usize::try_from(cortex_m::register::msp::read()).unwrap_or(0);
    // Stay a little below our own frame.
    let hi = sp.saturating_sub(32) & !3;
    let mut a = paint_floor();
    while a < hi {
        // SAFETY: [paint_floor, sp) is unused stack inside RAM, 4-byte aligned; nothing lives
        // below the stack pointer (no interrupts are enabled in this firmware).
        unsafe { ptr::write_volatile(word(a), PATTERN) };
        a += 4;
    }
}

/// The deepest stack use since the last [`paint`], in bytes from the top; `None` when the
/// whole painted window was overwritten (the stack went deeper than [`PAINT_LEN`]).
#[inline(never)]
fn high_water() -> Option<usize> {
    let top = stack_top();
    let floor = paint_floor();
    let mut a = floor;
    while a < top {
        // SAFETY: an aligned read inside the stack region [paint_floor, top).
        let w = unsafe { ptr::read_volatile(word(a)) };
        if w != PATTERN {
            return if a == floor { None } else { Some(top - a) };
        }
        a += 4;
    }
    Some(0)
}

/// What one operation cost.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    /// Instructions executed (±[`INSNS_PER_TICK`]; saturates at `u32::MAX`).
    pub insns: u32,
    /// Peak stack depth during the operation, from the top of the stack (`None`: deeper than
    /// [`PAINT_LEN`]).
    pub stack: Option<usize>,
    /// The part of `stack` below the caller's frame: what the operation itself used.
    pub own: Option<usize>,
}

fn note_stack(s: Option<usize>) {
    PEAK_STACK.fetch_max(s.unwrap_or(usize::MAX), Ordering::Relaxed);
}

/// Runs `f`, measuring its instructions and peak stack. The code run between measurements
/// (printing, bookkeeping) is measured for stack too, so [`peak_stack`] covers the whole run.
#[inline(always)]
pub fn measure<R>(f: impl FnOnce() -> R) -> (R, Sample) {
    // The caller's stack pointer: everything below it is the operation's own use (`f` may be
    // inlined into `measure_below`'s frame, which is part of it).
    let caller_sp = usize::try_from(cortex_m::register::msp::read()).unwrap_or(0);
    measure_below(caller_sp, f)
}

#[inline(never)]
fn measure_below<R>(caller_sp: usize, f: impl FnOnce() -> R) -> (R, Sample) {
    note_stack(high_water()); // everything since the previous measurement
    let base = stack_top().saturating_sub(caller_sp);
    paint();
    let t0 = ticks();
    let r = f();
    let t1 = ticks();
    let stack = high_water();
    note_stack(stack);
    paint();
    let elapsed = t0
        .wrapping_sub(t1)
        .saturating_sub(OVERHEAD_TICKS.load(Ordering::Relaxed));
    let insns = elapsed.saturating_mul(INSNS_PER_TICK);
    let own = stack.map(|s| s.saturating_sub(base));
    (r, Sample { insns, stack, own })
}

/// Exactly `2 * n` instructions (`subs` + `bne`, `n` times), `n >= 1`.
#[inline(always)]
fn spin(n: u32) {
    // SAFETY: a register-only countdown loop; no memory, no stack, flags clobbered (the
    // default for asm!).
    unsafe {
        core::arch::asm!("1:", "subs {0}, {0}, #1", "bne 1b", inout(reg) n => _, options(nomem, nostack));
    }
}

/// Calibration result.
#[derive(Clone, Copy, Debug)]
pub struct Calibration {
    /// Ticks an empty measurement takes (subtracted from every sample).
    pub overhead_ticks: u32,
    /// Instructions measured for a loop of exactly `expected` instructions.
    pub measured: u32,
    /// The loop's instruction count.
    pub expected: u32,
}

impl Calibration {
    /// Whether the measurement matches the known count to within a tick (plus the loop's
    /// two set-up instructions).
    pub fn ok(&self) -> bool {
        self.measured.abs_diff(self.expected) <= 2 * INSNS_PER_TICK + 4
    }
}

/// Starts the timer, paints the stack, and checks the instruction clock against a loop of
/// known length (see the module docs).
pub fn calibrate() -> Calibration {
    timer_start();
    paint();
    // Median-free: the clock is deterministic, one empty run is the overhead.
    let (_, empty) = measure(|| ());
    OVERHEAD_TICKS.store(empty.insns / INSNS_PER_TICK, Ordering::Relaxed);
    const N: u32 = 100_000;
    let (_, s) = measure(|| spin(N));
    Calibration {
        overhead_ticks: OVERHEAD_TICKS.load(Ordering::Relaxed),
        measured: s.insns,
        expected: 2 * N,
    }
}

/// The deepest stack use of the whole run so far (`None`: beyond the painted window).
pub fn peak_stack() -> Option<usize> {
    note_stack(high_water());
    match PEAK_STACK.load(Ordering::Relaxed) {
        usize::MAX => None,
        n => Some(n),
    }
}

/// Ends the QEMU run: exit code 0 when `ok`, non-zero otherwise (semihosting `SYS_EXIT`).
pub fn exit(ok: bool) -> ! {
    cortex_m_semihosting::debug::exit(if ok {
        cortex_m_semihosting::debug::EXIT_SUCCESS
    } else {
        cortex_m_semihosting::debug::EXIT_FAILURE
    });
    // Not reached under QEMU; on a debugger-less board, stop here.
    loop {
        cortex_m::asm::bkpt();
    }
}
