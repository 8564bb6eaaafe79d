//! The one python3 lookup: the interpreter that runs the asyncio twins and the
//! bench's Python side. `--python PATH` where a command takes it; else the
//! workspace's virtual environment, `target/venv` (what `.ci/run` makes, with
//! the pinned packages of `python/requirements.txt`); else `python3` on the PATH.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

static CHOSEN: OnceLock<PathBuf> = OnceLock::new();

/// Use `given` (from `--python`), if any, for the rest of the run. The first call wins.
pub fn choose(given: Option<PathBuf>) {
    let _ = CHOSEN.set(given.unwrap_or_else(default));
}

/// The virtual environment's python3, where there is one; else the PATH's.
fn default() -> PathBuf {
    let venv = crate::lessons::root().join("target/venv/bin/python3");
    if venv.exists() { venv } else { "python3".into() }
}

fn chosen() -> &'static PathBuf {
    CHOSEN.get_or_init(default)
}

/// A command that runs the chosen interpreter, told where the HTTP twins' local
/// server was built (python/lesson_http.py): beside this xtask, wherever cargo builds.
pub fn command() -> Command {
    let mut command = Command::new(chosen());
    if let Ok(debug) = crate::lessons::target_debug() {
        command.env("LESSON_HTTP_SERVER", debug.join("examples-http"));
    }
    command
}

/// The chosen interpreter's version (`Python 3.11.7`), or `None` when it does not
/// answer: the twins need it.
pub fn python3() -> Option<String> {
    let output = command().arg("--version").output().ok()?;
    let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    output.status.success().then_some(version)
}

/// What a command that needs the twins says, in one line, when there is no python3.
pub const MISSING: &str = "no python3 on the PATH (or at --python)";
