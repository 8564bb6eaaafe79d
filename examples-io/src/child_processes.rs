//! # child-processes: three programs at once, their output read as they run
//!
//! Run it: `cargo run -p examples-io -- child-processes`
//! Its asyncio twin: `python/child_processes.py`, run beside it by
//! `cargo xtask compare child-processes`.
//!
//! The asyncio program: three `asyncio.create_subprocess_exec(..., stdout=PIPE)`
//! children that sleep 1, 2 and 3 s and print a line, each awaited with
//! `proc.communicate()`, gathered. A fourth, of 10 s, is killed once they are done.
//!
//! `tokio::process::Command` is `std::process::Command` with async children:
//! `wait_with_output()` is `communicate()`, reading the child's stdout as it
//! comes and waiting for its exit without blocking the thread. The children are
//! this very program, run again with `child` as its first argument.
//!
//! By default a `Child` dropped while it runs is left running. With
//! `kill_on_drop(true)` dropping it kills it: the fourth child is just dropped
//! (the twin calls `proc.kill()`), and the three would be too if `main` gave up
//! early on an error, instead of running on unwatched.
//!
//! You will see the children end at 1, 2 and 3 s, each with its line, and the
//! fourth killed at 3 s with nothing printed: 3 s, not the 6 s of one by one.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context as _, Result, bail, ensure};
use futures::future::try_join_all;
use lesson::{claim, say, secs};
use tokio::io::AsyncReadExt as _;
use tokio::process::Command;
use tokio::time::sleep;

/// `<this program> child ID SECONDS`: sleep, say so, exit.
async fn child(args: &[String]) -> Result<()> {
    let [id, seconds] = args else { bail!("usage: child ID SECONDS") };
    let seconds = seconds.parse().ok().and_then(|s| Duration::try_from_secs_f64(s).ok());
    sleep(seconds.context("SECONDS is a number of seconds, 0 or more")?).await;
    println!("child {id} done");
    Ok(())
}

fn start(me: &Path, id: u32, seconds: f64) -> Result<tokio::process::Child> {
    let seconds = secs(seconds).as_secs_f64().to_string();
    Command::new(me)
        .args(["child", &id.to_string(), &seconds])
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("starting child {id}"))
}

async fn run(me: &Path, id: u32, seconds: f64) -> Result<()> {
    // `communicate()`: stdout read as it comes, and the exit waited for, together.
    let output = start(me, id, seconds)?.wait_with_output().await.context("waiting")?;
    ensure!(output.status.success(), "child {id} failed: {}", output.status);
    let printed = String::from_utf8_lossy(&output.stdout);
    say!("child {id} exited ({}), printed {:?}", output.status, printed.trim());
    Ok(())
}

pub async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|mode| mode == "child") {
        return child(&args[1..]).await;
    }
    claim(3.0, 1.0 + 2.0 + 3.0);
    let me = std::env::current_exe().context("finding this program")?;
    let (one, two, three) = (secs(1.0), secs(2.0), secs(3.0));
    say!(
        "starting children 1, 2, 3 of {one:?}, {two:?}, {three:?}, and child 4 of {:?}",
        secs(10.0)
    );
    let mut slow = start(&me, 4, 10.0)?;
    let mut slow_stdout = slow.stdout.take().context("child 4's stdout")?;
    // The three at once: `gather` of their `communicate()`s.
    try_join_all([1.0, 2.0, 3.0].into_iter().zip(1..).map(|(s, id)| run(&me, id, s))).await?;
    drop(slow); // kill_on_drop: dropping it kills it
    let mut printed = String::new();
    // The pipe closes as the child dies: at once, not in 7 s.
    slow_stdout.read_to_string(&mut printed).await.context("reading child 4")?;
    say!("child 4 killed while still running; it printed {:?}", printed.trim());
    Ok(())
}
