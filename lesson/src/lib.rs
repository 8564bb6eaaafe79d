//! Shared plumbing for the lessons, so that a lesson file holds only the lesson:
//!
//! - [`Ctx`]: the lesson's clock, scale and seed, and its output. Every event line
//!   is stamped with the time since the lesson began (`[ 0.250s] 3 done`) and
//!   recorded, so a test on tokio's paused clock can assert the exact lines.
//! - [`Ctx::claim`]: what the lesson says it will take. It is printed against what
//!   happened (`took 3.002s · ideal 3.000s · one by one 6.000s`) and, with
//!   `--report FILE`, appended to FILE as `lesson=NAME ideal=SECS one_by_one=SECS`
//!   for `cargo xtask run-all` to read.
//! - [`main`]: the command line every example crate shares.

mod cli;
mod ctx;

use std::future::Future;
use std::pin::Pin;
use std::process::ExitCode;
use std::rc::Rc;

use anyhow::{Context as _, Result};

pub use cli::{Args, value};
pub use ctx::{Claim, Ctx};
/// The parser [`Args::flag`] reads option values from.
pub use lexopt;

/// One lesson of a crate: its name on the command line, one line about it, and
/// the function that runs it.
pub struct Lesson<A = ()> {
    name: &'static str,
    about: &'static str,
    entry: Entry<A>,
}

type BoxedRun<A> = Box<dyn Fn(Ctx<A>) -> Pin<Box<dyn Future<Output = Result<()>>>>>;

enum Entry<A> {
    /// An `async fn(&Ctx)`, run on a current-thread runtime: see [`run`].
    Async(BoxedRun<A>),
    /// A plain `fn(&Ctx)` that builds its own runtime (the lessons about runtimes).
    Blocking(fn(&Ctx<A>) -> Result<()>),
}

impl<A: 'static> Lesson<A> {
    /// A lesson written as `async fn run(cx: &Ctx) -> Result<T>`.
    pub fn new<T>(
        name: &'static str,
        about: &'static str,
        run: impl AsyncFn(&Ctx<A>) -> Result<T> + 'static,
    ) -> Self {
        let run = Rc::new(run);
        let entry = Entry::Async(Box::new(move |cx| {
            let run = Rc::clone(&run);
            Box::pin(async move { run(&cx).await.map(drop) })
        }));
        Self { name, about, entry }
    }

    /// A lesson that builds and drives its own runtime.
    pub fn blocking(
        name: &'static str,
        about: &'static str,
        run: fn(&Ctx<A>) -> Result<()>,
    ) -> Self {
        Self { name, about, entry: Entry::Blocking(run) }
    }
}

impl<A> std::fmt::Debug for Lesson<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lesson").field("name", &self.name).finish_non_exhaustive()
    }
}

/// The whole `main` of an example crate: parse the command line, run one lesson
/// or all of them. Exit status 0 when every lesson ran, 1 when one failed, 2 for
/// bad input (one line on stderr saying what was wrong).
pub fn main<A: Args>(krate: &str, about: &str, lessons: &[Lesson<A>]) -> ExitCode {
    let command = match cli::parse(std::env::args_os().skip(1), lessons) {
        Ok(command) => command,
        Err(err) => {
            eprintln!("{krate}: {err:#} (see --help)");
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
                out(format_args!("{}\t{}\n", lesson.name, lesson.about));
            }
            return ExitCode::SUCCESS;
        }
        cli::Command::Run { lesson, settings, args } => (lesson, settings, args),
    };

    let mut failed = false;
    for (i, lesson) in lessons.iter().enumerate() {
        if only.is_some_and(|only| only != i) {
            continue;
        }
        if only.is_none() {
            out(format_args!("== {}: {} ==\n", lesson.name, lesson.about));
        }
        let cx = Ctx::new(lesson.name, settings.clone(), args.clone());
        match run(lesson, &cx) {
            Ok(()) => cx.finish(),
            Err(err) => {
                eprintln!("{krate} {}: {err:#}", lesson.name);
                failed = true;
            }
        }
        if only.is_none() {
            out(format_args!("\n"));
        }
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// Write to stdout. When the reader has gone away (`| head`), end quietly with
/// status 0, as `cat` would: that is not worth a panic, nor worth going on.
pub(crate) fn out(text: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    if let Err(err) = std::io::stdout().lock().write_fmt(text) {
        if err.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

/// Async lessons run on one thread, as `#[tokio::main(flavor = "current_thread")]`
/// would run them: that is asyncio's model (one loop, one thread), and the one
/// `#[tokio::test]` uses, so a test and a real run schedule alike. It also keeps
/// the lessons honest: a blocking call stalls every task, as it would in asyncio,
/// instead of hiding on a spare worker thread, and `cargo xtask run-all` sees it.
fn run<A>(lesson: &Lesson<A>, cx: &Ctx<A>) -> Result<()> {
    match &lesson.entry {
        Entry::Async(run) => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("building the tokio runtime")?
            .block_on(run(cx.clone())),
        Entry::Blocking(run) => run(cx),
    }
}
