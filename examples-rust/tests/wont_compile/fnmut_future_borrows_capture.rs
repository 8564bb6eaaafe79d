//! async-closures' in-turn log written with the older form, `FnMut(String) -> Fut`:
//! the future returned by the closure borrows the closure's capture, `log`.
//! `cargo test -p examples-rust --test wont_compile` checks that rustc says:
//! error: captured variable cannot escape `FnMut` closure body
//! returns an `async` block that contains a reference to a captured variable

use std::future::Future;

async fn in_turn<F, Fut>(mut f: F)
where
    F: FnMut(String) -> Fut,
    Fut: Future<Output = ()>,
{
    for name in ["ann", "bob", "cy"] {
        f(name.to_owned()).await;
    }
}

pub async fn main() {
    let mut log = Vec::new();
    in_turn(|name| async {
        log.push(name);
    })
    .await;
    println!("{}", log.join(", "));
}
