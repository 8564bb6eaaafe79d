//! # create-task: a task starts before anyone awaits it
//!
//! Python: `task = asyncio.create_task(hello())`, some other work, then
//! `await task`. The Rust twin of `create_task` is `tokio::spawn`, which hands
//! the future to the runtime and returns a `JoinHandle` to await later.
//!
//! Where Rust differs: a plain future does nothing until awaited (see the
//! `coroutines` lesson), but a spawned task is *eager*: it runs at once, on any
//! worker thread, whether or not the handle is ever awaited. That is why it must
//! be `Send + 'static`: it owns everything it uses, here its own clone of `cx`.
//!
//! Run it: `cargo run -p examples-tasks -- create-task`
//!
//! You will see the task say `Hello` at 0 s while `main` is still busy, `main`
//! await the handle at 0.5 s, and the task finish at 1 s: `took 1.00xs · ideal 1.000s`.

use anyhow::Result;
use lesson::Ctx;
use tokio::time::sleep;

async fn hello(cx: Ctx) -> &'static str {
    cx.say("task: Hello");
    sleep(cx.secs(1.0)).await;
    cx.say("task: World");
    "done"
}

pub async fn run(cx: &Ctx) -> Result<()> {
    cx.claim(1.0, 1.0);
    cx.say("main: spawning the task");
    // `asyncio.create_task`: from here on the runtime drives the task by itself.
    let task = tokio::spawn(hello(cx.clone()));
    // Half a second of main's own work; the task runs meanwhile.
    sleep(cx.secs(0.5)).await;
    cx.say("main: awaiting the task");
    // The outer `?` is a `JoinError`: the task panicked or was aborted.
    let outcome = task.await?;
    cx.say(format!("main: the task returned {outcome:?}"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(start_paused = true)]
    async fn the_task_runs_before_it_is_awaited() {
        let cx = Ctx::test();
        run(&cx).await.unwrap();
        assert_eq!(
            cx.lines(),
            [
                "[ 0.000s] main: spawning the task",
                "[ 0.000s] task: Hello",
                "[ 0.500s] main: awaiting the task",
                "[ 1.000s] task: World",
                "[ 1.000s] main: the task returned \"done\"",
            ]
        );
        assert_eq!(cx.elapsed(), Duration::from_secs(1));
        assert_eq!(cx.claimed().unwrap().ideal, Duration::from_secs(1));
    }
}
