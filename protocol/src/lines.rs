//! The lines a lesson prints that `cargo xtask` reads, each written and parsed
//! here, once (the twins' `python/lesson.py` writes the same): an event, the claim,
//! the measured speed-up, the closing `took` line, the seed a lesson drew, and the
//! line of a twin that could not run here.

use std::time::Duration;

/// `[ 0.250s] 3 done`: an event, stamped with the seconds since the run began.
pub fn event(at: f64, text: &str) -> String {
    format!("[{at:6.3}s] {text}")
}

/// An event line's time stamp and text.
pub fn parse_event(line: &str) -> Option<(f64, &str)> {
    let (stamp, event) = line.strip_prefix('[')?.split_once("s] ")?;
    Some((stamp.trim_start().parse().ok()?, event))
}

/// A lesson's claim, as it prints it before it starts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Claim {
    /// `claim: ideal 3.000s, one by one 6.000s`, and when scaled
    /// `claim: ideal 3.000s, one by one 6.000s; at --scale 0.1: ideal 0.300s, one by one 0.600s`.
    /// Parsed, these are the real seconds (the last ones on the line).
    Time { ideal: Duration, one_by_one: Duration },
    /// `claim: a speed-up of at least 1.30x, measured in the run`, or
    /// `claim: no speed-up claimed; it is measured in the run` (`at_least: None`).
    SpeedUp { at_least: Option<f64> },
}

impl Claim {
    /// The claim line of a time claim: `ideal` and `one_by_one` in lesson seconds,
    /// and `real` the same at `scale` (as the lesson waits them).
    pub fn time_line(
        ideal: f64,
        one_by_one: f64,
        scale: f64,
        real: (Duration, Duration),
    ) -> String {
        let both = |ideal: f64, one_by_one: f64| {
            if one_by_one > ideal {
                format!("ideal {ideal:.3}s, one by one {one_by_one:.3}s")
            } else {
                format!("ideal {ideal:.3}s")
            }
        };
        let mut line = format!("claim: {}", both(ideal, one_by_one));
        if scale != 1.0 {
            let real = both(real.0.as_secs_f64(), real.1.as_secs_f64());
            line += &format!("; at --scale {scale}: {real}");
        }
        line
    }

    /// The claim line of a speed-up claim.
    pub fn speed_up_line(at_least: Option<f64>) -> String {
        match at_least {
            Some(at_least) => {
                format!("claim: a speed-up of at least {at_least:.2}x, measured in the run")
            }
            None => "claim: no speed-up claimed; it is measured in the run".to_owned(),
        }
    }

    pub fn parse(line: &str) -> Option<Self> {
        let claim = line.strip_prefix("claim: ")?;
        if let Some(rest) = claim.strip_prefix("a speed-up of at least ") {
            let at_least = rest.split_once("x,")?.0.parse().ok()?;
            return Some(Self::SpeedUp { at_least: Some(at_least) });
        }
        if claim.starts_with("no speed-up claimed") {
            return Some(Self::SpeedUp { at_least: None });
        }
        // The real seconds: the last `ideal` and `one by one`.
        let real = claim.rsplit_once(": ").map_or(claim, |(_, real)| real);
        let (ideal, one_by_one) = match real.split_once(", one by one ") {
            Some((ideal, one_by_one)) => (ideal, Some(one_by_one)),
            None => (real, None),
        };
        let ideal = secs(ideal.strip_prefix("ideal ")?)?;
        let one_by_one = match one_by_one {
            Some(text) => secs(text)?,
            None => ideal,
        };
        Some(Self::Time { ideal, one_by_one })
    }

    /// The ideal of a time claim.
    pub fn ideal(&self) -> Option<Duration> {
        match self {
            Self::Time { ideal, .. } => Some(*ideal),
            Self::SpeedUp { .. } => None,
        }
    }
}

/// What a speed-up lesson measured:
/// `speed-up 1.85x: one by one 1.000s, at once 0.540s; the machine gave this run 1.9 of its 2 cores`
/// (the cores where Linux tells them: what the run used plus what stood idle).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpeedUp {
    pub factor: f64,
    pub one_by_one: Duration,
    pub at_once: Duration,
    /// The cores the machine gave the run, and how many it has for the run.
    pub cores: Option<(f64, u32)>,
}

impl SpeedUp {
    pub fn line(&self) -> String {
        let given = self.cores.map_or(String::new(), |(given, cpus)| {
            format!("; the machine gave this run {given:.1} of its {cpus} cores")
        });
        format!(
            "speed-up {:.2}x: one by one {:.3}s, at once {:.3}s{given}",
            self.factor,
            self.one_by_one.as_secs_f64(),
            self.at_once.as_secs_f64()
        )
    }

    pub fn parse(line: &str) -> Option<Self> {
        let (factor, passes) = line.strip_prefix("speed-up ")?.split_once("x: one by one ")?;
        let (one_by_one, rest) = passes.split_once(", at once ")?;
        let (at_once, cores) = match rest.split_once("; the machine gave this run ") {
            Some((at_once, cores)) => {
                let (given, of) = cores.strip_suffix(" cores")?.split_once(" of its ")?;
                (at_once, Some((given.parse().ok()?, of.parse().ok()?)))
            }
            None => (rest, None),
        };
        let factor = factor.parse().ok()?;
        let (one_by_one, at_once) = (secs(one_by_one)?, secs(at_once)?);
        Some(Self { factor, one_by_one, at_once, cores })
    }
}

/// The closing line: `took 3.004s · ideal 3.000s · one by one 6.000s`, or for a
/// speed-up `took 6.890s · speed-up 1.92x, claimed at least 1.30x`.
pub fn took_line(took: Duration, claim: Option<Claim>, measured: Option<f64>) -> String {
    let took = took.as_secs_f64();
    match claim {
        Some(Claim::SpeedUp { at_least }) => {
            let measured = measured.map_or("not measured".to_owned(), |m| format!("{m:.2}x"));
            let claimed =
                at_least.map_or("not claimed".to_owned(), |c| format!("claimed at least {c:.2}x"));
            format!("took {took:.3}s · speed-up {measured}, {claimed}")
        }
        Some(Claim::Time { ideal, one_by_one }) if one_by_one > ideal => format!(
            "took {took:.3}s · ideal {:.3}s · one by one {:.3}s",
            ideal.as_secs_f64(),
            one_by_one.as_secs_f64()
        ),
        Some(Claim::Time { ideal, .. }) => {
            format!("took {took:.3}s · ideal {:.3}s", ideal.as_secs_f64())
        }
        None => format!("took {took:.3}s"),
    }
}

/// The time a `took` line says.
pub fn parse_took(line: &str) -> Option<Duration> {
    secs(line.strip_prefix("took ")?.split(' ').next()?)
}

/// The seed a lesson drew and the delays it made of it, from its event
/// `seed 7: delays [1, 2, 1, 3]` (a lesson prints it with `say!`, its copy with
/// `println!`, so with or without the time stamp): `("7", "1,2,1,3")`.
pub fn parse_seed(line: &str) -> Option<(&str, String)> {
    let text = parse_event(line).map_or(line, |(_, text)| text);
    let (seed, delays) = text.strip_prefix("seed ")?.split_once(": delays [")?;
    Some((seed, delays.trim_end_matches(']').replace(", ", ",")))
}

/// `1.500s` as a duration.
fn secs(text: &str) -> Option<Duration> {
    Duration::try_from_secs_f64(text.strip_suffix('s')?.parse().ok()?).ok()
}

/// `not run: aiohttp is not installed ...`: a twin that cannot run on this machine
/// (a module it needs is missing) says so instead of running: not a failure.
pub fn not_run_line(why: &str) -> String {
    format!("not run: {why}")
}

/// Why a twin did not run, from its `not run:` line.
pub fn parse_not_run(line: &str) -> Option<&str> {
    line.strip_prefix("not run: ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn each_line_reads_back_as_it_was_written() {
        let real = (ms(300), ms(600));
        let line = Claim::time_line(3.0, 6.0, 0.1, real);
        assert_eq!(
            line,
            "claim: ideal 3.000s, one by one 6.000s; at --scale 0.1: ideal 0.300s, one by one 0.600s"
        );
        assert_eq!(Claim::parse(&line), Some(Claim::Time { ideal: ms(300), one_by_one: ms(600) }));
        assert_eq!(
            Claim::parse(&Claim::time_line(1.0, 1.0, 1.0, (ms(1000), ms(1000)))),
            Some(Claim::Time { ideal: ms(1000), one_by_one: ms(1000) })
        );
        for at_least in [Some(1.3), None] {
            assert_eq!(
                Claim::parse(&Claim::speed_up_line(at_least)),
                Some(Claim::SpeedUp { at_least })
            );
        }
        let speed_up =
            SpeedUp { factor: 1.85, one_by_one: ms(1000), at_once: ms(540), cores: Some((1.9, 2)) };
        assert_eq!(SpeedUp::parse(&speed_up.line()), Some(speed_up));
        let none = SpeedUp { cores: None, ..speed_up };
        assert_eq!(SpeedUp::parse(&none.line()), Some(none));
        let claim = Claim::Time { ideal: ms(3000), one_by_one: ms(6000) };
        let took = took_line(ms(3004), Some(claim), None);
        assert_eq!(took, "took 3.004s · ideal 3.000s · one by one 6.000s");
        assert_eq!(parse_took(&took), Some(ms(3004)));
        assert_eq!(parse_event(&event(0.25, "3 done")), Some((0.25, "3 done")));
        assert_eq!(parse_seed("[ 0.000s] seed 7: delays [1, 2]"), Some(("7", "1,2".to_owned())));
        assert_eq!(parse_seed("seed 7: delays [1, 2]"), Some(("7", "1,2".to_owned())));
    }

    #[test]
    fn what_is_not_a_line_of_its_kind_is_none() {
        for bad in [
            "",
            "[ 0.000s] claim: ideal 1.000s",
            "claim: ideal xs",
            "claim: ideal -1.000s",
            "claim: one by one 1s",
        ] {
            assert_eq!(Claim::parse(bad), None, "{bad}");
        }
        assert_eq!(parse_event("claim: ideal 1.000s"), None);
        assert_eq!(parse_event("took 1.000s"), None);
        assert_eq!(parse_event("[12.000s] a [b] c"), Some((12.0, "a [b] c")));
    }

    #[test]
    fn a_twin_that_did_not_run_says_why() {
        let line = not_run_line("aiohttp is not installed");
        assert_eq!(parse_not_run(&line), Some("aiohttp is not installed"));
        assert_eq!(parse_not_run("[ 0.000s] not run: an event"), None);
    }
}
