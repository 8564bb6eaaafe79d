//! A run against its claim: the one judgement of a lesson's measured time, and of
//! a measured speed-up, for run-all, run and compare alike.

use std::time::Duration;

use protocol::lines::{Claim, SpeedUp};

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
    /// Every verdict, as the front page explains them.
    pub const ALL: [Self; 8] = [
        Self::Pass,
        Self::TooFast,
        Self::TooSlow,
        Self::Failed,
        Self::TimedOut,
        Self::NoClaim,
        Self::NotFaster,
        Self::Inconclusive,
    ];

    pub fn judge(finished: &Finished, limits: &Limits) -> Self {
        let Finished { exit, claim, speed_up, measured, .. } = finished;
        match (exit, claim, speed_up) {
            (Exit::Deadline, ..) => Self::TimedOut,
            (Exit::Code(0), Some(Claim::Time { ideal, .. }), _) => {
                Self::of_time(*measured, *ideal, limits)
            }
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

    /// A time measured against its ideal: under it, the lesson does not do what it
    /// says; over `limits.slowest(ideal)`, something blocks or serialises.
    pub fn of_time(took: Duration, ideal: Duration, limits: &Limits) -> Self {
        if took < ideal {
            Self::TooFast
        } else if took > limits.slowest(ideal) {
            Self::TooSlow
        } else {
            Self::Pass
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
                left_out: 0,
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
}

// Stand-ins for lessons: `sh` scripts that print a claim and then behave well or
// badly, run as processes and judged.
#[cfg(all(test, unix))]
mod stand_ins {
    use std::time::Duration;

    use super::*;
    use crate::runner::tests::{CLAIM_100MS, limits, stand_in};

    fn judged(script: &str, limits: Limits, stop: bool) -> (Finished, Verdict) {
        let finished = stand_in(script, limits, stop);
        let verdict = Verdict::judge(&finished, &limits);
        (finished, verdict)
    }

    #[test]
    fn a_lesson_that_keeps_its_claim_passes() {
        let script = format!("{CLAIM_100MS} sleep 0.1; echo '[ 0.100s] done'");
        let (finished, verdict) = judged(&script, limits(5000, 10_000), false);
        assert_eq!(verdict, Verdict::Pass, "{finished:?}");
        let one_by_one = Duration::from_millis(200);
        assert_eq!(finished.claim, Some(Claim::Time { ideal: one_by_one / 2, one_by_one }));
        assert_eq!(finished.stdout.last().map(String::as_str), Some("[ 0.100s] done"));
    }

    #[test]
    fn a_lesson_that_exits_1_fails_with_its_stderr() {
        let script = format!("{CLAIM_100MS} echo one >&2; echo 'it broke' >&2; exit 1");
        let (finished, verdict) = judged(&script, limits(5000, 10_000), false);
        assert_eq!((verdict, finished.exit.clone()), (Verdict::Failed, Exit::Code(1)));
        assert_eq!(finished.stderr, "one\nit broke\n");
    }

    #[test]
    fn a_lesson_is_held_to_the_speed_up_it_claims() {
        let claim = "echo 'claim: a speed-up of at least 1.30x, measured in the run';";
        let faster = format!("{claim} echo 'speed-up 1.85x: one by one 1.000s, at once 0.540s'");
        assert_eq!(judged(&faster, limits(50, 10_000), false).1, Verdict::Pass);
        let slower = format!("{claim} echo 'speed-up 1.02x: one by one 1.000s, at once 0.980s'");
        assert_eq!(judged(&slower, limits(50, 10_000), false).1, Verdict::NotFaster);
        assert_eq!(judged(claim, limits(50, 10_000), false).1, Verdict::NoClaim);
    }

    #[test]
    fn a_lesson_faster_than_its_sleeps_is_too_fast() {
        let (finished, verdict) = judged("echo 'claim: ideal 5.000s'", limits(5000, 10_000), false);
        assert_eq!(verdict, Verdict::TooFast, "{finished:?}");
    }

    #[test]
    fn a_lesson_slower_than_its_claim_is_too_slow() {
        // Claims 0.1 s, takes at least 0.3 s, allowed 0.1 s + 50 ms.
        let (finished, verdict) =
            judged(&format!("{CLAIM_100MS} exec sleep 0.3"), limits(50, 10_000), false);
        assert_eq!(verdict, Verdict::TooSlow, "{finished:?}");
    }

    #[test]
    fn a_lesson_past_its_deadline_is_killed_and_reported() {
        // Deadline: 0.1 s × 1 + 0.2 s. The sleep would take a minute.
        let (finished, verdict) =
            judged(&format!("{CLAIM_100MS} exec sleep 60"), limits(50, 200), false);
        assert_eq!((verdict, finished.exit.clone()), (Verdict::TimedOut, Exit::Deadline));
        assert!(finished.measured < Duration::from_secs(30), "{finished:?}");
    }
}
