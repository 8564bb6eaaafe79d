//! # as-completed: results in the order they finish
//!
//! Run it: `cargo run -p examples-control -- as-completed`
//! Its asyncio twin: `python/as_completed.py`, run beside it by
//! `cargo xtask compare as-completed`.
//!
//! The asyncio program: jobs of 3, 1 and 2 s, and
//! `for next in asyncio.as_completed(jobs): print(await next)`.
//!
//! `futures::stream::FuturesUnordered` is a set of futures that is also a
//! stream: `next().await` gives the output of whichever completes next, so the
//! loop reads as the asyncio one. Like `join_all`, it spawns nothing: the jobs
//! take turns inside main's task. For spawned tasks, `tokio::task::JoinSet` and
//! its `join_next()` do the same (see `task-group`).
//!
//! You will see the three jobs start at 0 s and main get their results at 1, 2
//! and 3 s: jobs 2, 3, 1, the order they finish in, not the order given.

use anyhow::Result;
use futures::StreamExt as _;
use futures::stream::FuturesUnordered;
use lesson::{claim, say, secs};
use tokio::time::sleep;

async fn job(id: u32, seconds: f64) -> String {
    say!("job {id}: started, takes {:?}", secs(seconds));
    sleep(secs(seconds)).await;
    format!("job {id} after {:?}", secs(seconds))
}

pub async fn main() -> Result<()> {
    claim(3.0, 3.0 + 1.0 + 2.0);
    let mut running: FuturesUnordered<_> =
        [(1, 3.0), (2, 1.0), (3, 2.0)].into_iter().map(|(id, s)| job(id, s)).collect();
    // `asyncio.as_completed`: each turn waits for whichever job finishes next.
    while let Some(result) = running.next().await {
        say!("main: got {result}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn results_come_in_the_order_the_jobs_finish() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 3.000s, one by one 6.000s",
                "[ 0.000s] job 1: started, takes 3s",
                "[ 0.000s] job 2: started, takes 1s",
                "[ 0.000s] job 3: started, takes 2s",
                "[ 1.000s] main: got job 2 after 1s",
                "[ 2.000s] main: got job 3 after 2s",
                "[ 3.000s] main: got job 1 after 3s",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
