//! # main-returns: a task still running when main returns
//!
//! Run it: `cargo run -p examples-tasks -- main-returns`
//! Its asyncio twin: `python/main_returns.py`, run beside it by
//! `cargo xtask compare main-returns`.
//!
//! The asyncio program: main creates a task that would sleep 10 s, sleeps 1 s
//! itself, and returns. `asyncio.run` then cancels the task: `CancelledError`
//! is raised inside it at its `await`, so its `except` and `finally` blocks
//! run, and may even await.
//!
//! tokio does less. When main returns, the runtime shuts down and drops every
//! task still running: no error is raised in it and no more of its code runs,
//! but what it owns is dropped, so a `Drop` guard is where its cleanup goes.
//! Never count on a spawned task to finish unless something awaits it.
//!
//! You will see the task start, main return at 1 s, and the task's guard
//! dropped right after, without its `finished` line.

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::time::sleep;

/// Cleanup that runs however the task ends: `finally`, the Rust way.
struct Cleanup;

impl Drop for Cleanup {
    fn drop(&mut self) {
        say!("background: dropped; its guard cleans up, and no more of its code runs");
    }
}

async fn background() {
    let _cleanup = Cleanup;
    say!("background: started");
    sleep(secs(10.0)).await;
    say!("background: finished");
}

pub async fn main() -> Result<()> {
    claim(1.0, 1.0);
    // Nobody keeps the handle: the task runs on its own, until the runtime goes.
    tokio::spawn(background());
    sleep(secs(1.0)).await;
    say!("main: returning");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::runtime::Builder;

    #[test]
    fn the_task_is_dropped_when_the_runtime_shuts_down() {
        // As `#[tokio::main(flavor = "current_thread")]` does: run main, then drop the
        // runtime. The clock is paused, so the 1 s is virtual.
        let runtime =
            Builder::new_current_thread().enable_time().start_paused(true).build().unwrap();
        let run = runtime.block_on(async { lesson::test() });
        runtime.block_on(main()).unwrap();
        assert_eq!(runtime.block_on(async { run.elapsed() }), run.claim().ideal);
        drop(runtime);
        let lines = run.lines();
        assert_eq!(
            lines[..4],
            [
                "claim: ideal 1.000s",
                "[ 0.000s] background: started",
                "[ 1.000s] main: returning",
                // Dropped while the runtime shuts down, on its (paused) clock.
                "[ 1.000s] background: dropped; its guard cleans up, and no more of its code runs",
            ]
        );
        assert_eq!(lines.len(), 4, "{lines:#?}");
    }
}
