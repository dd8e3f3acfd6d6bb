//! The one boundary between C and Rust: panic containment, NULL checks, buffer borrowing and
//! output writing. Every `unsafe` block of the crate that dereferences a C pointer is here.

use crate::result::oxidc_result;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Largest input length accepted from C: 1 MiB. No input oxidc accepts comes close (tokens are
/// at most 16 KiB, JWK Sets and messages a few KiB); a larger length is a caller bug (or an
/// uninitialised variable) and is rejected with `OXIDC_INPUT_TOO_LARGE` before any byte of it
/// is touched.
pub(crate) const MAX_INPUT_LEN: usize = 1 << 20;

/// A borrowed UTF-8 string or byte buffer passed by value inside C structs: `ptr` points to
/// `len` bytes (no NUL terminator needed). Where a field is optional, `ptr == NULL` means
/// "absent"; otherwise NULL is `OXIDC_NULL_PARAMETER`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_str {
    /// The first byte (may be NULL only where the field is documented as optional).
    pub ptr: *const u8,
    /// Number of bytes.
    pub len: usize,
}

/// What a non-`oxidc_result` function returns if a panic is caught (documented per function).
pub(crate) trait OnPanic {
    fn on_panic() -> Self;
}

impl OnPanic for oxidc_result {
    fn on_panic() -> Self {
        oxidc_result::OXIDC_PANIC
    }
}

impl OnPanic for bool {
    fn on_panic() -> Self {
        false
    }
}

impl OnPanic for () {
    fn on_panic() -> Self {}
}

impl<T> OnPanic for *const T {
    fn on_panic() -> Self {
        std::ptr::null()
    }
}

/// Runs an exported function's body: `Ok` is `OXIDC_OK`, `Err(code)` is `code`, a panic is
/// `OXIDC_PANIC`. Nothing unwinds into C.
pub(crate) fn run_result(f: impl FnOnce() -> Result<(), oxidc_result>) -> oxidc_result {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => oxidc_result::OXIDC_OK,
        Ok(Err(code)) => code,
        Err(_) => oxidc_result::OXIDC_PANIC,
    }
}

/// Runs an exported function's body that returns a plain value; a panic returns the type's
/// [`OnPanic`] value.
pub(crate) fn run_value<T: OnPanic>(f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| T::on_panic())
}

/// The boundary for functions returning `oxidc_result`: the block evaluates to
/// `Result<(), oxidc_result>` (core errors convert with `?`).
macro_rules! ffi_result {
    ($body:block) => {
        $crate::boundary::run_result(|| -> ::core::result::Result<(), $crate::oxidc_result> {
            $body
        })
    };
}

/// The boundary for functions returning a plain value (`bool`, `void`, a static pointer).
macro_rules! ffi_value {
    ($body:block) => {
        $crate::boundary::run_value(|| $body)
    };
}

pub(crate) type R<T> = Result<T, oxidc_result>;

/// Borrows a required input buffer.
///
/// # Safety
/// `ptr` is NULL or valid for reads of `len` bytes for `'a`.
pub(crate) unsafe fn input<'a>(ptr: *const u8, len: usize) -> R<&'a [u8]> {
    if ptr.is_null() {
        return Err(oxidc_result::OXIDC_NULL_PARAMETER);
    }
    if len > MAX_INPUT_LEN {
        return Err(oxidc_result::OXIDC_INPUT_TOO_LARGE);
    }
    // SAFETY: non-NULL (checked), `len` bounded (so no isize overflow) and, by the caller's
    // contract (README "Pointers and buffers"), valid for `len` bytes while the call runs.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Borrows a required UTF-8 argument (configuration text, names): non-UTF-8 is
/// `OXIDC_INVALID_UTF8_ARGUMENT`.
///
/// # Safety
/// As [`input`].
pub(crate) unsafe fn arg_str<'a>(ptr: *const u8, len: usize) -> R<&'a str> {
    // SAFETY: forwarded contract.
    let b = unsafe { input(ptr, len) }?;
    utf8(b).map_err(|_| oxidc_result::OXIDC_INVALID_UTF8_ARGUMENT)
}

/// `std::str::from_utf8` with a fast path for ASCII (every well-formed token is ASCII):
/// `is_ascii` checks a word at a time, about a quarter of the instructions of the general
/// UTF-8 validator on a 900-byte token. Same results as `from_utf8` for every input.
pub(crate) fn utf8(b: &[u8]) -> Result<&str, std::str::Utf8Error> {
    if b.is_ascii() {
        // SAFETY: ASCII bytes are valid UTF-8.
        Ok(unsafe { std::str::from_utf8_unchecked(b) })
    } else {
        std::str::from_utf8(b)
    }
}

/// Borrows an optional UTF-8 argument: NULL is `None`.
///
/// # Safety
/// As [`input`].
pub(crate) unsafe fn opt_arg_str<'a>(ptr: *const u8, len: usize) -> R<Option<&'a str>> {
    if ptr.is_null() {
        Ok(None)
    } else {
        // SAFETY: forwarded contract.
        unsafe { arg_str(ptr, len) }.map(Some)
    }
}

/// The text of a required `oxidc_str`.
///
/// # Safety
/// `s.ptr` is NULL or valid for reads of `s.len` bytes for `'a`.
pub(crate) unsafe fn str_of<'a>(s: &oxidc_str) -> R<&'a str> {
    // SAFETY: forwarded contract.
    unsafe { arg_str(s.ptr, s.len) }
}

/// The text of an optional `oxidc_str` (NULL `ptr` is `None`).
///
/// # Safety
/// As [`str_of`].
pub(crate) unsafe fn opt_str_of<'a>(s: &oxidc_str) -> R<Option<&'a str>> {
    // SAFETY: forwarded contract.
    unsafe { opt_arg_str(s.ptr, s.len) }
}

/// Borrows an array of `len` `T`s. NULL with `len == 0` is the empty array.
///
/// # Safety
/// `ptr` is NULL or valid for reads of `len` initialised `T`s for `'a`.
pub(crate) unsafe fn array<'a, T>(ptr: *const T, len: usize) -> R<&'a [T]> {
    if ptr.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(oxidc_result::OXIDC_NULL_PARAMETER)
        };
    }
    if len > MAX_INPUT_LEN / std::mem::size_of::<T>().max(1) {
        return Err(oxidc_result::OXIDC_INPUT_TOO_LARGE);
    }
    // SAFETY: non-NULL, bounded, valid per the caller's contract.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// The texts of an array of `oxidc_str` (each required).
///
/// # Safety
/// As [`array`], and each element as [`str_of`].
pub(crate) unsafe fn strs<'a>(ptr: *const oxidc_str, len: usize) -> R<Vec<&'a str>> {
    // SAFETY: forwarded contract.
    let a = unsafe { array(ptr, len) }?;
    a.iter()
        // SAFETY: forwarded contract for each element.
        .map(|s| unsafe { str_of(s) })
        .collect()
}

/// Borrows an object passed by pointer.
///
/// # Safety
/// `ptr` is NULL or points to a live `T` not mutated during `'a`.
pub(crate) unsafe fn obj<'a, T>(ptr: *const T) -> R<&'a T> {
    // SAFETY: the caller's contract; NULL becomes an error.
    unsafe { ptr.as_ref() }.ok_or(oxidc_result::OXIDC_NULL_PARAMETER)
}

/// Borrows an object passed by pointer, mutably.
///
/// # Safety
/// `ptr` is NULL or points to a live `T` that nothing else accesses during `'a`.
pub(crate) unsafe fn obj_mut<'a, T>(ptr: *mut T) -> R<&'a mut T> {
    // SAFETY: the caller's contract; NULL becomes an error.
    unsafe { ptr.as_mut() }.ok_or(oxidc_result::OXIDC_NULL_PARAMETER)
}

/// An output slot (`T *out`), checked for NULL up front and written only on success.
pub(crate) struct Out<T>(*mut T);

impl<T> Out<T> {
    /// # Safety
    /// `ptr` is NULL or valid for writing one `T` while the call runs.
    pub(crate) unsafe fn new(ptr: *mut T) -> R<Out<T>> {
        if ptr.is_null() {
            Err(oxidc_result::OXIDC_NULL_PARAMETER)
        } else {
            Ok(Out(ptr))
        }
    }

    /// Writes the value (the last step of a successful call).
    pub(crate) fn set(self, v: T) {
        // SAFETY: non-NULL and writable per `new`'s contract; `write` does not read or drop
        // the (possibly uninitialised) old value.
        unsafe { self.0.write(v) }
    }
}

/// An output buffer `(out, cap, *out_len)`: NULLs checked up front; bytes and `*out_len` are
/// written only when the whole result fits.
pub(crate) struct OutBuf {
    ptr: *mut u8,
    cap: usize,
    len: Out<usize>,
}

impl OutBuf {
    /// # Safety
    /// `ptr` is NULL or valid for writing `cap` bytes, `len` NULL or valid for one `size_t`,
    /// while the call runs.
    pub(crate) unsafe fn new(ptr: *mut u8, cap: usize, len: *mut usize) -> R<OutBuf> {
        if ptr.is_null() {
            return Err(oxidc_result::OXIDC_NULL_PARAMETER);
        }
        Ok(OutBuf {
            ptr,
            cap,
            // SAFETY: forwarded contract.
            len: unsafe { Out::new(len) }?,
        })
    }

    /// Whether `n` bytes fit.
    pub(crate) fn fits(&self, n: usize) -> bool {
        n <= self.cap
    }

    /// Copies `src` out, or `OXIDC_BUFFER_TOO_SMALL` (writing nothing) when it does not fit.
    pub(crate) fn write(self, src: &[u8]) -> R<()> {
        self.write_with(src.len(), |dst| {
            dst.copy_from_slice(src);
            Ok(())
        })
    }

    /// Writes `n` bytes produced by `fill` (which gets exactly `n` bytes of the caller's
    /// buffer), or `OXIDC_BUFFER_TOO_SMALL` (writing nothing) when `n` exceeds the capacity.
    pub(crate) fn write_with(
        self,
        n: usize,
        fill: impl FnOnce(&mut [u8]) -> Result<(), oxidc::Error>,
    ) -> R<()> {
        if n > self.cap {
            return Err(oxidc_result::OXIDC_BUFFER_TOO_SMALL);
        }
        // SAFETY: `n <= cap` and the caller's buffer is writable for `cap` bytes; the slice
        // lives only for this call.
        let dst = unsafe { std::slice::from_raw_parts_mut(self.ptr, n) };
        fill(dst)?;
        self.len.set(n);
        Ok(())
    }
}

impl OutBuf {
    /// Runs a core writer (`f` fills a buffer and returns the length) over a private buffer
    /// as large as the caller's (at most [`MAX_INPUT_LEN`]) and copies the result out, so
    /// nothing is written on failure; a result that does not fit is
    /// `OXIDC_BUFFER_TOO_SMALL`.
    pub(crate) fn write_from(
        self,
        f: impl FnOnce(&mut [u8]) -> Result<usize, oxidc::Error>,
    ) -> R<()> {
        let mut tmp = vec![0u8; self.cap.min(MAX_INPUT_LEN)];
        let n = f(&mut tmp)?;
        self.write(tmp.get(..n).ok_or(oxidc_result::OXIDC_PANIC)?)
    }

    /// Writes `parts` back to back and returns where each starts (as pointers into the
    /// caller's buffer), or `OXIDC_BUFFER_TOO_SMALL` writing nothing.
    pub(crate) fn write_parts<const N: usize>(self, parts: [&[u8]; N]) -> R<[oxidc_str; N]> {
        let total = parts.iter().map(|p| p.len()).sum();
        let base = self.ptr;
        self.write_with(total, |dst| {
            let mut at = 0;
            for p in parts {
                if let Some(d) = dst.get_mut(at..at + p.len()) {
                    d.copy_from_slice(p);
                }
                at += p.len();
            }
            Ok(())
        })?;
        let mut at = 0;
        Ok(parts.map(|p| {
            let s = oxidc_str {
                ptr: base.wrapping_add(at).cast_const(),
                len: p.len(),
            };
            at += p.len();
            s
        }))
    }
}

/// Borrows a fixed-size input (`len` must be exactly `N`: else `OXIDC_INVALID_ARGUMENT`).
///
/// # Safety
/// As [`input`].
pub(crate) unsafe fn fixed<'a, const N: usize>(ptr: *const u8, len: usize) -> R<&'a [u8; N]> {
    // SAFETY: forwarded contract.
    let b = unsafe { input(ptr, len) }?;
    b.try_into()
        .map_err(|_| oxidc_result::OXIDC_INVALID_ARGUMENT)
}

/// Moves `v` to the heap and hands ownership to C.
pub(crate) fn to_c<T>(v: T) -> *mut T {
    Box::into_raw(Box::new(v))
}

/// Takes back and drops an object handed out by [`to_c`]; NULL is a no-op.
///
/// # Safety
/// `ptr` is NULL or came from [`to_c`] with the same `T` and has not been freed.
pub(crate) unsafe fn free<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: produced by `Box::into_raw` for this `T` and not freed before (contract).
        drop(unsafe { Box::from_raw(ptr) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_become_codes() {
        let r = run_result(|| -> R<()> { panic!("boom") });
        assert_eq!(r, oxidc_result::OXIDC_PANIC);
        assert!(!run_value(|| -> bool { panic!("boom") }));
        assert!(run_value(|| -> *const u8 { panic!("boom") }).is_null());
        assert_eq!(run_result(|| Ok(())), oxidc_result::OXIDC_OK);
    }

    #[test]
    fn null_and_huge_inputs_are_codes() {
        // SAFETY: NULL and a huge length are exactly what is being rejected.
        unsafe {
            assert_eq!(
                input(std::ptr::null(), 0),
                Err(oxidc_result::OXIDC_NULL_PARAMETER)
            );
            let b = [0u8; 4];
            assert_eq!(
                input(b.as_ptr(), usize::MAX),
                Err(oxidc_result::OXIDC_INPUT_TOO_LARGE)
            );
            assert_eq!(
                arg_str(b"\xff".as_ptr(), 1),
                Err(oxidc_result::OXIDC_INVALID_UTF8_ARGUMENT)
            );
            assert_eq!(array::<u32>(std::ptr::null(), 0), Ok(&[][..]));
        }
        for b in [
            &b"a.b.c"[..],
            b"",
            "caf\u{e9}".as_bytes(),
            b"\xff",
            b"ab\xc3",
        ] {
            assert_eq!(utf8(b), std::str::from_utf8(b));
        }
    }
}
