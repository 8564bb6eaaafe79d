//! # set-result: a slot filled by another task
//!
//! The asyncio program it mirrors:
//!
//! ```python
//! async def main():
//!     slot = asyncio.get_running_loop().create_future()
//!     asyncio.create_task(fill(slot))      # slot.set_result(42) after 2 s
//!     return await slot
//! ```
//!
//! A `tokio::sync::oneshot` channel is that slot: the `Sender` fills it once, the
//! `Receiver` awaits it. `run` awaits the slot before the task that fills it is
//! spawned, so nothing ever fills it (the test gives up after 60 s of virtual time).
//! Done: 42, at 2 s.

use std::time::Duration;

use tokio::sync::oneshot;

async fn fill(slot: oneshot::Sender<u32>) {
    tokio::time::sleep(Duration::from_secs(2)).await;
    let _ = slot.send(42);
}

pub async fn run() -> u32 {
    let (slot, filled) = oneshot::channel();
    // TODO: start the filler first, then wait.
    let value = filled.await.expect("the filler sends before it ends");
    tokio::spawn(fill(slot));
    value
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn the_slot_is_filled_after_two_seconds() {
        let start = Instant::now();
        let value = tokio::time::timeout(Duration::from_secs(60), super::run()).await;
        let took = start.elapsed().as_secs_f64();
        assert!(
            took == 2.0,
            "took {took:.3} ideal 2.000: the slot was awaited before anyone could fill it"
        );
        assert_eq!(value.ok(), Some(42), "value");
    }
}
