//! # spawn-blocking: a blocking call must not stall the ticker
//!
//! The asyncio program it mirrors:
//!
//! ```python
//! async def main():
//!     ticker = asyncio.create_task(tick_forever())
//!     digest = await asyncio.to_thread(checksum)   # not checksum(): it blocks
//! ```
//!
//! `run` starts a ticker, then calls the blocking `checksum` (50 ms of real work)
//! straight from async code: the ticker's thread is busy, so it never ticks while the
//! checksum runs. `tokio::task::spawn_blocking` runs it on tokio's blocking pool, and
//! the ticker goes on. Done: the ticker ticked at least once while the checksum ran.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// Blocking work: it sleeps the thread, then reports how many ticks it saw meanwhile.
fn checksum(ticks: Arc<AtomicU32>) -> (u32, u32) {
    std::thread::sleep(Duration::from_millis(50));
    (0xbeef, ticks.load(Ordering::SeqCst))
}

pub async fn run() -> (u32, u32) {
    let ticks = Arc::new(AtomicU32::new(0));
    let counter = ticks.clone();
    let ticker = tokio::spawn(async move {
        loop {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    });
    // TODO: run `checksum` on the blocking pool and await its JoinHandle.
    let result = checksum(ticks);
    ticker.abort();
    result
}

#[cfg(test)]
mod tests {
    #[tokio::test(start_paused = true)]
    async fn the_ticker_runs_during_the_checksum() {
        let (digest, ticks) = super::run().await;
        assert!(
            ticks >= 1,
            "ticks while the checksum ran: {ticks}; the blocking call held the thread"
        );
        assert_eq!(digest, 0xbeef, "checksum");
    }
}
