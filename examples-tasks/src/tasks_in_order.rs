//! # tasks-in-order: spawned together, awaited in order, finished out of order
//!
//! Python: a loop makes 4 tasks with `asyncio.create_task`, where task `i`
//! sleeps `1/(i+1)` seconds, then a second loop awaits them in creation order.
//!
//! All four start at once, so the short sleeps finish first (3, 2, 1, 0), even
//! though `main` awaits task 0 first: awaiting a handle only waits for a task
//! that is already running, it does not start it. The whole takes as long as
//! the longest task (1 s), not the sum (2.08 s).
//!
//! Run it: `cargo run -p examples-tasks -- tasks-in-order`
//!
//! You will see four `started` lines at 0 s, then `3 done`, `2 done`, `1 done`,
//! `0 done` at 0.25, 0.33, 0.5 and 1 s.

use anyhow::Result;
use lesson::Ctx;
use tokio::time::sleep;

async fn work(cx: Ctx, i: u32) {
    cx.say(format!("{i} started"));
    sleep(cx.secs(1.0 / f64::from(i + 1))).await;
    cx.say(format!("{i} done"));
}

pub async fn run(cx: &Ctx) -> Result<()> {
    cx.claim(1.0, 1.0 + 1.0 / 2.0 + 1.0 / 3.0 + 1.0 / 4.0);
    // Every task is running as soon as it is spawned.
    let handles: Vec<_> = (0..4).map(|i| tokio::spawn(work(cx.clone(), i))).collect();
    // Awaiting in creation order: task 0 is the slowest, so by the time it is
    // done the others have long finished and their handles are ready at once.
    for handle in handles {
        handle.await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(start_paused = true)]
    async fn all_start_at_once_and_finish_shortest_first() {
        let cx = Ctx::test();
        run(&cx).await.unwrap();
        assert_eq!(
            cx.lines(),
            [
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
        assert_eq!(cx.elapsed(), Duration::from_secs(1));
        let claim = cx.claimed().unwrap();
        assert_eq!(claim.ideal, Duration::from_secs(1));
        assert_eq!(claim.one_by_one.as_millis(), 2083);
    }
}
