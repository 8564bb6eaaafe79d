//! # event-loop: the runtime, built and shut down by hand
//!
//! Run it: `cargo run -p examples-basic -- event-loop`
//! Its asyncio twin: `python/event_loop.py`, run beside it by
//! `cargo xtask compare event-loop`.
//!
//! Older asyncio code does by hand what `asyncio.run` hides: it makes an event
//! loop, runs one coroutine on it until it completes (`run_until_complete`),
//! then closes the loop. Here is the tokio twin of each step.
//!
//! `#[tokio::main]` (the `hello` lesson) writes the same steps for you, with other
//! choices: `Builder::new_multi_thread().enable_all().build().expect(..)
//! .block_on(body)`, a worker thread per core, every driver (timers, I/O,
//! signals), and at the end a plain drop of the runtime, which waits for blocking
//! work (`spawn_blocking`) as long as it takes. This lesson builds a one-thread
//! runtime with the timer alone, as asyncio's loop is one thread, and shuts it
//! down with `shutdown_timeout`, which waits for blocking work at most 1 s.
//!
//! You will see `Hello`, `World` one second later, then `runtime shut down`.

use std::time::Duration;

use anyhow::{Context as _, Result};
use lesson::{claim, say, secs};
use tokio::runtime::{Builder, Runtime};
use tokio::time::sleep;

pub fn main() -> Result<()> {
    // `loop = asyncio.new_event_loop()`. A current-thread runtime runs every task
    // on this one thread, like asyncio's loop; `new_multi_thread` would add a
    // worker per core. Enable only the drivers the code uses: here, timers.
    let runtime =
        Builder::new_current_thread().enable_time().build().context("building the runtime")?;
    run_until_complete(runtime)
}

pub fn run_until_complete(runtime: Runtime) -> Result<()> {
    // `loop.run_until_complete(hello())`: drive the future on this thread until
    // it is done. Nothing runs before this call: the future is only a value.
    runtime.block_on(hello());
    // `loop.close()`. Dropping the runtime does this too; shutting it down by hand
    // says how long to wait for blocking work. Tasks still pending are dropped.
    runtime.shutdown_timeout(Duration::from_secs(1));
    say!("runtime shut down");
    Ok(())
}

async fn hello() {
    claim(1.0, 1.0);
    say!("Hello");
    sleep(secs(1.0)).await;
    say!("World");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_the_coroutine_to_completion_then_shuts_down() {
        // The same steps as `main`, with the runtime's clock paused so that the
        // second of sleep is virtual and the time stamps exact.
        let runtime =
            Builder::new_current_thread().enable_time().start_paused(true).build().unwrap();
        // Made inside the runtime, the recording reads the paused clock.
        let run = runtime.block_on(async { lesson::test() });
        run_until_complete(runtime).unwrap();
        let lines = run.lines();
        assert_eq!(lines[..3], ["claim: ideal 1.000s", "[ 0.000s] Hello", "[ 1.000s] World"]);
        // Once the runtime is gone, so is its paused clock: that line's stamp is not virtual.
        assert!(lines[3].ends_with("] runtime shut down"), "{lines:?}");
        assert_eq!(lines.len(), 4);
    }
}
