//! async-recursion's first walk calling itself with no box between the calls.
//! `cargo test -p examples-rust --test wont_compile` checks that rustc says:
//! error[E0733]: recursion in an async fn requires boxing
//! a recursive `async fn` call must introduce indirection such as `Box::pin`

use std::time::Duration;

use tokio::time::sleep;

pub async fn walk(path: String, depth: u32) -> u32 {
    println!("reading {path}");
    sleep(Duration::from_secs_f64(0.25)).await;
    if depth == 0 {
        return 1;
    }
    let mut leaves = 0;
    for name in ["a", "b"] {
        leaves += walk(format!("{path}{name}/"), depth - 1).await;
    }
    leaves
}
