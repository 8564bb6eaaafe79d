//! Running one lesson as its own process: time it from outside, read its claim
//! from its report file while it runs, kill it past its deadline or on Ctrl-C.

use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};

use crate::report::{Claim, Exit, Limits, parse_claim};

/// What one run of a lesson process gave.
#[derive(Debug)]
pub struct Finished {
    pub exit: Exit,
    pub measured: Duration,
    pub claim: Option<Claim>,
    pub stderr: String,
    /// Stopped by `stop` (Ctrl-C), not by itself or its deadline.
    pub interrupted: bool,
}

/// How often the child is checked on: also the resolution of the measured time.
const POLL: Duration = Duration::from_millis(1);

/// Run `command`, which writes its claim to `report`. Until the claim arrives the
/// deadline is `limits.deadline(0)`; after, `limits.deadline(ideal)`.
/// `capture` collects stderr (for the failure report) instead of passing it through.
pub fn run(
    mut command: Command,
    report: &Path,
    limits: &Limits,
    capture: bool,
    stop: &AtomicBool,
    mut progress: impl FnMut(Duration),
) -> Result<Finished> {
    let _ = std::fs::remove_file(report);
    if capture {
        command.stdout(Stdio::null()).stderr(Stdio::piped());
    }
    let start = Instant::now();
    let mut child =
        command.spawn().with_context(|| format!("starting {:?}", command.get_program()))?;
    // Drain stderr on its own thread, so a chatty child never blocks on a full pipe.
    let reader = child.stderr.take().map(|mut pipe| {
        thread::spawn(move || {
            let mut text = Vec::new();
            let _ = pipe.read_to_end(&mut text);
            String::from_utf8_lossy(&text).into_owned()
        })
    });

    let mut claim = None;
    let (exit, measured, interrupted) = loop {
        if let Some(status) = child.try_wait().context("waiting for the lesson")? {
            // Ctrl-C reaches the lesson too (same process group), and it may die of
            // it before we look at the flag: that is still an interruption.
            let exit = status.code().map_or(Exit::Signal, Exit::Code);
            break (exit, start.elapsed(), stop.load(Ordering::SeqCst));
        }
        if claim.is_none() {
            claim = std::fs::read_to_string(report).ok().and_then(|text| parse_claim(&text));
        }
        let elapsed = start.elapsed();
        let interrupted = stop.load(Ordering::SeqCst);
        if interrupted || elapsed > limits.deadline(claim.map_or(Duration::ZERO, |c| c.ideal)) {
            let _ = child.kill();
            let _ = child.wait();
            break (if interrupted { Exit::Signal } else { Exit::Deadline }, elapsed, interrupted);
        }
        progress(elapsed);
        thread::sleep(POLL);
    };
    if claim.is_none() {
        claim = std::fs::read_to_string(report).ok().and_then(|text| parse_claim(&text));
    }
    let _ = std::fs::remove_file(report);

    // A grandchild could hold the pipe open after the child is gone: wait a
    // little for the rest of stderr, never for ever.
    let stderr = match reader {
        Some(reader) => {
            let waited = Instant::now();
            while !reader.is_finished() && waited.elapsed() < Duration::from_secs(1) {
                thread::sleep(POLL);
            }
            if reader.is_finished() { reader.join().unwrap_or_default() } else { String::new() }
        }
        None => String::new(),
    };
    Ok(Finished { exit, measured, claim, stderr, interrupted })
}

/// The last `n` lines of `text`.
pub fn tail(text: &str, n: usize) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].iter().map(|l| (*l).to_owned()).collect()
}

// Stand-ins for lessons: `sh` scripts that write a claim to "$1" (the report)
// and then behave well or badly. None of these asserts a real-time margin
// tighter than the behaviour it checks (0.1 s of sleep against a 5 s grace).
#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::report::Verdict;

    fn stand_in(name: &str, script: &str, limits: Limits, stop: bool) -> (Finished, Verdict) {
        let report =
            std::env::temp_dir().join(format!("xtask-test-{}-{name}.report", std::process::id()));
        let mut command = Command::new("sh");
        command.arg("-c").arg(script).arg("sh").arg(&report);
        let finished = run(command, &report, &limits, true, &AtomicBool::new(stop), |_| {})
            .expect("running the stand-in");
        let verdict = Verdict::judge(&finished.exit, finished.claim, finished.measured, &limits);
        (finished, verdict)
    }

    fn limits(grace_ms: u64, deadline_extra_ms: u64) -> Limits {
        Limits {
            tolerance: 0.0,
            grace: Duration::from_millis(grace_ms),
            deadline_factor: 1.0,
            deadline_extra: Duration::from_millis(deadline_extra_ms),
        }
    }

    const CLAIM_100MS: &str = r#"echo "lesson=x ideal=0.1 one_by_one=0.2" > "$1";"#;

    #[test]
    fn a_lesson_that_keeps_its_claim_passes() {
        let (finished, verdict) =
            stand_in("pass", &format!("{CLAIM_100MS} exec sleep 0.1"), limits(5000, 10_000), false);
        assert_eq!(verdict, Verdict::Pass, "{finished:?}");
        assert_eq!(finished.claim.unwrap().one_by_one, Duration::from_millis(200));
    }

    #[test]
    fn a_lesson_that_exits_1_fails_with_its_stderr() {
        let script = format!("{CLAIM_100MS} echo one >&2; echo 'it broke' >&2; exit 1");
        let (finished, verdict) = stand_in("exit1", &script, limits(5000, 10_000), false);
        assert_eq!((verdict, finished.exit.clone()), (Verdict::Failed, Exit::Code(1)));
        assert_eq!(tail(&finished.stderr, 1), ["it broke"]);
    }

    #[test]
    fn a_lesson_faster_than_its_sleeps_is_too_fast() {
        let script = r#"echo "lesson=x ideal=5 one_by_one=5" > "$1""#;
        let (finished, verdict) = stand_in("fast", script, limits(5000, 10_000), false);
        assert_eq!(verdict, Verdict::TooFast, "{finished:?}");
    }

    #[test]
    fn a_lesson_slower_than_its_claim_is_too_slow() {
        // Claims 0.1 s, takes at least 0.3 s, allowed 0.1 s + 50 ms.
        let (finished, verdict) =
            stand_in("slow", &format!("{CLAIM_100MS} exec sleep 0.3"), limits(50, 10_000), false);
        assert_eq!(verdict, Verdict::TooSlow, "{finished:?}");
    }

    #[test]
    fn a_lesson_past_its_deadline_is_killed_and_reported() {
        // Deadline: 0.1 s × 1 + 0.2 s. The sleep would take a minute.
        let (finished, verdict) =
            stand_in("hang", &format!("{CLAIM_100MS} exec sleep 60"), limits(50, 200), false);
        assert_eq!((verdict, finished.exit.clone()), (Verdict::TimedOut, Exit::Deadline));
        assert!(finished.measured < Duration::from_secs(30), "{finished:?}");
    }

    #[test]
    fn a_lesson_that_dies_of_the_same_ctrl_c_was_interrupted_not_failed() {
        // The terminal sends SIGINT to the lesson and to xtask at once; here the
        // lesson dies of it (at 0.1 s) before xtask sees its flag (set at 0.3 s).
        let stop = AtomicBool::new(false);
        let mut command = Command::new("sh");
        command.arg("-c").arg("sleep 0.1; kill -INT $$; sleep 5");
        let report =
            std::env::temp_dir().join(format!("xtask-test-{}-sigint.report", std::process::id()));
        let finished = run(command, &report, &limits(50, 60_000), true, &stop, |_| {
            if !stop.load(Ordering::SeqCst) {
                thread::sleep(Duration::from_millis(300));
                stop.store(true, Ordering::SeqCst);
            }
        });
        let finished = finished.expect("running the stand-in");
        assert!(finished.interrupted, "{finished:?}");
        assert!(finished.measured < Duration::from_secs(5), "killed by its own SIGINT, not by us");
    }

    #[test]
    fn stop_kills_the_running_lesson() {
        let (finished, _) =
            stand_in("stop", &format!("{CLAIM_100MS} exec sleep 60"), limits(50, 60_000), true);
        assert!(finished.interrupted);
        assert_eq!(finished.exit, Exit::Signal);
    }
}
