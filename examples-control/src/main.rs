//! Stopping things: timeouts, cancellation, select, task groups, errors, shutdown.
//!
//! ```text
//! cargo run -p examples-control                                   # every lesson, in order
//! cargo run -p examples-control -- timeout                        # one lesson
//! cargo run -p examples-control -- shutdown --wait-for-ctrl-c     # stop it with Ctrl-C
//! cargo run -p examples-control -- --help                         # the list
//! ```

mod as_completed;
mod cancel;
mod first_completed;
mod gather_errors;
mod shield;
mod shutdown;
mod task_group;
mod task_panic;
mod timeout;

use lesson::Lesson;

fn main() -> std::process::ExitCode {
    lesson::main(
        env!("CARGO_PKG_NAME"),
        "timeouts, cancellation, select, task groups, errors, shutdown",
        &lessons(),
    )
}

/// The crate's lessons, in the order `main` runs them; the test holds them
/// against `course.txt`.
fn lessons() -> Vec<Lesson> {
    vec![
        Lesson::new("timeout", timeout::main),
        Lesson::new("cancel", cancel::main),
        Lesson::new("first-completed", first_completed::main),
        Lesson::new("as-completed", as_completed::main),
        Lesson::new("task-group", task_group::main),
        Lesson::new("gather-errors", gather_errors::main),
        Lesson::new("task-panic", task_panic::main),
        Lesson::new("shield", shield::main),
        // Last: once it has handled Ctrl-C, Ctrl-C no longer stops this process.
        Lesson::new("shutdown", shutdown::main)
            .takes(
                "[--wait-for-ctrl-c]: wait for a real Ctrl-C, not a stand-in after 1 s",
                |args| shutdown::wait_for_ctrl_c(args).map(drop),
            )
            .handles_ctrl_c(),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_lessons_are_the_course_s() {
        assert_eq!(lesson::check_course(env!("CARGO_PKG_NAME"), &super::lessons()), Ok(()));
    }
}
