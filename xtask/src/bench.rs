//! `cargo xtask bench`: tokio against asyncio, measured side by side.

use std::ffi::OsString;
use std::process::ExitCode;

use anyhow::Result;

pub fn bench(_args: Vec<OsString>) -> Result<ExitCode> {
    crate::out("no scenarios yet\n");
    Ok(ExitCode::SUCCESS)
}
