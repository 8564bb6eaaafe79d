//! Sequential vs concurrent HTTP fetch, offline by default.
//!
//! ```text
//! cargo run -p examples-http                                          # every lesson, local pages
//! cargo run -p examples-http -- fetch-concurrent https://www.rust-lang.org https://tokio.rs
//! cargo run -p examples-http -- fetch-bounded --requests 1000 --concurrency 50
//! cargo run -p examples-http -- serve                                 # the local server alone
//! cargo run -p examples-http -- --help                                # the list
//! ```
//!
//! With no URLs, each lesson starts its own server on 127.0.0.1 (see `server.rs`).

mod fetch_bounded;
mod fetch_concurrent;
mod fetch_sequential;
mod http;
mod server;

use lesson::Lesson;

fn main() -> std::process::ExitCode {
    let mut args = std::env::args_os().skip(1);
    if args.next().is_some_and(|first| first == "serve") {
        return match server::serve_until_ctrl_c(args) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(err) => {
                lesson::warn!("examples-http serve: {err:#}");
                std::process::ExitCode::from(2)
            }
        };
    }
    lesson::main(
        env!("CARGO_PKG_NAME"),
        "sequential vs concurrent HTTP fetch (`serve` runs the local server alone)",
        &[
            Lesson::with_args(
                "fetch-sequential",
                "4 pages, one after the other: the sum of their latencies",
                fetch_sequential::run,
            ),
            Lesson::with_args(
                "fetch-concurrent",
                "the same 4 pages at once: the longest latency",
                fetch_concurrent::run,
            ),
            Lesson::with_args(
                "fetch-bounded",
                "many requests, at most C in flight",
                fetch_bounded::run,
            ),
        ],
    )
}
