//! # buffered: a stream of jobs, 3 at a time, results in order
//!
//! The asyncio program it mirrors:
//!
//! ```python
//! async def main():
//!     limit = asyncio.Semaphore(3)
//!     async def one(n):
//!         async with limit:
//!             return await job(n)
//!     return await asyncio.gather(*(one(n) for n in range(1, 7)))
//! ```
//!
//! `run` maps each item of a stream to its job with `then`, which awaits each before
//! taking the next: 6 jobs of 1 s in 6 s. `StreamExt::buffered(3)` runs up to 3 of
//! the futures at once and still gives the results in order, without a task spawned.
//! Done: 2 s, and `[2, 4, 6, 8, 10, 12]`.

use std::time::Duration;

use futures::StreamExt as _;

async fn job(n: u32) -> u32 {
    tokio::time::sleep(Duration::from_secs(1)).await;
    n * 2
}

pub async fn run() -> Vec<u32> {
    futures::stream::iter(1..=6).map(job).buffered(3).collect().await
}

#[cfg(test)]
mod tests {
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn three_at_a_time_in_order() {
        let start = Instant::now();
        let results = super::run().await;
        let took = start.elapsed().as_secs_f64();
        assert!(took == 2.0, "took {took:.3} ideal 2.000: the stream awaited one job at a time");
        assert_eq!(results, [2, 4, 6, 8, 10, 12], "results");
    }
}
