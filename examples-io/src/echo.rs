//! # echo: one line there and back over TCP
//!
//! Run it: `cargo run -p examples-io -- echo`
//! Its asyncio twin: `python/echo.py`, run beside it by
//! `cargo xtask compare echo`.
//!
//! The asyncio program: the TCP echo pair from asyncio's streams docs, in one
//! program. `asyncio.start_server(handle_echo, '127.0.0.1', 0)` whose handler
//! reads a line, waits 0.5 s and writes it back; a client that calls
//! `open_connection`, sends `Hello World!`, reads the echo and closes.
//!
//! `TcpListener::bind` + `accept` is `start_server`, `TcpStream::connect` is
//! `open_connection`. asyncio hands you a `(reader, writer)` pair; tokio hands
//! you one stream, and `into_split` makes the pair: a read half to wrap in a
//! `BufReader` for `lines()` (`readline`), a write half for `write_all` (`write`
//! and `drain` in one). Dropping the write half sends end-of-file, as
//! `writer.write_eof()` does; the handler's `lines()` then ends.
//!
//! You will see the client send, the server receive at once and echo after
//! 0.5 s, then the client receive, close, and the server see it go.

use anyhow::{Context as _, Result};
use lesson::{claim, say, secs};
use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::sleep;

/// `async def handle_echo(reader, writer)`: echo each line, half a second later.
async fn handle_echo(stream: TcpStream) -> Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader).lines();
    // `None` when the client has closed its side.
    while let Some(line) = lines.next_line().await.context("reading from the client")? {
        say!("server: Received {line:?}");
        sleep(secs(0.5)).await; // the handler waits; the thread is free meanwhile
        say!("server: Send {line:?}");
        writer.write_all(format!("{line}\n").as_bytes()).await.context("echoing")?;
    }
    say!("server: the client closed; Close the connection");
    Ok(())
}

pub async fn main() -> Result<()> {
    claim(0.5, 0.5);
    // Port 0: the OS picks a free port; only this machine can reach 127.0.0.1.
    let listener = TcpListener::bind("127.0.0.1:0").await.context("binding 127.0.0.1")?;
    let address = listener.local_addr().context("reading the server's address")?;
    say!("server: listening on 127.0.0.1, on a port the OS picked");
    // The server, as a task of its own: one connection, then it is done.
    let server = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.context("accepting the client")?;
        handle_echo(stream).await
    });

    let stream = TcpStream::connect(address).await.context("connecting to the server")?;
    let (reader, mut writer) = stream.into_split();
    let message = "Hello World!";
    say!("Send: {message:?}");
    writer.write_all(format!("{message}\n").as_bytes()).await.context("sending")?;
    let mut lines = BufReader::new(reader).lines();
    let echo = lines.next_line().await.context("reading the echo")?;
    say!("Received: {:?}", echo.context("the server closed without an answer")?);
    say!("Close the connection");
    drop(writer);
    // The `?`s: the server task panicked, or returned an error.
    server.await??;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Real sockets on the paused clock: safe here, as no timer is pending while
    // bytes are on their way (the clock only jumps when every task waits).
    #[tokio::test(start_paused = true)]
    async fn the_echo_comes_back_after_half_a_second() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 0.500s",
                "[ 0.000s] server: listening on 127.0.0.1, on a port the OS picked",
                "[ 0.000s] Send: \"Hello World!\"",
                "[ 0.000s] server: Received \"Hello World!\"",
                "[ 0.500s] server: Send \"Hello World!\"",
                "[ 0.500s] Received: \"Hello World!\"",
                "[ 0.500s] Close the connection",
                "[ 0.500s] server: the client closed; Close the connection",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
