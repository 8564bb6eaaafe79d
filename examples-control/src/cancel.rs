//! # cancel: stop a task, and what dropping does and does not stop
//!
//! Run it: `cargo run -p examples-control -- cancel`
//! Its asyncio twin: `python/cancel.py`, run beside it by
//! `cargo xtask compare cancel`.
//!
//! The asyncio program: a task that would work 10 s, with a `finally` that cleans
//! up; main sleeps 1 s, calls `task.cancel()` and `await task`, which raises
//! `CancelledError`. Then a second task whose reference main lets go of, and a
//! plain coroutine awaited under `asyncio.timeout(1)`.
//!
//! `JoinHandle::abort` is `task.cancel()`, and awaiting the handle gives a
//! `JoinError` whose `is_cancelled()` is true. Where Rust differs: no exception
//! is raised inside the task. It is dropped where it waits, and only its `Drop`
//! guards run: the twin's `except CancelledError` line has no Rust counterpart.
//!
//! Dropping is not cancelling, though, for a task: a `JoinHandle` is only a
//! ticket to the result, and dropping it detaches the task, which the runtime
//! owns and runs on. (asyncio's loop holds a task only weakly: one that nothing
//! else holds can be garbage-collected mid-way, "Task was destroyed but it is
//! pending!", so the twin keeps a reference, as the asyncio docs say to.)
//!
//! A plain future is different: it runs only while something polls it, so
//! dropping it (here, `timeout` does) stops it at its `.await`.
//!
//! You will see task 1 cleaned up and cancelled at 1 s; task 2 finish at 2.5 s
//! though its handle was dropped at 1 s; future 3 dropped at 2 s.

use anyhow::{Result, bail};
use lesson::{claim, say, secs};
use tokio::time::{sleep, timeout};

/// Cleanup that runs however the work ends: `finally`, the Rust way.
struct Cleanup(&'static str);

impl Drop for Cleanup {
    fn drop(&mut self) {
        say!("{}: cleanup", self.0);
    }
}

async fn work(name: &'static str, seconds: f64) {
    let _cleanup = Cleanup(name);
    say!("{name}: started, would take {:?}", secs(seconds));
    sleep(secs(seconds)).await;
    say!("{name}: finished");
}

pub async fn main() -> Result<()> {
    claim(3.0, 3.0);
    let task = tokio::spawn(work("task 1", 10.0));
    sleep(secs(1.0)).await;
    // `task.cancel()`: the task is dropped the next time the runtime looks at it.
    task.abort();
    match task.await {
        Err(err) if err.is_cancelled() => say!("main: task 1 was cancelled"),
        other => bail!("task 1 was not cancelled: {other:?}"),
    }

    // Dropping the handle detaches the task: nobody can await it, but the runtime
    // owns it, and it runs on.
    drop(tokio::spawn(work("task 2", 1.5)));
    say!("main: dropped the handle of task 2");
    // A plain future runs inside main's own task; `timeout` drops it at 1 s.
    if timeout(secs(1.0), work("future 3", 10.0)).await.is_err() {
        say!("main: future 3 was dropped");
    }
    sleep(secs(1.0)).await;
    say!("main: returning");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn abort_cancels_a_dropped_handle_does_not_a_dropped_future_does() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 3.000s",
                "[ 0.000s] task 1: started, would take 10s",
                "[ 1.000s] task 1: cleanup",
                "[ 1.000s] main: task 1 was cancelled",
                "[ 1.000s] main: dropped the handle of task 2",
                "[ 1.000s] future 3: started, would take 10s",
                "[ 1.000s] task 2: started, would take 1.5s",
                "[ 2.000s] future 3: cleanup",
                "[ 2.000s] main: future 3 was dropped",
                "[ 2.500s] task 2: finished",
                "[ 2.500s] task 2: cleanup",
                "[ 3.000s] main: returning",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
