//! The handle every lesson gets: its clock, its scale and seed, and its output.

use std::fmt::{self, Display};
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rand::SeedableRng;
use rand::rngs::StdRng;
use tokio::time::Instant;

/// What a lesson says it will take, on the real clock at the chosen `--scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claim {
    /// What a perfect runtime would take: the longest chain of waits.
    pub ideal: Duration,
    /// What the same work takes without concurrency: the sum of the waits.
    pub one_by_one: Duration,
}

/// A lesson's clock and output. Cloning it is cheap (an `Arc`), so a spawned
/// task can own its own handle, as `tokio::spawn` requires (`Send + 'static`).
pub struct Ctx<A = ()> {
    inner: Arc<Inner<A>>,
}

struct Inner<A> {
    lesson: &'static str,
    start: Instant,
    scale: f64,
    seed: u64,
    args: A,
    print: bool,
    report: Option<PathBuf>,
    lines: Mutex<Vec<String>>,
    claim: Mutex<Option<Claim>>,
}

/// How a `Ctx` is made: by the command line, or by a test.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) scale: f64,
    pub(crate) seed: u64,
    pub(crate) report: Option<PathBuf>,
    pub(crate) print: bool,
}

impl<A> Clone for Ctx<A> {
    fn clone(&self) -> Self {
        Self { inner: Arc::clone(&self.inner) }
    }
}

impl<A: fmt::Debug> fmt::Debug for Ctx<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ctx")
            .field("lesson", &self.inner.lesson)
            .field("scale", &self.inner.scale)
            .field("seed", &self.inner.seed)
            .field("args", &self.inner.args)
            .finish_non_exhaustive()
    }
}

impl Ctx<()> {
    /// A quiet context for tests: scale 1, seed 0, lines recorded, not printed.
    /// Make it inside the test's runtime so its clock is the paused one.
    pub fn test() -> Self {
        Self::test_with((), 0)
    }
}

impl<A> Ctx<A> {
    /// A quiet test context with the lesson's own arguments and a fixed seed.
    pub fn test_with(args: A, seed: u64) -> Self {
        let settings = Settings { scale: 1.0, seed, report: None, print: false };
        Self::new("test", settings, args)
    }

    /// A quiet test context at `--scale scale`, for tests that must run on the
    /// real clock (the HTTP lessons talk to a server on another thread).
    pub fn test_scaled(args: A, scale: f64) -> Self {
        let settings = Settings { scale, seed: 0, report: None, print: false };
        Self::new("test", settings, args)
    }

    pub(crate) fn new(lesson: &'static str, settings: Settings, args: A) -> Self {
        Self {
            inner: Arc::new(Inner {
                lesson,
                start: Instant::now(),
                scale: settings.scale,
                seed: settings.seed,
                args,
                print: settings.print,
                report: settings.report,
                lines: Mutex::default(),
                claim: Mutex::default(),
            }),
        }
    }

    /// The lesson's own command-line arguments (`()` for most crates).
    pub fn args(&self) -> &A {
        &self.inner.args
    }

    /// `secs` seconds of lesson time, multiplied by `--scale`.
    pub fn secs(&self, secs: f64) -> Duration {
        Duration::from_secs_f64(secs * self.inner.scale)
    }

    /// Time since the lesson began (tokio's clock, so paused in tests).
    pub fn elapsed(&self) -> Duration {
        self.inner.start.elapsed()
    }

    /// Print an event, stamped with the time since the lesson began: `[ 0.250s] 3 done`.
    pub fn say(&self, event: impl Display) {
        self.emit(format!("[{:6.3}s] {event}", self.elapsed().as_secs_f64()));
    }

    /// Print a line that is not an event (a result, an explanation): no timestamp.
    pub fn note(&self, text: impl Display) {
        self.emit(text.to_string());
    }

    /// State the claim, in lesson seconds, before the work starts. It is printed
    /// against what happened when the lesson ends, and written to `--report`.
    pub fn claim(&self, ideal: f64, one_by_one: f64) {
        let claim = Claim { ideal: self.secs(ideal), one_by_one: self.secs(one_by_one) };
        *lock(&self.inner.claim) = Some(claim);
        if let Some(path) = &self.inner.report {
            let line = format!(
                "lesson={} ideal={:.6} one_by_one={:.6}\n",
                self.inner.lesson,
                claim.ideal.as_secs_f64(),
                claim.one_by_one.as_secs_f64()
            );
            let written = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .and_then(|mut file| file.write_all(line.as_bytes()));
            if let Err(err) = written {
                eprintln!("warning: could not write the report to {}: {err}", path.display());
            }
        }
    }

    /// A random number generator seeded from `--seed` (or a seed drawn for this
    /// run), announced so that any run can be replayed.
    pub fn rng(&self) -> StdRng {
        let seed = self.inner.seed;
        self.note(format!("seed {seed} (--seed {seed} replays this run)"));
        StdRng::seed_from_u64(seed)
    }

    /// Every line printed so far, in order.
    pub fn lines(&self) -> Vec<String> {
        lock(&self.inner.lines).clone()
    }

    /// The claim the lesson stated, if any.
    pub fn claimed(&self) -> Option<Claim> {
        *lock(&self.inner.claim)
    }

    /// The closing line: the claim against what happened.
    pub(crate) fn finish(&self) {
        let took = self.elapsed().as_secs_f64();
        let line = match self.claimed() {
            Some(Claim { ideal, one_by_one }) if one_by_one > ideal => format!(
                "took {took:.3}s · ideal {:.3}s · one by one {:.3}s",
                ideal.as_secs_f64(),
                one_by_one.as_secs_f64()
            ),
            Some(Claim { ideal, .. }) => {
                format!("took {took:.3}s · ideal {:.3}s", ideal.as_secs_f64())
            }
            None => format!("took {took:.3}s"),
        };
        self.note(line);
    }

    fn emit(&self, line: String) {
        // Printing under the lock keeps the printed order and the recorded order the same.
        let mut lines = lock(&self.inner.lines);
        if self.inner.print {
            crate::out(format_args!("{line}\n"));
        }
        lines.push(line);
    }
}

/// A poisoned lock only means another thread panicked mid-print; the lines are still good.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
