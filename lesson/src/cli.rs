//! The command line every lesson crate shares:
//! `[LESSON] [--seed N] [--scale F] [--list] [--help]`, and the lesson's own
//! arguments for a lesson that takes some ([`Lesson::takes`]), which it reads
//! with [`crate::args`].

use std::ffi::OsString;
use std::fmt::Write as _;
use std::str::FromStr;

use anyhow::{Context as _, Result, bail};

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
    let mut args = Vec::new();
    let mut argv = argv.into_iter();
    while let Some(arg) = argv.next() {
        let arg = arg.into_string().map_err(|arg| anyhow::anyhow!("{arg:?} is not UTF-8"))?;
        // `--flag value` or `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut value = |accepted: &str| {
            let value = inline.clone().or_else(|| argv.next()?.into_string().ok());
            value.with_context(|| format!("{flag} needs a value: {accepted}"))
        };
        match flag {
            "-h" | "--help" => return Ok(Command::Help),
            "--list" => return Ok(Command::List),
            "--timeline" => timeline = true,
            "--trace" => trace = Some(value("a file to write")?.into()),
            "--seed" => {
                let accepted = "a whole number from 0 to 2^64-1";
                seed = Some(number(flag, &value(accepted)?, accepted, |_| true)?);
            }
            "--scale" => {
                let accepted = "a number from 0.01 to 100";
                scale = number(flag, &value(accepted)?, accepted, |f| SCALE.contains(f))?;
            }
            name if lesson.is_none() && !name.starts_with('-') => match find(lessons, name) {
                Ok(at) => lesson = Some(at),
                // Not a lesson of ours: a lesson that takes arguments may want it.
                Err(err) if args.is_empty() && !lessons.iter().any(|l| l.takes.is_some()) => {
                    return Err(err);
                }
                Err(_) => args.push(arg),
            },
            _ => args.push(arg),
        }
    }
    // The lesson's own arguments: only for one that takes some.
    let takes = match lesson {
        Some(at) => lessons[at].takes.is_some(),
        None => lessons.iter().any(|l| l.takes.is_some()),
    };
    if let (false, Some(first)) = (takes, args.first()) {
        if lesson.is_none() && !first.starts_with('-') {
            find(lessons, first)?;
        }
        match first.starts_with('-') {
            true => bail!("unknown option '{first}'"),
            false => bail!("unexpected argument '{first}'"),
        }
    }
    if trace.is_some() && lesson.is_none() {
        bail!("--trace FILE traces one lesson: name it");
    }
    Ok(Command::Run { lesson, settings: Settings { scale, seed, timeline, trace }, args })
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
    lessons.iter().position(|l| l.name == name).with_context(|| {
        if let Some(krate) = protocol::course::crate_of(name) {
            return format!("'{name}' is a lesson of {krate}: cargo run -p {krate} -- {name}");
        }
        let names: Vec<_> = lessons.iter().map(|l| l.name).collect();
        format!("unknown lesson '{name}'; expected one of: {}", names.join(", "))
    })
}

pub(crate) fn help(krate: &str, about: &str, options: &str, lessons: &[Lesson]) -> String {
    let mut out = format!("{krate}: {about}\n\n");
    let _ = writeln!(out, "Usage: cargo run -p {krate} -- [LESSON] [OPTIONS]");
    out.push_str("\nWith no LESSON, runs every lesson in order.\n\nLessons:\n");
    for lesson in lessons {
        let _ = writeln!(out, "  {:<18} {}", lesson.name, lesson.about);
        if let Some(takes) = lesson.takes {
            let _ = writeln!(out, "  {:<18} takes {takes}", "");
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
        vec![
            Lesson::new("one", "the first", || async { Ok(()) }),
            Lesson::new("two", "the second", || async { Ok(()) }),
        ]
    }

    fn parse_str(line: &str) -> Result<Command> {
        parse(line.split_whitespace().map(OsString::from), &lessons())
    }

    fn error(line: &str) -> String {
        format!("{:#}", parse_str(line).unwrap_err())
    }

    #[test]
    fn reads_lesson_seed_and_scale() {
        let Command::Run { lesson, settings, .. } = parse_str("two --seed 7 --scale=0.1").unwrap()
        else {
            panic!("expected a run");
        };
        assert_eq!((lesson, settings.seed, settings.scale), (Some(1), Some(7), 0.1));
    }

    #[test]
    fn no_lesson_means_all_at_scale_1() {
        let Command::Run { lesson, settings, .. } = parse_str("").unwrap() else { panic!() };
        assert_eq!((lesson, settings.seed, settings.scale), (None, None, 1.0));
    }

    #[test]
    fn a_lesson_that_takes_arguments_gets_them_in_order_wherever_they_stand() {
        let lessons = [
            Lesson::new("one", "the first", || async { Ok(()) }),
            Lesson::new("fetch", "takes URLs", || async { Ok(()) }).takes("[URL...]"),
        ];
        let line = "--timeout 5 fetch --scale 0.5 http://a --max-bytes=9";
        let Ok(Command::Run { lesson, settings, args }) =
            parse(line.split_whitespace().map(OsString::from), &lessons)
        else {
            panic!("expected a run");
        };
        assert_eq!((lesson, settings.scale), (Some(1), 0.5));
        assert_eq!(args, ["--timeout", "5", "http://a", "--max-bytes=9"]);
        let Err(err) = parse(["one", "x"].map(OsString::from), &lessons) else { panic!() };
        assert_eq!(err.to_string(), "unexpected argument 'x'");
    }

    #[test]
    fn help_and_list() {
        assert!(matches!(parse_str("--help"), Ok(Command::Help)));
        assert!(matches!(parse_str("two -h"), Ok(Command::Help)));
        assert!(matches!(parse_str("--list"), Ok(Command::List)));
        let help = help("examples-x", "things", "", &lessons());
        assert!(help.contains("  one                the first\n"), "{help}");
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
        for line in ["three", "--scale 0", "--seed -1", "--fast", "-x"] {
            assert!(!error(line).contains('\n'), "one line for {line}");
        }
    }
}
