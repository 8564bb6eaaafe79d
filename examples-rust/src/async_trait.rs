//! # async-trait: `async fn` in a trait, and why `dyn` wants the future boxed
//!
//! Run it: `cargo run -p examples-rust -- async-trait`
//! Its asyncio twin: `python/async_trait.py`, run beside it by
//! `cargo xtask compare async-trait`.
//!
//! The asyncio program: two stores, a dict in memory and a remote one that
//! answers in 0.5 s, each with `async def get(key)`. Any object with such a method
//! will do (duck typing, or a `typing.Protocol` for the type checker): a function
//! asks one store, then a list of both is asked at once, a task for each.
//!
//! Rust 1.75 allows `async fn` in a trait: `Store::get` below, implemented as
//! `async fn` by both stores. A generic caller (`fn ask(store: &impl Store)`) is
//! compiled once for each store type, so each call knows its future's type.
//! Written `fn get(..) -> impl Future<Output = ..> + Send`, the trait promises that
//! every store's future is `Send`, which `tokio::spawn` will ask of a caller's task;
//! a bare `async fn` in a trait promises nothing of the kind (rustc's lint
//! `async_fn_in_trait` says so of public traits).
//!
//! A list of stores of different types is a list of `dyn` values, and `dyn Store`
//! is refused (E0038: the trait is not dyn compatible): each type's `get` returns
//! a future of its own type and size, and a call through `dyn` needs one return
//! type. The fix is a method that returns the future boxed, `Pin<Box<dyn Future<
//! Output = ..> + Send + '_>>`, one type for all: `DynStore` below, written for
//! every `Store` at once. The `async-trait` crate writes that for you from an
//! `async fn`; the box is one allocation a call.
//!
//! You will see the memory store answer at once and the remote one at 0.5 s, then
//! both asked at once in tasks: memory at 0.5 s, remote at 1.0 s.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::Arc;

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::time::sleep;

trait Store {
    fn name(&self) -> &'static str;
    // `async fn get(&self, key: &str) -> Option<String>;` with the promise of `Send`.
    fn get(&self, key: &str) -> impl Future<Output = Option<String>> + Send;
}

struct Memory(HashMap<&'static str, &'static str>);
struct Remote;

impl Store for Memory {
    fn name(&self) -> &'static str {
        "memory"
    }
    async fn get(&self, key: &str) -> Option<String> {
        self.0.get(key).map(|value| (*value).to_owned())
    }
}

impl Store for Remote {
    fn name(&self) -> &'static str {
        "remote"
    }
    async fn get(&self, key: &str) -> Option<String> {
        sleep(secs(0.5)).await; // the round trip
        Some(format!("{key} from afar"))
    }
}

/// What `#[async_trait]` would write: the future boxed, so that `dyn DynStore` is one type.
trait DynStore: Send + Sync {
    fn name(&self) -> &'static str;
    fn get<'a>(&'a self, key: &'a str)
    -> Pin<Box<dyn Future<Output = Option<String>> + Send + 'a>>;
}

impl<S: Store + Send + Sync> DynStore for S {
    fn name(&self) -> &'static str {
        Store::name(self)
    }
    fn get<'a>(
        &'a self,
        key: &'a str,
    ) -> Pin<Box<dyn Future<Output = Option<String>> + Send + 'a>> {
        Box::pin(Store::get(self, key))
    }
}

/// Generic: compiled once for each type of store it is called with.
async fn ask(store: &impl Store, key: &str) {
    let value = store.get(key).await.unwrap_or_else(|| "nothing".to_owned());
    say!("{}: {key} = {value}", store.name());
}

pub async fn main() -> Result<()> {
    claim(0.5 + 0.5, 0.5 + 0.5 + 0.5);
    let memory = Memory(HashMap::from([("user", "ada")]));
    ask(&memory, "user").await;
    ask(&Remote, "user").await;

    let stores: Vec<Arc<dyn DynStore>> = vec![Arc::new(memory), Arc::new(Remote)];
    let mut tasks = Vec::new();
    for store in stores {
        // The task may outlive this loop, so it owns its `Arc` of the store.
        tasks.push(tokio::spawn(async move {
            let value = store.get("user").await.unwrap_or_else(|| "nothing".to_owned());
            say!("{} in a task: user = {value}", store.name());
        }));
    }
    for task in tasks {
        task.await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn generic_calls_one_by_one_then_dyn_stores_at_once() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 1.000s, one by one 1.500s",
                "[ 0.000s] memory: user = ada",
                "[ 0.500s] remote: user = user from afar",
                "[ 0.500s] memory in a task: user = ada",
                "[ 1.000s] remote in a task: user = user from afar",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
