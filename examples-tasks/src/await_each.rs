//! # await-each: awaiting one task after another still runs them together
//!
//! Python: three tasks made with `create_task`, sleeping 1 s, 3 s and 2 s, then
//! `await task1`, `await task2`, `await task3` on three lines.
//!
//! The awaits are sequential, but the tasks are not: all three were running
//! from the moment they were spawned. So the whole takes 3 s (the longest), not
//! 6 s, and by the time task 2 (3 s) is done, task 3 (2 s) already is.
//!
//! Run it: `cargo run -p examples-tasks -- await-each`
//!
//! You will see task 1 done at 1 s, task 3 at 2 s, task 2 at 3 s, and `main`
//! collecting tasks 2 and 3 together at 3 s.

use anyhow::Result;
use lesson::Ctx;
use tokio::time::sleep;

async fn task(cx: Ctx, id: u32, secs: f64) -> u32 {
    sleep(cx.secs(secs)).await;
    cx.say(format!("task {id} done after {secs} s"));
    id
}

pub async fn run(cx: &Ctx) -> Result<()> {
    cx.claim(3.0, 1.0 + 3.0 + 2.0);
    let task1 = tokio::spawn(task(cx.clone(), 1, 1.0));
    let task2 = tokio::spawn(task(cx.clone(), 2, 3.0));
    let task3 = tokio::spawn(task(cx.clone(), 3, 2.0));
    // Each `.await` waits only for that task; the others keep running meanwhile.
    for handle in [task1, task2, task3] {
        let id = handle.await?;
        cx.say(format!("main: awaited task {id}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(start_paused = true)]
    async fn takes_the_longest_not_the_sum() {
        let cx = Ctx::test();
        run(&cx).await.unwrap();
        assert_eq!(
            cx.lines(),
            [
                "[ 1.000s] task 1 done after 1 s",
                "[ 1.000s] main: awaited task 1",
                "[ 2.000s] task 3 done after 2 s",
                "[ 3.000s] task 2 done after 3 s",
                "[ 3.000s] main: awaited task 2",
                "[ 3.000s] main: awaited task 3",
            ]
        );
        assert_eq!(cx.elapsed(), Duration::from_secs(3));
        let claim = cx.claimed().unwrap();
        assert_eq!(
            (claim.ideal, claim.one_by_one),
            (Duration::from_secs(3), Duration::from_secs(6))
        );
    }
}
