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
mod timeout;

use anyhow::Result;
use lesson::{Args, Lesson};

/// This crate's one option of its own, for `shutdown`.
#[derive(Debug, Clone, Default)]
struct ControlArgs {
    /// Wait for a real Ctrl-C instead of the stand-in that comes after 1 s.
    wait_for_ctrl_c: bool,
}

impl Args for ControlArgs {
    const HELP: &'static str =
        "  --wait-for-ctrl-c  shutdown: wait for a real Ctrl-C, not a stand-in after 1 s\n";

    fn flag(&mut self, name: &str, _parser: &mut lesson::lexopt::Parser) -> Result<bool> {
        self.wait_for_ctrl_c |= name == "wait-for-ctrl-c";
        Ok(name == "wait-for-ctrl-c")
    }
}

fn main() -> std::process::ExitCode {
    // The lessons other than `shutdown` take no option of ours: `|_|` ignores them.
    lesson::main(
        env!("CARGO_PKG_NAME"),
        "timeouts, cancellation, select, task groups, errors, shutdown",
        &[
            Lesson::with_args(
                "timeout",
                "give up on a future after 1 s; its cleanup runs first",
                |_| timeout::main(),
            ),
            Lesson::with_args(
                "cancel",
                "abort a task; a dropped handle detaches, a dropped future stops",
                |_| cancel::main(),
            ),
            Lesson::with_args(
                "first-completed",
                "select!: the first of 1, 2, 3 s wins, the others are dropped",
                |_| first_completed::main(),
            ),
            Lesson::with_args(
                "as-completed",
                "results in the order they finish: 1, 2, 3 s for inputs 3, 1, 2",
                |_| as_completed::main(),
            ),
            Lesson::with_args(
                "task-group",
                "JoinSet: one child fails at 1 s, the others are aborted",
                |_| task_group::main(),
            ),
            Lesson::with_args(
                "gather-errors",
                "the first error drops the rest; or every outcome, errors included",
                |_| gather_errors::main(),
            ),
            Lesson::with_args(
                "shield",
                "time out on a task's handle: the wait ends, the task goes on",
                |_| shield::main(),
            ),
            // Last: once it has handled Ctrl-C, Ctrl-C no longer stops this process.
            Lesson::with_args(
                "shutdown",
                "on Ctrl-C, no new jobs, the ones in flight finish, stragglers dropped",
                |args: ControlArgs| async move {
                    if args.wait_for_ctrl_c {
                        shutdown::run(true).await
                    } else {
                        shutdown::main().await
                    }
                },
            )
            .handles_ctrl_c(),
        ],
    )
}
