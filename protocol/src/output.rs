//! The one place for what a program of this workspace writes and how it ends, for
//! xtask and the lessons alike: stdout that never panics, one-line warnings on
//! stderr (`eprintln!` panics when stderr cannot be written, say to a full disk),
//! and the exit status of what has failed so far, the worst winning.
//!
//! A failed write to stdout is a failed run (one line on stderr, exit status 1),
//! except a reader that went away (`| head`), which is no failure: see [`WhenGone`].

use std::fmt;
use std::io::Write as _;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

/// What a program does once the reader of its stdout has gone away (`| head`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenGone {
    /// End at once and quietly, with the status of what had already failed
    /// (xtask: nobody reads the rest of the table).
    Exit,
    /// Go on without printing, and end with its own status (a lesson: its run,
    /// its children and its claim are the same whether anyone reads them).
    GoOn,
}

struct Program {
    name: String,
    when_gone: WhenGone,
}

static PROGRAM: OnceLock<Program> = OnceLock::new();
/// The exit status of what has failed so far: 0, 1 (a failed run), 2 (bad
/// input), 128 + a signal (stopped).
static STATUS: AtomicU8 = AtomicU8::new(0);
/// Set once the reader of stdout has gone away.
static STDOUT_GONE: AtomicBool = AtomicBool::new(false);

/// Name the program (for the one line about a failed write) and say what it does
/// when stdout's reader goes away. The first call wins.
pub fn set_program(name: &str, when_gone: WhenGone) {
    let _ = PROGRAM.set(Program { name: name.to_owned(), when_gone });
}

/// The program's name, as [`set_program`] gave it, for a line about how it ended.
pub fn name() -> &'static str {
    program().0
}

fn program() -> (&'static str, WhenGone) {
    PROGRAM.get().map_or(("program", WhenGone::GoOn), |p| (&p.name, p.when_gone))
}

/// Something failed with `status`: the program ends with the worst status so far.
pub fn fail(status: u8) {
    STATUS.fetch_max(status, Ordering::SeqCst);
}

/// The worst status so far: 0 when nothing failed.
pub fn status() -> u8 {
    STATUS.load(Ordering::SeqCst)
}

/// Whether the reader of stdout has gone away.
pub fn stdout_gone() -> bool {
    STDOUT_GONE.load(Ordering::SeqCst)
}

/// Write to stdout, never panicking; see the module's notes for what a failed
/// write does.
pub fn out(text: fmt::Arguments<'_>) {
    if stdout_gone() {
        return;
    }
    let mut stdout = std::io::stdout().lock();
    let Err(err) = stdout.write_fmt(text).and_then(|()| stdout.flush()) else { return };
    drop(stdout);
    let (name, when_gone) = program();
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        STDOUT_GONE.store(true, Ordering::SeqCst);
        match when_gone {
            WhenGone::Exit => std::process::exit(i32::from(status())),
            WhenGone::GoOn => return,
        }
    }
    warn(format_args!("{name}: cannot write to stdout: {err}"));
    std::process::exit(i32::from(status().max(1)));
}

/// Write one line to stderr, never panicking: what [`warn!`](crate::warn) calls.
/// If stderr cannot be written either, there is nowhere left to say so: the line
/// is lost, and the program goes on.
pub fn warn(line: fmt::Arguments<'_>) {
    // One write, so that lines from several threads or processes never interleave.
    let _ = std::io::stderr().lock().write_all(format!("{line}\n").as_bytes());
}

/// `eprintln!` that never panics: one line on stderr (progress, warnings, errors).
#[macro_export]
macro_rules! warn {
    ($($arg:tt)*) => {
        $crate::output::warn(::std::format_args!($($arg)*))
    };
}

/// `print!` that never panics: see [`out`].
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::out(::std::format_args!($($arg)*))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_status_wins() {
        assert_eq!(status(), 0);
        fail(1);
        fail(2);
        fail(1);
        assert_eq!(status(), 2);
    }
}
