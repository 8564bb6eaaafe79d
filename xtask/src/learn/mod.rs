//! `cargo xtask learn`: the exercises in `exercises/`, each checked on tokio's
//! paused clock, as rustlings checks its own (a runner that drives each exercise
//! as a cargo process; the exercises know nothing of it).
//!
//! # Layout
//! - [`registry`]: `exercises/info.txt`, the one list of exercises.
//! - [`check`]: one file built and its test run, in a scratch crate in `target/learn`.
//! - [`verdict`]: what the test or the compiler said, in the course's terms.
//! - [`progress`]: which are done, in `exercises/.progress`.
//! - [`watch`]: the screen that checks again at every save.
//! - [`markdown`]: each part's exercises, for the book.

mod check;
mod markdown;
mod progress;
mod registry;
mod verdict;
mod watch;

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, Result};

use protocol::{out, warn};

use self::check::Places;
use self::progress::Progress;
use self::registry::{Copy, Exercise};
use self::verdict::Verdict;
use crate::flags::{Parsed, usage};

pub use self::markdown::markdown_for_part;

/// What was asked.
#[derive(Debug, PartialEq)]
enum Asked {
    Watch,
    List,
    Hint(String),
    Check(String),
    Reset(String),
    Verify,
}

fn asked(words: &[String], verify: bool) -> Result<Asked> {
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    Ok(match (words.as_slice(), verify) {
        ([], true) => Asked::Verify,
        (_, true) => return Err(usage("learn: --verify takes no other words".to_owned())),
        ([], false) => Asked::Watch,
        (["list"], _) => Asked::List,
        (["hint", name], _) => Asked::Hint((*name).to_owned()),
        (["check", name], _) => Asked::Check((*name).to_owned()),
        (["reset", name], _) => Asked::Reset((*name).to_owned()),
        ([word @ ("hint" | "check" | "reset")], _) => {
            return Err(usage(format!("learn {word} takes an exercise: learn {word} NAME")));
        }
        _ => {
            return Err(usage(format!(
                "learn: expected list, hint NAME, check NAME or reset NAME; got '{}'",
                words.join(" ")
            )));
        }
    })
}

pub fn learn(parsed: &Parsed) -> Result<ExitCode> {
    let asked = asked(&parsed.words()?, parsed.switch("verify"))?;
    let places = Places::find()?;
    let course = crate::lessons::course(None)?;
    let exercises = registry::read(&places.root, &course)?;
    let named = |name: &str| registry::find(&exercises, name);
    match asked {
        Asked::Watch => {
            check::prepare(&places, &exercises)?;
            let mut progress = Progress::read(&places.root);
            watch::watch(&places, &exercises, &mut progress)
        }
        Asked::List => Ok(list(&exercises, &Progress::read(&places.root))),
        Asked::Hint(name) => {
            let exercise = named(&name)?;
            out!("{}: {}\n", exercise.name, exercise.hint);
            out!("The lesson {0} explains it: cargo xtask run {0}\n", exercise.lesson);
            Ok(ExitCode::SUCCESS)
        }
        Asked::Check(name) => {
            let exercise = named(&name)?;
            check::prepare(&places, &exercises)?;
            let checked = check::check(&places, exercise, Copy::Mine)?;
            Progress::read(&places.root).set(&exercise.name, checked.verdict == Verdict::Pass);
            out!("{}\n", checked.verdict.explain(exercise));
            warn!("checked in {:.1} s", checked.took.as_secs_f64());
            Ok(if checked.verdict == Verdict::Pass { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        Asked::Reset(name) => {
            let exercise = named(&name)?;
            let (start, mine) =
                (exercise.path(&places.root, Copy::Start), exercise.path(&places.root, Copy::Mine));
            std::fs::copy(&start, &mine).with_context(|| {
                format!(
                    "copying {} to {}",
                    exercise.relative(Copy::Start),
                    exercise.relative(Copy::Mine)
                )
            })?;
            Progress::read(&places.root).set(&exercise.name, false);
            out!("{} is back as it was given.\n", exercise.relative(Copy::Mine));
            Ok(ExitCode::SUCCESS)
        }
        Asked::Verify => verify(&places, &exercises),
    }
}

fn list(exercises: &[Exercise], progress: &Progress) -> ExitCode {
    let width = exercises.iter().map(|e| e.name.len()).max().unwrap_or(0);
    let mut part = "";
    for exercise in exercises {
        if exercise.part != part {
            part = &exercise.part;
            out!("{part}\n");
        }
        let state = if progress.is_done(&exercise.name) { "done " } else { "to do" };
        out!("  {state}  {:width$}  lesson {}\n", exercise.name, exercise.lesson);
    }
    out!(
        "{} of {} done\n",
        exercises.iter().filter(|e| progress.is_done(&e.name)).count(),
        exercises.len()
    );
    ExitCode::SUCCESS
}

/// Every starting file gives the verdict the registry promises, and every solution
/// passes: the checks can fail, and only where they should.
fn verify(places: &Places, exercises: &[Exercise]) -> Result<ExitCode> {
    check::prepare(places, exercises)?;
    crate::signals::catch()?;
    let start = Instant::now();
    let mut failed = 0;
    for exercise in exercises {
        let mut problems = Vec::new();
        for copy in [Copy::Start, Copy::Solution] {
            let text = std::fs::read_to_string(exercise.path(&places.root, copy))
                .with_context(|| format!("reading {}", exercise.relative(copy)))?;
            problems.extend(
                form(&text, copy).into_iter().map(|p| format!("{}: {p}", exercise.relative(copy))),
            );
        }
        let (mine, start) =
            (exercise.path(&places.root, Copy::Mine), exercise.path(&places.root, Copy::Start));
        if std::fs::read(&mine).ok() != std::fs::read(&start).ok() {
            problems.push(format!(
                "{} differs from {}: the learner starts from the first, --verify checks the \
                 second (`learn reset {}` makes them the same)",
                exercise.relative(Copy::Mine),
                exercise.relative(Copy::Start),
                exercise.name
            ));
        }
        let started = check::check(places, exercise, Copy::Start)?.verdict;
        if !started.is(&exercise.starts) {
            problems.push(format!(
                "{} should start {}, but it is {}",
                exercise.relative(Copy::Start),
                exercise.starts,
                started.short()
            ));
        }
        let solved = check::check(places, exercise, Copy::Solution)?.verdict;
        if solved != Verdict::Pass {
            problems.push(format!(
                "{} is {}:\n{}",
                exercise.relative(Copy::Solution),
                solved.short(),
                solved.explain(exercise)
            ));
        }
        if problems.is_empty() {
            out!("ok    {:18} starts {}, its solution passes\n", exercise.name, started.short());
        } else {
            failed += 1;
            out!("FAIL  {}\n", exercise.name);
            problems.iter().flat_map(|p| p.lines()).for_each(|line| out!("      {line}\n"));
        }
    }
    out!(
        "{} of {} exercises as promised, in {:.1} s\n",
        exercises.len() - failed,
        exercises.len(),
        start.elapsed().as_secs_f64()
    );
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// What every exercise file has: a `//!` header, its test on the paused clock, and
/// (a starting file) the `TODO` where the learner works.
fn form(text: &str, copy: Copy) -> Vec<&'static str> {
    let mut problems = Vec::new();
    if !text.starts_with("//! # ") {
        problems.push("it does not open with a `//! # NAME: ...` header");
    }
    if !text.contains("#[tokio::test(start_paused = true)]") {
        problems.push("it has no test on the paused clock");
    }
    if copy == Copy::Start && !text.contains("// TODO") {
        problems.push("it has no `// TODO` where the learner works");
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn what_was_asked() {
        assert_eq!(asked(&[], false).unwrap(), Asked::Watch);
        assert_eq!(asked(&[], true).unwrap(), Asked::Verify);
        assert_eq!(asked(&words("list"), false).unwrap(), Asked::List);
        assert_eq!(asked(&words("check gather"), false).unwrap(), Asked::Check("gather".into()));
        assert_eq!(asked(&words("reset gather"), false).unwrap(), Asked::Reset("gather".into()));
        let error = |line: &str, verify| asked(&words(line), verify).unwrap_err().to_string();
        assert_eq!(
            error("check", false),
            "learn check takes an exercise: learn check NAME (see `cargo xtask --help`)"
        );
        assert_eq!(
            error("run gather", false),
            "learn: expected list, hint NAME, check NAME or reset NAME; got 'run gather' (see `cargo xtask --help`)"
        );
        assert_eq!(
            error("list", true),
            "learn: --verify takes no other words (see `cargo xtask --help`)"
        );
        assert!(asked(&words("check"), false).unwrap_err().is::<crate::flags::Usage>());
    }

    #[test]
    fn a_file_without_its_header_test_or_todo_is_named() {
        let good = "//! # a: b\n// TODO\n#[tokio::test(start_paused = true)]\n";
        assert!(form(good, Copy::Start).is_empty());
        assert_eq!(
            form("fn main() {}", Copy::Start),
            [
                "it does not open with a `//! # NAME: ...` header",
                "it has no test on the paused clock",
                "it has no `// TODO` where the learner works"
            ]
        );
        assert_eq!(
            form("//! # a: b\n#[tokio::test(start_paused = true)]\n", Copy::Solution),
            Vec::<&str>::new()
        );
    }
}
