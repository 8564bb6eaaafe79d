//! # gather-random: ten random delays, gathered
//!
//! Run it: `cargo run -p examples-tasks -- gather-random --seed 7`
//! Its asyncio twin: `python/gather_random.py`, run beside it by
//! `cargo xtask compare gather-random`.
//!
//! The asyncio program: `my_task(id)` draws `process_length = random.randint(1, 5)`,
//! sleeps that long and prints its id and the wait; ten of them are gathered.
//! The run ends "just above 5 seconds" although the waits add up to about 30.
//!
//! The tasks finish in the order of their delays, not of their ids, and the
//! whole takes the longest delay. The delays come from a generator seeded with
//! a number printed first: `--seed N` replays that run.
//!
//! You will see the seed and the ten delays, then ten `task <id> waited <n>s`
//! lines in the order of the waits, over about 5 s.

use anyhow::Result;
use futures::future::join_all;
use lesson::{claim, say, secs};
use rand::rngs::StdRng;
use rand::{RngExt as _, SeedableRng as _};
use tokio::time::sleep;

async fn my_task(id: usize, process_length: u64) {
    let wait = secs(process_length as f64);
    sleep(wait).await;
    say!("task {id} waited {wait:?}");
}

pub async fn main() -> Result<()> {
    // A new seed each run, printed, so that any run can be replayed with `run(seed)`.
    run(rand::random_range(0..1_000_000)).await
}

pub async fn run(seed: u64) -> Result<()> {
    let mut rng = StdRng::seed_from_u64(seed);
    let delays: Vec<u64> = (0..10).map(|_| rng.random_range(1..=5)).collect();
    claim(delays.iter().copied().max().unwrap_or(0) as f64, delays.iter().sum::<u64>() as f64);
    say!("seed {seed}: delays {delays:?}");
    // `asyncio.gather(*[my_task(id) for id in range(10)])`.
    join_all(delays.iter().enumerate().map(|(id, &delay)| my_task(id, delay))).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The waits the `task <id> waited <n>s` lines report, in printed order, in whole seconds.
    fn waits(lines: &[String]) -> Vec<u64> {
        let wait = |line: &String| line.split(" waited ").nth(1)?.strip_suffix('s')?.parse().ok();
        lines.iter().filter_map(wait).collect()
    }

    #[tokio::test(start_paused = true)]
    async fn done_in_order_of_delay_in_the_longest_delay() {
        let run = lesson::test();
        super::run(7).await.unwrap();
        let lines = run.lines();
        assert_eq!(lines[1], "[ 0.000s] seed 7: delays [1, 2, 1, 3, 2, 5, 1, 2, 1, 4]");
        assert_eq!(waits(&lines), [1, 1, 1, 1, 2, 2, 2, 3, 4, 5], "{lines:#?}");
        // Each line at the time it names, ids in the order given among equal delays.
        assert_eq!(lines[2], "[ 1.000s] task 0 waited 1s");
        assert_eq!(lines[11], "[ 5.000s] task 5 waited 5s");
        assert_eq!(lines[0], "claim: ideal 5.000s, one by one 22.000s");
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
