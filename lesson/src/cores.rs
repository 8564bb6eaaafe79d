//! How many cores the machine gave a run: what a speed-up claim is judged against.
//!
//! The CPU a process used cannot tell "the machine had no spare core" from "the
//! work did not use the spare core". What the run *could* have had can: the CPU
//! it used (its waited-for children included) plus the CPU the machine left idle,
//! over the same stretch of time. Linux counts both in clock ticks, in
//! `/proc/self/stat` and `/proc/stat`; elsewhere nothing is measured.

use std::time::Instant;

/// The counters at one moment.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sample {
    /// CPU this process and its waited-for children used, in clock ticks.
    used: u64,
    /// Idle (and waiting-for-I/O) ticks of the CPUs this process may run on.
    idle: u64,
    /// Every tick of those CPUs: how long the stretch was, times their number.
    total: u64,
    /// How many CPUs those are.
    cpus: u32,
    at: Instant,
}

impl Sample {
    /// Now, or `None` where `/proc` does not tell (not Linux).
    pub(crate) fn now() -> Option<Self> {
        let at = Instant::now();
        let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        // After the command name, which may hold spaces: fields 3, 4, ... of proc(5).
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        // utime, stime, cutime, cstime: fields 14 to 17.
        let used =
            fields.get(11..15)?.iter().map(|f| f.parse::<u64>().ok()).sum::<Option<u64>>()?;
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let allowed = status.lines().find_map(|l| l.strip_prefix("Cpus_allowed_list:"))?;
        let allowed = cpu_list(allowed.trim())?;
        let (mut idle, mut total, mut cpus) = (0, 0, 0);
        for line in std::fs::read_to_string("/proc/stat").ok()?.lines() {
            // `cpu3 user nice system idle iowait irq softirq steal ...`; `cpu ` is the sum.
            let mut words = line.split_whitespace();
            let Some(cpu) = words.next()?.strip_prefix("cpu").and_then(|n| n.parse().ok()) else {
                continue;
            };
            if !allowed.contains(&cpu) {
                continue;
            }
            let ticks: Vec<u64> = words.take(8).map(|w| w.parse().ok()).collect::<Option<_>>()?;
            idle += ticks.get(3)? + ticks.get(4)?;
            total += ticks.iter().sum::<u64>();
            cpus += 1;
        }
        (cpus > 0).then_some(Self { used, idle, total, cpus, at })
    }

    /// The cores the machine gave the run between `self` and `later`: what it used
    /// plus what stood idle, at most as many as it may use (`most`, which counts a
    /// cgroup's CPU quota too), and how many that is.
    pub(crate) fn given_until(&self, later: &Self, most: u32) -> Option<(f64, u32)> {
        let total = later.total.checked_sub(self.total)?;
        let could = later.used.checked_sub(self.used)? + later.idle.checked_sub(self.idle)?;
        // A stretch of a few ticks says nothing: 10 ms each, usually.
        if total < 20 * u64::from(self.cpus) || later.at < self.at {
            return None;
        }
        let cpus = self.cpus.min(most);
        let given = (could as f64 / total as f64 * f64::from(self.cpus)).min(f64::from(cpus));
        Some((given, cpus))
    }
}

/// `0-3,6,8-9` as the list of CPUs it names.
fn cpu_list(text: &str) -> Option<Vec<u32>> {
    let mut cpus = Vec::new();
    for part in text.split(',') {
        let (first, last) = part.split_once('-').unwrap_or((part, part));
        cpus.extend(first.trim().parse::<u32>().ok()?..=last.trim().parse().ok()?);
    }
    Some(cpus)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_cpu_list() {
        assert_eq!(cpu_list("0-3,6,8-9"), Some(vec![0, 1, 2, 3, 6, 8, 9]));
        assert_eq!(cpu_list("0"), Some(vec![0]));
        assert_eq!(cpu_list("x"), None);
    }

    fn sample(used: u64, idle: u64, total: u64) -> Sample {
        Sample { used, idle, total, cpus: 2, at: Instant::now() }
    }

    #[test]
    fn given_is_what_the_run_used_plus_what_stood_idle() {
        let start = sample(0, 0, 0);
        // One second on 2 CPUs: 200 ticks. One core used, the other idle: 2 given,
        // whether or not the work used the second.
        assert_eq!(start.given_until(&sample(100, 100, 200), 2), Some((2.0, 2)));
        // One core used, the other busy elsewhere: 1 given.
        assert_eq!(start.given_until(&sample(100, 0, 200), 2), Some((1.0, 2)));
        // A CPU quota of 1: at most 1, whatever stood idle.
        assert_eq!(start.given_until(&sample(100, 100, 200), 1), Some((1.0, 1)));
        // Too short a stretch to say.
        assert_eq!(start.given_until(&sample(5, 5, 10), 2), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_busy_thread_is_given_some_core_and_never_more_than_all() {
        let first = Sample::now().expect("/proc on Linux");
        let start = Instant::now();
        while start.elapsed() < std::time::Duration::from_millis(300) {
            std::hint::black_box(0);
        }
        let (given, cpus) = first.given_until(&Sample::now().unwrap(), u32::MAX).unwrap();
        // It used what it was given of a core; more stood idle if the machine was quiet.
        assert!(given > 0.05 && given <= f64::from(cpus), "{given} of {cpus}");
    }
}
