//! # timeout: give up on the slow one
//!
//! The asyncio program it mirrors:
//!
//! ```python
//! async def main():
//!     try:
//!         return await asyncio.wait_for(slow_query(), timeout=1)
//!     except TimeoutError:
//!         return "gave up"
//! ```
//!
//! `query` waits the full 5 s for `slow_query`. Wrap it in `tokio::time::timeout`,
//! which drops the future (cancelling it, as `wait_for` does) when 1 s has passed.
//! Done: `"gave up"` after 1 s, and the slow query never finished.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

pub static FINISHED: AtomicBool = AtomicBool::new(false);

async fn slow_query() -> String {
    tokio::time::sleep(Duration::from_secs(5)).await;
    FINISHED.store(true, Ordering::SeqCst);
    "rows".to_owned()
}

pub async fn query() -> String {
    // TODO: at most 1 s for the query; "gave up" when it takes longer.
    slow_query().await
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;

    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn the_slow_query_is_cancelled_after_a_second() {
        let start = Instant::now();
        let answer = super::query().await;
        let took = start.elapsed().as_secs_f64();
        assert!(took == 1.0, "took {took:.3} ideal 1.000: nothing gave up on the slow query");
        assert_eq!(answer, "gave up", "answer");
        tokio::time::sleep(std::time::Duration::from_secs(10)).await;
        let finished = super::FINISHED.load(Ordering::SeqCst);
        assert_eq!(finished, false, "the slow query finished later");
    }
}
