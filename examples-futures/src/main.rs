//! Futures you complete yourself.
//!
//! ```text
//! cargo run -p examples-futures                   # every lesson
//! cargo run -p examples-futures -- set-result     # one lesson
//! cargo run -p examples-futures -- --help         # the list
//! ```

mod ensure_future;
mod hand_made_future;
mod set_result;

use lesson::Lesson;

fn main() -> std::process::ExitCode {
    lesson::main(
        env!("CARGO_PKG_NAME"),
        "futures you complete yourself",
        &[
            Lesson::new(
                "set-result",
                "a one-shot slot filled by another task after 2 s",
                set_result::main,
            ),
            Lesson::new(
                "hand-made-future",
                "the same slot built by hand: poll, Waker, wake",
                hand_made_future::main,
            ),
            Lesson::new(
                "ensure-future",
                "a spawned task runs meanwhile; a plain future waits",
                ensure_future::main,
            ),
        ],
    )
}
