//! # blocking-sleep: `std::thread::sleep` stops every task on the thread
//!
//! The asyncio program it mirrors, and its mistake:
//!
//! ```python
//! async def job():
//!     time.sleep(0.1)           # blocks the event loop: should be asyncio.sleep
//! ```
//!
//! `job` calls `std::thread::sleep`: the thread stops, no other task runs, and the
//! runtime's clock never sees a wait (on the paused clock it stays at 0). Three jobs
//! then take 0.3 s of real time, one after another. Use `tokio::time::sleep(..).await`.
//! Done: the three jobs wait together, 0.1 s of the runtime's time.

use std::time::Duration;

async fn job(n: u32) -> u32 {
    // TODO: the runtime's sleep, awaited.
    std::thread::sleep(Duration::from_millis(100));
    n
}

pub async fn run() -> (u32, u32, u32) {
    tokio::join!(job(1), job(2), job(3))
}

#[cfg(test)]
mod tests {
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn the_three_jobs_wait_together() {
        let start = Instant::now();
        let results = super::run().await;
        let took = start.elapsed().as_secs_f64();
        assert!(took == 0.1, "took {took:.3} ideal 0.100: std::thread::sleep blocked the thread");
        assert_eq!(results, (1, 2, 3), "results");
    }
}
