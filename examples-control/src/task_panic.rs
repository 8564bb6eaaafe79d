//! # task-panic: a task that panics ends alone; its handle keeps the panic
//!
//! Run it: `cargo run -p examples-control -- task-panic`
//! Its asyncio twin: `python/task_panic.py`, run beside it by
//! `cargo xtask compare task-panic`.
//!
//! The asyncio program: three tasks; job 1 raises at 0.5 s, job 3 at 0.25 s, job 2
//! returns at 1 s. main awaits job 2, then job 1: the task kept its exception since
//! 0.5 s, and `await` raises it in main. Nobody awaits job 3: asyncio logs "Task
//! exception was never retrieved" when the task is garbage-collected, which in
//! CPython is at once, at 0.25 s: the loop holds tasks only weakly.
//!
//! In tokio a panic in a spawned task is caught by the runtime at the edge of the
//! task: that task ends, every other task and main go on, and the task's
//! `JoinHandle` gives `Err(JoinError)` to whoever awaits it. `is_panic()` tells a
//! panic from an abort (`is_cancelled()`); `into_panic()` hands back what `panic!`
//! was given (a `String` when it had arguments to format, a `&'static str` when
//! not); `std::panic::resume_unwind(payload)` panics again with it, here, as a bare
//! `raise` would. `?` on the `JoinError` makes it an error of main instead.
//!
//! The panic hook prints each panic on stderr the moment it happens, handle kept
//! or not: a dropped handle loses the `JoinError`, not the message, as job 3 shows.
//!
//! A panic in main's own future is not caught: it unwinds out of `block_on` (out
//! of `#[tokio::main]`) and ends the program with exit status 101.
//! (`Builder::unhandled_panic(ShutdownRuntime)`, which would end the runtime at a
//! task's panic, needs `--cfg tokio_unstable`.)
//!
//! You will see the three jobs start, job 2 return at 1 s, then main get job 1's
//! panic message at 1 s, kept since 0.5 s. Of job 3, nothing on stdout.

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::time::sleep;

async fn job(id: u32, seconds: f64, panics: bool) -> u32 {
    say!("job {id}: started");
    sleep(secs(seconds)).await;
    if panics {
        // The hook prints this on stderr now; the task ends here, and nothing else does.
        panic!("job {id} went wrong");
    }
    say!("job {id}: done");
    id
}

pub async fn main() -> Result<()> {
    claim(1.0, 1.75);
    let failing = tokio::spawn(job(1, 0.5, true));
    let healthy = tokio::spawn(job(2, 1.0, false));
    // No one keeps job 3's handle: its JoinError is dropped with the task.
    drop(tokio::spawn(job(3, 0.25, true)));
    say!("main: job 2 returned {}", healthy.await?);
    // Job 1 panicked at 0.5 s; its handle has kept the panic until this await.
    match failing.await {
        Ok(id) => say!("main: job {id} returned"),
        Err(err) if err.is_panic() => {
            let payload = err.into_panic(); // Box<dyn Any + Send>: what panic! was given
            let message = payload.downcast_ref::<String>().map_or("?", String::as_str);
            say!("main: job 1 failed: {message}");
        }
        Err(aborted) => return Err(aborted.into()),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_panic_waits_in_the_handle_and_the_others_go_on() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 1.000s, one by one 1.750s",
                "[ 0.000s] job 1: started",
                "[ 0.000s] job 2: started",
                "[ 0.000s] job 3: started",
                "[ 1.000s] job 2: done",
                "[ 1.000s] main: job 2 returned 2",
                "[ 1.000s] main: job 1 failed: job 1 went wrong",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }

    /// `resume_unwind` in main's own task: nothing catches it, the test (a program) ends.
    #[tokio::test(start_paused = true)]
    #[should_panic(expected = "job 1 went wrong")]
    async fn a_panic_resumed_in_main_ends_it() {
        let _run = lesson::test();
        let joined = tokio::spawn(job(1, 0.5, true)).await;
        if let Err(err) = joined {
            std::panic::resume_unwind(err.into_panic());
        }
    }
}
