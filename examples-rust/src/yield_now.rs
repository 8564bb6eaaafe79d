//! # yield-now: giving the loop a turn, and the budget that takes one for you
//!
//! Run it: `cargo run -p examples-rust -- yield-now`
//! Its asyncio twin: `python/yield_now.py`, run beside it by
//! `cargo xtask compare yield-now`.
//!
//! The asyncio program: tasks `a` and `b` take three steps each, with
//! `await asyncio.sleep(0)` between them; then a consumer takes 300 messages that
//! are all in its queue already, while another task waits for its turn.
//!
//! `tokio::task::yield_now().await` is `asyncio.sleep(0)`: the task gives the
//! thread up and is run again later. Where Rust differs, in the order: asyncio puts
//! the task at the back of its ready queue, so `a` and `b` alternate, `a1 b1 a2 b2
//! a3 b3`. tokio does not wake a yielding task at once: it hands the waker to the
//! scheduler, which wakes such tasks after it next polls its driver (when no task
//! is ready, as here, or every 61 polls), the last one deferred first
//! (`runtime/scheduler/defer.rs` pops a `Vec`): `a1 b1 b2 a2 a3 b3`. tokio's docs
//! promise no order here; rely on neither.
//!
//! Where Rust differs, in a busy task: `await queue.get()` on a queue that has an
//! item returns without suspending, so asyncio's consumer takes all 300 before the
//! other task runs. tokio gives each task a budget of 128 operations on its own
//! resources (channels, sockets, timers, `JoinHandle`s) each time it is polled
//! (`task/coop/mod.rs`); spent, the next `recv()` returns `Pending` though a
//! message is ready, and the task yields: the other task runs after 128. A loop
//! that touches no tokio resource (pure computation) spends no budget and is
//! never stopped: `yield_now()` in it, or `spawn_blocking`; `coop::unconstrained`
//! opts a future out.
//!
//! You will see, at 0 s: the order `a1 b1 b2 a2 a3 b3` (asyncio's `a1 b1 a2 b2 a3
//! b3`), the other task's turn after 128 of 300 messages (asyncio's after 300),
//! then all 300 taken.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::Result;
use lesson::{claim, say};
use tokio::sync::mpsc;
use tokio::task::yield_now;

async fn steps(name: &'static str, order: Arc<Mutex<Vec<String>>>) {
    for step in 1..=3 {
        order.lock().expect("no task panics holding it").push(format!("{name}{step}"));
        if step < 3 {
            yield_now().await; // the others get a turn; this task runs again after
        }
    }
}

pub async fn main() -> Result<()> {
    claim(0.0, 0.0);
    let order = Arc::new(Mutex::new(Vec::new()));
    let tasks = ["a", "b"].map(|name| tokio::spawn(steps(name, Arc::clone(&order))));
    for task in tasks {
        task.await?;
    }
    say!("order: {}", order.lock().expect("no task panics holding it").join(" "));

    let (tx, mut rx) = mpsc::unbounded_channel();
    for n in 0..300 {
        tx.send(n)?;
    }
    drop(tx); // the end of the messages
    let taken = Arc::new(AtomicUsize::new(0));
    // Each task owns its handle to the count: it may outlive this function.
    let consumer = tokio::spawn({
        let taken = Arc::clone(&taken);
        async move {
            // Every `recv()` finds a message ready: only the budget makes this loop yield.
            while rx.recv().await.is_some() {
                taken.fetch_add(1, Ordering::Relaxed);
            }
        }
    });
    let other = tokio::spawn({
        let taken = Arc::clone(&taken);
        async move {
            let taken = taken.load(Ordering::Relaxed);
            say!("other task: its turn came after {taken} of 300 messages");
        }
    });
    consumer.await?;
    other.await?;
    say!("consumer: took {}", taken.load(Ordering::Relaxed));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn deferred_wakes_reorder_the_steps_and_the_budget_makes_a_busy_task_yield() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 0.000s",
                "[ 0.000s] order: a1 b1 b2 a2 a3 b3",
                "[ 0.000s] other task: its turn came after 128 of 300 messages",
                "[ 0.000s] consumer: took 300",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
