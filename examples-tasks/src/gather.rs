//! # gather: results in argument order, whatever the finishing order
//!
//! Run it: `cargo run -p examples-tasks -- gather`
//! Its asyncio twin: `python/gather.py`, run beside it by
//! `cargo xtask compare gather`.
//!
//! The asyncio program: `await asyncio.gather(func(1, 2), func(2, 3), func(3, 1))`,
//! where `func(id, secs)` sleeps `secs` and returns `"result of <id>"`.
//!
//! `futures::future::join_all` is the Rust `gather` for a list of futures
//! (`tokio::join!` for a fixed handful). It polls them all concurrently and
//! returns their outputs in the order given, so the finishing order (3, 1, 2)
//! never shows in the results.
//!
//! `join_all` spawns nothing: the futures take turns inside the one task that
//! awaits it, where asyncio's `gather` wraps each coroutine in a task of its own.
//! `--timeline` shows it: one row (main) here, three tasks and main in the twin's
//! (`cargo xtask timeline gather` draws the two). To let a multi-thread runtime
//! spread the work over its cores, spawn tasks and `join_all` their handles (or
//! use `tokio::task::JoinSet`).
//!
//! You will see three coroutines executing at 0 s, done in the order 3, 1, 2 at
//! 1, 2 and 3 s, then the results in the order 1, 2, 3.

use anyhow::Result;
use futures::future::join_all;
use lesson::{claim, say, secs};
use tokio::time::sleep;

async fn func(id: u32, seconds: f64) -> String {
    say!("coroutine {id} executing");
    sleep(secs(seconds)).await;
    say!("coroutine {id} done");
    format!("result of {id}")
}

pub async fn main() -> Result<()> {
    claim(3.0, 2.0 + 3.0 + 1.0);
    // `asyncio.gather(*coros)`: one future that completes when all of them have.
    let results = join_all([func(1, 2.0), func(2, 3.0), func(3, 1.0)]).await;
    say!("Received Results : {}", results.join(", "));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn results_in_argument_order_finishes_in_3_1_2() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 3.000s, one by one 6.000s",
                "[ 0.000s] coroutine 1 executing",
                "[ 0.000s] coroutine 2 executing",
                "[ 0.000s] coroutine 3 executing",
                "[ 1.000s] coroutine 3 done",
                "[ 2.000s] coroutine 1 done",
                "[ 3.000s] coroutine 2 done",
                "[ 3.000s] Received Results : result of 1, result of 2, result of 3",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
        // One row: the three futures print from main's own task.
        assert_eq!(
            run.timeline(40),
            "main *coroutin…-*coroutine…-*coroutin…-*\n     \
             |          |           |          |\n     \
             0s         1s          2s        3s\n"
        );
    }
}
