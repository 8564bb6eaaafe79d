//! # gather: three waits at once
//!
//! The asyncio program it mirrors:
//!
//! ```python
//! async def main():
//!     return await asyncio.gather(fetch("a", 3), fetch("b", 1), fetch("c", 2))
//! ```
//!
//! `fetch_all` below awaits the three fetches one after the other: 3 + 1 + 2 = 6 s.
//! Make them wait together, as `gather` does: the whole takes the longest, 3 s, and
//! the results still come in argument order, `["a", "b", "c"]`, though they finish
//! b, c, a. Done: the test below passes (`cargo xtask learn check gather`).

use std::time::Duration;

async fn fetch(name: &str, seconds: u64) -> String {
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    name.to_owned()
}

pub async fn fetch_all() -> Vec<String> {
    // TODO: the three at once: `futures::join!` or `futures::future::join_all`.
    let a = fetch("a", 3).await;
    let b = fetch("b", 1).await;
    let c = fetch("c", 2).await;
    vec![a, b, c]
}

#[cfg(test)]
mod tests {
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn three_waits_take_the_longest_one() {
        let start = Instant::now();
        let results = super::fetch_all().await;
        let took = start.elapsed().as_secs_f64();
        assert!(took == 3.0, "took {took:.3} ideal 3.000: the three waits ran one after another");
        assert_eq!(results, ["a", "b", "c"], "results");
    }
}
