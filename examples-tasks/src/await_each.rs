//! # await-each: awaiting one task after another still runs them together
//!
//! Run it: `cargo run -p examples-tasks -- await-each`
//! Its asyncio twin: `python/await_each.py`, run beside it by
//! `cargo xtask compare await-each`.
//!
//! The asyncio program: three tasks made with `create_task`, sleeping 1 s, 3 s
//! and 2 s, then `await task1`, `await task2`, `await task3` on three lines.
//!
//! The awaits are sequential, but the tasks are not: all three were running
//! from the moment main first waited. So the whole takes 3 s (the longest), not
//! 6 s, and by the time task 2 (3 s) is done, task 3 (2 s) already is.
//!
//! You will see all three coroutines executing at 0 s; coroutine 1 done at 1 s,
//! 3 at 2 s, 2 at 3 s; and main collecting tasks 2 and 3 together at 3 s.

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::time::sleep;

async fn coroutine(id: u32, seconds: f64) -> u32 {
    say!("coroutine {id} executing");
    sleep(secs(seconds)).await;
    say!("coroutine {id} done");
    id
}

pub async fn main() -> Result<()> {
    claim(3.0, 1.0 + 3.0 + 2.0);
    let task1 = tokio::spawn(coroutine(1, 1.0));
    let task2 = tokio::spawn(coroutine(2, 3.0));
    let task3 = tokio::spawn(coroutine(3, 2.0));
    // Each `.await` waits only for that task; the others keep running meanwhile.
    for task in [task1, task2, task3] {
        let id = task.await?;
        say!("main: awaited task {id}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn takes_the_longest_not_the_sum() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 3.000s, one by one 6.000s",
                "[ 0.000s] coroutine 1 executing",
                "[ 0.000s] coroutine 2 executing",
                "[ 0.000s] coroutine 3 executing",
                "[ 1.000s] coroutine 1 done",
                "[ 1.000s] main: awaited task 1",
                "[ 2.000s] coroutine 3 done",
                "[ 3.000s] coroutine 2 done",
                "[ 3.000s] main: awaited task 2",
                "[ 3.000s] main: awaited task 3",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
