//! Test-only crate: everything lives in `tests/`. Keeping these tests (and their
//! dev-dependencies) out of the core crate keeps `cargo tree -p oxidc -e features` free of
//! `alloc` and `std`.
