//! The one python3 lookup: the interpreter that runs the asyncio twins.

use std::process::Command;

/// The python3 on the PATH and its version (`Python 3.11.7`), or `None` when there
/// is none that answers: the twins need it.
pub fn python3() -> Option<String> {
    let output = Command::new("python3").arg("--version").output().ok()?;
    let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    output.status.success().then_some(version)
}

/// What a command that needs the twins says, in one line, when there is no python3.
pub const MISSING: &str = "no python3 on the PATH";
