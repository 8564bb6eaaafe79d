//! # workers: three workers drain one queue, then stop
//!
//! The asyncio program it mirrors:
//!
//! ```python
//! async def worker(name, queue, done):
//!     while (job := await queue.get()) is not None:
//!         await asyncio.sleep(1)
//!         done.append(job)
//! ```
//!
//! with a `None` put on the queue for each worker when the jobs run out. In tokio the
//! end of a queue is the last `Sender` dropped: `recv()` then gives `None`. `run`
//! keeps its sender, so the workers wait for ever. Done: 6 jobs of 1 s on 3 workers
//! take 2 s, every job done once, and all three workers end.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, mpsc};

async fn worker(queue: Arc<Mutex<mpsc::Receiver<u32>>>) -> Vec<u32> {
    let mut done = Vec::new();
    loop {
        // The lock is held only to take one job, not while it is worked on.
        let job = queue.lock().await.recv().await;
        let Some(job) = job else { return done };
        tokio::time::sleep(Duration::from_secs(1)).await;
        done.push(job);
    }
}

pub async fn run() -> Vec<u32> {
    let (jobs, queue) = mpsc::channel(10);
    let queue = Arc::new(Mutex::new(queue));
    let workers: Vec<_> = (0..3).map(|_| tokio::spawn(worker(queue.clone()))).collect();
    for job in 1..=6 {
        jobs.send(job).await.expect("the workers hold the queue");
    }
    drop(jobs);
    let mut done = Vec::new();
    for worker in workers {
        done.extend(worker.await.expect("a worker does not panic"));
    }
    done.sort();
    done
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn every_worker_finishes() {
        let start = Instant::now();
        let done = tokio::time::timeout(Duration::from_secs(60), super::run()).await;
        let took = start.elapsed().as_secs_f64();
        assert!(took == 2.0, "took {took:.3} ideal 2.000: the workers never saw the queue end");
        assert_eq!(done.expect("no timeout"), [1, 2, 3, 4, 5, 6], "jobs done");
    }
}
