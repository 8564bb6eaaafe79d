//! `cargo xtask`: the workspace's own task runner, reached through the alias in
//! `.cargo/config.toml` (the cargo-xtask convention: <https://github.com/matklad/cargo-xtask>).
//!
//! It knows the lessons only as processes: their `--list`, and their stdout,
//! where each prints its claim first and its events after.

/// `eprintln!` that never panics (stderr on a full disk, say): the line is lost instead.
macro_rules! warn {
    ($($arg:tt)*) => {
        $crate::to_stderr(::std::format_args!("{}\n", ::std::format_args!($($arg)*)))
    };
}

mod bench;
mod book;
mod compare;
mod copies;
mod lessons;
mod report;
mod runner;
mod timeline;

use std::ffi::OsString;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use lexopt::Arg::{Long, Short};
use lexopt::ValueExt as _;

use report::{Row, Verdict};
use runner::Limits;

const USAGE: &str = "\
Usage: cargo xtask <TASK>

Tasks:
  run-all [OPTIONS]      build once, run every lesson, time each against its claim
  run LESSON [ARGS]      the same for one lesson; ARGS go to the lesson, anywhere
                         (cargo xtask run gather-random --seed 7 --scale 0.1)
  list [--only CRATE]    every lesson in the course's order (course.txt), with its
                         crate and what it shows
  copies                 write each lesson as a plain tokio program under
                         target/copies, build and run it, check it prints the
                         lesson's events
  compare [LESSON|CRATE] [--scale F]
                         each lesson beside its asyncio twin (python/), run at
                         the same scale: the events in two columns, the order,
                         each side's time against its claim
  timeline LESSON [--scale F]
                         the lesson and its asyncio twin as one picture, a row
                         per task: writes target/timeline/LESSON.svg
  bench [--quick] [--json FILE] [SCENARIO...]
                         tokio against asyncio, measured side by side (release
                         build); SCENARIO: tasks, timer, http, spawn
  book [--open] [--check]
                         the course as a book (mdBook) in target/book: each
                         lesson's prose, plain program, twin, a run at --scale
                         0.1, its timeline and its differences; --check opens
                         every page in headless Chromium

run-all options:
  --scale F          multiply every delay by F, from 0.01 to 100 (default 1)
  --seed N           seed for the random delays (default: drawn, and printed)
  --only CRATE       only the lessons of CRATE (e.g. examples-tasks)
  --json FILE        write one JSON record per lesson to FILE
  --jobs N           how many lessons that only wait run side by side, from 1 to
                     64 (default 64: all of them, started 30 ms apart); those
                     that measure a speed-up run alone first
  --tolerance F      a lesson passes up to ideal × (1 + F) + GRACE (default 0.05)
  --grace MS         (default 50)
";

/// Set by Ctrl-C or SIGTERM: pass it on to the running lessons, print the rows
/// that finished.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// Set by a second one: kill the lessons now.
static FORCED: AtomicBool = AtomicBool::new(false);
/// The last of those signals: SIGINT or SIGTERM.
static SIGNAL: AtomicI32 = AtomicI32::new(0);

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let task = args.next().map(|task| task.to_string_lossy().into_owned());
    let args: Vec<OsString> = args.collect();
    let outcome = match task.as_deref() {
        None | Some("help" | "--help" | "-h") => {
            out(USAGE);
            Ok(ExitCode::SUCCESS)
        }
        Some("run-all") => run_all(args),
        Some("run") => run(args),
        Some("list") => list(args),
        Some("copies") => copies::copies(args),
        Some("compare") => compare::compare(args),
        Some("bench") => bench::bench(args),
        Some("timeline") => timeline::timeline(args),
        Some("book") => book::book(args),
        Some(other) => Err(usage(format!(
            "unknown task '{other}'; expected one of: run-all, run, list, copies, compare, timeline, \
             bench, book"
        ))),
    };
    match outcome {
        Ok(code) => code,
        Err(err) => {
            warn!("xtask: {err:#}");
            ExitCode::from(if err.is::<Usage>() { 2 } else { 1 })
        }
    }
}

/// An error in what was asked (exit status 2), not in running it (1).
#[derive(Debug)]
struct Usage(String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

fn usage(message: String) -> anyhow::Error {
    Usage(format!("{message} (see `cargo xtask --help`)")).into()
}

#[derive(Debug, PartialEq)]
struct RunAll {
    /// `--scale` and `--seed`, as given: the lessons check them.
    shared: Vec<OsString>,
    seed: Option<String>,
    only: Option<String>,
    json: Option<PathBuf>,
    /// How many lessons that only wait run at once.
    jobs: usize,
    limits: Limits,
}

/// What `--jobs` is by default: how many waiting lessons run side by side.
const JOBS: usize = 64;

/// The least time between two lessons' starts.
const STAGGER: Duration = Duration::from_millis(30);

fn parse_run_all(args: Vec<OsString>) -> Result<RunAll> {
    let mut parser = lexopt::Parser::from_args(args);
    let mut options = RunAll {
        shared: Vec::new(),
        seed: None,
        only: None,
        json: None,
        jobs: JOBS,
        limits: Limits::default(),
    };
    let bad = |flag: &str, accepted: &str, value: &str| {
        usage(format!("{flag} takes {accepted}, got '{value}'"))
    };
    while let Some(arg) = parser.next().map_err(|err| usage(err.to_string()))? {
        let flag = match arg {
            Long("help") | Short('h') => return Err(usage("run-all takes these options".into())),
            Long(flag) => flag.to_owned(),
            other => return Err(usage(other.unexpected().to_string())),
        };
        let mut value = || -> Result<String> {
            parser.value().map_err(|err| usage(err.to_string()))?.string().map_err(Into::into)
        };
        match flag.as_str() {
            "scale" => options.shared.extend(["--scale".into(), value()?.into()]),
            "seed" => options.seed = Some(value()?),
            "only" => options.only = Some(value()?),
            "json" => options.json = Some(value()?.into()),
            "jobs" => {
                let text = value()?;
                options.jobs = text
                    .parse()
                    .ok()
                    .filter(|n| (1..=64).contains(n))
                    .ok_or_else(|| bad("--jobs", "a whole number from 1 to 64", &text))?;
            }
            "tolerance" => {
                let text = value()?;
                options.limits.tolerance = text
                    .parse()
                    .ok()
                    .filter(|f: &f64| (0.0..=10.0).contains(f))
                    .ok_or_else(|| bad("--tolerance", "a number from 0 to 10", &text))?;
            }
            "grace" => {
                let text = value()?;
                let ms = text
                    .parse()
                    .ok()
                    .filter(|ms| *ms <= 60_000)
                    .ok_or_else(|| bad("--grace", "whole milliseconds up to 60000", &text))?;
                options.limits.grace = Duration::from_millis(ms);
            }
            _ => return Err(usage(format!("invalid option '--{flag}'"))),
        }
    }
    Ok(options)
}

fn run_all(args: Vec<OsString>) -> Result<ExitCode> {
    let mut options = parse_run_all(args)?;
    // Before anything runs: a file that cannot be written would lose the whole run.
    let json = match &options.json {
        Some(path) => Some(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        ),
        None => None,
    };
    // No --seed: a different one each run (std has no RNG; the clock will do),
    // printed so that the run can be replayed.
    let seed = options.seed.take().unwrap_or_else(|| {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        (now.map_or(0, |d| d.subsec_nanos()) % 1_000_000).to_string()
    });
    let scale = options.shared.get(1).map_or("1".into(), |s| s.to_string_lossy().into_owned());
    options.shared.extend(["--seed".into(), seed.clone().into()]);
    let lessons = lessons::find(options.only.as_deref(), &options.shared)?;
    let alone = lessons.iter().filter(|l| l.alone).count();
    warn!(
        "running {} lessons at --scale {scale} with --seed {seed}: {alone} alone, then the rest \
         {} at a time",
        lessons.len(),
        options.jobs
    );
    catch_ctrl_c()?;

    let started = Instant::now();
    let rows = run_lessons(&lessons, &options);
    let rows: Vec<Row> = rows.into_iter().flatten().collect();

    // The JSON file first: a reader of stdout that went away (`| head`) ends the run.
    if let Some(mut file) = json {
        let text = serde_json::to_string_pretty(&report::json(&rows))? + "\n";
        file.write_all(text.as_bytes()).context("writing the JSON file")?;
    }
    let passed = rows.len() == lessons.len() && rows.iter().all(|r| r.verdict.passed());
    if !passed {
        mark_failed();
    }
    out(&report::summary(&rows, started.elapsed()));
    Ok(exit_code(passed))
}

/// Run every lesson, in two passes: those that need the machine to themselves
/// (they measure a speed-up) one at a time, then the rest, which mostly wait,
/// `jobs` at a time. Each is still its own process, timed from outside. The rows
/// come back in the lessons' order; a lesson stopped by Ctrl-C has none.
fn run_lessons(lessons: &[lessons::Lesson], options: &RunAll) -> Vec<Option<Row>> {
    let rows: Mutex<Vec<Option<Row>>> = Mutex::new(vec![None; lessons.len()]);
    let done = AtomicUsize::new(0);
    let run_one = |i: usize, again: bool| {
        let lesson = &lessons[i];
        if INTERRUPTED.load(Ordering::SeqCst) {
            return;
        }
        let command = lesson.command(&options.shared);
        let finished =
            runner::run(command, &options.limits, runner::Echo::No, &INTERRUPTED, |_| {});
        let label = format!("{} {}", lesson.krate, lesson.name);
        let finished = match finished {
            Ok(finished) if finished.interrupted => return warn!("{label}: interrupted"),
            Ok(finished) => finished,
            Err(err) => return warn!("{label}: {err:#}"),
        };
        let mut row = Row::new(lesson, &finished, &options.limits);
        if !lesson.alone && matches!(finished.claim, Some(report::Claim::SpeedUp { .. })) {
            // Measured beside other lessons, a speed-up says nothing.
            row.verdict = report::Verdict::Failed;
            row.stderr_tail = vec![format!(
                "{} claims a speed-up, so it must run alone: `.alone()` in {}/src/main.rs",
                lesson.name, lesson.krate
            )];
        }
        row.again = again;
        let n = if again { lessons.len() } else { done.fetch_add(1, Ordering::SeqCst) + 1 };
        let again = if again { " (again, alone)" } else { "" };
        let (took, verdict) = (finished.measured.as_secs_f64(), row.verdict.as_str());
        warn!("[{n}/{}] {label} {took:.3}s {verdict}{again}", lessons.len());
        rows.lock().unwrap_or_else(std::sync::PoisonError::into_inner)[i] = Some(row);
    };
    let (alone, side_by_side): (Vec<usize>, Vec<usize>) =
        (0..lessons.len()).partition(|&i| lessons[i].alone);
    alone.into_iter().for_each(|i| run_one(i, false));
    let next = AtomicUsize::new(0);
    // One start at a time, a moment apart: a lesson's first milliseconds (the
    // process, the runtime, its first lines) are its busiest, and a lesson that
    // claims 0 s has only the grace to spare.
    let last_start = Mutex::new(Instant::now());
    let start_in_turn = || {
        let mut last = last_start.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        std::thread::sleep(STAGGER.saturating_sub(last.elapsed()));
        *last = Instant::now();
    };
    std::thread::scope(|scope| {
        for _ in 0..options.jobs.min(side_by_side.len()) {
            scope.spawn(|| {
                while let Some(&i) = side_by_side.get(next.fetch_add(1, Ordering::SeqCst)) {
                    start_in_turn();
                    run_one(i, false);
                }
            });
        }
    });
    // Too slow beside the others (a busy machine, a start among fifty): once more,
    // alone. A lesson that really serialises its waits is too slow both times.
    let rows_now = || rows.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    let too_slow = |row: &Option<Row>| row.as_ref().is_some_and(|r| r.verdict == Verdict::TooSlow);
    for i in side_by_side.into_iter().filter(|&i| too_slow(&rows_now()[i])) {
        run_one(i, true);
    }
    rows.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `run LESSON [ARGS]`: every argument but the lesson's name goes to the lesson,
/// wherever it stands, so `run --scale 0.1 gather` and `run gather --scale 0.1` agree.
/// A person is watching: no deadline, and Ctrl-C goes to the lesson, which may
/// take its time to stop (a second Ctrl-C kills it).
fn run(args: Vec<OsString>) -> Result<ExitCode> {
    let all = lessons::find(None, &[])?;
    let (name, rest) = lesson_and_args(args, |name| all.iter().any(|l| l.name == name))?;
    let lesson = all.into_iter().find(|l| l.name == name).expect("lesson_and_args found it");
    lesson.check(&rest)?;
    catch_ctrl_c()?;
    let limits = Limits::default();
    let finished =
        runner::run(lesson.command(&rest), &limits, runner::Echo::Yes, &INTERRUPTED, |_| {})?;
    if finished.interrupted {
        // Stopped by Ctrl-C: no claim to judge. A lesson that stopped cleanly (the
        // shutdown lesson) ends the run as it ended.
        return Ok(match finished.exit {
            runner::Exit::Code(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
            _ => ExitCode::from(interrupted_status()),
        });
    }
    let row = Row::new(&lesson, &finished, &limits);
    if !row.verdict.passed() {
        mark_failed();
    }
    out(&format!("\n{}", report::table(std::slice::from_ref(&row))));
    Ok(exit_code(row.verdict.passed()))
}

/// The first argument that names a lesson is the lesson; the rest are its own, in
/// their order (a lesson's flags and their values, URLs).
fn lesson_and_args(
    args: Vec<OsString>,
    is_lesson: impl Fn(&str) -> bool,
) -> Result<(String, Vec<OsString>)> {
    let at = args.iter().position(|arg| is_lesson(&arg.to_string_lossy()));
    let Some(at) = at else {
        let words: Vec<String> = args
            .iter()
            .map(|a| a.to_string_lossy())
            .filter(|a| !a.starts_with('-'))
            .map(|a| format!("'{a}'"))
            .collect();
        return Err(usage(if words.is_empty() {
            "run needs a LESSON; `cargo xtask list` shows them".into()
        } else {
            format!("no lesson named {}; `cargo xtask list` shows them", words.join(" or "))
        }));
    };
    let mut rest = args;
    let name = rest.remove(at).to_string_lossy().into_owned();
    Ok((name, rest))
}

/// The command line of a task that takes one name and a few `--flag VALUE`s
/// (`compare [LESSON|CRATE] [--scale F]`, `timeline LESSON [--scale F]`, `list
/// [--only CRATE]`): the name, and each flag's value (or `None`), in `flags`' order.
fn name_and_flags(
    task: &str,
    args: Vec<OsString>,
    flags: &[&str],
) -> Result<(Option<String>, Vec<Option<String>>)> {
    let mut parser = lexopt::Parser::from_args(args);
    let (mut name, mut values) = (None, vec![None; flags.len()]);
    let bad = |err: lexopt::Error| usage(format!("{task}: {err}"));
    while let Some(arg) = parser.next().map_err(bad)? {
        match arg {
            Long(flag) if flags.contains(&flag) => {
                let at = flags.iter().position(|f| *f == flag).expect("contained");
                values[at] = Some(parser.value().map_err(bad)?.string().map_err(bad)?);
            }
            lexopt::Arg::Value(value) if name.is_none() => {
                name = Some(value.string().map_err(bad)?);
            }
            other => return Err(bad(other.unexpected())),
        }
    }
    Ok((name, values))
}

fn list(args: Vec<OsString>) -> Result<ExitCode> {
    let (name, flags) = name_and_flags("list", args, &["only"])?;
    if let Some(name) = name {
        return Err(usage(format!("list: unexpected argument '{name}'")));
    }
    let only = flags.into_iter().next().flatten();
    // In the course's order, under the title of each part.
    let mut part = "";
    for lesson in lessons::find(only.as_deref(), &[])? {
        let here = protocol::course::lessons().into_iter().find(|e| e.name == lesson.name);
        let here = here.map_or("", |entry| entry.part);
        if here != part {
            out(&format!("{}{here}\n", if part.is_empty() { "" } else { "\n" }));
            part = here;
        }
        out(&format!("  {:<18} {:<17} {}\n", lesson.name, lesson.krate, lesson.about));
    }
    Ok(ExitCode::SUCCESS)
}

/// Catch Ctrl-C and SIGTERM from here on: the first sets [`INTERRUPTED`] (the
/// running lessons get the same signal and a moment to stop), a second [`FORCED`].
fn catch_ctrl_c() -> Result<()> {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let mut signals =
            signal_hook::iterator::Signals::new([SIGINT, SIGTERM]).context("catching Ctrl-C")?;
        std::thread::spawn(move || {
            for signal in signals.forever() {
                SIGNAL.store(signal, Ordering::SeqCst);
                if INTERRUPTED.swap(true, Ordering::SeqCst) {
                    FORCED.store(true, Ordering::SeqCst);
                }
            }
        });
    }
    Ok(())
}

/// The signal to pass on to a lesson: the one xtask received.
fn signal_received() -> &'static str {
    #[cfg(unix)]
    if SIGNAL.load(Ordering::SeqCst) == signal_hook::consts::SIGTERM {
        return "TERM";
    }
    "INT"
}

/// The status of a run that a signal stopped: 128 + the signal, as a shell reports it.
fn interrupted_status() -> u8 {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => 130,
        signal => u8::try_from(128 + signal).unwrap_or(130),
    }
}

fn exit_code(passed: bool) -> ExitCode {
    if INTERRUPTED.load(Ordering::SeqCst) {
        ExitCode::from(interrupted_status())
    } else if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Set once something has failed (a lesson, a comparison): the exit status if
/// stdout closes early.
static FAILED: AtomicBool = AtomicBool::new(false);

/// Something has failed: the run ends with status 1, even if its stdout closes first.
/// Call it before printing the line that says so.
fn mark_failed() {
    FAILED.store(true, Ordering::SeqCst);
}

/// Write to stdout, never panicking. A reader that went away (`| head`) ends the
/// run at once and quietly, with the status of what had already failed (130 after
/// Ctrl-C); any other error (`> /dev/full`) is one line on stderr and status 1.
fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let Err(err) = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) else {
        return;
    };
    drop(stdout);
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        let status = if INTERRUPTED.load(Ordering::SeqCst) {
            i32::from(interrupted_status())
        } else {
            i32::from(FAILED.load(Ordering::SeqCst))
        };
        std::process::exit(status);
    }
    warn!("xtask: cannot write to stdout: {err}");
    std::process::exit(1);
}

/// Write to stderr, never panicking: what `warn!` calls. If stderr cannot be written
/// either, there is nowhere left to say so.
fn to_stderr(text: std::fmt::Arguments<'_>) {
    // One write, so that lines from several threads or processes never interleave.
    let _ = std::io::stderr().lock().write_all(text.to_string().as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<OsString> {
        line.split_whitespace().map(OsString::from).collect()
    }

    #[test]
    fn run_all_passes_scale_and_seed_to_the_lessons_and_keeps_the_rest() {
        let options =
            parse_run_all(words("--scale 0.1 --seed 7 --only examples-tasks --grace 80")).unwrap();
        assert_eq!(options.shared, words("--scale 0.1"));
        assert_eq!(options.seed.as_deref(), Some("7"));
        assert_eq!(options.only.as_deref(), Some("examples-tasks"));
        assert_eq!(options.limits.grace, Duration::from_millis(80));
    }

    #[test]
    fn a_json_file_that_cannot_be_written_fails_before_anything_runs() {
        let started = Instant::now();
        let err = run_all(words("--json /nonexistent/dir/x.json")).unwrap_err();
        assert!(format!("{err:#}").starts_with("creating /nonexistent/dir/x.json: "), "{err:#}");
        assert!(started.elapsed() < Duration::from_secs(5), "it ran the lessons first");
    }

    #[test]
    fn run_finds_the_lesson_wherever_it_stands() {
        let is_lesson = |name: &str| ["gather", "shutdown", "fetch-concurrent"].contains(&name);
        for line in [
            "gather --scale 0.1 --seed 7",
            "--scale 0.1 gather --seed 7",
            "--scale=0.1 --seed 7 gather",
        ] {
            let (name, rest) = lesson_and_args(words(line), is_lesson).unwrap();
            assert_eq!(name, "gather", "{line}");
            assert_eq!(rest.len(), if line.contains('=') { 3 } else { 4 }, "{line}");
        }
        // A flag of the lesson's own, before or after it.
        for line in ["--wait-for-ctrl-c shutdown", "shutdown --wait-for-ctrl-c"] {
            let (name, rest) = lesson_and_args(words(line), is_lesson).unwrap();
            assert_eq!((name.as_str(), rest), ("shutdown", words("--wait-for-ctrl-c")), "{line}");
        }
        let (name, rest) =
            lesson_and_args(words("fetch-concurrent http://a http://b"), is_lesson).unwrap();
        assert_eq!((name.as_str(), rest), ("fetch-concurrent", words("http://a http://b")));
    }

    #[test]
    fn bad_input_is_one_clear_usage_error() {
        let error = |err: anyhow::Error| {
            assert!(err.is::<Usage>());
            err.to_string()
        };
        assert_eq!(
            error(parse_run_all(words("--fast")).unwrap_err()),
            "invalid option '--fast' (see `cargo xtask --help`)"
        );
        assert_eq!(
            error(parse_run_all(words("--grace -1")).unwrap_err()),
            "--grace takes whole milliseconds up to 60000, got '-1' (see `cargo xtask --help`)"
        );
        let no_lesson = |_: &str| false;
        assert_eq!(
            error(lesson_and_args(words(""), no_lesson).unwrap_err()),
            "run needs a LESSON; `cargo xtask list` shows them (see `cargo xtask --help`)"
        );
        assert_eq!(
            error(lesson_and_args(words("gathr --scale 0.1"), no_lesson).unwrap_err()),
            "no lesson named 'gathr' or '0.1'; `cargo xtask list` shows them (see `cargo xtask --help`)"
        );
    }
}
