//! # async-recursion: an async fn that awaits itself
//!
//! The asyncio program it mirrors:
//!
//! ```python
//! async def leaves(path, depth):
//!     await asyncio.sleep(1)  # reading the directory
//!     if depth == 0:
//!         return [path]
//!     a, b = await asyncio.gather(
//!         leaves(f"{path}a/", depth - 1), leaves(f"{path}b/", depth - 1)
//!     )
//!     return a + b
//! ```
//!
//! In Python each call is a coroutine object of its own. An `async fn` is one state
//! machine that holds, while it waits, the futures it awaits: `join!` keeps the two
//! calls inline, so the type of `leaves`' future would hold itself and have no
//! finite size (E0733: "recursion in an async fn requires boxing"). Put a pointer
//! between the calls: `Box::pin(leaves(..))` is a future too, one allocation a call.
//! Done: `["/a/a/", "/a/b/", "/b/a/", "/b/b/"]` after 3 s, each level read at once.

use std::time::Duration;

pub async fn leaves(path: String, depth: u32) -> Vec<String> {
    tokio::time::sleep(Duration::from_secs(1)).await; // reading the directory
    if depth == 0 {
        return vec![path];
    }
    // TODO: a box between this call and the next.
    let (mut a, b) = futures::join!(
        leaves(format!("{path}a/"), depth - 1),
        leaves(format!("{path}b/"), depth - 1)
    );
    a.extend(b);
    a
}

#[cfg(test)]
mod tests {
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn the_walk_reads_each_level_at_once() {
        let start = Instant::now();
        let leaves = super::leaves("/".to_owned(), 2).await;
        let took = start.elapsed().as_secs_f64();
        assert_eq!(leaves, ["/a/a/", "/a/b/", "/b/a/", "/b/b/"], "leaves");
        assert!(took == 3.0, "took {took:.3} ideal 3.000: three levels, each read at once");
    }
}
