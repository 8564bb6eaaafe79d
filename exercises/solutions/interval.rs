//! # interval: keep the period, don't drift
//!
//! The asyncio program it mirrors, and its drift:
//!
//! ```python
//! async def main():
//!     for _ in range(4):
//!         print(f"{loop.time() - start:.3f} tick")
//!         await work()            # 0.3 s
//!         await asyncio.sleep(1)  # 1 s after the work, not after the last tick
//! ```
//!
//! `ticks` sleeps 1 s after each piece of work, so the ticks come at 0, 1.3, 2.6 and
//! 3.9 s. `tokio::time::interval(1 s)` keeps the period whatever the work takes.
//! Done: ticks at 0, 1, 2 and 3 s.

use std::time::Duration;

use tokio::time::Instant;

async fn work() {
    tokio::time::sleep(Duration::from_millis(300)).await;
}

pub async fn ticks() -> Vec<String> {
    let start = Instant::now();
    let mut lines = Vec::new();
    let mut every = tokio::time::interval(Duration::from_secs(1));
    for _ in 0..4 {
        every.tick().await;
        lines.push(format!("{:.3} tick", start.elapsed().as_secs_f64()));
        work().await;
    }
    lines
}

#[cfg(test)]
mod tests {
    #[tokio::test(start_paused = true)]
    async fn a_tick_every_second() {
        let lines = super::ticks().await;
        assert_eq!(lines, ["0.000 tick", "1.000 tick", "2.000 tick", "3.000 tick"], "ticks");
    }
}
