//! # tracing: what each task is doing, and which one blocks
//!
//! Run it: `cargo run -p examples-rust -- tracing`
//! Its asyncio twin: `python/tracing.py`, run beside it by
//! `cargo xtask compare tracing`.
//!
//! The asyncio program: two jobs as tasks named `job{id=1}` and `job{id=2}`, whose
//! `logging` lines carry the task's name (a filter adds it; Python 3.12 has
//! `%(taskName)s`). Job 2 has a slow step: 0.15 s of blocking work with no
//! `await`. In debug mode (`PYTHONASYNCIODEBUG=1`, or `loop.set_debug(True)` as
//! the twin does) the loop logs a warning for any step that holds it longer than
//! `slow_callback_duration` (0.1 s): "Executing <Task ... name='job{id=2}' ...>
//! took 0.150 seconds".
//!
//! With `tracing`, a span says what a task is working on: `.instrument(span)`
//! enters it each time the task is polled and leaves it at each `.await`, so the
//! lines of interleaved tasks each carry their own task's span, `job{id=1}: ..`.
//! (`let _g = span.enter()` held across an `.await` would lend it to whatever the
//! thread polls next: use `.instrument`.) `tracing-subscriber` prints them; with
//! `FmtSpan::CLOSE` it also prints, as a span closes, how long it was busy (being
//! polled) and idle: a blocking step shows as busy time. tokio has no slow-poll
//! warning: a span's busy time, or tokio-console, says which task holds the
//! thread. tokio-console shows every task live, its polls and wakes, its busy and
//! idle time; it needs the `console-subscriber` crate, tokio's `tracing`
//! feature and `RUSTFLAGS="--cfg tokio_unstable"` (tokio's instrumentation is
//! behind that flag).
//!
//! You will see both jobs start at 0 s, job 2's slow step at 0.25 s, job 1 done at
//! 0.5 s, job 2 at 1.0 s, each span's close with its times: job 2 busy 150 ms or
//! more, job 1 well under a millisecond. (asyncio warns of the slow step instead.)

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::time::{Instant, sleep, sleep_until};
use tracing::{Instrument as _, info, info_span};
use tracing_subscriber::fmt::format::FmtSpan;

async fn job(work: f64, slow: bool) {
    let end = Instant::now() + secs(work);
    info!("started");
    if slow {
        sleep(secs(0.25)).await;
        info!("a slow step, {:?} without an .await", secs(0.15));
        // Blocking, on purpose: the thread is held, and this span's busy time grows.
        std::thread::sleep(secs(0.15));
    }
    sleep_until(end).await;
    info!("done");
}

/// Where the subscriber writes: each line as the lesson prints its own (in your own
/// program, stdout: `.with_writer(std::io::stdout)`, the default).
struct Say;

impl std::io::Write for Say {
    fn write(&mut self, line: &[u8]) -> std::io::Result<usize> {
        say!("{}", String::from_utf8_lossy(line).trim());
        Ok(line.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub async fn main() -> Result<()> {
    claim(1.0, 1.5);
    let subscriber = tracing_subscriber::fmt()
        .with_writer(|| Say)
        .with_timer(()) // no time of its own: the lesson's lines carry one
        .with_level(false)
        .with_target(false)
        .with_span_events(FmtSpan::CLOSE)
        .finish();
    // For this thread, while `_subscriber` lives (each test has its own); in your own
    // program, `tracing_subscriber::fmt().init()` once, for every thread.
    let _subscriber = tracing::subscriber::set_default(subscriber);
    let jobs = [(1, 0.5, false), (2, 1.0, true)]
        .map(|(id, work, slow)| tokio::spawn(job(work, slow).instrument(info_span!("job", id))));
    for job in jobs {
        job.await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The busy time a close line reports, in seconds: `time.busy=150ms`, `78.4µs`.
    fn busy(line: &str) -> f64 {
        let value = line.split("time.busy=").nth(1).and_then(|rest| rest.split(' ').next());
        let value = value.expect("a close line");
        let (number, unit) = value.split_at(value.find(char::is_alphabetic).expect("a unit"));
        let unit = match unit {
            "s" => 1.0,
            "ms" => 1e-3,
            "µs" => 1e-6,
            "ns" => 1e-9,
            _ => panic!("unit {unit}"),
        };
        number.parse::<f64>().expect("a number") * unit
    }

    #[tokio::test(start_paused = true)]
    async fn each_line_carries_its_tasks_span_and_the_blocking_one_is_busy() {
        let run = lesson::test();
        main().await.unwrap();
        let lines = run.lines();
        // The times in the close lines are measured on the real clock: apart.
        let shown: Vec<&str> =
            lines.iter().map(|l| l.split(" time.busy").next().unwrap()).collect();
        assert_eq!(
            shown,
            [
                "claim: ideal 1.000s, one by one 1.500s",
                "[ 0.000s] job{id=1}: started",
                "[ 0.000s] job{id=2}: started",
                "[ 0.250s] job{id=2}: a slow step, 150ms without an .await",
                "[ 0.500s] job{id=1}: done",
                "[ 0.500s] job{id=1}: close",
                "[ 1.000s] job{id=2}: done",
                "[ 1.000s] job{id=2}: close",
            ]
        );
        // Job 2 held the thread for 0.15 s (shown as `150ms`, to whole milliseconds).
        assert!(busy(&lines[7]) >= 0.149, "{lines:#?}");
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
