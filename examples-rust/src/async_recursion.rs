//! # async-recursion: an `async fn` that calls itself needs a box between the calls
//!
//! Run it: `cargo run -p examples-rust -- async-recursion`
//! Its asyncio twin: `python/async_recursion.py`, run beside it by
//! `cargo xtask compare async-recursion`.
//!
//! The asyncio program: `walk(path, depth)` reads a directory (0.25 s) and walks its
//! two subdirectories, to a depth of 2: once one after the other (`await walk(..)`
//! in a loop), once at once (`await asyncio.gather(*(walk(..) ..))`), each walk
//! counting the leaves. asyncio recursion just works: each call is a coroutine
//! object of its own, on the heap.
//!
//! An `async fn` is compiled to one state machine that holds, while it waits, the
//! future it awaits. If that future is the same fn's, the type holds itself: no
//! finite size. rustc refuses it, error[E0733] "recursion in an async fn requires
//! boxing" (rustc 1.95 here). The fix is a pointer between the calls:
//! `Box::pin(walk(..)).await` holds a box, one allocation per call. Since Rust 1.77
//! that is enough; before it, the recursive fn had to be a plain `fn` returning
//! `Pin<Box<dyn Future<Output = u32>>>` (`futures`' `LocalBoxFuture`), or carry the
//! `async-recursion` crate's `#[async_recursion]` that writes it so. Any heap
//! pointer will do: `join_all` keeps its futures on the heap, so the second walk
//! needs no box (`join!`, which keeps them inline, would).
//!
//! You will see the first walk read the seven directories depth first, one every
//! 0.25 s, 4 leaves at 1.75 s; the second read them level by level, all seven in
//! 0.75 s, 4 leaves at 2.5 s.

use anyhow::Result;
use futures::future::join_all;
use lesson::{claim, say, secs};
use tokio::time::sleep;

const NAMES: [&str; 2] = ["a", "b"];

async fn walk(path: String, depth: u32) -> u32 {
    say!("reading {path}");
    sleep(secs(0.25)).await;
    if depth == 0 {
        return 1;
    }
    let mut leaves = 0;
    for name in NAMES {
        // Boxed: this future holds a pointer to the next call's, not the call itself.
        leaves += Box::pin(walk(format!("{path}{name}/"), depth - 1)).await;
    }
    leaves
}

async fn walk_at_once(path: String, depth: u32) -> u32 {
    say!("reading {path}");
    sleep(secs(0.25)).await;
    if depth == 0 {
        return 1;
    }
    // join_all holds the calls in a Vec, on the heap already: no Box::pin needed.
    let calls = NAMES.map(|name| walk_at_once(format!("{path}{name}/"), depth - 1));
    join_all(calls).await.into_iter().sum()
}

pub async fn main() -> Result<()> {
    claim(7.0 * 0.25 + 3.0 * 0.25, 2.0 * 7.0 * 0.25);
    let leaves = walk("/".to_owned(), 2).await;
    say!("one after the other: {leaves} leaves");
    let leaves = walk_at_once("/".to_owned(), 2).await;
    say!("at once: {leaves} leaves");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn depth_first_one_by_one_then_level_by_level_at_once() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 2.500s, one by one 3.500s",
                "[ 0.000s] reading /",
                "[ 0.250s] reading /a/",
                "[ 0.500s] reading /a/a/",
                "[ 0.750s] reading /a/b/",
                "[ 1.000s] reading /b/",
                "[ 1.250s] reading /b/a/",
                "[ 1.500s] reading /b/b/",
                "[ 1.750s] one after the other: 4 leaves",
                "[ 1.750s] reading /",
                "[ 2.000s] reading /a/",
                "[ 2.000s] reading /b/",
                "[ 2.250s] reading /a/a/",
                "[ 2.250s] reading /a/b/",
                "[ 2.250s] reading /b/a/",
                "[ 2.250s] reading /b/b/",
                "[ 2.500s] at once: 4 leaves",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
