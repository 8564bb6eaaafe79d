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
    lesson::main(env!("CARGO_PKG_NAME"), "the event loop and coroutines", &lessons())
}

/// The crate's lessons, in the order `main` runs them; the test holds them
/// against `course.txt`.
fn lessons() -> Vec<Lesson> {
    vec![
        Lesson::blocking("hello", hello::main),
        Lesson::blocking("event-loop", event_loop::main),
        Lesson::new("coroutines", coroutines::main),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_lessons_are_the_course_s() {
        assert_eq!(lesson::check_course(env!("CARGO_PKG_NAME"), &super::lessons()), Ok(()));
    }
}
