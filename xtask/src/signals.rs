//! Ctrl-C and SIGTERM: the first stops the run gently (the running lessons get the
//! same signal and a moment to stop, and the rows that finished are printed), a
//! second kills them. The run then ends with 128 + the signal, as a shell reports it.

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

use anyhow::{Context as _, Result};

/// Set by Ctrl-C or SIGTERM: pass it on to the running lessons, print the rows
/// that finished.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// Set by a second one: kill the lessons now.
pub static FORCED: AtomicBool = AtomicBool::new(false);
/// The last of those signals: SIGINT or SIGTERM.
static SIGNAL: AtomicI32 = AtomicI32::new(0);

/// Whether a signal has asked the run to stop.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Catch Ctrl-C and SIGTERM from here on: the first sets [`INTERRUPTED`], a
/// second [`FORCED`]; each makes the exit status 128 + the signal.
pub fn catch() -> Result<()> {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let mut signals =
            signal_hook::iterator::Signals::new([SIGINT, SIGTERM]).context("catching Ctrl-C")?;
        std::thread::spawn(move || {
            for signal in signals.forever() {
                SIGNAL.store(signal, Ordering::SeqCst);
                protocol::output::fail(interrupted_status());
                if INTERRUPTED.swap(true, Ordering::SeqCst) {
                    FORCED.store(true, Ordering::SeqCst);
                }
            }
        });
    }
    Ok(())
}

/// The signal to pass on to a lesson: the one xtask received.
pub fn received() -> &'static str {
    #[cfg(unix)]
    if SIGNAL.load(Ordering::SeqCst) == signal_hook::consts::SIGTERM {
        return "TERM";
    }
    "INT"
}

/// The status of a run that a signal stopped: 128 + the signal.
pub fn interrupted_status() -> u8 {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => 130,
        signal => u8::try_from(128 + signal).unwrap_or(130),
    }
}
