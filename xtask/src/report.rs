//! What run-all decides and prints: the claim a lesson reports, the verdict on
//! its measured time, the table and the JSON records. No processes here.

use std::fmt::Write as _;
use std::time::Duration;

/// A lesson's claim, as it writes it with `--report FILE`:
/// `lesson=NAME ideal=SECS one_by_one=SECS`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Claim {
    pub ideal: Duration,
    pub one_by_one: Duration,
}

/// The claim in a report file's text: the last line that has one.
pub fn parse_claim(report: &str) -> Option<Claim> {
    report.lines().rev().find_map(|line| {
        let field = |key: &str| {
            let secs: f64 = line
                .split_whitespace()
                .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))?
                .parse()
                .ok()?;
            Duration::try_from_secs_f64(secs).ok()
        };
        Some(Claim { ideal: field("ideal")?, one_by_one: field("one_by_one")? })
    })
}

/// How close to its ideal a lesson must finish: at most `ideal × (1 + tolerance) + grace`.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub tolerance: f64,
    pub grace: Duration,
    /// A lesson still running after `ideal × deadline_factor + deadline_extra` is killed.
    pub deadline_factor: f64,
    pub deadline_extra: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            tolerance: 0.05,
            grace: Duration::from_millis(50),
            deadline_factor: 3.0,
            deadline_extra: Duration::from_secs(5),
        }
    }
}

impl Limits {
    pub fn slowest(&self, ideal: Duration) -> Duration {
        ideal.mul_f64(1.0 + self.tolerance) + self.grace
    }

    pub fn deadline(&self, ideal: Duration) -> Duration {
        ideal.mul_f64(self.deadline_factor) + self.deadline_extra
    }
}

/// How a lesson's process ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Exit {
    Code(i32),
    /// Killed by a signal (or by us, at Ctrl-C).
    Signal,
    /// Killed by us, past its deadline.
    Deadline,
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
    /// Exited 0 without reporting a claim.
    NoClaim,
}

impl Verdict {
    pub fn judge(exit: &Exit, claim: Option<Claim>, measured: Duration, limits: &Limits) -> Self {
        match (exit, claim) {
            (Exit::Deadline, _) => Self::TimedOut,
            (Exit::Code(0), None) => Self::NoClaim,
            (Exit::Code(0), Some(claim)) if measured < claim.ideal => Self::TooFast,
            (Exit::Code(0), Some(claim)) if measured > limits.slowest(claim.ideal) => Self::TooSlow,
            (Exit::Code(0), Some(_)) => Self::Pass,
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
        }
    }
}

/// One lesson's run.
#[derive(Debug, Clone)]
pub struct Row {
    pub krate: String,
    pub lesson: String,
    pub claim: Option<Claim>,
    pub measured: Duration,
    pub exit: Exit,
    pub verdict: Verdict,
    /// The last lines of its stderr, kept for a row that did not pass.
    pub stderr_tail: Vec<String>,
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
        let (ideal, one_by_one, overhead, speed_up) = match row.claim {
            Some(c) => {
                let over_ms = (row.measured.as_secs_f64() - c.ideal.as_secs_f64()) * 1000.0;
                let over_pct = if c.ideal.is_zero() {
                    "-".to_owned()
                } else {
                    format!("{:+.1}%", over_ms / 10.0 / c.ideal.as_secs_f64())
                };
                // A speed-up only means something where there was concurrency to gain from.
                let speed_up = if c.one_by_one > c.ideal {
                    format!(
                        "{:.2}x",
                        c.one_by_one.as_secs_f64() / row.measured.as_secs_f64().max(1e-9)
                    )
                } else {
                    "-".to_owned()
                };
                (
                    secs(c.ideal),
                    secs(c.one_by_one),
                    format!("{over_ms:+.0} ms {over_pct:>7}"),
                    speed_up,
                )
            }
            None => ("-".into(), "-".into(), "-".into(), "-".into()),
        };
        let verdict = match (&row.exit, row.verdict) {
            (Exit::Code(code), Verdict::Failed) => format!("FAILED (exit {code})"),
            (Exit::Signal, Verdict::Failed) => "FAILED (killed by a signal)".to_owned(),
            (_, verdict) => verdict.as_str().to_owned(),
        };
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

/// One JSON object per lesson, in an array.
pub fn json(rows: &[Row]) -> String {
    let num =
        |d: Option<Duration>| d.map_or("null".to_owned(), |d| format!("{:.6}", d.as_secs_f64()));
    let records: Vec<String> = rows
        .iter()
        .map(|r| {
            let code = match r.exit { Exit::Code(code) => code.to_string(), _ => "null".to_owned() };
            format!(
                r#"  {{"crate": {}, "lesson": {}, "ideal_s": {}, "one_by_one_s": {}, "measured_s": {}, "exit_code": {code}, "verdict": {}}}"#,
                quote(&r.krate), quote(&r.lesson), num(r.claim.map(|c| c.ideal)), num(r.claim.map(|c| c.one_by_one)),
                num(Some(r.measured)), quote(r.verdict.as_str())
            )
        })
        .collect();
    format!("[\n{}\n]\n", records.join(",\n"))
}

fn quote(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn reads_the_last_claim_in_a_report() {
        let claim = parse_claim(
            "lesson=a ideal=9 one_by_one=9\nlesson=gather ideal=3.000000 one_by_one=6.000000\n",
        );
        assert_eq!(claim, Some(Claim { ideal: ms(3000), one_by_one: ms(6000) }));
        assert_eq!(parse_claim(""), None);
        assert_eq!(parse_claim("lesson=a ideal=x one_by_one=1"), None);
        assert_eq!(parse_claim("lesson=a ideal=-1 one_by_one=1"), None);
        assert_eq!(parse_claim("lesson=a one_by_one=1"), None);
    }

    #[test]
    fn the_verdict_holds_a_lesson_to_its_claim() {
        let limits = Limits::default();
        let claim = Some(Claim { ideal: ms(1000), one_by_one: ms(2000) });
        let judge = |exit: Exit, claim, measured| Verdict::judge(&exit, claim, measured, &limits);
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
    fn table_and_json_show_ideal_and_measured_side_by_side() {
        let row = Row {
            krate: "examples-tasks".into(),
            lesson: "tasks-in-order".into(),
            claim: Some(Claim { ideal: ms(100), one_by_one: ms(208) }),
            measured: ms(150),
            exit: Exit::Code(0),
            verdict: Verdict::TooSlow,
            stderr_tail: vec![],
        };
        let table = table(std::slice::from_ref(&row));
        let last = table.lines().last().unwrap();
        assert!(last.starts_with("tasks-in-order     examples-tasks"), "{table}");
        for cell in ["0.100s", "0.150s", "+50 ms", "+50.0%", "0.208s", "1.39x", "TOO SLOW"] {
            assert!(last.contains(cell), "{cell} in {last}");
        }
        let json = json(&[row]);
        assert!(json.contains(r#""lesson": "tasks-in-order", "ideal_s": 0.100000"#), "{json}");
        assert!(
            json.contains(r#""measured_s": 0.150000, "exit_code": 0, "verdict": "TOO SLOW"}"#),
            "{json}"
        );
        assert_eq!(quote("a\"b\\c\n"), r#""a\"b\\c\u000a""#);
    }
}
