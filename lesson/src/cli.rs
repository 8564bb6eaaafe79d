//! The command line every example crate shares:
//! `[LESSON] [--seed N] [--scale F] [--list] [--help]`,
//! plus whatever a crate adds through [`Args`].

use std::ffi::OsString;
use std::fmt::{Debug, Write as _};
use std::str::FromStr;

use anyhow::{Context as _, Result, bail};
use lexopt::Arg::{Long, Short, Value};
use lexopt::ValueExt as _;

use crate::Lesson;

/// The options every lesson crate shares.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) scale: f64,
    /// `--seed N`, for the lessons that draw random numbers; without it they draw a seed.
    pub(crate) seed: Option<u64>,
}

/// The range of `--scale`: below 0.01, tokio's timers, which tick in whole
/// milliseconds, no longer keep the lessons' delays apart (tasks-in-order's 1/3 s
/// and 1/4 s would both end at 1 ms); far above 1 a lesson takes hours (and
/// `Duration` overflows).
pub(crate) const SCALE: std::ops::RangeInclusive<f64> = 0.01..=100.0;

/// Options a crate adds to the shared ones (the HTTP lessons add `--timeout` and URLs).
/// `()` adds none.
pub trait Args: Clone + Default + Debug + 'static {
    /// Usage of the extra positional arguments, e.g. `"[URL...]"`.
    const POSITIONAL: &'static str = "";
    /// `--help` lines for the extra options, each ending in a newline.
    const HELP: &'static str = "";

    /// Take `--name` (and its value, from `parser`) if it is ours; `Ok(false)` if not.
    fn flag(&mut self, _name: &str, _parser: &mut lexopt::Parser) -> Result<bool> {
        Ok(false)
    }

    /// Take a positional argument after the lesson name if it is ours; `Ok(false)` if not.
    fn positional(&mut self, _value: String) -> Result<bool> {
        Ok(false)
    }
}

impl Args for () {}

/// What the command line asks for.
#[derive(Debug)]
pub(crate) enum Command<A> {
    Help,
    List,
    /// Run one lesson (by index), or all of them.
    Run {
        lesson: Option<usize>,
        settings: Settings,
        args: A,
    },
}

pub(crate) fn parse<A: Args>(
    argv: impl IntoIterator<Item = OsString>,
    lessons: &[Lesson<A>],
) -> Result<Command<A>> {
    let mut parser = lexopt::Parser::from_args(argv);
    let (mut lesson, mut seed, mut scale) = (None, None, 1.0);
    let mut args = A::default();
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Long("list") => return Ok(Command::List),
            Long("seed") => {
                seed =
                    Some(value(&mut parser, "--seed", "a whole number from 0 to 2^64-1", |_| {
                        true
                    })?);
            }
            Long("scale") => {
                scale = value(&mut parser, "--scale", "a number from 0.01 to 100", |f: &f64| {
                    SCALE.contains(f)
                })?;
            }
            Long(name) => {
                let name = name.to_owned();
                if !args.flag(&name, &mut parser)? {
                    bail!("unknown option '--{name}'");
                }
            }
            Short(c) => bail!("unknown option '-{c}'"),
            Value(value) => {
                let value = value.string()?;
                if lesson.is_none() {
                    lesson = Some(find(lessons, &value)?);
                } else if !args.positional(value.clone())? {
                    bail!("unexpected argument '{value}'");
                }
            }
        }
    }
    Ok(Command::Run { lesson, settings: Settings { scale, seed }, args })
}

/// Read the value of `flag` and check it; `accepted` says what is accepted, for the error.
pub fn value<T: FromStr>(
    parser: &mut lexopt::Parser,
    flag: &str,
    accepted: &str,
    ok: impl Fn(&T) -> bool,
) -> Result<T> {
    let raw = parser.value().with_context(|| format!("{flag} needs a value: {accepted}"))?;
    let text = raw.to_string_lossy();
    match text.parse::<T>() {
        Ok(value) if ok(&value) => Ok(value),
        _ => bail!("{flag} takes {accepted}, got '{text}'"),
    }
}

fn find<A>(lessons: &[Lesson<A>], name: &str) -> Result<usize> {
    lessons.iter().position(|l| l.name == name).with_context(|| {
        if let Some(krate) = protocol::course::crate_of(name) {
            return format!("'{name}' is a lesson of {krate}: cargo run -p {krate} -- {name}");
        }
        let names: Vec<_> = lessons.iter().map(|l| l.name).collect();
        format!("unknown lesson '{name}'; expected one of: {}", names.join(", "))
    })
}

pub(crate) fn help<A: Args>(krate: &str, about: &str, lessons: &[Lesson<A>]) -> String {
    let mut out = format!("{krate}: {about}\n\n");
    let usage = format!("Usage: cargo run -p {krate} -- [LESSON] [OPTIONS] {}", A::POSITIONAL);
    let _ = writeln!(out, "{}", usage.trim_end());
    out.push_str("\nWith no LESSON, runs every lesson in order.\n\nLessons:\n");
    for lesson in lessons {
        let _ = writeln!(out, "  {:<18} {}", lesson.name, lesson.about);
    }
    out.push_str(
        "\nOptions:\n  \
         --seed N           seed for the random delays (default: drawn, and printed)\n  \
         --scale F          multiply every delay by F, from 0.01 to 100 (default 1)\n",
    );
    out.push_str(A::HELP);
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

    fn parse_str(line: &str) -> Result<Command<()>> {
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
    fn help_and_list() {
        assert!(matches!(parse_str("--help"), Ok(Command::Help)));
        assert!(matches!(parse_str("two -h"), Ok(Command::Help)));
        assert!(matches!(parse_str("--list"), Ok(Command::List)));
        let help = help("examples-x", "things", &lessons());
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
        assert_eq!(
            error("--seed"),
            "--seed needs a value: a whole number from 0 to 2^64-1: missing argument for option '--seed'"
        );
        assert_eq!(error("--fast"), "unknown option '--fast'");
        assert_eq!(error("one two"), "unexpected argument 'two'");
        for line in ["three", "--scale 0", "--seed -1", "--fast", "-x"] {
            assert!(!error(line).contains('\n'), "one line for {line}");
        }
    }
}
