//! # timeout: give up on a future after a while
//!
//! Run it: `cargo run -p examples-control -- timeout`
//! Its asyncio twin: `python/timeout.py`, run beside it by
//! `cargo xtask compare timeout`.
//!
//! The asyncio program: `await asyncio.wait_for(forever(), 1)`, where `forever`
//! waits on something that never comes and has a `finally` that cleans up;
//! then `async with asyncio.timeout(1):` around three steps of 0.4 s each.
//!
//! `tokio::time::timeout(d, fut)` is `wait_for`: it polls `fut` and a timer
//! together, and when the timer wins it returns `Err(Elapsed)`. `fut` lives
//! inside the `Timeout` and is dropped with it, at the end of the `.await` here
//! (polled as `(&mut t).await` instead, it lives on until `t` goes).
//! Dropping a future is how Rust cancels it: it stops at the `.await` where it
//! was waiting, and what it owns is dropped there and then, so a `Drop` guard is
//! its `finally`. As in asyncio, that cleanup is done before main sees the error.
//!
//! `timeout_at(deadline, fut)` takes an instant instead of a duration: compute
//! the deadline once and every step that follows shares it, as the awaits inside
//! one `async with asyncio.timeout(1)` block do.
//!
//! You will see `forever` start, its cleanup and main's give-up at 1 s, then two
//! steps done at 1.4 and 1.8 s and the third cut off by the deadline at 2 s.

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::time::{Instant, sleep, timeout, timeout_at};

/// Cleanup that runs however the future ends: `finally`, the Rust way.
struct Cleanup;

impl Drop for Cleanup {
    fn drop(&mut self) {
        say!("forever: cleanup");
    }
}

async fn forever() {
    let _cleanup = Cleanup;
    say!("forever: started");
    // Waits on something that never comes, like awaiting a future nobody sets.
    std::future::pending::<()>().await;
}

pub async fn main() -> Result<()> {
    claim(2.0, 2.0);
    // `asyncio.wait_for(forever(), 1)`: at 1 s the timeout returns `Err`, and
    // `forever()`, dropped with it as this `.await` ends, stops where it waits.
    if timeout(secs(1.0), forever()).await.is_err() {
        say!("main: gave up after {:?}", secs(1.0));
    }

    // `async with asyncio.timeout(1):` one deadline, however many awaits it covers.
    let deadline = Instant::now() + secs(1.0);
    for step in 1..=3 {
        if timeout_at(deadline, sleep(secs(0.4))).await.is_err() {
            say!("steps: deadline passed during step {step}");
            break;
        }
        say!("steps: step {step} done");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn cleanup_before_the_error_and_one_deadline_for_three_steps() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 2.000s",
                "[ 0.000s] forever: started",
                "[ 1.000s] forever: cleanup",
                "[ 1.000s] main: gave up after 1s",
                "[ 1.400s] steps: step 1 done",
                "[ 1.800s] steps: step 2 done",
                "[ 2.000s] steps: deadline passed during step 3",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
