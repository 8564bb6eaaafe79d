//! Streams, channels and time: `async for`, generators, tokio's channels,
//! periodic work, retries and rate limits.
//!
//! ```text
//! cargo run -p examples-streams                  # every lesson, in order
//! cargo run -p examples-streams -- async-for     # one lesson
//! cargo run -p examples-streams -- --help        # the list
//! ```

mod async_for;
mod async_generator;
mod buffer_unordered;
mod channels;
mod interval;
mod rate_limit;
mod retry;
mod watch;

use lesson::Lesson;

fn main() -> std::process::ExitCode {
    lesson::main(
        env!("CARGO_PKG_NAME"),
        "streams, channels and time: async for, generators, periodic work, retries",
        &lessons(),
    )
}

/// The crate's lessons, in the order `main` runs them; the test holds them
/// against `course.txt`.
fn lessons() -> Vec<Lesson> {
    vec![
        Lesson::new("async-for", async_for::main),
        Lesson::new("async-generator", async_generator::main),
        Lesson::new("buffer-unordered", buffer_unordered::main),
        Lesson::new("channels", channels::main),
        Lesson::new("watch", watch::main),
        Lesson::new("interval", interval::main),
        Lesson::seeded("retry", retry::main, retry::run),
        Lesson::new("rate-limit", rate_limit::main),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_lessons_are_the_course_s() {
        assert_eq!(lesson::check_course(env!("CARGO_PKG_NAME"), &super::lessons()), Ok(()));
    }
}
