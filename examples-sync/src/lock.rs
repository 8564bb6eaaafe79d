//! # lock: a lock held across an `.await` makes tasks take turns; released, updates are lost
//!
//! Run it: `cargo run -p examples-sync -- lock`
//! Its asyncio twin: `python/lock.py`, run beside it by
//! `cargo xtask compare lock`.
//!
//! The asyncio program: 10 tasks share a counter; inside `async with lock:` each
//! reads it, sleeps 0.1 s and writes back what it read plus one. Then the same
//! with the lock taken once for the read and once for the write, and not held
//! over the sleep.
//!
//! In Rust, tasks cannot share a plain counter at all. Written without a lock,
//! `*counter = value + 1` on an `Arc<u32>` does not compile: "error[E0594]:
//! cannot assign to data in an `Arc`". So every shared mutation goes through a
//! lock or an atomic. What a lock cannot prevent is the logical race: read,
//! `.await`, write, with the lock released in between, loses updates as in asyncio.
//!
//! Two mutexes for two cases. `tokio::sync::Mutex` when the guard must live across
//! an `.await`: `lock()` is awaited, so a waiting task yields to the others. A
//! `std::sync::Mutex` for short sections that never cross an `.await`: a std guard
//! held over one is clippy's `await_holding_lock` warning, and in a spawned task a
//! compile error (the guard is not `Send`). Either guard unlocks when it is
//! dropped, on every path (return, `?`, panic, a cancelled task): no `async with`.
//!
//! You will see counter 10 after 1 s (the lock makes the ten sleeps one by one),
//! then counter 1 after 0.1 s more: all ten tasks read 0 before any wrote.

use std::sync::Arc;

use anyhow::Result;
use futures::future::try_join_all;
use lesson::{claim, say, secs};
use tokio::sync::Mutex;
use tokio::time::sleep;

const TASKS: u32 = 10;

/// `async with lock:` around the read, the sleep and the write.
async fn increment_holding(counter: Arc<Mutex<u32>>) {
    let mut count = counter.lock().await;
    let value = *count;
    // The guard lives across this `.await`: the other tasks wait in `lock()` meanwhile.
    sleep(secs(0.1)).await;
    *count = value + 1;
} // `count` is dropped here, and the next task in `lock()` goes on.

/// The lock taken for the read, and again for the write: not held over the sleep.
async fn increment_releasing(counter: Arc<std::sync::Mutex<u32>>) {
    let value = *counter.lock().expect("no task panics holding the lock");
    // Unlocked while asleep: every other task reads the same old value meanwhile.
    sleep(secs(0.1)).await;
    *counter.lock().expect("no task panics holding the lock") = value + 1;
}

pub async fn main() -> Result<()> {
    // 1.1 s in all: 1.0 s with the lock held (the ten sleeps one by one), then 0.1 s.
    claim(1.0 + 0.1, 2.0);
    say!("{TASKS} tasks: read the counter, sleep {:?}, write it back plus one", secs(0.1));

    let counter = Arc::new(Mutex::new(0));
    let tasks = (0..TASKS).map(|_| tokio::spawn(increment_holding(Arc::clone(&counter))));
    // `await asyncio.gather(*tasks)`; the `?` is for a task that panicked.
    try_join_all(tasks).await?;
    say!("lock held across the sleep: counter = {}", *counter.lock().await);

    let counter = Arc::new(std::sync::Mutex::new(0));
    let tasks = (0..TASKS).map(|_| tokio::spawn(increment_releasing(Arc::clone(&counter))));
    try_join_all(tasks).await?;
    let count = *counter.lock().expect("no task panics holding the lock");
    say!("lock released over the sleep: counter = {count}, {} updates lost", TASKS - count);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_lock_held_counts_to_10_released_loses_9() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 1.100s, one by one 2.000s",
                "[ 0.000s] 10 tasks: read the counter, sleep 100ms, write it back plus one",
                "[ 1.000s] lock held across the sleep: counter = 10",
                "[ 1.100s] lock released over the sleep: counter = 1, 9 updates lost",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
