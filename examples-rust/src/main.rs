//! What only Rust asks of you: `Send + 'static`, `!Send` tasks, `Pin`, cleanup
//! without an async `Drop`, async traits, task-locals, yielding, tracing and tests.
//!
//! ```text
//! cargo run -p examples-rust                  # every lesson, in order
//! cargo run -p examples-rust -- send-static   # one lesson
//! cargo run -p examples-rust -- --help        # the list
//! ```

mod async_cleanup;
mod async_closures;
mod async_recursion;
mod async_trait;
mod borrow_locals;
mod local_set;
mod pin;
mod send_static;
mod stuck_task;
mod task_local;
mod testing;
mod tracing;
mod yield_now;

use lesson::Lesson;

fn main() -> std::process::ExitCode {
    lesson::main(
        env!("CARGO_PKG_NAME"),
        "what only Rust asks of you: Send + 'static, Pin, async Drop and traits, task-locals",
        &[
            Lesson::new(
                "send-static",
                "why tokio::spawn asks for Send + 'static: three errors and their fixes",
                send_static::main,
            ),
            Lesson::new(
                "borrow-locals",
                "join!, join_all and FuturesUnordered borrow your locals; spawn needs them owned",
                borrow_locals::main,
            ),
            Lesson::new(
                "local-set",
                "spawn_local: tasks that share an Rc on one thread, and what that costs",
                local_set::main,
            ),
            Lesson::new(
                "pin",
                "why select! in a loop needs pin!: what Pin promises; Box::pin or pin!",
                pin::main,
            ),
            Lesson::new(
                "async-recursion",
                "an async fn that calls itself: Box::pin between the calls (Rust 1.77+)",
                async_recursion::main,
            ),
            Lesson::new(
                "async-cleanup",
                "finally: await close() when Drop cannot await; what an abort skips",
                async_cleanup::main,
            ),
            Lesson::new(
                "async-trait",
                "async fn in a trait, and the boxed future a dyn Trait needs",
                async_trait::main,
            ),
            Lesson::new(
                "async-closures",
                "async || and AsyncFn, AsyncFnMut, AsyncFnOnce (Rust 1.85) beside |x| async move {}",
                async_closures::main,
            ),
            Lesson::new(
                "task-local",
                "task_local! and contextvars: a spawned task sees it only when scoped again",
                task_local::main,
            ),
            Lesson::new(
                "yield-now",
                "asyncio.sleep(0) and yield_now: another order; the budget that yields for you",
                yield_now::main,
            ),
            Lesson::new(
                "tracing",
                "a tracing span per task, its busy time; asyncio's debug mode; tokio-console",
                tracing::main,
            ),
            Lesson::new(
                "stuck-task",
                "a task that waits for ever: alive tasks counted, a timeout that names the await",
                stuck_task::main,
            ),
            Lesson::new(
                "testing",
                "testing async code: start_paused, time::advance, an hour in microseconds",
                testing::main,
            ),
        ],
    )
}
