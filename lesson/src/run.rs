//! The lesson being run: its clock, its scale, its lines and its claim.
//!
//! A lesson never holds a handle to it. The three names a lesson uses ([`say!`],
//! [`secs`], [`claim`]) find it themselves: first the one a test set up on this
//! thread (so tests run in parallel, each with its own clock and lines, and
//! tasks spawned on a `#[tokio::test]` runtime share their test's), then the
//! one the lesson binary set up for the whole process.
//!
//! [`say!`]: crate::say

use std::cell::RefCell;
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use protocol::lines;
use protocol::timeline::{BUSY_AT_LEAST, Busy, Event};
use tokio::time::Instant;

use crate::cores;

/// What a lesson says it will take, on the real clock at the chosen `--scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claim {
    /// What a perfect runtime would take: the longest chain of waits.
    pub ideal: Duration,
    /// What the same work takes without concurrency: the sum of the waits.
    pub one_by_one: Duration,
}

#[derive(Debug)]
pub(crate) struct Run {
    start: Instant,
    scale: f64,
    print: bool,
    lines: Mutex<Vec<String>>,
    claim: Mutex<Option<Claim>>,
    /// For work whose time depends on the machine: the speed-up claimed, and measured.
    speed_up: Mutex<SpeedUp>,
    /// The lesson's own arguments: what [`args`] gives.
    args: Mutex<Vec<String>>,
    /// Every event with its task, kept for a test or a timeline (`None`: not kept).
    events: Option<Mutex<Events>>,
    /// The thread the run began on: the lesson's `main` runs there.
    thread: std::thread::ThreadId,
}

/// The events of a run, and the names given to its tasks and threads, in the
/// order they first printed: "task 1", "task 2", whatever tokio's ids.
#[derive(Debug, Default)]
struct Events {
    list: Vec<Event>,
    names: Vec<(Who, String)>,
    /// The stretches the runtime's thread was busy in one go (see [`Run::watch_busy`]).
    busy: Vec<Busy>,
    /// Events past [`KEPT`], counted and not kept.
    not_kept: u64,
}

/// How many events a run keeps for its timeline and trace: the first 10,000, about
/// a megabyte, however long it runs. A picture of more would be all dashes anyway.
pub(crate) const KEPT: usize = 10_000;

/// When the stdout write under way began, in milliseconds since [`WRITES`]'s
/// origin plus one, or 0 when none is: a write to a full pipe blocks the lesson
/// where no signal can reach it, and the signals' thread looks here.
static WRITING_SINCE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
static WRITES: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

fn now_millis() -> u64 {
    let origin = *WRITES.get_or_init(std::time::Instant::now);
    origin.elapsed().as_millis() as u64 + 1
}

/// Whether a write to stdout has been under way for at least `long`.
pub(crate) fn writing_for(long: Duration) -> bool {
    let since = WRITING_SINCE.load(Ordering::SeqCst);
    since != 0 && now_millis().saturating_sub(since) >= long.as_millis() as u64
}

/// Who printed a line: a tokio task (spawned, or a blocking job) or a plain thread.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Who {
    Task(tokio::task::Id),
    Blocking(tokio::task::Id),
    Thread(std::thread::ThreadId),
}

/// The thread of [`Run::watch_busy`]: stopped, and waited for, when dropped.
pub(crate) struct BusyWatch {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for BusyWatch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

thread_local! {
    static THIS_THREAD: RefCell<Option<Arc<Run>>> = const { RefCell::new(None) };
}
static THIS_PROCESS: Mutex<Option<Arc<Run>>> = Mutex::new(None);
/// How many tests are recording in this process right now.
static RECORDINGS: AtomicUsize = AtomicUsize::new(0);

impl Run {
    /// Make a run starting now (on tokio's clock: call it inside the runtime whose
    /// clock the lesson reads).
    pub(crate) fn new(scale: f64, print: bool) -> Arc<Self> {
        Arc::new(Self {
            start: Instant::now(),
            scale,
            print,
            lines: Mutex::default(),
            claim: Mutex::default(),
            speed_up: Mutex::default(),
            args: Mutex::default(),
            // A test keeps them; a lesson binary only when asked (`--timeline`, `--trace`).
            events: (!print).then(Mutex::default),
            thread: std::thread::current().id(),
        })
    }

    /// A printed run that keeps its events, for `--timeline` and `--trace`.
    pub(crate) fn keeping_events(scale: f64) -> Arc<Self> {
        let mut run = Self::new(scale, true);
        Arc::get_mut(&mut run).expect("just made").events = Some(Mutex::default());
        run
    }

    /// Keep `text`, said at `at`, with who said it.
    fn keep(&self, at: f64, text: String) {
        let Some(events) = &self.events else { return };
        let here = std::thread::current().id();
        let on_main = here == self.thread;
        let one_thread = tokio::runtime::Handle::try_current()
            .is_ok_and(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::CurrentThread);
        let who = match tokio::task::try_id() {
            // On a one-thread runtime, a task off its thread is a `spawn_blocking` job.
            Some(id) if !on_main && one_thread => Some(Who::Blocking(id)),
            Some(id) => Some(Who::Task(id)),
            None if on_main => None,
            None => Some(Who::Thread(here)),
        };
        let mut events = lock(events);
        if events.list.len() >= KEPT {
            events.not_kept += 1;
            return;
        }
        let task = match who {
            None => "main".to_owned(),
            Some(who) => match events.names.iter().find(|(known, _)| *known == who) {
                Some((_, name)) => name.clone(),
                None => {
                    let kind = |w: &Who| std::mem::discriminant(w);
                    let n = 1 + events.names.iter().filter(|(w, _)| kind(w) == kind(&who)).count();
                    let name = match who {
                        Who::Task(_) => format!("task {n}"),
                        Who::Blocking(_) => format!("blocking {n}"),
                        Who::Thread(_) => format!("thread {n}"),
                    };
                    events.names.push((who, name.clone()));
                    name
                }
            },
        };
        events.list.push(Event { at, task, text });
    }

    /// The events kept, in order.
    pub(crate) fn events(&self) -> Vec<Event> {
        self.events.as_ref().map(|events| lock(events).list.clone()).unwrap_or_default()
    }

    /// The busy stretches kept, in order.
    pub(crate) fn busy(&self) -> Vec<Busy> {
        self.events.as_ref().map(|events| lock(events).busy.clone()).unwrap_or_default()
    }

    /// For a run that keeps its events: while the answer lives, a thread reads every
    /// 2 ms how long `runtime`'s one worker has been busy (tokio's
    /// `worker_total_busy_duration`, which grows when the worker parks) and keeps each
    /// growth of at least [`BUSY_AT_LEAST`] as a stretch that ended then: a poll that
    /// held the thread (a blocking call, a CPU loop), which no printed line can show.
    pub(crate) fn watch_busy(
        self: &Arc<Self>,
        runtime: &tokio::runtime::Handle,
    ) -> Option<BusyWatch> {
        self.events.as_ref()?;
        let metrics = runtime.metrics();
        if metrics.num_workers() != 1 {
            return None;
        }
        let (run, stop) = (Arc::clone(self), Arc::new(AtomicBool::new(false)));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("busy-watch".into())
            .spawn(move || {
                let mut before = metrics.worker_total_busy_duration(0);
                while !stopped.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(2));
                    let (now, busy) = (run.elapsed(), metrics.worker_total_busy_duration(0));
                    let grew = busy.saturating_sub(before).as_secs_f64();
                    before = busy;
                    if grew >= BUSY_AT_LEAST {
                        let (from, to) = ((now.as_secs_f64() - grew).max(0.0), now.as_secs_f64());
                        if let Some(events) = &run.events {
                            lock(events).busy.push(Busy { from, to });
                        }
                    }
                }
            })
            .ok()?;
        Some(BusyWatch { stop, thread: Some(thread) })
    }

    /// How many events came after the first [`KEPT`], and were only counted.
    pub(crate) fn events_not_kept(&self) -> u64 {
        self.events.as_ref().map_or(0, |events| lock(events).not_kept)
    }

    /// The lesson's own arguments, for [`args`].
    pub(crate) fn set_args(&self, args: Vec<String>) {
        *lock(&self.args) = args;
    }

    /// The run every thread of this process sees (the lesson binary's).
    pub(crate) fn set_for_process(run: Arc<Self>) {
        *lock(&THIS_PROCESS) = Some(run);
    }

    fn current() -> Arc<Self> {
        if let Some(run) = THIS_THREAD.with(|run| run.borrow().clone()) {
            return run;
        }
        let mut process = lock(&THIS_PROCESS);
        // While tests record, a thread with no recording of its own (a lesson's
        // spawn_blocking job or std::thread, or a test that forgot `test()`) would
        // print past the recording and wait unscaled: say so, rather than pass by
        // mistake. Every test that runs lesson code records (`lesson::test()`).
        assert!(
            process.is_some() || RECORDINGS.load(Ordering::SeqCst) == 0,
            "say!, secs, claim or args on a thread that no test's recording covers (a \
             spawn_blocking job, a std::thread, a runtime the lesson builds, or a test \
             without `lesson::test()`): call it on the lesson's own thread, and pass what \
             it gives to the other"
        );
        // Outside any lesson (a helper called from elsewhere): scale 1, printed.
        process.get_or_insert_with(|| Self::new(1.0, true)).clone()
    }

    pub(crate) fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    pub(crate) fn claimed(&self) -> Option<Claim> {
        *lock(&self.claim)
    }

    fn emit(&self, line: String) {
        // A lesson binary prints its lines and keeps none (a long run must not grow
        // with its output); a test records them instead. The lock keeps the lines of
        // several threads whole and in one order either way.
        let mut lines = lock(&self.lines);
        if self.print {
            WRITING_SINCE.store(now_millis(), Ordering::SeqCst);
            protocol::output::out(format_args!("{line}\n"));
            WRITING_SINCE.store(0, Ordering::SeqCst);
        } else {
            lines.push(line);
        }
    }

    /// The closing line: the claim against what happened.
    pub(crate) fn finish(&self) {
        let SpeedUp { claimed, measured, .. } = *lock(&self.speed_up);
        let claim = match (claimed, self.claimed()) {
            (Some(at_least), _) => Some(lines::Claim::SpeedUp { at_least }),
            (None, Some(Claim { ideal, one_by_one })) => {
                Some(lines::Claim::Time { ideal, one_by_one })
            }
            (None, None) => None,
        };
        self.emit(lines::took_line(self.elapsed(), claim, measured));
    }
}

/// `secs` seconds of lesson time, multiplied by `--scale`.
///
/// In your own program: `Duration::from_secs_f64(secs)`.
pub fn secs(secs: f64) -> Duration {
    // `--scale` is at most 100 and lesson times are small, so this never overflows.
    Duration::from_secs_f64(secs * Run::current().scale)
}

/// Print one event, stamped with the time since the lesson began: `[ 0.250s] 3 done`.
/// Called by [`say!`](crate::say).
#[doc(hidden)]
pub fn say_line(event: fmt::Arguments<'_>) {
    let run = Run::current();
    let stamp = run.elapsed().as_secs_f64();
    let text = event.to_string();
    run.emit(lines::event(stamp, &text));
    run.keep(stamp, text);
}

/// The lesson's own command-line arguments, for a lesson that takes some: what
/// the command line holds besides the lesson's name, `--scale` and `--seed`.
///
/// In your own program: `std::env::args().skip(1)`.
pub fn args() -> std::vec::IntoIter<String> {
    lock(&Run::current().args).clone().into_iter()
}

/// State what the lesson will take, in lesson seconds, before the work starts:
/// the ideal (the longest chain of waits) and one by one (their sum). It prints
///
/// ```text
/// claim: ideal 3.000s, one by one 6.000s
/// claim: ideal 3.000s, one by one 6.000s; at --scale 0.1: ideal 0.300s, one by one 0.600s
/// ```
///
/// and, when the lesson ends, the time it took against it. `cargo xtask run-all`
/// reads the last `ideal` and `one by one` of this line: the real seconds.
///
/// In your own program: delete the line.
pub fn claim(ideal: f64, one_by_one: f64) {
    let run = Run::current();
    let claim = Claim { ideal: secs(ideal), one_by_one: secs(one_by_one) };
    *lock(&run.claim) = Some(claim);
    run.emit(lines::Claim::time_line(
        ideal,
        one_by_one,
        run.scale,
        (claim.ideal, claim.one_by_one),
    ));
}

/// For work whose time depends on the machine (CPU, disk), claim instead how much
/// faster the concurrent pass is than the one-by-one pass, both measured in the run:
/// at least `at_least` times. Prints, before the work starts,
///
/// ```text
/// claim: a speed-up of at least 1.30x, measured in the run
/// ```
///
/// `claim_speedup(None)` claims nothing, for a speed-up that neither this program
/// nor the machine's cores decide (the disk's, say): it is measured and shown only.
///
/// ```text
/// claim: no speed-up claimed; it is measured in the run
/// ```
///
/// In your own program: delete the line.
pub fn claim_speedup(at_least: impl Into<Option<f64>>) {
    let at_least = at_least.into();
    let run = Run::current();
    let mut speed_up = lock(&run.speed_up);
    // From here to the measured speed-up: how many cores the machine gave the run.
    *speed_up =
        SpeedUp { claimed: Some(at_least), since: cores::Sample::now(), ..SpeedUp::default() };
    drop(speed_up);
    run.emit(lines::Claim::speed_up_line(at_least));
}

/// Report the two passes of a [`claim_speedup`] lesson, measured back to back so
/// that load from elsewhere hits both. Prints
///
/// ```text
/// speed-up 1.85x: one by one 1.000s, at once 0.540s; the machine gave this run 1.9 of its 2 cores
/// ```
///
/// which `cargo xtask run-all` holds to the claim. The cores are those the run could
/// have had since the claim: the CPU it used plus the CPU the machine left idle. A
/// speed-up short of its claim fails only where the machine gave the cores to reach
/// it; where it did not, the run is inconclusive. (Where Linux's `/proc` is missing,
/// the cores are not measured, and the clause is left out.)
///
/// In your own program: delete the line.
pub fn speedup(one_by_one: Duration, at_once: Duration) {
    let run = Run::current();
    let factor = one_by_one.as_secs_f64() / at_once.as_secs_f64().max(1e-9);
    let most = std::thread::available_parallelism().map_or(u32::MAX, |n| n.get() as u32);
    let cores = {
        let mut speed_up = lock(&run.speed_up);
        speed_up.measured = Some(factor);
        let now = cores::Sample::now();
        speed_up.since.zip(now).and_then(|(since, now)| since.given_until(&now, most))
    };
    run.emit(lines::SpeedUp { factor, one_by_one, at_once, cores }.line());
}

/// What a [`claim_speedup`] lesson claimed and measured.
#[derive(Debug, Default, Clone, Copy)]
struct SpeedUp {
    /// `Some(None)`: claimed nothing, measured only.
    claimed: Option<Option<f64>>,
    measured: Option<f64>,
    /// The counters when the claim was made, where the machine tells them.
    since: Option<cores::Sample>,
}

/// What a test sees of the lesson it runs: every line printed on this thread
/// (by the lesson and the tasks it spawned), the time, and the claim. The lines
/// are recorded, not printed. Dropping it ends the recording.
#[derive(Debug)]
pub struct Recording {
    run: Arc<Run>,
}

/// Record the lesson about to run on this thread, at scale 1. Make it inside the
/// test's runtime, so that its clock is the paused one:
///
/// ```ignore
/// #[tokio::test(start_paused = true)]
/// async fn takes_the_longest_not_the_sum() {
///     let run = lesson::test();
///     main().await.unwrap();
///     assert_eq!(run.elapsed(), run.claim().ideal);
/// }
/// ```
pub fn test() -> Recording {
    test_scaled(1.0)
}

/// [`test()`] at `--scale scale`, for tests on the real clock (the HTTP lessons
/// talk to a server on another thread, out of the paused clock's reach).
pub fn test_scaled(scale: f64) -> Recording {
    let run = Run::new(scale, false);
    THIS_THREAD.with(|this| *this.borrow_mut() = Some(Arc::clone(&run)));
    RECORDINGS.fetch_add(1, Ordering::SeqCst);
    Recording { run }
}

impl Recording {
    /// Give the lesson these arguments, as its command line would: what [`args`] returns.
    pub fn set_args(&self, args: Vec<String>) {
        self.run.set_args(args);
    }

    /// The events printed so far, with the time (since the recording began) and the
    /// task that printed each: "main", "task 1", "blocking 1", "thread 1".
    pub fn events(&self) -> Vec<Event> {
        self.run.events()
    }

    /// The run so far as a picture `width` columns wide: see [`protocol::timeline::picture`].
    pub fn timeline(&self, width: usize) -> String {
        protocol::timeline::picture(&self.run.events(), &self.run.busy(), width)
    }

    /// Every line printed so far, in order: the claim line and the events.
    pub fn lines(&self) -> Vec<String> {
        lock(&self.run.lines).clone()
    }

    /// Time since the recording began (tokio's clock, so paused in a paused test).
    pub fn elapsed(&self) -> Duration {
        self.run.elapsed()
    }

    /// The claim the lesson stated.
    ///
    /// # Panics
    /// If the lesson stated none: that is what the test is for.
    pub fn claim(&self) -> Claim {
        self.run.claimed().expect("the lesson stated no claim")
    }

    /// The speed-up a [`claim_speedup`] lesson claimed, and the one it measured.
    pub fn speed_up(&self) -> (Option<f64>, Option<f64>) {
        let SpeedUp { claimed, measured, .. } = *lock(&self.run.speed_up);
        (claimed.flatten(), measured)
    }
}

impl Drop for Recording {
    fn drop(&mut self) {
        THIS_THREAD.with(|this| this.borrow_mut().take());
        RECORDINGS.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A poisoned lock only means another thread panicked mid-print; the lines are still good.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn records_what_spawned_tasks_print_with_the_virtual_time() {
        let run = test_scaled(0.5);
        claim(2.0, 3.0);
        tokio::spawn(async {
            tokio::time::sleep(secs(2.0)).await;
            crate::say!("inside a task, {}", 42);
        })
        .await
        .unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 2.000s, one by one 3.000s; at --scale 0.5: ideal 1.000s, one by one 1.500s",
                "[ 1.000s] inside a task, 42",
            ]
        );
        assert_eq!(run.claim(), Claim { ideal: secs(2.0), one_by_one: secs(3.0) });
    }

    #[test]
    fn tests_on_other_threads_record_apart() {
        let record = |word: &'static str| {
            std::thread::spawn(move || {
                let run = test();
                crate::say!("{word}");
                run.lines()
            })
        };
        let (one, two) = (record("one"), record("two"));
        assert_eq!(one.join().unwrap(), ["[ 0.000s] one"]);
        assert_eq!(two.join().unwrap(), ["[ 0.000s] two"]);
    }

    #[test]
    fn a_line_from_a_thread_the_recording_cannot_see_fails_loudly() {
        let run = test();
        // A `std::thread` (or a `spawn_blocking` job) has no recording of its own.
        let escaped = std::thread::spawn(|| crate::say!("from elsewhere")).join();
        assert!(escaped.is_err(), "the line escaped the recording: {:?}", run.lines());
        assert!(run.lines().is_empty());
    }

    #[test]
    fn a_lesson_reads_the_arguments_it_was_given() {
        let run = test();
        run.set_args(vec!["--concurrency".into(), "3".into()]);
        assert_eq!(args().collect::<Vec<_>>(), ["--concurrency", "3"]);
    }

    #[test]
    fn a_run_keeps_its_first_events_and_counts_the_rest() {
        let run = test();
        for i in 0..KEPT + 5 {
            crate::say!("{i}");
        }
        let events = run.events();
        assert_eq!(events.len(), KEPT);
        assert_eq!(events.last().map(|e| e.text.as_str()), Some("9999"));
        assert_eq!(run.run.events_not_kept(), 5);
    }

    #[test]
    fn a_printed_run_keeps_none_of_its_lines() {
        // A lesson binary that prints for hours must not hold what it printed.
        let run = Run::new(1.0, true);
        run.emit("(lesson's own unit test: a printed line is not kept)".to_owned());
        assert!(lock(&run.lines).is_empty());
    }

    #[test]
    fn a_speed_up_is_claimed_and_measured() {
        let run = test();
        claim_speedup(1.3);
        speedup(Duration::from_millis(1000), Duration::from_millis(540));
        assert_eq!(
            run.lines(),
            [
                "claim: a speed-up of at least 1.30x, measured in the run",
                "speed-up 1.85x: one by one 1.000s, at once 0.540s",
            ]
        );
        let (claimed, measured) = run.speed_up();
        assert_eq!(claimed, Some(1.3));
        assert!((measured.unwrap() - 1.0 / 0.54).abs() < 1e-9);
    }

    #[test]
    fn a_speed_up_measured_but_not_claimed() {
        let run = test();
        claim_speedup(None);
        speedup(Duration::from_millis(1000), Duration::from_millis(800));
        run.run.finish();
        let lines = run.lines();
        assert_eq!(
            lines[..2],
            [
                "claim: no speed-up claimed; it is measured in the run",
                "speed-up 1.25x: one by one 1.000s, at once 0.800s",
            ]
        );
        assert!(lines[2].ends_with("· speed-up 1.25x, not claimed"), "{lines:?}");
        assert_eq!(run.speed_up(), (None, Some(1.25)));
    }
}
