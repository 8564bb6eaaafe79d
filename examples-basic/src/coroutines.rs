//! # coroutines: two ways to write one, and both are lazy
//!
//! Run it: `cargo run -p examples-basic -- coroutines`
//! Its asyncio twin: `python/coroutines.py`, run beside it by
//! `cargo xtask compare coroutines`.
//!
//! The asyncio program: `async def my_func1()`, and the older way, a plain
//! function that returns a coroutine (the `@asyncio.coroutine` generators of
//! Python 3.4). Rust has `async fn`, and a plain `fn` that returns
//! `impl Future`, built from an `async` block: that is what `async fn` means
//! underneath.
//!
//! Calling either runs none of its body; it only builds a value, as calling an
//! `async def` builds a coroutine object. The body runs when the future is
//! awaited. (To start one without awaiting it, spawn it: `create-task`.)
//!
//! You will see the "created" line first, then each coroutine's own line, in
//! the order they are awaited, all at 0 s.

use std::future::Future;

use anyhow::Result;
use lesson::{claim, say};

/// `async def my_func1()`.
async fn my_func1() {
    say!("my_func1 runs");
}

/// The long way round: a plain `fn` returning a future. Code here, outside the
/// `async` block, would run at call time; the block itself runs when awaited.
#[expect(clippy::manual_async_fn, reason = "the long form is what this lesson shows")]
fn my_func2() -> impl Future<Output = ()> {
    async { say!("my_func2 runs") }
}

pub async fn main() -> Result<()> {
    claim(0.0, 0.0);
    let one = my_func1();
    let two = my_func2();
    say!("created both coroutines; neither has run");
    // Awaiting polls the future: only now does its body run.
    two.await;
    one.await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn creating_runs_nothing_awaiting_runs_the_body() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 0.000s",
                "[ 0.000s] created both coroutines; neither has run",
                "[ 0.000s] my_func2 runs",
                "[ 0.000s] my_func1 runs",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
