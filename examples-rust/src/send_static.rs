//! # send-static: why `tokio::spawn` asks for `Send + 'static`
//!
//! Run it: `cargo run -p examples-rust -- send-static`
//! Its asyncio twin: `python/send_static.py`, run beside it by
//! `cargo xtask compare send-static`.
//!
//! The asyncio program: main names a report and a task writes it while main goes
//! on with the name; then three tasks count their visits in a shared counter and
//! append to a shared log under an `asyncio.Lock` held across a sleep. asyncio asks
//! nothing of them: every task runs on the loop's one thread, and a task keeps
//! what it uses alive by holding a reference to it.
//!
//! `tokio::spawn` asks its future to be `Send + 'static` (the bound is on the
//! function, so a current-thread runtime asks it too). `'static`: the task may
//! outlive the function that spawned it, so it must own what it uses or share it
//! by `Arc`, never borrow a local. `Send`: a multi-thread runtime may move the
//! task to another thread at any `.await`, so what it holds across one must be
//! `Send`. Three programs the compiler refuses, each beside its fix below, are in
//! `tests/wont_compile/`; `tests/wont_compile.rs` compiles each and checks the error:
//!
//! - `borrows_a_local.rs`: the writer borrowing main's `String`: error[E0373]
//!   "async block may outlive the current function". Fix: `async move` on a clone.
//! - `rc_across_await.rs`: the counter in an `Rc<Cell<u32>>`: "future cannot be
//!   sent between threads safely" (no error code; the note names `Rc`, whose
//!   count is not atomic). Fix: `Arc`, whose count is, around a `Mutex`.
//! - `std_guard_across_await.rs`: a `std::sync::MutexGuard` held across the
//!   sleep: the same error, naming the guard (a std mutex must be unlocked on
//!   the thread that locked it). Fix: a block that drops the guard before the
//!   `.await`, or tokio's `Mutex`, whose guard is `Send` and may be held across one.
//!
//! (A `&local` moved into the task is E0597 instead, "borrowed value does not live
//! long enough"; the fix is the same.)
//!
//! You will see main still use the name at 0 s, the report written at 0.5 s, the
//! visits counted 1, 2, 3 at once, and the log grow one entry every 0.25 s: at
//! 0.75, 1.0 and 1.25 s, as each task waits for the lock the one before holds.

use std::sync::{Arc, Mutex};

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::time::sleep;

pub async fn main() -> Result<()> {
    // The writer's 0.5 s, then three turns of 0.25 s under one lock.
    claim(0.5 + 0.75, 0.5 + 0.75);
    let report = String::from("report.txt");
    // The task may outlive this function, so it owns its own copy of the name.
    let writer = tokio::spawn({
        let report = report.clone();
        async move {
            sleep(secs(0.5)).await;
            say!("writer: wrote {report}");
        }
    });
    say!("main: still has {report}");
    writer.await?;

    // Shared by every task: `Arc`, not `Rc`, and each task owns a clone of it.
    let visits = Arc::new(Mutex::new(0));
    let log = Arc::new(tokio::sync::Mutex::new(Vec::new()));
    let mut tasks = Vec::new();
    for id in 1..=3 {
        let (visits, log) = (Arc::clone(&visits), Arc::clone(&log));
        tasks.push(tokio::spawn(async move {
            let visit = {
                let mut visits = visits.lock().expect("no task panics holding it");
                *visits += 1;
                *visits
            }; // The std guard is dropped here, before any `.await`: it is not `Send`.
            say!("task {id}: visit {visit}");
            // tokio's guard is `Send`: held across the sleep, it keeps the others out.
            let mut log = log.lock().await;
            sleep(secs(0.25)).await;
            log.push(id);
            say!("task {id}: log {log:?}");
        }));
    }
    for task in tasks {
        task.await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_fixes_run_and_the_lock_takes_turns() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 1.250s",
                "[ 0.000s] main: still has report.txt",
                "[ 0.500s] writer: wrote report.txt",
                "[ 0.500s] task 1: visit 1",
                "[ 0.500s] task 2: visit 2",
                "[ 0.500s] task 3: visit 3",
                "[ 0.750s] task 1: log [1]",
                "[ 1.000s] task 2: log [1, 2]",
                "[ 1.250s] task 3: log [1, 2, 3]",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
