//! # concurrent-map: spawning over borrowed items
//!
//! The asyncio program it mirrors:
//!
//! ```python
//! async def lengths(words: list[str]) -> list[int]:
//!     return await asyncio.gather(*(asyncio.create_task(measure(w)) for w in words))
//! ```
//!
//! `lengths` borrows its words (`&[String]`) and spawns a task per word with a
//! reference in it: the task could outlive the borrow, and the compiler says the
//! borrowed data escapes (E0521). Either give each task an owned `String`
//! (`w.clone()`), or spawn nothing and `join_all` the futures, which may borrow because
//! they cannot outlive this function. Done: `[3, 5, 2]` after 1 s.

use std::time::Duration;

async fn measure(word: &str) -> usize {
    tokio::time::sleep(Duration::from_secs(1)).await;
    word.len()
}

pub async fn lengths(words: &[String]) -> Vec<usize> {
    // TODO: no reference into `words` inside a spawned task.
    let tasks: Vec<_> =
        words.iter().map(|w| tokio::spawn(async move { measure(w).await })).collect();
    let mut lengths = Vec::new();
    for task in tasks {
        lengths.push(task.await.expect("measure does not panic"));
    }
    lengths
}

#[cfg(test)]
mod tests {
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn every_word_measured_at_once() {
        let words: Vec<String> = ["tea", "scone", "jo"].map(String::from).into();
        let start = Instant::now();
        let lengths = super::lengths(&words).await;
        let took = start.elapsed().as_secs_f64();
        assert_eq!(lengths, [3, 5, 2], "lengths");
        assert!(took == 1.0, "took {took:.3} ideal 1.000: the words are measured at once");
    }
}
