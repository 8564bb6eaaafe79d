//! # async-closures: `async ||` and the `AsyncFn` traits, beside `|x| async move {}`
//!
//! Run it: `cargo run -p examples-rust -- async-closures`
//! Its asyncio twin: `python/async_closures.py`, run beside it by
//! `cargo xtask compare async-closures`.
//!
//! The asyncio program: helpers that take a coroutine function and call it for
//! three names, at once (`gather`) or in turn, given `async def`s nested in main
//! that read main's `suffix` and append to main's `log`. Any closure may read and
//! change what it sees; nothing says how it may be called.
//!
//! Until Rust 1.85 a helper took `F: Fn(String) -> Fut, Fut: Future` and was given
//! `|name| async move {..}`, the form the course uses elsewhere. The future it
//! returns cannot borrow the closure: the first closure below clones `suffix`
//! into each future, and takes `String`, not `&str` (a future that keeps the
//! `&str` it was given fails with "lifetime may not live long enough"). An
//! `FnMut` whose future changes a capture is refused: "captured variable cannot
//! escape `FnMut` closure body" (`tests/wont_compile/fnmut_future_borrows_capture.rs`).
//!
//! Rust 1.85 made `async |name: &str| {..}` and the traits `AsyncFn`, `AsyncFnMut`
//! and `AsyncFnOnce` stable (std: "since 1.85.0"; rustc 1.95 runs
//! this). Each call's future may borrow the argument and the closure itself:
//! `AsyncFn` lends the closure shared, so calls may run at once; `AsyncFnMut`
//! lends it mutably, so its future may change a capture, one call at a time;
//! `AsyncFnOnce` gives the closure away, so its future may take what it owns. What
//! a generic `AsyncFn`'s future is cannot be named on stable (`CallRefFuture` is
//! unstable), so a helper cannot ask it to be `Send` and `tokio::spawn` it
//! (`tests/wont_compile/async_closure_spawned.rs`): there, `Fn() -> Fut` with
//! `Fut: Future + Send + 'static` is still the way.
//!
//! You will see the two at-once helpers greet all three names at 0.25 and 0.5 s,
//! the log grow at 0.75, 1.0 and 1.25 s, and be handed over at 1.5 s.

use std::future::Future;

use anyhow::Result;
use futures::future::join_all;
use lesson::{claim, say, secs};
use tokio::time::sleep;

const NAMES: [&str; 3] = ["ann", "bob", "cy"];

/// The form the course uses elsewhere: each future owns what it uses.
async fn at_once_owned<F, Fut>(f: F) -> Vec<String>
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = String>,
{
    join_all(NAMES.map(|name| f(name.to_owned()))).await
}

/// Each call's future borrows `f` shared and its `&str`: three calls at once.
async fn at_once(f: impl AsyncFn(&str) -> String) -> Vec<String> {
    join_all(NAMES.map(|name| f(name))).await
}

/// Each call's future borrows `f` mutably: one call at a time.
async fn in_turn(mut f: impl AsyncFnMut(&str)) {
    for name in NAMES {
        f(name).await;
    }
}

/// Called once, `f` is given away: its future may take what `f` captured.
async fn once(f: impl AsyncFnOnce() -> Vec<String>) -> Vec<String> {
    f().await
}

pub async fn main() -> Result<()> {
    claim(6.0 * 0.25, 10.0 * 0.25);
    let suffix = String::from("!");
    let greetings = at_once_owned(|name| {
        let suffix = suffix.clone(); // the future may not borrow the closure's `suffix`
        async move {
            sleep(secs(0.25)).await;
            format!("{name}{suffix}")
        }
    })
    .await;
    say!("Fn -> Fut: {}", greetings.join(", "));

    // The future borrows `name` and `suffix`; no clone, no `String`.
    let greetings = at_once(async |name: &str| {
        sleep(secs(0.25)).await;
        format!("{name}{suffix}")
    })
    .await;
    say!("AsyncFn: {}", greetings.join(", "));

    let mut log = Vec::new();
    // Each call's future holds `&mut log` until it ends; in_turn awaits one at a time.
    in_turn(async |name: &str| {
        sleep(secs(0.25)).await;
        log.push(name.to_owned());
        say!("AsyncFnMut: {}", log.join(", "));
    })
    .await;

    // `async move`: the closure owns `log`, and its one call's future moves it out
    // (under an `AsyncFn` bound, E0507: it cannot move out of a captured variable).
    let handed_over = once(async move || {
        sleep(secs(0.25)).await;
        log
    })
    .await;
    say!("AsyncFnOnce: {}", handed_over.join(", "));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn at_once_when_shared_in_turn_when_mutable() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 1.500s, one by one 2.500s",
                "[ 0.250s] Fn -> Fut: ann!, bob!, cy!",
                "[ 0.500s] AsyncFn: ann!, bob!, cy!",
                "[ 0.750s] AsyncFnMut: ann",
                "[ 1.000s] AsyncFnMut: ann, bob",
                "[ 1.250s] AsyncFnMut: ann, bob, cy",
                "[ 1.500s] AsyncFnOnce: ann, bob, cy",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
