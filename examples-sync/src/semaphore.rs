//! # semaphore: 10 jobs, never more than 3 at once
//!
//! Run it: `cargo run -p examples-sync -- semaphore`
//! Its asyncio twin: `python/semaphore.py`, run beside it by
//! `cargo xtask compare semaphore`.
//!
//! The asyncio program: `sem = asyncio.Semaphore(3)` and 10 tasks that each run
//! a 1 s job inside `async with sem:`, counting the jobs running as they start.
//!
//! `tokio::sync::Semaphore` is the same counter of permits. `acquire_owned()`, on
//! an `Arc<Semaphore>`, gives a permit that holds its own `Arc` of the semaphore,
//! so it can move into a spawned task, which must own what it uses (an `acquire()`
//! permit borrows the semaphore). Main waits for a permit before it spawns each
//! job, so no more than 3 tasks exist at a time.
//! The permit goes back when it is dropped, on every path: the job returns,
//! panics, or its task is aborted. No `async with` is needed to make sure of it.
//!
//! The tasks share the running count, and tasks cannot share a plain integer they
//! change (see `lock`): it is an `AtomicUsize`.
//!
//! You will see jobs start three at a time at 0, 1 and 2 s, job 9 alone at 3 s,
//! never more than 3 running, and the last done at 4 s: 4 s, not 10 s.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Result;
use futures::future::try_join_all;
use lesson::{claim, say, secs};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::sleep;

async fn job(id: u32, running: Arc<AtomicUsize>, permit: OwnedSemaphorePermit) {
    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
    say!("job {id} starts, {now} running");
    sleep(secs(1.0)).await;
    running.fetch_sub(1, Ordering::SeqCst);
    say!("job {id} done");
    // Back to the semaphore, and main's `acquire_owned` goes on.
    drop(permit);
}

pub async fn main() -> Result<()> {
    // 10 jobs of 1 s, 3 at a time: 4 rounds (3, 3, 3, 1).
    claim(4.0, 10.0);
    let semaphore = Arc::new(Semaphore::new(3));
    let running = Arc::new(AtomicUsize::new(0));
    let mut jobs = Vec::new();
    for id in 0..10 {
        // Wait here for one of the 3 permits, then move it into the job's task.
        let permit = Arc::clone(&semaphore).acquire_owned().await?;
        jobs.push(tokio::spawn(job(id, Arc::clone(&running), permit)));
    }
    try_join_all(jobs).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn three_at_a_time_in_four_rounds() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 4.000s, one by one 10.000s",
                "[ 0.000s] job 0 starts, 1 running",
                "[ 0.000s] job 1 starts, 2 running",
                "[ 0.000s] job 2 starts, 3 running",
                "[ 1.000s] job 0 done",
                "[ 1.000s] job 1 done",
                "[ 1.000s] job 2 done",
                "[ 1.000s] job 3 starts, 1 running",
                "[ 1.000s] job 4 starts, 2 running",
                "[ 1.000s] job 5 starts, 3 running",
                "[ 2.000s] job 3 done",
                "[ 2.000s] job 4 done",
                "[ 2.000s] job 5 done",
                "[ 2.000s] job 6 starts, 1 running",
                "[ 2.000s] job 7 starts, 2 running",
                "[ 2.000s] job 8 starts, 3 running",
                "[ 3.000s] job 6 done",
                "[ 3.000s] job 7 done",
                "[ 3.000s] job 8 done",
                "[ 3.000s] job 9 starts, 1 running",
                "[ 4.000s] job 9 done",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
