//! The plumbing every lesson crate shares. A lesson reads as the plain tokio
//! program a learner would write, with three names from here, each replaced by
//! rote in your own program:
//!
//! | in a lesson            | in your own program              |
//! |------------------------|----------------------------------|
//! | `say!("{id} done")`    | `println!("{id} done")`          |
//! | `secs(0.5)`            | `Duration::from_secs_f64(0.5)`   |
//! | `claim(3.0, 6.0);`     | (delete the line)                |
//!
//! A lesson whose time depends on the machine (CPU work, disks) claims a speed-up
//! instead, measured in the run: [`claim_speedup`] and [`speedup`], deleted alike.
//!
//! - [`say!`]: `println!` with the time since the lesson began: `[ 0.250s] 3 done`.
//! - [`secs`]: lesson seconds, multiplied by `--scale`.
//! - [`claim`]: what the lesson will take, printed before it starts and held
//!   against what happened when it ends.
//!
//! The rest is for the crate's `main.rs` ([`main`], [`Lesson`]) and for tests
//! ([`test`], [`Recording`]): a test on tokio's paused clock asserts the exact
//! lines, those printed inside spawned tasks included, and the exact virtual time.
//!
//! All output goes through here, and none of it can panic: stdout through `say!`
//! and the claim lines, stderr through [`warn!`] (`eprintln!`, which panics when
//! stderr cannot be written, say to a full disk). A failed write to stdout is a
//! failed run (one line on stderr, exit status 1), except a reader that went away
//! (`| head`): that ends the run quietly, with the status of what had already
//! failed ([`mark_failed`]).

mod cli;
mod cores;
mod open_files;
mod run;
mod signals;

use std::future::Future;
use std::io::Write as _;
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

use anyhow::{Context as _, Result};

pub use cli::{Args, value};
/// The parser [`Args::flag`] reads option values from.
pub use lexopt;
pub use open_files::{OpenFiles, open_files};
pub use run::{Claim, Recording, claim, claim_speedup, say_line, secs, speedup, test, test_scaled};

/// `println!` with a time stamp: `say!("{id} done")` prints `[ 0.250s] 3 done`,
/// the time since the lesson began (tokio's clock, so paused in tests).
///
/// In your own program: `println!`.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::say_line(::std::format_args!($($arg)*))
    };
}

/// `eprintln!` that never panics: one line on stderr (progress, warnings, errors).
/// `warn!("{done} of {total} done")`; if stderr cannot be written, the line is lost
/// and the lesson goes on.
///
/// In your own program: `eprintln!`.
#[macro_export]
macro_rules! warn {
    ($($arg:tt)*) => {
        $crate::warn(::std::format_args!($($arg)*))
    };
}

/// An error in what was asked, found only once a lesson runs (too few open files
/// for `--concurrency`, say): the lesson exits with status 2, as for bad input on
/// the command line, not 1.
#[derive(Debug)]
pub struct BadInput(pub String);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

type LocalFuture = Pin<Box<dyn Future<Output = Result<()>>>>;

/// One lesson of a crate: its name on the command line, one line about it, and
/// its entry.
pub struct Lesson<A = ()> {
    name: &'static str,
    about: &'static str,
    entry: Entry<A>,
    /// Whether the plumbing stops it on SIGINT too: see [`Lesson::handles_ctrl_c`].
    stop_on_ctrl_c: bool,
    alone: bool,
}

enum Entry<A> {
    /// An async entry, run on a current-thread runtime: see [`run`]. It gets the
    /// crate's arguments and `--seed`, if given.
    Async(Box<dyn Fn(A, Option<u64>) -> LocalFuture>),
    /// A plain `fn main()` that builds its own runtime (the lessons about runtimes).
    Blocking(fn() -> Result<()>),
}

impl Lesson {
    /// A lesson whose entry is `async fn main() -> Result<()>`.
    pub fn new<F>(name: &'static str, about: &'static str, main: fn() -> F) -> Self
    where
        F: Future<Output = Result<()>> + 'static,
    {
        let entry = Entry::Async(Box::new(move |_, _| Box::pin(main())));
        Self { name, about, entry, stop_on_ctrl_c: true, alone: false }
    }

    /// A random lesson: `async fn main()` draws a seed, `run(seed)` replays one.
    /// `--seed N` calls `run(N)`; without it, `main()`.
    pub fn seeded<F, G>(
        name: &'static str,
        about: &'static str,
        main: fn() -> F,
        run: fn(u64) -> G,
    ) -> Self
    where
        F: Future<Output = Result<()>> + 'static,
        G: Future<Output = Result<()>> + 'static,
    {
        let entry = Entry::Async(Box::new(move |_, seed| match seed {
            Some(seed) => Box::pin(run(seed)),
            None => Box::pin(main()),
        }));
        Self { name, about, entry, stop_on_ctrl_c: true, alone: false }
    }

    /// A lesson that builds and drives its own runtime: `fn main() -> Result<()>`.
    pub fn blocking(name: &'static str, about: &'static str, main: fn() -> Result<()>) -> Self {
        Self { name, about, entry: Entry::Blocking(main), stop_on_ctrl_c: true, alone: false }
    }
}

impl<A: 'static> Lesson<A> {
    /// A lesson whose entry takes the crate's own arguments: `async fn run(args: A)`.
    pub fn with_args<F>(name: &'static str, about: &'static str, run: fn(A) -> F) -> Self
    where
        F: Future<Output = Result<()>> + 'static,
    {
        let entry = Entry::Async(Box::new(move |args, _| Box::pin(run(args))));
        Self { name, about, entry, stop_on_ctrl_c: true, alone: false }
    }

    /// This lesson needs the machine to itself: it measures a speed-up (CPU work,
    /// a disk), which lessons running beside it would take cores from. `--list`
    /// says so, and `cargo xtask run-all` runs it alone.
    #[must_use]
    pub fn alone(mut self) -> Self {
        self.alone = true;
        self
    }

    /// A lesson that handles Ctrl-C itself (`tokio::signal::ctrl_c()`), as `shutdown`
    /// does: SIGINT is left to it. Any other lesson is stopped by SIGINT or SIGTERM
    /// sent to its process alone as if it had failed there: its future dropped (its
    /// `kill_on_drop` children killed with it), exit status 130 or 143.
    #[must_use]
    pub fn handles_ctrl_c(mut self) -> Self {
        self.stop_on_ctrl_c = false;
        self
    }
}

impl<A> std::fmt::Debug for Lesson<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lesson").field("name", &self.name).finish_non_exhaustive()
    }
}

/// The whole `main` of a lesson crate: parse the command line, run one lesson
/// or all of them. Exit status 0 when every lesson ran, 1 when one failed, 2 for
/// bad input (one line on stderr saying what was wrong).
pub fn main<A: Args>(krate: &str, about: &str, lessons: &[Lesson<A>]) -> ExitCode {
    let _ = PROGRAM.set(krate.to_owned());
    let command = match cli::parse(std::env::args_os().skip(1), lessons) {
        Ok(command) => command,
        Err(err) => {
            warn!("{krate}: {err:#} (see --help)");
            return ExitCode::from(2);
        }
    };
    let (only, settings, args) = match command {
        cli::Command::Help => {
            out(format_args!("{}", cli::help(krate, about, lessons)));
            return ExitCode::SUCCESS;
        }
        cli::Command::List => {
            for lesson in lessons {
                let alone = if lesson.alone { "\talone" } else { "" };
                out(format_args!("{}\t{}{alone}\n", lesson.name, lesson.about));
            }
            return ExitCode::SUCCESS;
        }
        cli::Command::Run { lesson, settings, args } => (lesson, settings, args),
    };

    for (i, lesson) in lessons.iter().enumerate() {
        if only.is_some_and(|only| only != i) {
            continue;
        }
        if only.is_none() {
            out(format_args!("== {}: {} ==\n", lesson.name, lesson.about));
        }
        let run = run::Run::new(settings.scale, true);
        run::Run::set_for_process(run.clone());
        match start(lesson, args.clone(), settings.seed) {
            Ok(()) => run.finish(),
            Err(err) => {
                // The worst status wins: bad input (2) over a failed run (1), whatever comes last.
                let status = if err.is::<BadInput>() { 2 } else { 1 };
                STATUS.fetch_max(status, Ordering::SeqCst);
                warn!("{krate} {}: {err:#}", lesson.name);
            }
        }
        if only.is_none() {
            out(format_args!("\n"));
        }
    }
    ExitCode::from(STATUS.load(Ordering::SeqCst))
}

/// The exit status of what has failed so far in this process: 0, 1 or 2.
static STATUS: AtomicU8 = AtomicU8::new(0);

/// The crate's name, for the one line about a failed write.
static PROGRAM: OnceLock<String> = OnceLock::new();

/// Something in this run has failed (a URL, say) and will make it exit with status
/// 1: if stdout closes before the run ends (`| head -1`), the run still ends with
/// status 1, not 0. Call it before printing the line that says so.
pub fn mark_failed() {
    STATUS.fetch_max(1, Ordering::SeqCst);
}

/// Write to stdout, never panicking. A reader that went away (`| head`) ends the
/// run at once and quietly, as `cat` would, with the status of what had already
/// failed. Any other error (a full disk: `> /dev/full`) is a failed run: one line on
/// stderr, exit status 1, rather than lines lost without a word.
pub(crate) fn out(text: std::fmt::Arguments<'_>) {
    let mut stdout = std::io::stdout().lock();
    let Err(err) = stdout.write_fmt(text).and_then(|()| stdout.flush()) else { return };
    drop(stdout);
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(STATUS.load(Ordering::SeqCst).into());
    }
    let program = PROGRAM.get().map_or("lesson", String::as_str);
    warn!("{program}: cannot write to stdout: {err}");
    std::process::exit(1);
}

/// Write one line to stderr, never panicking: what [`warn!`] calls. If stderr
/// cannot be written either, there is nowhere left to say so: the line is lost.
#[doc(hidden)]
pub fn warn(line: std::fmt::Arguments<'_>) {
    // One write, so that lines from several threads or processes never interleave.
    let _ = std::io::stderr().lock().write_all(format!("{line}\n").as_bytes());
}

/// Async lessons run on one thread, as `#[tokio::main(flavor = "current_thread")]`
/// would run them: that is asyncio's model (one loop, one thread), and the one
/// `#[tokio::test]` uses, so a test and a real run schedule alike. It also keeps
/// the lessons honest: a blocking call stalls every task, as it would in asyncio,
/// instead of hiding on a spare worker thread, and `cargo xtask run-all` sees it.
///
/// A signal to the lesson's process alone stops it there: see [`Lesson::handles_ctrl_c`].
fn start<A>(lesson: &Lesson<A>, args: A, seed: Option<u64>) -> Result<()> {
    let entry = match &lesson.entry {
        Entry::Async(entry) => entry,
        Entry::Blocking(main) => {
            return signals::while_running(lesson.stop_on_ctrl_c, lesson.name, main);
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("building the tokio runtime")?;
    let outcome = runtime.block_on(async {
        let stop = signals::listen(lesson.stop_on_ctrl_c).context("listening for signals")?;
        // `biased`: the lesson first, so that one handling the signal itself has its way.
        anyhow::Ok(tokio::select! {
            biased;
            outcome = entry(args, seed) => Ok(outcome),
            stopped = stop => Err(stopped),
        })
    })?;
    outcome.unwrap_or_else(|stopped| {
        // The lesson's future is dropped; its tasks go with the runtime, whose blocking
        // threads are not waited for: the process ends now.
        runtime.shutdown_background();
        signals::exit(lesson.name, stopped)
    })
}
