//! # shield: stop waiting, without stopping the work
//!
//! Run it: `cargo run -p examples-control -- shield`
//! Its asyncio twin: `python/shield.py`, run beside it by
//! `cargo xtask compare shield`.
//!
//! The asyncio program: `task = asyncio.create_task(save())`, a job of 2 s;
//! `await asyncio.wait_for(asyncio.shield(task), 1)`, which times out at 1 s
//! and cancels only the shield, not the task; later, `await task` for its result.
//!
//! tokio needs no `shield`: spawn the work, and time out on its `JoinHandle`.
//! When a timeout gives up, the future it was given is dropped with it, and
//! dropping a handle does not cancel its task (see `cancel`). Here it is only
//! `&mut handle`, a borrow, so main still holds the handle and can await the
//! result.
//!
//! You will see the job start, main stop waiting at 1 s while the job goes on,
//! and the job's result at 2 s.

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::time::{sleep, timeout};

async fn save() -> &'static str {
    say!("job: started, takes {:?}", secs(2.0));
    sleep(secs(2.0)).await;
    say!("job: done");
    "saved"
}

pub async fn main() -> Result<()> {
    claim(2.0, 2.0);
    let mut job = tokio::spawn(save());
    // `wait_for(shield(task), 1)`: the timeout lets go of the borrow, the task runs on.
    if timeout(secs(1.0), &mut job).await.is_err() {
        say!("main: no result after {:?}; the job goes on", secs(1.0));
    }
    let result = job.await?;
    say!("main: the job returned {result}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_wait_times_out_the_job_does_not() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 2.000s",
                "[ 0.000s] job: started, takes 2s",
                "[ 1.000s] main: no result after 1s; the job goes on",
                "[ 2.000s] job: done",
                "[ 2.000s] main: the job returned saved",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
