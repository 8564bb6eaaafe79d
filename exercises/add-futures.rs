//! # add-futures: an async fn returns a future, not its value
//!
//! The asyncio program it mirrors:
//!
//! ```python
//! async def main():
//!     return await price("tea") + await price("cake")
//! ```
//!
//! In Python, `price("tea") + price("cake")` without `await` is a TypeError at run
//! time (two coroutine objects); in Rust the compiler stops it first: an `async fn`
//! gives a future, and a future has no `+`. Done: it compiles, and the total, 5, comes
//! after 2 s, the two prices asked one after the other.

use std::time::Duration;

async fn price(item: &str) -> u32 {
    tokio::time::sleep(Duration::from_secs(1)).await;
    if item == "tea" { 2 } else { 3 }
}

pub async fn total() -> u32 {
    // TODO: add the values, not the futures.
    price("tea") + price("cake")
}

#[cfg(test)]
mod tests {
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn the_total_comes_after_both_prices() {
        let start = Instant::now();
        let total = super::total().await;
        let took = start.elapsed().as_secs_f64();
        assert_eq!(total, 5, "total");
        assert!(
            took == 2.0,
            "took {took:.3} ideal 2.000: each price takes 1 s, one after the other"
        );
    }
}
