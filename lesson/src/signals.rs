//! A lesson stopped by a signal sent to its process alone (`kill PID`, `timeout`,
//! a supervisor) ends as if `main` had given up: its future is dropped, so
//! `kill_on_drop(true)` children are killed, and the process exits with status
//! 128 + the signal's number (130 for SIGINT, 143 for SIGTERM), as a shell reports
//! a program the signal killed. A terminal's Ctrl-C reaches the whole process
//! group, children too; `kill -INT PID` reaches only the lesson, and without this
//! its children would run on.
//!
//! Worker processes (a lesson that runs this program again) need more than that:
//! they also outlive a SIGKILL, which nothing can catch. Those end by themselves
//! when the pipe to their stdin closes, as it does when the lesson dies, however.

use std::future::Future;

use anyhow::Result;

/// The signal that stopped a lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stopped {
    name: &'static str,
    number: i32,
}

/// A future that ends at SIGTERM, or SIGINT when `ctrl_c` (a lesson that handles
/// Ctrl-C itself, as `shutdown` does, keeps SIGINT to itself). Call it inside a
/// runtime with I/O enabled: the listeners are in place once it returns.
pub(crate) fn listen(ctrl_c: bool) -> Result<impl Future<Output = Stopped>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut terminate = signal(SignalKind::terminate())?;
        let mut interrupt = if ctrl_c { Some(signal(SignalKind::interrupt())?) } else { None };
        Ok(async move {
            let interrupted = async {
                match &mut interrupt {
                    Some(interrupt) => interrupt.recv().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                Some(()) = terminate.recv() => Stopped { name: "SIGTERM", number: 15 },
                Some(()) = interrupted => Stopped { name: "SIGINT", number: 2 },
            }
        })
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c;
        Ok(std::future::pending())
    }
}

/// One line on stderr, and the exit status a shell gives a program killed by `stopped`.
pub(crate) fn exit(lesson: &str, stopped: Stopped) -> ! {
    let program = protocol::output::name();
    crate::warn!("{program} {lesson}: stopped by {}", stopped.name);
    std::process::exit(128 + stopped.number)
}

/// Run `main`, a lesson that builds its own runtime, while a thread of our own
/// listens: on a signal, the process exits at once (no future to drop here;
/// its workers end as their stdin closes).
pub(crate) fn while_running<T>(ctrl_c: bool, lesson: &str, main: impl FnOnce() -> T) -> T {
    let (done, ended) = tokio::sync::oneshot::channel::<()>();
    let (listening, ready) = std::sync::mpsc::channel();
    let lesson = lesson.to_owned();
    let watcher = std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_io().build() else {
            return;
        };
        runtime.block_on(async {
            let Ok(stop) = listen(ctrl_c) else { return };
            let _ = listening.send(());
            tokio::select! {
                stopped = stop => exit(&lesson, stopped),
                _ = ended => {}
            }
        });
    });
    // Listening before the lesson starts (or, if that failed, not at all).
    let _ = ready.recv();
    let outcome = main();
    let _ = done.send(());
    let _ = watcher.join();
    outcome
}
