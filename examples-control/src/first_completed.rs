//! # first-completed: the first of several futures wins, the others are dropped
//!
//! Run it: `cargo run -p examples-control -- first-completed`
//! Its asyncio twin: `python/first_completed.py`, run beside it by
//! `cargo xtask compare first-completed`.
//!
//! The asyncio program: three tasks of 1, 2 and 3 s, and `asyncio.wait(tasks,
//! return_when=FIRST_COMPLETED)`; then a loop that takes messages from a queue
//! until a deadline, one `asyncio.wait` on a `get` and the deadline per turn.
//!
//! `tokio::select!` polls its branches together and runs the arm of the first
//! one that completes. Where Rust differs: the moment one wins, select! drops
//! the others, and a dropped future stops where it waits (its `Drop` guard, the
//! `finally`, runs at once). `asyncio.wait` returns the losers as `pending`,
//! still running: in the twin, job 2 finishes at 2 s, after the race was won.
//!
//! A future that must live across turns of a loop is made once, outside it, and
//! given to select! as `&mut fut`: the branch then polls it without dropping it,
//! and the deadline stays where it was. A future written inside select! is made
//! anew each turn and dropped whenever another branch wins, so it must lose
//! nothing when dropped mid-way ("cancel safe"): `mpsc::Receiver::recv` is, as a
//! message not yet taken stays in the channel; a read that has filled half a
//! buffer (`read_exact`) is not, and the half is lost. Such a one is made once
//! and polled as `&mut fut`, like the deadline, so it is never dropped mid-way.
//!
//! You will see job 1 win at 1 s, jobs 2 and 3 dropped then, messages at 1.4,
//! 1.8 and 2.2 s, and the deadline at 2.5 s.

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::sync::mpsc;
use tokio::time::sleep;

/// Cleanup that runs however the job ends: `finally`, the Rust way.
struct Cleanup(u32);

impl Drop for Cleanup {
    fn drop(&mut self) {
        say!("job {}: cleanup", self.0);
    }
}

async fn job(id: u32, seconds: f64) -> u32 {
    let _cleanup = Cleanup(id);
    say!("job {id}: started, takes {:?}", secs(seconds));
    sleep(secs(seconds)).await;
    say!("job {id}: done");
    id
}

pub async fn main() -> Result<()> {
    claim(2.5, 2.5);
    let winner = tokio::select! {
        // In the order written (by default select! starts at a random branch, for fairness).
        biased;
        id = job(1, 1.0) => id,
        id = job(2, 2.0) => id,
        id = job(3, 3.0) => id,
    };
    // Jobs 2 and 3 were dropped when job 1 won, before this line.
    say!("main: job {winner} came first");

    let (tx, mut rx) = mpsc::channel(1);
    tokio::spawn(async move {
        for n in 1.. {
            sleep(secs(0.4)).await;
            if tx.send(n).await.is_err() {
                break; // main stopped listening
            }
        }
    });
    // One timer for the whole loop: a `sleep(..)` inside select! would start anew each turn.
    // Pinned, as select! polls it by `&mut` across turns: the `pin` lesson says why.
    let mut deadline = std::pin::pin!(sleep(secs(1.5)));
    loop {
        tokio::select! {
            biased;
            // Cancel safe: when the deadline wins, no message is lost.
            Some(n) = rx.recv() => say!("main: got message {n}"),
            () = &mut deadline => break,
        }
    }
    say!("main: deadline");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_losers_are_dropped_at_once_and_the_deadline_holds_across_turns() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 2.500s",
                "[ 0.000s] job 1: started, takes 1s",
                "[ 0.000s] job 2: started, takes 2s",
                "[ 0.000s] job 3: started, takes 3s",
                "[ 1.000s] job 1: done",
                "[ 1.000s] job 1: cleanup",
                "[ 1.000s] job 2: cleanup",
                "[ 1.000s] job 3: cleanup",
                "[ 1.000s] main: job 1 came first",
                "[ 1.400s] main: got message 1",
                "[ 1.800s] main: got message 2",
                "[ 2.200s] main: got message 3",
                "[ 2.500s] main: deadline",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
