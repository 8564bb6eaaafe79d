//! # blocking: a blocking call in a task stops every task on its thread
//!
//! Run it: `cargo run -p examples-parallel -- blocking`
//! Its asyncio twin: `python/blocking.py`, run beside it by
//! `cargo xtask compare blocking`.
//!
//! The asyncio program: one task prints a tick every 0.25 s, another calls
//! `time.sleep(1)` where it should `await asyncio.sleep(1)`, and main awaits a 10 s
//! sleep under a 0.5 s `asyncio.timeout`. The loop runs one task at a time and gets
//! the thread back only at an `await`: for that second nothing else runs, no tick,
//! and the timeout, due at 0.5 s, cannot fire.
//!
//! `std::thread::sleep` in a task does the same to a current-thread runtime (what
//! `#[tokio::main(flavor = "current_thread")]` builds): tokio, too, switches tasks only
//! at an `.await`, and its timers fire only when the thread is free. A multi-thread
//! runtime would hide this stall while there are fewer blockers than workers. The cure
//! is in the next lesson, `to-thread`.
//!
//! You will see the blocking sleep start at 0 s; at 1.0 s it ends, and the first tick
//! (due at 0.25 s) and the timeout (due at 0.5 s) come at once, late by what their
//! time stamps say; then a tick every 0.25 s, the last at 1.75 s.

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::time::{sleep, timeout};

async fn ticker() {
    for n in 1..=4 {
        sleep(secs(0.25)).await;
        say!("tick {n}");
    }
}

async fn blocker() {
    say!("blocker: a blocking sleep of {:?}; no other task runs meanwhile", secs(1.0));
    // Wrong in async code, on purpose: no `.await`, so the thread is not given back.
    std::thread::sleep(secs(1.0));
    say!("blocker: awake");
}

pub async fn main() -> Result<()> {
    // The stall (1 s), then the three ticks still to come.
    claim(1.0 + 0.75, 1.0 + 0.75);
    let ticks = tokio::spawn(ticker());
    let blocker = tokio::spawn(blocker());
    // Due at 0.5 s; a timer fires only when the runtime has the thread again.
    if timeout(secs(0.5), sleep(secs(10.0))).await.is_err() {
        say!("main: the timeout of {:?} fired", secs(0.5));
    }
    blocker.await?;
    ticks.await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // The paused clock does not move during a real blocking call, so it would show no
    // stall at all: this test runs on the real clock, at a tenth of the lesson's times.
    #[tokio::test]
    async fn nothing_runs_while_the_thread_is_blocked() {
        let run = lesson::test_scaled(0.1);
        main().await.unwrap();
        let lines = run.lines();
        let stamp = |line: &str| line[1..7].trim().parse::<f64>().unwrap();
        let events: Vec<&str> = lines[1..].iter().map(|l| &l[10..]).collect();
        assert_eq!(
            events[..2],
            ["blocker: a blocking sleep of 100ms; no other task runs meanwhile", "blocker: awake"]
        );
        // The first tick and the timeout, due at 25 and 50 ms, come once the thread is free.
        let mut late = events[2..4].to_vec();
        late.sort_unstable();
        assert_eq!(late, ["main: the timeout of 50ms fired", "tick 1"]);
        assert!(lines[3..5].iter().all(|l| stamp(l) >= 0.1), "{lines:#?}");
        assert_eq!(events[4..], ["tick 2", "tick 3", "tick 4"]);
        assert!(run.elapsed() >= run.claim().ideal);
    }
}
