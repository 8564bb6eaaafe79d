//! # to-thread: blocking work on a thread of its own, while the tasks go on
//!
//! Run it: `cargo run -p examples-parallel -- to-thread`
//! Its asyncio twin: `python/to_thread.py`, run beside it by
//! `cargo xtask compare to-thread`.
//!
//! The asyncio program: a ticker task (four ticks, 0.25 s apart) beside
//! `await asyncio.to_thread(blocking_io, 1)`, where `blocking_io` calls `time.sleep(1)`:
//! the loop stays free, so the whole takes 1 s, not 2. Then a second job goes to a
//! thread and its task is cancelled 0.25 s later: `await task` raises `CancelledError`
//! at once, yet the thread cannot be stopped and sleeps on to its end.
//!
//! `tokio::task::spawn_blocking` is `to_thread`: the closure runs on tokio's blocking
//! pool, threads beside the runtime's own, and its `JoinHandle` is awaited like a
//! task's. `abort()` cannot stop it either (it has no `.await` to stop at), and here
//! the difference shows: awaiting the handle does not pretend it was cancelled, it
//! waits for the work to end and returns its result.
//!
//! You will see the ticks go on while job 1 sleeps on its thread, job 1 done at 1.0 s;
//! job 2 cancelled at 1.25 s and done all the same at 2.0 s.

use std::time::Duration;

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::task::spawn_blocking;
use tokio::time::sleep;

/// Blocking work, a plain function: it holds its thread for `seconds`.
fn blocking_io(seconds: Duration) -> Duration {
    std::thread::sleep(seconds);
    seconds
}

async fn ticker() {
    for n in 1..=4 {
        sleep(secs(0.25)).await;
        say!("tick {n}");
    }
}

pub async fn main() -> Result<()> {
    claim(1.0 + 1.0, 1.0 + 1.0 + 1.0);
    let ticks = tokio::spawn(ticker());
    let seconds = secs(1.0);
    // `await asyncio.to_thread(blocking_io, 1)`: the sleep holds a thread of the
    // blocking pool; this thread is free, and the ticker runs meanwhile.
    let slept = spawn_blocking(move || blocking_io(seconds)).await?;
    say!("job 1: slept {slept:?} on its thread");
    ticks.await?;

    // Started, then aborted: on a busy machine its thread could start late, and
    // blocking work aborted before it starts is cancelled, never run.
    let (started, has_started) = tokio::sync::oneshot::channel();
    let job = spawn_blocking(move || {
        let _ = started.send(());
        blocking_io(seconds)
    });
    has_started.await?;
    sleep(secs(0.25)).await;
    // `task.cancel()`. Blocking work that has started cannot be stopped: abort() does
    // nothing to it, and the handle still gives its result once it ends.
    job.abort();
    say!("main: job 2 cancelled");
    let slept = job.await?;
    say!("job 2: slept {slept:?} on its thread");
    say!("main: awaiting job 2 waited for its end and got its result: abort() could not stop it");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // The paused clock stands still while blocking work runs, so this runs on the
    // real clock, at a fifth of the lesson's times.
    #[tokio::test]
    async fn the_ticks_go_on_while_job_1_sleeps_on_its_thread() {
        let run = lesson::test_scaled(0.2);
        main().await.unwrap();
        let events: Vec<String> = run.lines()[1..].iter().map(|l| l[10..].to_owned()).collect();
        // With a direct call instead of spawn_blocking, job 1 would end before tick 1.
        assert_eq!(events[..3], ["tick 1", "tick 2", "tick 3"]);
        let mut together = events[3..5].to_vec();
        together.sort_unstable();
        assert_eq!(together, ["job 1: slept 200ms on its thread", "tick 4"]);
        assert_eq!(
            events[5..],
            [
                "main: job 2 cancelled",
                "job 2: slept 200ms on its thread",
                "main: awaiting job 2 waited for its end and got its result: abort() could not stop it",
            ]
        );
        assert!(run.elapsed() >= run.claim().ideal);
    }
}
