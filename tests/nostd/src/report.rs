//! Pass/fail bookkeeping and the machine-readable `METRIC name=value` lines.

use crate::board::{self, Sample};
use cortex_m_semihosting::hprintln;

/// Counts checks; every check prints one `ok` or `FAIL` line.
#[derive(Debug, Default)]
pub struct Tally {
    /// Checks that passed.
    pub passed: u32,
    /// Checks that failed.
    pub failed: u32,
}

impl Tally {
    /// Records a passed check.
    pub fn pass(&mut self, name: impl core::fmt::Display, s: &Sample) {
        self.passed += 1;
        hprintln!(
            "ok   {} insns={} stack={} own={}",
            name,
            s.insns,
            Stack(s.stack),
            Stack(s.own)
        );
    }

    /// Records a failed check with its reason.
    pub fn fail(&mut self, name: impl core::fmt::Display, why: core::fmt::Arguments<'_>) {
        self.failed += 1;
        hprintln!("FAIL {}: {}", name, why);
    }

    /// Records `ok` as a pass or a fail.
    pub fn check(
        &mut self,
        ok: bool,
        name: impl core::fmt::Display,
        s: &Sample,
        why: core::fmt::Arguments<'_>,
    ) {
        if ok {
            self.pass(name, s);
        } else {
            self.fail(name, why);
        }
    }
}

/// A stack depth for printing (`overflow` when beyond the painted window).
#[derive(Clone, Copy, Debug)]
pub struct Stack(pub Option<usize>);

impl core::fmt::Display for Stack {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            Some(n) => write!(f, "{n}"),
            None => f.write_str("overflow"),
        }
    }
}

/// A check name with a prefix (the provider pass's label).
#[derive(Clone, Copy, Debug)]
pub struct Named<'a>(pub &'a str, pub &'a str);

impl core::fmt::Display for Named<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.0)?;
        f.write_str(self.1)
    }
}

/// Prints `METRIC <name>_insns<suffix>=…`, `…_stack<suffix>=…` and `…_own_stack<suffix>=…`
/// for one operation.
pub fn metric(name: &str, suffix: &str, s: &Sample) {
    hprintln!("METRIC {}_insns{}={}", name, suffix, s.insns);
    hprintln!("METRIC {}_stack{}={}", name, suffix, Stack(s.stack));
    hprintln!("METRIC {}_own_stack{}={}", name, suffix, Stack(s.own));
}

/// Opens a firmware run: checks the instruction clock against a loop of known length (see
/// [`board::calibrate`]; the run fails when QEMU was started without the deterministic
/// `-icount`) and prints the banner and the calibration.
pub fn start(firmware: &str) {
    let cal = board::calibrate();
    hprintln!(
        "oxidc bare-metal proof: {} firmware (Cortex-M4F, no allocator)",
        firmware
    );
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
}

/// Closes a firmware run: prints the peak stack, the heap (always 0: there is no allocator)
/// and `nostd-<firmware>: N passed, M failed`, then exits QEMU — successfully only when every
/// check passed and the stack stayed inside the painted window.
pub fn finish(firmware: &str, t: &Tally) -> ! {
    let peak = board::peak_stack();
    hprintln!("METRIC peak_stack_bytes={}", Stack(peak));
    hprintln!("METRIC heap_bytes=0");
    hprintln!(
        "nostd-{}: {} passed, {} failed",
        firmware,
        t.passed,
        t.failed
    );
    board::exit(t.failed == 0 && peak.is_some())
}
