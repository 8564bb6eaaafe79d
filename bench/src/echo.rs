//! `echo`: uvloop's own benchmark (`examples/bench/echoserver.py` and
//! `echoclient.py` in MagicStack/uvloop): a TCP echo server, and one load
//! generator that sends a message on each connection, waits for all of it to come
//! back, and sends the next. Two processes:
//!
//! - `bench echo serve`: the tokio server, on one thread as asyncio's is. It binds
//!   127.0.0.1 on a free port, prints `listening=127.0.0.1:PORT`, and ends when its
//!   stdin closes (so it never outlives xtask). Its twins are asyncio streams,
//!   `python3 bench/python/bench_echo.py [--uvloop] serve`, which print the same.
//! - `bench echo load REQUESTS MESSAGE CONNECTIONS ADDR PID`: the load, the same
//!   for all three servers. `REQUESTS` round trips of `MESSAGE` bytes, spread over
//!   `CONNECTIONS` connections to `ADDR` (loopback only), then the server's CPU
//!   time over the load and its peak RSS, read from `/proc/PID`.

use std::io::Read as _;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;

use crate::measure::{self, Results};

/// A load still running after this long is a failure, not a figure.
const CAP: Duration = Duration::from_secs(30);

/// What the server reads at once: as uvloop's `reader.read(1000000)`, more than
/// the largest message, so one read takes whatever has arrived.
const READ_BUFFER: usize = 256 * 1024;

pub fn serve() -> Result<()> {
    let runtime = crate::runtime("ct")?;
    runtime.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.context("binding 127.0.0.1")?;
        println!("listening={}", listener.local_addr().context("the bound address")?);
        // xtask holds our stdin: when it closes (xtask done, or gone), so do we.
        std::thread::spawn(|| {
            let _ = std::io::stdin().read_to_end(&mut Vec::new());
            std::process::exit(0);
        });
        loop {
            let (stream, _) = listener.accept().await.context("accepting")?;
            tokio::spawn(echo(stream));
        }
    })
}

/// Write back whatever arrives, until the peer closes.
async fn echo(mut stream: TcpStream) -> Result<()> {
    stream.set_nodelay(true)?;
    let mut buffer = vec![0; READ_BUFFER];
    loop {
        let n = stream.read(&mut buffer).await?;
        if n == 0 {
            return Ok(());
        }
        stream.write_all(&buffer[..n]).await?;
    }
}

/// The load; main.rs has checked that `addr` is loopback and that every
/// connection has a request.
pub fn load(
    requests: usize,
    message: usize,
    connections: usize,
    addr: SocketAddr,
    pid: u32,
) -> Result<Results> {
    let pid = pid.to_string();
    let runtime = crate::runtime("ct")?;
    let (wall, cpu) = runtime.block_on(async {
        let mut streams = Vec::with_capacity(connections);
        for _ in 0..connections {
            let stream =
                TcpStream::connect(addr).await.with_context(|| format!("connecting to {addr}"))?;
            stream.set_nodelay(true)?;
            streams.push(stream);
        }
        // Every connection open first: the figures are of the echoing, not of accept.
        let cpu_before = measure::cpu_seconds_of(&pid);
        let started = Instant::now();
        let mut set = tokio::task::JoinSet::new();
        for (i, stream) in streams.into_iter().enumerate() {
            // The requests split as evenly as they go: the first `extra` take one more.
            let share = requests / connections + usize::from(i < requests % connections);
            set.spawn(round_trips(stream, message, share));
        }
        let all = async {
            while let Some(done) = set.join_next().await {
                done.context("a connection's task")??;
            }
            anyhow::Ok(())
        };
        match timeout(CAP, all).await {
            Ok(done) => done?,
            Err(_) => bail!("not done after {}s", CAP.as_secs()),
        }
        let wall = started.elapsed().as_secs_f64();
        let cpu =
            measure::cpu_seconds_of(&pid).zip(cpu_before).map(|(after, before)| after - before);
        anyhow::Ok((wall, cpu))
    })?;
    let mut results = vec![("requests_per_s", requests as f64 / wall), ("wall_s", wall)];
    measure::push(&mut results, "cpu_s", cpu);
    measure::push(&mut results, "peak_rss_bytes", measure::peak_rss_bytes_of(&pid));
    Ok(results)
}

/// `n` messages of `size` bytes, one at a time: each sent whole, then read back whole.
async fn round_trips(mut stream: TcpStream, size: usize, n: usize) -> Result<()> {
    let message = vec![b'x'; size];
    let mut back = vec![0; size];
    for _ in 0..n {
        stream.write_all(&message).await.context("sending")?;
        stream.read_exact(&mut back).await.context("reading the echo")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_load_echoes_through_a_server_and_reads_its_proc() {
        let runtime = crate::runtime("server-mt").expect("a runtime");
        let listener = runtime.block_on(TcpListener::bind("127.0.0.1:0")).expect("binding");
        let addr = listener.local_addr().expect("an address");
        runtime.spawn(async move {
            loop {
                let (stream, _) = listener.accept().await.expect("accepting");
                tokio::spawn(echo(stream));
            }
        });
        // This process is the server: its own /proc is read.
        let results = load(30, 10_000, 3, addr, std::process::id()).expect("the load");
        let keys: Vec<&str> = results.iter().map(|(key, _)| *key).collect();
        assert_eq!(keys[..2], ["requests_per_s", "wall_s"]);
        assert!(results[0].1 > 0.0);
    }
}
