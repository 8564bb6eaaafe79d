//! asyncio's synchronization primitives in tokio.
//!
//! ```text
//! cargo run -p examples-sync              # every lesson, in order
//! cargo run -p examples-sync -- lock      # one lesson
//! cargo run -p examples-sync -- --help    # the list
//! ```

use lesson::Lesson;

fn main() -> std::process::ExitCode {
    lesson::main(
        env!("CARGO_PKG_NAME"),
        "asyncio's synchronization primitives in tokio",
        &[] as &[Lesson],
    )
}
