//! # local-set: tasks that keep `!Send` state, on one thread
//!
//! Run it: `cargo run -p examples-rust -- local-set`
//! Its asyncio twin: `python/local_set.py`, run beside it by
//! `cargo xtask compare local-set`.
//!
//! The asyncio program: three workers append to one list as they finish (0.25,
//! 0.5, 0.75 s), with no lock: asyncio's model, every task on the loop's thread.
//! Then a ticker ticks every 0.25 s while main waits 0.6 s, then 0.5 s more.
//!
//! `tokio::spawn` refuses an `Rc<RefCell<..>>` (send-static). A `LocalSet` runs
//! tasks that need not be `Send`: `spawn_local` puts them on the set, and the set
//! runs them on the thread that drives it, never another, so they may share an
//! `Rc` and borrow a `RefCell`. (`#[tokio::main(flavor = "local")]`, tokio 1.51+,
//! builds a runtime whose `spawn_local` needs no set.)
//!
//! What you give up:
//! - its tasks run only while the set is driven: inside `set.run_until(fut)`, or
//!   while `set.await` waits for them all. Outside, they wait, even when due: the
//!   ticker's third tick, due at 1.5 s while main waits outside, comes at 1.85 s.
//!   asyncio's loop runs every task whenever main waits.
//! - one thread: a multi-thread runtime cannot move them to an idle worker.
//! - `spawn_local` outside a set panics (`spawn_local` called from outside of a
//!   `task::LocalSet` or `runtime::LocalRuntime`).
//! - the compiler's check becomes a run-time one: a `RefCell` borrow held across
//!   an `.await` compiles, and panics ("RefCell already borrowed") when another
//!   task borrows meanwhile (clippy's `await_holding_refcell_ref` warns of it).
//!
//! You will see the workers' log grow at 0.25, 0.5, 0.75 s, ticks at 1.0 and
//! 1.25 s, main wait outside the set from 1.35 s to 1.85 s, and the ticks that
//! asyncio has at 1.5 and 1.75 s come at 1.85 and 2.1 s.

use std::cell::RefCell;
use std::rc::Rc;

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::task::{LocalSet, spawn_local};
use tokio::time::sleep;

async fn worker(id: u32, log: Rc<RefCell<Vec<u32>>>) {
    sleep(secs(0.25 * f64::from(id))).await;
    // The borrow ends with the statement: none is held across an `.await`.
    log.borrow_mut().push(id);
    say!("worker {id}: log {:?}", log.borrow());
}

async fn ticker() {
    for n in 1..=4 {
        sleep(secs(0.25)).await;
        say!("tick {n}");
    }
}

pub async fn main() -> Result<()> {
    // The workers' 0.75 s; then main's 0.6 + 0.5 s and the last tick, 0.25 s after.
    // One by one: the workers' 1.5 s, main's 1.1 s and the ticker's 1.0 s.
    claim(0.75 + 1.35, 1.5 + 1.1 + 1.0);
    // Not `Arc<Mutex<..>>`: the set keeps every task that shares it on this thread.
    let log = Rc::new(RefCell::new(Vec::new()));
    let set = LocalSet::new();
    set.run_until(async {
        let workers: Vec<_> = (1..=3).map(|id| spawn_local(worker(id, Rc::clone(&log)))).collect();
        for worker in workers {
            worker.await?;
        }
        anyhow::Ok(())
    })
    .await?;

    let ticks = set.spawn_local(ticker());
    // The set runs its tasks only while it is driven: here, for 0.6 s.
    set.run_until(sleep(secs(0.6))).await;
    say!("main: waits {:?}", secs(0.5));
    sleep(secs(0.5)).await; // the tick due meanwhile waits: nothing drives the set
    say!("main: back");
    set.run_until(ticks).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn local_tasks_share_an_rc_and_wait_while_the_set_is_not_driven() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 2.100s, one by one 3.600s",
                "[ 0.250s] worker 1: log [1]",
                "[ 0.500s] worker 2: log [1, 2]",
                "[ 0.750s] worker 3: log [1, 2, 3]",
                "[ 1.000s] tick 1",
                "[ 1.250s] tick 2",
                "[ 1.350s] main: waits 500ms",
                "[ 1.850s] main: back",
                "[ 1.850s] tick 3",
                "[ 2.100s] tick 4",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
