//! `cargo xtask`: the workspace's own task runner, reached through the alias in
//! `.cargo/config.toml` (the cargo-xtask convention: <https://github.com/matklad/cargo-xtask>).
//!
//! `cargo xtask run-all` builds every lesson once, runs each as its own process,
//! times it from outside and holds it to the claim it reports with `--report`.

mod report;
mod runner;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use lexopt::Arg::{Long, Value};
use lexopt::ValueExt as _;

use report::{Limits, Row, Verdict};

const USAGE: &str = "\
Usage: cargo xtask <TASK>

Tasks:
  run-all [OPTIONS]            build once, run every lesson, time each against its claim
  run [OPTIONS] LESSON [ARGS]  the same for one lesson; ARGS go to the lesson (--scale 0.1)
  list                         every lesson, with its crate and what it shows

Options:
  --scale F          multiply every delay by F, F > 0 (default 1)
  --seed N           seed for the random delays (default: drawn, and printed)
  --only CRATE       run-all: only the lessons of CRATE (e.g. examples-tasks)
  --json FILE        write one JSON record per lesson to FILE
  --tolerance F      a lesson passes up to ideal × (1 + F) + GRACE (default 0.05)
  --grace MS         (default 50)
";

/// Set by Ctrl-C: stop the running lesson, print the rows that finished.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

#[derive(Debug, Default)]
struct Options {
    scale: Option<f64>,
    seed: Option<u64>,
    only: Option<String>,
    json: Option<PathBuf>,
    limits: Limits,
}

#[derive(Debug)]
enum Task {
    Help,
    List,
    RunAll(Options),
    Run(Options, String, Vec<OsString>),
}

fn main() -> ExitCode {
    let task = match parse(std::env::args_os().skip(1)) {
        Ok(task) => task,
        Err(err) => {
            eprintln!("xtask: {err:#} (see `cargo xtask --help`)");
            return ExitCode::from(2);
        }
    };
    match execute(task) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("xtask: {err:#}");
            // Bad input found only once the lessons are known is still bad input.
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

fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Task> {
    let mut parser = lexopt::Parser::from_args(args);
    let task = match parser.next()? {
        None | Some(Long("help") | lexopt::Arg::Short('h')) => return Ok(Task::Help),
        Some(Value(task)) => task.string()?,
        Some(other) => return Err(other.unexpected().into()),
    };
    let mut options = Options::default();
    let mut lesson = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("scale") => {
                options.scale =
                    Some(number(&mut parser, "--scale", "a number greater than 0", |f: &f64| {
                        *f > 0.0
                    })?);
            }
            Long("seed") => {
                options.seed = Some(number(&mut parser, "--seed", "a whole number", |_| true)?)
            }
            Long("only") => options.only = Some(parser.value()?.string()?),
            Long("json") => options.json = Some(parser.value()?.into()),
            Long("tolerance") => {
                options.limits.tolerance =
                    number(&mut parser, "--tolerance", "a number from 0", |f: &f64| *f >= 0.0)?;
            }
            Long("grace") => {
                let ms = number(&mut parser, "--grace", "whole milliseconds", |_| true)?;
                options.limits.grace = Duration::from_millis(ms);
            }
            Long("help") => return Ok(Task::Help),
            Value(name) if task == "run" => {
                lesson = Some(name.string()?);
                break; // The rest belongs to the lesson.
            }
            other => return Err(other.unexpected().into()),
        }
    }
    match task.as_str() {
        "list" => Ok(Task::List),
        "run-all" => Ok(Task::RunAll(options)),
        "run" => {
            let lesson = lesson.context("run needs a LESSON (see `cargo xtask list`)")?;
            Ok(Task::Run(options, lesson, parser.raw_args()?.collect()))
        }
        other => bail!("unknown task '{other}'; expected one of: run-all, run, list"),
    }
}

fn number<T: std::str::FromStr>(
    parser: &mut lexopt::Parser,
    flag: &str,
    accepted: &str,
    ok: impl Fn(&T) -> bool,
) -> Result<T> {
    let raw = parser.value()?;
    let text = raw.to_string_lossy();
    match text.parse::<T>() {
        Ok(value) if ok(&value) => Ok(value),
        _ => bail!("{flag} takes {accepted}, got '{text}'"),
    }
}

/// A lesson, as its crate's binary lists it with `--list`.
#[derive(Debug)]
struct Lesson {
    krate: String,
    name: String,
    about: String,
    binary: PathBuf,
}

fn execute(task: Task) -> Result<ExitCode> {
    let root =
        Path::new(env!("CARGO_MANIFEST_DIR")).parent().context("xtask has no parent folder")?;
    let (options, only_lesson, lesson_args) = match task {
        Task::Help => {
            out(USAGE);
            return Ok(ExitCode::SUCCESS);
        }
        Task::List => {
            for lesson in lessons(root, None)? {
                out(&format!("{:<18} {:<16} {}\n", lesson.name, lesson.krate, lesson.about));
            }
            return Ok(ExitCode::SUCCESS);
        }
        Task::RunAll(options) => (options, None, Vec::new()),
        Task::Run(options, lesson, args) => (options, Some(lesson), args),
    };

    let mut lessons = lessons(root, options.only.as_deref())?;
    if let Some(name) = &only_lesson {
        lessons.retain(|l| &l.name == name);
        if lessons.is_empty() {
            bail!(Usage(format!("unknown lesson '{name}' (see `cargo xtask list`)")));
        }
    }
    // No --seed: a different one each run (std has no RNG; the process id will do),
    // printed below so that the run can be replayed.
    let seed = options.seed.unwrap_or_else(|| u64::from(std::process::id()) * 7919 % 1_000_000);
    let scale = options.scale.unwrap_or(1.0);
    if only_lesson.is_none() {
        eprintln!("running {} lessons at --scale {scale} with --seed {seed}", lessons.len());
    }
    #[cfg(unix)]
    signal_hook::flag::register(signal_hook::consts::SIGINT, &INTERRUPTED)
        .context("catching Ctrl-C")?;

    let started = Instant::now();
    let mut rows = Vec::new();
    for (i, lesson) in lessons.iter().enumerate() {
        if INTERRUPTED.load(Ordering::SeqCst) {
            break;
        }
        let report = std::env::temp_dir().join(format!(
            "xtask-{}-{}.report",
            std::process::id(),
            lesson.name
        ));
        let mut command = Command::new(&lesson.binary);
        command.arg(&lesson.name).arg("--report").arg(&report);
        if only_lesson.is_some() {
            command.args(&lesson_args);
        } else {
            command.arg("--scale").arg(scale.to_string()).arg("--seed").arg(seed.to_string());
        }
        let label = format!("[{}/{}] {} {}", i + 1, lessons.len(), lesson.krate, lesson.name);
        let terminal = std::io::stderr().is_terminal() && only_lesson.is_none();
        let mut last_tick = Duration::ZERO;
        let finished = runner::run(
            command,
            &report,
            &options.limits,
            only_lesson.is_none(),
            &INTERRUPTED,
            |so_far| {
                if terminal && so_far >= last_tick + Duration::from_millis(100) {
                    last_tick = so_far;
                    eprint!("\r{label} {:.1}s", so_far.as_secs_f64());
                    let _ = std::io::stderr().flush();
                }
            },
        )?;
        if finished.interrupted {
            eprintln!("\r{label}: interrupted");
            break;
        }
        let verdict =
            Verdict::judge(&finished.exit, finished.claim, finished.measured, &options.limits);
        eprintln!("\r{label} {:.3}s {}", finished.measured.as_secs_f64(), verdict.as_str());
        let stderr_tail =
            if verdict == Verdict::Pass { Vec::new() } else { runner::tail(&finished.stderr, 10) };
        rows.push(Row {
            krate: lesson.krate.clone(),
            lesson: lesson.name.clone(),
            claim: finished.claim,
            measured: finished.measured,
            exit: finished.exit,
            verdict,
            stderr_tail,
        });
    }

    let mut summary = format!("\n{}", report::table(&rows));
    for row in rows.iter().filter(|r| r.verdict != Verdict::Pass && !r.stderr_tail.is_empty()) {
        let _ =
            writeln!(summary, "\n{} ({}), the last lines of its stderr:", row.lesson, row.krate);
        for line in &row.stderr_tail {
            let _ = writeln!(summary, "  | {line}");
        }
    }
    let passed = rows.iter().filter(|r| r.verdict == Verdict::Pass).count();
    let ideals: Duration = rows.iter().filter_map(|r| r.claim.map(|c| c.ideal)).sum();
    let (wall, ideals) = (started.elapsed().as_secs_f64(), ideals.as_secs_f64());
    let _ = writeln!(summary, "\nwall {wall:.3}s for ideals summing to {ideals:.3}s");
    let _ = writeln!(summary, "lessons: {passed} passed, {} failed", rows.len() - passed);
    out(&summary);
    if let Some(path) = &options.json {
        std::fs::write(path, report::json(&rows))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(if INTERRUPTED.load(Ordering::SeqCst) {
        ExitCode::from(130)
    } else if passed == rows.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Write to stdout. A reader that went away (`| head`) is no reason to panic, nor
/// to skip the JSON file or change the exit status.
fn out(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// Every lesson of the example crates, in the order of the workspace's `members`
/// and of each crate's own list. Builds the binaries first, before any clock starts.
fn lessons(root: &Path, only: Option<&str>) -> Result<Vec<Lesson>> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))
        .context("reading the workspace Cargo.toml")?;
    let mut crates = example_crates(&manifest);
    if let Some(only) = only {
        if !crates.iter().any(|c| c == only) {
            bail!(Usage(format!("--only takes one of: {}; got '{only}'", crates.join(", "))));
        }
        crates.retain(|c| c == only);
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut build = Command::new(&cargo);
    build.current_dir(root).args(["build", "--quiet", "--bins"]);
    for krate in &crates {
        build.args(["--package", krate]);
    }
    if !build.status().context("running cargo build")?.success() {
        bail!("cargo build failed");
    }
    let metadata = Command::new(&cargo)
        .current_dir(root)
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .output()
        .context("running cargo metadata")?;
    let target = json_string(&String::from_utf8_lossy(&metadata.stdout), "target_directory")
        .context("cargo metadata gave no target_directory")?;

    let mut lessons = Vec::new();
    for krate in crates {
        let binary = Path::new(&target)
            .join("debug")
            .join(format!("{krate}{}", std::env::consts::EXE_SUFFIX));
        let list = Command::new(&binary)
            .arg("--list")
            .output()
            .with_context(|| format!("running {}", binary.display()))?;
        for line in String::from_utf8_lossy(&list.stdout).lines() {
            let (name, about) = line.split_once('\t').unwrap_or((line, ""));
            lessons.push(Lesson {
                krate: krate.clone(),
                name: name.into(),
                about: about.into(),
                binary: binary.clone(),
            });
        }
    }
    Ok(lessons)
}

/// The `examples-*` entries of the workspace's `members = [...]`, in order.
fn example_crates(manifest: &str) -> Vec<String> {
    let members = manifest
        .split_once("members")
        .and_then(|(_, rest)| rest.split_once('['))
        .and_then(|(_, rest)| rest.split_once(']'))
        .map_or("", |(list, _)| list);
    members
        .split(',')
        .map(|m| m.trim().trim_matches('"'))
        .filter(|m| m.starts_with("examples-"))
        .map(str::to_owned)
        .collect()
}

/// The string value of `"key": "..."` in JSON text (enough for cargo metadata's paths).
fn json_string(json: &str, key: &str) -> Option<String> {
    let start = json.find(&format!("\"{key}\":\""))? + key.len() + 4;
    let mut value = String::new();
    let mut chars = json[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => value.push(chars.next()?),
            c => value.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(line: &str) -> Result<Task> {
        parse(line.split_whitespace().map(OsString::from))
    }

    #[test]
    fn finds_the_example_crates_in_workspace_order() {
        let manifest =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml")).unwrap();
        let crates = example_crates(&manifest);
        assert_eq!(crates[..3], ["examples-basic", "examples-tasks", "examples-futures"]);
        assert!(!crates.contains(&"xtask".to_owned()));
    }

    #[test]
    fn reads_a_path_from_cargo_metadata() {
        let json = r#"{"packages":[],"target_directory":"/work/a \"b\"\\c","version":1}"#;
        assert_eq!(json_string(json, "target_directory").as_deref(), Some(r#"/work/a "b"\c"#));
        assert_eq!(json_string(json, "workspace_root"), None);
    }

    #[test]
    fn parses_tasks_and_their_options() {
        let Ok(Task::RunAll(options)) =
            parse_str("run-all --scale 0.1 --seed 7 --only examples-tasks --grace 80")
        else {
            panic!()
        };
        assert_eq!(
            (options.scale, options.seed, options.only.as_deref()),
            (Some(0.1), Some(7), Some("examples-tasks"))
        );
        assert_eq!(options.limits.grace, Duration::from_millis(80));
        let Ok(Task::Run(_, lesson, args)) = parse_str("run gather --scale 0.1") else { panic!() };
        assert_eq!(
            (lesson.as_str(), args),
            ("gather", vec![OsString::from("--scale"), "0.1".into()])
        );
        assert!(matches!(parse_str(""), Ok(Task::Help)));
        assert!(matches!(parse_str("list"), Ok(Task::List)));
    }

    #[test]
    fn bad_input_is_one_clear_error() {
        let error = |line| format!("{:#}", parse_str(line).unwrap_err());
        assert_eq!(error("fly"), "unknown task 'fly'; expected one of: run-all, run, list");
        assert_eq!(error("run-all --scale 0"), "--scale takes a number greater than 0, got '0'");
        assert_eq!(error("run-all --seed -1"), "--seed takes a whole number, got '-1'");
        assert_eq!(error("run"), "run needs a LESSON (see `cargo xtask list`)");
        assert_eq!(error("run-all --fast"), "invalid option '--fast'");
    }
}
