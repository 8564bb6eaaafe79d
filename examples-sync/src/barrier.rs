//! # barrier: tasks wait for each other, then all go on together
//!
//! Run it: `cargo run -p examples-sync -- barrier`
//! Its asyncio twin: `python/barrier.py`, run beside it by
//! `cargo xtask compare barrier`.
//!
//! The asyncio program: `barrier = asyncio.Barrier(3)` (new in Python 3.11) and
//! three tasks that sleep 1, 2 and 3 s, then `await barrier.wait()`.
//!
//! `tokio::sync::Barrier::new(3)`, shared in an `Arc`, is the same: `wait()`
//! returns when the third task has called it. It returns a `BarrierWaitResult` whose
//! `is_leader()` is true for exactly one task of the three, the one to do any
//! work that must be done once. The three are let go together, and tokio does
//! not promise in which order they then run (the barrier wakes them through a
//! `watch` channel, in an order that changes from run to run), so main reports
//! them when all have passed, in task order.
//!
//! Where asyncio differs: tokio's leader is the task whose `wait()` opens the
//! barrier, the last to arrive (its docs promise one leader, not which one).
//! asyncio's `wait()` returns each task's index in order of arrival, 0 to 2, and
//! picking index 0 picks the first to arrive.
//!
//! You will see the tasks arrive at 1, 2 and 3 s, all three pass at 3 s, and one
//! leader: task 3.

use std::sync::Arc;

use anyhow::Result;
use futures::future::try_join_all;
use lesson::{claim, say, secs};
use tokio::sync::Barrier;
use tokio::time::sleep;

async fn task(id: u32, barrier: Arc<Barrier>) -> bool {
    sleep(secs(f64::from(id))).await;
    say!("task {id} arrives at the barrier");
    // Waits until all three have arrived; the third one's `wait()` returns at once.
    barrier.wait().await.is_leader()
}

pub async fn main() -> Result<()> {
    // All pass when the last arrives, at 3 s; one by one the sleeps add up to 6 s.
    claim(3.0, 1.0 + 2.0 + 3.0);
    let barrier = Arc::new(Barrier::new(3));
    let tasks = (1..=3).map(|id| tokio::spawn(task(id, Arc::clone(&barrier))));
    // `gather` keeps the tasks' order: `leaders[0]` is task 1's.
    let leaders = try_join_all(tasks).await?;
    say!("all {} tasks passed", leaders.len());
    for (id, leader) in (1..).zip(leaders) {
        if leader {
            say!("leader: task {id}");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn all_pass_when_the_last_arrives_and_it_leads() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 3.000s, one by one 6.000s",
                "[ 1.000s] task 1 arrives at the barrier",
                "[ 2.000s] task 2 arrives at the barrier",
                "[ 3.000s] task 3 arrives at the barrier",
                "[ 3.000s] all 3 tasks passed",
                "[ 3.000s] leader: task 3",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
