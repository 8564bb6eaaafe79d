//! What run-all decides and prints: the claim a lesson prints, the verdict on
//! its measured time, the table and the JSON records. No processes here.

use std::fmt::Write as _;
use std::time::Duration;

pub use protocol::lines::{Claim, SpeedUp};

use crate::lessons::Lesson;
use crate::runner::{Exit, Finished, Limits};

/// How a measured speed-up stands against its claim: judged here once, for
/// run-all and compare alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    Kept,
    /// Nothing was claimed: measured and shown only.
    NotClaimed,
    /// Short of the claim, though the machine gave the run the cores to reach it.
    NotFaster,
    /// Short of the claim, on fewer cores than reaching it takes: the machine
    /// was busy, and this run can neither keep nor break the claim.
    Inconclusive,
}

/// The cores a run needs to reach `at_least`: a pass that uses the cores it is
/// given runs at about 80 % of their number or better, so `at_least / 0.8`; or,
/// for a claim no core count reaches (a speed-up from waiting together), all
/// but a tenth of the machine's.
pub fn cores_needed(at_least: f64, of: u32) -> f64 {
    (at_least / 0.8).min(f64::from(of) * 0.9)
}

/// The one judgement of a speed-up against its claim, and a sentence that says it.
/// Where the cores are not measured (not Linux), a speed-up short of its claim
/// is not faster, as it always was.
pub fn held_to(speed_up: &SpeedUp, at_least: Option<f64>) -> (Held, String) {
    let factor = speed_up.factor;
    let Some(at_least) = at_least else {
        return (Held::NotClaimed, format!("{factor:.2}x, not claimed"));
    };
    let on = speed_up
        .cores
        .map_or(String::new(), |(given, of)| format!(", on {given:.1} of {of} cores"));
    match speed_up.cores {
        _ if factor >= at_least => {
            (Held::Kept, format!("{factor:.2}x, claimed at least {at_least:.2}x{on}"))
        }
        Some((given, of)) if given < cores_needed(at_least, of) => (
            Held::Inconclusive,
            format!(
                "inconclusive: {factor:.2}x, but the machine gave this run {given:.1} of its \
                 {of} cores, and {at_least:.2}x needs {:.1}",
                cores_needed(at_least, of)
            ),
        ),
        _ => (Held::NotFaster, format!("{factor:.2}x, not the {at_least:.2}x claimed{on}")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    /// Finished faster than its own sleeps: the lesson does not do what it says.
    TooFast,
    /// Over `ideal × (1 + tolerance) + grace`: something blocks or serialises.
    TooSlow,
    Failed,
    TimedOut,
    /// Exited 0 without reporting a claim (or the speed-up it claimed).
    NoClaim,
    /// Measured a smaller speed-up than it claimed, on the cores to reach it.
    NotFaster,
    /// Measured a smaller speed-up than it claimed, but the machine did not give
    /// it the cores to reach it: not a failure, and said in the table.
    Inconclusive,
}

impl Verdict {
    pub fn judge(finished: &Finished, limits: &Limits) -> Self {
        let Finished { exit, claim, speed_up, measured, .. } = finished;
        match (exit, claim, speed_up) {
            (Exit::Deadline, ..) => Self::TimedOut,
            (Exit::Code(0), Some(Claim::Time { ideal, .. }), _) if measured < ideal => {
                Self::TooFast
            }
            (Exit::Code(0), Some(Claim::Time { ideal, .. }), _)
                if *measured > limits.slowest(*ideal) =>
            {
                Self::TooSlow
            }
            (Exit::Code(0), Some(Claim::Time { .. }), _) => Self::Pass,
            (Exit::Code(0), Some(Claim::SpeedUp { at_least }), Some(s)) => {
                match held_to(s, *at_least).0 {
                    Held::Kept | Held::NotClaimed => Self::Pass,
                    Held::NotFaster => Self::NotFaster,
                    Held::Inconclusive => Self::Inconclusive,
                }
            }
            (Exit::Code(0), ..) => Self::NoClaim,
            _ => Self::Failed,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::TooFast => "TOO FAST",
            Self::TooSlow => "TOO SLOW",
            Self::Failed => "FAILED",
            Self::TimedOut => "TIMED OUT",
            Self::NoClaim => "NO CLAIM",
            Self::NotFaster => "NOT FASTER",
            Self::Inconclusive => "inconclusive",
        }
    }

    /// Whether the run counts as passed: an inconclusive one is no failure.
    pub fn passed(self) -> bool {
        matches!(self, Self::Pass | Self::Inconclusive)
    }
}

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
    fn the_verdict_holds_a_lesson_to_its_claim() {
        let limits = Limits::default();
        let claim = Some(Claim::Time { ideal: ms(1000), one_by_one: ms(2000) });
        let judge = |exit: Exit, claim, measured| {
            let finished = Finished {
                exit,
                measured,
                claim,
                speed_up: None,
                stdout: Vec::new(),
                stderr: String::new(),
                interrupted: false,
            };
            Verdict::judge(&finished, &limits)
        };
        assert_eq!(judge(Exit::Code(0), claim, ms(1000)), Verdict::Pass);
        assert_eq!(judge(Exit::Code(0), claim, ms(1100)), Verdict::Pass); // 1000 × 1.05 + 50
        assert_eq!(judge(Exit::Code(0), claim, ms(1101)), Verdict::TooSlow);
        assert_eq!(judge(Exit::Code(0), claim, ms(999)), Verdict::TooFast);
        assert_eq!(judge(Exit::Code(0), None, ms(10)), Verdict::NoClaim);
        assert_eq!(judge(Exit::Code(1), claim, ms(1000)), Verdict::Failed);
        assert_eq!(judge(Exit::Signal, claim, ms(1000)), Verdict::Failed);
        assert_eq!(judge(Exit::Deadline, claim, ms(8000)), Verdict::TimedOut);
        assert_eq!(limits.deadline(ms(1000)), ms(8000));
    }

    #[test]
    fn a_speed_up_short_of_its_claim_fails_only_where_the_cores_were_there() {
        let measured =
            |factor, cores| SpeedUp { factor, one_by_one: ms(1000), at_once: ms(500), cores };
        let held = |s: SpeedUp, at_least| held_to(&s, at_least).0;
        // Kept, whatever the machine gave.
        assert_eq!(held(measured(1.5, Some((1.0, 2))), Some(1.3)), Held::Kept);
        // The work stayed on one core while another stood idle (jobs run inline on a
        // quiet machine): 1 used + 1 idle = 2 given, short: not faster.
        assert_eq!(held(measured(1.0, Some((1.95, 2))), Some(1.3)), Held::NotFaster);
        // A core busy elsewhere: 1.3x needs 1.6 cores; the run had 1.2.
        assert_eq!(held(measured(1.1, Some((1.2, 2))), Some(1.3)), Held::Inconclusive);
        // A speed-up from waiting together (1,000 answers at once): no core count
        // reaches 50x, so all but a tenth of the machine's (1.8 of 2) will do.
        assert_eq!(held(measured(3.0, Some((1.9, 2))), Some(50.0)), Held::NotFaster);
        assert_eq!(held(measured(3.0, Some((1.5, 2))), Some(50.0)), Held::Inconclusive);
        // No cores measured (not Linux): short is not faster, as it always was.
        assert_eq!(held(measured(1.0, None), Some(1.3)), Held::NotFaster);
        assert_eq!(held(measured(0.3, None), None), Held::NotClaimed);
        let (_, said) = held_to(&measured(1.1, Some((1.2, 2))), Some(1.3));
        assert_eq!(
            said,
            "inconclusive: 1.10x, but the machine gave this run 1.2 of its 2 cores, and 1.30x needs 1.6"
        );
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
