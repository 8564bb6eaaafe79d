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
    lesson::main(env!("CARGO_PKG_NAME"), "futures you complete yourself", &lessons())
}

/// The crate's lessons, in the order `main` runs them; the test holds them
/// against `course.txt`.
fn lessons() -> Vec<Lesson> {
    vec![
        Lesson::new("set-result", set_result::main),
        Lesson::new("hand-made-future", hand_made_future::main),
        Lesson::new("ensure-future", ensure_future::main),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_lessons_are_the_course_s() {
        assert_eq!(lesson::check_course(env!("CARGO_PKG_NAME"), &super::lessons()), Ok(()));
    }
}
