//! A helper that spawns the future of any `AsyncFn`: it cannot say that future is
//! `Send` (its type, `CallRefFuture`, is unstable to name), so tokio::spawn refuses it.
//! `cargo test -p examples-rust --test wont_compile` checks that rustc says:
//! error: future cannot be sent between threads safely
//! CallRefFuture

pub fn spawn_call<F: AsyncFn() -> String + Send + Sync + 'static>(f: F) {
    tokio::spawn(async move { f().await });
}
