//! Async I/O on sockets, files and child processes, all on 127.0.0.1.
//!
//! ```text
//! cargo run -p examples-io              # every lesson, in order
//! cargo run -p examples-io -- echo      # one lesson
//! cargo run -p examples-io -- --help    # the list
//! ```

use lesson::Lesson;

fn main() -> std::process::ExitCode {
    lesson::main(
        env!("CARGO_PKG_NAME"),
        "async I/O on sockets, files and child processes",
        &[] as &[Lesson],
    )
}
