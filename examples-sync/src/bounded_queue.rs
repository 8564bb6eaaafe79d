//! # bounded-queue: a fast producer waits for a slow consumer
//!
//! Run it: `cargo run -p examples-sync -- bounded-queue`
//! Its asyncio twin: `python/bounded_queue.py`, run beside it by
//! `cargo xtask compare bounded-queue`.
//!
//! The asyncio program: `queue = asyncio.Queue(maxsize=2)`, a producer task that
//! puts 5 items as fast as it can, and main taking them one a second.
//!
//! `tokio::sync::mpsc::channel(2)` holds at most 2 items not yet received, and
//! `send(item).await` waits while it is full, as `await queue.put(item)` does.
//! That wait is the back-pressure: the producer goes at the consumer's pace, and
//! no more than 2 items wait in memory. (`unbounded_channel` never makes it wait.)
//!
//! When the producer is done it drops its `Sender`, and the consumer's `recv()`
//! returns `None` once the queue is empty. An asyncio queue cannot be closed
//! before Python 3.13 (`Queue.shutdown`): the twin puts a `None` at the end instead.
//!
//! You will see `put 0` and `put 1` at once, then each other `put` only when the
//! consumer takes an item, once a second; the whole takes the consumer's 5 s.

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::sync::mpsc;
use tokio::time::sleep;

async fn produce(queue: mpsc::Sender<u32>) -> Result<()> {
    for item in 0..5 {
        // `await queue.put(item)`: waits while 2 items are still waiting to be taken.
        queue.send(item).await?;
        say!("producer: put {item}");
    }
    say!("producer: done");
    Ok(())
} // `queue` is dropped here: the channel closes once the consumer has taken the rest.

pub async fn main() -> Result<()> {
    // The consumer sets the pace, 5 items at 1 s each; the producer adds no time.
    claim(5.0, 5.0);
    let (queue, mut items) = mpsc::channel(2);
    let producer = tokio::spawn(produce(queue));
    while let Some(item) = items.recv().await {
        say!("consumer: got {item}");
        sleep(secs(1.0)).await;
    }
    say!("consumer: the queue is closed and empty");
    producer.await??;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn each_put_waits_for_room() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 5.000s",
                "[ 0.000s] producer: put 0",
                "[ 0.000s] producer: put 1",
                "[ 0.000s] consumer: got 0",
                "[ 0.000s] producer: put 2",
                "[ 1.000s] consumer: got 1",
                "[ 1.000s] producer: put 3",
                "[ 2.000s] consumer: got 2",
                "[ 2.000s] producer: put 4",
                "[ 2.000s] producer: done",
                "[ 3.000s] consumer: got 3",
                "[ 4.000s] consumer: got 4",
                "[ 5.000s] consumer: the queue is closed and empty",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
