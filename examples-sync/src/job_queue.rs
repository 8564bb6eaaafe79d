//! # job-queue: 3 workers share one queue of 12 jobs
//!
//! Run it: `cargo run -p examples-sync -- job-queue`
//! Its asyncio twin: `python/job_queue.py`, run beside it by
//! `cargo xtask compare job-queue`.
//!
//! The asyncio program: an `asyncio.Queue` holding 12 jobs of 0.5 s and three
//! workers that loop on `await queue.get()`, do the job and call
//! `queue.task_done()`; main awaits `queue.join()`, then cancels the workers.
//!
//! tokio's `mpsc` channel has many senders but one receiver (`recv` takes `&mut
//! self`). Three workers share it behind an `Arc<tokio::sync::Mutex<..>>`: a
//! worker locks it, awaits `recv()`, and lets go before it does the job. It is
//! tokio's `Mutex` because the guard lives across `recv().await`; it is fair, so
//! idle workers take their turns in order.
//!
//! Where asyncio differs: how "all jobs are done" is written. Before Python 3.13
//! (`Queue.shutdown()`) an asyncio queue cannot be closed: `join()` counts
//! `task_done()` calls, and the workers, still waiting in `get()`, must be
//! cancelled. Dropping the last `Sender` closes a channel: `recv()` returns
//! `None` once it is empty, each worker's loop ends, and awaiting the workers is
//! the `join()`. No `task_done()`, no cancellation.
//!
//! You will see three jobs done every 0.5 s, all 12 by 2 s (6 s one by one), and
//! each worker returning on its own, where asyncio's are cancelled.

use std::sync::Arc;

use anyhow::Result;
use futures::future::try_join_all;
use lesson::{claim, say, secs};
use tokio::sync::{Mutex, mpsc};
use tokio::time::sleep;

async fn worker(id: u32, queue: Arc<Mutex<mpsc::UnboundedReceiver<u32>>>) {
    say!("worker {id} starts");
    loop {
        // The guard is dropped at the end of this statement: no lock held during the job.
        let next = queue.lock().await.recv().await;
        let Some(job) = next else { break };
        sleep(secs(0.5)).await;
        say!("worker {id}: job {job} done");
    }
    say!("end of worker {id}: the queue is closed and empty, it returns");
}

pub async fn main() -> Result<()> {
    claim(2.0, 12.0 * 0.5);
    let (jobs, queue) = mpsc::unbounded_channel();
    for job in 0..12 {
        jobs.send(job)?;
    }
    // No more jobs: once the 12 are taken, `recv()` returns `None`.
    drop(jobs);
    say!("main: 12 jobs queued for 3 workers");
    let queue = Arc::new(Mutex::new(queue));
    let workers = (1..=3).map(|id| tokio::spawn(worker(id, Arc::clone(&queue))));
    // `await queue.join()`: every job is done once every worker has returned.
    try_join_all(workers).await?;
    say!("main: all 12 jobs done");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn three_workers_do_12_jobs_in_2_seconds() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 2.000s, one by one 6.000s",
                "[ 0.000s] main: 12 jobs queued for 3 workers",
                "[ 0.000s] worker 1 starts",
                "[ 0.000s] worker 2 starts",
                "[ 0.000s] worker 3 starts",
                "[ 0.500s] worker 1: job 0 done",
                "[ 0.500s] worker 2: job 1 done",
                "[ 0.500s] worker 3: job 2 done",
                "[ 1.000s] worker 1: job 3 done",
                "[ 1.000s] worker 2: job 4 done",
                "[ 1.000s] worker 3: job 5 done",
                "[ 1.500s] worker 1: job 6 done",
                "[ 1.500s] worker 2: job 7 done",
                "[ 1.500s] worker 3: job 8 done",
                "[ 2.000s] worker 1: job 9 done",
                "[ 2.000s] end of worker 1: the queue is closed and empty, it returns",
                "[ 2.000s] worker 2: job 10 done",
                "[ 2.000s] end of worker 2: the queue is closed and empty, it returns",
                "[ 2.000s] worker 3: job 11 done",
                "[ 2.000s] end of worker 3: the queue is closed and empty, it returns",
                "[ 2.000s] main: all 12 jobs done",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
