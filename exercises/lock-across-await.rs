//! # lock-across-await: a std Mutex guard must not cross an `.await`
//!
//! The asyncio program it mirrors:
//!
//! ```python
//! async def bump(counter: list[int]):
//!     await asyncio.sleep(1)
//!     counter[0] += 1          # no await inside the update: no lock needed
//! ```
//!
//! asyncio needs no lock here: one thread, and no `await` inside the update. tokio's
//! tasks may run on many threads, so the counter is an `Arc<std::sync::Mutex<u32>>`.
//! `bump` locks first and holds the std guard across the sleep: its future is not
//! `Send`, and `tokio::spawn` refuses it ("future cannot be sent between threads
//! safely"). Sleep first, then lock and add in one statement, so that the guard ends
//! before any `.await`. Done: 5 bumps at once end with 5, after 1 s.

use std::sync::{Arc, Mutex};
use std::time::Duration;

async fn bump(counter: Arc<Mutex<u32>>) {
    // TODO: no guard alive at the `.await`.
    let mut value = counter.lock().expect("no task panicked holding it");
    tokio::time::sleep(Duration::from_secs(1)).await;
    *value += 1;
}

pub async fn run() -> u32 {
    let counter = Arc::new(Mutex::new(0));
    let tasks: Vec<_> = (0..5).map(|_| tokio::spawn(bump(counter.clone()))).collect();
    for task in tasks {
        task.await.expect("bump does not panic");
    }
    *counter.lock().expect("no task panicked holding it")
}

#[cfg(test)]
mod tests {
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn five_bumps_in_a_second() {
        let start = Instant::now();
        let count = super::run().await;
        let took = start.elapsed().as_secs_f64();
        assert_eq!(count, 5, "count");
        assert!(took == 1.0, "took {took:.3} ideal 1.000: the five bumps sleep at once");
    }
}
