//! # task-group: one child fails, the others are cancelled
//!
//! Run it: `cargo run -p examples-control -- task-group`
//! Its asyncio twin: `python/task_group.py`, run beside it by
//! `cargo xtask compare task-group`.
//!
//! The asyncio program: `async with asyncio.TaskGroup() as tg:` with three
//! children of 1, 2 and 3 s, the first of which raises. The group cancels the
//! other two, waits for their `finally` blocks, and raises the error to main.
//!
//! `tokio::task::JoinSet` holds the tasks; `join_next()` gives each result as
//! it comes. On the first error, `abort_all()` cancels the rest, and the loop
//! goes on to collect them, so main carries on only once every child has ended,
//! as the task group does. Returning early instead (say, with `?`) drops the
//! `JoinSet`, which aborts whatever is left in it and waits for none of it: an
//! aborted task stops at its next `.await` (one being polled on another worker
//! runs on until it yields), and a `spawn_blocking` task that has started cannot
//! be aborted at all. Those can outlive the set.
//!
//! You will see the three children start, child 1 fail at 1 s, children 2 and 3
//! cleaned up at 1 s, and main report the failure at 1 s, not 3.

use anyhow::{Result, bail};
use lesson::{claim, say, secs};
use tokio::task::JoinSet;
use tokio::time::sleep;

/// Cleanup that runs however the child ends: `finally`, the Rust way.
struct Cleanup(u32);

impl Drop for Cleanup {
    fn drop(&mut self) {
        say!("child {}: cleanup", self.0);
    }
}

async fn child(id: u32, seconds: f64, fails: bool) -> Result<u32> {
    let _cleanup = Cleanup(id);
    say!("child {id}: started, takes {:?}", secs(seconds));
    sleep(secs(seconds)).await;
    if fails {
        bail!("child {id} failed");
    }
    say!("child {id}: done");
    Ok(id)
}

pub async fn main() -> Result<()> {
    claim(1.0, 1.0);
    let mut group = JoinSet::new();
    for (id, seconds, fails) in [(1, 1.0, true), (2, 2.0, false), (3, 3.0, false)] {
        group.spawn(child(id, seconds, fails));
    }
    let mut failure = None;
    while let Some(joined) = group.join_next().await {
        match joined {
            Ok(Ok(_)) => {}
            Ok(Err(err)) => {
                // The first error: cancel the others, and go on to collect them.
                group.abort_all();
                failure.get_or_insert(err);
            }
            Err(aborted) if aborted.is_cancelled() => {}
            Err(panicked) => return Err(panicked.into()),
        }
    }
    match failure {
        Some(err) => say!("main: the group failed: {err}"),
        None => say!("main: every child succeeded"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_first_failure_cancels_the_others_at_once() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 1.000s",
                "[ 0.000s] child 1: started, takes 1s",
                "[ 0.000s] child 2: started, takes 2s",
                "[ 0.000s] child 3: started, takes 3s",
                "[ 1.000s] child 1: cleanup",
                "[ 1.000s] child 2: cleanup",
                "[ 1.000s] child 3: cleanup",
                "[ 1.000s] main: the group failed: child 1 failed",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }

    #[tokio::test(start_paused = true)]
    async fn dropping_a_join_set_aborts_what_is_left() {
        let run = lesson::test();
        let mut group = JoinSet::new();
        group.spawn(child(2, 2.0, false));
        tokio::task::yield_now().await;
        drop(group);
        sleep(secs(5.0)).await;
        assert_eq!(
            run.lines(),
            ["[ 0.000s] child 2: started, takes 2s", "[ 0.000s] child 2: cleanup"]
        );
    }
}
