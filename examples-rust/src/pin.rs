//! # pin: why `select!` in a loop needs its future pinned
//!
//! Run it: `cargo run -p examples-rust -- pin`
//! Its asyncio twin: `python/pin.py`, run beside it by `cargo xtask compare pin`.
//!
//! The asyncio program: messages every 0.4 s, taken in a loop until one deadline
//! made before the loop; then each of two coroutines, picked at run time, awaited.
//!
//! A loop that races a message against one deadline polls the same `Sleep` turn
//! after turn, through `&mut deadline`, without giving it up. Polling takes
//! `Pin<&mut Self>`: the promise that the value stays where it is from its first
//! poll to its drop. Some futures need it: tokio's timer wheel keeps a pointer to
//! the `Sleep`'s entry (a link in its intrusive list, `runtime/time/entry.rs`), and
//! an `async` block that holds a borrow of its own local across an `.await` points
//! into itself. Such a future is `!Unpin`, and `&mut fut` is a future only when
//! `fut` is `Unpin` or pinned: without the `pin!` below, `&mut deadline` does not
//! compile ("`PhantomPinned` cannot be unpinned", E0277). `.await` pins for you.
//!
//! Two ways to pin: `std::pin::pin!(fut)` (or `tokio::pin!(fut)`, the older
//! macro that shadows the name) pins on this stack frame, free, for as long as
//! the frame; `Box::pin(fut)` pins on the heap, one allocation, and the box may
//! move, be stored, returned, or hold futures of different types as one
//! `Pin<Box<dyn Future<Output = T>>>`: two `async` blocks are two types, so an
//! `if` that picks one must box both.
//!
//! Met before: `hand-made-future`'s `poll(self: Pin<&mut Self>, ..)` asks nothing
//! of it, whose fields are all `Unpin` (no pointer into itself), so `&mut fut`
//! is a future there with no `pin!`; `first-completed` pins its deadline as here;
//! `what-a-task-costs` boxes a big future with `Box::pin`. CPython never moves an
//! object once made, a coroutine included, so asyncio has nothing to pin.
//!
//! You will see messages 1 and 2 at 0.4 and 0.8 s and the deadline at 1.0 s, made
//! once and kept across the turns; then the quick plan at once and the slow one
//! 0.5 s later, at 1.5 s.

use std::future::Future;
use std::pin::{Pin, pin};

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::sync::mpsc;
use tokio::time::sleep;

/// One of two plans, picked at run time: two `async` blocks, two types, one box type.
fn plan(urgent: bool) -> Pin<Box<dyn Future<Output = &'static str>>> {
    if urgent {
        Box::pin(async { "the quick plan" })
    } else {
        Box::pin(async {
            sleep(secs(0.5)).await;
            "the slow plan"
        })
    }
}

pub async fn main() -> Result<()> {
    claim(1.0 + 0.5, 1.0 + 0.5);
    let (tx, mut rx) = mpsc::channel(1);
    tokio::spawn(async move {
        for n in 1.. {
            sleep(secs(0.4)).await;
            if tx.send(n).await.is_err() {
                break; // main stopped listening
            }
        }
    });
    // One deadline for the whole loop. `select!` polls it by reference, turn after
    // turn, so it must not move between polls: pinned here, on this stack frame.
    let mut deadline = pin!(sleep(secs(1.0)));
    loop {
        tokio::select! {
            biased;
            Some(n) = rx.recv() => say!("message {n}"),
            () = &mut deadline => break,
        }
    }
    say!("deadline");
    // A boxed future is pinned already: `.await` it, keep it, return it.
    say!("{}", plan(true).await);
    say!("{}", plan(false).await);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn one_pinned_deadline_holds_across_the_turns() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 1.500s",
                "[ 0.400s] message 1",
                "[ 0.800s] message 2",
                "[ 1.000s] deadline",
                "[ 1.000s] the quick plan",
                "[ 1.500s] the slow plan",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
