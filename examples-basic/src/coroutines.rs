//! # coroutines: two ways to write one, and both are lazy
//!
//! Python has `async def my_func1()`, and the legacy way: a generator turned
//! into a coroutine by the `@asyncio.coroutine` decorator. Rust has `async fn`,
//! and a plain `fn` that returns `impl Future`, built from an `async` block:
//! that is what `async fn` means underneath.
//!
//! Where Rust differs: a Rust future is *lazy*. Calling either function runs
//! none of its body; it only builds a value. The body runs when the future is
//! polled, which `.await` does. (A Python coroutine is lazy too, but
//! `create_task` starts one; the Rust twin of that is `tokio::spawn`, in
//! `examples-tasks`.)
//!
//! Run it: `cargo run -p examples-basic -- coroutines`
//!
//! You will see the "created" line first, then each coroutine's own line, in
//! the order they are awaited, all at 0 s.

use std::future::Future;

use anyhow::Result;
use lesson::Ctx;

/// `async def my_func1()`.
async fn my_func1(cx: &Ctx) {
    cx.say("my_func1 runs");
}

/// The long way round: a plain `fn` returning a future. Code here, outside the
/// `async` block, would run at call time; the block itself runs when awaited.
#[expect(clippy::manual_async_fn, reason = "the long form is what this lesson shows")]
fn my_func2(cx: &Ctx) -> impl Future<Output = ()> + '_ {
    async move { cx.say("my_func2 runs") }
}

pub async fn run(cx: &Ctx) -> Result<()> {
    cx.claim(0.0, 0.0);
    let one = my_func1(cx);
    let two = my_func2(cx);
    cx.say("created both coroutines; neither has run");
    // Awaiting polls the future: only now does its body run.
    two.await;
    one.await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(start_paused = true)]
    async fn creating_runs_nothing_awaiting_runs_the_body() {
        let cx = Ctx::test();
        run(&cx).await.unwrap();
        assert_eq!(
            cx.lines(),
            [
                "[ 0.000s] created both coroutines; neither has run",
                "[ 0.000s] my_func2 runs",
                "[ 0.000s] my_func1 runs",
            ]
        );
        assert_eq!(cx.elapsed(), Duration::ZERO);
        assert_eq!(cx.claimed().unwrap().ideal, Duration::ZERO);
    }
}
