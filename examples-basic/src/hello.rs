//! # hello: the smallest async program
//!
//! Python's version is an `async def` that prints "Hello", awaits
//! `asyncio.sleep(1)`, prints "World", and is started with `asyncio.run(...)`.
//! In Rust, `#[tokio::main]` plays the part of `asyncio.run`: it builds a runtime
//! (the event loop), blocks on the coroutine until it completes, then shuts down.
//!
//! Run it: `cargo run -p examples-basic -- hello`
//!
//! You will see `Hello` at 0 s, `World` one second later, then
//! `took 1.00xs · ideal 1.000s`.

use anyhow::Result;
use lesson::Ctx;
use tokio::time::sleep;

/// The coroutine.
pub async fn hello(cx: &Ctx) -> Result<()> {
    cx.claim(1.0, 1.0);
    cx.say("Hello");
    // `tokio::time::sleep` gives the thread back to the runtime while it waits, like
    // `asyncio.sleep`. `std::thread::sleep` here would stall every task on this thread.
    sleep(cx.secs(1.0)).await;
    cx.say("World");
    Ok(())
}

/// `asyncio.run(hello())`. The attribute rewrites this into a plain `fn` that
/// builds a multi-threaded runtime and calls `block_on` on the body; it works on
/// any function (one named `main` may take no arguments).
#[tokio::main]
pub async fn run(cx: &Ctx) -> Result<()> {
    hello(cx).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    // The paused clock jumps straight to the next timer, so this takes no real
    // time and the timestamps are exact.
    #[tokio::test(start_paused = true)]
    async fn hello_then_world_one_second_later() {
        let cx = Ctx::test();
        hello(&cx).await.unwrap();
        assert_eq!(cx.lines(), ["[ 0.000s] Hello", "[ 1.000s] World"]);
        assert_eq!(cx.elapsed(), Duration::from_secs(1));
        assert_eq!(cx.claimed().unwrap().ideal, Duration::from_secs(1));
    }
}
