//! The peers of the `chat` lesson: three scripted clients that connect, send a
//! name and a few lines on a schedule, print what reaches them, and leave.

use std::net::SocketAddr;

use anyhow::{Context as _, Result};
use lesson::{say, secs};
use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::TcpStream;
use tokio::time::{Instant, sleep_until};

/// A scripted client: when it connects, when it sends its name, what it says when.
pub struct Script {
    name: &'static str,
    enter: f64,
    named: f64,
    says: &'static [(f64, &'static str)],
}

const ALICE: &[(f64, &str)] = &[(0.25, "anyone here?"), (1.2, "who's that?"), (1.5, "hello?")];
const BOB: &[(f64, &str)] = &[(0.75, "hi alice"), (1.3, "no idea"), (1.6, "still typing")];
pub const CLIENTS: [Script; 3] = [
    Script { name: "alice", enter: 0.0, named: 0.0, says: ALICE },
    Script { name: "bob", enter: 0.5, named: 0.5, says: BOB },
    Script { name: "carol", enter: 1.0, named: 2.0, says: &[(2.25, "sorry, slow typist")] },
];
/// When every client leaves.
pub const LEAVE: f64 = 2.5;

/// Connect at `enter`, send the name at `named`, each line at its time, leave at
/// [`LEAVE`]; print each line that arrives meanwhile.
pub async fn client(script: Script, server: SocketAddr, start: Instant) -> Result<()> {
    let Script { name, enter, named, says } = script;
    let at = |t: f64| sleep_until(start + secs(t));
    at(enter).await;
    let stream = TcpStream::connect(server).await.context("connecting to the server")?;
    let (reader, mut writer) = stream.into_split();
    say!("{name}: connected");
    // Print what arrives, in a task of its own, while the script goes on.
    let listening = tokio::spawn(async move {
        let mut lines = BufReader::new(reader).lines();
        while let Some(line) = lines.next_line().await? {
            say!("{name} got {line}");
        }
        anyhow::Ok(())
    });
    at(named).await;
    say!("{name}: sends the name {name}");
    writer.write_all(format!("{name}\n").as_bytes()).await.context("sending a name")?;
    for (t, text) in says {
        at(*t).await;
        say!("{name} says {text}");
        writer.write_all(format!("{text}\n").as_bytes()).await.context("sending")?;
    }
    at(LEAVE).await;
    drop(writer); // end-of-file: the server forgets this client and closes its side
    listening.await??;
    say!("{name}: left");
    Ok(())
}
