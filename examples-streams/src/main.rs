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
        &[
            Lesson::new(
                "async-for",
                "`async for` is `while let Some(x) = s.next().await`",
                async_for::main,
            ),
            Lesson::new(
                "async-generator",
                "`async def` with `yield`: stream!, unfold, a task and a channel",
                async_generator::main,
            ),
            Lesson::new(
                "buffer-unordered",
                "10 jobs, 3 at a time, as they come and in order, no task spawned",
                buffer_unordered::main,
            ),
            Lesson::new(
                "channels",
                "mpsc, oneshot, broadcast and watch side by side",
                channels::main,
            ),
            Lesson::new(
                "watch",
                "the latest value: a late reader sees only the newest",
                watch::main,
            ),
            Lesson::new("interval", "a period kept, where a sleep loop drifts", interval::main),
            Lesson::seeded(
                "retry",
                "exponential backoff with jitter, under one deadline",
                retry::main,
                retry::run,
            ),
            Lesson::new(
                "rate-limit",
                "10 calls at 4 a second: a token bucket, throttle",
                rate_limit::main,
            ),
        ],
    )
}
