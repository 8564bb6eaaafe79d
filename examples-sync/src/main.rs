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
        &lessons(),
    )
}

/// The crate's lessons, in the order `main` runs them; the test holds them
/// against `course.txt`.
fn lessons() -> Vec<Lesson> {
    vec![
        Lesson::new("lock", lock::main),
        Lesson::new("event", event::main),
        Lesson::new("semaphore", semaphore::main),
        Lesson::new("barrier", barrier::main),
        Lesson::new("job-queue", job_queue::main),
        Lesson::new("bounded-queue", bounded_queue::main),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_lessons_are_the_course_s() {
        assert_eq!(lesson::check_course(env!("CARGO_PKG_NAME"), &super::lessons()), Ok(()));
    }
}
