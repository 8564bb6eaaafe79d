//! What a check found, read from cargo's and the test's output, and said in the
//! course's terms.
//!
//! An exercise's test speaks through its assertions' messages, so the exercises
//! need nothing from us: `took X ideal Y: WHY` (an `assert!` on the virtual time),
//! `assert_eq!(actual, expected, "WHAT")`, or any other panic.

use std::fmt::Write as _;

use super::registry::{Exercise, Starts};

/// What a check of one file found.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Pass,
    /// Its virtual time is not the ideal; `why` is the test's guess at the cause.
    Slow {
        took: f64,
        ideal: f64,
        why: String,
    },
    /// An `assert_eq!` on `what` failed.
    Wrong {
        what: String,
        actual: String,
        expected: String,
    },
    /// Another panic, with its message.
    Failed {
        message: String,
    },
    /// It does not compile: the first error, its code and where.
    Compile {
        code: Option<String>,
        message: String,
        place: String,
    },
    /// Still running after this many seconds of real time, and stopped.
    Hang {
        seconds: u64,
    },
}

impl Verdict {
    /// Whether this is the verdict that `starts` promises.
    pub fn is(&self, starts: &Starts) -> bool {
        match (self, starts) {
            (Self::Slow { .. }, Starts::Slow)
            | (Self::Wrong { .. }, Starts::Wrong)
            | (Self::Failed { .. }, Starts::Failed) => true,
            (Self::Compile { code, .. }, Starts::Compile(expected)) => code == expected,
            _ => false,
        }
    }

    /// One line: what kind of verdict, for `--verify` and `list`.
    pub fn short(&self) -> String {
        match self {
            Self::Pass => "passes".to_owned(),
            Self::Slow { took, ideal, .. } => format!("slow (took {took:.3} ideal {ideal:.3})"),
            Self::Wrong { what, .. } => format!("wrong ({what})"),
            Self::Failed { .. } => "failed".to_owned(),
            Self::Compile { code: Some(code), .. } => format!("compile {code}"),
            Self::Compile { code: None, .. } => "compile - (an error without a code)".to_owned(),
            Self::Hang { seconds } => format!("hangs (stopped after {seconds} s)"),
        }
    }

    /// The verdict for the learner, in the course's terms: what happened and
    /// which lesson explains it.
    pub fn explain(&self, exercise: &Exercise) -> String {
        let see = format!(
            "see the lesson {0} (cargo xtask run {0}; part \"{1}\")",
            exercise.lesson, exercise.part
        );
        let mut text = String::new();
        match self {
            Self::Pass => {
                let _ = write!(text, "Done: {} passes — {}", exercise.name, exercise.done);
            }
            Self::Slow { took, ideal, why } => {
                let why = if why.is_empty() { String::new() } else { format!(": {why}") };
                let _ = write!(
                    text,
                    "Not yet: took {took:.3} s of virtual time, the ideal is {ideal:.3} s{why} — {see}"
                );
            }
            Self::Wrong { what, actual, expected } => {
                let _ = writeln!(text, "Not yet: {what}: not what the test expects — {see}");
                text += &side_by_side(expected, actual);
            }
            Self::Failed { message } => {
                let _ = write!(text, "Not yet: the test failed: {message} — {see}");
            }
            Self::Compile { code, message, place } => {
                let code = code.as_ref().map_or(String::new(), |c| format!("[{c}]"));
                let _ = write!(
                    text,
                    "It does not compile: error{code}: {message}\n  at {place}\n\
                     The lesson {} explains it (cargo xtask run {0}).",
                    exercise.lesson
                );
                if !code.is_empty() {
                    let _ = write!(text, " More: rustc --explain {}", &code[1..code.len() - 1]);
                }
            }
            Self::Hang { seconds } => {
                let _ = write!(
                    text,
                    "Not yet: still running after {seconds} s of real time, so it was stopped. On \
                     the paused clock a sleep ends at once: something waits for what never comes, \
                     or a loop never awaits — {see}"
                );
            }
        }
        text
    }
}

/// What the test binary printed (stdout and stderr together), and how it ended.
pub fn from_test(output: &str, success: bool) -> Verdict {
    if success {
        return Verdict::Pass;
    }
    // The last panic is the one that ended the test (a task's own panic may come first).
    let lines: Vec<&str> = output.lines().collect();
    let Some(at) = lines.iter().rposition(|line| line.contains(" panicked at ")) else {
        let last = output.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no output");
        return Verdict::Failed { message: format!("the test failed without a panic: {last}") };
    };
    let message: Vec<&str> = lines[at + 1..]
        .iter()
        .copied()
        .take_while(|line| {
            !line.is_empty() && !line.starts_with("note: ") && !line.starts_with("stack backtrace")
        })
        .collect();
    let first = message.first().copied().unwrap_or_default();
    if let Some(slow) = slow(first) {
        return slow;
    }
    if let Some(what) = first.strip_prefix("assertion `left == right` failed") {
        let what = what.strip_prefix(": ").unwrap_or("the values");
        let field = |name: &str| {
            message.iter().find_map(|l| l.trim_start().strip_prefix(name)).unwrap_or("").trim()
        };
        return Verdict::Wrong {
            what: what.to_owned(),
            actual: field("left:").to_owned(),
            expected: field("right:").to_owned(),
        };
    }
    Verdict::Failed { message: message.join("\n") }
}

/// `took 3.000 ideal 1.000: why`, the line an exercise's time assertion gives.
fn slow(line: &str) -> Option<Verdict> {
    let rest = line.strip_prefix("took ")?;
    let (took, rest) = rest.split_once(" ideal ")?;
    let (ideal, why) = rest.split_once(": ").unwrap_or((rest, ""));
    Some(Verdict::Slow {
        took: took.parse().ok()?,
        ideal: ideal.parse().ok()?,
        why: why.to_owned(),
    })
}

/// cargo's stderr (`--message-format short`) for a build that failed: its first error.
pub fn from_build(stderr: &str, root: &str) -> Verdict {
    let first = stderr.lines().find(|l| l.contains("error[E") || l.contains(": error: "));
    let Some(line) = first else {
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("cargo failed");
        return Verdict::Compile { code: None, message: last.to_owned(), place: String::new() };
    };
    let (place, error) = line.split_once(": error").unwrap_or(("", line));
    let place = place.trim_start_matches("../../").replace(&format!("{root}/"), "");
    let (code, message) = match error.strip_prefix('[').and_then(|e| e.split_once("]: ")) {
        Some((code, message)) => (Some(code.to_owned()), message),
        None => (None, error.trim_start_matches(": ")),
    };
    Verdict::Compile { code, message: message.to_owned(), place }
}

/// Two columns, expected and actual, a `≠` where they differ. A Debug list of
/// strings is shown an item a row; anything else as one row.
pub fn side_by_side(expected: &str, actual: &str) -> String {
    let (expected, actual) = (items(expected), items(actual));
    let width = expected.iter().map(|s| s.chars().count()).max().unwrap_or(0).max(8);
    let mut text = format!("  {:width$}    {}\n", "expected", "actual");
    for row in 0..expected.len().max(actual.len()) {
        let left = expected.get(row).map_or("", String::as_str);
        let right = actual.get(row).map_or("", String::as_str);
        let mark = if left == right { ' ' } else { '≠' };
        let _ = writeln!(text, "  {left:width$}  {mark} {right}");
    }
    text
}

/// The items of `["a", "b"]` (Debug of strings), or the text itself as one item.
fn items(debug: &str) -> Vec<String> {
    let Some(inner) = debug.strip_prefix('[').and_then(|d| d.strip_suffix(']')) else {
        return vec![debug.to_owned()];
    };
    if inner.trim().is_empty() {
        return vec!["(nothing)".to_owned()];
    }
    let mut items = Vec::new();
    let (mut item, mut quoted, mut escaped) = (String::new(), false, false);
    for c in inner.chars() {
        match c {
            _ if escaped => {
                item.push(c);
                escaped = false;
            }
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => items.push(std::mem::take(&mut item).trim().to_owned()),
            _ => item.push(c),
        }
    }
    items.push(item.trim().to_owned());
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise() -> Exercise {
        Exercise {
            name: "gather".into(),
            lesson: "gather".into(),
            part: "Tasks and gather".into(),
            starts: Starts::Slow,
            hint: "join!".into(),
            done: "you wrote asyncio.gather".into(),
        }
    }

    const SLOW: &str = "\nrunning 1 test\ntest tests::t ... FAILED\n\nfailures:\n\n---- tests::t stdout ----\n\n\
        thread 'tests::t' (1234) panicked at ../../exercises/gather.rs:39:9:\n\
        took 6.000 ideal 3.000: the three waits ran one after another\n\
        note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\nfailures:\n";

    const WRONG: &str = "thread 'tests::t' (9) panicked at ../../exercises/interval.rs:42:9:\n\
        assertion `left == right` failed: ticks\n  left: [\"0.000 tick\", \"1.300 tick\"]\n right: [\"0.000 tick\", \"1.000 tick\"]\n\
        note: run with `RUST_BACKTRACE=1`\n";

    #[test]
    fn a_slow_run_says_its_virtual_time_and_the_lesson() {
        let verdict = from_test(SLOW, false);
        assert_eq!(
            verdict,
            Verdict::Slow {
                took: 6.0,
                ideal: 3.0,
                why: "the three waits ran one after another".into()
            }
        );
        assert_eq!(
            verdict.explain(&exercise()),
            "Not yet: took 6.000 s of virtual time, the ideal is 3.000 s: the three waits ran one \
             after another — see the lesson gather (cargo xtask run gather; part \"Tasks and gather\")"
        );
        assert!(verdict.is(&Starts::Slow) && !verdict.is(&Starts::Wrong));
    }

    #[test]
    fn a_wrong_order_shows_expected_and_actual_side_by_side() {
        let verdict = from_test(WRONG, false);
        let Verdict::Wrong { what, actual, expected } = &verdict else { panic!("{verdict:?}") };
        assert_eq!(what, "ticks");
        assert_eq!(actual, "[\"0.000 tick\", \"1.300 tick\"]");
        assert_eq!(expected, "[\"0.000 tick\", \"1.000 tick\"]");
        let lines: Vec<String> = verdict.explain(&exercise()).lines().map(str::to_owned).collect();
        assert_eq!(
            lines[1..],
            ["  expected      actual", "  0.000 tick    0.000 tick", "  1.000 tick  ≠ 1.300 tick"]
        );
        assert_eq!(side_by_side("3", "10"), "  expected    actual\n  3         ≠ 10\n");
        assert_eq!(
            side_by_side("[\"a\"]", "[]"),
            "  expected    actual\n  a         ≠ (nothing)\n"
        );
    }

    #[test]
    fn other_panics_and_silent_failures_keep_their_message() {
        let panic = "thread 'main' panicked at x.rs:1:1:\nticks: 0\nmore\n\nfailures:\n";
        assert_eq!(from_test(panic, false), Verdict::Failed { message: "ticks: 0\nmore".into() });
        // A task's own panic first, then the test's: the test's is the verdict.
        let two = "thread 't' panicked at a.rs:1:1:\njob 2 went wrong\nthread 't' panicked at \
                   b.rs:2:2:\na job does not panic\n\nfailures:\n";
        let last = Verdict::Failed { message: "a job does not panic".into() };
        assert_eq!(from_test(two, false), last);
        assert_eq!(
            from_test("running 1 test\nerror: test failed\n", false),
            Verdict::Failed {
                message: "the test failed without a panic: error: test failed".into()
            }
        );
        assert_eq!(from_test("anything", true), Verdict::Pass);
    }

    #[test]
    fn a_compile_error_gives_its_code_place_and_the_lesson() {
        let stderr = "   Compiling exercises v0.0.0\n\
            ../../exercises/send-static.rs:25:33: error[E0373]: async block may outlive the current function\n\
            ../../exercises/send-static.rs:25:33: error[E0373]: another\n\
            error: could not compile `exercises` (test \"send-static\") due to 2 previous errors\n";
        let verdict = from_build(stderr, "/root");
        assert_eq!(
            verdict,
            Verdict::Compile {
                code: Some("E0373".into()),
                message: "async block may outlive the current function".into(),
                place: "exercises/send-static.rs:25:33".into(),
            }
        );
        assert!(verdict.is(&Starts::Compile(Some("E0373".into()))));
        assert!(!verdict.is(&Starts::Compile(Some("E0521".into()))));
        let mut e = exercise();
        e.lesson = "send-static".into();
        assert_eq!(
            verdict.explain(&e),
            "It does not compile: error[E0373]: async block may outlive the current function\n  \
             at exercises/send-static.rs:25:33\nThe lesson send-static explains it (cargo xtask run \
             send-static). More: rustc --explain E0373"
        );
        let send =
            "/root/exercises/lock.rs:30:53: error: future cannot be sent between threads safely\n";
        assert_eq!(
            from_build(send, "/root"),
            Verdict::Compile {
                code: None,
                message: "future cannot be sent between threads safely".into(),
                place: "exercises/lock.rs:30:53".into(),
            }
        );
        assert!(from_build(send, "/root").is(&Starts::Compile(None)));
    }

    #[test]
    fn a_pass_says_what_the_learner_did_in_asyncio_terms() {
        assert_eq!(
            Verdict::Pass.explain(&exercise()),
            "Done: gather passes — you wrote asyncio.gather"
        );
    }
}
