//! # gather: results in argument order, whatever the finishing order
//!
//! Python: `await asyncio.gather(func(1, 2), func(2, 3), func(3, 1))`, where
//! `func(id, secs)` sleeps `secs` and returns `"result of <id>"`.
//!
//! `futures::future::join_all` is the Rust `gather` for a list of futures
//! (`tokio::join!` for a fixed handful). It polls them all concurrently and
//! returns their outputs in the order given, so the finishing order (3, 1, 2)
//! never shows in the results.
//!
//! Where Rust differs: `gather` wraps each coroutine in a task; `join_all` does
//! not spawn. All the futures run inside the one task that awaits `join_all`,
//! taking turns on one thread. For work that should use other cores, spawn
//! tasks and `join_all` their handles (or use `tokio::task::JoinSet`).
//!
//! Run it: `cargo run -p examples-tasks -- gather`
//!
//! You will see 3, 1, 2 finish at 1, 2 and 3 s, then the results in order 1, 2, 3.

use anyhow::Result;
use futures::future::join_all;
use lesson::Ctx;
use tokio::time::sleep;

async fn func(cx: &Ctx, id: u32, secs: f64) -> String {
    sleep(cx.secs(secs)).await;
    cx.say(format!("{id} finished after {secs} s"));
    format!("result of {id}")
}

pub async fn gather(cx: &Ctx) -> Vec<String> {
    cx.claim(3.0, 2.0 + 3.0 + 1.0);
    // `asyncio.gather(*coros)`: one future that completes when all of them have.
    join_all([func(cx, 1, 2.0), func(cx, 2, 3.0), func(cx, 3, 1.0)]).await
}

pub async fn run(cx: &Ctx) -> Result<()> {
    let results = gather(cx).await;
    cx.say(format!("results: {results:?}"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(start_paused = true)]
    async fn results_in_argument_order_finishes_in_3_1_2() {
        let cx = Ctx::test();
        let results = gather(&cx).await;
        assert_eq!(results, ["result of 1", "result of 2", "result of 3"]);
        assert_eq!(
            cx.lines(),
            [
                "[ 1.000s] 3 finished after 1 s",
                "[ 2.000s] 1 finished after 2 s",
                "[ 3.000s] 2 finished after 3 s"
            ]
        );
        assert_eq!(cx.elapsed(), Duration::from_secs(3));
        let claim = cx.claimed().unwrap();
        assert_eq!(
            (claim.ideal, claim.one_by_one),
            (Duration::from_secs(3), Duration::from_secs(6))
        );
    }
}
