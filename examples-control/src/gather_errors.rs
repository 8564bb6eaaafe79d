//! # gather-errors: the first error, or every outcome
//!
//! Run it: `cargo run -p examples-control -- gather-errors`
//! Its asyncio twin: `python/gather_errors.py`, run beside it by
//! `cargo xtask compare gather-errors`.
//!
//! The asyncio program: children of 1, 2 and 3 s, the 2 s one raising. First
//! `await asyncio.gather(...)`, which raises the first error at 2 s; then
//! `await asyncio.gather(..., return_exceptions=True)` over three fresh
//! children, which returns every outcome, the error among them, at the end.
//!
//! `futures::future::try_join_all` is plain `gather` for futures that return
//! `Result`: it returns the first `Err` at once. Where Rust differs: it then
//! drops the futures still running, so the 3 s child is cancelled at 2 s (its
//! `Drop` guard, the `finally`, says so). `gather` leaves its other children
//! running: in the twin, child 3 finishes at 3 s, after main has had the error.
//!
//! `join_all` over the same `Result`s is `return_exceptions=True`: it waits for
//! all of them and gives each outcome, `Ok` or `Err`, in argument order.
//!
//! You will see main get the first error at 2 s with child 3 cleaned up at
//! once, then three more children and all three outcomes at 5 s.

use anyhow::{Result, bail};
use futures::future::{join_all, try_join_all};
use lesson::{claim, say, secs};
use tokio::time::sleep;

/// Cleanup that runs however the child ends: `finally`, the Rust way.
struct Cleanup(u32);

impl Drop for Cleanup {
    fn drop(&mut self) {
        say!("child {}: cleanup", self.0);
    }
}

async fn child(id: u32, seconds: f64, fails: bool) -> Result<String> {
    let _cleanup = Cleanup(id);
    say!("child {id}: started, takes {:?}", secs(seconds));
    sleep(secs(seconds)).await;
    if fails {
        bail!("child {id} failed");
    }
    say!("child {id}: done");
    Ok(format!("child {id} ok"))
}

pub async fn main() -> Result<()> {
    claim(5.0, 5.0);
    // Plain `gather`: the first error; `try_join_all` drops the other futures with it.
    let first = try_join_all([child(1, 1.0, false), child(2, 2.0, true), child(3, 3.0, false)]);
    if let Err(err) = first.await {
        say!("main: first error: {err}");
    }

    // `return_exceptions=True`: every outcome, in argument order.
    let all = join_all([child(4, 1.0, false), child(5, 2.0, true), child(6, 3.0, false)]).await;
    let outcomes: Vec<String> = all
        .into_iter()
        .map(|outcome| outcome.unwrap_or_else(|err| format!("error: {err}")))
        .collect();
    say!("main: all outcomes: {}", outcomes.join(", "));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_first_error_drops_the_rest_every_outcome_waits_for_all() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 5.000s",
                "[ 0.000s] child 1: started, takes 1s",
                "[ 0.000s] child 2: started, takes 2s",
                "[ 0.000s] child 3: started, takes 3s",
                "[ 1.000s] child 1: done",
                "[ 1.000s] child 1: cleanup",
                "[ 2.000s] child 2: cleanup",
                "[ 2.000s] child 3: cleanup",
                "[ 2.000s] main: first error: child 2 failed",
                "[ 2.000s] child 4: started, takes 1s",
                "[ 2.000s] child 5: started, takes 2s",
                "[ 2.000s] child 6: started, takes 3s",
                "[ 3.000s] child 4: done",
                "[ 3.000s] child 4: cleanup",
                "[ 4.000s] child 5: cleanup",
                "[ 5.000s] child 6: done",
                "[ 5.000s] child 6: cleanup",
                "[ 5.000s] main: all outcomes: child 4 ok, error: child 5 failed, child 6 ok",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
