//! # chat: a broadcast chat server, and a client that falls behind
//!
//! Run it: `cargo run -p examples-io -- chat`
//! Its asyncio twin: `python/chat.py`, run beside it by
//! `cargo xtask compare chat`.
//!
//! The asyncio program: a chat server on `asyncio.start_server` that gives each
//! connection an `asyncio.Queue` as it connects, and puts each line a client sends
//! in every queue. Three scripted clients join at 0, 0.5 and 1 s; carol takes a
//! second to type her name.
//!
//! In tokio the set of queues is one `broadcast` channel: each `Receiver` gets
//! every message sent after it subscribed, in order. Unlike the queues it is
//! bounded: it keeps the last 2 messages, and a receiver further behind loses the
//! oldest and is told how many, `Err(Lagged(n))`; an asyncio queue grows instead.
//! Each connection waits on its client and on the channel at once with `select!`;
//! both are cancel safe: the losing branch loses nothing. `LinesCodec` caps a line:
//! one without end drops its client (asyncio's `readline` stops at 64 KiB).
//!
//! You will see each line reach the clients connected when it was sent, and
//! carol, 4 messages behind when she names herself, told she missed 2.

use anyhow::{Context as _, Result};
use futures::StreamExt as _;
use futures::future::try_join_all;
use lesson::{claim, say};
use tokio::io::AsyncWriteExt as _;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::broadcast::{self, Receiver, Sender, error::RecvError};
use tokio::time::Instant;
use tokio_util::codec::{FramedRead, LinesCodec};

use crate::chat_clients::{CLIENTS, client};

/// The longest line the server takes from a client, in bytes.
const MAX_LINE: usize = 1024;

async fn serve(listener: TcpListener) -> Result<()> {
    // It keeps the last 2 messages for every receiver (tiny, to show what happens past them).
    let (tx, _) = broadcast::channel(2);
    loop {
        let (stream, _) = listener.accept().await.context("accepting a client")?;
        // Subscribed now: owed every message from here on, read or not.
        tokio::spawn(member(stream, tx.clone(), tx.subscribe()));
    }
}

/// Who said it, and what.
type Message = (String, String);

/// One connection: its first line is a name, every later line a message for all.
async fn member(stream: TcpStream, tx: Sender<Message>, mut rx: Receiver<Message>) -> Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut lines = FramedRead::new(reader, LinesCodec::new_with_max_length(MAX_LINE));
    let Some(name) = lines.next().await.transpose()? else { return Ok(()) };
    loop {
        // What to write to this client, if anything.
        let out = tokio::select! {
            line = lines.next() => {
                // `None`: the client left.
                let Some(text) = line.transpose().context("reading from a client")? else {
                    return Ok(());
                };
                let _ = tx.send((name.clone(), text));
                None
            }
            message = rx.recv() => match message {
                Ok((from, text)) => (from != name).then(|| format!("{from}: {text}\n")),
                Err(RecvError::Lagged(missed)) => {
                    say!("server: {name} fell behind: Lagged({missed}), the {missed} oldest lost");
                    Some(format!("(missed {missed} messages)\n"))
                }
                Err(RecvError::Closed) => return Ok(()),
            },
        };
        if let Some(out) = out {
            writer.write_all(out.as_bytes()).await.context("writing to a client")?;
        }
    }
}

pub async fn main() -> Result<()> {
    claim(2.5, 2.5); // when the last client leaves (`LEAVE`)
    let listener = TcpListener::bind("127.0.0.1:0").await.context("binding 127.0.0.1")?;
    let address = listener.local_addr().context("reading the server's address")?;
    let start = Instant::now();
    // The three scripted clients (`chat_clients.rs`), each on its own schedule.
    let clients = try_join_all(CLIENTS.map(|script| client(script, address, start)));
    tokio::select! {
        done = clients => done.map(drop),
        served = serve(listener) => served, // it only ends on an error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Real sockets, so the real clock (at a fifth): orders per client, not time stamps.
    #[tokio::test]
    async fn each_line_reaches_who_was_connected_and_carol_lags() {
        let run = lesson::test_scaled(0.2);
        main().await.unwrap();
        let lines = run.lines();
        let got = |who: &str| -> Vec<&str> {
            let prefix = format!("] {who} got ");
            lines.iter().filter_map(|l| Some(l.split_once(&prefix)?.1)).collect()
        };
        let from_carol = "carol: sorry, slow typist";
        assert_eq!(
            got("alice"),
            ["bob: hi alice", "bob: no idea", "bob: still typing", from_carol]
        );
        assert_eq!(got("bob"), ["alice: who's that?", "alice: hello?", from_carol]);
        assert_eq!(got("carol"), ["(missed 2 messages)", "alice: hello?", "bob: still typing"]);
        let lagged = "] server: carol fell behind: Lagged(2), the 2 oldest lost";
        assert!(lines.iter().any(|l| l.ends_with(lagged)), "{lines:#?}");
        assert!(run.elapsed() >= run.claim().ideal);
    }

    #[tokio::test]
    async fn a_line_without_end_is_cut_off_not_kept() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
        tokio::spawn(serve(listener));
        // A name, then more than MAX_LINE bytes with no newline: the client is dropped.
        let _ = client.write_all(&[b"mallory\n", &[b'x'; 64 * 1024][..]].concat()).await;
        let mut rest = Vec::new();
        let read = tokio::io::AsyncReadExt::read_to_end(&mut client, &mut rest);
        let waited = tokio::time::timeout(std::time::Duration::from_secs(5), read).await;
        assert!(matches!(waited, Ok(Ok(0) | Err(_))), "kept for 5 s, or answered: {waited:?}");
    }
}
