//! # interval: a period kept, where a sleep loop drifts
//!
//! Run it: `cargo run -p examples-streams -- interval`
//! Its asyncio twin: `python/interval.py`, run beside it by
//! `cargo xtask compare interval`.
//!
//! The asyncio program: `while True: await asyncio.sleep(0.5); work()` with 0.125 s
//! of work, beside the loop that keeps the period, by hand: the next deadline
//! advanced by 0.5 s each turn, and a sleep until it. asyncio has no interval.
//!
//! A sleep loop's period is the sleep plus the work: it drifts 0.125 s a turn.
//! `interval(period)` keeps each deadline one period after the last deadline,
//! whatever the work took. Its first tick is at once; `interval_at(start, period)`
//! starts elsewhere (here one period in, as the sleep loop does).
//!
//! A tick missed by more than 5 ms (the work took longer than a period) is made up
//! as `MissedTickBehavior` says: `Burst` (the default) ticks at once until caught
//! up, `Delay` starts a new grid from now, `Skip` waits for the next tick of the
//! old grid.
//!
//! The same rule makes `interval(1 ms)` keep a 1 ms period where `sleep(1 ms)` in a
//! loop takes about 2 ms on the real clock: tokio's timer rounds a deadline up to its
//! next whole millisecond, and a loop's sleep begins just after one, so it ends two
//! ticks later; the interval's deadlines are whole periods from its start, however
//! late a wake-up was (`cargo xtask bench timer` measures both).
//!
//! You will see the interval's turns at 0.5, 1.0, 1.5, 2.0 s and the sleep loop's at
//! 0.5, 1.125, 1.75, 2.375 s; then three intervals of 0.5 s whose first turn takes
//! 1.2 s: `burst` ticks twice at 3.7 s, then at 4.0 s; `delay` at 3.7, 4.2, 4.7 s;
//! `skip` at 3.7, 4.0, 4.5 s.

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::time::{Instant, MissedTickBehavior, interval, interval_at, sleep};

async fn sleep_loop() {
    for turn in 1..=4 {
        sleep(secs(0.5)).await;
        say!("sleep loop: turn {turn}");
        sleep(secs(0.125)).await; // the work
    }
}

async fn steady() {
    let mut ticks = interval_at(Instant::now() + secs(0.5), secs(0.5));
    for turn in 1..=4 {
        ticks.tick().await;
        say!("interval: turn {turn}");
        sleep(secs(0.125)).await; // the same work
    }
}

async fn after_a_stall(name: &str, missed: MissedTickBehavior) {
    let mut ticks = interval(secs(0.5));
    ticks.set_missed_tick_behavior(missed);
    for turn in 0..=3 {
        ticks.tick().await;
        say!("{name}: turn {turn}");
        if turn == 0 {
            sleep(secs(1.2)).await; // misses the ticks due at 0.5 and 1.0 s
        }
    }
}

pub async fn main() -> Result<()> {
    // The sleep loop's 4 × (0.5 + 0.125) s, then `delay`'s 1.2 + 2 × 0.5 s.
    claim(2.5 + 2.2, 2.5 + 2.2);
    // Both loops take turns on this one thread: their work is waiting. `biased`:
    // polled in the order written (`join!` rotates by default), as asyncio runs
    // the tasks `gather` made, so lines due at one instant come in that order.
    tokio::join!(biased; steady(), sleep_loop());
    tokio::join!(
        biased;
        after_a_stall("burst", MissedTickBehavior::Burst),
        after_a_stall("delay", MissedTickBehavior::Delay),
        after_a_stall("skip", MissedTickBehavior::Skip),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_interval_keeps_its_period_and_the_sleep_loop_drifts() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 4.700s",
                "[ 0.500s] interval: turn 1",
                "[ 0.500s] sleep loop: turn 1",
                "[ 1.000s] interval: turn 2",
                "[ 1.125s] sleep loop: turn 2",
                "[ 1.500s] interval: turn 3",
                "[ 1.750s] sleep loop: turn 3",
                "[ 2.000s] interval: turn 4",
                "[ 2.375s] sleep loop: turn 4",
                "[ 2.500s] burst: turn 0",
                "[ 2.500s] delay: turn 0",
                "[ 2.500s] skip: turn 0",
                "[ 3.700s] burst: turn 1",
                "[ 3.700s] burst: turn 2",
                "[ 3.700s] delay: turn 1",
                "[ 3.700s] skip: turn 1",
                "[ 4.000s] burst: turn 3",
                "[ 4.000s] skip: turn 2",
                "[ 4.200s] delay: turn 2",
                "[ 4.500s] skip: turn 3",
                "[ 4.700s] delay: turn 3",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
