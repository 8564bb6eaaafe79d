//! # set-result: a future that another task completes
//!
//! Run it: `cargo run -p examples-futures -- set-result`
//! Its asyncio twin: `python/set_result.py`, run beside it by
//! `cargo xtask compare set-result`.
//!
//! The asyncio program: `fut = loop.create_future()`, a task that sleeps 2 s and
//! calls `fut.set_result("Future is done!")`, and `print(await fut)` in main.
//!
//! Rust splits that future in two: `tokio::sync::oneshot::channel()` gives a
//! `Sender`, the `set_result` end, which can be moved into the task, and a
//! `Receiver`, which is the future main awaits.
//!
//! Where Rust differs: the `Sender` is owned. If it is dropped without sending
//! (the setter returned early, failed, or panicked), the `Receiver` wakes with
//! an error at once. In asyncio a future nobody sets is awaited forever, unless
//! it is failed by hand: the twin puts a done-callback on the setter's task.
//!
//! You will see `Future is done!` at 2 s, then a second slot whose setter gives
//! up: an error at once, not a hang.

use anyhow::{Context as _, Result};
use lesson::{claim, say, secs};
use tokio::sync::oneshot;
use tokio::time::sleep;

async fn set_after(fut: oneshot::Sender<&'static str>) {
    sleep(secs(2.0)).await;
    // `send` fails only if the receiver is gone, and then nobody is waiting.
    let _ = fut.send("Future is done!");
}

/// `await fut`, with a clear error for a setter that went away.
pub async fn wait_for(fut: oneshot::Receiver<&'static str>) -> Result<&'static str> {
    fut.await.context("the setter went away without setting a result")
}

pub async fn main() -> Result<()> {
    claim(2.0, 2.0);
    let (setter, fut) = oneshot::channel();
    tokio::spawn(set_after(setter));
    say!("{}", wait_for(fut).await?);

    // A setter that gives up: dropping the `Sender` completes the future with an error.
    let (setter, fut) = oneshot::channel();
    tokio::spawn(async move { drop(setter) });
    if let Err(err) = wait_for(fut).await {
        say!("second slot: {err:#}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::time::timeout;

    #[tokio::test(start_paused = true)]
    async fn the_result_arrives_after_two_seconds() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 2.000s",
                "[ 2.000s] Future is done!",
                "[ 2.000s] second slot: the setter went away without setting a result: channel closed",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }

    #[tokio::test(start_paused = true)]
    async fn a_dropped_setter_is_an_error_not_a_hang() {
        let (setter, fut) = oneshot::channel();
        drop(setter);
        // A hang would run into this timeout (instantly, on the paused clock).
        let outcome = timeout(Duration::from_secs(60), wait_for(fut)).await.expect("hung");
        assert!(outcome.is_err());
    }
}
