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
mod compare;
mod copies;
mod lessons;
mod report;
mod runner;

use std::ffi::OsString;
use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use lexopt::Arg::{Long, Short};
use lexopt::ValueExt as _;

use report::{Limits, Row};

const USAGE: &str = "\
Usage: cargo xtask <TASK>

Tasks:
  run-all [OPTIONS]      build once, run every lesson, time each against its claim
  run LESSON [ARGS]      the same for one lesson; ARGS go to the lesson, anywhere
                         (cargo xtask run gather-random --seed 7 --scale 0.1)
  list [--only CRATE]    every lesson, with its crate and what it shows
  copies                 write each lesson as a plain tokio program under
                         target/copies, build and run it, check it prints the
                         lesson's events
  compare [LESSON|CRATE] [--scale F]
                         each lesson beside its asyncio twin (python/), run at
                         the same scale: the events in two columns, the order,
                         each side's time against its claim
  bench [--quick] [--json FILE] [SCENARIO...]
                         tokio against asyncio, measured side by side (release
                         build); SCENARIO: tasks, timer, http, spawn

run-all options:
  --scale F          multiply every delay by F, from 0.01 to 100 (default 1)
  --seed N           seed for the random delays (default: drawn, and printed)
  --only CRATE       only the lessons of CRATE (e.g. examples-tasks)
  --json FILE        write one JSON record per lesson to FILE
  --tolerance F      a lesson passes up to ideal × (1 + F) + GRACE (default 0.05)
  --grace MS         (default 50)
";

/// Set by Ctrl-C: stop the running lesson, print the rows that finished.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let task = args.next().map(|task| task.to_string_lossy().into_owned());
    let args: Vec<OsString> = args.collect();
    if stdout_is_closed() {
        warn!("xtask: cannot write to stdout: it is closed");
        return ExitCode::FAILURE;
    }
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
        Some(other) => Err(usage(format!(
            "unknown task '{other}'; expected one of: run-all, run, list, copies, compare, bench"
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

#[derive(Debug, Default, PartialEq)]
struct RunAll {
    /// `--scale` and `--seed`, as given: the lessons check them.
    shared: Vec<OsString>,
    seed: Option<String>,
    only: Option<String>,
    json: Option<PathBuf>,
    limits: Limits,
}

fn parse_run_all(args: Vec<OsString>) -> Result<RunAll> {
    let mut parser = lexopt::Parser::from_args(args);
    let mut options = RunAll::default();
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
    // No --seed: a different one each run (std has no RNG; the process id will do),
    // printed so that the run can be replayed.
    let seed =
        options.seed.take().unwrap_or_else(|| (std::process::id() * 7919 % 1_000_000).to_string());
    let scale = options.shared.get(1).map_or("1".into(), |s| s.to_string_lossy().into_owned());
    options.shared.extend(["--seed".into(), seed.clone().into()]);
    let lessons = lessons::find(options.only.as_deref(), &options.shared)?;
    warn!("running {} lessons at --scale {scale} with --seed {seed}", lessons.len());
    catch_ctrl_c()?;

    let started = Instant::now();
    let mut rows = Vec::new();
    let terminal = std::io::stderr().is_terminal();
    for (i, lesson) in lessons.iter().enumerate() {
        if INTERRUPTED.load(Ordering::SeqCst) {
            break;
        }
        let label = format!("[{}/{}] {} {}", i + 1, lessons.len(), lesson.krate, lesson.name);
        let mut last_tick = Duration::ZERO;
        let progress = |so_far: Duration| {
            if terminal && so_far >= last_tick + Duration::from_millis(100) {
                last_tick = so_far;
                to_stderr(format_args!("\r{label} {:.1}s", so_far.as_secs_f64()));
            }
        };
        let command = lesson.command(&options.shared);
        let finished =
            runner::run(command, &options.limits, runner::Echo::No, &INTERRUPTED, progress)?;
        if finished.interrupted {
            warn!("\r{label}: interrupted");
            break;
        }
        let row = Row::new(lesson, &finished, &options.limits);
        warn!("\r{label} {:.3}s {}", finished.measured.as_secs_f64(), row.verdict.as_str());
        rows.push(row);
    }

    // The JSON file first: a reader of stdout that went away (`| head`) ends the run.
    if let Some(path) = &options.json {
        let json = serde_json::to_string_pretty(&report::json(&rows))?;
        std::fs::write(path, json + "\n").with_context(|| format!("writing {}", path.display()))?;
    }
    let passed = rows.iter().all(|r| r.verdict.passed());
    if !passed {
        mark_failed();
    }
    out(&report::summary(&rows, started.elapsed()));
    Ok(exit_code(passed))
}

/// `run LESSON [ARGS]`: every argument but the lesson's name goes to the lesson,
/// wherever it stands, so `run --scale 0.1 gather` and `run gather --scale 0.1` agree.
fn run(args: Vec<OsString>) -> Result<ExitCode> {
    let (name, rest) = lesson_and_args(args)?;
    let lesson = lessons::find(None, &[])?
        .into_iter()
        .find(|l| l.name == name)
        .ok_or_else(|| usage(format!("unknown lesson '{name}'; `cargo xtask list` shows them")))?;
    lesson.check(&rest)?;
    catch_ctrl_c()?;
    let limits = Limits::default();
    let finished =
        runner::run(lesson.command(&rest), &limits, runner::Echo::Yes, &INTERRUPTED, |_| {})?;
    if finished.interrupted {
        return Ok(ExitCode::from(130));
    }
    let row = Row::new(&lesson, &finished, &limits);
    if !row.verdict.passed() {
        mark_failed();
    }
    out(&format!("\n{}", report::table(std::slice::from_ref(&row))));
    Ok(exit_code(row.verdict.passed()))
}

/// The first argument that is neither an option nor an option's value is the lesson.
fn lesson_and_args(args: Vec<OsString>) -> Result<(String, Vec<OsString>)> {
    let mut rest = Vec::new();
    let mut name = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy();
        if text.starts_with('-') {
            // `--flag value`: the value is not the lesson's name.
            let takes_value = !text.contains('=') && !matches!(&*text, "--help" | "-h" | "--list");
            rest.push(arg.clone());
            if takes_value {
                rest.extend(args.next());
            }
        } else if name.is_none() {
            name = Some(text.into_owned());
        } else {
            rest.push(arg);
        }
    }
    let name =
        name.ok_or_else(|| usage("run needs a LESSON; `cargo xtask list` shows them".into()))?;
    Ok((name, rest))
}

fn list(args: Vec<OsString>) -> Result<ExitCode> {
    let only = match args.as_slice() {
        [] => None,
        [flag, krate] if flag == "--only" => Some(krate.to_string_lossy().into_owned()),
        _ => return Err(usage("list takes only --only CRATE".into())),
    };
    for lesson in lessons::find(only.as_deref(), &[])? {
        out(&format!("{:<18} {:<16} {}\n", lesson.name, lesson.krate, lesson.about));
    }
    Ok(ExitCode::SUCCESS)
}

fn catch_ctrl_c() -> Result<()> {
    #[cfg(unix)]
    signal_hook::flag::register(signal_hook::consts::SIGINT, &INTERRUPTED)
        .context("catching Ctrl-C")?;
    Ok(())
}

fn exit_code(passed: bool) -> ExitCode {
    if INTERRUPTED.load(Ordering::SeqCst) {
        ExitCode::from(130)
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
            130
        } else {
            i32::from(FAILED.load(Ordering::SeqCst))
        };
        std::process::exit(status);
    }
    warn!("xtask: cannot write to stdout: {err}");
    std::process::exit(1);
}

/// Whether stdout was closed when the process started (`>&-`). Rust's runtime then
/// opens /dev/null there, read-write, so every line would vanish without an error;
/// a stdout redirected to /dev/null by a shell is opened write-only, and stays a
/// quiet success. (The lessons check the same, in `lesson`.)
fn stdout_is_closed() -> bool {
    #[cfg(unix)]
    {
        use std::io::Read as _;
        use std::os::fd::AsFd as _;
        use std::os::unix::fs::{FileTypeExt as _, MetadataExt as _};
        let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() else { return true };
        let mut stdout = std::fs::File::from(fd);
        let (Ok(ours), Ok(null)) = (stdout.metadata(), std::fs::metadata("/dev/null")) else {
            return false;
        };
        // /dev/null, and readable: only the runtime's stand-in for a closed stdout is both.
        let is_null = ours.file_type().is_char_device() && ours.rdev() == null.rdev();
        is_null && stdout.read(&mut [0]).is_ok()
    }
    #[cfg(not(unix))]
    false
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
    fn run_finds_the_lesson_wherever_it_stands() {
        for line in [
            "gather --scale 0.1 --seed 7",
            "--scale 0.1 gather --seed 7",
            "--scale=0.1 --seed 7 gather",
        ] {
            let (name, rest) = lesson_and_args(words(line)).unwrap();
            assert_eq!(name, "gather", "{line}");
            assert_eq!(rest.len(), if line.contains('=') { 3 } else { 4 }, "{line}");
        }
        let (name, rest) = lesson_and_args(words("fetch-concurrent http://a http://b")).unwrap();
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
        assert_eq!(
            error(lesson_and_args(words("--scale 0.1")).unwrap_err()),
            "run needs a LESSON; `cargo xtask list` shows them (see `cargo xtask --help`)"
        );
    }
}
