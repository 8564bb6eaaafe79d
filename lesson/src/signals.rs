//! A lesson stopped by SIGINT or SIGTERM ends as if `main` had given up: its
//! future is dropped, so `kill_on_drop(true)` children are killed, and the process
//! exits with status 128 + the signal's number (130 for SIGINT, 143 for SIGTERM),
//! as a shell reports a program the signal killed. `kill -INT PID` reaches only
//! the lesson, and without this its children would run on; a terminal's Ctrl-C
//! reaches the whole process group, and a child that dies of the same SIGINT
//! before the lesson hears it is part of that stop, not a failure of its own.
//!
//! The signals are heard on a thread of our own, so that a lesson stuck where no
//! future is polled (a write to a full pipe, a blocking call) is still stopped:
//! it is told first, and if it has not ended within [`GRACE`], the process exits.
//!
//! Worker processes (a lesson that runs this program again) need more than that:
//! they also outlive a SIGKILL, which nothing can catch. Those end by themselves
//! when the pipe to their stdin closes, as it does when the lesson dies, however.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::oneshot;

/// How long a lesson that was told to stop has before the process exits anyway.
const GRACE: Duration = Duration::from_secs(1);

/// How long a lesson that handles Ctrl-C itself has to finish its own graceful stop
/// before the process exits anyway: it may have missed the signal (one that came
/// before it began to listen), and a signal always ends a lesson.
const HANDLED_GRACE: Duration = Duration::from_secs(10);

/// The signal that stopped a lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stopped {
    name: &'static str,
    number: i32,
}

/// What the listening thread does with a signal: it depends on the lesson running.
#[derive(Debug, Default)]
struct State {
    lesson: String,
    /// Whether SIGINT stops it (a lesson that handles Ctrl-C keeps SIGINT to itself).
    stop_on_ctrl_c: bool,
    /// How to tell an async lesson to stop: its future is dropped. `None` for a lesson
    /// that has no future to drop (it builds its own runtime), or none running.
    tell: Option<oneshot::Sender<Stopped>>,
    /// The last signal heard, whatever it did.
    heard: Option<Stopped>,
}

static STATE: Mutex<State> =
    Mutex::new(State { lesson: String::new(), stop_on_ctrl_c: true, tell: None, heard: None });
static HEARD: Condvar = Condvar::new();

fn state() -> MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Start listening, once for the process, before any lesson runs. Where even that
/// cannot be had (no file left for the listener), the signals keep their defaults.
pub(crate) fn listen() {
    let (listening, ready) = std::sync::mpsc::channel();
    let watcher = std::thread::Builder::new().name("lesson-signals".into()).spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_io().build() else {
            return;
        };
        runtime.block_on(async {
            #[cfg(unix)]
            {
                use tokio::signal::unix::{SignalKind, signal};
                let (Ok(mut term), Ok(mut int)) =
                    (signal(SignalKind::terminate()), signal(SignalKind::interrupt()))
                else {
                    return;
                };
                let _ = listening.send(());
                loop {
                    let stopped = tokio::select! {
                        Some(()) = term.recv() => Stopped { name: "SIGTERM", number: 15 },
                        Some(()) = int.recv() => Stopped { name: "SIGINT", number: 2 },
                        else => return,
                    };
                    heard(stopped);
                }
            }
            #[cfg(not(unix))]
            drop(listening);
        });
    });
    if watcher.is_ok() {
        // Listening before the first lesson starts (or, if that failed, not at all).
        let _ = ready.recv();
    }
}

/// A signal heard: remember it, and stop the lesson unless it keeps this one to itself.
fn heard(stopped: Stopped) {
    let mut state = state();
    state.heard = Some(stopped);
    HEARD.notify_all();
    if stopped.number == 2 && !state.stop_on_ctrl_c {
        // The lesson handles Ctrl-C itself, unless it is stuck writing to a full pipe,
        // or heard nothing (the signal came before it listened): then it ends here.
        let lesson = state.lesson.clone();
        drop(state);
        let since = std::time::Instant::now();
        while since.elapsed() < HANDLED_GRACE {
            std::thread::sleep(Duration::from_millis(100));
            if since.elapsed() >= GRACE && crate::run::writing_for(GRACE) {
                exit(&lesson, stopped, None);
            }
        }
        exit(&lesson, stopped, None);
    }
    let lesson = state.lesson.clone();
    let Some(tell) = state.tell.take() else { exit(&lesson, stopped, None) };
    drop(state);
    if tell.send(stopped).is_err() {
        // Between lessons, or one that has just ended: nothing left to drop.
        exit(&lesson, stopped, None);
    }
    // The lesson ends the process itself once its future is dropped; if it cannot
    // get there (stuck writing to a full pipe), it ends here.
    std::thread::sleep(GRACE);
    exit(&lesson, stopped, None)
}

/// The lesson about to run: what a signal does while it runs. For an async lesson,
/// the receiver ends when it is to stop.
pub(crate) fn running(lesson: &str, stop_on_ctrl_c: bool, async_entry: bool) -> Stop {
    let mut state = state();
    state.lesson = lesson.to_owned();
    state.stop_on_ctrl_c = stop_on_ctrl_c;
    state.heard = None;
    let (tell, told) = oneshot::channel();
    state.tell = async_entry.then_some(tell);
    Stop(told)
}

/// Ends when the lesson is to stop; never, if nothing listens.
#[derive(Debug)]
pub(crate) struct Stop(oneshot::Receiver<Stopped>);

impl Stop {
    pub(crate) async fn wait(self) -> Stopped {
        match self.0.await {
            Ok(stopped) => stopped,
            Err(_) => std::future::pending().await,
        }
    }
}

/// The signal heard while the lesson ran, if one was: waiting up to `patience` for
/// one already sent to be heard (a child killed by the terminal's Ctrl-C is seen
/// to fail a moment before the same Ctrl-C reaches the listening thread).
pub(crate) fn heard_within(patience: Duration) -> Option<Stopped> {
    let state = state();
    let (state, _) = HEARD
        .wait_timeout_while(state, patience, |state| state.heard.is_none())
        .unwrap_or_else(PoisonError::into_inner);
    state.heard
}

/// One line on stderr (with what the lesson said as it stopped, if it said
/// something), and the exit status a shell gives a program killed by `stopped`.
/// Only the first caller says it: the process is ending.
pub(crate) fn exit(lesson: &str, stopped: Stopped, said: Option<&str>) -> ! {
    static EXITING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if EXITING.swap(true, std::sync::atomic::Ordering::SeqCst) {
        loop {
            std::thread::park();
        }
    }
    let program = protocol::output::name();
    let said = said.map(|said| format!(": {said}")).unwrap_or_default();
    protocol::warn!("{program} {lesson}: stopped by {}{said}", stopped.name);
    std::process::exit(128 + stopped.number)
}
