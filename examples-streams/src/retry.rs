//! # retry: exponential backoff, jitter and one deadline
//!
//! Run it: `cargo run -p examples-streams -- retry --seed 7`
//! Its asyncio twin: `python/retry.py`, run beside it by
//! `cargo xtask compare retry`.
//!
//! The asyncio program: a loop of attempts at three paths of a service (each
//! attempt a 0.1 s round trip), `await asyncio.sleep(backoff)` between them,
//! inside `async with asyncio.timeout(1.5)`. `/flaky` refuses twice, then
//! answers; `/missing` is a 404; `/down` refuses every time.
//!
//! Retry only what another try can fix: a refused connection (the server may be
//! back in a moment), a timeout, a 503; not a 404, which will be a 404 again.
//! Wait longer each time (0.2 s, doubled: exponential backoff), plus up to a
//! quarter more drawn at random (jitter), so that clients refused together do not
//! all come back together. Bound the whole with one deadline, not a count alone:
//! `timeout_at` around the loop cuts an attempt or a wait in the middle.
//!
//! The waits are drawn once, from a seed printed first, so that `--seed N`
//! replays a run and the twin makes the same waits; a real client draws them for
//! every call. For real work, the `backon` and `tokio-retry` crates do all this.
//!
//! You will see the seed and the waits in ms; `/flaky` answered at its third
//! attempt, `/missing` not retried, `/down` given up 1.5 s after its first
//! attempt, in the middle of its third wait.

use std::time::Duration;

use anyhow::Result;
use lesson::{claim, say, secs};
use rand::rngs::StdRng;
use rand::{RngExt as _, SeedableRng as _};
use tokio::time::{Instant, sleep, timeout_at};

#[derive(Debug)]
enum Failure {
    ConnectionRefused,
    NotFound,
}

/// One attempt at the service: a round trip of 0.1 s.
async fn get(path: &str, attempt: usize) -> Result<&'static str, Failure> {
    sleep(secs(0.1)).await;
    match path {
        "/flaky" if attempt == 3 => Ok("200 OK"),
        "/flaky" | "/down" => Err(Failure::ConnectionRefused),
        _ => Err(Failure::NotFound),
    }
}

async fn get_with_retry(path: &str, waits: &[Duration]) -> Result<&'static str, Failure> {
    let mut attempt = 1;
    loop {
        say!("{path}: attempt {attempt}");
        match get(path, attempt).await {
            Ok(body) => return Ok(body),
            // Another try only where it may help, and only while there are waits left.
            Err(Failure::ConnectionRefused) if attempt <= waits.len() => {
                let wait = waits[attempt - 1];
                say!("{path}: ConnectionRefused, retry in {wait:?}");
                sleep(wait).await;
                attempt += 1;
            }
            Err(failure) => return Err(failure),
        }
    }
}

pub async fn main() -> Result<()> {
    // A new seed each run, printed, so that any run can be replayed with `run(seed)`.
    run(rand::random_range(0..1_000_000)).await
}

pub async fn run(seed: u64) -> Result<()> {
    let mut rng = StdRng::seed_from_u64(seed);
    // The backoff, 0.2 s doubled, each plus up to a quarter more at random: the jitter.
    let waits_ms: Vec<u64> =
        [200, 400, 800, 1600].map(|ms| ms + rng.random_range(0..=ms / 4)).into();
    // /flaky: 3 round trips and 2 waits; /missing: 1 round trip; /down: cut at 1.5 s.
    // One call after another: one by one is the same.
    claim(
        0.3 + (waits_ms[0] + waits_ms[1]) as f64 / 1000.0 + 0.1 + 1.5,
        0.3 + (waits_ms[0] + waits_ms[1]) as f64 / 1000.0 + 0.1 + 1.5,
    );
    say!("seed {seed}: delays {waits_ms:?}");
    let waits: Vec<Duration> = waits_ms.iter().map(|&ms| secs(ms as f64 / 1000.0)).collect();
    for path in ["/flaky", "/missing", "/down"] {
        // One deadline over every attempt and wait: `async with asyncio.timeout(1.5)`.
        let deadline = Instant::now() + secs(1.5);
        match timeout_at(deadline, get_with_retry(path, &waits)).await {
            Ok(Ok(body)) => say!("{path}: {body}"),
            Ok(Err(failure)) => say!("{path}: {failure:?}, not retried"),
            Err(_elapsed) => say!("{path}: gave up at the deadline"),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn retries_what_may_pass_and_stops_at_the_deadline() {
        let run = lesson::test();
        super::run(7).await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 2.532s",
                "[ 0.000s] seed 7: delays [201, 431, 828, 1817]",
                "[ 0.000s] /flaky: attempt 1",
                "[ 0.100s] /flaky: ConnectionRefused, retry in 201ms",
                "[ 0.301s] /flaky: attempt 2",
                "[ 0.401s] /flaky: ConnectionRefused, retry in 431ms",
                "[ 0.832s] /flaky: attempt 3",
                "[ 0.932s] /flaky: 200 OK",
                "[ 0.932s] /missing: attempt 1",
                "[ 1.032s] /missing: NotFound, not retried",
                "[ 1.032s] /down: attempt 1",
                "[ 1.132s] /down: ConnectionRefused, retry in 201ms",
                "[ 1.333s] /down: attempt 2",
                "[ 1.433s] /down: ConnectionRefused, retry in 431ms",
                "[ 1.864s] /down: attempt 3",
                "[ 1.964s] /down: ConnectionRefused, retry in 828ms",
                "[ 2.532s] /down: gave up at the deadline",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }

    #[tokio::test(start_paused = true)]
    async fn main_draws_a_seed_and_the_seed_replays_the_run() {
        let first = lesson::test();
        main().await.unwrap();
        let lines = first.lines();
        drop(first);
        let seed = lines[1].split(' ').nth(3).unwrap().trim_end_matches(':');
        let again = lesson::test();
        run(seed.parse().unwrap()).await.unwrap();
        assert_eq!(again.lines(), lines);
    }
}
