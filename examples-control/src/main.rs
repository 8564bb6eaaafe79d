//! Stopping things: timeouts, cancellation, select, task groups, errors, shutdown.
//!
//! ```text
//! cargo run -p examples-control               # every lesson, in order
//! cargo run -p examples-control -- timeout    # one lesson
//! cargo run -p examples-control -- --help     # the list
//! ```

use lesson::Lesson;

fn main() -> std::process::ExitCode {
    lesson::main(
        env!("CARGO_PKG_NAME"),
        "timeouts, cancellation, select, task groups, errors, shutdown",
        &[] as &[Lesson],
    )
}
