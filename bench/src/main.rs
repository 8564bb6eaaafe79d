//! The scenarios behind `cargo xtask bench`, each run as its own process so that
//! its memory and CPU time are its own:
//!
//! ```text
//! bench SCENARIO VARIANT SIZE [BASE_URL]
//! bench tasks joinset-ct 1000000         # 1M tasks that sleep 100 ms, on one thread
//! bench http bounded-ct 10000 http://127.0.0.1:PORT   # against `examples-http serve`
//! bench echo serve                       # the tokio echo server, until stdin closes
//! bench echo load 20000 1024 100 127.0.0.1:PORT PID   # the load on an echo server
//! ```
//!
//! It prints one line of `key=value` results (`wall_s=1.305 peak_rss_bytes=...`),
//! which xtask reads; each scenario's asyncio twin in `bench/python/` prints the
//! same keys. A result it cannot measure on this system is left out.
//!
//! | scenario | variants | size |
//! |---|---|---|
//! | `tasks`: N tasks that each sleep 100 ms | `joinset`, `join-all`, `unordered`, each `-ct` or `-mt` | N |
//! | `timer`: sleeps of 1 ms, one after the other; or ticks of a 1 ms `interval` | `ct`, `interval-ct` | how many |
//! | `http`: GETs to the local server | `bounded-ct` (100 in flight), `at-once-ct` (50 ms each) | requests |
//! | `spawn`: empty tasks, spawned and joined | `joinset-ct`, `joinset-mt` | N |
//! | `echo`: round trips through a TCP echo server (see `echo.rs`) | `serve`, `load` | requests |
//!
//! `-ct` runs on a current-thread runtime (one thread, as asyncio does), `-mt` on
//! the multi-thread one (a worker per core, as plain `#[tokio::main]` makes).

mod echo;
mod http;
mod measure;
mod spawn;
mod tasks;
mod timer;

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};

/// Every scenario and its variants.
const SCENARIOS: [(&str, &[&str]); 4] = [
    (
        "tasks",
        &["joinset-ct", "joinset-mt", "join-all-ct", "join-all-mt", "unordered-ct", "unordered-mt"],
    ),
    ("timer", &["ct", "interval-ct"]),
    ("http", &["bounded-ct", "at-once-ct"]),
    ("spawn", &["joinset-ct", "joinset-mt"]),
];

const USAGE: &str = "usage: bench SCENARIO VARIANT SIZE [BASE_URL], bench echo serve, \
    or bench echo load REQUESTS MESSAGE CONNECTIONS ADDR PID \
    (scenarios: tasks, timer, http, spawn, echo; see bench/src/main.rs)";

/// What the command line asked for.
#[derive(Debug, PartialEq)]
enum Job<'a> {
    Scenario { scenario: &'a str, variant: &'a str, size: usize, base: Option<&'a str> },
    EchoServe,
    EchoLoad { requests: usize, message: usize, connections: usize, addr: SocketAddr, pid: u32 },
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let job = match parse(&args) {
        Ok(job) => job,
        Err(err) => {
            eprintln!("bench: {err:#}; {USAGE}");
            return ExitCode::from(2);
        }
    };
    let measured = match job {
        Job::EchoServe => echo::serve().map(|()| Vec::new()),
        Job::EchoLoad { requests, message, connections, addr, pid } => {
            echo::load(requests, message, connections, addr, pid)
        }
        Job::Scenario { scenario, variant, size, base } => match scenario {
            "tasks" => tasks::run(variant, size),
            "timer" => timer::run(variant, size),
            "http" => http::run(variant, size, base.unwrap_or_default()),
            "spawn" => spawn::run(variant, size),
            _ => unreachable!("parse checked the scenario"),
        },
    };
    match measured {
        Ok(results) => {
            println!("{}", measure::line(&results));
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("bench: {}: {err:#}", args.join(" "));
            ExitCode::FAILURE
        }
    }
}

fn parse(args: &[String]) -> Result<Job<'_>> {
    match args {
        [echo, serve] if echo == "echo" && serve == "serve" => return Ok(Job::EchoServe),
        [echo, load, rest @ ..] if echo == "echo" && load == "load" => {
            let [requests, message, connections, addr, pid] = rest else {
                bail!("echo load takes REQUESTS MESSAGE CONNECTIONS ADDR PID");
            };
            let (requests, connections) =
                (whole(requests, "REQUESTS")?, whole(connections, "CONNECTIONS")?);
            if connections > requests {
                bail!("{connections} connections for {requests} requests: some would have none");
            }
            let addr: SocketAddr =
                addr.parse().with_context(|| format!("ADDR takes IP:PORT, got '{addr}'"))?;
            if !addr.ip().is_loopback() {
                bail!("the load connects to loopback only, not {addr}");
            }
            return Ok(Job::EchoLoad {
                requests,
                message: whole(message, "MESSAGE")?,
                connections,
                addr,
                pid: pid.parse().with_context(|| format!("PID takes a process id, got '{pid}'"))?,
            });
        }
        [echo, ..] if echo == "echo" => bail!("echo takes serve, or load and its numbers"),
        _ => {}
    }
    let [scenario, variant, size, rest @ ..] = args else {
        bail!("expected SCENARIO VARIANT SIZE");
    };
    let Some((_, variants)) = SCENARIOS.iter().find(|(name, _)| name == scenario) else {
        bail!("unknown scenario '{scenario}'");
    };
    if !variants.contains(&variant.as_str()) {
        bail!("{scenario} has the variants {}, not '{variant}'", variants.join(", "));
    }
    let size = whole(size, "SIZE")?;
    let base = match (scenario.as_str(), rest) {
        ("http", [base]) => Some(base.as_str()),
        ("http", _) => bail!("http needs the local server's BASE_URL"),
        (_, []) => None,
        (_, _) => bail!("only http takes a BASE_URL"),
    };
    Ok(Job::Scenario { scenario, variant, size, base })
}

/// A whole number from 1.
fn whole(text: &str, what: &str) -> Result<usize> {
    text.parse()
        .ok()
        .filter(|n| *n >= 1)
        .with_context(|| format!("{what} takes a whole number from 1, got '{text}'"))
}

/// The runtime a variant names: `-mt` the multi-thread one (a worker per core, as
/// plain `#[tokio::main]` makes), else the current-thread one (one thread, as asyncio).
fn runtime(variant: &str) -> Result<tokio::runtime::Runtime> {
    let mut builder = if variant.ends_with("-mt") {
        tokio::runtime::Builder::new_multi_thread()
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    builder.enable_all().build().context("building the runtime")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn reads_scenario_variant_size_and_the_url_for_http() {
        let scenario =
            |scenario, variant, size, base| Job::Scenario { scenario, variant, size, base };
        let line = args("tasks joinset-mt 1000");
        assert_eq!(parse(&line).unwrap(), scenario("tasks", "joinset-mt", 1000, None));
        let line = args("http bounded-ct 10 http://127.0.0.1:1");
        let base = Some("http://127.0.0.1:1");
        assert_eq!(parse(&line).unwrap(), scenario("http", "bounded-ct", 10, base));
        assert_eq!(parse(&args("echo serve")).unwrap(), Job::EchoServe);
        let line = args("echo load 200 1024 10 127.0.0.1:9 42");
        assert_eq!(
            parse(&line).unwrap(),
            Job::EchoLoad {
                requests: 200,
                message: 1024,
                connections: 10,
                addr: "127.0.0.1:9".parse().expect("an address"),
                pid: 42
            }
        );
        for bad in [
            "tasks joinset 10",
            "tasks joinset-ct 0",
            "http at-once-ct 10",
            "timer ct 5 x",
            "x",
            "echo",
            "echo serve now",
            "echo load 10 1024 1 127.0.0.1:9",
            "echo load 10 0 1 127.0.0.1:9 42",
            "echo load 10 1024 1 192.0.2.1:9 42",
            "echo load 10 1024 11 127.0.0.1:9 42",
            "echo load 10 1024 1 localhost:9 42",
        ] {
            assert!(parse(&args(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let ms: Vec<std::time::Duration> =
            (1..=100).map(std::time::Duration::from_millis).collect();
        assert_eq!(measure::percentile_ms(&ms, 50.0), 50.0);
        assert_eq!(measure::percentile_ms(&ms, 99.0), 99.0);
        assert_eq!(measure::percentile_ms(&ms[..1], 99.0), 1.0);
    }
}
