//! The event loop and coroutines: the first three lessons.
//!
//! ```text
//! cargo run -p examples-basic              # every lesson, in order
//! cargo run -p examples-basic -- hello     # one lesson
//! cargo run -p examples-basic -- --help    # the list
//! ```

mod coroutines;
mod event_loop;
mod hello;

use lesson::Lesson;

fn main() -> std::process::ExitCode {
    lesson::main(
        env!("CARGO_PKG_NAME"),
        "the event loop and coroutines",
        &[
            Lesson::blocking(
                "hello",
                "the smallest async program: Hello, 1 s of sleep, World",
                hello::main,
            ),
            Lesson::blocking(
                "event-loop",
                "the same coroutine on a runtime built and shut down by hand",
                event_loop::main,
            ),
            Lesson::new(
                "coroutines",
                "async fn vs fn -> impl Future; both lazy until awaited",
                coroutines::main,
            ),
        ],
    )
}
