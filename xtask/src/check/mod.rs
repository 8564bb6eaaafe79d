//! Checking claims: `run-all` runs and times every lesson against its claim, `run`
//! one lesson, `list` the course. Each lesson is its own process, timed from outside.

pub mod report;

use std::ffi::OsString;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use protocol::{out, warn};

use crate::flags::{Parsed, usage};
use crate::lessons::{self, Lesson};
use crate::runner::{self, Echo, Limits};
use crate::{schedule, signals};
use report::{Claim, Row, Verdict};

/// What `--jobs` is by default: how many waiting lessons run side by side.
const JOBS: usize = 64;

/// run-all's options, checked.
#[derive(Debug, PartialEq)]
struct RunAll {
    /// `--scale` and `--seed`, as the lessons take them: they check them too.
    shared: Vec<OsString>,
    seed: Option<u64>,
    only: Option<String>,
    json: Option<std::path::PathBuf>,
    /// How many lessons that only wait run at once.
    jobs: usize,
    limits: Limits,
}

fn options(parsed: &Parsed) -> Result<RunAll> {
    let mut limits = Limits::default();
    if let Some(tolerance) = parsed.number("tolerance", 0.0..=10.0, "a number from 0 to 10")? {
        limits.tolerance = tolerance;
    }
    if let Some(ms) = parsed.number("grace", 0..=60_000, "whole milliseconds up to 60000")? {
        limits.grace = Duration::from_millis(ms);
    }
    let mut shared = Vec::new();
    if let Some(scale) = parsed.text("scale")? {
        shared.extend(["--scale".into(), scale.into()]);
    }
    Ok(RunAll {
        shared,
        seed: parsed.number("seed", 0..=u64::MAX, "a whole number")?,
        only: parsed.text("only")?,
        json: parsed.path("json"),
        jobs: parsed.number("jobs", 1..=64, "a whole number from 1 to 64")?.unwrap_or(JOBS),
        limits,
    })
}

/// `run-all`: every lesson, the speed-up ones alone first, then the rest side by side.
pub fn run_all(parsed: &Parsed) -> Result<ExitCode> {
    let mut options = options(parsed)?;
    // Before anything runs: a file that cannot be written would lose the whole run.
    let json = match &options.json {
        Some(path) => Some(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        ),
        None => None,
    };
    // No --seed: a different one each run (std has no RNG; the clock will do),
    // printed so that the run can be replayed.
    let seed = options.seed.unwrap_or_else(|| {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        u64::from(now.map_or(0, |d| d.subsec_nanos()) % 1_000_000)
    });
    let scale = options.shared.get(1).map_or("1".into(), |s| s.to_string_lossy().into_owned());
    options.shared.extend(["--seed".into(), seed.to_string().into()]);
    let lessons = lessons::find(options.only.as_deref(), &options.shared)?;
    let alone = lessons.iter().filter(|l| l.alone).count();
    warn!(
        "running {} lessons at --scale {scale} with --seed {seed}: {alone} alone, then the rest \
         {} at a time",
        lessons.len(),
        options.jobs
    );
    signals::catch()?;

    let started = Instant::now();
    let rows: Vec<Row> = run_lessons(&lessons, &options).into_iter().flatten().collect();
    let passed = rows.len() == lessons.len() && rows.iter().all(|r| r.verdict.passed());
    if !passed {
        protocol::output::fail(1);
    }
    finish(&rows, started.elapsed(), json, |table| out!("{table}"))?;
    Ok(ExitCode::from(protocol::output::status()))
}

/// The table first (to `show`), then the JSON file: one failure never loses the
/// other result.
fn finish(
    rows: &[Row],
    wall: Duration,
    json: Option<impl std::io::Write>,
    show: impl FnOnce(&str),
) -> Result<()> {
    show(&report::summary(rows, wall));
    if let Some(mut file) = json {
        let text = serde_json::to_string_pretty(&report::json(rows))? + "\n";
        file.write_all(text.as_bytes()).context("writing the JSON file")?;
    }
    Ok(())
}

/// Run every lesson (see [`schedule::each`]), then those too slow beside the
/// others once more, alone: a lesson that really serialises its waits is too slow
/// both times. The rows come back in the lessons' order; a lesson stopped by
/// Ctrl-C has none.
fn run_lessons(lessons: &[Lesson], options: &RunAll) -> Vec<Option<Row>> {
    let done = std::sync::atomic::AtomicUsize::new(0);
    let run_one = |i: usize, again: bool| -> Option<Row> {
        let lesson = &lessons[i];
        let command = lesson.command(&options.shared);
        let finished =
            runner::run(command, &options.limits, Echo::No, &signals::INTERRUPTED, |_| {});
        let label = format!("{} {}", lesson.krate, lesson.name);
        let finished = match finished {
            Ok(finished) if finished.interrupted => {
                warn!("{label}: interrupted");
                return None;
            }
            Ok(finished) => finished,
            Err(err) => {
                warn!("{label}: {err:#}");
                return None;
            }
        };
        let mut row = Row::new(lesson, &finished, &options.limits);
        if !lesson.alone && matches!(finished.claim, Some(Claim::SpeedUp { .. })) {
            // Measured beside other lessons, a speed-up says nothing.
            row.verdict = Verdict::Failed;
            row.stderr_tail = vec![format!(
                "{} claims a speed-up, so it must run alone: `[alone]` on its line in course.txt",
                lesson.name
            )];
        }
        row.again = again;
        let n = if again {
            lessons.len()
        } else {
            done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1
        };
        let again = if again { " (again, alone)" } else { "" };
        let (took, verdict) = (finished.measured.as_secs_f64(), row.verdict.as_str());
        warn!("[{n}/{}] {label} {took:.3}s {verdict}{again}", lessons.len());
        Some(row)
    };
    let mut rows: Vec<Option<Row>> =
        schedule::each(lessons.len(), |i| lessons[i].alone, options.jobs, |i| run_one(i, false))
            .into_iter()
            .map(Option::flatten)
            .collect();
    let too_slow = |row: &Option<Row>| row.as_ref().is_some_and(|r| r.verdict == Verdict::TooSlow);
    for i in 0..rows.len() {
        if !lessons[i].alone && too_slow(&rows[i]) && !signals::interrupted() {
            if let Some(row) = run_one(i, true) {
                rows[i] = Some(row);
            }
        }
    }
    rows
}

/// `run LESSON [ARGS]`: every argument but the lesson's name goes to the lesson,
/// wherever it stands, so `run --scale 0.1 gather` and `run gather --scale 0.1` agree.
/// A person is watching: no deadline, and Ctrl-C goes to the lesson, which may
/// take its time to stop (a second Ctrl-C kills it).
pub fn run(parsed: &Parsed) -> Result<ExitCode> {
    let all = lessons::find(None, &[])?;
    let (name, rest) =
        lesson_and_args(parsed.words.clone(), |name| all.iter().any(|l| l.name == name))?;
    let lesson = all.into_iter().find(|l| l.name == name).expect("lesson_and_args found it");
    lesson.check(&rest)?;
    signals::catch()?;
    let limits = Limits::default();
    let finished =
        runner::run(lesson.command(&rest), &limits, Echo::Yes, &signals::INTERRUPTED, |_| {})?;
    if finished.interrupted {
        // Stopped by Ctrl-C: no claim to judge. A lesson that stopped cleanly (the
        // shutdown lesson) ends the run as it ended.
        return Ok(match finished.exit {
            runner::Exit::Code(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
            _ => ExitCode::from(signals::interrupted_status()),
        });
    }
    if finished.left_out > 0 {
        let kept = runner::KEPT;
        warn!("(of its {} lines, {kept} were kept to judge it)", kept + finished.left_out);
    }
    let row = Row::new(&lesson, &finished, &limits);
    if !row.verdict.passed() {
        protocol::output::fail(1);
    }
    out!("\n{}", report::table(std::slice::from_ref(&row)));
    Ok(ExitCode::from(protocol::output::status()))
}

/// The first argument that names a lesson is the lesson; the rest are its own, in
/// their order (a lesson's flags and their values, URLs).
fn lesson_and_args(
    args: Vec<OsString>,
    is_lesson: impl Fn(&str) -> bool,
) -> Result<(String, Vec<OsString>)> {
    let at = args.iter().position(|arg| arg.to_str().is_some_and(&is_lesson));
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

/// `list`: the course, under the title of each part.
pub fn list(parsed: &Parsed) -> Result<ExitCode> {
    let only = parsed.text("only")?;
    let course = lessons::course(only.as_deref())?;
    let mut part = "";
    for entry in course {
        if entry.part != part {
            out!("{}{}\n", if part.is_empty() { "" } else { "\n" }, entry.part);
            part = entry.part;
        }
        out!("  {:<18} {:<17} {}\n", entry.name, entry.krate, entry.about);
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::{self, Usage};

    fn words(line: &str) -> Vec<OsString> {
        line.split_whitespace().map(OsString::from).collect()
    }

    fn run_all_options(line: &str) -> Result<RunAll> {
        options(&flags::parse(words(&format!("run-all {line}")))?)
    }

    #[test]
    fn run_all_passes_scale_and_seed_to_the_lessons_and_keeps_the_rest() {
        let options =
            run_all_options("--scale 0.1 --seed 7 --only examples-tasks --grace 80").unwrap();
        assert_eq!(options.shared, words("--scale 0.1"));
        assert_eq!(options.seed, Some(7));
        assert_eq!(options.only.as_deref(), Some("examples-tasks"));
        assert_eq!(options.limits.grace, Duration::from_millis(80));
        assert_eq!(options.jobs, JOBS);
    }

    #[test]
    fn a_json_file_that_cannot_be_written_fails_before_anything_runs() {
        let started = Instant::now();
        let parsed = flags::parse(words("run-all --json /nonexistent/dir/x.json")).unwrap();
        let err = run_all(&parsed).unwrap_err();
        assert!(format!("{err:#}").starts_with("creating /nonexistent/dir/x.json: "), "{err:#}");
        assert!(started.elapsed() < Duration::from_secs(5), "it ran the lessons first");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_json_file_that_fails_to_write_loses_no_table() {
        let mut shown = String::new();
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
        let full = full.expect("/dev/full, as on every Linux");
        let err = finish(&[], Duration::ZERO, Some(full), |t| shown.push_str(t)).unwrap_err();
        assert_eq!(err.to_string(), "writing the JSON file");
        assert!(shown.contains("lessons: 0 passed, 0 failed"), "{shown}");
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
            error(run_all_options("--jobs 0").unwrap_err()),
            "--jobs takes a whole number from 1 to 64, got '0' (see `cargo xtask --help`)"
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
