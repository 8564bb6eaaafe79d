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
        &lessons(),
    )
}

/// The crate's lessons, in the order `main` runs them; the test holds them
/// against `course.txt`.
fn lessons() -> Vec<Lesson> {
    vec![
        Lesson::new("send-static", send_static::main),
        Lesson::new("borrow-locals", borrow_locals::main),
        Lesson::new("local-set", local_set::main),
        Lesson::new("pin", pin::main),
        Lesson::new("async-recursion", async_recursion::main),
        Lesson::new("async-cleanup", async_cleanup::main),
        Lesson::new("async-trait", async_trait::main),
        Lesson::new("async-closures", async_closures::main),
        Lesson::new("task-local", task_local::main),
        Lesson::new("yield-now", yield_now::main),
        Lesson::new("tracing", tracing::main),
        Lesson::new("stuck-task", stuck_task::main),
        Lesson::new("testing", testing::main),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_lessons_are_the_course_s() {
        assert_eq!(lesson::check_course(env!("CARGO_PKG_NAME"), &super::lessons()), Ok(()));
    }
}
