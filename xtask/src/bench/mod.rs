//! `cargo xtask bench [--quick] [--json FILE] [SCENARIO...]`: tokio against
//! asyncio, measured side by side on this machine.
//!
//! It builds the `bench` crate and the lessons' local server (`examples-http
//! serve`) in release mode, runs each scenario as its own process (`bench
//! SCENARIO VARIANT SIZE`, and its asyncio twin `python3 bench/python/bench_<scenario>.py
//! VARIANT SIZE`), reads the one line of `key=value` results each prints, and
//! prints one markdown table. The scenarios themselves, and what each number
//! means, are in `bench/src/`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use protocol::{out, warn};

use crate::flags::{Parsed, usage};
use crate::runner::{self, Echo};
use crate::runner::{Exit, Limits};
use crate::server::LocalServer;
use crate::{lessons, python, signals};

const SCENARIOS: [&str; 4] = ["tasks", "timer", "http", "spawn"];

/// A process still running after this long is killed, and its cell says so.
const DEADLINE: Duration = Duration::from_secs(300);

#[derive(Debug, Default, PartialEq)]
struct Options {
    quick: bool,
    json: Option<PathBuf>,
    /// The scenarios asked for, in the order of [`SCENARIOS`]; all when none.
    scenarios: Vec<&'static str>,
}

pub fn bench(parsed: &Parsed) -> Result<ExitCode> {
    let options = parse(parsed)?;
    let runs = plan(&options);
    build()?;
    let python = python::python3();
    let load_before = load_average();
    signals::catch()?;
    let server = options
        .scenarios
        .contains(&"http")
        .then(|| LocalServer::start(&release_dir()).map_err(|err| format!("{err:#}")));

    let mut rows = Vec::new();
    let mut twins: BTreeMap<(&str, &str, usize), Outcome> = BTreeMap::new();
    for (i, run) in runs.iter().enumerate() {
        let label =
            format!("[{}/{}] {} {} {}", i + 1, runs.len(), run.scenario, run.variant, run.size);
        // Only `http` is given the local server's URL.
        let base = match &server {
            Some(Ok(server)) if run.scenario == "http" => Some(server.base()),
            Some(Err(why)) if run.scenario == "http" => {
                let failed = Outcome::Err(Cell::Failed(why.clone()));
                rows.extend(run.rows(&failed, &failed));
                continue;
            }
            _ => None,
        };
        let rust = measure(run.command(base), &format!("{label} tokio"))?;
        let key = (run.scenario, run.twin, run.size);
        if !twins.contains_key(&key) && !signals::interrupted() {
            let twin = match &python {
                Some(_) => measure(run.twin_command(base), &format!("{label} asyncio"))?,
                None => Err(Cell::NotRun(python::MISSING.into())),
            };
            twins.insert(key, twin);
        }
        if signals::interrupted() {
            break;
        }
        rows.extend(run.rows(&rust, &twins[&key]));
    }
    drop(server);

    let machine = Machine::read(python, load_before);
    out!("{}\n{}{}", machine.describe(), table(&rows), LEGEND);
    let failures = failures(&rows);
    if !failures.is_empty() {
        out!("\nfailed:\n{failures}");
    }
    if let Some(path) = &options.json {
        let json = serde_json::to_string_pretty(&json(&machine, options.quick, &rows))?;
        std::fs::write(path, json + "\n").with_context(|| format!("writing {}", path.display()))?;
    }
    if !failures.is_empty() {
        protocol::output::fail(1);
    }
    Ok(ExitCode::from(protocol::output::status()))
}

fn parse(parsed: &Parsed) -> Result<Options> {
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
    Ok(Options { quick: parsed.switch("quick"), json: parsed.path("json"), scenarios })
}

/// One process of the bench: a scenario's variant at a size, and its twin's.
#[derive(Debug, Clone, PartialEq)]
struct Run {
    scenario: &'static str,
    variant: &'static str,
    /// The twin's variant: `python3 bench/python/bench_<scenario>.py TWIN SIZE`.
    twin: &'static str,
    size: usize,
}

/// The runs, in order. `tasks` runs its naive variant (`spawn` + `JoinSet` on
/// one thread, as asyncio does it) at every size, and every variant at the
/// largest; `--quick` makes every size small.
fn plan(options: &Options) -> Vec<Run> {
    let quick = options.quick;
    let mut runs = Vec::new();
    let mut add = |scenario, variant, twin, size| {
        if options.scenarios.contains(&scenario) {
            runs.push(Run { scenario, variant, twin, size });
        }
    };
    let task_sizes: &[usize] = if quick { &[10_000] } else { &[10_000, 100_000, 1_000_000] };
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
                add("tasks", variant, "gather", size);
            }
        }
    }
    add("timer", "ct", "sleep", if quick { 100 } else { 1_000 });
    // asyncio has no interval: its row is held to asyncio's sleep loop, the same twin.
    add("timer", "interval-ct", "sleep", if quick { 100 } else { 1_000 });
    add("http", "bounded-ct", "bounded", if quick { 1_000 } else { 10_000 });
    add("http", "at-once-ct", "at-once", 100);
    for variant in ["joinset-ct", "joinset-mt"] {
        add("spawn", variant, "gather", if quick { 10_000 } else { 1_000_000 });
    }
    runs
}

impl Run {
    fn command(&self, base: Option<&str>) -> Command {
        let mut command = Command::new(release_dir().join(exe("bench")));
        command.args([self.scenario, self.variant, &self.size.to_string()]).args(base);
        command
    }

    fn twin_command(&self, base: Option<&str>) -> Command {
        let twin = lessons::root().join("bench/python").join(format!("bench_{}.py", self.scenario));
        let mut command = python::command();
        command.arg(twin).args([self.twin, &self.size.to_string()]).args(base);
        command
    }

    /// What the table calls this variant.
    fn title(&self) -> String {
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
    fn metrics(&self) -> &'static [Metric] {
        match (self.scenario, self.variant) {
            ("tasks", _) => TASKS,
            ("timer", "interval-ct") => TIMER_INTERVAL,
            ("timer", _) => TIMER,
            ("http", "bounded-ct") => HTTP_BOUNDED,
            ("http", _) => HTTP_AT_ONCE,
            _ => SPAWN,
        }
    }

    /// The table's rows for this run: one per metric.
    fn rows(&self, rust: &Outcome, asyncio: &Outcome) -> Vec<Row> {
        self.metrics()
            .iter()
            .map(|metric| Row {
                run: self.clone(),
                metric: *metric,
                rust: metric.cell(rust),
                asyncio: metric.cell(asyncio),
            })
            .collect()
    }
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

/// Whether more of a metric is better (a rate) or less (a time, a size).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Better {
    Higher,
    Lower,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Metric {
    /// The key in a run's results.
    key: &'static str,
    name: &'static str,
    unit: &'static str,
    better: Better,
}

impl Metric {
    const fn new(
        key: &'static str,
        name: &'static str,
        unit: &'static str,
        better: Better,
    ) -> Self {
        Self { key, name, unit, better }
    }

    /// This metric's cell, in the table's unit.
    fn cell(&self, outcome: &Outcome) -> Cell {
        let per_unit = if self.unit == "MB" { 1e6 } else { 1.0 };
        match outcome {
            Ok(results) => results
                .get(self.key)
                .map_or(Cell::NotRun("not measured".into()), |v| Cell::Value(v / per_unit)),
            Err(cell) => cell.clone(),
        }
    }
}

/// A run's results (`key=value`), or the cell that says why there are none.
type Outcome = Result<BTreeMap<String, f64>, Cell>;

#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Value(f64),
    /// Not run, or not measurable, here: no python3, no aiohttp, no /proc.
    NotRun(String),
    /// Ran and failed: why, in a few words.
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
struct Row {
    run: Run,
    metric: Metric,
    rust: Cell,
    asyncio: Cell,
}

impl Row {
    /// How many times better tokio did: faster, smaller, or more per second.
    fn ratio(&self) -> Option<f64> {
        let (Cell::Value(rust), Cell::Value(asyncio)) = (&self.rust, &self.asyncio) else {
            return None;
        };
        let ratio = match self.metric.better {
            Better::Lower => asyncio / rust,
            Better::Higher => rust / asyncio,
        };
        ratio.is_finite().then_some(ratio)
    }
}

/// `cargo build --release` of the bench and the local server: one build, so
/// that the two share one build of the crates they have in common.
fn build() -> Result<()> {
    warn!(
        "bench: building bench and examples-http in release mode (the first time takes a minute or two)"
    );
    let mut build = lessons::cargo();
    build.current_dir(lessons::root()).args([
        "build",
        "--release",
        "--bins",
        "--package",
        "bench",
        "--package",
        "examples-http",
    ]);
    let status = build.status().context("running cargo build --release")?;
    if !status.success() {
        bail!("cargo build --release failed");
    }
    Ok(())
}

fn release_dir() -> PathBuf {
    // target/debug/xtask → target/release
    lessons::target_debug().ok().and_then(|d| Some(d.parent()?.join("release"))).unwrap_or_default()
}

fn exe(name: &str) -> String {
    format!("{name}{}", std::env::consts::EXE_SUFFIX)
}

/// Run one process of the bench, with progress on stderr, and read its results.
fn measure(command: Command, label: &str) -> Result<Outcome> {
    let limits = Limits { deadline_extra: DEADLINE, ..Limits::default() };
    let terminal = std::io::stderr().is_terminal();
    let mut last_tick = Duration::ZERO;
    let progress = |so_far: Duration| {
        if terminal && so_far >= last_tick + Duration::from_millis(200) {
            last_tick = so_far;
            let _ = std::io::Write::write_fmt(
                &mut std::io::stderr(),
                format_args!("\r{label} {:.1}s", so_far.as_secs_f64()),
            );
        }
    };
    let finished = runner::run(command, &limits, Echo::No, &signals::INTERRUPTED, progress)?;
    let outcome = match &finished.exit {
        _ if finished.interrupted => Err(Cell::Failed("interrupted".into())),
        Exit::Code(0) => results(&finished.stdout),
        Exit::Deadline => Err(Cell::Failed(format!("timed out after {}s", DEADLINE.as_secs()))),
        exit => {
            let why = finished.stderr.lines().last().unwrap_or("no message").to_owned();
            let exit = match exit {
                Exit::Code(code) => format!("exit {code}"),
                _ => "killed by a signal".to_owned(),
            };
            Err(Cell::Failed(format!("{exit}: {why}")))
        }
    };
    let said = match &outcome {
        Ok(_) => "done".to_owned(),
        Err(Cell::NotRun(why)) => format!("not run: {why}"),
        Err(Cell::Failed(why)) => format!("FAILED: {why}"),
        Err(Cell::Value(_)) => unreachable!("an outcome is results, or why there are none"),
    };
    warn!("\r{label}: {said} in {:.1}s", finished.measured.as_secs_f64());
    Ok(outcome)
}

/// A run's results: its last line of `key=value` pairs, or `not run: <why>`.
fn results(stdout: &[String]) -> Outcome {
    let Some(last) = stdout.iter().rev().find(|l| !l.trim().is_empty()) else {
        return Err(Cell::Failed("no results printed".into()));
    };
    if let Some(why) = last.strip_prefix("not run: ") {
        return Err(Cell::NotRun(why.to_owned()));
    }
    let mut results = BTreeMap::new();
    for pair in last.split_whitespace() {
        let parsed = pair.split_once('=').and_then(|(k, v)| Some((k, v.parse::<f64>().ok()?)));
        let Some((key, value)) = parsed else {
            return Err(Cell::Failed(format!("unreadable result '{pair}'")));
        };
        results.insert(key.to_owned(), value);
    }
    Ok(results)
}

/// What the table ran on, said above it (and in the JSON).
#[derive(Debug)]
struct Machine {
    cpus: usize,
    python: Option<String>,
    load_before: String,
    load_after: String,
}

impl Machine {
    fn read(python: Option<String>, load_before: String) -> Self {
        Self {
            cpus: std::thread::available_parallelism().map_or(1, usize::from),
            python,
            load_before,
            load_after: load_average(),
        }
    }

    fn describe(&self) -> String {
        let python = self.python.as_deref().unwrap_or("no python3");
        format!(
            "{} CPUs, {} {}; {python}\nload average (1, 5, 15 min): {} before, {} after\n",
            self.cpus,
            std::env::consts::OS,
            std::env::consts::ARCH,
            self.load_before,
            self.load_after
        )
    }
}

/// The load average over 1, 5 and 15 minutes: other work on the machine, which
/// the numbers share it with.
fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let fields: Vec<&str> = text.split_whitespace().take(3).collect();
    if fields.len() == 3 { fields.join(" ") } else { "not known".into() }
}

const LEGEND: &str = "
ratio: how many times better tokio did than asyncio (faster, smaller, or more
per second); below 1, asyncio did better. asyncio: create_task + gather (tasks,
spawn), asyncio.sleep in a loop (timer, the interval row too: asyncio has no
interval), aiohttp (http). Memory and CPU time from /proc.
";

/// The markdown table, its columns padded so that it reads in a terminal too.
fn table(rows: &[Row]) -> String {
    let mut lines = vec![[
        "scenario".to_owned(),
        "size".into(),
        "Rust".into(),
        "asyncio".into(),
        "ratio".into(),
        "unit".into(),
    ]];
    for row in rows {
        lines.push([
            format!("{}: {}", row.run.title(), row.metric.name),
            grouped(row.run.size as u64),
            cell(&row.rust),
            cell(&row.asyncio),
            row.ratio().map_or("-".into(), times),
            row.metric.unit.to_owned(),
        ]);
    }
    let width = |column: usize| lines.iter().map(|l| l[column].chars().count()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..6).map(width).collect();
    let mut table = String::new();
    for (i, line) in lines.iter().enumerate() {
        for (column, text) in line.iter().enumerate() {
            let pad = " ".repeat(widths[column] - text.chars().count());
            // Text to the left, numbers to the right.
            let padded = if matches!(column, 0 | 5) {
                format!("{text}{pad}")
            } else {
                format!("{pad}{text}")
            };
            let _ = write!(table, "| {padded} ");
        }
        table += "|\n";
        if i == 0 {
            for (column, width) in widths.iter().enumerate() {
                let colon = if matches!(column, 0 | 5) { "-" } else { ":" };
                let _ = write!(table, "|{}{colon}", "-".repeat(width + 1));
            }
            table += "|\n";
        }
    }
    table
}

fn cell(cell: &Cell) -> String {
    match cell {
        Cell::Value(value) => number(*value),
        Cell::NotRun(why) => why.clone(),
        Cell::Failed(_) => "FAILED".into(),
    }
}

/// A measurement (never negative), to three significant digits or all of a whole
/// number, and never fewer than three decimals: `0.010`, `1.12`, `456`, `1,801,483`.
fn number(value: f64) -> String {
    match value {
        v if v >= 1000.0 => grouped(v.round() as u64),
        v if v >= 100.0 => format!("{v:.0}"),
        v if v >= 10.0 => format!("{v:.1}"),
        v if v >= 1.0 => format!("{v:.2}"),
        v => format!("{v:.3}"),
    }
}

/// `23.0×`, `1.89×`, `0.52×`.
fn times(ratio: f64) -> String {
    if ratio >= 10.0 { format!("{ratio:.1}×") } else { format!("{ratio:.2}×") }
}

/// `1000000` as `1,000,000`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The cells that failed, with why.
fn failures(rows: &[Row]) -> String {
    let mut failures = String::new();
    let mut seen = Vec::new();
    for row in rows {
        for (side, cell) in [("tokio", &row.rust), ("asyncio", &row.asyncio)] {
            let Cell::Failed(why) = cell else { continue };
            let line = format!(
                "  {} {} {} ({side}): {why}\n",
                row.run.scenario, row.run.variant, row.run.size
            );
            if !seen.contains(&line) {
                failures += &line;
                seen.push(line);
            }
        }
    }
    failures
}

fn json(machine: &Machine, quick: bool, rows: &[Row]) -> serde_json::Value {
    let value = |cell: &Cell| match cell {
        Cell::Value(value) => Some(*value),
        _ => None,
    };
    let note = |cell: &Cell| match cell {
        Cell::Value(_) => None,
        Cell::NotRun(why) => Some(why.clone()),
        Cell::Failed(why) => Some(format!("FAILED: {why}")),
    };
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|row| {
            serde_json::json!({
                "scenario": row.run.scenario,
                "variant": row.run.variant,
                "twin": row.run.twin,
                "title": row.run.title(),
                "size": row.run.size,
                "metric": row.metric.key,
                "name": row.metric.name,
                "unit": row.metric.unit,
                "rust": value(&row.rust),
                "asyncio": value(&row.asyncio),
                "ratio": row.ratio(),
                "rust_note": note(&row.rust),
                "asyncio_note": note(&row.asyncio),
            })
        })
        .collect();
    serde_json::json!({
        "machine": {
            "cpus": machine.cpus,
            "os": std::env::consts::OS,
            "arch": std::env::consts::ARCH,
            "python3": machine.python,
            "load_average_before": machine.load_before,
            "load_average_after": machine.load_after,
        },
        "quick": quick,
        "rows": rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<Options> {
        let words = format!("bench {line}");
        super::parse(&crate::flags::parse(words.split_whitespace().map(Into::into))?)
    }

    #[test]
    fn parses_the_options_and_keeps_the_scenarios_in_their_order() {
        let options = parse("spawn --quick tasks --json out.json").unwrap();
        assert_eq!(
            options,
            Options {
                quick: true,
                json: Some("out.json".into()),
                scenarios: vec!["tasks", "spawn"]
            }
        );
        assert_eq!(parse("").unwrap().scenarios, SCENARIOS);
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
            "unknown scenario 'sleep'; expected some of: tasks, timer, http, spawn (see `cargo xtask --help`)"
        );
        assert_eq!(error("--fast"), "bench: invalid option '--fast' (see `cargo xtask --help`)");
        assert!(error("--json").starts_with("bench: missing argument for option '--json'"));
    }

    #[test]
    fn plans_every_variant_at_the_largest_size_and_the_naive_one_at_each() {
        let full = plan(&parse("tasks").unwrap());
        let tasks: Vec<(&str, usize)> = full.iter().map(|r| (r.variant, r.size)).collect();
        assert_eq!(
            tasks[..3],
            [("joinset-ct", 10_000), ("joinset-ct", 100_000), ("joinset-ct", 1_000_000)]
        );
        assert_eq!(tasks.len(), 8);
        assert!(full.iter().all(|r| r.twin == "gather"));

        let quick = plan(&parse("--quick").unwrap());
        assert!(quick.iter().all(|r| r.size <= 10_000), "{quick:?}");
        let scenarios: Vec<&str> = quick.iter().map(|r| r.scenario).collect();
        assert_eq!(scenarios.iter().filter(|s| **s == "tasks").count(), 6);
        assert!(["timer", "http", "spawn"].iter().all(|s| scenarios.contains(s)));
    }

    #[test]
    fn the_interval_row_is_held_to_asyncios_sleep_loop() {
        let runs = plan(&parse("timer").unwrap());
        let variants: Vec<(&str, &str)> = runs.iter().map(|r| (r.variant, r.twin)).collect();
        assert_eq!(variants, [("ct", "sleep"), ("interval-ct", "sleep")]);
        let sleep_loop: Outcome = Ok([
            ("median_ms".to_owned(), 1.1),
            ("p99_ms".into(), 1.2),
            ("mean_period_ms".into(), 1.1),
        ]
        .into());
        let rows = runs[1].rows(&Ok([("mean_period_ms".to_owned(), 1.0)].into()), &sleep_loop);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].run.title(), "timer: interval(1 ms), one thread");
        assert_eq!((&rows[0].asyncio, rows[0].ratio()), (&Cell::Value(1.1), Some(1.1)));
        assert_eq!(runs[0].rows(&sleep_loop, &sleep_loop).len(), 2, "the sleep rows stay two");
    }

    #[test]
    fn reads_results_not_run_and_garbage() {
        let lines = |text: &str| text.lines().map(str::to_owned).collect::<Vec<_>>();
        let read = results(&lines("noise\nwall_s=1.5 peak_rss_bytes=4096")).unwrap();
        assert_eq!((read["wall_s"], read["peak_rss_bytes"]), (1.5, 4096.0));
        assert_eq!(results(&lines("not run: no aiohttp")), Err(Cell::NotRun("no aiohttp".into())));
        assert!(matches!(results(&lines("wall_s=fast")), Err(Cell::Failed(_))));
        assert!(matches!(results(&[]), Err(Cell::Failed(_))));
    }

    fn tasks_run() -> Run {
        Run { scenario: "tasks", variant: "joinset-ct", twin: "gather", size: 1_000_000 }
    }

    #[test]
    fn the_ratio_is_how_many_times_better_tokio_did() {
        let rust: Outcome =
            Ok([("wall_s".to_owned(), 1.0), ("per_task_bytes".into(), 450.0)].into());
        let asyncio: Outcome =
            Ok([("wall_s".to_owned(), 25.0), ("per_task_bytes".into(), 1700.0)].into());
        let rows = tasks_run().rows(&rust, &asyncio);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].ratio(), Some(25.0));
        assert_eq!(rows[1].rust, Cell::NotRun("not measured".into()));
        assert_eq!(rows[1].ratio(), None);
        let rate = Run { scenario: "spawn", ..tasks_run() };
        let rows = rate.rows(
            &Ok([("tasks_per_s".to_owned(), 2e6)].into()),
            &Ok([("tasks_per_s".to_owned(), 1e5)].into()),
        );
        assert_eq!(rows[0].ratio(), Some(20.0));
    }

    #[test]
    fn the_table_says_what_was_not_run_and_what_failed() {
        let rust: Outcome = Ok([
            ("wall_s".to_owned(), 1.118),
            ("peak_rss_bytes".into(), 459_448_320.0),
            ("per_task_bytes".into(), 456.05),
        ]
        .into());
        let rows = tasks_run().rows(&rust, &Err(Cell::NotRun("no python3".into())));
        let failed = Run { scenario: "http", variant: "at-once-ct", twin: "at-once", size: 100 }
            .rows(
                &Err(Cell::Failed("exit 1: refused".into())),
                &Err(Cell::NotRun("no aiohttp".into())),
            );
        let table = table(&[rows, failed].concat());
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(
            lines[0].split('|').map(str::trim).collect::<Vec<_>>(),
            ["", "scenario", "size", "Rust", "asyncio", "ratio", "unit", ""]
        );
        assert!(lines[1].starts_with("|---") && lines[1].contains(":|"), "{}", lines[1]);
        let cells = |line: &str| {
            line.split('|')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            cells(lines[2]),
            [
                "tasks: spawn + JoinSet, one thread: wall time",
                "1,000,000",
                "1.12",
                "no python3",
                "-",
                "s"
            ]
        );
        assert_eq!(cells(lines[3])[2], "459");
        assert_eq!(cells(lines[4])[2], "456");
        assert_eq!(
            cells(lines[5]),
            [
                "http: GETs at once, 50 ms each, one thread: wall time (ideal 50 ms)",
                "100",
                "FAILED",
                "no aiohttp",
                "-",
                "ms"
            ]
        );
        assert!(lines.iter().all(|l| l.chars().count() == lines[0].chars().count()), "{table}");
        assert_eq!(
            failures(
                &[Run { scenario: "http", variant: "at-once-ct", twin: "at-once", size: 100 }
                    .rows(&Err(Cell::Failed("exit 1: refused".into())), &Ok(BTreeMap::new()))]
                .concat()
            ),
            "  http at-once-ct 100 (tokio): exit 1: refused\n"
        );
    }

    #[test]
    fn json_holds_the_numbers_of_the_table() {
        let machine = Machine {
            cpus: 2,
            python: None,
            load_before: "0.00 0.00 0.00".into(),
            load_after: "1.00 0.50 0.20".into(),
        };
        let rust: Outcome =
            Ok([("wall_s".to_owned(), 1.118), ("peak_rss_bytes".into(), 459_448_320.0)].into());
        let rows = tasks_run().rows(&rust, &Err(Cell::NotRun("no python3".into())));
        let json = json(&machine, false, &rows);
        assert_eq!(json["machine"]["cpus"], 2);
        assert_eq!(json["rows"][0]["rust"], 1.118);
        assert_eq!(json["rows"][1]["rust"], 459.44832);
        assert_eq!(json["rows"][1]["unit"], "MB");
        assert_eq!(json["rows"][0]["asyncio"], serde_json::Value::Null);
        assert_eq!(json["rows"][0]["asyncio_note"], "no python3");
        assert_eq!(json["rows"][2]["rust_note"], "not measured");
    }

    #[test]
    fn numbers_read_at_a_glance() {
        let shown: Vec<String> =
            [0.01, 0.671, 1.118, 25.73, 456.05, 1_801_482.8].into_iter().map(number).collect();
        assert_eq!(shown, ["0.010", "0.671", "1.12", "25.7", "456", "1,801,483"]);
        assert_eq!([23.04, 1.888, 0.524].map(times), ["23.0×", "1.89×", "0.52×"]);
        assert_eq!(grouped(100), "100");
        assert_eq!(grouped(10_000), "10,000");
    }
}
