//! borrow-locals' spawned count borrowing main's `String` instead of owning an `Arc`.
//! `cargo test -p examples-rust --test wont_compile` checks that rustc says:
//! error[E0597]: `text` does not live long enough
//! argument requires that `text` is borrowed for `'static`

use std::time::Duration;

use tokio::time::sleep;

async fn count(text: &str, word: &str, seconds: f64) -> String {
    sleep(Duration::from_secs_f64(seconds)).await;
    format!("{word} {}", text.matches(word).count())
}

pub async fn main() {
    let text = String::from("the cat sat on the mat with the hat");
    let task = tokio::spawn(count(&text, "the", 0.75));
    println!("spawn: {}", task.await.expect("the count does not panic"));
}
