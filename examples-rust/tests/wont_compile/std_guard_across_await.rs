//! send-static's visit counter with its `std::sync::MutexGuard` held across an `.await`.
//! `cargo test -p examples-rust --test wont_compile` checks that rustc says:
//! error: future cannot be sent between threads safely
//! the trait `Send` is not implemented for `std::sync::MutexGuard<'_, u32>`

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::sleep;

pub async fn main() {
    let visits = Arc::new(Mutex::new(0_u32));
    for id in 1..=3 {
        let visits = Arc::clone(&visits);
        tokio::spawn(async move {
            let mut visits = visits.lock().expect("no task panics holding it");
            *visits += 1;
            sleep(Duration::from_secs_f64(0.25)).await;
            println!("task {id}: visit {visits}");
        });
    }
}
