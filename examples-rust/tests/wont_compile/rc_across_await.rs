//! send-static's visit counter in an `Rc<Cell<u32>>` instead of an `Arc<Mutex<u32>>`.
//! `cargo test -p examples-rust --test wont_compile` checks that rustc says:
//! error: future cannot be sent between threads safely
//! the trait `Send` is not implemented for `Rc<Cell<u32>>`

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use tokio::time::sleep;

pub async fn main() {
    let visits = Rc::new(Cell::new(0_u32));
    for id in 1..=3 {
        let visits = Rc::clone(&visits);
        tokio::spawn(async move {
            visits.set(visits.get() + 1);
            sleep(Duration::from_secs_f64(0.25)).await;
            println!("task {id}: {} visits so far", visits.get());
        });
    }
}
