//! What the bench runs: the options, and the runs in order, each with the three
//! sides that take it (tokio, asyncio, uvloop) and the metrics read from it.

use std::path::PathBuf;
use std::process::Command;

use anyhow::Result;

use crate::flags::{Parsed, usage};
use crate::{lessons, python};

/// Whether more of a metric is better (a rate) or less (a time, a size).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Better {
    Higher,
    Lower,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metric {
    /// The key in a run's results.
    pub key: &'static str,
    pub name: &'static str,
    pub unit: &'static str,
    pub better: Better,
}

impl Metric {
    pub const fn new(
        key: &'static str,
        name: &'static str,
        unit: &'static str,
        better: Better,
    ) -> Self {
        Self { key, name, unit, better }
    }
}

pub const SCENARIOS: [&str; 5] = ["tasks", "timer", "http", "spawn", "echo"];

/// Each figure is the median of this many runs of each side, unless `--runs` says.
pub const RUNS: usize = 3;

#[derive(Debug, PartialEq)]
pub struct Options {
    pub quick: bool,
    pub runs: usize,
    pub json: Option<PathBuf>,
    /// The scenarios asked for, in the order of [`SCENARIOS`]; all when none.
    pub scenarios: Vec<&'static str>,
}

pub fn parse(parsed: &Parsed) -> Result<Options> {
    let mut asked = Vec::new();
    for name in parsed.words()? {
        let Some(known) = SCENARIOS.iter().find(|s| **s == name) else {
            let all = SCENARIOS.join(", ");
            return Err(usage(format!("unknown scenario '{name}'; expected some of: {all}")));
        };
        asked.push(*known);
    }
    let scenarios =
        SCENARIOS.into_iter().filter(|s| asked.is_empty() || asked.contains(s)).collect();
    Ok(Options {
        quick: parsed.switch("quick"),
        runs: parsed.number("runs", 1..=9, "a whole number from 1 to 9")?.unwrap_or(RUNS),
        json: parsed.path("json"),
        scenarios,
    })
}

/// Who runs a scenario: tokio, or its asyncio twin on asyncio's loop or uvloop's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Side {
    Tokio,
    Asyncio,
    Uvloop,
}

/// The sides in the table's order, and the order each run takes them in.
pub const SIDES: [Side; 3] = [Side::Tokio, Side::Asyncio, Side::Uvloop];

impl Side {
    pub fn name(self) -> &'static str {
        match self {
            Side::Tokio => "tokio",
            Side::Asyncio => "asyncio",
            Side::Uvloop => "uvloop",
        }
    }
}

/// An echo run's shape: how big each message is, and on how many connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Shape {
    pub message: usize,
    pub connections: usize,
}

/// One scenario's variant at a size, and its twin's.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub scenario: &'static str,
    pub variant: &'static str,
    /// The twin's variant: `python3 bench/python/bench_<scenario>.py [--uvloop] TWIN SIZE`.
    pub twin: &'static str,
    pub size: usize,
    /// Only echo's: its message and connections (its size is the round trips).
    pub shape: Option<Shape>,
}

/// Which figures a side's runs fill: a twin serves every Rust variant of its
/// scenario at that size, so it is run once for all of them.
pub type Key = (&'static str, &'static str, usize, Option<Shape>, Side);

/// The runs, in order. `tasks` runs its naive variant (`spawn` + `JoinSet` on
/// one thread, as asyncio does it) at every size, and every variant at the
/// largest; `echo` each message size at 1, 10 and 100 connections; `--quick`
/// makes every size small and leaves out echo's middle sizes.
pub fn plan(options: &Options) -> Vec<Run> {
    let quick = options.quick;
    let mut runs = Vec::new();
    let mut add = |scenario, variant, twin, size, shape| {
        if options.scenarios.contains(&scenario) {
            runs.push(Run { scenario, variant, twin, size, shape });
        }
    };
    let task_sizes: &[usize] = if quick { &[10_000] } else { &[10_000, 1_000_000] };
    for (i, &size) in task_sizes.iter().enumerate() {
        let largest = i + 1 == task_sizes.len();
        for variant in [
            "joinset-ct",
            "joinset-mt",
            "join-all-ct",
            "join-all-mt",
            "unordered-ct",
            "unordered-mt",
        ] {
            if largest || variant == "joinset-ct" {
                add("tasks", variant, "gather", size, None);
            }
        }
    }
    let sleeps = if quick { 100 } else { 500 };
    add("timer", "ct", "sleep", sleeps, None);
    // asyncio has no interval: its row is held to asyncio's sleep loop, the same twin.
    add("timer", "interval-ct", "sleep", sleeps, None);
    add("http", "bounded-ct", "bounded", if quick { 1_000 } else { 10_000 }, None);
    add("http", "at-once-ct", "at-once", 100, None);
    for variant in ["joinset-ct", "joinset-mt"] {
        add("spawn", variant, "gather", if quick { 10_000 } else { 100_000 }, None);
    }
    let messages: &[usize] = if quick { &[1024, 102_400] } else { &[1024, 10_240, 102_400] };
    let connections: &[usize] = if quick { &[1, 100] } else { &[1, 10, 100] };
    for &message in messages {
        for &connections in connections {
            // About 10 MB each way at each size, and at least 10 round trips for
            // each of 100 connections (100 MB at 100 KiB): enough to time, few
            // enough that the slowest side takes about a second.
            let requests = (10_000_000 / message / 100 * 100).clamp(1_000, 10_000);
            let requests = if quick { (requests / 10).max(connections) } else { requests };
            add("echo", "serve", "serve", requests, Some(Shape { message, connections }));
        }
    }
    runs
}

impl Run {
    pub fn key(&self, side: Side) -> Key {
        let variant = if side == Side::Tokio { self.variant } else { self.twin };
        (self.scenario, variant, self.size, self.shape, side)
    }

    /// The command of one side's run: for echo, its server's.
    pub fn command(&self, side: Side, base: Option<&str>, release: &std::path::Path) -> Command {
        if side == Side::Tokio {
            let mut command = Command::new(release.join(exe("bench")));
            command.arg(self.scenario).arg(self.variant);
            if self.shape.is_none() {
                command.arg(self.size.to_string()).args(base);
            }
            return command;
        }
        let twin = lessons::root().join("bench/python").join(format!("bench_{}.py", self.scenario));
        let mut command = python::command();
        command.arg(twin).args((side == Side::Uvloop).then_some("--uvloop")).arg(self.twin);
        if self.shape.is_none() {
            command.arg(self.size.to_string()).args(base);
        }
        command
    }

    /// The echo load on a server at `addr`, process `pid`: the same for every side.
    pub fn load_command(
        &self,
        shape: Shape,
        addr: &str,
        pid: u32,
        release: &std::path::Path,
    ) -> Command {
        let mut command = Command::new(release.join(exe("bench")));
        command
            .args(["echo", "load"])
            .args([self.size, shape.message, shape.connections].map(|n| n.to_string()));
        command.arg(addr).arg(pid.to_string());
        command
    }

    /// What the table calls this run.
    pub fn title(&self) -> String {
        if let Some(Shape { message, connections }) = self.shape {
            let s = if connections == 1 { "" } else { "s" };
            return format!("echo: {} KiB messages, {connections} connection{s}", message / 1024);
        }
        let way = match self.variant.trim_end_matches("-ct").trim_end_matches("-mt") {
            "joinset" => "spawn + JoinSet",
            "join-all" => "join_all",
            "unordered" => "FuturesUnordered",
            "bounded" => "GET, 100 in flight",
            "at-once" => "GETs at once, 50 ms each",
            "interval" => "interval(1 ms)",
            _ => "sleep(1 ms) in a row",
        };
        let threads = if self.variant.ends_with("-mt") { "multi-thread" } else { "one thread" };
        format!("{}: {way}, {threads}", self.scenario)
    }

    /// What is read from this run's results, and how the table shows it.
    pub fn metrics(&self) -> &'static [Metric] {
        match (self.scenario, self.variant) {
            ("tasks", _) => TASKS,
            ("timer", "interval-ct") => TIMER_INTERVAL,
            ("timer", _) => TIMER,
            ("http", "bounded-ct") => HTTP_BOUNDED,
            ("http", _) => HTTP_AT_ONCE,
            ("echo", _) => ECHO,
            _ => SPAWN,
        }
    }
}

pub fn exe(name: &str) -> String {
    format!("{name}{}", std::env::consts::EXE_SUFFIX)
}

const TASKS: &[Metric] = &[
    Metric::new("wall_s", "wall time", "s", Better::Lower),
    Metric::new("peak_rss_bytes", "peak RSS", "MB", Better::Lower),
    Metric::new("per_task_bytes", "memory per task", "bytes", Better::Lower),
];
const TIMER: &[Metric] = &[
    Metric::new("median_ms", "median", "ms", Better::Lower),
    Metric::new("p99_ms", "p99", "ms", Better::Lower),
];
const TIMER_INTERVAL: &[Metric] =
    &[Metric::new("mean_period_ms", "mean period (ideal 1 ms)", "ms", Better::Lower)];
const HTTP_BOUNDED: &[Metric] = &[
    Metric::new("requests_per_s", "rate", "requests/s", Better::Higher),
    Metric::new("cpu_s", "CPU time", "s", Better::Lower),
    Metric::new("peak_rss_bytes", "peak RSS", "MB", Better::Lower),
];
const HTTP_AT_ONCE: &[Metric] =
    &[Metric::new("wall_ms", "wall time (ideal 50 ms)", "ms", Better::Lower)];
const SPAWN: &[Metric] = &[Metric::new("tasks_per_s", "rate", "tasks/s", Better::Higher)];
const ECHO: &[Metric] = &[
    Metric::new("requests_per_s", "rate", "requests/s", Better::Higher),
    Metric::new("cpu_s", "server CPU time", "s", Better::Lower),
    Metric::new("peak_rss_bytes", "server peak RSS", "MB", Better::Lower),
];

#[cfg(test)]
mod tests {
    use super::*;

    pub fn parse(line: &str) -> Result<Options> {
        let words = format!("bench {line}");
        super::parse(&crate::flags::parse(words.split_whitespace().map(Into::into))?)
    }

    #[test]
    fn parses_the_options_and_keeps_the_scenarios_in_their_order() {
        let options = parse("spawn --quick tasks --json out.json --runs 5").unwrap();
        assert_eq!(
            options,
            Options {
                quick: true,
                runs: 5,
                json: Some("out.json".into()),
                scenarios: vec!["tasks", "spawn"]
            }
        );
        assert_eq!(parse("").unwrap().scenarios, SCENARIOS);
        assert_eq!(parse("").unwrap().runs, 3, "a median of three unless asked");
    }

    #[test]
    fn bad_input_is_one_usage_error() {
        let error = |line: &str| {
            let err = parse(line).unwrap_err();
            assert!(err.is::<crate::flags::Usage>(), "{line}");
            err.to_string()
        };
        assert_eq!(
            error("tasks sleep"),
            "unknown scenario 'sleep'; expected some of: tasks, timer, http, spawn, echo (see `cargo xtask --help`)"
        );
        assert_eq!(error("--fast"), "bench: invalid option '--fast' (see `cargo xtask --help`)");
        assert!(error("--json").starts_with("bench: missing argument for option '--json'"));
        assert!(error("--runs 0").contains("--runs"), "{}", error("--runs 0"));
        assert!(error("--runs 10").contains("--runs"));
    }

    #[test]
    fn plans_every_variant_at_the_largest_size_and_the_naive_one_at_each() {
        let full = plan(&parse("tasks").unwrap());
        let tasks: Vec<(&str, usize)> = full.iter().map(|r| (r.variant, r.size)).collect();
        assert_eq!(tasks[..2], [("joinset-ct", 10_000), ("joinset-ct", 1_000_000)]);
        assert_eq!(tasks.len(), 7);
        assert!(full.iter().all(|r| r.twin == "gather"));
        // One twin per size, whatever the Rust variant.
        let twins: std::collections::BTreeSet<Key> =
            full.iter().map(|r| r.key(Side::Uvloop)).collect();
        assert_eq!(twins.len(), 2);

        let quick = plan(&parse("--quick").unwrap());
        assert!(quick.iter().all(|r| r.size <= 10_000), "{quick:?}");
        let scenarios: Vec<&str> = quick.iter().map(|r| r.scenario).collect();
        assert_eq!(scenarios.iter().filter(|s| **s == "tasks").count(), 6);
        assert!(["timer", "http", "spawn", "echo"].iter().all(|s| scenarios.contains(s)));
    }

    #[test]
    fn echo_is_every_message_size_at_1_10_and_100_connections() {
        let echo = plan(&parse("echo").unwrap());
        let shapes: Vec<(usize, usize, usize)> = echo
            .iter()
            .map(|r| {
                let shape = r.shape.expect("echo runs have a shape");
                (shape.message, shape.connections, r.size)
            })
            .collect();
        assert_eq!(
            shapes,
            [
                (1024, 1, 9_700),
                (1024, 10, 9_700),
                (1024, 100, 9_700),
                (10_240, 1, 1_000),
                (10_240, 10, 1_000),
                (10_240, 100, 1_000),
                (102_400, 1, 1_000),
                (102_400, 10, 1_000),
                (102_400, 100, 1_000),
            ]
        );
        assert_eq!(echo[2].title(), "echo: 1 KiB messages, 100 connections");
        assert_eq!(echo[6].title(), "echo: 100 KiB messages, 1 connection");
        // Every connection has a request at the quick sizes too.
        let quick = plan(&parse("echo --quick").unwrap());
        assert!(quick.iter().all(|r| r.size >= r.shape.expect("a shape").connections));

        let release = std::path::Path::new("target/release");
        let load = echo[2].load_command(echo[2].shape.unwrap(), "127.0.0.1:9", 42, release);
        let args: Vec<_> = load.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
        assert_eq!(args, ["echo", "load", "9700", "1024", "100", "127.0.0.1:9", "42"]);
        let args = |side| {
            let command = echo[0].command(side, None, release);
            command.get_args().map(|a| a.to_string_lossy().into_owned()).collect::<Vec<_>>()
        };
        assert_eq!(args(Side::Tokio), ["echo", "serve"]);
        assert_eq!(args(Side::Uvloop)[1..], ["--uvloop", "serve"]);
        assert_eq!(args(Side::Asyncio)[1..], ["serve"]);
    }

    #[test]
    fn the_interval_row_is_held_to_asyncios_sleep_loop() {
        let runs = plan(&parse("timer").unwrap());
        let variants: Vec<(&str, &str)> = runs.iter().map(|r| (r.variant, r.twin)).collect();
        assert_eq!(variants, [("ct", "sleep"), ("interval-ct", "sleep")]);
        assert_eq!(runs[0].key(Side::Asyncio), runs[1].key(Side::Asyncio));
        assert_ne!(runs[0].key(Side::Tokio), runs[1].key(Side::Tokio));
        assert_eq!(runs[1].title(), "timer: interval(1 ms), one thread");
    }
}
