//! # ensure-future: a task runs meanwhile, a plain future waits to be awaited
//!
//! Python: `asyncio.ensure_future(coro)` wraps a coroutine in a task, so it runs
//! on its own while the caller does other things, and can be awaited later.
//!
//! In Rust that is `tokio::spawn`, which returns a `JoinHandle`. A plain future
//! (calling an `async fn` without spawning it) is the opposite: it is only a
//! value until awaited, so the job starts when the caller finally awaits it.
//! Here main starts a 1 s job, does 1 s of its own waiting, then awaits the job:
//!
//! - spawned: the job ran during main's wait, so the pair takes 1 s;
//! - plain future: the job starts only at the await, so it takes 2 s, one by one.
//!
//! Run it: `cargo run -p examples-futures -- ensure-future`
//!
//! You will see the spawned job start at 0 s and the pair finish at 1 s, then
//! the plain job start only at 2 s and finish at 3 s.

use anyhow::Result;
use lesson::Ctx;
use tokio::time::sleep;

async fn job(cx: Ctx, label: &'static str) {
    cx.say(format!("{label}: job starts"));
    sleep(cx.secs(1.0)).await;
    cx.say(format!("{label}: job done"));
}

pub async fn run(cx: &Ctx) -> Result<()> {
    // 1 s for the spawned pair plus 2 s for the plain pair; both pairs one by one: 4 s.
    cx.claim(3.0, 4.0);

    // `ensure_future`: the job starts now and runs by itself.
    let handle = tokio::spawn(job(cx.clone(), "spawned"));
    sleep(cx.secs(1.0)).await;
    handle.await?;
    cx.say("spawned: main and the job took 1 s together");

    // A plain future: nothing runs yet...
    let plain = job(cx.clone(), "plain");
    sleep(cx.secs(1.0)).await;
    // ...until it is awaited, after main's own second.
    plain.await;
    cx.say("plain: main and the job took 2 s, one after the other");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(start_paused = true)]
    async fn the_spawned_job_overlaps_the_plain_one_does_not() {
        let cx = Ctx::test();
        run(&cx).await.unwrap();
        assert_eq!(
            cx.lines(),
            [
                "[ 0.000s] spawned: job starts",
                "[ 1.000s] spawned: job done",
                "[ 1.000s] spawned: main and the job took 1 s together",
                "[ 2.000s] plain: job starts",
                "[ 3.000s] plain: job done",
                "[ 3.000s] plain: main and the job took 2 s, one after the other",
            ]
        );
        assert_eq!(cx.elapsed(), Duration::from_secs(3));
        let claim = cx.claimed().unwrap();
        assert_eq!(
            (claim.ideal, claim.one_by_one),
            (Duration::from_secs(3), Duration::from_secs(4))
        );
    }
}
