//! # testing: testing your own async code, an hour in an instant
//!
//! Run it: `cargo run -p examples-rust -- testing`
//! Its asyncio twin: `python/testing.py`, run beside it by
//! `cargo xtask compare testing`.
//!
//! The asyncio program: `ask(peer, patience)`, your own code, gives up on a peer
//! that does not answer in time (`asyncio.timeout`). main asks a peer that answers
//! in 0.5 s and one that never does, with 1 s of patience. Its tests, an
//! `IsolatedAsyncioTestCase` (`cd python && python3 -m unittest testing`), run on
//! a real loop, a new one for each test, on the real clock: a test of an hour's
//! patience takes an hour, so they use a short one. asyncio has no public fake
//! clock (CPython's own tests use `test.test_asyncio.utils.TestLoop`).
//!
//! `#[tokio::test]` builds a current-thread runtime for each test, as asyncio's
//! test case builds a loop. `start_paused = true` (tokio's `test-util` feature)
//! starts it with the clock paused: time moves only when the test says so,
//! `time::advance(d)`, or, when every task waits, by itself to the next timer
//! (auto-advance). The tests below give `ask` an hour's patience and take
//! microseconds; the virtual time they measure is exact, so they assert it with
//! `==`. `advance` does not wait for the timers it jumps past to fire; to have
//! every timer up to a point fire in order, `sleep` to it and let auto-advance go.
//!
//! This workspace tests most lessons so (all but those that talk to a peer, run a
//! child, or use the disk or threads): the test calls the lesson's own `main` on
//! the paused clock, records the lines it prints (the workspace's `lesson` crate
//! prints them, and its `test()` records them), and asserts them exactly, with
//! their virtual times, and that the time taken is the claimed ideal: the test at
//! the bottom. `cargo xtask run-all` then holds each lesson to its claim on the
//! real clock.
//!
//! You will see the quick peer answer at 0.5 s, and main give up on the silent
//! one at 1.5 s, after 1 s of patience.

use std::future::{Future, pending};
use std::time::Duration;

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::time::error::Elapsed;
use tokio::time::{sleep, timeout};

/// Your own code: the peer's answer, or `Err(Elapsed)` after `patience`.
async fn ask(peer: impl Future<Output = String>, patience: Duration) -> Result<String, Elapsed> {
    timeout(patience, peer).await
}

async fn peer(answers_after: Duration) -> String {
    sleep(answers_after).await;
    "pong".to_owned()
}

pub async fn main() -> Result<()> {
    claim(0.5 + 1.0, 0.5 + 1.0);
    if let Ok(answer) = ask(peer(secs(0.5)), secs(1.0)).await {
        say!("quick peer: {answer}");
    }
    if ask(pending(), secs(1.0)).await.is_err() {
        say!("silent peer: no answer in {:?}", secs(1.0));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::{Instant, advance};

    const HOUR: Duration = Duration::from_secs(3600);

    #[tokio::test(start_paused = true)]
    async fn an_hour_of_patience_runs_out_in_an_instant() {
        let (start, real_start) = (Instant::now(), std::time::Instant::now());
        // Nothing else to do: the clock jumps to the timeout's deadline.
        assert!(ask(pending(), HOUR).await.is_err());
        assert_eq!(start.elapsed(), HOUR);
        assert!(real_start.elapsed() < Duration::from_secs(60), "{:?}", real_start.elapsed());
    }

    #[tokio::test(start_paused = true)]
    async fn the_clock_moved_by_hand() {
        let start = Instant::now();
        let asked = tokio::spawn(ask(peer(HOUR / 2), HOUR));
        tokio::task::yield_now().await; // the task runs, and sets its timers from now
        advance(HOUR / 2 - Duration::from_secs(1)).await;
        assert!(!asked.is_finished(), "answered a second early");
        advance(Duration::from_secs(1)).await;
        assert_eq!(asked.await.expect("no panic").expect("answered"), "pong");
        assert_eq!(start.elapsed(), HOUR / 2);
    }

    #[tokio::test(start_paused = true)]
    async fn the_lesson_as_the_workspace_tests_it() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 1.500s",
                "[ 0.500s] quick peer: pong",
                "[ 1.500s] silent peer: no answer in 1s",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
