//! # task-panic: a task's panic, turned into a value where it is awaited
//!
//! The asyncio program it mirrors:
//!
//! ```python
//! async def main():
//!     tasks = [asyncio.create_task(job(id)) for id in (1, 2, 3)]
//!     outcomes = []
//!     for task in tasks:
//!         try:
//!             outcomes.append(f"job {await task} returned")
//!         except RuntimeError as err:
//!             outcomes.append(f"failed: {err}")
//!     return outcomes
//! ```
//!
//! Job 2 panics at 2 s (leave `job` as it is). The runtime catches the panic at the
//! edge of its task: jobs 1 and 3 go on, and awaiting job 2's handle gives
//! `Err(JoinError)`. `outcomes` below `expect`s every job to return, so the panic
//! goes on in the awaiter and ends the whole run at 2 s. Catch it as `except` does:
//! `err.is_panic()`, then `err.into_panic()` is what `panic!` was given (a `String`
//! here, `downcast_ref` it). Done: `["job 1 returned", "failed: job 2 went wrong",
//! "job 3 returned"]` after 3 s, as in Python.

use std::time::Duration;

async fn job(id: u64) -> u64 {
    tokio::time::sleep(Duration::from_secs(id)).await;
    if id == 2 {
        panic!("job {id} went wrong");
    }
    id
}

pub async fn outcomes() -> Vec<String> {
    let tasks = [1, 2, 3].map(|id| tokio::spawn(job(id)));
    let mut outcomes = Vec::new();
    for task in tasks {
        // TODO: job 2's JoinError as "failed: <what it panicked with>", not a panic here.
        let id = task.await.expect("a job does not panic");
        outcomes.push(format!("job {id} returned"));
    }
    outcomes
}

#[cfg(test)]
mod tests {
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn the_panic_is_a_value_and_the_others_finish() {
        let start = Instant::now();
        let outcomes = super::outcomes().await;
        let took = start.elapsed().as_secs_f64();
        assert_eq!(
            outcomes,
            ["job 1 returned", "failed: job 2 went wrong", "job 3 returned"],
            "outcomes"
        );
        assert!(took == 3.0, "took {took:.3} ideal 3.000: the three jobs run at once");
    }
}
