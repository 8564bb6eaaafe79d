//! send-static's writer borrowing main's `String` instead of owning a copy.
//! `cargo test -p examples-rust --test wont_compile` checks that rustc says:
//! error[E0373]: async block may outlive the current function, but it borrows `report`

use std::time::Duration;

use tokio::time::sleep;

pub async fn main() {
    let report = String::from("report.txt");
    let writer = tokio::spawn(async {
        sleep(Duration::from_secs_f64(0.5)).await;
        println!("writer: wrote {report}");
    });
    println!("main: still has {report}");
    writer.await.expect("the writer does not panic");
}
