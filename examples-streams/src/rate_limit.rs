//! # rate-limit: 10 calls, a burst of 3 then 4 a second
//!
//! Run it: `cargo run -p examples-streams -- rate-limit`
//! Its asyncio twin: `python/rate_limit.py`, run beside it by
//! `cargo xtask compare rate-limit`.
//!
//! The asyncio program: 10 calls, by hand, twice: a `BoundedSemaphore(3)` as a
//! bucket of tokens, each call taking one, a task putting one back every 0.25 s;
//! then a loop that sleeps until 0.25 s after the last call.
//!
//! A token bucket lets a burst through (here 3 calls at once), then one call per
//! token added. tokio's `Semaphore` is the bucket: a permit kept (`forget()`) is a
//! token spent, and a task on an `interval` adds one a period, `add_permits(1)`,
//! while the bucket is not full. (tokio's `Semaphore` docs build the same.)
//!
//! `throttle(period)` (tokio-stream's `StreamExt`) lets a stream's items through
//! no closer than `period` apart: the first at once, each next one a period after
//! the last. No burst; the period counts from the last item, as a sleep loop's
//! does, not on a fixed grid as an `interval`'s; and it waits before it asks the
//! stream for more, so even the stream's end comes a period after its last item.
//!
//! A rate limit says when a call may start, not how many may run at once: for that,
//! a `Semaphore` held for the call (see `semaphore`) or `buffer_unordered`.
//!
//! You will see calls 1 to 3 at 0 s, then one every 0.25 s to call 10 at 1.75 s;
//! then throttled, call 1 at once and the rest 0.25 s apart, to call 10 at 4.0 s,
//! and the end of the calls at 4.25 s.

use std::pin::pin;
use std::sync::Arc;

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::sync::Semaphore;
use tokio::time::interval;
use tokio_stream::{self as stream, StreamExt as _};

pub async fn main() -> Result<()> {
    // The bucket: 3 at once, 7 more 0.25 s apart. Throttled: 10 gaps of 0.25 s,
    // the last before the end.
    claim(1.75 + 2.5, 1.75 + 2.5);
    let bucket = Arc::new(Semaphore::new(3));
    // The refill task may outlive this function, so it owns a handle of the bucket.
    let refill = tokio::spawn({
        let bucket = Arc::clone(&bucket);
        async move {
            let mut every = interval(secs(0.25));
            every.tick().await; // the first tick is at once: the bucket is full
            loop {
                every.tick().await;
                if bucket.available_permits() < 3 {
                    bucket.add_permits(1);
                }
            }
        }
    });
    for call in 1..=10 {
        // Waits while the bucket is empty; the token is spent, not given back.
        bucket.acquire().await?.forget();
        say!("bucket: call {call}");
    }
    refill.abort();

    // `throttle` holds the wait between items, so the stream must not move: pinned.
    let mut calls = pin!(stream::iter(1..=10).throttle(secs(0.25)));
    while let Some(call) = calls.next().await {
        say!("throttle: call {call}");
    }
    say!("throttle: no more calls");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_burst_of_three_then_the_rate() {
        let run = lesson::test();
        main().await.unwrap();
        let lines = run.lines();
        let bucket = [0.0, 0.0, 0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75];
        for (call, at) in (1..=10).zip(bucket) {
            assert_eq!(lines[call], format!("[{at:6.3}s] bucket: call {call}"));
        }
        for call in 1..=10 {
            let at = 1.75 + 0.25 * (call - 1) as f64;
            assert_eq!(lines[10 + call], format!("[{at:6.3}s] throttle: call {call}"));
        }
        assert_eq!(lines[0], "claim: ideal 4.250s");
        assert_eq!(lines[21..], ["[ 4.250s] throttle: no more calls"]);
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
