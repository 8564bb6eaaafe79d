//! # task-local: a value for one task's whole call chain, and where it stops
//!
//! Run it: `cargo run -p examples-rust -- task-local`
//! Its asyncio twin: `python/task_local.py`, run beside it by
//! `cargo xtask compare task-local`.
//!
//! The asyncio program: a request id in a `contextvars.ContextVar`, set by main
//! and read deep in the calls (by `log`) with no parameter passed. Two tasks main
//! creates read it too; then main sets 8 for one call, and resets it.
//!
//! `tokio::task_local!` declares such a value; `REQUEST.scope(7, fut)` sets it for
//! everything `fut` runs, and `REQUEST.try_get()` reads it. Where Rust differs:
//! asyncio copies the current context into every new task (`create_task`), so the
//! value follows; `tokio::spawn(fut)` does not: the scope sets the value only while
//! its own future is polled (it swaps it into a thread-local for each poll,
//! `task/task_local.rs`), and the runtime polls a spawned task apart from it. The
//! spawned task sees no value unless it is scoped again, with the value read
//! before spawning: `tokio::spawn(REQUEST.scope(id, fut))`. Without that `scope`,
//! `try_get()` gives `Err(AccessError)` and `get()` panics ("cannot access a
//! task-local storage value without setting it first"). A scope within a scope,
//! like a `ContextVar`'s `set` and `reset`, holds for what it runs, then the outer
//! value is back.
//!
//! You will see main's log say request 7; the task spawned bare see no request id
//! (asyncio's sees 7); the task scoped again see 7; the nested scope see 8, and
//! main 7 again, at 0.25 s steps.

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::time::sleep;

tokio::task_local! {
    static REQUEST: u32;
}

/// Deep in the calls: reads the request id without being handed it.
fn log(what: &str) {
    match REQUEST.try_get() {
        Ok(id) => say!("{what}: request {id}"),
        Err(_) => say!("{what}: no request id"),
    }
}

async fn child(what: &'static str) {
    sleep(secs(0.25)).await;
    log(what);
}

pub async fn main() -> Result<()> {
    claim(1.0, 1.0);
    REQUEST
        .scope(7, async {
            log("main");
            // Polled by the runtime, outside this scope: the task sees no value.
            tokio::spawn(child("spawned")).await?;
            // The value read here, and scoped again inside the task.
            let id = REQUEST.get();
            tokio::spawn(REQUEST.scope(id, child("spawned, scoped"))).await?;
            // A scope within the scope: 8 for this call only.
            REQUEST.scope(8, child("nested scope")).await;
            child("main again").await;
            anyhow::Ok(())
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_spawned_task_sees_the_value_only_when_scoped_again() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 1.000s",
                "[ 0.000s] main: request 7",
                "[ 0.250s] spawned: no request id",
                "[ 0.500s] spawned, scoped: request 7",
                "[ 0.750s] nested scope: request 8",
                "[ 1.000s] main again: request 7",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
