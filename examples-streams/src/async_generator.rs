//! # async-generator: `async def` with `yield`, three ways
//!
//! Run it: `cargo run -p examples-streams -- async-generator`
//! Its asyncio twin: `python/async_generator.py`, run beside it by
//! `cargo xtask compare async-generator`.
//!
//! The asyncio program: `async def countdown():` that works 0.5 s on each of 3,
//! 2, 1 and yields it. Main makes it, waits 0.75 s, then reads it with
//! `async for`. Nothing of its body runs until the first `__anext__`.
//!
//! Stable Rust has no `yield` in async code (async generators are a nightly
//! experiment). Three ways to write a generator:
//! - `stream::iter(items).then(body)`: the generator's loop body as a closure
//!   that returns an async block (`|n| async move { .. }`), run for each item when
//!   it is asked for. (The async-stream crate's `stream!` macro takes the body
//!   with `yield` as written; it costs a second build of `syn`, so this workspace
//!   leaves it out.)
//! - `stream::unfold(state, step)`, with no crate: the step takes the state and
//!   returns the next item and the state after it, or `None` to end (in Python, a
//!   class with `__anext__`).
//! - a task feeding a channel, read as a stream (`ReceiverStream`).
//!
//! The first two are lazy, as the Python generator is: making one runs nothing,
//! and each `next()` runs the body up to the next `yield`. The third is not: the
//! task runs from `spawn` on, whether anyone reads or not, and works ahead until
//! the channel is full. The twin's third way, a task and an `asyncio.Queue`, does
//! the same.
//!
//! You will see `yield` and `step` start working only when main asks, 0.75 s
//! after they were made, and each take 2.25 s; `task` starts at once, has the 3
//! ready when main asks, and takes 1.5 s: 6.0 s in all.

use std::pin::pin;

use anyhow::Result;
use futures::stream::{self, Stream, StreamExt as _};
use lesson::{claim, say, secs};
use tokio::sync::mpsc;
use tokio::time::sleep;
use tokio_stream::wrappers::ReceiverStream;

fn with_yield() -> impl Stream<Item = u32> {
    // `for n in [3, 2, 1]: ... yield n`: the body runs for an item when it is asked for.
    stream::iter([3, 2, 1]).then(|n| async move {
        say!("yield: working on {n}");
        sleep(secs(0.5)).await;
        n
    })
}

fn with_step() -> impl Stream<Item = u32> {
    // The state is the number to give next; 0 ends the stream.
    stream::unfold(3, |n| async move {
        if n == 0 {
            return None;
        }
        say!("step: working on {n}");
        sleep(secs(0.5)).await;
        Some((n, n - 1))
    })
}

fn with_task() -> impl Stream<Item = u32> {
    // Room for 1: the task works ahead by one item, then waits in `send`.
    let (items, received) = mpsc::channel(1);
    // Runs from here on; it owns its sender, so the stream ends when the task does.
    tokio::spawn(async move {
        for n in [3, 2, 1] {
            say!("task: working on {n}");
            sleep(secs(0.5)).await;
            if items.send(n).await.is_err() {
                return; // the reader went away
            }
        }
    });
    ReceiverStream::new(received)
}

async fn read(way: &str, countdown: impl Stream<Item = u32>) {
    say!("{way}: made");
    sleep(secs(0.75)).await;
    // A generator holds its body's state between `next()`s: it must not move.
    let mut countdown = pin!(countdown);
    while let Some(n) = countdown.next().await {
        say!("{way}: main got {n}");
    }
}

pub async fn main() -> Result<()> {
    // yield and step: 0.75 s + 3 × 0.5 s each; task: its work overlaps main's wait.
    claim(6.0, 6.75);
    read("yield", with_yield()).await;
    read("step", with_step()).await;
    read("task", with_task()).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_generators_wait_to_be_asked_and_the_task_does_not() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 6.000s, one by one 6.750s",
                "[ 0.000s] yield: made",
                "[ 0.750s] yield: working on 3",
                "[ 1.250s] yield: main got 3",
                "[ 1.250s] yield: working on 2",
                "[ 1.750s] yield: main got 2",
                "[ 1.750s] yield: working on 1",
                "[ 2.250s] yield: main got 1",
                "[ 2.250s] step: made",
                "[ 3.000s] step: working on 3",
                "[ 3.500s] step: main got 3",
                "[ 3.500s] step: working on 2",
                "[ 4.000s] step: main got 2",
                "[ 4.000s] step: working on 1",
                "[ 4.500s] step: main got 1",
                "[ 4.500s] task: made",
                "[ 4.500s] task: working on 3",
                "[ 5.000s] task: working on 2",
                "[ 5.250s] task: main got 3",
                "[ 5.500s] task: working on 1",
                "[ 5.500s] task: main got 2",
                "[ 6.000s] task: main got 1",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
