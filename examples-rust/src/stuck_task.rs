//! # stuck-task: a task that waits forever, and a watchdog that finds it
//!
//! Run it: `cargo run -p examples-rust -- stuck-task`
//! Its asyncio twin: `python/stuck_task.py`, run beside it by
//! `cargo xtask compare stuck-task`.
//!
//! The asyncio program: a producer puts two jobs on a queue and ends, forgetting
//! the `None` that would tell the consumer to stop; the consumer waits on
//! `queue.get()` for ever. Its own `asyncio.timeout` of 0.75 s around that `get`
//! says where it waits. A watchdog in main lists `asyncio.all_tasks()` once the
//! producer is done, prints the consumer's stack with `task.print_stack()` (on
//! stderr; `get_stack()` gives the line), gives it 1 s more, then cancels it.
//! (Debug mode, `PYTHONASYNCIODEBUG=1`, warns of a step that holds the loop, as
//! in `tracing`'s twin; a task that waits without end holds nothing.)
//!
//! Here the bug is Rust's own: main keeps the `Sender` it cloned for the producer,
//! so when the producer ends the channel stays open and `recv()` never returns
//! `None`. (The fix: hand the producer `jobs` itself, or `drop(jobs)`.) What tokio
//! offers on stable, all used below: `Handle::current().metrics().num_alive_tasks()`
//! (tasks spawned and not yet ended; stable since tokio 1.39, locked here at 1.54); a
//! `timeout` around the suspect `.await`, whose message names it; a deadline on
//! the handle of the task that should have ended. A span per task (`tracing`'s
//! lesson) says which task logs what. Where each task waits needs a task dump,
//! `Handle::dump()`: `RUSTFLAGS="--cfg tokio_unstable"` and tokio's `taskdump`
//! feature, on Linux (aarch64, x86, x86_64, s390x) only; tokio-console, which
//! shows every task live, needs that flag too (see `tracing`).
//!
//! You will see two jobs consumed at 0.25 and 0.5 s, the producer end at 0.75 s
//! with one task still alive, the consumer say where it waits at 1.25 s, and the
//! watchdog stop it at 1.75 s, when no task is left.

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::runtime::Handle;
use tokio::sync::mpsc;
use tokio::time::{sleep, timeout};

async fn consumer(mut jobs: mpsc::Receiver<String>) {
    say!("consumer: waiting for jobs");
    loop {
        // The suspect await, under a timeout that names it: it warns, and waits on.
        match timeout(secs(0.75), jobs.recv()).await {
            Ok(Some(job)) => say!("consumer: got {job}"),
            Ok(None) => break, // every Sender dropped: no job can come
            Err(_) => say!("consumer: no job for 0.75s at jobs.recv(); still waiting"),
        }
    }
}

async fn producer(jobs: mpsc::Sender<String>) -> Result<()> {
    for n in 1..=2 {
        sleep(secs(0.25)).await;
        jobs.send(format!("job {n}")).await?;
    }
    sleep(secs(0.25)).await;
    say!("producer: done");
    Ok(())
}

pub async fn main() -> Result<()> {
    claim(1.75, 1.75);
    let (jobs, inbox) = mpsc::channel(8);
    let mut consumer = tokio::spawn(consumer(inbox));
    // The bug: the producer gets a clone and main keeps `jobs` to its end, so the
    // channel stays open after the producer ends.
    tokio::spawn(producer(jobs.clone())).await??;

    let metrics = Handle::current().metrics();
    say!("watchdog: producer ended; tasks alive: {}", metrics.num_alive_tasks());
    // A deadline on the consumer's handle (`&mut`: after it, the handle is still ours).
    if timeout(secs(1.0), &mut consumer).await.is_err() {
        say!("watchdog: consumer still running 1s after the producer: stopping it");
        consumer.abort();
    }
    // Ok(()) had it ended (the bug fixed), Err(cancelled) once aborted: gone, either way.
    let _ended_or_aborted = consumer.await;
    say!("watchdog: tasks alive: {}", metrics.num_alive_tasks());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_watchdog_finds_the_consumer_and_stops_it() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 1.750s",
                "[ 0.000s] consumer: waiting for jobs",
                "[ 0.250s] consumer: got job 1",
                "[ 0.500s] consumer: got job 2",
                "[ 0.750s] producer: done",
                "[ 0.750s] watchdog: producer ended; tasks alive: 1",
                "[ 1.250s] consumer: no job for 0.75s at jobs.recv(); still waiting",
                "[ 1.750s] watchdog: consumer still running 1s after the producer: stopping it",
                "[ 1.750s] watchdog: tasks alive: 0",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
