//! `uniffi-bindgen`, built from the same uniffi version as `oxidc-uniffi` (a mismatch between
//! the generator and the runtime scaffolding is a checksum failure at load time).
fn main() {
    uniffi::uniffi_bindgen_main()
}
