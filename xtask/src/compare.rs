//! `cargo xtask compare [LESSON|CRATE] [--scale F]`: each lesson beside its
//! asyncio twin (`python/<lesson>.py`), run at the same scale: the events in two
//! columns, whether they come in the same order, and each side's time against
//! its own claim.
//!
//! A twin declares where asyncio really behaves differently, on a line of its own:
//! `difference "<prefix>": <why>`. Events that start with a declared prefix are
//! shown as that expected difference instead of being held to the same order.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::process::{Command, ExitCode};
use std::time::Duration;

use anyhow::{Context as _, Result};

use crate::lessons::{self, Lesson};
use crate::report::{Claim, Exit, Held, Limits, event};
use crate::runner::{self, Echo, Finished};
use crate::{INTERRUPTED, mark_failed, out, usage};

/// How wide each column of events is.
const COLUMN: usize = 52;

pub fn compare(args: Vec<OsString>) -> Result<ExitCode> {
    let (only, scale) = parse(args)?;
    if Command::new("python3").arg("--version").output().is_err() {
        out("compare: no python3 on the PATH, so there is nothing to compare with\n");
        return Ok(ExitCode::SUCCESS);
    }
    let mut lessons = lessons::find(None, &[])?;
    if let Some(only) = &only {
        lessons.retain(|l| &l.name == only || &l.krate == only);
        if lessons.is_empty() {
            return Err(usage(format!("no lesson or crate named '{only}'")));
        }
    }
    let scale_args: Vec<OsString> = vec!["--scale".into(), scale.clone().into()];
    lessons[0].check(&scale_args)?;
    crate::catch_ctrl_c()?;

    // Lessons with no asyncio counterpart, one a line: `runtimes: why`.
    let no_twin = std::fs::read_to_string(lessons::root().join("python/no-twin.txt"))
        .context("reading python/no-twin.txt")?;
    let mut summary = String::new();
    let mut failed = 0;
    for lesson in &lessons {
        let twin =
            lessons::root().join("python").join(format!("{}.py", lesson.name.replace('-', "_")));
        let why_none = no_twin.lines().find_map(|l| l.strip_prefix(&format!("{}: ", lesson.name)));
        let verdict = match (twin.exists(), why_none) {
            (true, _) => {
                let (text, verdict) = side_by_side(lesson, &twin, &scale_args)?;
                if verdict.is_err() {
                    mark_failed();
                }
                out(&text);
                verdict
            }
            (false, Some(why)) => Ok(format!("no asyncio twin: {why}")),
            (false, None) => {
                mark_failed();
                Err("no asyncio twin, and none in python/no-twin.txt".to_owned())
            }
        };
        if INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst) {
            return Ok(ExitCode::from(130));
        }
        failed += usize::from(verdict.is_err());
        let verdict = verdict.unwrap_or_else(|why| format!("FAILED: {why}"));
        let _ = writeln!(summary, "{:<18} {:<16} {verdict}", lesson.name, lesson.krate);
    }
    out(&format!("\n{summary}\ncompare: {} passed, {failed} failed\n", lessons.len() - failed));
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn parse(args: Vec<OsString>) -> Result<(Option<String>, String)> {
    let (mut only, mut scale) = (None, "1".to_owned());
    let mut args = args.into_iter().map(|a| a.to_string_lossy().into_owned());
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--scale" => {
                scale = args.next().ok_or_else(|| usage("--scale needs a value".into()))?
            }
            flag if flag.starts_with('-') => return Err(usage(format!("invalid option '{flag}'"))),
            _ if only.is_none() => only = Some(arg),
            _ => return Err(usage(format!("unexpected argument '{arg}'"))),
        }
    }
    Ok((only, scale))
}

/// One run of each side, parsed.
struct Side {
    finished: Finished,
    events: Vec<(f64, String)>,
    took: Option<String>,
}

impl Side {
    fn new(finished: Finished) -> Self {
        let events = finished
            .stdout
            .iter()
            .filter_map(|line| event(line))
            .map(|(stamp, text)| (stamp, normalize(text)))
            .collect();
        let took = finished.stdout.iter().rev().find(|l| l.starts_with("took ")).cloned();
        Self { finished, events, took }
    }

    /// Whether it ran and kept its own claim, and by how much.
    fn judge(&self, limits: &Limits) -> Result<Kept, String> {
        let Finished { exit, claim, speed_up, stderr, .. } = &self.finished;
        if *exit != Exit::Code(0) {
            return Err(format!("{exit:?}: {}", stderr.lines().last().unwrap_or("")));
        }
        let took = self.took.as_deref().and_then(|line| {
            let secs = line.strip_prefix("took ")?.split('s').next()?;
            Duration::try_from_secs_f64(secs.parse().ok()?).ok()
        });
        match (*claim, took, *speed_up) {
            (Some(Claim::Time { ideal, .. }), Some(took), _) => {
                if took < ideal || took > limits.slowest(ideal) {
                    return Err(format!(
                        "took {:.3}s for an ideal of {:.3}s",
                        took.as_secs_f64(),
                        ideal.as_secs_f64()
                    ));
                }
                Ok(Kept::Over(took - ideal))
            }
            (Some(Claim::SpeedUp { at_least }), _, Some(measured)) => {
                match measured.held_to(at_least) {
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

fn side_by_side(
    lesson: &Lesson,
    twin: &std::path::Path,
    scale: &[OsString],
) -> Result<(String, Result<String, String>)> {
    let limits = Limits::default();
    let run = |command| runner::run(command, &limits, Echo::No, &INTERRUPTED, |_| {});
    let rust = Side::new(run(lesson.command(scale))?);
    let mut python = Command::new("python3");
    python.arg(twin).args(scale);
    // A lesson that drew random delays prints them; the twin is given the same.
    if let Some(drawn) = rust.events.iter().find_map(|(_, e)| e.strip_prefix("seed ")) {
        if let Some((seed, delays)) = drawn.split_once(": delays [") {
            let delays = delays.trim_end_matches(']').replace(", ", ",");
            python.args(["--seed", seed, "--delays", &delays]);
        }
    }
    let python = Side::new(run(python).context("running python3")?);
    let differences: Vec<(String, String)> = python
        .finished
        .stdout
        .iter()
        .filter_map(|l| {
            let (prefix, why) = l.strip_prefix("difference \"")?.split_once("\": ")?;
            Some((prefix.to_owned(), why.to_owned()))
        })
        .collect();
    let expected =
        |text: &str| differences.iter().find(|(prefix, _)| text.starts_with(prefix.as_str()));

    let mut text = format!(
        "\n== {} ({}) beside {} ==\n",
        lesson.name,
        lesson.krate,
        twin.strip_prefix(lessons::root()).unwrap_or(twin).display()
    );
    let _ = writeln!(text, "  {:<w$}    asyncio", "tokio", w = COLUMN);
    for (left, right) in align(&rust.events, &python.events) {
        let cell = |e: Option<&(f64, String)>| {
            e.map_or(String::new(), |(t, e)| clip(&format!("[{t:6.3}s] {e}")))
        };
        let mark = match (left, right) {
            (Some(_), Some(_)) => "  ",
            _ if [left, right].into_iter().flatten().any(|(_, e)| expected(e).is_some()) => " ~",
            _ => " ≠",
        };
        let _ = writeln!(text, "  {:<w$}{mark}  {}", cell(left), cell(right), w = COLUMN);
    }
    for (prefix, why) in &differences {
        let _ = writeln!(text, "  ~ expected difference in \"{prefix}\": {why}");
    }
    let checked = |side: &Side| -> Vec<String> {
        let events: Vec<Event> =
            side.events.iter().filter(|(_, e)| expected(e).is_none()).cloned().collect();
        in_order(&events)
    };
    let same_order = checked(&rust) == checked(&python);
    let _ =
        writeln!(text, "  order of events: {}", if same_order { "the same" } else { "DIFFERENT" });
    let verdicts = [("tokio", &rust), ("asyncio", &python)].map(|(name, side)| {
        let verdict = side.judge(&limits);
        let took = side.took.as_deref().unwrap_or("no took line");
        let kept = verdict.as_ref().map_or_else(|e| format!("FAILED ({e})"), |_| "kept".into());
        let _ = writeln!(text, "  {name:<7} {took}: {kept}");
        verdict
    });
    let verdict = match (same_order, verdicts) {
        (false, _) => Err("the events come in a different order".to_owned()),
        (true, [Err(e), _]) => Err(format!("tokio: {e}")),
        (true, [_, Err(e)]) => Err(format!("asyncio: {e}")),
        (true, [Ok(rust), Ok(python)]) => {
            let expected = if differences.is_empty() {
                String::new()
            } else {
                format!(", {} expected difference(s)", differences.len())
            };
            Ok(format!("same order{expected}; {}", kept(rust, python)))
        }
    };
    let _ = writeln!(text, "  {}", verdict.as_ref().unwrap_or_else(|e| e));
    Ok((text, verdict))
}

/// The events in order, except that events within a few milliseconds of each other
/// count as simultaneous: on the real clock their order is up to the timer wheel
/// (tokio's ticks in whole milliseconds), and the paused-clock tests pin it down.
fn in_order(events: &[Event]) -> Vec<String> {
    let mut ordered = Vec::new();
    let mut group: Vec<String> = Vec::new();
    let mut group_start = f64::NEG_INFINITY;
    for (stamp, text) in events {
        if stamp - group_start > SIMULTANEOUS {
            group.sort();
            ordered.append(&mut group);
            group_start = *stamp;
        }
        group.push(text.clone());
    }
    group.sort();
    ordered.append(&mut group);
    ordered
}

/// How close two events' time stamps are for them to count as simultaneous.
const SIMULTANEOUS: f64 = 0.003;

/// The two sides' margins, side by side.
fn kept(rust: Kept, python: Kept) -> String {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    match (rust, python) {
        (Kept::Over(rust), Kept::Over(python)) => {
            let ratio = if rust.is_zero() {
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

fn clip(cell: &str) -> String {
    if cell.chars().count() <= COLUMN {
        return cell.to_owned();
    }
    cell.chars().take(COLUMN - 1).collect::<String>() + "…"
}

type Event = (f64, String);

/// The two lists of events, paired where their texts are equal (a longest common
/// subsequence), in order; an event with no partner stands alone on its side.
fn align<'a>(left: &'a [Event], right: &'a [Event]) -> Vec<(Option<&'a Event>, Option<&'a Event>)> {
    let (n, m) = (left.len(), right.len());
    // common[i][j]: the longest common subsequence of left[i..] and right[j..].
    let mut common = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            common[i][j] = if left[i].1 == right[j].1 {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
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

    fn events(texts: &[&str]) -> Vec<Event> {
        texts.iter().enumerate().map(|(i, t)| (i as f64, (*t).to_owned())).collect()
    }

    #[test]
    fn pairs_equal_events_and_leaves_the_rest_alone() {
        let (left, right) = (events(&["a", "b", "x", "c"]), events(&["a", "y", "b", "c"]));
        let rows: Vec<_> = align(&left, &right)
            .into_iter()
            .map(|(l, r)| (l.map(|e| e.1.as_str()), r.map(|e| e.1.as_str())))
            .collect();
        assert_eq!(
            rows,
            [
                (Some("a"), Some("a")),
                (None, Some("y")),
                (Some("b"), Some("b")),
                (Some("x"), None),
                (Some("c"), Some("c")),
            ]
        );
    }

    #[test]
    fn events_a_millisecond_apart_are_simultaneous_further_apart_in_order() {
        let stamped = |list: &[(f64, &str)]| -> Vec<Event> {
            list.iter().map(|(t, e)| (*t, (*e).to_owned())).collect()
        };
        let one = stamped(&[(0.1, "job 2 done"), (0.101, "job 3 starts"), (0.2, "job 3 done")]);
        let two = stamped(&[(0.1, "job 3 starts"), (0.101, "job 2 done"), (0.2, "job 3 done")]);
        assert_eq!(in_order(&one), in_order(&two));
        let late = stamped(&[(0.1, "job 3 starts"), (0.11, "job 2 done"), (0.2, "job 3 done")]);
        assert_ne!(in_order(&one), in_order(&late));
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
