//! Bench-only crate: `benches/peers.rs` measures oxidc next to the Rust JWT libraries people
//! compare it with. Run it through `benches/run` (which also renders benches/report/REPORT.md).
