//! # hello: the smallest async program
//!
//! Run it: `cargo run -p examples-basic -- hello`
//! Its asyncio twin: `python/hello.py`, run beside it by
//! `cargo xtask compare hello`.
//!
//! The asyncio program: an `async def main()` that prints "Hello", awaits
//! `asyncio.sleep(1)` and prints "World", started with `asyncio.run(main())`.
//!
//! In Rust, `#[tokio::main]` plays the part of `asyncio.run`: it builds a runtime
//! (the event loop), runs the body on it until it completes, then shuts it down.
//!
//! You will see `Hello` at 0 s and `World` one second later.

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::time::sleep;

/// `asyncio.run(hello())`. The attribute rewrites this into a plain `fn main`
/// that builds a multi-threaded runtime and blocks on the body.
#[tokio::main]
pub async fn main() -> Result<()> {
    hello().await
}

/// The coroutine.
pub async fn hello() -> Result<()> {
    claim(1.0, 1.0);
    say!("Hello");
    // `sleep` gives the thread back to the runtime while it waits, like `asyncio.sleep`;
    // `std::thread::sleep` here would stall every task on this thread.
    sleep(secs(1.0)).await;
    say!("World");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // The paused clock jumps straight to the next timer, so this takes no real
    // time and the time stamps are exact.
    #[tokio::test(start_paused = true)]
    async fn hello_then_world_one_second_later() {
        let run = lesson::test();
        hello().await.unwrap();
        assert_eq!(run.lines(), ["claim: ideal 1.000s", "[ 0.000s] Hello", "[ 1.000s] World"]);
        assert_eq!(run.elapsed(), run.claim().ideal);
    }

    // `main` builds its own runtime, so it runs on the real clock: at a hundredth.
    #[test]
    fn main_runs_the_coroutine_to_completion() {
        let run = lesson::test_scaled(0.01);
        main().unwrap();
        let lines = run.lines();
        assert_eq!(lines[0], "claim: ideal 1.000s; at --scale 0.01: ideal 0.010s");
        let events: Vec<_> = lines[1..].iter().map(|l| &l[10..]).collect();
        assert_eq!(events, ["Hello", "World"]);
        assert!(run.elapsed() >= run.claim().ideal);
    }
}
