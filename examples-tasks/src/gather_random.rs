//! # gather-random: ten random delays, gathered
//!
//! Python: `myTask(id)` draws `process_length = random.randint(1, 5)`, sleeps
//! that long and prints its id and the wait; ten of them are gathered. The run
//! ends "just above 5 seconds" although the waits add up to about 30.
//!
//! The tasks finish in the order of their delays, not of their ids, and the
//! whole takes the longest delay. The delays come from a seeded generator:
//! pass `--seed N` to replay a run (without it a seed is drawn and printed).
//!
//! Run it: `cargo run -p examples-tasks -- gather-random --seed 7`
//!
//! You will see the seed, then ten `task <id> waited <n> s` lines in order of
//! `n`, then `took 5.00xs · ideal 5.000s · one by one 29.000s` (or so).

use anyhow::Result;
use futures::future::join_all;
use lesson::Ctx;
use rand::RngExt as _;
use tokio::time::sleep;

/// Each task's `process_length`, in seconds, from 1 to 5.
pub fn draw_delays(cx: &Ctx) -> Vec<u64> {
    let mut rng = cx.rng();
    (0..10).map(|_| rng.random_range(1..=5)).collect()
}

async fn my_task(cx: &Ctx, id: usize, process_length: u64) {
    sleep(cx.secs(process_length as f64)).await;
    cx.say(format!("task {id} waited {process_length} s"));
}

pub async fn run(cx: &Ctx) -> Result<()> {
    let delays = draw_delays(cx);
    let longest = delays.iter().max().copied().unwrap_or(0);
    cx.claim(longest as f64, delays.iter().sum::<u64>() as f64);
    join_all(delays.iter().enumerate().map(|(id, &secs)| my_task(cx, id, secs))).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// The delay each `task <id> waited <n> s` line reports, in printed order.
    fn waits(lines: &[String]) -> Vec<u64> {
        lines
            .iter()
            .filter_map(|l| l.split(" waited ").nth(1)?.trim_end_matches(" s").parse().ok())
            .collect()
    }

    #[tokio::test(start_paused = true)]
    async fn done_in_order_of_delay_in_the_longest_delay() {
        let cx = Ctx::test_with((), 7);
        run(&cx).await.unwrap();
        let delays = draw_delays(&Ctx::test_with((), 7));
        let mut sorted = delays.clone();
        sorted.sort();
        assert_eq!(waits(&cx.lines()), sorted, "{:#?}", cx.lines());
        assert_ne!(delays, sorted, "seed 7 should draw delays out of order, or this proves little");
        let longest = Duration::from_secs(*sorted.last().unwrap());
        assert_eq!(cx.elapsed(), longest);
        assert_eq!(cx.claimed().unwrap().ideal, longest);
        assert_eq!(cx.claimed().unwrap().one_by_one, Duration::from_secs(delays.iter().sum()));
    }

    #[test]
    fn the_same_seed_gives_the_same_delays() {
        let delays = |seed| draw_delays(&Ctx::test_with((), seed));
        assert_eq!(delays(7), delays(7));
        assert_ne!(delays(7), delays(8));
        assert!(delays(7).iter().all(|d| (1..=5).contains(d)));
    }
}
