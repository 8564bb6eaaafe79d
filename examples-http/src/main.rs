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
//! Each lesson fetches the URLs on its command line. With none, the local server
//! (`server.rs`) is started here on 127.0.0.1 and its pages are given to it, with
//! the claim their latencies make: that is all this file adds to the lessons.

mod fetch_bounded;
mod fetch_concurrent;
mod fetch_sequential;
mod http;
mod server;

use std::any::Any;

use anyhow::Result;
use lesson::{BadInput, Lesson, OpenFiles, claim, open_files, say, secs};

use crate::http::Options;
use crate::server::{PAGES, Server};

const OPTIONS: &str = "  \
  --timeout SECS     give up on a request (body included) after SECS, 0.001 to 1000000 (default 10)
  --max-bytes N      fail a URL whose body is over N bytes, N >= 1 (default 67108864, 64 MiB)
  --requests N       fetch-bounded: how many requests in all, 1 to 10^9 (default: each URL once;
                     200 with the local server)
  --concurrency C    fetch-bounded: at most C in flight, C >= 1 (default 20)
  URL...             fetch these (http or https) instead of the local pages
";

/// How long the local server takes over each of fetch-bounded's requests, in lesson seconds.
const LATENCY: f64 = 1.0;

fn main() -> std::process::ExitCode {
    let mut args = std::env::args_os().skip(1);
    if args.next().is_some_and(|first| first == "serve") {
        return match server::serve_until_ctrl_c(args) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(err) => {
                lesson::warn!("examples-http serve: {err:#}");
                // Bad arguments, as for a lesson: 2; anything else failed: 1.
                std::process::ExitCode::from(if err.is::<BadInput>() { 2 } else { 1 })
            }
        };
    }
    lesson::main_with(
        env!("CARGO_PKG_NAME"),
        "sequential vs concurrent HTTP fetch (`serve` runs the local server alone)",
        OPTIONS,
        &lessons(),
        local_pages,
    )
}

/// A fetch lesson's own arguments, checked before anything runs.
fn check(args: &[String]) -> Result<(), String> {
    Options::parse(args.iter().cloned()).map(drop)
}

/// Before a lesson runs: check its options (bad ones exit 2, in one line), make
/// sure there are enough open files for what it will hold open at once, and,
/// when it was given no URL, start the local server, give it the server's
/// pages and state the claim their latencies make. The server lives as long as
/// what this returns.
fn local_pages(lesson: &str, args: &mut Vec<String>) -> Result<Option<Box<dyn Any>>> {
    let options = Options::parse(args.iter().cloned()).map_err(BadInput)?;
    let local = options.urls.is_empty();
    let at_once = match lesson {
        "fetch-bounded" => options.concurrency,
        // One request at a time, and the pool keeps a connection to each host it met.
        "fetch-sequential" => hosts(&options.urls),
        _ => options.urls.len(),
    };
    enough_open_files(lesson, at_once.max(PAGES.len()), local)?;
    if !local {
        return Ok(None);
    }
    let server = Server::start(secs(1.0).as_secs_f64())?;
    let latencies = PAGES.map(|(_, latency)| latency);
    let (longest, sum) = (latencies.iter().copied().fold(0.0, f64::max), latencies.iter().sum());
    match lesson {
        "fetch-sequential" => claim(sum, sum),
        "fetch-concurrent" => claim(longest, sum),
        _ => {
            let requests = options.requests.unwrap_or(200);
            let rounds = requests.div_ceil(options.concurrency);
            claim(rounds as f64 * LATENCY, requests as f64 * LATENCY);
            let delay = format!("/delay/{}", secs(LATENCY).as_millis());
            args.extend(["--requests".into(), requests.to_string(), server.url(&delay)]);
            return Ok(Some(Box::new(Counted(server))));
        }
    }
    args.extend(server.pages());
    Ok(Some(Box::new(server)))
}

/// How many hosts (scheme, host and port) `urls` name: a URL that does not parse
/// opens no connection.
fn hosts(urls: &[String]) -> usize {
    let mut seen: Vec<String> = Vec::new();
    for url in urls.iter().filter_map(|url| reqwest::Url::parse(url).ok()) {
        let origin = url.origin().ascii_serialization();
        if !seen.contains(&origin) {
            seen.push(origin);
        }
    }
    seen.len()
}

/// The local server of fetch-bounded, which says when it stops how many requests
/// it had in flight at once.
struct Counted(Server);

impl Drop for Counted {
    fn drop(&mut self) {
        let most = self.0.max_in_flight();
        say!("the server counted at most {most} requests in flight at once");
    }
}

/// Each request in flight holds a socket, and with the local server the server's
/// end too. Raise the soft limit on open files toward the hard one when that is
/// enough (as Go's runtime does at start); otherwise say in one line what to do
/// (exit status 2), instead of letting requests fail one by one.
fn enough_open_files(lesson: &str, at_once: usize, local: bool) -> Result<()> {
    let per_request = if local { 2 } else { 1 };
    let wanted = (at_once as u64).saturating_mul(per_request).saturating_add(32);
    let OpenFiles::AtMost(hard) = open_files(wanted)? else { return Ok(()) };
    let most = hard.saturating_sub(32) / per_request;
    let (asked, advice) = match lesson {
        "fetch-bounded" => {
            (format!("--concurrency {at_once}"), format!("lower --concurrency to {most} or less"))
        }
        "fetch-sequential" => (
            format!("keeping a connection to each of {at_once} hosts"),
            format!("give URLs of at most {most} hosts"),
        ),
        _ => (format!("fetching {at_once} URLs at once"), format!("give at most {most} URLs")),
    };
    let advice = match most {
        0 => "raise the hard limit (`ulimit -Hn`)".to_owned(),
        _ => format!("{advice}, or raise the hard limit"),
    };
    Err(BadInput(format!(
        "{asked} needs about {wanted} open files and `ulimit -n` allows at most {hard} here: \
         {advice}"
    ))
    .into())
}

/// The crate's lessons, in the order `main` runs them; the test holds them
/// against `course.txt`.
fn lessons() -> Vec<Lesson> {
    let takes = "[OPTIONS] [URL...]";
    vec![
        Lesson::new("fetch-sequential", fetch_sequential::main).takes(takes, check),
        Lesson::new("fetch-concurrent", fetch_concurrent::main).takes(takes, check),
        Lesson::new("fetch-bounded", fetch_bounded::main).takes(takes, check).handles_ctrl_c(),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_lessons_are_the_course_s() {
        assert_eq!(lesson::check_course(env!("CARGO_PKG_NAME"), &super::lessons()), Ok(()));
    }
}
