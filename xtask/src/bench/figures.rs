//! From runs to figures: a run's `key=value` line, and a side's runs of one
//! metric as one figure, their median, with the spread (min–max) beside it.

use std::collections::BTreeMap;

use super::plan::{Better, Metric, Run, SIDES, Side};

/// A spread (max − min) wider than this share of the median is marked in the table.
pub const WIDE: f64 = 0.20;

/// A run's results (`key=value`), or the cell that says why there are none.
pub type Outcome = Result<BTreeMap<String, f64>, Cell>;

/// The median of a side's runs, and their least and greatest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub runs: usize,
}

impl Figure {
    /// `None` when there are no values. An even count takes the mean of the middle two.
    pub fn of(values: &[f64]) -> Option<Self> {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let (&min, &max) = (sorted.first()?, sorted.last()?);
        let middle = sorted.len() / 2;
        let median = if sorted.len() % 2 == 1 {
            sorted[middle]
        } else {
            (sorted[middle - 1] + sorted[middle]) / 2.0
        };
        Some(Self { median, min, max, runs: sorted.len() })
    }

    /// (max − min) over the median: 0.25 is a spread of 25 %.
    pub fn spread(&self) -> f64 {
        if self.median == 0.0 { 0.0 } else { (self.max - self.min) / self.median }
    }

    pub fn wide(&self) -> bool {
        self.spread() > WIDE
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Figure(Figure),
    /// Not run, or not measurable, here: no python3, no aiohttp, no uvloop, no /proc.
    NotRun(String),
    /// Ran and failed: why, in a few words.
    Failed(String),
}

impl Metric {
    /// This metric's cell from a side's runs, in the table's unit. One failed run
    /// fails the cell: a median of the runs that happened to work would hide it.
    pub fn cell(&self, outcomes: &[Outcome]) -> Cell {
        let per_unit = if self.unit == "MB" { 1e6 } else { 1.0 };
        if let Some(failed) = outcomes.iter().find_map(|o| match o {
            Err(Cell::Failed(why)) => Some(why),
            _ => None,
        }) {
            return Cell::Failed(failed.clone());
        }
        let values: Vec<f64> = outcomes
            .iter()
            .filter_map(|o| o.as_ref().ok()?.get(self.key).map(|v| v / per_unit))
            .collect();
        match Figure::of(&values) {
            Some(figure) => Cell::Figure(figure),
            None => match outcomes.iter().find_map(|o| o.as_ref().err()) {
                Some(why) => why.clone(),
                None => Cell::NotRun("not measured".into()),
            },
        }
    }
}

/// One line of the table: a run's metric, each side's cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub run: Run,
    pub metric: Metric,
    /// In the order of [`SIDES`].
    pub cells: [Cell; 3],
}

impl Row {
    /// The table's rows for a run: one per metric, from each side's runs.
    pub fn of(run: &Run, samples: &BTreeMap<super::plan::Key, Vec<Outcome>>) -> Vec<Row> {
        run.metrics()
            .iter()
            .map(|metric| Row {
                run: run.clone(),
                metric: *metric,
                cells: SIDES.map(|side| {
                    metric.cell(samples.get(&run.key(side)).map_or(&[][..], Vec::as_slice))
                }),
            })
            .collect()
    }

    pub fn cell(&self, side: Side) -> &Cell {
        &self.cells[SIDES.iter().position(|s| *s == side).expect("every side has a cell")]
    }

    /// How many times better tokio did than `side`, median to median: faster,
    /// smaller, or more per second.
    pub fn ratio(&self, side: Side) -> Option<f64> {
        let (Cell::Figure(tokio), Cell::Figure(other)) = (self.cell(Side::Tokio), self.cell(side))
        else {
            return None;
        };
        let ratio = match self.metric.better {
            Better::Lower => other.median / tokio.median,
            Better::Higher => tokio.median / other.median,
        };
        ratio.is_finite().then_some(ratio)
    }
}

/// A run's results: its last line of `key=value` pairs, or `not run: <why>`.
pub fn results(stdout: &[String]) -> Outcome {
    let Some(last) = stdout.iter().rev().find(|l| !l.trim().is_empty()) else {
        return Err(Cell::Failed("no results printed".into()));
    };
    if let Some(why) = protocol::lines::parse_not_run(last) {
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

#[cfg(test)]
pub mod tests {
    use super::*;

    pub fn ran(pairs: &[(&str, f64)]) -> Outcome {
        Ok(pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect())
    }

    #[test]
    fn a_figure_is_the_median_with_the_least_and_the_greatest() {
        let figure = Figure::of(&[1.2, 0.9, 1.0]).unwrap();
        assert_eq!(figure, Figure { median: 1.0, min: 0.9, max: 1.2, runs: 3 });
        assert!((figure.spread() - 0.3).abs() < 1e-9);
        assert!(figure.wide());
        assert_eq!(Figure::of(&[4.0, 1.0, 2.0, 3.0]).unwrap().median, 2.5);
        assert_eq!(Figure::of(&[]), None);
        // 20 % exactly is not wider than 20 %.
        assert!(!Figure::of(&[4.0, 5.0, 5.0]).unwrap().wide());
        assert!(Figure::of(&[4.0, 5.0, 5.01]).unwrap().wide());
        assert_eq!(Figure::of(&[0.0, 0.0]).unwrap().spread(), 0.0);
    }

    #[test]
    fn one_failed_run_fails_the_cell_and_not_run_says_why() {
        let wall = Metric::new("wall_s", "wall time", "s", Better::Lower);
        let fine = [ran(&[("wall_s", 1.0)]), ran(&[("wall_s", 3.0)]), ran(&[("wall_s", 2.0)])];
        assert_eq!(
            wall.cell(&fine),
            Cell::Figure(Figure { median: 2.0, min: 1.0, max: 3.0, runs: 3 })
        );
        let one_failed = [fine[0].clone(), Err(Cell::Failed("exit 1: refused".into()))];
        assert_eq!(wall.cell(&one_failed), Cell::Failed("exit 1: refused".into()));
        assert_eq!(
            wall.cell(&[Err(Cell::NotRun("no uvloop".into()))]),
            Cell::NotRun("no uvloop".into())
        );
        assert_eq!(wall.cell(&[ran(&[])]), Cell::NotRun("not measured".into()));
        let rss = Metric::new("peak_rss_bytes", "peak RSS", "MB", Better::Lower);
        let Cell::Figure(mb) = rss.cell(&[ran(&[("peak_rss_bytes", 2e6)])]) else { panic!() };
        assert_eq!(mb.median, 2.0);
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
}
