//! # stop-on-signal: a loop that listens for Ctrl-C
//!
//! The asyncio program it mirrors (a `signal.SIGINT` handler sets `stop`):
//!
//! ```python
//! async def ticker(stop: asyncio.Event):
//!     while not stop.is_set():
//!         print("tick")
//!         await asyncio.sleep(1)
//! ```
//!
//! `ticker` ticks every second forever; `stop` stands for Ctrl-C (the program would
//! fill it from `tokio::signal::ctrl_c()`), sent at 2.5 s. Wait for the tick and for
//! the signal at once with `tokio::select!`, and leave the loop when the signal comes.
//! Done: ticks at 0, 1 and 2 s, then "stopped" at 2.5 s, not a tick more.

use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::Instant;

pub async fn ticker(stop: oneshot::Receiver<()>) -> Vec<String> {
    let start = Instant::now();
    let mut lines = Vec::new();
    let mut ticks = tokio::time::interval(Duration::from_secs(1));
    // TODO: select! on `ticks.tick()` and on `&mut stop`; break on the signal.
    let _ = stop;
    loop {
        ticks.tick().await;
        lines.push(format!("{:.3} tick", start.elapsed().as_secs_f64()));
        if lines.len() == 10 {
            break;
        }
    }
    lines.push(format!("{:.3} stopped", start.elapsed().as_secs_f64()));
    lines
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::sync::oneshot;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn the_signal_ends_the_loop() {
        let (ctrl_c, stop) = oneshot::channel();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(2500)).await;
            let _ = ctrl_c.send(());
        });
        let start = Instant::now();
        let lines = super::ticker(stop).await;
        let took = start.elapsed().as_secs_f64();
        assert!(took == 2.5, "took {took:.3} ideal 2.500: the loop never looked at the signal");
        assert_eq!(lines, ["0.000 tick", "1.000 tick", "2.000 tick", "2.500 stopped"], "lines");
    }
}
