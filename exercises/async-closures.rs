//! # async-closures: a closure whose futures borrow
//!
//! The asyncio program it mirrors:
//!
//! ```python
//! async def main():
//!     suffix = "!"
//!
//!     async def greet(name):
//!         await asyncio.sleep(1)
//!         return f"{name}{suffix}"
//!
//!     return await at_once(greet)  # gather(*(f(name) for name in NAMES))
//! ```
//!
//! `at_once` takes `F: Fn(&str) -> Fut`, the form of helper before Rust 1.85: the
//! future `f` returns may borrow neither `f`'s captures nor the `&str` it is given.
//! So this `async move` block, which takes `suffix` out of a closure called three
//! times, is refused (E0507: "cannot move out of `suffix`, a captured variable in
//! an `Fn` closure"), and keeping `name` would be next ("lifetime may not live long
//! enough"). Since Rust 1.85 an async closure's futures may borrow both, with no
//! clone: write `async |name: &str| {..}`, and have `at_once` take
//! `f: impl AsyncFn(&str) -> String`. Done: `["ann!", "bob!", "cy!"]` after 1 s, the
//! three calls at once.

use std::future::Future;
use std::time::Duration;

use futures::future::join_all;

const NAMES: [&str; 3] = ["ann", "bob", "cy"];

/// Calls `f` for each name, the three calls at once.
async fn at_once<F, Fut>(f: F) -> Vec<String>
where
    F: Fn(&str) -> Fut,
    Fut: Future<Output = String>,
{
    join_all(NAMES.map(|name| f(name))).await
}

pub async fn greetings() -> Vec<String> {
    let suffix = String::from("!");
    // TODO: `async |name: &str| {..}`, given to an `at_once(f: impl AsyncFn(&str) -> String)`.
    at_once(|name| async move {
        tokio::time::sleep(Duration::from_secs(1)).await;
        format!("{name}{suffix}")
    })
    .await
}

#[cfg(test)]
mod tests {
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn the_three_calls_borrow_and_run_at_once() {
        let start = Instant::now();
        let greetings = super::greetings().await;
        let took = start.elapsed().as_secs_f64();
        assert_eq!(greetings, ["ann!", "bob!", "cy!"], "greetings");
        assert!(took == 1.0, "took {took:.3} ideal 1.000: the three calls wait at once");
    }
}
