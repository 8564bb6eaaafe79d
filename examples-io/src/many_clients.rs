//! # many-clients: 1,000 connections at once, on one thread
//!
//! Run it: `cargo run -p examples-io -- many-clients`
//! Its asyncio twin: `python/many_clients.py`, run beside it by
//! `cargo xtask compare many-clients`.
//!
//! The asyncio program: `asyncio.start_server` with a handler that reads a
//! question and answers it 0.5 s later; 1,000 clients that `open_connection`
//! (one `gather`), then all ask at once (another `gather`), on one thread.
//!
//! The same on tokio's current-thread runtime: a task per connection. A task
//! waiting on a timer or a socket is a small struct, not a thread: 1,000 of them
//! cost next to nothing. Two limits bite both alike: the listen backlog (see
//! `main`), and open files: both ends of each connection are in this process,
//! about 2,000, more than the usual `ulimit -n` of 1,024. This crate's `main.rs`
//! raises the soft limit toward the hard one first, as Go's runtime does, or says
//! in one line what to raise; your own program would do the same (the `rlimit`
//! crate), or run after `ulimit -n 4096`.
//!
//! Setting up 1,000 connections is CPU work, not a wait: the claim is a speed-up,
//! measured, over answering them one by one (1,000 × 0.5 s), of at least 50x.
//!
//! You will see 1,000 clients connect, all answered about 0.5 s later, and the
//! server count 1,000 connections open at once.

use std::io::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{Context as _, Result};
use futures::future::try_join_all;
use lesson::{claim_speedup, say, secs, speedup};
use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::time::sleep;

pub const CLIENTS: usize = 1000;

/// Connections the server holds now, and the most it held at once. Atomics in an
/// `Arc`, not a plain counter: a spawned task must be `Send`, even on one thread.
#[derive(Debug, Default)]
struct Open {
    now: AtomicUsize,
    most: AtomicUsize,
}

async fn handle(stream: TcpStream, open: Arc<Open>) -> Result<()> {
    let now = open.now.fetch_add(1, Ordering::Relaxed) + 1;
    open.most.fetch_max(now, Ordering::Relaxed);
    let (reader, mut writer) = stream.into_split();
    let mut question = String::new();
    BufReader::new(reader).read_line(&mut question).await.context("reading a question")?;
    sleep(secs(0.5)).await; // this task waits; the thread serves the others
    writer.write_all(b"answer\n").await.context("answering")?;
    open.now.fetch_sub(1, Ordering::Relaxed);
    Ok(())
}

/// `asyncio.start_server(handle, ...)`: accept for ever, a task for each connection.
async fn serve(listener: TcpListener, open: Arc<Open>) -> Result<()> {
    loop {
        let (stream, _) =
            listener.accept().await.context("accepting (is `ulimit -n` over 2,000?)")?;
        tokio::spawn(handle(stream, open.clone()));
    }
}

async fn ask(stream: TcpStream) -> Result<String> {
    let (reader, mut writer) = stream.into_split();
    writer.write_all(b"question\n").await.context("asking")?;
    let mut answer = String::new();
    BufReader::new(reader).read_line(&mut answer).await.context("reading the answer")?;
    Ok(answer)
}

pub async fn main() -> Result<()> {
    claim_speedup(50.0);
    // `TcpListener::bind` asks for a backlog of 128 (asyncio's default is 100):
    // connections made faster than the server accepts them beyond that are
    // dropped and retried 1 s later. `TcpSocket` sets it. Port 0: the OS picks one.
    let socket = TcpSocket::new_v4().context("making a socket")?;
    socket.bind(([127, 0, 0, 1], 0).into()).context("binding 127.0.0.1")?;
    let listener = socket.listen(1024).context("listening")?;
    let address = listener.local_addr().context("reading the server's address")?;
    let open = Arc::new(Open::default());
    let started = Instant::now();
    let clients = async {
        // `gather` of 1,000 `open_connection`s, then of 1,000 questions: all at once.
        let connect = (0..CLIENTS).map(|_| TcpStream::connect(address));
        let streams =
            try_join_all(connect).await.context("connecting (is `ulimit -n` over 2,000?)")?;
        say!("{CLIENTS} clients connected");
        try_join_all(streams.into_iter().map(ask)).await
    };
    // Both on this one task: the clients, and the server, which only ever ends on an error.
    let answers = tokio::select! {
        answers = clients => answers?,
        served = serve(listener, open.clone()) => return served,
    };
    let at_once = started.elapsed();
    let answered = answers.iter().filter(|answer| *answer == "answer\n").count();
    say!("{answered} of {CLIENTS} answered");
    say!("server: at most {} connections open at once", open.most.load(Ordering::Relaxed));
    // On stderr; `writeln!`, as `eprintln!` panics if stderr is gone.
    let _ = writeln!(std::io::stderr(), "{CLIENTS} clients connected and answered in {at_once:?}");
    speedup(secs(0.5) * CLIENTS as u32, at_once); // one by one: the sum of the waits
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Real sockets, so the real clock, at a fifth of the delay: 100 ms.
    #[tokio::test]
    async fn a_thousand_clients_are_answered_together() {
        assert_eq!(lesson::open_files(2 * CLIENTS as u64 + 64).unwrap(), lesson::OpenFiles::Enough);
        let run = lesson::test_scaled(0.2);
        main().await.unwrap();
        let events: Vec<String> =
            run.lines().iter().filter_map(|l| Some(l.split_once("] ")?.1.to_owned())).collect();
        assert_eq!(
            events,
            [
                "1000 clients connected",
                "1000 of 1000 answered",
                "server: at most 1000 connections open at once",
            ]
        );
        let (claimed, measured) = run.speed_up();
        assert!(measured.unwrap() >= claimed.unwrap(), "{:?}", run.lines());
    }
}
