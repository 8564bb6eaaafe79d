//! Every command of `cargo xtask` and its flags, in one table: the parser and
//! `--help` are both made from it (as rust-analyzer's `xtask/src/flags.rs` keeps
//! them). A command reads what was given through [`Parsed`]; bad input is a
//! [`Usage`] error: one line and exit status 2, before any work starts.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::ops::RangeInclusive;
use std::path::PathBuf;
use std::str::FromStr;

use anyhow::Result;
use lexopt::Arg::{Long, Short, Value};

/// A command: its name, what it takes besides flags, and one line about it.
#[derive(Debug)]
pub struct Command {
    pub name: &'static str,
    /// The words it takes besides flags, as `--help` shows them.
    pub words: Words,
    pub about: &'static str,
    pub flags: &'static [Flag],
}

/// What a command takes besides its flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    None,
    /// At most this many, named so in `--help`.
    Up(usize, &'static str),
    /// Everything, flags included, for a lesson to check (`run LESSON [ARGS]`).
    PassedOn(&'static str),
}

/// A flag: `--name VALUE`, or `--name` alone when it takes no value.
#[derive(Debug)]
pub struct Flag {
    pub name: &'static str,
    /// What its value is called in `--help` (`F`, `FILE`); `None` for a switch.
    pub value: Option<&'static str>,
    pub help: &'static str,
}

const fn flag(name: &'static str, value: &'static str, help: &'static str) -> Flag {
    Flag { name, value: Some(value), help }
}

const fn switch(name: &'static str, help: &'static str) -> Flag {
    Flag { name, value: None, help }
}

const SCALE: Flag = flag("scale", "F", "every delay times F, from 0.01 to 100 (default 1)");
const PYTHON: Flag = flag(
    "python",
    "PATH",
    "the python3 for the twins (default: target/venv/bin/python3 if there, else the PATH's)",
);

/// The table: every command and its flags.
pub const COMMANDS: &[Command] = &[
    Command {
        name: "run-all",
        words: Words::None,
        about: "run and time every lesson against its claim",
        flags: &[
            SCALE,
            flag("seed", "N", "the random delays' seed (default: drawn, and printed)"),
            flag("only", "CRATE", "only the lessons of CRATE (e.g. examples-tasks)"),
            flag("json", "FILE", "write one JSON record per lesson to FILE"),
            flag(
                "jobs",
                "N",
                "how many lessons that only wait run side by side, from 1 to 64 (default 64: \
                 all of them, started 30 ms apart); those that measure a speed-up run alone first",
            ),
            flag("tolerance", "F", "pass up to ideal × (1 + F) + GRACE (default 0.05)"),
            flag("grace", "MS", "(default 50)"),
        ],
    },
    Command {
        name: "run",
        words: Words::PassedOn("LESSON [ARGS]"),
        about: "the same for one lesson; ARGS go to the lesson, anywhere \
                (cargo xtask run gather-random --seed 7 --scale 0.1)",
        flags: &[],
    },
    Command {
        name: "list",
        words: Words::None,
        about: "every lesson in the course's order (course.txt), with its crate and what it shows",
        flags: &[flag("only", "CRATE", "only the lessons of CRATE")],
    },
    Command {
        name: "copies",
        words: Words::None,
        about: "each lesson as a plain tokio program, in a project made by the README's \
                \"Copy a lesson\" steps: build and run it, check it prints the lesson's events",
        flags: &[],
    },
    Command {
        name: "compare",
        words: Words::Up(1, "[LESSON|CRATE]"),
        about: "each lesson beside its asyncio twin (python/), run at the same scale: the \
                events in two columns, the order, each side's time against its claim",
        flags: &[SCALE, PYTHON],
    },
    Command {
        name: "timeline",
        words: Words::Up(1, "LESSON"),
        about: "the lesson and its asyncio twin as one picture, a row per task: writes \
                target/timeline/LESSON.svg",
        flags: &[SCALE, PYTHON],
    },
    Command {
        name: "learn",
        words: Words::Up(2, "[list|hint NAME|check NAME|reset NAME]"),
        about: "exercises (exercises/), checked on tokio's paused clock: the next one not \
                done, checked again at every save; or list them, a hint, check or reset one",
        flags: &[switch(
            "verify",
            "prove every starting file fails as exercises/info.txt says and every solution passes",
        )],
    },
    Command {
        name: "bench",
        words: Words::Up(8, "[SCENARIO...]"),
        about: "tokio against asyncio and uvloop, measured side by side (release build); \
                SCENARIO: tasks, timer, http, spawn, echo",
        flags: &[
            switch("quick", "small sizes: proves the bench runs"),
            flag(
                "runs",
                "N",
                "each figure the median of N runs of each side, from 1 to 9 (default 3)",
            ),
            flag("json", "FILE", "write the figures to FILE"),
            PYTHON,
        ],
    },
    Command {
        name: "book",
        words: Words::None,
        about: "the course as a book (mdBook) in target/book: each lesson's prose, plain \
                program, twin, a run at --scale 0.1, its timeline and its differences",
        flags: &[
            switch("open", "open it in a browser"),
            switch("check", "open every page in headless Chromium and check it"),
            PYTHON,
        ],
    },
];

/// What was given for one command.
#[derive(Debug, PartialEq)]
pub struct Parsed {
    pub command: &'static str,
    /// The words given besides flags (for `run`, everything after its name).
    pub words: Vec<OsString>,
    /// Each flag given, with its value (empty for a switch), in order.
    given: Vec<(&'static str, OsString)>,
}

/// `xtask --help`, or a command line with nothing to do.
pub const HELP: &str = "help";

/// Parse a whole command line, the command's name first. No command, `help`,
/// `--help` or `-h`: [`HELP`].
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Parsed> {
    let mut args = args.into_iter();
    let Some(name) = args.next() else { return Ok(help_only()) };
    let name = name.to_string_lossy();
    if ["help", "--help", "-h"].contains(&&*name) {
        return Ok(help_only());
    }
    let Some(command) = COMMANDS.iter().find(|c| c.name == name) else {
        let names: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
        return Err(usage(format!("unknown task '{name}'; expected one of: {}", names.join(", "))));
    };
    let args: Vec<OsString> = args.collect();
    if let Words::PassedOn(_) = command.words {
        return Ok(Parsed { command: command.name, words: args, given: Vec::new() });
    }
    let mut parsed = Parsed { command: command.name, words: Vec::new(), given: Vec::new() };
    let mut parser = lexopt::Parser::from_args(args);
    let bad = |err: lexopt::Error| usage(format!("{}: {err}", command.name));
    while let Some(arg) = parser.next().map_err(bad)? {
        match arg {
            Long("help") | Short('h') => return Ok(help_only()),
            Long(name) => {
                let Some(flag) = command.flags.iter().find(|f| f.name == name) else {
                    return Err(usage(format!("{}: invalid option '--{name}'", command.name)));
                };
                let value = match flag.value {
                    Some(_) => parser.value().map_err(bad)?,
                    None => OsString::new(),
                };
                parsed.given.push((flag.name, value));
            }
            Value(word) => match command.words {
                Words::Up(most, _) if parsed.words.len() < most => parsed.words.push(word),
                _ => {
                    let word = word.to_string_lossy();
                    return Err(usage(format!("{}: unexpected argument '{word}'", command.name)));
                }
            },
            Short(_) => return Err(bad(arg.unexpected())),
        }
    }
    Ok(parsed)
}

fn help_only() -> Parsed {
    Parsed { command: HELP, words: Vec::new(), given: Vec::new() }
}

impl Parsed {
    /// Whether the switch `--name` was given.
    pub fn switch(&self, name: &str) -> bool {
        self.given.iter().any(|(flag, _)| *flag == name)
    }

    /// The last value given for `--name`, as text.
    pub fn text(&self, name: &str) -> Result<Option<String>> {
        let Some((_, value)) = self.given.iter().rev().find(|(flag, _)| *flag == name) else {
            return Ok(None);
        };
        let text = value.to_str().ok_or_else(|| {
            usage(format!("--{name} takes text, got '{}'", value.to_string_lossy()))
        })?;
        Ok(Some(text.to_owned()))
    }

    /// The last value given for `--name`, as a path (any bytes will do).
    pub fn path(&self, name: &str) -> Option<PathBuf> {
        let value = self.given.iter().rev().find(|(flag, _)| *flag == name);
        value.map(|(_, value)| PathBuf::from(value))
    }

    /// The last value given for `--name`, a number in `range`: `accepted` says what
    /// it takes, for the error.
    pub fn number<T>(
        &self,
        name: &str,
        range: RangeInclusive<T>,
        accepted: &str,
    ) -> Result<Option<T>>
    where
        T: FromStr + PartialOrd,
    {
        let Some(text) = self.text(name)? else { return Ok(None) };
        let number = text.parse().ok().filter(|n| range.contains(n));
        number.map(Some).ok_or_else(|| usage(format!("--{name} takes {accepted}, got '{text}'")))
    }

    /// The words given, as text.
    pub fn words(&self) -> Result<Vec<String>> {
        self.words
            .iter()
            .map(|word| {
                word.to_str().map(str::to_owned).ok_or_else(|| {
                    usage(format!("{}: '{}' is not text", self.command, word.to_string_lossy()))
                })
            })
            .collect()
    }

    /// The one word a command takes, if given.
    pub fn word(&self) -> Result<Option<String>> {
        Ok(self.words()?.into_iter().next())
    }
}

/// `cargo xtask --help`, from the table.
pub fn help() -> String {
    let mut text = String::from("Usage: cargo xtask <TASK>\n\nTasks:\n");
    for command in COMMANDS {
        let words = match command.words {
            Words::None => String::new(),
            Words::Up(_, words) | Words::PassedOn(words) => format!(" {words}"),
        };
        let flags = if command.flags.is_empty() { "" } else { " [OPTIONS]" };
        item(&mut text, &format!("  {}{words}{flags}", command.name), command.about);
        for flag in command.flags {
            let value = flag.value.map_or(String::new(), |v| format!(" {v}"));
            item(&mut text, &format!("      --{}{value}", flag.name), flag.help);
        }
    }
    text
}

/// One entry of `--help`: `head`, and `about` wrapped in a column beside it (below
/// it, when the head is too long to leave room).
fn item(text: &mut String, head: &str, about: &str) {
    let mut lines = wrap(about, 54);
    if head.len() >= 25 {
        lines.insert(0, String::new());
    }
    for (i, line) in lines.iter().enumerate() {
        let _ = writeln!(text, "{:<25}{line}", if i == 0 { head } else { "" });
    }
}

/// `text` in lines of at most `width` characters, broken at spaces.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("one line at least");
        if line.is_empty() {
            line.push_str(word);
        } else if line.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_owned());
        } else {
            line.push(' ');
            line.push_str(word);
        }
    }
    lines
}

/// An error in what was asked (exit status 2), not in running it (1).
#[derive(Debug)]
pub struct Usage(pub String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// A [`Usage`] error, pointing to `--help`.
pub fn usage(message: String) -> anyhow::Error {
    Usage(format!("{message} (see `cargo xtask --help`)")).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<OsString> {
        line.split_whitespace().map(OsString::from).collect()
    }

    fn error(line: &str) -> String {
        let err = parse(words(line)).unwrap_err();
        assert!(err.is::<Usage>(), "{err:#}");
        err.to_string()
    }

    #[test]
    fn a_command_line_gives_its_flags_and_words() {
        let parsed = parse(words("run-all --scale 0.1 --seed=7 --only examples-tasks")).unwrap();
        assert_eq!(parsed.command, "run-all");
        assert_eq!(parsed.text("scale").unwrap().as_deref(), Some("0.1"));
        assert_eq!(parsed.number("seed", 0..=u64::MAX, "N").unwrap(), Some(7));
        assert_eq!(parsed.text("json").unwrap(), None);
        let book = parse(words("book --check")).unwrap();
        assert!(book.switch("check") && !book.switch("open"));
        let compare = parse(words("compare gather --scale 0.5")).unwrap();
        assert_eq!(compare.word().unwrap().as_deref(), Some("gather"));
    }

    #[test]
    fn run_passes_everything_on() {
        let parsed = parse(words("run --scale 0.1 gather --bogus")).unwrap();
        assert_eq!(parsed.words, words("--scale 0.1 gather --bogus"));
    }

    #[test]
    fn bad_input_is_one_clear_usage_error() {
        assert_eq!(
            error("run-all --fast"),
            "run-all: invalid option '--fast' (see `cargo xtask --help`)"
        );
        assert_eq!(
            error("list extra"),
            "list: unexpected argument 'extra' (see `cargo xtask --help`)"
        );
        assert_eq!(
            error("compare a b"),
            "compare: unexpected argument 'b' (see `cargo xtask --help`)"
        );
        assert!(error("nope").starts_with("unknown task 'nope'; expected one of: run-all, run,"));
        assert_eq!(
            error("run-all --scale"),
            "run-all: missing argument for option '--scale' (see `cargo xtask --help`)"
        );
        let grace = parse(words("run-all --grace -1")).unwrap();
        let err = grace.number("grace", 0..=60_000u64, "whole milliseconds up to 60000");
        assert_eq!(
            err.unwrap_err().to_string(),
            "--grace takes whole milliseconds up to 60000, got '-1' (see `cargo xtask --help`)"
        );
    }

    #[cfg(unix)]
    #[test]
    fn bytes_that_are_not_text_are_a_usage_error() {
        use std::os::unix::ffi::OsStringExt as _;
        let only = OsString::from_vec(vec![0xff]);
        let parsed = parse([OsString::from("run-all"), "--only".into(), only]).unwrap();
        let err = parsed.text("only").unwrap_err();
        assert!(err.is::<Usage>());
        assert_eq!(err.to_string(), "--only takes text, got '\u{fffd}' (see `cargo xtask --help`)");
    }

    #[test]
    fn help_names_every_command_and_flag() {
        let help = help();
        for command in COMMANDS {
            assert!(help.contains(&format!("  {}", command.name)), "{}", command.name);
            for flag in command.flags {
                assert!(help.contains(&format!("--{}", flag.name)), "{}", flag.name);
            }
        }
        assert!(help.lines().all(|line| line.chars().count() <= 80), "{help}");
    }
}
