//! # oxidc-ffi
//!
//! The C ABI of oxidc: `liboxidc.a` / `liboxidc.so` and the generated `include/oxidc.h`.
//!
//! This crate is thin: it converts C arguments into core calls and core results into
//! [`oxidc_result`] codes. No validation rule lives here. The calling conventions (opaque
//! types, `_new`/`_free`, `(ptr, len)` buffers, outputs written only on success, ownership
//! and thread-safety per type) are written once in `ffi/README.md`; every function follows
//! them.
//!
//! Every exported function runs its body inside [`ffi_result!`] or [`ffi_value!`]: a panic
//! becomes [`oxidc_result::OXIDC_PANIC`] (or a documented neutral value) and never unwinds into
//! C; a NULL pointer argument becomes [`oxidc_result::OXIDC_NULL_PARAMETER`].
// C names (`oxidc_keyset`, `OXIDC_OK`) are the public contract, not Rust style.
#![allow(non_camel_case_types)]
// The C ABI needs raw pointers; every `unsafe` block says why it holds (`// SAFETY:`), and all
// of them live in `boundary.rs` except the few `Box::from_raw` in `_free` functions.
#![allow(unsafe_code)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(missing_docs)]
// The safety contract of every exported function is the same and is stated once, in
// `ffi/README.md` ("Pointers and buffers"); each doc comment states ownership and lifetime.
#![allow(clippy::missing_safety_doc)]

#[macro_use]
mod boundary;

pub mod authn;
pub mod client;
pub mod grant;
pub mod keys;
pub mod messages;
pub mod mint;
pub mod opaque;
pub mod result;
pub mod rp;
pub mod serialize;
pub mod token;
pub mod validator;

pub use boundary::oxidc_str;
pub use result::oxidc_result;

/// The crypto provider behind every C call: `ring` (assembly-fast; RSA and PSS included).
pub(crate) type P = oxidc::crypto::Ring;

/// Major version of this library; equal to the crate version in `ffi/Cargo.toml` (tested).
pub const OXIDC_VERSION_MAJOR: u32 = 0;
/// Minor version of this library.
pub const OXIDC_VERSION_MINOR: u32 = 1;
/// Patch version of this library.
pub const OXIDC_VERSION_PATCH: u32 = 0;

/// The library version as a NUL-terminated string (e.g. `"0.1.0"`), static storage: never
/// free it. Compare with `OXIDC_VERSION_*` to detect a header/library mismatch.
#[unsafe(no_mangle)]
pub extern "C" fn oxidc_version() -> *const core::ffi::c_char {
    ffi_value!({ VERSION.as_ptr() })
}

const VERSION: &core::ffi::CStr = c"0.1.0";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_macros_match_cargo() {
        assert_eq!(
            env!("CARGO_PKG_VERSION_MAJOR").parse::<u32>().unwrap(),
            OXIDC_VERSION_MAJOR
        );
        assert_eq!(
            env!("CARGO_PKG_VERSION_MINOR").parse::<u32>().unwrap(),
            OXIDC_VERSION_MINOR
        );
        assert_eq!(
            env!("CARGO_PKG_VERSION_PATCH").parse::<u32>().unwrap(),
            OXIDC_VERSION_PATCH
        );
        assert_eq!(VERSION.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
        let header =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../include/oxidc.h"))
                .unwrap();
        for (name, v) in [
            ("OXIDC_VERSION_MAJOR", OXIDC_VERSION_MAJOR),
            ("OXIDC_VERSION_MINOR", OXIDC_VERSION_MINOR),
            ("OXIDC_VERSION_PATCH", OXIDC_VERSION_PATCH),
        ] {
            assert!(
                header.contains(&format!("#define {name} {v}\n")),
                "{name} in include/oxidc.h"
            );
        }
    }
}
