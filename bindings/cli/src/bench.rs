//! `oxidc bench`.
use crate::exit::CliResult;

/// Options of `oxidc bench`.
#[derive(clap::Args, Debug)]
pub struct BenchArgs {}

/// Runs the bench.
pub fn run(_a: &BenchArgs) -> CliResult {
    Ok(())
}
