//! # borrow-locals: futures that borrow a local, where a task cannot
//!
//! The asyncio program it mirrors:
//!
//! ```python
//! async def main():
//!     text = "the cat sat on the mat with the hat"
//!     tasks = [asyncio.create_task(count(text, w, s)) for w, s in WORDS]
//!     return [await counted for counted in asyncio.as_completed(tasks)]
//! ```
//!
//! Each count borrows `text`, a local of `as_completed`. A task spawned with
//! `tokio::spawn` may outlive this function, so it cannot hold `&text` (E0597:
//! "`text` does not live long enough"). No task is needed to wait at once:
//! `FuturesUnordered` polls its futures inside the task that awaits it, and that
//! await ends before `text` does, so they may borrow it. Put the futures in it, not
//! tasks (no clone, no `Arc`). Done: `["at 4", "on 1", "the 3"]`, in the order they
//! finish, after 3 s.

use std::time::Duration;

use futures::stream::{FuturesUnordered, StreamExt as _};

const WORDS: [(&str, u64); 3] = [("the", 3), ("at", 1), ("on", 2)];

async fn count(text: &str, word: &str, seconds: u64) -> String {
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    format!("{word} {}", text.matches(word).count())
}

pub async fn as_completed() -> Vec<String> {
    let text = String::from("the cat sat on the mat with the hat");
    // TODO: the count futures themselves in `pending`, no task around them.
    let mut pending: FuturesUnordered<_> =
        WORDS.iter().map(|&(word, seconds)| tokio::spawn(count(&text, word, seconds))).collect();
    let mut counts = Vec::new();
    while let Some(counted) = pending.next().await {
        counts.push(counted.expect("a count does not panic"));
    }
    counts
}

#[cfg(test)]
mod tests {
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn the_counts_borrow_the_text_and_come_as_they_finish() {
        let start = Instant::now();
        let counts = super::as_completed().await;
        let took = start.elapsed().as_secs_f64();
        assert_eq!(counts, ["at 4", "on 1", "the 3"], "counts, in the order they finish");
        assert!(took == 3.0, "took {took:.3} ideal 3.000: the three counts wait at once");
    }
}
