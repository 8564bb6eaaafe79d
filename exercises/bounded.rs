//! # bounded: never more than 3 at once
//!
//! The asyncio program it mirrors:
//!
//! ```python
//! async def main():
//!     limit = asyncio.Semaphore(3)
//!     async def job(n):
//!         async with limit:
//!             await asyncio.sleep(1)
//!             return n * 10
//!     return await asyncio.gather(*(job(n) for n in range(10)))
//! ```
//!
//! `run_all` starts all 10 jobs at once: 10 in flight. Give them a
//! `tokio::sync::Semaphore` of 3 and hold a permit while a job works. Done: never more
//! than 3 in flight, 10 jobs of 1 s in 4 s (3 + 3 + 3 + 1), results in order.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How many jobs are working now, and the most there ever were.
pub static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
pub static MOST: AtomicUsize = AtomicUsize::new(0);

async fn job(n: u32) -> u32 {
    let now = IN_FLIGHT.fetch_add(1, Ordering::SeqCst) + 1;
    MOST.fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(1)).await;
    IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
    n * 10
}

pub async fn run_all() -> Vec<u32> {
    // TODO: a Semaphore::new(3); each job acquires a permit before it starts.
    futures::future::join_all((0..10).map(job)).await
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;

    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn at_most_three_jobs_are_in_flight() {
        let start = Instant::now();
        let results = super::run_all().await;
        let took = start.elapsed().as_secs_f64();
        assert_eq!(super::MOST.load(Ordering::SeqCst), 3, "most jobs in flight at once");
        assert!(took == 4.0, "took {took:.3} ideal 4.000: 10 jobs, 3 at a time");
        let expected: Vec<u32> = (0..10).map(|n| n * 10).collect();
        assert_eq!(results, expected, "results");
    }
}
