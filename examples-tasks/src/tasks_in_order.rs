//! # tasks-in-order: created together, awaited in order, finished out of order
//!
//! Run it: `cargo run -p examples-tasks -- tasks-in-order`
//! Its asyncio twin: `python/tasks_in_order.py`, run beside it by
//! `cargo xtask compare tasks-in-order`.
//!
//! The asyncio program: a loop makes 4 tasks with `asyncio.create_task`, where
//! task `i` sleeps `1/(i+1)` seconds, then a second loop awaits them in
//! creation order.
//!
//! All four start at once, so the short sleeps finish first (3, 2, 1, 0), though
//! main awaits task 0 first: awaiting a handle only waits for a task that is
//! already running. The whole takes as long as the longest task (1 s), not the
//! sum (2.08 s).
//!
//! You will see four `started` lines at 0 s, then `3 done`, `2 done`, `1 done`,
//! `0 done` at 0.25, 0.33, 0.5 and 1 s.

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::time::sleep;

async fn work(i: u32) {
    say!("{i} started");
    sleep(secs(1.0 / f64::from(i + 1))).await;
    say!("{i} done");
}

pub async fn main() -> Result<()> {
    claim(1.0, 1.0 + 1.0 / 2.0 + 1.0 / 3.0 + 1.0 / 4.0);
    // Every task is scheduled as soon as it is spawned; they start at the first
    // `.await` of main's that waits.
    let tasks: Vec<_> = (0..4).map(|i| tokio::spawn(work(i))).collect();
    // Awaiting in creation order: task 0 is the slowest, so by the time it is
    // done the others have long finished and their handles are ready at once.
    for task in tasks {
        task.await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn all_start_at_once_and_finish_shortest_first() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 1.000s, one by one 2.083s",
                "[ 0.000s] 0 started",
                "[ 0.000s] 1 started",
                "[ 0.000s] 2 started",
                "[ 0.000s] 3 started",
                "[ 0.250s] 3 done",
                "[ 0.334s] 2 done", // tokio's timers tick in whole milliseconds, rounding up
                "[ 0.500s] 1 done",
                "[ 1.000s] 0 done",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
        // A row a task, each from its start (main's first await) to its end, each mark
        // labelled with its line where there is room.
        assert_eq!(
            run.timeline(40),
            "task 1 *0 started----------------------*\n\
             task 2 *1 started------*1 done\n\
             task 3 *2 started-*2 done\n\
             task 4 *3 sta…-*3 done\n       \
             |     |      |     |      |     |\n       \
             0s    0.2s   0.4s  0.6s   0.8s 1s\n"
        );
    }
}
