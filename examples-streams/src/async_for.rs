//! # async-for: `async for` over a stream
//!
//! Run it: `cargo run -p examples-streams -- async-for`
//! Its asyncio twin: `python/async_for.py`, run beside it by
//! `cargo xtask compare async-for`.
//!
//! The asyncio program: an async iterator (a class with `__anext__`) that hands
//! out a reading every 0.5 s, read with `async for reading in readings:`; then a
//! fresh one through an async generator expression that keeps the even readings,
//! times ten, and a `break` after two.
//!
//! A `Stream` is to a `Future` what an iterator is to a value: a future gives one
//! value, later; a stream gives many, each later, then `None`. `async for x in s:`
//! is `while let Some(x) = s.next().await`. `StreamExt` brings the iterator's
//! adapters: `map`, `filter`, `take`, and `then` for an async step; `stream::iter`
//! makes a stream of a list, as `iter()` makes an iterator of one. They are lazy:
//! a stream does nothing until the loop asks for the next item, so `take(2)`,
//! like the `break`, means readings 5 and 6 are never made.
//!
//! Two traits are named `StreamExt`: tokio-stream's, used here (its `filter` takes
//! a plain `|n| n % 2 == 0`, and it has time adapters such as `throttle` and
//! `timeout`), and futures' (its `filter` wants a closure that returns a future,
//! and it has `buffer_unordered`: see `buffer-unordered`). Both `then`s take a
//! closure that returns a future. Their methods share names, so import one of
//! them per file.
//!
//! You will see readings 1 to 4, one every 0.5 s, each taken by main at once;
//! then readings 1 to 4 again, main getting 20 at 3.0 s and 40 at 4.0 s, and no
//! reading 5: 4.0 s in all.

use std::pin::pin;

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::time::sleep;
use tokio_stream::{self as stream, Stream, StreamExt as _};

/// Readings 1 to `count`, one every 0.5 s: what `async for` walks through.
fn readings(count: u32) -> impl Stream<Item = u32> {
    // `then` runs this step for an item only when the loop asks for the next one.
    stream::iter(1..=count).then(|n| async move {
        sleep(secs(0.5)).await;
        say!("source: reading {n}");
        n
    })
}

pub async fn main() -> Result<()> {
    // Two passes of 4 readings at 0.5 s each, one after the other.
    claim(4.0, 4.0);
    // `next()` borrows the stream, which holds the step in progress between
    // polls, so the stream must not move: pinned here, on main's stack.
    let mut all = pin!(readings(4));
    while let Some(n) = all.next().await {
        say!("main: got {n}");
    }
    let mut some = pin!(readings(6).filter(|n| n % 2 == 0).map(|n| n * 10).take(2));
    while let Some(n) = some.next().await {
        say!("main: got {n}");
    }
    say!("main: done; reading 5 was never made");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn each_reading_made_when_asked_and_none_after_the_second_even() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 4.000s",
                "[ 0.500s] source: reading 1",
                "[ 0.500s] main: got 1",
                "[ 1.000s] source: reading 2",
                "[ 1.000s] main: got 2",
                "[ 1.500s] source: reading 3",
                "[ 1.500s] main: got 3",
                "[ 2.000s] source: reading 4",
                "[ 2.000s] main: got 4",
                "[ 2.500s] source: reading 1",
                "[ 3.000s] source: reading 2",
                "[ 3.000s] main: got 20",
                "[ 3.500s] source: reading 3",
                "[ 4.000s] source: reading 4",
                "[ 4.000s] main: got 40",
                "[ 4.000s] main: done; reading 5 was never made",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
