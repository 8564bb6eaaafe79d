//! # create-task: a task runs while its creator does something else
//!
//! Run it: `cargo run -p examples-tasks -- create-task`
//! Its asyncio twin: `python/create_task.py`, run beside it by
//! `cargo xtask compare create-task`.
//!
//! The asyncio program: `task = asyncio.create_task(hello())`, half a second of
//! main's own work, then `await task`. The tokio twin of `create_task` is
//! `tokio::spawn`: it hands the future to the runtime and returns a `JoinHandle`
//! to await later.
//!
//! As in asyncio, the task does not run inside `spawn`: on this one-thread
//! runtime it starts at main's next `.await` that waits (one that returns
//! `Pending`; awaiting an `async fn` that never waits gives nothing up), and
//! from then on takes turns with main. A spawned task must be `Send + 'static`,
//! because a multi-thread runtime may run it on another thread and it may outlive
//! the function that spawned it: it owns everything it uses.
//!
//! You will see main create the task and go on, the task say `Hello` only once
//! main waits, main await the handle at 0.5 s, and the task finish at 1 s.

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::time::sleep;

async fn hello() -> &'static str {
    say!("task: Hello");
    sleep(secs(1.0)).await;
    say!("task: World");
    "done"
}

pub async fn main() -> Result<()> {
    claim(1.0, 1.0);
    say!("main: creating the task");
    // `asyncio.create_task`: from here on the runtime drives the task by itself.
    let task = tokio::spawn(hello());
    // Nothing of it has run yet: it starts at main's next `.await` that waits.
    say!("main: task created; it starts when main next waits");
    // Half a second of main's own work; the task runs meanwhile.
    sleep(secs(0.5)).await;
    say!("main: awaiting the task");
    // The `?` is for a `JoinError`: the task panicked or was aborted.
    let outcome = task.await?;
    say!("main: the task returned {outcome:?}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_task_runs_before_it_is_awaited() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 1.000s",
                "[ 0.000s] main: creating the task",
                "[ 0.000s] main: task created; it starts when main next waits",
                "[ 0.000s] task: Hello",
                "[ 0.500s] main: awaiting the task",
                "[ 1.000s] task: World",
                "[ 1.000s] main: the task returned \"done\"",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
