//! three-ways' worker process (the lesson's program started again with a hidden
//! first argument) and reading resident memory from /proc: the part of the lesson
//! a learner did not come to read. Its copy takes it along.

use std::io::Write as _;
use std::time::Duration;

use anyhow::{Context as _, Result};

/// `three-ways-worker`: says "ready", then sleeps each wait (in seconds) it reads on
/// stdin and says "done". Stdin is read on a thread of its own: when it closes (the
/// lesson ended, however), this process ends at once, even mid-wait.
pub fn waits() -> Result<()> {
    let (waits, to_do) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        std::io::stdin().lines().map_while(Result::ok).try_for_each(|l| waits.send(l)).ok();
        std::process::exit(0);
    });
    let mut answers = std::io::stdout();
    writeln!(answers, "ready")?;
    for wait in to_do {
        let wait =
            Duration::try_from_secs_f64(wait.trim().parse()?).context("a wait in seconds")?;
        std::thread::sleep(wait);
        writeln!(answers, "done")?;
    }
    Ok(())
}

/// Resident memory of a process (`self`, or a pid) in KiB, where Linux tells it.
pub fn resident_kib(pid: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix("VmRSS:"))?;
    line.trim().trim_end_matches("kB").trim().parse().ok()
}

/// The growth of this process's resident memory since `before`, per unit.
pub fn per_unit(before: Option<f64>, units: usize) -> Option<f64> {
    Some((resident_kib("self")? - before?) / units as f64)
}
