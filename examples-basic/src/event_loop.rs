//! # event-loop: the runtime, built and shut down by hand
//!
//! Older asyncio code does by hand what `asyncio.run` hides: it gets an event loop,
//! runs one coroutine on it until it completes (`loop.run_until_complete`), then
//! closes the loop. Here is the tokio equivalent of each step; `#[tokio::main]`
//! (the `hello` lesson) writes exactly this for you.
//!
//! Run it: `cargo run -p examples-basic -- event-loop`
//!
//! You will see `Hello`, `World` one second later, then a line saying the
//! runtime was shut down, and `took 1.00xs · ideal 1.000s`.

use std::time::Duration;

use anyhow::{Context as _, Result};
use lesson::Ctx;
use tokio::runtime::{Builder, Runtime};

use crate::hello::hello;

pub fn main(cx: &Ctx) -> Result<()> {
    // `loop = asyncio.new_event_loop()`. A current-thread runtime runs every task
    // on this one thread, like asyncio's loop; `new_multi_thread` would add a
    // worker per core. Enable only the drivers the code uses: here, timers.
    let runtime =
        Builder::new_current_thread().enable_time().build().context("building the runtime")?;
    run_until_complete(runtime, cx)
}

pub fn run_until_complete(runtime: Runtime, cx: &Ctx) -> Result<()> {
    // `loop.run_until_complete(hello())`: drive the future on this thread until
    // it is done. Nothing runs until this call: the future is only a value before.
    let result = runtime.block_on(hello(cx));
    // `loop.close()`. Dropping the runtime does this too; shutting it down by hand
    // says how long to wait for blocking work. Tasks still pending are dropped.
    runtime.shutdown_timeout(Duration::from_secs(1));
    cx.note("runtime shut down");
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_the_coroutine_to_completion_then_shuts_down() {
        // The same steps as `main`, with the runtime's clock paused so that the
        // second of sleep is virtual and the timestamps exact.
        let runtime =
            Builder::new_current_thread().enable_time().start_paused(true).build().unwrap();
        // Made inside the runtime, the context reads the paused clock.
        let cx = runtime.block_on(async { Ctx::test() });
        run_until_complete(runtime, &cx).unwrap();
        assert_eq!(cx.lines(), ["[ 0.000s] Hello", "[ 1.000s] World", "runtime shut down"]);
    }
}
