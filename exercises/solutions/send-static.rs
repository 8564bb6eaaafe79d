//! # send-static: a task owns what it uses
//!
//! The asyncio program it mirrors:
//!
//! ```python
//! async def main():
//!     greeting = "hello"
//!     tasks = [asyncio.create_task(greet(greeting, n)) for n in ["ana", "bo"]]
//!     return await asyncio.gather(*tasks)
//! ```
//!
//! Python's tasks share `greeting` by reference and the garbage collector keeps it
//! alive. A tokio task may outlive the function that spawned it, so `tokio::spawn`
//! wants a future that borrows nothing (`'static`): the `async` block below borrows
//! `greeting` and `name` (error E0373). Give each task its own copy and move it in
//! (`async move`). Done: `["hello ana", "hello bo"]` after 1 s.

use std::time::Duration;

pub async fn greet_all() -> Vec<String> {
    let greeting = String::from("hello");
    let mut tasks = Vec::new();
    for name in ["ana", "bo"] {
        let greeting = greeting.clone();
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(1)).await;
            format!("{greeting} {name}")
        }));
    }
    let mut greetings = Vec::new();
    for task in tasks {
        greetings.push(task.await.expect("a greeting does not panic"));
    }
    greetings
}

#[cfg(test)]
mod tests {
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn each_task_greets_with_its_own_copy() {
        let start = Instant::now();
        let greetings = super::greet_all().await;
        let took = start.elapsed().as_secs_f64();
        assert_eq!(greetings, ["hello ana", "hello bo"], "greetings");
        assert!(took == 1.0, "took {took:.3} ideal 1.000: the two tasks sleep at once");
    }
}
