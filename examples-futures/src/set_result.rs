//! # set-result: a future that another task completes
//!
//! Python: `fut = asyncio.Future()`, a task that sleeps 2 s and calls
//! `fut.set_result("Future is done!")`, and `print(await fut)` in main.
//!
//! Rust splits that future in two: `tokio::sync::oneshot::channel()` gives a
//! `Sender`, the `set_result` end, which can be moved into the task, and a
//! `Receiver`, which is the future main awaits.
//!
//! Where Rust differs: the `Sender` is owned. If it is dropped without sending
//! (the setter returned early, failed, or panicked), the `Receiver` wakes with
//! an error at once. In asyncio a future nobody sets is awaited forever.
//!
//! Run it: `cargo run -p examples-futures -- set-result`
//!
//! You will see `Future is done!` at 2 s, then a second slot whose setter gives
//! up: an error at once, not a hang.

use anyhow::{Context as _, Result};
use lesson::Ctx;
use tokio::sync::oneshot;
use tokio::time::sleep;

async fn set_after(cx: Ctx, fut: oneshot::Sender<&'static str>) {
    sleep(cx.secs(2.0)).await;
    // `send` fails only if the receiver is gone, and then nobody is waiting.
    let _ = fut.send("Future is done!");
}

/// `await fut`, with a clear error for a setter that went away.
pub async fn wait_for(fut: oneshot::Receiver<&'static str>) -> Result<&'static str> {
    fut.await.context("the setter went away without setting a result")
}

pub async fn run(cx: &Ctx) -> Result<()> {
    cx.claim(2.0, 2.0);
    let (setter, fut) = oneshot::channel();
    tokio::spawn(set_after(cx.clone(), setter));
    cx.say(wait_for(fut).await?);

    // A setter that gives up: dropping the `Sender` completes the future with an error.
    let (setter, fut) = oneshot::channel();
    tokio::spawn(async move { drop(setter) });
    if let Err(err) = wait_for(fut).await {
        cx.say(format!("second slot: {err:#}"));
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
        let cx = Ctx::test();
        run(&cx).await.unwrap();
        assert_eq!(
            cx.lines(),
            [
                "[ 2.000s] Future is done!",
                "[ 2.000s] second slot: the setter went away without setting a result: channel closed",
            ]
        );
        assert_eq!(cx.elapsed(), Duration::from_secs(2));
        assert_eq!(cx.claimed().unwrap().ideal, Duration::from_secs(2));
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
