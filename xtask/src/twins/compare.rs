//! `cargo xtask compare [LESSON|CRATE] [--scale F]`: each lesson beside its
//! asyncio twin (`python/<lesson>.py`), run at the same scale: the events in two
//! columns, whether they come in the same order, and each side's time against
//! its own claim.
//!
//! Every event is held to the same place in the order, events of the same instant
//! too: on one thread both runtimes run what is ready in a fixed order, and that
//! order is part of what a lesson teaches. Time stamps are shown, not compared.
//! A twin declares, on lines of its own (python/lesson.py writes them), where it
//! really differs: `difference "<prefix>": <why>` for the events that start with
//! <prefix> (shown `~`, not held to the order), and `difference in the work: <how>`
//! where it does other work than its lesson (said with the verdict).

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Duration;

use anyhow::{Context as _, Result};

use crate::lessons::{self, Lesson};
use protocol::lines::{Claim, parse_event as event};

use protocol::out;

use crate::claims::{Held, Verdict, held_to};
use crate::flags::{Parsed, usage};
use crate::runner::{self, Echo, Finished};
use crate::runner::{Exit, Limits};
use crate::{python, signals};

/// How many times a lesson that fails its comparison is run before it counts.
const ATTEMPTS: usize = 3;

/// How wide each column of events is.
const COLUMN: usize = 52;

pub fn compare(parsed: &Parsed) -> Result<ExitCode> {
    let only = parsed.word()?;
    let scale = parsed.text("scale")?.unwrap_or_else(|| "1".to_owned());
    let mut lessons = lessons::find(None, &[])?;
    if let Some(only) = &only {
        lessons.retain(|l| &l.name == only || &l.krate == only);
        if lessons.is_empty() {
            return Err(usage(format!("no lesson or crate named '{only}'")));
        }
    }
    let scale_args: Vec<OsString> = vec!["--scale".into(), scale.clone().into()];
    lessons[0].check(&scale_args)?;
    // The input checked first: without python3 there is nothing to compare with.
    if python::python3().is_none() {
        out!("compare: {}, so there is nothing to compare with\n", python::MISSING);
        return Ok(ExitCode::SUCCESS);
    }
    signals::catch()?;

    let (mut summary, mut other_work) = (String::new(), String::new());
    let (mut compared, mut failed, mut not_run) = (0, 0, 0);
    for lesson in &lessons {
        if signals::interrupted() {
            break;
        }
        let verdict = match twin(&lesson.name)? {
            Twin::Script(twin) => {
                let (mut text, mut verdict, mut work) = side_by_side(lesson, &twin, &scale_args)?;
                // On the real clock two events microseconds apart can fall on either
                // side of a millisecond tick, and a busy machine can make either side
                // late: a failure is run again, up to ATTEMPTS in all. A twin that
                // prints in another order, or a lesson that misses its claim, fails
                // every time.
                for attempt in 2..=ATTEMPTS {
                    if verdict.is_ok() || signals::interrupted() {
                        break;
                    }
                    (text, verdict, work) = side_by_side(lesson, &twin, &scale_args)?;
                    let _ = writeln!(text, "  (attempt {attempt} of {ATTEMPTS})");
                    verdict = verdict.map(|kept| format!("{kept} (at attempt {attempt})"));
                }
                if signals::interrupted() {
                    // Stopped in the middle: this lesson has no verdict.
                    break;
                }
                if verdict.is_err() {
                    protocol::output::fail(1);
                }
                out!("{text}");
                for how in work {
                    let _ = writeln!(other_work, "{:<18} {how}", lesson.name);
                }
                verdict
            }
            Twin::NoneBecause(why) => Ok(format!("no asyncio twin: {why}")),
            Twin::Missing => {
                protocol::output::fail(1);
                Err("no asyncio twin, and none in python/no-twin.txt".to_owned())
            }
        };
        if signals::interrupted() {
            break;
        }
        compared += 1;
        failed += usize::from(verdict.is_err());
        not_run += usize::from(verdict.as_ref().is_ok_and(|v| v.starts_with(NOT_RUN)));
        let verdict = verdict.unwrap_or_else(|why| format!("FAILED: {why}"));
        let _ = writeln!(summary, "{:<18} {:<16} {verdict}", lesson.name, lesson.krate);
    }
    let stopped = signals::interrupted().then(|| lessons.len() - compared);
    let counts = Counts { compared, failed, not_run };
    out!("{}", closing(&summary, &other_work, counts, stopped));
    Ok(ExitCode::from(protocol::output::status()))
}

/// How many lessons were compared, how many of those failed, and how many of their
/// twins could not run (aiohttp missing: not a failure).
#[derive(Debug, Clone, Copy)]
struct Counts {
    compared: usize,
    failed: usize,
    not_run: usize,
}

/// The closing lines: a row for each lesson compared, the other work twins declare,
/// the count, and how many a signal left not compared.
fn closing(summary: &str, other_work: &str, counts: Counts, not_compared: Option<usize>) -> String {
    let other_work = if other_work.is_empty() {
        String::new()
    } else {
        format!("\nTwins that do other work than their lesson, as they declare:\n{other_work}")
    };
    let Counts { compared, failed, not_run } = counts;
    let passed = compared - failed - not_run;
    let not_run = if not_run > 0 { format!(", {not_run} twin(s) not run") } else { String::new() };
    let stopped =
        not_compared.map_or(String::new(), |n| format!(" (stopped by a signal: {n} not compared)"));
    format!(
        "\n{summary}{other_work}\ncompare: {passed} passed, {failed} failed{not_run}{stopped}\n"
    )
}

/// A lesson's asyncio twin, `python/<lesson>.py`; or why it has none, from its line
/// in `python/no-twin.txt` (`runtimes: why`); or neither, which is a mistake.
pub(crate) enum Twin {
    Script(PathBuf),
    NoneBecause(String),
    Missing,
}

pub(crate) fn twin(lesson: &str) -> Result<Twin> {
    let script = lessons::root().join("python").join(format!("{}.py", lesson.replace('-', "_")));
    if script.exists() {
        return Ok(Twin::Script(script));
    }
    let no_twin = std::fs::read_to_string(lessons::root().join("python/no-twin.txt"))
        .context("reading python/no-twin.txt")?;
    let why = no_twin.lines().find_map(|l| l.strip_prefix(&format!("{lesson}: ")));
    Ok(why.map_or(Twin::Missing, |why| Twin::NoneBecause(why.to_owned())))
}

/// One run of each side, parsed.
struct Side {
    finished: Finished,
    events: Vec<(f64, String)>,
    took: Option<String>,
}

impl Side {
    fn new(finished: Finished) -> Self {
        let events = events(&finished.stdout);
        let took = finished.stdout.iter().rev().find(|l| l.starts_with("took ")).cloned();
        Self { finished, events, took }
    }

    /// Whether it ran and kept its own claim, and by how much.
    fn judge(&self, limits: &Limits) -> Result<Kept, String> {
        let Finished { exit, claim, speed_up, stderr, .. } = &self.finished;
        if *exit != Exit::Code(0) {
            return Err(format!("{exit:?}: {}", stderr.lines().last().unwrap_or("")));
        }
        let took = self.took.as_deref().and_then(protocol::lines::parse_took);
        match (*claim, took, *speed_up) {
            (Some(Claim::Time { ideal, .. }), Some(took), _) => {
                if Verdict::of_time(took, ideal, limits) != Verdict::Pass {
                    return Err(format!(
                        "took {:.3}s for an ideal of {:.3}s",
                        took.as_secs_f64(),
                        ideal.as_secs_f64()
                    ));
                }
                Ok(Kept::Over(took - ideal))
            }
            (Some(Claim::SpeedUp { at_least }), _, Some(measured)) => {
                match held_to(&measured, at_least) {
                    (Held::NotFaster, said) => Err(format!("speed-up {said}")),
                    (_, said) => Ok(Kept::SpeedUp(said)),
                }
            }
            _ => Err("no claim, or nothing measured against it".into()),
        }
    }
}

/// How a side kept its claim: so far over its ideal, or with that speed-up (as
/// report.rs says it: kept, not claimed, or inconclusive on a busy machine).
#[derive(Debug, Clone)]
enum Kept {
    Over(Duration),
    SpeedUp(String),
}

/// The same local server has another port each run.
fn normalize(text: &str) -> String {
    let Some(at) = text.find("127.0.0.1:") else { return text.to_owned() };
    let port = &text[at + 10..];
    let digits = port.len() - port.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    format!("{}127.0.0.1:PORT{}", &text[..at], normalize(&port[digits..]))
}

/// What a twin declares, each on a line of its own (python/lesson.py `_declare`
/// writes them): the events that differ, as expected, and the work that does.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Declared {
    /// `difference "<prefix>": <why>`: events that start with <prefix>.
    pub(crate) events: Vec<(String, String)>,
    /// `difference in the work: <how>`: the twin does other work than its lesson.
    pub(crate) work: Vec<String>,
}

impl Declared {
    pub(crate) fn parse(stdout: &[String]) -> Self {
        let mut declared = Self::default();
        for line in stdout {
            let Some(rest) = line.strip_prefix("difference ") else { continue };
            if let Some(how) = rest.strip_prefix("in the work: ") {
                declared.work.push(how.to_owned());
            } else if let Some((prefix, why)) =
                rest.strip_prefix('"').and_then(|rest| rest.split_once("\": "))
            {
                declared.events.push((prefix.to_owned(), why.to_owned()));
            }
        }
        declared
    }

    pub(crate) fn expected(&self, event: &str) -> bool {
        self.events.iter().any(|(prefix, _)| event.starts_with(prefix.as_str()))
    }
}

/// The verdict of a lesson whose twin could not run here, before its reason.
const NOT_RUN: &str = "asyncio twin not run";

/// Why a twin did not run, when its output says so (`not run: <why>`).
pub(crate) fn not_run(stdout: &[String]) -> Option<&str> {
    stdout.iter().find_map(|line| protocol::lines::parse_not_run(line))
}

/// The twin's command: `python3 python/<lesson>.py ARGS`, and the seed and delays
/// the lesson drew, if it drew some (it prints them), so that both wait alike.
pub(crate) fn twin_command(
    twin: &std::path::Path,
    args: &[OsString],
    lesson: &[String],
) -> Command {
    let mut python = python::command();
    python.arg(twin).args(args);
    if let Some((seed, delays)) = lesson.iter().find_map(|line| protocol::lines::parse_seed(line)) {
        python.args(["--seed", seed, "--delays", &delays]);
    }
    python
}

/// The two sides' events in two columns, each side's time against its claim, and
/// the verdict; with the work the twin declares it does otherwise.
fn side_by_side(
    lesson: &Lesson,
    twin: &std::path::Path,
    scale: &[OsString],
) -> Result<(String, Result<String, String>, Vec<String>)> {
    let limits = Limits::default();
    let run = |command| runner::run(command, &limits, Echo::No, &signals::INTERRUPTED, |_| {});
    let rust = Side::new(run(lesson.command(scale))?);
    let python = twin_command(twin, scale, &rust.finished.stdout);
    let python = Side::new(run(python).context("running python3")?);
    // A twin that cannot run here (aiohttp missing) says so: not run, not failed.
    if let Some(why) = not_run(&python.finished.stdout) {
        let text =
            format!("\n== {} ({}): its twin was not run: {why} ==\n", lesson.name, lesson.krate);
        return Ok((text, Ok(format!("{NOT_RUN}: {why}")), Vec::new()));
    }
    let declared = Declared::parse(&python.finished.stdout);

    let mut text = format!(
        "\n== {} ({}) beside {} ==\n",
        lesson.name,
        lesson.krate,
        twin.strip_prefix(lessons::root()).unwrap_or(twin).display()
    );
    let _ = writeln!(text, "  {:<w$}    asyncio", "tokio", w = COLUMN);
    let misplaced = columns(&mut text, &rust.events, &python.events, &declared);
    for (prefix, why) in &declared.events {
        let _ = writeln!(text, "  ~ expected difference in \"{prefix}\": {why}");
    }
    for how in &declared.work {
        let _ = writeln!(text, "  ~ other work in the twin: {how}");
    }
    let order = match misplaced {
        0 => "the same".to_owned(),
        n => format!("DIFFERENT: {n} event(s) out of place (≠)"),
    };
    let _ = writeln!(text, "  order of events: {order}");
    let verdicts = [("tokio", &rust), ("asyncio", &python)].map(|(name, side)| {
        let verdict = side.judge(&limits);
        let took = side.took.as_deref().unwrap_or("no took line");
        let kept = verdict.as_ref().map_or_else(|e| format!("FAILED ({e})"), |_| "kept".into());
        let _ = writeln!(text, "  {name:<7} {took}: {kept}");
        verdict
    });
    let verdict = match (misplaced, verdicts) {
        (1.., _) => {
            Err(format!("the events come in a different order: {misplaced} out of place (≠)"))
        }
        (0, [Err(e), _]) => Err(format!("tokio: {e}")),
        (0, [_, Err(e)]) => Err(format!("asyncio: {e}")),
        (0, [Ok(rust), Ok(python)]) => {
            let mut same = "same order".to_owned();
            if !declared.events.is_empty() {
                let _ = write!(same, ", {} expected difference(s)", declared.events.len());
            }
            if !declared.work.is_empty() {
                same += ", other work declared";
            }
            Ok(format!("{same}; {}", kept(rust, python)))
        }
    };
    let _ = writeln!(text, "  {}", verdict.as_ref().unwrap_or_else(|e| e));
    let _ = writeln!(text, "  the two as one picture: cargo xtask timeline {}", lesson.name);
    Ok((text, verdict, declared.work))
}

/// The events in two columns, each in its place, events of the same instant too;
/// how many found no partner there and are not declared: those are `≠`.
fn columns(text: &mut String, rust: &[Event], python: &[Event], declared: &Declared) -> usize {
    let mut misplaced = 0;
    for (left, right) in align(rust, python, |e| declared.expected(e)) {
        let mut mark = match (left, right) {
            (Some(_), Some(_)) => "  ",
            (Some((_, e)), None) | (None, Some((_, e))) if declared.expected(e) => " ~",
            _ => {
                misplaced += 1;
                " ≠"
            }
        };
        let (left, right) = (cell(left), cell(right));
        for line in 0..left.len().max(right.len()) {
            let [l, r] = [&left, &right].map(|c| c.get(line).map_or("", String::as_str));
            let _ = writeln!(text, "  {l:<w$}{mark}  {r}", w = COLUMN);
            mark = "  ";
        }
    }
    misplaced
}

/// The two sides' margins, side by side.
fn kept(rust: Kept, python: Kept) -> String {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    match (rust, python) {
        (Kept::Over(rust), Kept::Over(python)) => {
            // A few milliseconds over is timer ticks and scheduling: their ratio is noise.
            let ratio = if rust.min(python) < MEANINGFUL {
                String::new()
            } else {
                format!(" (asyncio/tokio {:.1}x)", python.as_secs_f64() / rust.as_secs_f64())
            };
            format!("overhead tokio {:.0} ms, asyncio {:.0} ms{ratio}", ms(rust), ms(python))
        }
        (rust, python) => {
            let say = |kept| match kept {
                Kept::Over(d) => format!("{:.0} ms over its ideal", ms(d)),
                Kept::SpeedUp(said) => format!("speed-up {said}"),
            };
            format!("tokio {}, asyncio {}", say(rust), say(python))
        }
    }
}

/// The least overhead on both sides for their ratio to be shown.
const MEANINGFUL: Duration = Duration::from_millis(20);

/// An event's cell: its time stamp and text, wrapped at spaces to lines of at most
/// `COLUMN` characters, so that no line loses its end.
fn cell(event: Option<&Event>) -> Vec<String> {
    let Some((stamp, text)) = event else { return Vec::new() };
    let mut lines = vec![format!("[{stamp:6.3}s]")];
    for word in text.split(' ') {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let line = lines.last_mut().expect("a first line");
            let room = COLUMN.saturating_sub(line.chars().count() + 1);
            if word.len() <= room {
                line.push(' ');
                line.extend(word);
                break;
            }
            // Longer than any line: cut where this one ends.
            if word.len() >= COLUMN - STAMP && room > 0 {
                line.push(' ');
                line.extend(word.drain(..room));
            }
            lines.push(" ".repeat(STAMP));
        }
    }
    lines
}

/// How wide `[ 0.250s]` is: the next lines of a cell start under its text.
const STAMP: usize = 9;

/// An event: its time stamp and its text.
pub(crate) type Event = (f64, String);

/// The event lines of a run, their text as [`normalize`] makes it.
pub(crate) fn events(lines: &[String]) -> Vec<Event> {
    lines.iter().filter_map(|line| event(line)).map(|(at, text)| (at, normalize(text))).collect()
}

/// The two lists of events, paired where their texts are equal, in order; an event
/// with no partner stands alone on its side. The pairing is the heaviest common
/// subsequence, an event `declared` weighing least: no pairing of declared events
/// costs an undeclared one its partner.
pub(crate) fn align<'a>(
    left: &'a [Event],
    right: &'a [Event],
    declared: impl Fn(&str) -> bool,
) -> Vec<(Option<&'a Event>, Option<&'a Event>)> {
    let (n, m) = (left.len(), right.len());
    // More than all the declared events together could weigh.
    let weight = |text: &str| if declared(text) { 1 } else { n + m + 1 };
    // common[i][j]: the heaviest common subsequence of left[i..] and right[j..].
    let mut common = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            common[i][j] = if left[i].1 == right[j].1 {
                common[i + 1][j + 1] + weight(&left[i].1)
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    // Equal texts weigh the same, so pairing them at once is never worse.
    let (mut i, mut j, mut rows) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && left[i].1 == right[j].1 {
            rows.push((Some(&left[i]), Some(&right[j])));
            (i, j) = (i + 1, j + 1);
        } else if j == m || (i < n && common[i + 1][j] >= common[i][j + 1]) {
            rows.push((Some(&left[i]), None));
            i += 1;
        } else {
            rows.push((None, Some(&right[j])));
            j += 1;
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signal_keeps_what_was_compared_and_says_what_was_not() {
        let row = "gather             examples-tasks   same order\n";
        let one = Counts { compared: 1, failed: 0, not_run: 0 };
        let said = closing(row, "", one, Some(3));
        assert!(said.contains(row), "{said}");
        assert!(
            said.ends_with("compare: 1 passed, 0 failed (stopped by a signal: 3 not compared)\n")
        );
        assert!(closing(row, "", one, None).ends_with("compare: 1 passed, 0 failed\n"));
        let not_run = Counts { compared: 2, failed: 0, not_run: 1 };
        let said = closing(row, "", not_run, None);
        assert!(said.ends_with("compare: 1 passed, 0 failed, 1 twin(s) not run\n"), "{said}");
    }

    fn events(texts: &[&str]) -> Vec<Event> {
        texts.iter().enumerate().map(|(i, t)| (i as f64, (*t).to_owned())).collect()
    }

    fn texts<'a>(rows: &[(Option<&'a Event>, Option<&'a Event>)]) -> Vec<(&'a str, &'a str)> {
        let text = |e: Option<&'a Event>| e.map_or("", |e| e.1.as_str());
        rows.iter().map(|(l, r)| (text(*l), text(*r))).collect()
    }

    #[test]
    fn pairs_equal_events_and_leaves_the_rest_alone() {
        let (left, right) = (events(&["a", "b", "x", "c"]), events(&["a", "y", "b", "c"]));
        assert_eq!(
            texts(&align(&left, &right, |_| false)),
            [("a", "a"), ("", "y"), ("b", "b"), ("x", ""), ("c", "c")]
        );
    }

    #[test]
    fn a_declared_event_never_costs_an_undeclared_one_its_partner() {
        let (left, right) = (events(&["D1", "D2", "x"]), events(&["x", "D1", "D2"]));
        let rows = align(&left, &right, |e| e.starts_with('D'));
        assert_eq!(texts(&rows), [("D1", ""), ("D2", ""), ("x", "x"), ("", "D1"), ("", "D2")]);
        // Unless declared, the two pairs win.
        let rows = align(&left, &right, |_| false);
        assert_eq!(texts(&rows), [("", "x"), ("D1", "D1"), ("D2", "D2"), ("x", "")]);
    }

    #[test]
    fn events_of_the_same_instant_swapped_fail_unless_declared() {
        let at =
            |list: &[&str]| -> Vec<Event> { list.iter().map(|e| (0.2, (*e).to_owned())).collect() };
        let (rust, python) = (at(&["a: step 2", "b: step 2"]), at(&["b: step 2", "a: step 2"]));
        let mut text = String::new();
        assert_eq!(columns(&mut text, &rust, &python, &Declared::default()), 2, "{text}");
        assert_eq!(text.matches('≠').count(), 2, "{text}");
        let declared = Declared::parse(&[r#"difference "a: ": why"#.to_owned()]);
        let mut text = String::new();
        assert_eq!(columns(&mut text, &rust, &python, &declared), 0, "{text}");
        assert!(!text.contains('≠') && text.matches('~').count() == 2, "{text}");
        let mut text = String::new();
        assert_eq!(columns(&mut text, &rust, &rust, &Declared::default()), 0, "{text}");
    }

    #[test]
    fn the_two_declarations_are_read_from_their_lines() {
        let lines = [
            r#"difference "job 2: ": pending: after the race"#,
            "difference in the work: urllib on threads: aiohttp is not installed",
            "[ 0.000s] difference in the work: an event, not a declaration",
            "difference without quotes: neither",
        ];
        let declared = Declared::parse(&lines.map(str::to_owned));
        assert_eq!(declared.events, [("job 2: ".to_owned(), "pending: after the race".to_owned())]);
        assert_eq!(declared.work, ["urllib on threads: aiohttp is not installed"]);
        assert!(declared.expected("job 2: done") && !declared.expected("job 2 done"));
    }

    #[test]
    fn a_long_event_wraps_at_spaces_and_loses_nothing() {
        let text = "Received Results : result of 1, result of 2, result of 3, result of 4";
        let lines = cell(Some(&(3.0, text.to_owned())));
        assert_eq!(
            lines,
            [
                "[ 3.000s] Received Results : result of 1, result of",
                "          2, result of 3, result of 4"
            ]
        );
        let long = "x".repeat(100);
        let lines = cell(Some(&(0.0, long.clone())));
        assert!(lines.iter().all(|l| l.chars().count() <= COLUMN), "{lines:?}");
        let joined: String = lines.concat().chars().filter(|c| *c == 'x').collect();
        assert_eq!(joined, long);
    }

    #[test]
    fn the_overhead_ratio_only_when_both_are_more_than_noise() {
        let over = |ms| Kept::Over(Duration::from_millis(ms));
        assert_eq!(kept(over(2), over(3)), "overhead tokio 2 ms, asyncio 3 ms");
        assert_eq!(kept(over(40), over(3)), "overhead tokio 40 ms, asyncio 3 ms");
        assert_eq!(
            kept(over(40), over(80)),
            "overhead tokio 40 ms, asyncio 80 ms (asyncio/tokio 2.0x)"
        );
    }

    #[test]
    fn the_local_servers_port_is_not_an_event() {
        assert_eq!(
            normalize("Fetched http://127.0.0.1:41234/page/3, Length: 5 characters"),
            "Fetched http://127.0.0.1:PORT/page/3, Length: 5 characters"
        );
        assert_eq!(normalize("no url"), "no url");
    }
}
