//! # shutdown: on Ctrl-C, take no new work, let the work in flight finish
//!
//! Run it: `cargo run -p examples-control -- shutdown --wait-for-ctrl-c`, then
//! press Ctrl-C. Without the flag, a stand-in for Ctrl-C comes after 1 s.
//! Its asyncio twin: `python/shutdown.py`, run beside it by
//! `cargo xtask compare shutdown`.
//!
//! The asyncio program: a server loop starts a job every 0.6 s (1.2 s each,
//! every other one 4 s); `loop.add_signal_handler(SIGINT, stop.set)`; once `stop`
//! is set, `asyncio.wait(jobs, timeout=1)`, then return, which cancels the rest.
//!
//! `tokio::signal::ctrl_c()` is the signal handler; tokio-util's
//! `CancellationToken` is the `stop` event, seen by every clone of it; its
//! `TaskTracker` counts the jobs in flight and waits for them, keeping no
//! results. When main returns, the runtime drops the jobs still running, and
//! their `Drop` guards run. Once the program handles Ctrl-C, Ctrl-C no longer
//! kills it: a second one exits at once, with status 130.
//!
//! You will see two jobs start, the stop at 1 s, job 1 finish at 1.2 s, and at
//! 2 s job 2 given up on and dropped; the program exits with status 0.

use anyhow::{Error, Result};
use lesson::{args, claim, say, secs};
use tokio::signal::ctrl_c;
use tokio::time::{interval, sleep, timeout};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// Cleanup that runs however the job ends: `finally`, the Rust way.
struct Cleanup(u32);

impl Drop for Cleanup {
    fn drop(&mut self) {
        say!("job {}: cleanup", self.0);
    }
}

async fn job(id: u32, seconds: f64) {
    let _cleanup = Cleanup(id);
    say!("job {id}: started, takes {:?}", secs(seconds));
    sleep(secs(seconds)).await;
    say!("job {id}: done");
}

/// A new job every 0.6 s, until `stop` is cancelled.
async fn serve(stop: CancellationToken, jobs: TaskTracker) {
    let mut arrivals = interval(secs(0.6));
    for id in 1.. {
        tokio::select! {
            () = stop.cancelled() => break,
            _ = arrivals.tick() => {
                jobs.spawn(job(id, if id % 2 == 1 { 1.2 } else { 4.0 }));
            }
        }
    }
}

pub async fn main() -> Result<()> {
    // `--wait-for-ctrl-c`: only a real Ctrl-C stops the server (and no claim: you decide).
    let wait_for_ctrl_c = wait_for_ctrl_c(&args().collect::<Vec<_>>()).map_err(Error::msg)?;
    if !wait_for_ctrl_c {
        claim(2.0, 2.0);
    }
    run(wait_for_ctrl_c).await
}

/// The one argument this lesson takes: `--wait-for-ctrl-c`, or none.
pub fn wait_for_ctrl_c(args: &[String]) -> Result<bool, String> {
    match args.iter().find(|arg| *arg != "--wait-for-ctrl-c") {
        Some(other) => Err(format!("unknown option '{other}'; shutdown takes --wait-for-ctrl-c")),
        None => Ok(!args.is_empty()),
    }
}

async fn run(wait_for_ctrl_c: bool) -> Result<()> {
    let (stop, jobs) = (CancellationToken::new(), TaskTracker::new());
    // The server runs as a task of its own, while main waits for the signal.
    let server = tokio::spawn(serve(stop.clone(), jobs.clone()));
    if wait_for_ctrl_c {
        say!("main: serving; press Ctrl-C to stop");
    } else {
        say!("main: serving; unattended, a stand-in for Ctrl-C comes after {:?}", secs(1.0));
    }
    tokio::select! {
        signal = ctrl_c() => signal?,
        // `, if ..`: a branch only select! polls when the condition holds.
        () = sleep(secs(1.0)), if !wait_for_ctrl_c => {}
    }
    // Every clone of the token sees this: the server takes no new job.
    stop.cancel();
    server.await?;
    // Closed: `wait()` ends once the jobs in it have, as no new one can come.
    jobs.close();
    say!("main: stopping with {} in flight; waiting up to {:?}", jobs.len(), secs(1.0));
    let finished = tokio::select! {
        finished = timeout(secs(1.0), jobs.wait()) => finished.is_ok(),
        signal = ctrl_c() => {
            signal?;
            say!("main: a second Ctrl-C: exiting at once");
            std::process::exit(130); // at once: no task, no Drop guard runs any more
        }
    };
    if finished {
        say!("main: every job finished");
    } else {
        say!("main: {} still running at the deadline; dropped as main returns", jobs.len());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::runtime::Builder;

    #[test]
    fn the_job_in_flight_finishes_the_straggler_is_dropped() {
        // As `#[tokio::main(flavor = "current_thread")]`: run main, drop the runtime.
        let runtime =
            Builder::new_current_thread().enable_all().start_paused(true).build().unwrap();
        let run = runtime.block_on(async { lesson::test() });
        runtime.block_on(main()).unwrap();
        assert_eq!(runtime.block_on(async { run.elapsed() }), run.claim().ideal);
        drop(runtime);
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 2.000s",
                "[ 0.000s] main: serving; unattended, a stand-in for Ctrl-C comes after 1s",
                "[ 0.000s] job 1: started, takes 1.2s",
                "[ 0.600s] job 2: started, takes 4s",
                "[ 1.000s] main: stopping with 2 in flight; waiting up to 1s",
                "[ 1.200s] job 1: done",
                "[ 1.200s] job 1: cleanup",
                "[ 2.000s] main: 1 still running at the deadline; dropped as main returns",
                "[ 2.000s] job 2: cleanup",
            ]
        );
    }
}
