//! # fetch-bounded: many requests, at most 2 in flight
//!
//! The asyncio program it mirrors (an `aiohttp` session limited to 2 connections):
//!
//! ```python
//! async def main():
//!     limit = asyncio.Semaphore(2)
//!     async def get(page):
//!         async with limit:
//!             return await fetch(page)
//!     return [await p for p in asyncio.as_completed([get(p) for p in pages])]
//! ```
//!
//! `fetch` stands for a request (a sleep as long as the page's latency, no network).
//! `fetch_all` sends all four at once. `StreamExt::buffer_unordered(2)` keeps 2 in
//! flight and gives each page as it arrives. Done: at most 2 in flight, 4 s in all,
//! pages in the order they arrive: b, c, d, a.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

pub static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
pub static MOST: AtomicUsize = AtomicUsize::new(0);

async fn fetch(page: (&'static str, u64)) -> &'static str {
    let now = IN_FLIGHT.fetch_add(1, Ordering::SeqCst) + 1;
    MOST.fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(page.1)).await;
    IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
    page.0
}

pub async fn fetch_all() -> Vec<&'static str> {
    let pages = [("a", 4), ("b", 1), ("c", 1), ("d", 1)];
    // TODO: a stream of the pages, `map(fetch)`, `buffer_unordered(2)`, collected.
    futures::future::join_all(pages.map(fetch)).await
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;

    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn two_in_flight_as_they_arrive() {
        let start = Instant::now();
        let pages = super::fetch_all().await;
        let took = start.elapsed().as_secs_f64();
        assert_eq!(super::MOST.load(Ordering::SeqCst), 2, "most requests in flight at once");
        assert!(took == 4.0, "took {took:.3} ideal 4.000: 2 at a time, a takes 4 s");
        assert_eq!(pages, ["b", "c", "d", "a"], "pages in the order they arrive");
    }
}
