//! The plumbing every lesson crate shares. A lesson reads as the plain tokio
//! program a learner would write, with a few names from here, each replaced by
//! rote in your own program:
//!
//! | in a lesson            | in your own program              |
//! |------------------------|----------------------------------|
//! | `say!("{id} done")`    | `println!("{id} done")`          |
//! | `secs(0.5)`            | `Duration::from_secs_f64(0.5)`   |
//! | `claim(3.0, 6.0);`     | (delete the line)                |
//! | `args()`               | `std::env::args().skip(1)`       |
//!
//! A lesson whose time depends on the machine (CPU work, disks) claims a speed-up
//! instead, measured in the run: [`claim_speedup`] and [`speedup`], deleted alike.
//!
//! - [`say!`]: `println!` with the time since the lesson began: `[ 0.250s] 3 done`.
//! - [`secs`]: lesson seconds, multiplied by `--scale`.
//! - [`claim`]: what the lesson will take, printed before it starts and held
//!   against what happened when it ends.
//! - [`args`]: the lesson's own command-line arguments, for the few that take some.
//!
//! The rest is for a crate's `main.rs` and its tests, never a lesson file:
//!
//! - `main.rs`: [`main`] (or [`main_with`], its [`Prepare`] and `--help` text, for
//!   a crate whose lessons take arguments) over the crate's [`Lesson`]s, each
//!   [`Lesson::new`], [`Lesson::seeded`] or [`Lesson::blocking`], and
//!   [`Lesson::takes`] with its [`Check`], [`Lesson::handles_ctrl_c`]. What a lesson
//!   is about and whether it runs alone are its line in `course.txt`, and
//!   [`check_course`] is the crate's test that the two lists agree. [`BadInput`]
//!   (exit status 2), [`open_files`] and [`warn!`] for what a crate checks itself.
//! - tests: [`test()`] (or [`test_scaled`]) gives a [`Recording`], which a test on
//!   tokio's paused clock reads: the exact lines, those printed inside spawned
//!   tasks included, the exact virtual time, and the [`Claim`].
//!
//! The command line is checked whole before anything runs, a lesson's own
//! arguments by its [`Check`]; with [`CHECK_ONLY`] set a binary only checks it.
//! A signal stops a lesson as if it had failed there (status 130 or 143), a
//! panic is one line and status 1. Output goes through `protocol::output`, and
//! none of it can panic: a failed write to stdout is a failed run (one line on
//! stderr, exit status 1), except a reader that went away (`| head`): the run
//! goes on without printing, and ends with its own status.

mod cli;
mod cores;
mod open_files;
mod run;
mod signals;

use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use protocol::output::{self, WhenGone};

pub use open_files::{OpenFiles, open_files};
pub use run::{Claim, Recording, args, claim, claim_speedup, secs, speedup, test, test_scaled};

#[doc(hidden)]
pub use run::say_line;

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
pub use protocol::warn;

/// An error in what was asked, found only once a lesson is about to run (too few
/// open files for `--concurrency`, say): the lesson exits with status 2, as for
/// bad input on the command line, not 1.
#[derive(Debug)]
pub struct BadInput(pub String);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

/// A lesson that panicked: its one line is already on stderr.
#[derive(Debug)]
struct Panicked;

impl std::fmt::Display for Panicked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("panicked")
    }
}

impl std::error::Error for Panicked {}

type LocalFuture = Pin<Box<dyn Future<Output = Result<()>>>>;

/// One lesson of a crate: its name on the command line and its entry. What it is
/// about, and whether it runs alone, are its line in `course.txt`.
pub struct Lesson {
    name: &'static str,
    entry: Entry,
    /// Whether the plumbing stops it on SIGINT too: see [`Lesson::handles_ctrl_c`].
    stop_on_ctrl_c: bool,
    /// Its own arguments, if it takes some: see [`Lesson::takes`].
    takes: Option<Takes>,
}

/// The arguments a lesson takes: their usage, for `--help`, and their check.
struct Takes {
    usage: &'static str,
    check: Check,
}

/// A lesson's check of its own arguments, before anything runs: `Err` is the one
/// line that says what is wrong (exit status 2).
pub type Check = fn(&[String]) -> Result<(), String>;

enum Entry {
    /// An async entry, run on a current-thread runtime: see [`start`]. It gets
    /// `--seed`, if given.
    Async(Box<dyn Fn(Option<u64>) -> LocalFuture>),
    /// A plain `fn main()` that builds its own runtime (the lessons about runtimes).
    Blocking(fn() -> Result<()>),
}

impl Lesson {
    fn with(name: &'static str, entry: Entry) -> Self {
        Self { name, entry, stop_on_ctrl_c: true, takes: None }
    }

    /// A lesson whose entry is `async fn main() -> Result<()>`.
    pub fn new<F>(name: &'static str, main: fn() -> F) -> Self
    where
        F: Future<Output = Result<()>> + 'static,
    {
        Self::with(name, Entry::Async(Box::new(move |_| Box::pin(main()))))
    }

    /// A random lesson: `async fn main()` draws a seed, `run(seed)` replays one.
    /// `--seed N` calls `run(N)`; without it, `main()`.
    pub fn seeded<F, G>(name: &'static str, main: fn() -> F, run: fn(u64) -> G) -> Self
    where
        F: Future<Output = Result<()>> + 'static,
        G: Future<Output = Result<()>> + 'static,
    {
        let entry = Entry::Async(Box::new(move |seed| match seed {
            Some(seed) => Box::pin(run(seed)),
            None => Box::pin(main()),
        }));
        Self::with(name, entry)
    }

    /// A lesson that builds and drives its own runtime: `fn main() -> Result<()>`.
    pub fn blocking(name: &'static str, main: fn() -> Result<()>) -> Self {
        Self::with(name, Entry::Blocking(main))
    }

    /// A lesson that handles Ctrl-C itself (`tokio::signal::ctrl_c()`), as `shutdown`
    /// does: SIGINT is left to it. Any other lesson is stopped by SIGINT or SIGTERM
    /// as if it had failed there: its future dropped (its `kill_on_drop` children
    /// killed with it), exit status 130 or 143.
    #[must_use]
    pub fn handles_ctrl_c(mut self) -> Self {
        self.stop_on_ctrl_c = false;
        self
    }

    /// This lesson takes arguments of its own (`usage`, for `--help`): what the
    /// command line holds besides the lesson's name, `--scale` and `--seed` is
    /// given to it, in order, through [`args`], once `check` has accepted it.
    /// Any other lesson refuses them.
    #[must_use]
    pub fn takes(mut self, usage: &'static str, check: Check) -> Self {
        self.takes = Some(Takes { usage, check });
        self
    }

    /// Its line in the course: what it is about.
    fn about(&self) -> &'static str {
        protocol::course::find(self.name).map_or("(not in course.txt)", |entry| entry.about)
    }

    /// It measures a speed-up, so `cargo xtask run-all` gives it the machine alone.
    fn alone(&self) -> bool {
        protocol::course::find(self.name).is_some_and(|entry| entry.alone)
    }
}

impl std::fmt::Debug for Lesson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lesson").field("name", &self.name).finish_non_exhaustive()
    }
}

/// The crate's lessons against its lines in `course.txt`: the same names (the
/// crate runs them in its own order), or one line saying which is missing where. A crate's test calls it
/// with the list its `main` runs.
pub fn check_course(krate: &str, lessons: &[Lesson]) -> Result<(), String> {
    let ours: Vec<&str> = lessons.iter().map(|l| l.name).collect();
    let course: Vec<&str> = protocol::course::of_crate(krate).iter().map(|l| l.name).collect();
    protocol::course::same_lessons(krate, &ours, &course)
}

/// The whole `main` of a lesson crate: parse the command line, run one lesson
/// or all of them. Exit status 0 when every lesson ran, 1 when one failed, 2 for
/// bad input (one line on stderr saying what was wrong).
pub fn main(krate: &str, about: &str, lessons: &[Lesson]) -> ExitCode {
    main_with(krate, about, "", lessons, |_, _| Ok(None))
}

/// What a crate does before each lesson runs, given the lesson's name and its
/// arguments (which it may add to): check them (a [`BadInput`] exits 2), start a
/// peer the lesson talks to, state the claim that peer makes. What it returns is
/// kept until the lesson ends.
pub type Prepare = fn(&str, &mut Vec<String>) -> Result<Option<Box<dyn Any>>>;

/// With this in the environment (`LESSON_CHECK_ONLY=1`), a lesson binary checks its
/// whole command line, the lessons' own arguments included, and exits: 0, or 2
/// with its one line. `cargo xtask run` asks it so before anything runs.
pub const CHECK_ONLY: &str = "LESSON_CHECK_ONLY";

/// [`main`] for a crate whose lessons take arguments: `options` is the `--help`
/// text for them, and `prepare` runs before each lesson.
pub fn main_with(
    krate: &str,
    about: &str,
    options: &str,
    lessons: &[Lesson],
    prepare: Prepare,
) -> ExitCode {
    output::set_program(krate, WhenGone::GoOn);
    let command = match cli::parse(std::env::args_os().skip(1), lessons) {
        Ok(command) => command,
        Err(err) => {
            warn!("{krate}: {err:#} (see --help)");
            return ExitCode::from(2);
        }
    };
    let (only, settings, args) = match command {
        cli::Command::Help => {
            protocol::out!("{}", cli::help(krate, about, options, lessons));
            return ExitCode::SUCCESS;
        }
        cli::Command::List => {
            for lesson in lessons {
                let alone = if lesson.alone() { "\talone" } else { "" };
                protocol::out!("{}\t{}{alone}\n", lesson.name, lesson.about());
            }
            return ExitCode::SUCCESS;
        }
        cli::Command::Run { lesson, settings, args } => (lesson, settings, args),
    };
    if std::env::var_os(CHECK_ONLY).is_some_and(|v| v == "1") {
        return ExitCode::SUCCESS;
    }
    one_line_panics();
    signals::listen();
    // The trace's file, opened before the run so that a path it cannot write fails now.
    let trace = match &settings.trace {
        None => None,
        Some(path) => match std::fs::File::create(path) {
            Ok(file) => Some((path.clone(), file)),
            Err(err) => {
                warn!("{krate}: cannot write --trace {}: {err}", path.display());
                return ExitCode::from(2);
            }
        },
    };

    // The last bad input `prepare` found, so that one found for every lesson is said once.
    let mut said: Option<String> = None;
    for (i, lesson) in lessons.iter().enumerate() {
        if only.is_some_and(|only| only != i) {
            continue;
        }
        if only.is_none() {
            protocol::out!("== {}: {} ==\n", lesson.name, lesson.about());
        }
        let run = if settings.timeline || trace.is_some() {
            run::Run::keeping_events(settings.scale)
        } else {
            run::Run::new(settings.scale, true)
        };
        run::Run::set_for_process(run.clone());
        let mut args = if lesson.takes.is_some() { args.clone() } else { Vec::new() };
        let outcome = match prepare(lesson.name, &mut args) {
            // Bad arguments for every lesson (running them all): said once.
            Err(err) if err.is::<BadInput>() && said.as_ref() == Some(&err.to_string()) => {
                continue;
            }
            Err(err) => {
                said = err.is::<BadInput>().then(|| err.to_string());
                Err(err)
            }
            Ok(peer) => {
                run.set_args(args);
                let started = std::panic::AssertUnwindSafe(|| start(lesson, settings.seed, &run));
                // The panic's one line is already said (see `one_line_panics`).
                let ended = std::panic::catch_unwind(started)
                    .unwrap_or_else(|_| Ended::Ran(Err(anyhow::anyhow!(Panicked))));
                drop(peer);
                let name = format!("{krate} {}", lesson.name);
                match ended {
                    Ended::Ran(outcome) => outcome,
                    Ended::Stopped(stopped) => {
                        // What ran until the signal, before the process ends.
                        if let Err(err) = show(&run, &settings, trace.as_ref(), &name) {
                            warn!("{name}: {err:#}");
                        }
                        signals::exit(lesson.name, stopped, None)
                    }
                }
            }
        };
        // A lesson that fails just as a signal came (a child killed by the same
        // Ctrl-C, a lesson that handles Ctrl-C by giving up) was stopped by it.
        if let Err(err) = &outcome {
            if let Some(stopped) = signals::heard_within(std::time::Duration::from_millis(100)) {
                let said = (!err.is::<Panicked>()).then(|| format!("{err:#}"));
                signals::exit(lesson.name, stopped, said.as_deref());
            }
        }
        match outcome {
            Ok(()) => {
                run.finish();
                let name = format!("{krate} {}", lesson.name);
                if let Err(err) = show(&run, &settings, trace.as_ref(), &name) {
                    output::fail(1);
                    warn!("{name}: {err:#}");
                }
            }
            Err(err) => {
                // The worst status wins: bad input (2) over a failed run (1), whatever comes last.
                output::fail(if err.is::<BadInput>() { 2 } else { 1 });
                if !err.is::<Panicked>() {
                    warn!("{krate} {}: {err:#}", lesson.name);
                }
            }
        }
        if only.is_none() {
            protocol::out!("\n");
        }
    }
    ExitCode::from(output::status())
}

/// After a run: its timeline (`--timeline`), as wide as `$COLUMNS` says or 80, and
/// its Chrome trace (`--trace FILE`, opened before the run).
fn show(
    run: &run::Run,
    settings: &cli::Settings,
    trace: Option<&(std::path::PathBuf, std::fs::File)>,
    name: &str,
) -> Result<()> {
    let events = run.events();
    if settings.timeline {
        // A terminal's width, where it says it; 80 columns anywhere else.
        let columns = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok());
        let terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
        let width = columns.filter(|_| terminal).unwrap_or(80).clamp(40, 400);
        let picture = protocol::timeline::picture(&events, &run.busy(), width);
        protocol::out!("\n{picture}");
        let not_kept = run.events_not_kept();
        if not_kept > 0 {
            protocol::out!("(the first {} events; {not_kept} more were not kept)\n", run::KEPT);
        }
    }
    if let Some((path, file)) = trace {
        use std::io::Write as _;
        let busy = run.busy();
        let text = protocol::timeline::chrome_trace(&events, &busy, &format!("tokio: {name}"));
        let mut file = file;
        file.write_all(text.as_bytes()).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// How a lesson ended, when nothing panicked.
enum Ended {
    Ran(Result<()>),
    Stopped(signals::Stopped),
}

/// Async lessons run on one thread, as `#[tokio::main(flavor = "current_thread")]`
/// would run them: that is asyncio's model (one loop, one thread), and the one
/// `#[tokio::test]` uses, so a test and a real run schedule alike. It also keeps
/// the lessons honest: a blocking call stalls every task, as it would in asyncio,
/// instead of hiding on a spare worker thread, and `cargo xtask run-all` sees it.
///
/// A signal stops it there: see [`Lesson::handles_ctrl_c`] and `signals`.
fn start(lesson: &Lesson, seed: Option<u64>, run: &Arc<run::Run>) -> Ended {
    let entry = match &lesson.entry {
        Entry::Async(entry) => entry,
        Entry::Blocking(main) => {
            let _ = signals::running(lesson.name, lesson.stop_on_ctrl_c, false);
            return Ended::Ran(main());
        }
    };
    let stop = signals::running(lesson.name, lesson.stop_on_ctrl_c, true);
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => return Ended::Ran(Err(err).context("building the tokio runtime")),
    };
    // For a timeline: when the thread was held (stopped before the trace is written).
    let _busy = run.watch_busy(runtime.handle());
    let ended = runtime.block_on(async {
        // `biased`: the lesson first, so that one handling the signal itself has its way.
        tokio::select! {
            biased;
            outcome = entry(seed) => Ended::Ran(outcome),
            stopped = stop.wait() => Ended::Stopped(stopped),
        }
    });
    if let Ended::Stopped(_) = ended {
        // The lesson's future is dropped; its tasks go with the runtime, whose blocking
        // threads are not waited for.
        runtime.shutdown_background();
    }
    ended
}

/// A panic anywhere in a lesson is one line on stderr, and a failed run (exit
/// status 1): `#[tokio::main]`'s "Failed building the Runtime", say, when no file
/// is left to open.
fn one_line_panics() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_owned());
        let at = info.location().map(|l| format!(" (at {}:{})", l.file(), l.line()));
        let thread = std::thread::current();
        let thread = thread.name().map(|name| format!(" in thread {name}")).unwrap_or_default();
        warn!("{}: panicked{thread}: {message}{}", output::name(), at.unwrap_or_default());
    }));
}
