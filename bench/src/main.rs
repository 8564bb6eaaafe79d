//! The scenarios behind `cargo xtask bench`, each run as its own process.

fn main() {
    println!("no scenarios yet");
}
