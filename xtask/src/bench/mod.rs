//! `cargo xtask bench [--quick] [--runs N] [--json FILE] [--python PATH] [SCENARIO...]`:
//! tokio against asyncio and uvloop, measured side by side on this machine.
//!
//! It builds the `bench` crate and the lessons' local server (`examples-http
//! serve`) in release mode, runs each scenario as its own process (`bench
//! SCENARIO VARIANT SIZE`, its asyncio twin `python3 bench/python/bench_<scenario>.py
//! VARIANT SIZE`, and the twin again with `--uvloop`), reads the one line of
//! `key=value` results each prints, and prints one markdown table. Each side runs
//! `--runs` times (3), the sides taking turns, and each figure is the median.
//! The scenarios themselves, and what each number means, are in `bench/src/`.
//!
//! - [`plan`]: the options and the runs; [`figures`]: results, medians and spreads;
//!   [`table`]: the table and the JSON; [`echo`]: a run of an echo server under load.

mod echo;
mod figures;
mod plan;
mod table;

use std::collections::BTreeMap;
use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use protocol::{out, warn};

use self::figures::{Cell, Outcome, Row};
use self::plan::{Run, SIDES, Side};
use self::table::Machine;
use crate::flags::Parsed;
use crate::runner::{self, Echo, Exit, Limits};
use crate::server::LocalServer;
use crate::{lessons, python, signals};

/// A process still running after this long is killed, and its cell says so.
const DEADLINE: Duration = Duration::from_secs(300);

pub fn bench(parsed: &Parsed) -> Result<ExitCode> {
    let options = plan::parse(parsed)?;
    let runs = plan::plan(&options);
    build()?;
    let python = python::python3();
    let packages = Packages::of(python.is_some());
    if let Some(missing) = packages.missing() {
        warn!(
            "bench: {missing} for {}: those cells say so (`python3 -m venv target/venv && \
             target/venv/bin/pip install -r python/requirements.txt` makes the environment \
             the bench uses)",
            python::command().get_program().to_string_lossy()
        );
    }
    let load_before = table::load_average();
    signals::catch()?;
    let release = release_dir();
    let server = options
        .scenarios
        .contains(&"http")
        .then(|| LocalServer::start(&release).map_err(|err| format!("{err:#}")));

    let total = runs.len();
    let mut rows = Vec::new();
    let mut samples: BTreeMap<plan::Key, Vec<Outcome>> = BTreeMap::new();
    'runs: for (i, run) in runs.iter().enumerate() {
        let label = format!("[{}/{total}] {}", i + 1, describe(run));
        // Only `http` is given the local server's URL.
        let base = match &server {
            Some(Ok(server)) if run.scenario == "http" => Some(server.base()),
            Some(Err(why)) if run.scenario == "http" => {
                for side in SIDES {
                    samples.insert(run.key(side), vec![Err(Cell::Failed(why.clone()))]);
                }
                rows.extend(Row::of(run, &samples));
                continue;
            }
            _ => None,
        };
        // A twin shared with an earlier run (one asyncio twin for every tokio
        // variant) already has its runs.
        let fresh: Vec<Side> =
            SIDES.into_iter().filter(|side| !samples.contains_key(&run.key(*side))).collect();
        for side in &fresh {
            if let Some(why) = packages.not_here(run, *side) {
                samples.insert(run.key(*side), vec![Err(Cell::NotRun(why))]);
            }
        }
        // Interleaved: tokio, asyncio, uvloop, tokio, ... so that a slow moment of
        // the machine falls on all three rather than on one.
        for _ in 0..options.runs {
            for &side in &fresh {
                if packages.not_here(run, side).is_some() {
                    continue;
                }
                let label = format!("{label} {}", side.name());
                let outcome = if run.shape.is_some() {
                    echo::sample(run, side, &release, |load| measure(load, &label))?
                } else {
                    measure(run.command(side, base, &release), &label)?
                };
                samples.entry(run.key(side)).or_default().push(outcome);
                if signals::interrupted() {
                    break 'runs;
                }
            }
        }
        rows.extend(Row::of(run, &samples));
    }
    drop(server);

    let machine = Machine {
        cpus: std::thread::available_parallelism().map_or(1, usize::from),
        python,
        packages: packages.describe(),
        runs: options.runs,
        load_before,
        load_after: table::load_average(),
    };
    out!("{}\n{}{}", machine.describe(), table::table(&rows), table::LEGEND);
    let failures = table::failures(&rows);
    if !failures.is_empty() {
        out!("\nfailed:\n{failures}");
    }
    if let Some(path) = &options.json {
        let json = serde_json::to_string_pretty(&table::json(&machine, options.quick, &rows))?;
        std::fs::write(path, json + "\n").with_context(|| format!("writing {}", path.display()))?;
    }
    if !failures.is_empty() {
        protocol::output::fail(1);
    }
    Ok(ExitCode::from(protocol::output::status()))
}

fn describe(run: &Run) -> String {
    match run.shape {
        Some(shape) => format!("echo {} B × {} {}", shape.message, shape.connections, run.size),
        None => format!("{} {} {}", run.scenario, run.variant, run.size),
    }
}

/// What the chosen python3 has of the packages the Python sides need, asked once.
#[derive(Debug, Default)]
struct Packages {
    python: bool,
    /// Their versions, when installed.
    aiohttp: Option<String>,
    uvloop: Option<String>,
}

impl Packages {
    fn of(python: bool) -> Self {
        const ASK: &str = "import importlib.metadata as m\n\
            for name in ('aiohttp', 'uvloop'):\n\
            \x20   try: print(name, m.version(name))\n\
            \x20   except m.PackageNotFoundError: print(name, '-')";
        let said = python::command().args(["-c", ASK]).output().ok().filter(|o| o.status.success());
        let said =
            said.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default();
        let version = |name: &str| {
            said.lines()
                .find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
                .filter(|v| *v != "-")
                .map(str::to_owned)
        };
        Self { python, aiohttp: version("aiohttp"), uvloop: version("uvloop") }
    }

    /// `no aiohttp, no uvloop`, when either is missing.
    fn missing(&self) -> Option<String> {
        let missing: Vec<String> = [("aiohttp", &self.aiohttp), ("uvloop", &self.uvloop)]
            .into_iter()
            .filter(|(_, version)| version.is_none())
            .map(|(name, _)| format!("no {name}"))
            .collect();
        (self.python && !missing.is_empty()).then(|| missing.join(", "))
    }

    /// `aiohttp 3.14.5, uvloop 0.23.0`, or what is missing.
    fn describe(&self) -> String {
        [("aiohttp", &self.aiohttp), ("uvloop", &self.uvloop)]
            .map(|(name, version)| match version {
                Some(version) => format!("{name} {version}"),
                None => format!("no {name}"),
            })
            .join(", ")
    }

    /// Why `side` cannot run `run` here, if it cannot: its cells say so, and no
    /// process is started for them.
    fn not_here(&self, run: &Run, side: Side) -> Option<String> {
        match side {
            Side::Tokio => None,
            _ if !self.python => Some(python::MISSING.into()),
            Side::Uvloop if self.uvloop.is_none() => Some("no uvloop".into()),
            _ if run.scenario == "http" && self.aiohttp.is_none() => Some("no aiohttp".into()),
            _ => None,
        }
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
    lessons::target().map(|target| target.join("release")).unwrap_or_default()
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
        Exit::Code(0) => figures::results(&finished.stdout),
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
        Err(Cell::Figure(_)) => unreachable!("an outcome is results, or why there are none"),
    };
    warn!("\r{label}: {said} in {:.1}s", finished.measured.as_secs_f64());
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_package_is_said_once_and_its_cells_say_so() {
        let run = |scenario| Run { scenario, variant: "v", twin: "t", size: 1, shape: None };
        let none = Packages { python: true, aiohttp: None, uvloop: None };
        assert_eq!(none.missing().as_deref(), Some("no aiohttp, no uvloop"));
        assert_eq!(none.not_here(&run("http"), Side::Asyncio).as_deref(), Some("no aiohttp"));
        assert_eq!(none.not_here(&run("http"), Side::Uvloop).as_deref(), Some("no uvloop"));
        assert_eq!(none.not_here(&run("tasks"), Side::Asyncio), None);
        assert_eq!(none.not_here(&run("tasks"), Side::Tokio), None);
        let all = Packages {
            python: true,
            aiohttp: Some("3.14.5".into()),
            uvloop: Some("0.23.0".into()),
        };
        assert_eq!(all.missing(), None);
        assert_eq!(all.describe(), "aiohttp 3.14.5, uvloop 0.23.0");
        let no_python = Packages::default();
        assert_eq!(no_python.missing(), None, "no python3 is said by its cells");
        assert_eq!(
            no_python.not_here(&run("tasks"), Side::Uvloop).as_deref(),
            Some(python::MISSING)
        );
    }
}
