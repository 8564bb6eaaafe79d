//! # event: tasks wait until a flag is set; once set, it stays set
//!
//! Run it: `cargo run -p examples-sync -- event`
//! Its asyncio twin: `python/event.py`, run beside it by
//! `cargo xtask compare event`.
//!
//! The asyncio program: an `asyncio.Event`, three tasks that `await event.wait()`,
//! main calling `event.set()` after 1 s, then a fourth waiter that comes after
//! the `set()` and returns at once.
//!
//! `tokio::sync::SetOnce` (tokio 1.47) is modelled on `asyncio.Event`: `wait()`
//! returns once `set()` has been called, at once if it already has. It is shared
//! in an `Arc`, and holds a value: `()` here, a flag and nothing more. It cannot
//! be cleared; for an event that is set and cleared again, use a `watch` channel
//! of a `bool` (`send_replace`, `wait_for(|set| *set)`), whose waiters, woken
//! together, run in an order that changes from run to run.
//!
//! `tokio::sync::Notify` looks closer but is not an `Event`: `notify_waiters()`
//! wakes the tasks waiting at that moment and remembers nothing, so the late
//! waiter would wait forever; `notify_one()` stores a single wake-up for a single
//! waiter. An `Event` stays set for everyone.
//!
//! You will see three waiters waiting at 0 s, all three woken at 1 s right after
//! the `set`, and the late waiter through at once, still at 1 s.

use std::sync::Arc;

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::sync::SetOnce;
use tokio::time::sleep;

async fn waiter(id: u32, event: Arc<SetOnce<()>>) {
    say!("waiter {id} waiting");
    // `await event.wait()`: returns when the event is set, or now if it already is.
    event.wait().await;
    say!("waiter {id} woke");
}

pub async fn main() -> Result<()> {
    claim(1.0, 1.0);
    // `asyncio.Event()`: not set yet.
    let event = Arc::new(SetOnce::new());
    let waiters: Vec<_> = (1..=3).map(|id| tokio::spawn(waiter(id, Arc::clone(&event)))).collect();
    sleep(secs(1.0)).await;
    say!("main: setting the event");
    // `event.set()`: wakes every waiter. (A `SetOnce` already set refuses a second `set`.)
    event.set(())?;
    for waiter in waiters {
        waiter.await?;
    }
    // A waiter after the `set()`: it is already set, so it returns at once.
    waiter(4, event).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn all_wake_at_the_set_and_a_late_waiter_at_once() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 1.000s",
                "[ 0.000s] waiter 1 waiting",
                "[ 0.000s] waiter 2 waiting",
                "[ 0.000s] waiter 3 waiting",
                "[ 1.000s] main: setting the event",
                "[ 1.000s] waiter 1 woke",
                "[ 1.000s] waiter 2 woke",
                "[ 1.000s] waiter 3 woke",
                "[ 1.000s] waiter 4 waiting",
                "[ 1.000s] waiter 4 woke",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }

    #[tokio::test(start_paused = true)]
    async fn notify_waiters_remembers_nothing() {
        let _run = lesson::test(); // secs() reads this test's scale
        let notify = tokio::sync::Notify::new();
        notify.notify_waiters();
        // A late waiter on a `Notify` is never woken: it runs into the timeout.
        let late = tokio::time::timeout(secs(60.0), notify.notified()).await;
        assert!(late.is_err());
    }
}
