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
        &[
            Lesson::new(
                "timeout",
                "give up on a future after 1 s; its cleanup runs first",
                timeout::main,
            ),
            Lesson::new(
                "cancel",
                "abort a task; a dropped handle detaches, a dropped future stops",
                cancel::main,
            ),
            Lesson::new(
                "first-completed",
                "select!: the first of 1, 2, 3 s wins, the others are dropped",
                first_completed::main,
            ),
            Lesson::new(
                "as-completed",
                "results in the order they finish: 1, 2, 3 s for inputs 3, 1, 2",
                as_completed::main,
            ),
            Lesson::new(
                "task-group",
                "JoinSet: one child fails at 1 s, the others are aborted",
                task_group::main,
            ),
            Lesson::new(
                "gather-errors",
                "the first error drops the rest; or every outcome, errors included",
                gather_errors::main,
            ),
            Lesson::new(
                "task-panic",
                "a panicking task ends alone: its JoinHandle keeps the panic for the awaiter",
                task_panic::main,
            ),
            Lesson::new(
                "shield",
                "time out on a task's handle: the wait ends, the task goes on",
                shield::main,
            ),
            // Last: once it has handled Ctrl-C, Ctrl-C no longer stops this process.
            Lesson::new(
                "shutdown",
                "on Ctrl-C, no new jobs, the ones in flight finish, stragglers dropped",
                shutdown::main,
            )
            .takes("[--wait-for-ctrl-c]: wait for a real Ctrl-C, not a stand-in after 1 s")
            .handles_ctrl_c(),
        ],
    )
}
