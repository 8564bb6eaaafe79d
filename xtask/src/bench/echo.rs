//! One echo run: a side's server in its own process, the one load generator
//! against it, the server stopped. A fresh server for each run, so that its peak
//! RSS is that run's.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Result;

use super::figures::{Cell, Outcome};
use super::plan::{Run, Side};

/// A server that has not said where it listens by then has failed.
const STARTING: Duration = Duration::from_secs(10);

/// One run of `side`'s echo server under the load; `measure` runs the load.
pub fn sample(
    run: &Run,
    side: Side,
    release: &Path,
    measure: impl FnOnce(Command) -> Result<Outcome>,
) -> Result<Outcome> {
    let shape = run.shape.expect("echo runs have a shape");
    let server = match Server::start(run.command(side, None, release)) {
        Ok(server) => server,
        Err(cell) => return Ok(Err(cell)),
    };
    let outcome = measure(run.load_command(shape, &server.addr, server.child.id(), release));
    drop(server);
    outcome
}

/// An echo server, running until this is dropped.
struct Server {
    child: Child,
    /// Held open: the server ends when its stdin closes, even if we are killed.
    _stdin: Option<ChildStdin>,
    addr: String,
}

impl Server {
    /// Start it and read `listening=ADDR`; `not run: <why>` (no uvloop) or
    /// silence is the cell instead.
    fn start(mut command: Command) -> Result<Self, Cell> {
        command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null());
        let mut child = command
            .spawn()
            .map_err(|err| Cell::Failed(format!("starting {:?}: {err}", command.get_program())))?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take();
        let (line, arrived) = mpsc::channel();
        // Read on a thread, so that a server that never speaks cannot hang us.
        std::thread::spawn(move || {
            let mut first = String::new();
            if let Some(stdout) = stdout {
                let mut stdout = BufReader::new(stdout);
                let _ = stdout.read_line(&mut first);
                let _ = line.send(first);
                // Keep reading, so that the server never blocks on a full pipe.
                let _ = std::io::copy(&mut stdout, &mut std::io::sink());
            }
        });
        let mut server = Self { child, _stdin: stdin, addr: String::new() };
        let first = arrived.recv_timeout(STARTING).unwrap_or_default();
        let first = first.trim();
        if let Some(addr) = first.strip_prefix("listening=") {
            server.addr = addr.to_owned();
            return Ok(server);
        }
        Err(match protocol::lines::parse_not_run(first) {
            Some(why) => Cell::NotRun(why.to_owned()),
            None if first.is_empty() => Cell::Failed("the echo server said no address".into()),
            None => Cell::Failed(format!("the echo server said '{first}'")),
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut command = Command::new("sh");
        command.arg("-c").arg(script);
        command
    }

    #[test]
    fn a_server_says_where_it_listens_or_why_not() {
        let server = Server::start(sh("echo listening=127.0.0.1:9; exec sleep 60")).unwrap();
        assert_eq!(server.addr, "127.0.0.1:9");
        drop(server);
        let why = Server::start(sh("echo 'not run: no uvloop'")).err();
        assert_eq!(why, Some(Cell::NotRun("no uvloop".into())));
        let why = Server::start(sh("exit 3")).err();
        assert_eq!(why, Some(Cell::Failed("the echo server said no address".into())));
    }
}
