//! # hello: a sleep that really waits
//!
//! The asyncio program it mirrors:
//!
//! ```python
//! async def main():
//!     print("Hello")
//!     await asyncio.sleep(1)
//!     print("World")
//! ```
//!
//! `hello` below makes the sleep but never waits on it: "World" comes at 0 s, not at
//! 1 s. A tokio future, like a coroutine object, does nothing until awaited (and rustc
//! warns that it is unused). Done: "Hello" at 0 s, "World" at 1 s, 1 s in all.

use std::time::Duration;

use tokio::time::Instant;

pub async fn hello() -> Vec<String> {
    let start = Instant::now();
    let mut lines = Vec::new();
    let mut say = |word: &str| lines.push(format!("{:.3} {word}", start.elapsed().as_secs_f64()));
    say("Hello");
    tokio::time::sleep(Duration::from_secs(1)).await;
    say("World");
    lines
}

#[cfg(test)]
mod tests {
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn world_comes_a_second_after_hello() {
        let start = Instant::now();
        let lines = super::hello().await;
        let took = start.elapsed().as_secs_f64();
        assert!(took == 1.0, "took {took:.3} ideal 1.000: the sleep was made but never awaited");
        assert_eq!(lines, ["0.000 Hello", "1.000 World"], "lines");
    }
}
