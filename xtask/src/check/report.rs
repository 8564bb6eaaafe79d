//! What run-all decides and prints: the claim a lesson prints, the verdict on
//! its measured time, the table and the JSON records. No processes here.

use std::fmt::Write as _;
use std::time::Duration;

pub use crate::claims::Verdict;
pub use protocol::lines::{Claim, SpeedUp};

use crate::claims::{Held, held_to};
use crate::lessons::Lesson;
use crate::runner::{Exit, Finished, Limits};

/// One lesson's run.
#[derive(Debug, Clone)]
pub struct Row {
    pub krate: String,
    pub lesson: String,
    pub claim: Option<Claim>,
    pub speed_up: Option<SpeedUp>,
    pub measured: Duration,
    pub exit: Exit,
    pub verdict: Verdict,
    /// The last lines of its stderr, kept for a row that did not pass.
    pub stderr_tail: Vec<String>,
    /// Run again, alone, after it was too slow beside the others: this is that run.
    pub again: bool,
}

impl Row {
    pub fn new(lesson: &Lesson, finished: &Finished, limits: &Limits) -> Self {
        let verdict = Verdict::judge(finished, limits);
        let stderr_tail = if verdict.passed() {
            Vec::new()
        } else {
            let lines: Vec<&str> = finished.stderr.lines().collect();
            lines[lines.len().saturating_sub(10)..].iter().map(|l| (*l).to_owned()).collect()
        };
        Self {
            krate: lesson.krate.clone(),
            lesson: lesson.name.clone(),
            claim: finished.claim,
            speed_up: finished.speed_up,
            measured: finished.measured,
            exit: finished.exit.clone(),
            verdict,
            stderr_tail,
            again: false,
        }
    }
}

fn secs(d: Duration) -> String {
    format!("{:.3}s", d.as_secs_f64())
}

pub fn table(rows: &[Row]) -> String {
    let mut out = format!(
        "{:<18} {:<16} {:>9} {:>9} {:>17} {:>11} {:>8}  {}\n",
        "lesson", "crate", "ideal", "measured", "overhead", "one by one", "speed-up", "verdict"
    );
    for row in rows {
        let (ideal, one_by_one, overhead, speed_up) = match (row.claim, row.speed_up) {
            (Some(Claim::Time { ideal, one_by_one }), _) => {
                let over_ms = (row.measured.as_secs_f64() - ideal.as_secs_f64()) * 1000.0;
                let over_pct = if ideal.is_zero() {
                    "-".to_owned()
                } else {
                    format!("{:+.1}%", over_ms / 10.0 / ideal.as_secs_f64())
                };
                // A speed-up only means something where there was concurrency to gain from.
                let speed_up = if one_by_one > ideal {
                    let factor = one_by_one.as_secs_f64() / row.measured.as_secs_f64().max(1e-9);
                    format!("{factor:.2}x")
                } else {
                    "-".to_owned()
                };
                (secs(ideal), secs(one_by_one), format!("{over_ms:+.0} ms {over_pct:>7}"), speed_up)
            }
            // Measured in the run: its one-by-one pass, and how much faster the other was.
            (Some(Claim::SpeedUp { .. }), Some(s)) => {
                ("-".into(), secs(s.one_by_one), "-".into(), format!("{:.2}x", s.factor))
            }
            _ => ("-".into(), "-".into(), "-".into(), "-".into()),
        };
        let verdict = match (&row.exit, row.verdict, row.claim, row.speed_up) {
            (Exit::Code(code), Verdict::Failed, ..) if *code != 0 => {
                format!("FAILED (exit {code})")
            }
            (Exit::Signal, Verdict::Failed, ..) => "FAILED (killed by a signal)".to_owned(),
            // A speed-up's verdict says what the machine gave the run.
            (_, verdict, Some(Claim::SpeedUp { at_least }), Some(s)) => {
                let (held, said) = held_to(&s, at_least);
                match held {
                    Held::Kept => verdict.as_str().to_owned(),
                    Held::NotClaimed => format!("{} (speed-up not claimed)", verdict.as_str()),
                    Held::Inconclusive => said,
                    Held::NotFaster => format!("{}: {said}", verdict.as_str()),
                }
            }
            (_, verdict, ..) => verdict.as_str().to_owned(),
        };
        // Too slow beside the others, this is its run alone.
        let verdict = if row.again { format!("{verdict} (run again, alone)") } else { verdict };
        let _ = writeln!(
            out,
            "{:<18} {:<16} {:>9} {:>9} {:>17} {:>11} {:>8}  {verdict}",
            row.lesson,
            row.krate,
            ideal,
            secs(row.measured),
            overhead,
            one_by_one,
            speed_up
        );
    }
    out
}

/// The table, the stderr of the rows that did not pass, and the totals.
pub fn summary(rows: &[Row], wall: Duration) -> String {
    let mut summary = format!("\n{}", table(rows));
    for row in rows.iter().filter(|r| !r.verdict.passed() && !r.stderr_tail.is_empty()) {
        let _ =
            writeln!(summary, "\n{} ({}), the last lines of its stderr:", row.lesson, row.krate);
        for line in &row.stderr_tail {
            let _ = writeln!(summary, "  | {line}");
        }
    }
    let passed = rows.iter().filter(|r| r.verdict.passed()).count();
    let inconclusive = rows.iter().filter(|r| r.verdict == Verdict::Inconclusive).count();
    let ideals: Duration = rows.iter().filter_map(|r| r.claim?.ideal()).sum();
    let _ = writeln!(
        summary,
        "\nwall {:.3}s for ideals summing to {:.3}s",
        wall.as_secs_f64(),
        ideals.as_secs_f64()
    );
    let inconclusive = match inconclusive {
        0 => String::new(),
        n => format!(" ({n} inconclusive: the machine was busy)"),
    };
    let _ =
        writeln!(summary, "lessons: {passed} passed{inconclusive}, {} failed", rows.len() - passed);
    summary
}

/// One JSON object per lesson, in an array.
pub fn json(rows: &[Row]) -> serde_json::Value {
    let secs = |d: Option<Duration>| d.map(|d| d.as_secs_f64());
    rows.iter()
        .map(|r| {
            serde_json::json!({
                "crate": r.krate,
                "lesson": r.lesson,
                "ideal_s": secs(r.claim.and_then(|c| c.ideal())),
                "one_by_one_s": match r.claim {
                    Some(Claim::Time { one_by_one, .. }) => Some(one_by_one.as_secs_f64()),
                    _ => r.speed_up.map(|s| s.one_by_one.as_secs_f64()),
                },
                "speed_up_claimed": match r.claim { Some(Claim::SpeedUp { at_least }) => at_least, _ => None },
                "speed_up_measured": r.speed_up.map(|s| s.factor),
                "cores_given": r.speed_up.and_then(|s| Some(s.cores?.0)),
                "cores": r.speed_up.and_then(|s| Some(s.cores?.1)),
                "measured_s": r.measured.as_secs_f64(),
                "exit_code": match r.exit { Exit::Code(code) => Some(code), _ => None },
                "verdict": r.verdict.as_str(),
                "run_again_alone": r.again,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn table_and_json_show_ideal_and_measured_side_by_side() {
        let row = Row {
            krate: "examples-tasks".into(),
            lesson: "tasks-in-order".into(),
            claim: Some(Claim::Time { ideal: ms(100), one_by_one: ms(208) }),
            speed_up: None,
            measured: ms(150),
            exit: Exit::Code(0),
            verdict: Verdict::TooSlow,
            stderr_tail: vec![],
            again: false,
        };
        let table = table(std::slice::from_ref(&row));
        let last = table.lines().last().unwrap();
        assert!(last.starts_with("tasks-in-order     examples-tasks"), "{table}");
        for cell in ["0.100s", "0.150s", "+50 ms", "+50.0%", "0.208s", "1.39x", "TOO SLOW"] {
            assert!(last.contains(cell), "{cell} in {last}");
        }
        let json = json(&[row]);
        assert_eq!(json[0]["lesson"], "tasks-in-order");
        assert_eq!(
            (json[0]["ideal_s"].as_f64(), json[0]["measured_s"].as_f64()),
            (Some(0.1), Some(0.15))
        );
        assert_eq!((&json[0]["exit_code"], &json[0]["verdict"]), (&0.into(), &"TOO SLOW".into()));
    }
}
