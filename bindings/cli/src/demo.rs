//! `oxidc demo`.
use crate::exit::CliResult;

/// Options of `oxidc demo`.
#[derive(clap::Args, Debug)]
pub struct DemoArgs {}

/// Runs the demo.
pub fn run(_a: &DemoArgs) -> CliResult {
    Ok(())
}
