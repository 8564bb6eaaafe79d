//! What the bench prints: the machine it ran on, one markdown table (each side's
//! median with its spread, tokio's ratio to each Python side), the legend, and the
//! same figures as JSON.

use std::fmt::Write as _;

use super::figures::{Cell, Figure, Row, WIDE};
use super::plan::{SIDES, Side};

/// What the table ran on, said above it (and in the JSON).
#[derive(Debug)]
pub struct Machine {
    pub cpus: usize,
    /// `Python 3.11.7`, with the packages the Python sides need: `aiohttp 3.14.5, no uvloop`.
    pub python: Option<String>,
    pub packages: String,
    pub runs: usize,
    pub load_before: String,
    pub load_after: String,
}

impl Machine {
    pub fn describe(&self) -> String {
        let python = match &self.python {
            Some(version) => format!("{version} ({})", self.packages),
            None => "no python3".into(),
        };
        let runs = match self.runs {
            1 => "each figure from one run".to_owned(),
            n => format!("each figure the median of {n} runs, (min–max) beside it"),
        };
        format!(
            "{} CPUs, {} {}; {python}\n{runs}\n\
             load average (1, 5, 15 min): {} before, {} after\n",
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
pub fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let fields: Vec<&str> = text.split_whitespace().take(3).collect();
    if fields.len() == 3 { fields.join(" ") } else { "not known".into() }
}

pub const LEGEND: &str = "
vs asyncio, vs uvloop: how many times better tokio did, median to median (faster,
smaller, or more per second); below 1, the Python side did better. * marks a
spread (max - min) wider than 20 % of the median: that figure moved between runs.
asyncio: create_task + gather (tasks, spawn), asyncio.sleep in a loop (timer, the
interval row too: asyncio has no interval), aiohttp (http), asyncio streams
(echo); uvloop: the same twin on uvloop's loop. echo: one Rust load generator for
all three servers; CPU time and peak RSS are the server's. Memory and CPU time
from /proc.
";

/// The markdown table, its columns padded so that it reads in a terminal too.
pub fn table(rows: &[Row]) -> String {
    let mut lines = vec![
        ["scenario", "size", "tokio", "asyncio", "uvloop", "vs asyncio", "vs uvloop", "unit"]
            .map(str::to_owned),
    ];
    for row in rows {
        let [tokio, asyncio, uvloop] = row.cells.each_ref().map(cell);
        let ratio = |side| row.ratio(side).map_or("-".into(), times);
        lines.push([
            format!("{}: {}", row.run.title(), row.metric.name),
            grouped(row.run.size as u64),
            tokio,
            asyncio,
            uvloop,
            ratio(Side::Asyncio),
            ratio(Side::Uvloop),
            row.metric.unit.to_owned(),
        ]);
    }
    let columns = lines[0].len();
    let width = |column: usize| lines.iter().map(|l| l[column].chars().count()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns).map(width).collect();
    // Text to the left, numbers to the right.
    let left = |column: usize| column == 0 || column + 1 == columns;
    let mut table = String::new();
    for (i, line) in lines.iter().enumerate() {
        for (column, text) in line.iter().enumerate() {
            let pad = " ".repeat(widths[column] - text.chars().count());
            let padded = if left(column) { format!("{text}{pad}") } else { format!("{pad}{text}") };
            let _ = write!(table, "| {padded} ");
        }
        table += "|\n";
        if i == 0 {
            for (column, width) in widths.iter().enumerate() {
                let colon = if left(column) { "-" } else { ":" };
                let _ = write!(table, "|{}{colon}", "-".repeat(width + 1));
            }
            table += "|\n";
        }
    }
    table
}

/// `1.04 (0.98–1.10)`, `20.9 (18.0–26.0)*` when the spread is wide, `1.04` for one run.
fn cell(cell: &Cell) -> String {
    match cell {
        Cell::Figure(Figure { median, runs: 1, .. }) => number(*median),
        Cell::Figure(figure) => {
            let mark = if figure.wide() { "*" } else { "" };
            format!(
                "{} ({}–{}){mark}",
                number(figure.median),
                number(figure.min),
                number(figure.max)
            )
        }
        Cell::NotRun(why) => why.clone(),
        Cell::Failed(_) => "FAILED".into(),
    }
}

/// A measurement (never negative), to three significant digits or all of a whole
/// number, and never fewer than three decimals: `0.010`, `1.12`, `456`, `1,801,483`.
pub fn number(value: f64) -> String {
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

/// The cells that failed, with why, each once.
pub fn failures(rows: &[Row]) -> String {
    let mut failures = String::new();
    let mut seen = Vec::new();
    for row in rows {
        for (side, cell) in SIDES.iter().zip(&row.cells) {
            let Cell::Failed(why) = cell else { continue };
            let line = format!(
                "  {} {} {}{} ({}): {why}\n",
                row.run.scenario,
                row.run.variant,
                row.run.size,
                row.run
                    .shape
                    .map_or(String::new(), |s| format!(" {} B × {}", s.message, s.connections)),
                side.name()
            );
            if !seen.contains(&line) {
                failures += &line;
                seen.push(line);
            }
        }
    }
    failures
}

pub fn json(machine: &Machine, quick: bool, rows: &[Row]) -> serde_json::Value {
    let side = |cell: &Cell| match cell {
        Cell::Figure(f) => serde_json::json!({
            "median": f.median, "min": f.min, "max": f.max, "runs": f.runs, "wide": f.wide(),
        }),
        Cell::NotRun(why) => serde_json::json!({ "note": why }),
        Cell::Failed(why) => serde_json::json!({ "note": format!("FAILED: {why}") }),
    };
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|row| {
            let mut json = serde_json::json!({
                "scenario": row.run.scenario,
                "variant": row.run.variant,
                "twin": row.run.twin,
                "title": row.run.title(),
                "size": row.run.size,
                "message_bytes": row.run.shape.map(|s| s.message),
                "connections": row.run.shape.map(|s| s.connections),
                "metric": row.metric.key,
                "name": row.metric.name,
                "unit": row.metric.unit,
                "ratio_asyncio": row.ratio(Side::Asyncio),
                "ratio_uvloop": row.ratio(Side::Uvloop),
            });
            for (s, cell) in SIDES.iter().zip(&row.cells) {
                json[s.name()] = side(cell);
            }
            json
        })
        .collect();
    serde_json::json!({
        "machine": {
            "cpus": machine.cpus,
            "os": std::env::consts::OS,
            "arch": std::env::consts::ARCH,
            "python3": machine.python,
            "packages": machine.packages,
            "runs": machine.runs,
            "wide_spread": WIDE,
            "load_average_before": machine.load_before,
            "load_average_after": machine.load_after,
        },
        "quick": quick,
        "rows": rows,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::bench::figures::Outcome;
    use crate::bench::figures::tests::ran;
    use crate::bench::plan::{Key, Run, Shape};

    fn tasks_run() -> Run {
        Run {
            scenario: "tasks",
            variant: "joinset-ct",
            twin: "gather",
            size: 1_000_000,
            shape: None,
        }
    }

    fn samples(run: &Run, sides: [Vec<Outcome>; 3]) -> BTreeMap<Key, Vec<Outcome>> {
        SIDES.iter().zip(sides).map(|(side, outcomes)| (run.key(*side), outcomes)).collect()
    }

    fn cells(line: &str) -> Vec<String> {
        line.split('|').map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned).collect()
    }

    #[test]
    fn the_ratio_is_how_many_times_better_tokio_did_median_to_median() {
        let run = tasks_run();
        let wall = |s: &[f64]| s.iter().map(|v| ran(&[("wall_s", *v)])).collect::<Vec<_>>();
        let rows = Row::of(
            &run,
            &samples(&run, [wall(&[1.0, 1.1, 0.9]), wall(&[25.0]), wall(&[20.0, 18.0, 22.0])]),
        );
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].ratio(Side::Asyncio), Some(25.0));
        assert_eq!(rows[0].ratio(Side::Uvloop), Some(20.0));
        assert_eq!(rows[1].cells[0], Cell::NotRun("not measured".into()));
        assert_eq!(rows[1].ratio(Side::Asyncio), None);
        let rate = Run { scenario: "spawn", ..tasks_run() };
        let per_s = |v: f64| vec![ran(&[("tasks_per_s", v)])];
        let rows = Row::of(&rate, &samples(&rate, [per_s(2e6), per_s(1e5), per_s(2e5)]));
        assert_eq!(
            (rows[0].ratio(Side::Asyncio), rows[0].ratio(Side::Uvloop)),
            (Some(20.0), Some(10.0))
        );
    }

    #[test]
    fn the_table_shows_spreads_marks_wide_ones_and_says_what_was_not_run() {
        let run = tasks_run();
        let tokio = [1.118, 1.0, 1.2].map(|wall| {
            ran(&[("wall_s", wall), ("peak_rss_bytes", 459_448_320.0), ("per_task_bytes", 456.05)])
        });
        let asyncio = [20.0, 21.0, 26.0].map(|wall| ran(&[("wall_s", wall)]));
        let rows = Row::of(
            &run,
            &samples(
                &run,
                [tokio.to_vec(), asyncio.to_vec(), vec![Err(Cell::NotRun("no uvloop".into()))]],
            ),
        );
        let echo = Run {
            scenario: "echo",
            variant: "serve",
            twin: "serve",
            size: 19_500,
            shape: Some(Shape { message: 1024, connections: 100 }),
        };
        let failed = Row::of(
            &echo,
            &samples(
                &echo,
                [
                    vec![Err(Cell::Failed("exit 1: refused".into()))],
                    vec![Err(Cell::NotRun("no python3".into()))],
                    vec![Err(Cell::NotRun("no python3".into()))],
                ],
            ),
        );
        let all = [rows, failed].concat();
        let table = table(&all);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(
            cells(lines[0]),
            ["scenario", "size", "tokio", "asyncio", "uvloop", "vs asyncio", "vs uvloop", "unit"]
        );
        assert!(lines[1].starts_with("|---") && lines[1].contains(":|"), "{}", lines[1]);
        assert_eq!(
            cells(lines[2]),
            [
                "tasks: spawn + JoinSet, one thread: wall time",
                "1,000,000",
                "1.12 (1.00–1.20)",
                "21.0 (20.0–26.0)*",
                "no uvloop",
                "18.8×",
                "-",
                "s"
            ]
        );
        assert_eq!(cells(lines[3])[2], "459 (459–459)");
        assert_eq!(cells(lines[3])[3], "not measured");
        assert_eq!(
            cells(lines[5]),
            [
                "echo: 1 KiB messages, 100 connections: rate",
                "19,500",
                "FAILED",
                "no python3",
                "no python3",
                "-",
                "-",
                "requests/s"
            ]
        );
        assert!(lines.iter().all(|l| l.chars().count() == lines[0].chars().count()), "{table}");
        assert_eq!(failures(&all), "  echo serve 19500 1024 B × 100 (tokio): exit 1: refused\n");
        let one = Row::of(&run, &samples(&run, [vec![ran(&[("wall_s", 1.0)])], vec![], vec![]]));
        assert_eq!(cells(&table_line(&one)), cells_of_one());
    }

    fn table_line(rows: &[Row]) -> String {
        table(rows).lines().nth(2).expect("a row").to_owned()
    }

    fn cells_of_one() -> Vec<String> {
        [
            "tasks: spawn + JoinSet, one thread: wall time",
            "1,000,000",
            "1.00",
            "not measured",
            "not measured",
            "-",
            "-",
            "s",
        ]
        .map(str::to_owned)
        .to_vec()
    }

    #[test]
    fn json_holds_the_figures_of_the_table() {
        let machine = Machine {
            cpus: 2,
            python: None,
            packages: "no aiohttp, no uvloop".into(),
            runs: 3,
            load_before: "0.00 0.00 0.00".into(),
            load_after: "1.00 0.50 0.20".into(),
        };
        let run = tasks_run();
        let tokio =
            [1.0, 1.118, 1.2].map(|w| ran(&[("wall_s", w), ("peak_rss_bytes", 459_448_320.0)]));
        let none = vec![Err(Cell::NotRun("no python3".into()))];
        let rows = Row::of(&run, &samples(&run, [tokio.to_vec(), none.clone(), none]));
        assert!(machine.describe().contains("\neach figure the median of 3 runs, (min–max)"));
        assert!(
            Machine { runs: 1, ..machine_of_one() }.describe().contains("each figure from one run")
        );
        let json = json(&machine, false, &rows);
        assert_eq!(json["machine"]["cpus"], 2);
        assert_eq!(json["machine"]["runs"], 3);
        assert_eq!(json["rows"][0]["tokio"]["median"], 1.118);
        assert_eq!(json["rows"][0]["tokio"]["min"], 1.0);
        assert_eq!(json["rows"][0]["tokio"]["wide"], false);
        assert_eq!(json["rows"][1]["tokio"]["median"], 459.44832);
        assert_eq!(json["rows"][1]["unit"], "MB");
        assert_eq!(json["rows"][0]["asyncio"]["note"], "no python3");
        assert_eq!(json["rows"][0]["ratio_uvloop"], serde_json::Value::Null);
        assert_eq!(json["rows"][2]["tokio"]["note"], "not measured");
    }

    fn machine_of_one() -> Machine {
        Machine {
            cpus: 2,
            python: Some("Python 3.11.7".into()),
            packages: "aiohttp 3.14.5, no uvloop".into(),
            runs: 1,
            load_before: String::new(),
            load_after: String::new(),
        }
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
