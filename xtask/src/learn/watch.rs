//! `cargo xtask learn`: the next exercise not yet done, checked again at every
//! save (its modification time, polled), the screen redrawn with its verdict and
//! the progress. Lines typed on stdin steer it: Enter goes on once it passes.

use std::process::ExitCode;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, SystemTime};

use anyhow::Result;

use protocol::out;

use super::check::{self, Places};
use super::progress::Progress;
use super::registry::{Copy, Exercise};
use super::verdict::Verdict;
use crate::signals;

/// How often the exercise's file is looked at.
const POLL: Duration = Duration::from_millis(200);

pub fn watch(places: &Places, exercises: &[Exercise], progress: &mut Progress) -> Result<ExitCode> {
    signals::catch()?;
    let keys = keys();
    let mut current = next(exercises, progress, 0);
    while let Some(index) = current {
        let exercise = &exercises[index];
        let path = exercise.path(&places.root, Copy::Mine);
        let seen = modified(&path);
        let screen = Screen { exercise, index, total: exercises.len() };
        screen.draw(progress, "checking…", "");
        let (verdict, took) = match check::check(places, exercise, Copy::Mine) {
            Ok(checked) => (Ok(checked.verdict), checked.took),
            Err(_) if signals::interrupted() => return Ok(stopped()),
            Err(err) => (Err(format!("{err:#}")), Duration::ZERO),
        };
        let passes = verdict == Ok(Verdict::Pass);
        if verdict.is_ok() {
            progress.set(&exercise.name, passes);
        }
        let text = match &verdict {
            Ok(verdict) => verdict.explain(exercise),
            Err(err) => format!("Cannot check it: {err}"),
        };
        let mut note = format!("checked in {:.1} s", took.as_secs_f64());
        screen.draw(progress, &text, &note);
        // Wait for a save, a key, or Ctrl-C.
        loop {
            if signals::interrupted() {
                return Ok(stopped());
            }
            match keys.recv_timeout(POLL) {
                Ok(key) => match key.trim() {
                    "q" => return Ok(ExitCode::SUCCESS),
                    "h" => {
                        note = format!("hint: {}", exercise.hint);
                        screen.draw(progress, &text, &note);
                    }
                    "" | "n" if passes => {
                        current = next(exercises, progress, index + 1);
                        break;
                    }
                    _ => {
                        note = "not done yet: save a fix, and the check runs again".to_owned();
                        screen.draw(progress, &text, &note);
                    }
                },
                Err(RecvTimeoutError::Timeout) => {}
                // stdin is closed: only saves steer it now.
                Err(RecvTimeoutError::Disconnected) => std::thread::sleep(POLL),
            }
            if modified(&path) != seen {
                break;
            }
        }
    }
    out!(
        "\x1b[2J\x1b[HAll {} exercises done. `cargo xtask learn list` shows them.\n",
        exercises.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// The first exercise not done, from `from` on, then from the start.
fn next(exercises: &[Exercise], progress: &Progress, from: usize) -> Option<usize> {
    let not_done = |i: &usize| !progress.is_done(&exercises[*i].name);
    (from..exercises.len()).find(not_done).or_else(|| (0..exercises.len()).find(not_done))
}

fn modified(path: &std::path::Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Ctrl-C: end cleanly, with 128 + the signal.
fn stopped() -> ExitCode {
    out!("\n");
    ExitCode::from(signals::interrupted_status())
}

/// The lines typed on stdin, read by a thread of their own.
fn keys() -> mpsc::Receiver<String> {
    let (send, keys) = mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::stdin().lines() {
            let Ok(line) = line else { return };
            if send.send(line).is_err() {
                return;
            }
        }
    });
    keys
}

struct Screen<'a> {
    exercise: &'a Exercise,
    index: usize,
    total: usize,
}

impl Screen<'_> {
    fn draw(&self, progress: &Progress, verdict: &str, note: &str) {
        let done = progress.count();
        let bar: String = (0..self.total).map(|i| if i < done { '#' } else { '-' }).collect();
        let e = self.exercise;
        // Broken at spaces, not mid-word where the terminal's edge falls.
        let columns = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok());
        let width: usize = columns.unwrap_or(80).clamp(40, 400);
        let wrapped = |text: &str| -> String {
            let lines = text.lines().map(|line| {
                if line.chars().count() <= width {
                    return line.to_owned();
                }
                crate::flags::wrap(line, width).join("\n")
            });
            lines.collect::<Vec<_>>().join("\n")
        };
        let (verdict, note) = (wrapped(verdict), wrapped(note));
        out!(
            "\x1b[2J\x1b[Hcargo xtask learn    {done} of {} done [{bar}]\n\n\
             Exercise {} of {}: {} (part \"{}\"). Edit {}\n\n{verdict}\n\n{note}\n\
             Save to check again · Enter: next, once it passes · h: hint · q: quit (then Enter)\n",
            self.total,
            self.index + 1,
            self.total,
            e.name,
            e.part,
            e.relative(Copy::Mine),
        );
    }
}
