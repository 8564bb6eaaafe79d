//! Blocking, threads, processes and tasks: concurrency and parallelism.
//!
//! ```text
//! cargo run -p examples-parallel               # every lesson, in order
//! cargo run -p examples-parallel -- blocking   # one lesson
//! cargo run -p examples-parallel -- --help     # the list
//! ```

use lesson::Lesson;

fn main() -> std::process::ExitCode {
    lesson::main(env!("CARGO_PKG_NAME"), "blocking, threads, processes and tasks", &[] as &[Lesson])
}
