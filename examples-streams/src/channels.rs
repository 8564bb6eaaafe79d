//! # channels: mpsc, oneshot, broadcast and watch side by side
//!
//! Run it: `cargo run -p examples-streams -- channels`
//! Its asyncio twin: `python/channels.py`, run beside it by
//! `cargo xtask compare channels`.
//!
//! The asyncio program: an `asyncio.Queue` two producers put into, a `Future` a
//! task sets, a broadcast by hand (a queue for each listener), and a variable with
//! an `Event` for its latest value. Before 3.13 (`Queue.shutdown()`) asyncio has no
//! queue to close: the twin ends each by hand (a `None` put last, a flag), where
//! tokio's channels end when a side is dropped.
//!
//! | channel     | who sends → who gets  | what is kept      | reach for it for    | asyncio      |
//! |-------------|-----------------------|-------------------|---------------------|--------------|
//! | `mpsc`      | many → one            | every message     | a queue of work     | `Queue`      |
//! | `oneshot`   | one → one, once       | one value         | a reply, a result   | a `Future`   |
//! | `broadcast` | many → every receiver | the last capacity | events all must see | a queue each |
//! | `watch`     | many → every receiver | the newest value  | state: a setting    | a variable   |
//!
//! When every sender is dropped, `mpsc` and `broadcast` receivers get what is
//! left, then `None` or `Err(Closed)`; a `oneshot` receiver gets `Err` at once; a
//! `watch` receiver's `changed()` gives `Err`, and the last value stays readable.
//! When the receivers are dropped, `send` gives the value back in an `Err`.
//! A full `mpsc` makes `send` wait; a full `broadcast` drops its oldest message
//! and tells the slow receiver how many it missed (`Lagged`, see `chat`).
//!
//! You will see each channel in turn: mpsc's two messages and `None` at once;
//! oneshot's value 0.5 s in (a pause, then a task that sends 0.25 s later), then a
//! dropped sender's error; 0.25 s later both broadcast receivers get both messages,
//! then `Closed`; at 1.0 s watch's receiver sees only the second of two values sent
//! at once, and its end 0.25 s later: 1.25 s.

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio::time::sleep;

pub async fn main() -> Result<()> {
    // Five steps of 0.25 s, one after the other.
    claim(1.25, 1.25);
    let (tx, mut rx) = mpsc::channel(8);
    for id in [1, 2] {
        // Each producer owns a clone of the sender: the channel stays open while one lives.
        let tx = tx.clone();
        tokio::spawn(async move { tx.send(format!("hello from {id}")).await });
    }
    drop(tx); // main's own sender too, or `recv()` would wait for it for ever
    while let Some(message) = rx.recv().await {
        say!("mpsc: got {message}");
    }
    say!("end of mpsc: every sender dropped, recv() gave None");

    sleep(secs(0.25)).await;
    let (tx, rx) = oneshot::channel();
    tokio::spawn(async move {
        sleep(secs(0.25)).await;
        tx.send(42)
    });
    say!("oneshot: got {}", rx.await?);
    let (tx, rx) = oneshot::channel::<u32>();
    drop(tx);
    say!("end of oneshot: the sender dropped unsent: {}", rx.await.expect_err("no value"));

    sleep(secs(0.25)).await;
    let (tx, mut first) = broadcast::channel(4);
    let mut second = tx.subscribe(); // only messages sent from now on
    for message in ["v1", "v2"] {
        tx.send(message)?;
    }
    drop(tx);
    for (name, rx) in [("first", &mut first), ("second", &mut second)] {
        while let Ok(message) = rx.recv().await {
            say!("broadcast: {name} got {message}");
        }
        say!("end of broadcast: {name}: every sender dropped, recv() gave Err(Closed)");
    }

    sleep(secs(0.25)).await;
    let (tx, mut rx) = watch::channel(0);
    tx.send(1)?;
    tx.send(2)?; // replaces 1, which nobody saw
    rx.changed().await?;
    say!("watch: saw {}", *rx.borrow_and_update());
    sleep(secs(0.25)).await;
    drop(tx);
    let closed = rx.changed().await.is_err();
    say!("end of watch: the sender dropped: changed() gave Err: {closed}; kept {}", *rx.borrow());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn each_channel_keeps_what_it_says_and_ends_when_its_sender_is_dropped() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 1.250s",
                "[ 0.000s] mpsc: got hello from 1",
                "[ 0.000s] mpsc: got hello from 2",
                "[ 0.000s] end of mpsc: every sender dropped, recv() gave None",
                "[ 0.500s] oneshot: got 42",
                "[ 0.500s] end of oneshot: the sender dropped unsent: channel closed",
                "[ 0.750s] broadcast: first got v1",
                "[ 0.750s] broadcast: first got v2",
                "[ 0.750s] end of broadcast: first: every sender dropped, recv() gave Err(Closed)",
                "[ 0.750s] broadcast: second got v1",
                "[ 0.750s] broadcast: second got v2",
                "[ 0.750s] end of broadcast: second: every sender dropped, recv() gave Err(Closed)",
                "[ 1.000s] watch: saw 2",
                "[ 1.250s] end of watch: the sender dropped: changed() gave Err: true; kept 2",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
