//! # watch: the latest value, for readers that want only the newest
//!
//! Run it: `cargo run -p examples-streams -- watch`
//! Its asyncio twin: `python/watch.py`, run beside it by
//! `cargo xtask compare watch`.
//!
//! The asyncio program: a setting kept in a shared variable with a version
//! number, and an `asyncio.Condition`: main sets versions 1 to 4 and calls
//! `notify_all()`; a fast reader and a slow one (1 s of work before each look)
//! `wait_for` a version they have not seen. A flag says main is done.
//!
//! `watch::channel(initial)` is that variable, its version and its condition in
//! one: `send(value)` replaces the value and wakes every receiver;
//! `changed().await` waits for a value this receiver has not seen, and
//! `borrow_and_update()` reads it and marks it seen. A receiver that looks late
//! sees only the newest value, never the ones in between: right for a setting
//! reloaded or a progress value, wrong for messages (use `mpsc` or `broadcast`).
//! When the sender is dropped, `changed()` gives `Err` once the last value has
//! been seen: the readers end by themselves, with no flag.
//! Receivers woken by one `send` run in no set order: tokio spreads the waiting
//! ones over 8 lists, picked at random. (Here the slow reader never waits with
//! the fast one: it looks only after its work, when a new value is already there.)
//!
//! You will see the fast reader see versions 1 to 4 as they are set, at 0.4,
//! 0.8, 1.2 and 1.6 s; the slow one look at 1.0 s and see 2, at 2.0 s and see
//! 4, never 1 or 3; the fast one end at 2.4 s when main lets go of the sender,
//! the slow one at its next look, 3.0 s.

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::sync::watch;
use tokio::time::{Instant, sleep, sleep_until};

async fn reader(name: &'static str, mut setting: watch::Receiver<u32>, work: f64) {
    loop {
        if work > 0.0 {
            sleep(secs(work)).await; // busy: what is sent meanwhile waits, the newest only
        }
        // A value this receiver has not seen (at once if one came meanwhile); `Err`
        // once the sender is gone and the last value seen.
        if setting.changed().await.is_err() {
            break;
        }
        let version = *setting.borrow_and_update();
        say!("{name}: sees version {version}");
    }
    say!("{name}: the sender is gone; the last version was {}", *setting.borrow());
}

pub async fn main() -> Result<()> {
    // The slow reader's third look, at 3.0 s.
    claim(3.0, 3.0);
    let (setting, receiver) = watch::channel(0);
    // Each reader task owns its own receiver (a clone), which keeps its own "seen" mark.
    let fast = tokio::spawn(reader("fast", receiver.clone(), 0.0));
    let slow = tokio::spawn(reader("slow", receiver, 1.0));
    let start = Instant::now();
    for (version, at) in [(1, 0.4), (2, 0.8), (3, 1.2), (4, 1.6)] {
        sleep_until(start + secs(at)).await;
        say!("main: sets version {version}");
        setting.send(version)?;
    }
    sleep_until(start + secs(2.4)).await;
    drop(setting);
    fast.await?;
    slow.await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_late_reader_sees_only_the_newest() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 3.000s",
                "[ 0.400s] main: sets version 1",
                "[ 0.400s] fast: sees version 1",
                "[ 0.800s] main: sets version 2",
                "[ 0.800s] fast: sees version 2",
                "[ 1.000s] slow: sees version 2",
                "[ 1.200s] main: sets version 3",
                "[ 1.200s] fast: sees version 3",
                "[ 1.600s] main: sets version 4",
                "[ 1.600s] fast: sees version 4",
                "[ 2.000s] slow: sees version 4",
                "[ 2.400s] fast: the sender is gone; the last version was 4",
                "[ 3.000s] slow: the sender is gone; the last version was 4",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
