//! # what-a-task-costs: a task is its future's state plus a header
//!
//! Run it: `cargo run -p examples-tasks -- what-a-task-costs`
//! Its asyncio twin: `python/what_a_task_costs.py`, run beside it by
//! `cargo xtask compare what-a-task-costs`.
//!
//! The asyncio program: `create_task` of 1,000 coroutines that sleep 1 s, then
//! `gather`; `gather` of 1,000 bare coroutines; and `sys.getsizeof` of one.
//!
//! An `async fn` compiles to a state machine: a value holding what lives across
//! each `.await`, the future it awaits included, inline. `size_of_val` gives its
//! size; calling the function allocates nothing. `tokio::spawn` moves it into one
//! heap block behind tokio's task header (state, queue links, vtable, scheduler,
//! the waker of whoever awaits it): about 100 bytes more, the block padded to a
//! multiple of 128 bytes on x86-64, where tokio aligns it to 128, and glibc takes
//! about 190 bytes more to align it. `join_all` spawns nothing: the futures take
//! turns inside the task that awaits it, each in a smaller node. A big local held
//! across an await makes every such future big; `Box::pin` moves it to the heap.
//! `cargo xtask bench tasks` measures the whole (bench/README.md, "How fast", names
//! the parts): about 456 bytes a spawned task, 208 a joined future, 1,700 an
//! asyncio task. The twin's second pass differs: asyncio runs coroutines at once
//! only as tasks, so its `gather` makes 1,000 tasks again.
//!
//! You will see four sizes (they depend on the compiler), 1,000 tasks done at 1 s,
//! and the same work as 1,000 futures, none spawned, done at 2 s.

use anyhow::Result;
use futures::future::join_all;
use lesson::{claim, say, secs};
use tokio::time::sleep;

const N: usize = 1_000;

async fn nap() {
    sleep(secs(1.0)).await;
}

/// 1 KiB that lives across an await: it is part of the future's state.
async fn with_buffer() -> usize {
    let buffer = [1u8; 1024];
    sleep(secs(1.0)).await;
    buffer.len()
}

/// A future awaited inline is part of its awaiter's state.
async fn awaiting_it() -> usize {
    with_buffer().await
}

/// Boxed, it is a pointer in its awaiter's state, and its 1 KiB is on the heap.
async fn awaiting_it_boxed() -> usize {
    Box::pin(with_buffer()).await
}

pub async fn main() -> Result<()> {
    claim(2.0, 2.0 * N as f64);
    say!("size of a future that sleeps: {} bytes, on the stack", size_of_val(&nap()));
    say!("size of a future with 1 KiB across an await: {} bytes", size_of_val(&with_buffer()));
    say!("size of a future awaiting that one: {} bytes", size_of_val(&awaiting_it()));
    say!("size of the same with Box::pin: {} bytes", size_of_val(&awaiting_it_boxed()));

    // create_task + gather: each spawn allocates a task (header + future).
    let tasks: Vec<_> = (0..N).map(|_| tokio::spawn(nap())).collect();
    say!("{N} tasks spawned");
    for task in tasks {
        task.await?;
    }
    say!("{N} tasks done");

    // The same work, no task: one future polls the others itself.
    say!("{N} futures joined, none spawned: they take turns in this task");
    join_all((0..N).map(|_| nap())).await;
    say!("{N} futures done");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn tasks_at_1_s_then_the_same_futures_at_2_s() {
        let run = lesson::test();
        main().await.unwrap();
        // The sizes depend on the compiler: the lines hold what it made here.
        let sleeps = size_of_val(&nap());
        let (buffered, awaiting) = (size_of_val(&with_buffer()), size_of_val(&awaiting_it()));
        let boxed = size_of_val(&awaiting_it_boxed());
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 2.000s, one by one 2000.000s".to_owned(),
                format!("[ 0.000s] size of a future that sleeps: {sleeps} bytes, on the stack"),
                format!("[ 0.000s] size of a future with 1 KiB across an await: {buffered} bytes"),
                format!("[ 0.000s] size of a future awaiting that one: {awaiting} bytes"),
                format!("[ 0.000s] size of the same with Box::pin: {boxed} bytes"),
                "[ 0.000s] 1000 tasks spawned".into(),
                "[ 1.000s] 1000 tasks done".into(),
                "[ 1.000s] 1000 futures joined, none spawned: they take turns in this task".into(),
                "[ 2.000s] 1000 futures done".into(),
            ]
        );
        // What does not depend on the compiler: the 1 KiB is inside, and the box is not.
        assert!(awaiting >= buffered && buffered >= 1024, "{awaiting} {buffered}");
        assert!(boxed < 1024, "{boxed}");
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
