//! # async-cleanup: `finally: await conn.close()` when `Drop` cannot await
//!
//! Run it: `cargo run -p examples-rust -- async-cleanup`
//! Its asyncio twin: `python/async_cleanup.py`, run beside it by
//! `cargo xtask compare async-cleanup`.
//!
//! The asyncio program: connections whose `close()` is a 0.25 s goodbye. Conn 1's
//! work fails, and `finally: await conn.close()` closes it; conn 2's `__del__`,
//! which cannot await either, hands the close to a task; conn 3's task serves until
//! an `Event` says stop, then closes, and main awaits it; task 4 is cancelled.
//!
//! `Drop` is Rust's `finally`: it runs however a value goes, but it is a plain
//! `fn` and cannot await (nightly's `async_drop` is an unstable experiment). So:
//! - close explicitly, before the value goes, on every path: keep the work's
//!   outcome, `close().await`, then pass the outcome on (`?` first would skip it);
//! - or let `Drop` hand the close to a task: it needs a runtime (`tokio::spawn`
//!   panics outside one) and nobody waits for it: a runtime that ends first drops it;
//! - or, for a task, a `CancellationToken` it watches, so that it closes by
//!   itself, and a join (`handle.await`) so that main knows the close is done.
//!
//! Where Rust differs: `abort()` drops the task at its `.await`; nothing after it
//! runs, only the `Drop` of what it held: conn 4 is never closed. asyncio's
//! `cancel()` raises `CancelledError` there, and `finally` runs and may await: its
//! conn 4 is closed 0.25 s later (the twin claims 2.0 s, not 1.75 s).
//!
//! You will see conn 1 closed at 0.5 s, before main hears of its error; conn 2
//! let go at 0.75 s and closed by a task at 1.0 s; conn 3 stopped at 1.25 s and
//! joined at 1.5 s, closed; conn 4 dropped, never closed, when aborted at 1.75 s.

use anyhow::{Result, bail};
use lesson::{claim, say, secs};
use tokio::time::sleep;
use tokio_util::sync::CancellationToken;

/// A connection whose close is a goodbye to the peer: a round trip, so async.
struct Conn {
    id: u32,
    closed: bool,
}

impl Conn {
    fn open(id: u32) -> Self {
        say!("conn {id}: open");
        Self { id, closed: false }
    }
    async fn close(mut self) {
        sleep(secs(0.25)).await; // the goodbye's round trip
        self.closed = true;
        say!("conn {}: closed", self.id);
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        if !self.closed {
            say!("conn {}: dropped, never closed", self.id);
        }
    }
}

struct ClosedByATask(Option<Conn>); // a `Conn` whose `Drop` hands the close to a task

impl Drop for ClosedByATask {
    fn drop(&mut self) {
        if let Some(conn) = self.0.take() {
            say!("conn {}: let go; its close goes to a task", conn.id);
            tokio::spawn(conn.close()); // not awaited: nobody learns when, or whether, it ends
        }
    }
}

async fn work(conn: &Conn) -> Result<()> {
    sleep(secs(0.25)).await;
    bail!("conn {}: the peer said no", conn.id)
}

pub async fn main() -> Result<()> {
    claim(1.75, 2.0);
    let conn = Conn::open(1);
    let outcome = work(&conn).await; // kept, not `?`: the close comes first
    conn.close().await;
    if let Err(err) = outcome {
        say!("main: {err}");
    }

    let conn = ClosedByATask(Some(Conn::open(2)));
    sleep(secs(0.25)).await;
    drop(conn);

    let stop = CancellationToken::new();
    // The task owns its clone of the token, and the connection it serves.
    let worker = tokio::spawn({
        let stop = stop.clone();
        async move {
            let conn = Conn::open(3);
            stop.cancelled().await; // serves until told to stop
            say!("conn 3: told to stop");
            conn.close().await;
        }
    });
    sleep(secs(0.5)).await;
    stop.cancel();
    worker.await?; // the join: once it returns, conn 3 is closed
    say!("main: worker 3 joined");

    let task = tokio::spawn(async {
        let conn = Conn::open(4);
        sleep(secs(10.0)).await; // aborted here: the task is dropped at this `.await`
        conn.close().await; // never reached
    });
    sleep(secs(0.25)).await;
    task.abort();
    if task.await.is_err_and(|err| err.is_cancelled()) {
        say!("main: task 4 cancelled");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn closes_that_await_and_the_one_an_abort_skips() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 1.750s, one by one 2.000s",
                "[ 0.000s] conn 1: open",
                "[ 0.500s] conn 1: closed",
                "[ 0.500s] main: conn 1: the peer said no",
                "[ 0.500s] conn 2: open",
                "[ 0.750s] conn 2: let go; its close goes to a task",
                "[ 0.750s] conn 3: open",
                "[ 1.000s] conn 2: closed",
                "[ 1.250s] conn 3: told to stop",
                "[ 1.500s] conn 3: closed",
                "[ 1.500s] main: worker 3 joined",
                "[ 1.500s] conn 4: open",
                "[ 1.750s] conn 4: dropped, never closed",
                "[ 1.750s] main: task 4 cancelled",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
