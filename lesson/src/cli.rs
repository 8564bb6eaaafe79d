//! The command line every lesson crate shares:
//! `[LESSON] [--seed N] [--scale F] [--timeline] [--trace FILE] [--list] [--help]`,
//! and the lesson's own arguments for a lesson that takes some ([`Lesson::takes`]),
//! which it reads with [`crate::args`]. All of it is checked here, the lesson's own
//! arguments by the lesson's check, before anything runs.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::str::FromStr;

use anyhow::{Result, anyhow, bail};
use lexopt::{Arg, Parser, ValueExt as _};

use crate::Lesson;

/// The options every lesson crate shares.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) scale: f64,
    /// `--seed N`, for the lessons that draw random numbers; without it they draw a seed.
    pub(crate) seed: Option<u64>,
    /// `--timeline`: after the run, its picture (a row per task, time across).
    pub(crate) timeline: bool,
    /// `--trace FILE`: the run's events as a Chrome trace, written to FILE.
    pub(crate) trace: Option<std::path::PathBuf>,
}

/// The range of `--scale`: below 0.01, tokio's timers, which tick in whole
/// milliseconds, no longer keep the lessons' delays apart (tasks-in-order's 1/3 s
/// and 1/4 s would both end at 1 ms); far above 1 a lesson takes hours (and
/// `Duration` overflows).
pub(crate) const SCALE: std::ops::RangeInclusive<f64> = 0.01..=100.0;

/// What the command line asks for.
#[derive(Debug)]
pub(crate) enum Command {
    Help,
    List,
    /// Run one lesson (by index), or all of them, with the lessons' own arguments.
    Run {
        lesson: Option<usize>,
        settings: Settings,
        args: Vec<String>,
    },
}

pub(crate) fn parse(
    argv: impl IntoIterator<Item = OsString>,
    lessons: &[Lesson],
) -> Result<Command> {
    let (mut lesson, mut seed, mut scale) = (None, None, 1.0);
    let (mut timeline, mut trace) = (false, None);
    let mut args: Vec<String> = Vec::new();
    let any_takes = lessons.iter().any(|l| l.takes.is_some());
    let mut parser = Parser::from_args(argv);
    while let Some(arg) = parser.next()? {
        match arg {
            Arg::Short('h') | Arg::Long("help") => return Ok(Command::Help),
            Arg::Long("list") => return Ok(Command::List),
            Arg::Long("timeline") => timeline = true,
            Arg::Long("trace") => {
                let file = value(&mut parser, "--trace", "a file to write")?;
                if file.is_empty() {
                    bail!("--trace takes a file to write, got ''");
                }
                trace = Some(file.into());
            }
            Arg::Long("seed") => {
                let accepted = "a whole number from 0 to 2^64-1";
                let text = value(&mut parser, "--seed", accepted)?;
                seed = Some(number("--seed", &text, accepted, |_| true)?);
            }
            Arg::Long("scale") => {
                let accepted = "a number from 0.01 to 100";
                let text = value(&mut parser, "--scale", accepted)?;
                scale = number("--scale", &text, accepted, |f| SCALE.contains(f))?;
            }
            // Any other option is the lesson's own, kept as it was written.
            Arg::Long(flag) => {
                let flag = format!("--{flag}");
                match parser.optional_value() {
                    Some(inline) => args.push(format!("{flag}={}", inline.string()?)),
                    None => args.push(flag),
                }
            }
            Arg::Short(flag) => args.push(format!("-{flag}")),
            Arg::Value(word) => {
                let word = word.string()?;
                match (lesson, find(lessons, &word)) {
                    (None, Ok(at)) => lesson = Some(at),
                    // A lesson of another crate is a mistake, whatever this crate takes.
                    (_, Err(err)) if protocol::course::crate_of(&word).is_some() => {
                        return Err(err);
                    }
                    // Not a lesson of ours: a lesson that takes arguments may want it.
                    (None, Err(err)) if !any_takes => return Err(err),
                    _ => args.push(word),
                }
            }
        }
    }
    // The lesson's own arguments, checked by each lesson that would get them.
    let takers: Vec<&Lesson> = match lesson {
        Some(at) => vec![&lessons[at]],
        None => lessons.iter().collect(),
    };
    let takers: Vec<_> = takers.into_iter().filter_map(|l| l.takes.as_ref()).collect();
    if let Some(first) = args.first() {
        if takers.is_empty() {
            match first.starts_with('-') {
                true => bail!("unknown option '{first}'"),
                false => bail!("unexpected argument '{first}'"),
            }
        }
        for takes in takers {
            if let Err(err) = (takes.check)(&args) {
                // With no lesson named, a first word that is none reads best as that.
                if lesson.is_none() && !first.starts_with('-') {
                    find(lessons, first)?;
                }
                bail!("{err}");
            }
        }
    }
    if trace.is_some() && lesson.is_none() {
        bail!("--trace FILE traces one lesson: name it");
    }
    Ok(Command::Run { lesson, settings: Settings { scale, seed, timeline, trace }, args })
}

/// The value after `flag`, as text, or one line saying what it takes.
fn value(parser: &mut Parser, flag: &str, accepted: &str) -> Result<String> {
    let value = parser.value().map_err(|_| anyhow!("{flag} needs a value: {accepted}"))?;
    value.into_string().map_err(|text| anyhow!("{flag} takes {accepted}, got {text:?}"))
}

/// `text` as a `T` that `ok` accepts, or one line saying what is accepted.
fn number<T: FromStr>(
    flag: &str,
    text: &str,
    accepted: &str,
    ok: impl Fn(&T) -> bool,
) -> Result<T> {
    match text.parse::<T>() {
        Ok(value) if ok(&value) => Ok(value),
        _ => bail!("{flag} takes {accepted}, got '{text}'"),
    }
}

fn find(lessons: &[Lesson], name: &str) -> Result<usize> {
    lessons.iter().position(|l| l.name == name).ok_or_else(|| {
        if let Some(krate) = protocol::course::crate_of(name) {
            return anyhow!("'{name}' is a lesson of {krate}: cargo run -p {krate} -- {name}");
        }
        let names: Vec<_> = lessons.iter().map(|l| l.name).collect();
        anyhow!("unknown lesson '{name}'; expected one of: {}", names.join(", "))
    })
}

pub(crate) fn help(krate: &str, about: &str, options: &str, lessons: &[Lesson]) -> String {
    let mut out = format!("{krate}: {about}\n\n");
    let _ = writeln!(out, "Usage: cargo run -p {krate} -- [LESSON] [OPTIONS]");
    out.push_str("\nWith no LESSON, runs every lesson in order.\n\nLessons:\n");
    for lesson in lessons {
        let _ = writeln!(out, "  {:<18} {}", lesson.name, lesson.about());
        if let Some(takes) = &lesson.takes {
            let _ = writeln!(out, "  {:<18} takes {}", "", takes.usage);
        }
    }
    out.push_str(
        "\nOptions:\n  \
         --seed N           seed for the random delays (default: drawn, and printed)\n  \
         --scale F          multiply every delay by F, from 0.01 to 100 (default 1)\n  \
         --timeline         after the run, its timeline: a row per task, time across\n  \
         --trace FILE       write the run's events to FILE as a Chrome trace (Perfetto)\n",
    );
    out.push_str(options);
    out.push_str(
        "  --list             print the lessons as `NAME<TAB>DESCRIPTION`\n                     \
         (and `<TAB>alone` for one that needs the machine to itself)\n  \
         -h, --help         print this help\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lessons() -> Vec<Lesson> {
        vec![Lesson::new("one", || async { Ok(()) }), Lesson::new("two", || async { Ok(()) })]
    }

    fn parse_str(line: &str) -> Result<Command> {
        parse(line.split_whitespace().map(OsString::from), &lessons())
    }

    fn error(line: &str) -> String {
        format!("{:#}", parse_str(line).expect_err("bad input"))
    }

    #[test]
    fn reads_lesson_seed_and_scale() {
        let Command::Run { lesson, settings, .. } =
            parse_str("two --seed 7 --scale=0.1").expect("good input")
        else {
            panic!("expected a run");
        };
        assert_eq!((lesson, settings.seed, settings.scale), (Some(1), Some(7), 0.1));
    }

    #[test]
    fn no_lesson_means_all_at_scale_1() {
        let Ok(Command::Run { lesson, settings, .. }) = parse_str("") else { panic!() };
        assert_eq!((lesson, settings.seed, settings.scale), (None, None, 1.0));
    }

    fn only_flag(args: &[String]) -> Result<(), String> {
        match args {
            [] => Ok(()),
            [flag] if flag == "--flag" => Ok(()),
            [other, ..] => Err(format!("unknown option '{other}'; this lesson takes --flag")),
        }
    }

    fn any_words(_: &[String]) -> Result<(), String> {
        Ok(())
    }

    #[test]
    fn a_lesson_that_takes_arguments_gets_them_in_order_wherever_they_stand() {
        let lessons = [
            Lesson::new("one", || async { Ok(()) }),
            Lesson::new("fetch", || async { Ok(()) }).takes("[URL...]", any_words),
        ];
        let line = "--timeout 5 fetch --scale 0.5 http://a --max-bytes=9 -x";
        let Ok(Command::Run { lesson, settings, args }) =
            parse(line.split_whitespace().map(OsString::from), &lessons)
        else {
            panic!("expected a run");
        };
        assert_eq!((lesson, settings.scale), (Some(1), 0.5));
        assert_eq!(args, ["--timeout", "5", "http://a", "--max-bytes=9", "-x"]);
        let Err(err) = parse(["one", "x"].map(OsString::from), &lessons) else { panic!() };
        assert_eq!(err.to_string(), "unexpected argument 'x'");
        // A lesson of another crate is never taken for an argument.
        let Err(err) = parse(["gather"].map(OsString::from), &lessons) else { panic!() };
        assert_eq!(
            err.to_string(),
            "'gather' is a lesson of examples-tasks: cargo run -p examples-tasks -- gather"
        );
    }

    #[test]
    fn a_lesson_checks_its_own_arguments_before_anything_runs() {
        let lessons = [
            Lesson::new("one", || async { Ok(()) }),
            Lesson::new("stop", || async { Ok(()) }).takes("[--flag]", only_flag),
        ];
        let error = |line: &str| {
            let argv = line.split_whitespace().map(OsString::from);
            format!("{:#}", parse(argv, &lessons).expect_err("bad input"))
        };
        assert_eq!(error("stop extra"), "unknown option 'extra'; this lesson takes --flag");
        assert_eq!(error("stop -x"), "unknown option '-x'; this lesson takes --flag");
        assert_eq!(
            error("stop --flag=yes"),
            "unknown option '--flag=yes'; this lesson takes --flag"
        );
        // Every lesson at once: those that would get the arguments check them first.
        assert_eq!(error("--bogus"), "unknown option '--bogus'; this lesson takes --flag");
        assert_eq!(error("--scale 0.01 nope"), "unknown lesson 'nope'; expected one of: one, stop");
        assert!(parse(["stop", "--flag"].map(OsString::from), &lessons).is_ok());
    }

    #[test]
    fn help_and_list() {
        assert!(matches!(parse_str("--help"), Ok(Command::Help)));
        assert!(matches!(parse_str("two -h"), Ok(Command::Help)));
        assert!(matches!(parse_str("--list"), Ok(Command::List)));
        let lessons = [Lesson::new("gather", || async { Ok(()) })];
        let help = help("examples-x", "things", "", &lessons);
        assert!(
            help.contains("  gather             results in argument order, though they finish"),
            "{help}"
        );
    }

    #[test]
    fn bad_input_says_what_was_wrong_and_what_is_accepted() {
        assert_eq!(error("three"), "unknown lesson 'three'; expected one of: one, two");
        assert_eq!(
            error("timeout"),
            "'timeout' is a lesson of examples-control: cargo run -p examples-control -- timeout"
        );
        for bad in ["0", "abc", "inf", "NaN", "1e308", "-1", "100.5"] {
            let expected = format!("--scale takes a number from 0.01 to 100, got '{bad}'");
            assert_eq!(error(&format!("--scale {bad}")), expected);
        }
        assert_eq!(error("--seed -1"), "--seed takes a whole number from 0 to 2^64-1, got '-1'");
        assert_eq!(error("--seed"), "--seed needs a value: a whole number from 0 to 2^64-1");
        assert_eq!(error("--fast"), "unknown option '--fast'");
        assert_eq!(error("one two"), "unexpected argument 'two'");
        assert_eq!(error("one --trace="), "--trace takes a file to write, got ''");
        for line in ["three", "--scale 0", "--seed -1", "--fast", "-x"] {
            assert!(!error(line).contains('\n'), "one line for {line}");
        }
    }
}
