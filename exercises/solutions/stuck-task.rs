//! # stuck-task: name the await that never ends
//!
//! The asyncio program it mirrors:
//!
//! ```python
//! async def consume(jobs):
//!     got = []
//!     while True:
//!         try:
//!             async with asyncio.timeout(1):
//!                 got.append(await jobs.get())
//!         except TimeoutError:
//!             got.append("no job for 1s at jobs.get()")
//!             return got
//! ```
//!
//! The producer sends two jobs, then never ends and never drops its `Sender` (a bug
//! elsewhere: leave it). So the channel stays open, `recv()` never gives `None`, and
//! `consume` waits for ever; on the paused clock only the test's own 60 s deadline
//! ends it. tokio cannot say where a task waits without a task dump (`--cfg
//! tokio_unstable`), so name the suspect await yourself: `tokio::time::timeout` of
//! 1 s around `jobs.recv()`; when it runs out, push `"no job for 1s at jobs.recv()"`
//! and return. Done: `["job 1", "job 2", "no job for 1s at jobs.recv()"]` after
//! 1.5 s, 1 s after the last job.

use std::time::Duration;

use tokio::sync::mpsc;

/// Two jobs 0.25 s apart, then it waits for ever, its `Sender` still held.
async fn producer(jobs: mpsc::Sender<String>) {
    for n in 1..=2 {
        tokio::time::sleep(Duration::from_millis(250)).await;
        jobs.send(format!("job {n}")).await.expect("the consumer is listening");
    }
    std::future::pending::<()>().await;
}

pub async fn consume(mut jobs: mpsc::Receiver<String>) -> Vec<String> {
    let mut got = Vec::new();
    loop {
        match tokio::time::timeout(Duration::from_secs(1), jobs.recv()).await {
            Ok(Some(job)) => got.push(job),
            Ok(None) => return got, // every Sender dropped: no job can come
            Err(_) => {
                got.push("no job for 1s at jobs.recv()".to_owned());
                return got;
            }
        }
    }
}

pub async fn run() -> Vec<String> {
    let (jobs, inbox) = mpsc::channel(8);
    tokio::spawn(producer(jobs));
    consume(inbox).await
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn the_consumer_names_its_await_and_gives_up() {
        let start = Instant::now();
        // The test's own deadline: when every task waits, the paused clock jumps to it.
        let got = tokio::time::timeout(Duration::from_secs(60), super::run()).await;
        let took = start.elapsed().as_secs_f64();
        assert!(
            took == 1.5,
            "took {took:.3} ideal 1.500: no job comes after 0.5 s; give up 1 s later, not at the \
             test's 60 s deadline"
        );
        let got = got.expect("run ends before the test's deadline");
        assert_eq!(got, ["job 1", "job 2", "no job for 1s at jobs.recv()"], "jobs");
    }
}
