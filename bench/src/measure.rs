//! What a scenario reads about itself, from Linux's `/proc` (std has no
//! `getrusage`, and `unsafe` is forbidden here): elsewhere these are `None`, and
//! the table says "not measured".

use std::time::Duration;

/// A scenario's results: `(key, value)`, printed as `key=value`.
pub type Results = Vec<(&'static str, f64)>;

/// The line xtask reads: `wall_s=1.305 peak_rss_bytes=470523904`.
pub fn line(results: &Results) -> String {
    let pairs: Vec<String> = results.iter().map(|(key, value)| format!("{key}={value}")).collect();
    pairs.join(" ")
}

/// Add `key` when it was measured.
pub fn push(results: &mut Results, key: &'static str, value: Option<f64>) {
    if let Some(value) = value {
        results.push((key, value));
    }
}

/// The memory this process holds now (`VmRSS`), in bytes.
pub fn rss_bytes() -> Option<f64> {
    status_kb("self", "VmRSS:").map(|kb| kb * 1024.0)
}

/// The most it has held at once so far (`VmHWM`, the high-water mark), in bytes.
pub fn peak_rss_bytes() -> Option<f64> {
    peak_rss_bytes_of("self")
}

/// The same for process `pid` (`self`, or a number): the echo load reads its server's.
pub fn peak_rss_bytes_of(pid: &str) -> Option<f64> {
    status_kb(pid, "VmHWM:").map(|kb| kb * 1024.0)
}

fn status_kb(pid: &str, field: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line[field.len()..].trim().trim_end_matches("kB").trim().parse().ok()
}

/// CPU time used so far, all threads, in seconds.
pub fn cpu_seconds() -> Option<f64> {
    cpu_seconds_of("self")
}

/// The same for process `pid` (`self`, or a number): the time each of its threads
/// has run, in nanoseconds (`/proc/PID/task/*/schedstat`, its first field); else,
/// where the kernel keeps no schedstat, fields 14 and 15 of `/proc/PID/stat` (user
/// and system), in clock ticks of 1/100 s (Linux's USER_HZ), too coarse for a
/// short run.
pub fn cpu_seconds_of(pid: &str) -> Option<f64> {
    schedstat_seconds(pid).or_else(|| stat_seconds(pid))
}

fn schedstat_seconds(pid: &str) -> Option<f64> {
    let mut nanos = 0u64;
    for task in std::fs::read_dir(format!("/proc/{pid}/task")).ok()? {
        let schedstat = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
        nanos += schedstat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(nanos as f64 / 1e9)
}

fn stat_seconds(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name, field 2, is in parentheses and may hold spaces: count after it.
    let after_name = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after_name.split(' ').collect();
    let ticks = |i: usize| fields.get(i - 3)?.parse::<f64>().ok();
    Some((ticks(14)? + ticks(15)?) / 100.0)
}

/// The `p`th percentile (0 to 100) of `sorted`, nearest rank, in milliseconds.
pub fn percentile_ms(sorted: &[Duration], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1].as_secs_f64() * 1000.0
}
