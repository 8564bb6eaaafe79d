//! # borrow-locals: `join!` and `join_all` borrow your locals; `spawn` cannot
//!
//! Run it: `cargo run -p examples-rust -- borrow-locals`
//! Its asyncio twin: `python/borrow_locals.py`, run beside it by
//! `cargo xtask compare borrow-locals`.
//!
//! The asyncio program: main holds a sentence in a local and counts three words
//! in it, each count a coroutine that waits 0.75, 0.25 or 0.5 s first: two at once
//! with `gather`, all three with `gather`, all three with `as_completed`, and all
//! three as tasks from `create_task`. Every one of them reads main's local as it
//! is: asyncio never asks who owns it.
//!
//! `tokio::join!`, `futures::future::join_all` and `FuturesUnordered` do not spawn:
//! their futures run inside the task that awaits them, and that await does not end
//! before they do, so they may borrow the caller's locals, `&text` here, and the
//! loop may change another local (`seen`) while they hold theirs. `tokio::spawn`
//! asks `'static`: the task may outlive this function, so it cannot hold `&text`
//! ("`text` does not live long enough ... argument requires that `text` is
//! borrowed for `'static`", E0597, in `tests/wont_compile/spawn_borrows_a_local.rs`).
//! The fix: the task owns what it reads, a clone or an `Arc` of it, moved in.
//!
//! tokio has no scoped spawn, the twin of `std::thread::scope`: a scope must not
//! end before its tasks, and a thread scope blocks until they do; an async scope
//! would be a future, and a future can be dropped half-way or forgotten
//! (`std::mem::forget` is safe), so nothing makes it wait. To borrow, stay in one
//! task, as the first three do; to spread over threads, own.
//!
//! You will see both counts of `join!` at 0.75 s, the three of `join_all` in
//! argument order at 1.5 s, `FuturesUnordered`'s as they finish (at, on, the), and
//! the spawned tasks' at 3 s.

use std::sync::Arc;

use anyhow::Result;
use futures::future::join_all;
use futures::stream::{FuturesUnordered, StreamExt as _};
use lesson::{claim, say, secs};
use tokio::time::sleep;

async fn count(text: &str, word: &str, seconds: f64) -> String {
    sleep(secs(seconds)).await;
    format!("{word} {}", text.matches(word).count())
}

pub async fn main() -> Result<()> {
    claim(4.0 * 0.75, 0.75 + 0.25 + 3.0 * 1.5);
    let text = String::from("the cat sat on the mat with the hat");
    let words = [("the", 0.75), ("at", 0.25), ("on", 0.5)];

    // Two futures, each borrowing `text`, polled by this task until both are done.
    let (the, at) = tokio::join!(count(&text, "the", 0.75), count(&text, "at", 0.25));
    say!("join!: {the}, {at}");

    let counts = join_all(words.map(|(word, seconds)| count(&text, word, seconds))).await;
    say!("join_all: {}", counts.join(", "));

    let mut pending: FuturesUnordered<_> =
        words.map(|(word, seconds)| count(&text, word, seconds)).into_iter().collect();
    let mut seen = Vec::new();
    while let Some(counted) = pending.next().await {
        seen.push(counted); // a local changed while the futures borrow `text`
        say!("FuturesUnordered: {}", seen.join(", "));
    }
    drop(pending); // its borrows of `text` end here, so `text` can move

    // Tasks may outlive `main`: each owns an `Arc` of the text, not a borrow of it.
    let text = Arc::new(text);
    let tasks = words.map(|(word, seconds)| {
        let text = Arc::clone(&text);
        tokio::spawn(async move { count(&text, word, seconds).await })
    });
    let mut counts = Vec::new();
    for task in tasks {
        counts.push(task.await?);
    }
    say!("spawn: {}", counts.join(", "));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_borrowing_ways_and_the_owning_one_count_alike() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 3.000s, one by one 5.500s",
                "[ 0.750s] join!: the 3, at 4",
                "[ 1.500s] join_all: the 3, at 4, on 1",
                "[ 1.750s] FuturesUnordered: at 4",
                "[ 2.000s] FuturesUnordered: at 4, on 1",
                "[ 2.250s] FuturesUnordered: at 4, on 1, the 3",
                "[ 3.000s] spawn: the 3, at 4, on 1",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
