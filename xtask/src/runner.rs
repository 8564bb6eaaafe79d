//! Running one lesson as its own process: time it from outside, read its claim
//! from its own stdout as it runs, stop it past its deadline or on Ctrl-C.
//!
//! Each lesson runs in a process group of its own, so that whatever it starts
//! (worker processes, children) ends with it: a deadline kills the whole group,
//! and a signal that xtask receives (Ctrl-C, SIGTERM) is passed on to the group,
//! which has a moment to end its work before it is killed too.

use std::io::{BufRead as _, BufReader, Read as _};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};

use protocol::lines::{Claim, SpeedUp};

/// How close to its ideal a lesson must finish: at most `ideal × (1 + tolerance) + grace`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub tolerance: f64,
    pub grace: Duration,
    /// A lesson still running after `ideal × deadline_factor + deadline_extra` is killed.
    pub deadline_factor: f64,
    pub deadline_extra: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            tolerance: 0.05,
            grace: Duration::from_millis(50),
            deadline_factor: 3.0,
            deadline_extra: Duration::from_secs(5),
        }
    }
}

impl Limits {
    pub fn slowest(&self, ideal: Duration) -> Duration {
        ideal.mul_f64(1.0 + self.tolerance) + self.grace
    }

    pub fn deadline(&self, ideal: Duration) -> Duration {
        ideal.mul_f64(self.deadline_factor) + self.deadline_extra
    }
}

/// How a lesson's process ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Exit {
    Code(i32),
    /// Killed by a signal (or by us, at Ctrl-C).
    Signal,
    /// Killed by us, past its deadline.
    Deadline,
}

/// When a lesson still running is killed: the time its work on this machine
/// takes is not known in advance, so a speed-up claim gets a minute.
pub fn deadline(claim: Option<Claim>, limits: &Limits) -> Duration {
    match claim {
        Some(Claim::Time { ideal, .. }) => limits.deadline(ideal),
        Some(Claim::SpeedUp { .. }) => Duration::from_secs(60),
        None => limits.deadline(Duration::ZERO),
    }
}

/// What one run of a lesson process gave.
#[derive(Debug)]
pub struct Finished {
    pub exit: Exit,
    pub measured: Duration,
    pub claim: Option<Claim>,
    /// What a lesson that claims a speed-up measured: its last `speed-up` line.
    pub speed_up: Option<SpeedUp>,
    /// The lines it printed on stdout: all of them, up to [`KEPT`]; past that
    /// the first `KEPT / 2` and the last `KEPT / 2`, with the number left out.
    pub stdout: Vec<String>,
    /// How many lines of stdout were left out of [`Finished::stdout`].
    pub left_out: usize,
    /// Its stderr, unless it went to the terminal.
    pub stderr: String,
    /// Stopped by `stop` (Ctrl-C), not by itself or its deadline.
    pub interrupted: bool,
}

/// Whether a person is watching (`cargo xtask run`): the lesson's output goes to
/// the terminal as it comes, it has no deadline, and on Ctrl-C it is given all the
/// time it needs to stop (the shutdown lesson's graceful stop), until a second one.
/// Otherwise it is held to its deadline and, on Ctrl-C, killed after a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Echo {
    Yes,
    No,
}

/// How many lines of a lesson's stdout are kept, however long it runs: a lesson
/// prints a few hundred, and one that fetches for hours must not fill the memory
/// (about 100 bytes a line: a few megabytes at most).
pub const KEPT: usize = 20_000;

/// How long a lesson has, once the signal is passed on, before its group is killed.
const STOPPING: Duration = Duration::from_secs(2);

/// How often the child is checked on: also the resolution of the measured time.
const POLL: Duration = Duration::from_millis(1);

/// Run `command`. Until its claim line arrives the deadline is
/// `limits.deadline(0)`; after, the claim's (see [`deadline`]).
pub fn run(
    mut command: Command,
    limits: &Limits,
    echo: Echo,
    stop: &AtomicBool,
    mut progress: impl FnMut(Duration),
) -> Result<Finished> {
    command.stdin(Stdio::null()).stdout(Stdio::piped());
    if echo == Echo::No {
        command.stderr(Stdio::piped());
    }
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let start = Instant::now();
    let mut child =
        command.spawn().with_context(|| format!("starting {:?}", command.get_program()))?;
    // Read both pipes on their own threads, so a chatty child never blocks on a full pipe.
    let (lines, arrived) = mpsc::channel();
    let stdout = child.stdout.take().map(|pipe| {
        thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                if echo == Echo::Yes {
                    protocol::out!("{line}\n");
                }
                if lines.send(line).is_err() {
                    break;
                }
            }
        })
    });
    let stderr = child.stderr.take().map(|mut pipe| {
        thread::spawn(move || {
            let mut text = Vec::new();
            let _ = pipe.read_to_end(&mut text);
            String::from_utf8_lossy(&text).into_owned()
        })
    });

    let (mut claim, mut printed) = (None, Lines::default());
    let mut take_lines = |claim: &mut Option<Claim>| {
        for line in arrived.try_iter() {
            *claim = claim.or_else(|| Claim::parse(&line));
            printed.push(line);
        }
    };
    let mut stopping: Option<Instant> = None;
    let (exit, measured) = loop {
        if let Some(status) = child.try_wait().context("waiting for the lesson")? {
            let (exit, measured) =
                (status.code().map_or(Exit::Signal, Exit::Code), start.elapsed());
            // Whatever it started and left behind ends with it.
            group::signal(&child, "KILL");
            break (exit, measured);
        }
        take_lines(&mut claim);
        let elapsed = start.elapsed();
        if stop.load(Ordering::SeqCst) {
            // Passed on once; killed when the moment is up, or at a second Ctrl-C.
            let since = *stopping.get_or_insert_with(|| {
                group::signal(&child, crate::signals::received());
                Instant::now()
            });
            let patient = echo == Echo::Yes && !crate::signals::FORCED.load(Ordering::SeqCst);
            if !patient && since.elapsed() > STOPPING {
                group::kill(&mut child);
                break (Exit::Signal, elapsed);
            }
        } else if echo == Echo::No && elapsed > deadline(claim, limits) {
            group::kill(&mut child);
            break (Exit::Deadline, elapsed);
        }
        progress(elapsed);
        thread::sleep(POLL);
    };
    let interrupted = stop.load(Ordering::SeqCst);
    // A grandchild could hold a pipe open after the child is gone: wait a little
    // for the rest, never for ever.
    let stderr = stderr.and_then(finished_within_a_second).unwrap_or_default();
    stdout.and_then(finished_within_a_second);
    take_lines(&mut claim);
    let speed_up = printed.last_speed_up.take();
    let (stdout, left_out) = printed.into_lines();
    Ok(Finished { exit, measured, claim, speed_up, stdout, left_out, stderr, interrupted })
}

/// A lesson's stdout, kept within [`KEPT`] lines: the first half, and the
/// newest half in a ring.
#[derive(Debug, Default)]
struct Lines {
    first: Vec<String>,
    last: std::collections::VecDeque<String>,
    left_out: usize,
    /// The newest `speed-up` line, wherever it fell.
    last_speed_up: Option<SpeedUp>,
}

impl Lines {
    fn push(&mut self, line: String) {
        if let Some(speed_up) = SpeedUp::parse(&line) {
            self.last_speed_up = Some(speed_up);
        }
        if self.first.len() < KEPT / 2 {
            self.first.push(line);
            return;
        }
        if self.last.len() == KEPT / 2 {
            self.last.pop_front();
            self.left_out += 1;
        }
        self.last.push_back(line);
    }

    fn into_lines(self) -> (Vec<String>, usize) {
        let mut lines = self.first;
        lines.extend(self.last);
        (lines, self.left_out)
    }
}

/// Signals to the lesson's process group: the lesson and all it started.
pub(crate) mod group {
    use std::process::{Child, Command, Stdio};

    /// Pass `signal` ("INT", "TERM") on to the group; std has no `kill(2)`, and the
    /// workspace forbids `unsafe`, so this is the `kill` command.
    pub fn signal(child: &Child, signal: &str) {
        #[cfg(unix)]
        {
            let group = format!("-{}", child.id());
            let _ = Command::new("kill")
                .args(["-s", signal, "--", &group])
                .stderr(Stdio::null())
                .status();
        }
        #[cfg(not(unix))]
        let _ = (child, signal);
    }

    /// Kill the group and reap the lesson.
    pub fn kill(child: &mut Child) {
        signal(child, "KILL");
        let _ = child.kill();
        let _ = child.wait();
    }
}

fn finished_within_a_second<T>(reader: thread::JoinHandle<T>) -> Option<T> {
    let waited = Instant::now();
    while !reader.is_finished() && waited.elapsed() < Duration::from_secs(1) {
        thread::sleep(POLL);
    }
    if reader.is_finished() { reader.join().ok() } else { None }
}

// Stand-ins for lessons: `sh` scripts that print a claim and then behave well or
// badly. None of these asserts a real-time margin tighter than the behaviour it
// checks (0.1 s of sleep against a 5 s grace).
#[cfg(all(test, unix))]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn stand_in(script: &str, limits: Limits, stop: bool) -> Finished {
        let mut command = Command::new("sh");
        command.arg("-c").arg(script);
        run(command, &limits, Echo::No, &AtomicBool::new(stop), |_| {})
            .expect("running the stand-in")
    }

    pub(crate) fn limits(grace_ms: u64, deadline_extra_ms: u64) -> Limits {
        Limits {
            tolerance: 0.0,
            grace: Duration::from_millis(grace_ms),
            deadline_factor: 1.0,
            deadline_extra: Duration::from_millis(deadline_extra_ms),
        }
    }

    pub(crate) const CLAIM_100MS: &str = r#"echo "claim: ideal 1.000s, one by one 2.000s; at --scale 0.1: ideal 0.100s, one by one 0.200s";"#;

    #[test]
    fn a_lesson_that_dies_of_the_same_ctrl_c_was_interrupted_not_failed() {
        // The terminal sends SIGINT to the lesson and to xtask at once; here the
        // lesson dies of it (at 0.1 s) before xtask sees its flag (set at 0.3 s).
        hear_ctrl_c_in_children();
        let stop = AtomicBool::new(false);
        let mut command = Command::new("sh");
        command.arg("-c").arg("sleep 0.1; kill -INT $$; sleep 5");
        let finished = run(command, &limits(50, 60_000), Echo::No, &stop, |_| {
            if !stop.load(Ordering::SeqCst) {
                thread::sleep(Duration::from_millis(300));
                stop.store(true, Ordering::SeqCst);
            }
        });
        let finished = finished.expect("running the stand-in");
        assert!(finished.interrupted, "{finished:?}");
        assert!(finished.measured < Duration::from_secs(5), "killed by its own SIGINT, not by us");
        // Not the kill that ends a lesson still there when the moment to stop is up.
        assert_eq!(finished.exit, Exit::Signal, "{finished:?}");
        assert!(finished.measured < STOPPING, "{finished:?}");
    }

    /// Run `script`, and stop it (as Ctrl-C would) once it has had 0.3 s to start.
    fn stopped_after_a_moment(script: &str, echo: Echo) -> Finished {
        hear_ctrl_c_in_children();
        let stop = AtomicBool::new(false);
        let mut command = Command::new("sh");
        command.arg("-c").arg(script);
        let finished = run(command, &limits(50, 60_000), echo, &stop, |elapsed| {
            if elapsed > Duration::from_millis(300) {
                stop.store(true, Ordering::SeqCst);
            }
        });
        finished.expect("running the stand-in")
    }

    /// Started with SIGINT ignored (a script's background job), these tests would pass
    /// the ignore on to the stand-in, and `sh` cannot trap a signal ignored on entry.
    /// A handler here is reset to the default in each child at exec, as xtask's own
    /// `signals::catch` is; this one ends the tests on Ctrl-C as the default does.
    fn hear_ctrl_c_in_children() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            let always = std::sync::Arc::new(AtomicBool::new(true));
            signal_hook::flag::register_conditional_default(signal_hook::consts::SIGINT, always)
                .expect("a handler for SIGINT");
        });
    }

    /// Whether process `pid` is gone (or a zombie no one has reaped yet), within 2 s.
    fn gone(pid: &str) -> bool {
        let waited = Instant::now();
        while waited.elapsed() < Duration::from_secs(2) {
            match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
                Err(_) => return true,
                Ok(stat) if stat.split_whitespace().nth(2) == Some("Z") => return true,
                Ok(_) => thread::sleep(Duration::from_millis(20)),
            }
        }
        false
    }

    #[test]
    fn a_stop_ends_what_the_lesson_started_too() {
        // A background `sleep` ignores SIGINT (as a shell's background jobs do): the
        // group is killed once the moment to stop is up.
        let finished = stopped_after_a_moment("sleep 60 & echo $!; wait", Echo::No);
        assert!(finished.interrupted);
        let grandchild = finished.stdout.first().expect("the script printed its child's pid");
        assert!(gone(grandchild), "pid {grandchild} outlived the stop");
    }

    #[test]
    fn a_deadline_ends_what_the_lesson_started_too() {
        let script = format!("{CLAIM_100MS} sleep 60 & echo $!; wait");
        let finished = stand_in(&script, limits(50, 200), false);
        assert_eq!(finished.exit, Exit::Deadline);
        assert!(gone(&finished.stdout[1]), "pid {} outlived the deadline", finished.stdout[1]);
    }

    #[test]
    fn the_signal_is_passed_on_and_a_watched_lesson_may_take_its_time() {
        // The shutdown lesson's case: it catches Ctrl-C and stops cleanly, later.
        let script = "trap 'sleep 2.5; echo stopped cleanly; exit 0' INT; sleep 60 & wait";
        let finished = stopped_after_a_moment(script, Echo::Yes);
        assert_eq!(finished.exit, Exit::Code(0), "{finished:?}");
        assert_eq!(finished.stdout, ["stopped cleanly"]);
    }

    #[test]
    fn a_long_run_keeps_its_first_and_last_lines_within_the_bound() {
        let lines = KEPT * 2 + 7;
        let script = format!(
            "seq 1 {lines}; echo 'speed-up 1.50x: one by one 1.000s, at once 0.667s'; seq 1 10"
        );
        let finished = stand_in(&script, limits(50, 60_000), false);
        assert_eq!(finished.stdout.len(), KEPT);
        assert_eq!(finished.left_out, lines + 11 - KEPT);
        assert_eq!(finished.stdout.first().map(String::as_str), Some("1"));
        assert_eq!(finished.stdout.last().map(String::as_str), Some("10"));
        let speed_up = finished.speed_up.expect("the speed-up line, though it fell in the middle");
        assert!((speed_up.factor - 1.5).abs() < 1e-9, "{speed_up:?}");
    }

    #[test]
    fn stop_kills_the_running_lesson() {
        let finished = stand_in(&format!("{CLAIM_100MS} exec sleep 60"), limits(50, 60_000), true);
        assert!(finished.interrupted);
        assert_eq!(finished.exit, Exit::Signal);
    }
}
