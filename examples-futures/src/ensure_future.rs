//! # ensure-future: a task runs meanwhile, a plain future waits to be awaited
//!
//! Run it: `cargo run -p examples-futures -- ensure-future`
//! Its asyncio twin: `python/ensure_future.py`, run beside it by
//! `cargo xtask compare ensure-future`.
//!
//! The asyncio program: `asyncio.ensure_future(coro)` wraps a coroutine in a
//! task, so it runs on its own while the caller does other things, and can be
//! awaited later; a bare coroutine, by contrast, runs only when awaited.
//!
//! In Rust the task is `tokio::spawn`, and the bare coroutine is a plain future
//! (an `async fn` called, not spawned): a value that does nothing until awaited.
//! Here main starts a 1 s job, does 1 s of its own waiting, then awaits the job:
//!
//! - spawned: the job ran during main's wait, so the pair takes 1 s;
//! - plain future: the job starts only at the await, so it takes 2 s, one by one.
//!
//! You will see the spawned job start at 0 s and the pair finish at 1 s, then
//! the plain job start only at 2 s and finish at 3 s.

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::time::sleep;

async fn job(label: &'static str) {
    say!("{label}: job starts");
    sleep(secs(1.0)).await;
    say!("{label}: job done");
}

pub async fn main() -> Result<()> {
    // 1 s for the spawned pair plus 2 s for the plain pair; both pairs one by one: 4 s.
    claim(3.0, 4.0);

    // `ensure_future`: the job is scheduled now and runs while main waits.
    let task = tokio::spawn(job("spawned"));
    sleep(secs(1.0)).await;
    task.await?;
    say!("spawned: done; the job ran while main waited");

    // A plain future: nothing runs yet...
    let plain = job("plain");
    sleep(secs(1.0)).await;
    // ...until it is awaited, after main's own second.
    plain.await;
    say!("plain: done; the job ran only once awaited, after main waited");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_spawned_job_overlaps_the_plain_one_does_not() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 3.000s, one by one 4.000s",
                "[ 0.000s] spawned: job starts",
                "[ 1.000s] spawned: job done",
                "[ 1.000s] spawned: done; the job ran while main waited",
                "[ 2.000s] plain: job starts",
                "[ 3.000s] plain: job done",
                "[ 3.000s] plain: done; the job ran only once awaited, after main waited",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
