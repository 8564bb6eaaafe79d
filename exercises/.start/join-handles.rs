//! # join-handles: wait for the tasks you spawned
//!
//! The asyncio program it mirrors:
//!
//! ```python
//! async def main():
//!     tasks = [asyncio.create_task(work(name, s)) for name, s in [("a", 1), ("b", 2)]]
//!     await asyncio.gather(*tasks)
//! ```
//!
//! `run` spawns two tasks that each log a line, then returns at once: the tasks are
//! still asleep and the log is empty (when a tokio runtime ends, its tasks are dropped,
//! as asyncio cancels the pending ones). Keep the `JoinHandle`s and await them. Done:
//! the log is `["1.000 a", "2.000 b"]`, 2 s in all.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

async fn work(log: Arc<Mutex<Vec<String>>>, start: Instant, name: &str, seconds: u64) {
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    let line = format!("{:.3} {name}", start.elapsed().as_secs_f64());
    log.lock().expect("no task panicked holding the log").push(line);
}

pub async fn run() -> Vec<String> {
    let start = Instant::now();
    let log = Arc::new(Mutex::new(Vec::new()));
    // TODO: keep what spawn returns, and await it before reading the log.
    tokio::spawn(work(log.clone(), start, "a", 1));
    tokio::spawn(work(log.clone(), start, "b", 2));
    let lines = log.lock().expect("no task panicked holding the log").clone();
    lines
}

#[cfg(test)]
mod tests {
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn both_tasks_finish_before_run_returns() {
        let start = Instant::now();
        let lines = super::run().await;
        let took = start.elapsed().as_secs_f64();
        assert_eq!(lines, ["1.000 a", "2.000 b"], "log");
        assert!(took == 2.0, "took {took:.3} ideal 2.000: the two tasks run at once");
    }
}
