//! # echo-clients: a server that answers everyone at once
//!
//! The asyncio program it mirrors (`asyncio.start_server` runs a task per client):
//!
//! ```python
//! async def handle(reader, writer):
//!     line = await reader.readline()
//!     await asyncio.sleep(0.5)
//!     writer.write(line); await writer.drain()
//! ```
//!
//! `serve` accepts a client and handles it to the end before it accepts the next:
//! three clients wait 0.5 + 0.5 + 0.5 s. `tokio::net::TcpListener` does not spawn for
//! you; `tokio::spawn` each connection's handler. Done: all three answered at 0.5 s.

use std::time::Duration;

use anyhow::Result;
use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::{TcpListener, TcpStream};

async fn handle(socket: TcpStream) -> Result<()> {
    let (reader, mut writer) = socket.into_split();
    let mut line = String::new();
    BufReader::new(reader).read_line(&mut line).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    writer.write_all(line.as_bytes()).await?;
    Ok(())
}

pub async fn serve(listener: TcpListener) -> Result<()> {
    loop {
        let (socket, _) = listener.accept().await?;
        // TODO: a task per client, so the loop goes back to accept at once.
        handle(socket).await?;
    }
}

#[cfg(test)]
mod tests {
    use anyhow::Result;
    use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
    use tokio::net::{TcpListener, TcpStream};
    use tokio::time::Instant;

    async fn client(address: std::net::SocketAddr, n: u32) -> Result<String> {
        let mut socket = TcpStream::connect(address).await?;
        socket.write_all(format!("hi {n}\n").as_bytes()).await?;
        let mut line = String::new();
        BufReader::new(socket).read_line(&mut line).await?;
        Ok(line.trim_end().to_owned())
    }

    #[tokio::test(start_paused = true)]
    async fn three_clients_answered_together() -> Result<()> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        tokio::spawn(super::serve(listener));
        let start = Instant::now();
        let (a, b, c) =
            tokio::try_join!(client(address, 1), client(address, 2), client(address, 3))?;
        let took = start.elapsed().as_secs_f64();
        assert!(
            took == 0.5,
            "took {took:.3} ideal 0.500: the server answered one client at a time"
        );
        assert_eq!([a, b, c], ["hi 1", "hi 2", "hi 3"], "answers");
        Ok(())
    }
}
