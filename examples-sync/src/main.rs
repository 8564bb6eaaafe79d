//! asyncio's synchronization primitives in tokio.
//!
//! ```text
//! cargo run -p examples-sync              # every lesson, in order
//! cargo run -p examples-sync -- lock      # one lesson
//! cargo run -p examples-sync -- --help    # the list
//! ```

mod barrier;
mod bounded_queue;
mod event;
mod job_queue;
mod lock;
mod semaphore;

use lesson::Lesson;

fn main() -> std::process::ExitCode {
    lesson::main(
        env!("CARGO_PKG_NAME"),
        "asyncio's synchronization primitives in tokio",
        &[
            Lesson::new(
                "lock",
                "10 tasks bump a counter: the lock held across a sleep, then released",
                lock::main,
            ),
            Lesson::new(
                "event",
                "3 waiters woken by one set(); a late one passes at once",
                event::main,
            ),
            Lesson::new("semaphore", "10 jobs of 1 s, never more than 3 at once", semaphore::main),
            Lesson::new("barrier", "3 tasks arrive at 1, 2, 3 s and pass together", barrier::main),
            Lesson::new("job-queue", "3 workers share one queue of 12 jobs", job_queue::main),
            Lesson::new(
                "bounded-queue",
                "a fast producer waits for a slow consumer on a queue of 2",
                bounded_queue::main,
            ),
        ],
    )
}
