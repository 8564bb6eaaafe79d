//! The one local HTTP server: `examples-http serve`, for as long as a
//! [`LocalServer`] lives. The HTTP lessons' copies and the bench's http scenario
//! meet it on 127.0.0.1.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};

use anyhow::{Context as _, Result, ensure};

/// `examples-http serve`, running.
#[derive(Debug)]
pub struct LocalServer {
    child: Child,
    /// Its stdout stays open while it runs: it printed its URLs there.
    _stdout: BufReader<ChildStdout>,
    /// The four pages it serves: `http://127.0.0.1:PORT/page/1` and on.
    pub pages: Vec<String>,
}

impl LocalServer {
    /// Start the `examples-http` binary in `folder` (a debug or release build).
    pub fn start(folder: &Path) -> Result<Self> {
        let binary = folder.join(format!("examples-http{}", std::env::consts::EXE_SUFFIX));
        let mut child = Command::new(&binary)
            .arg("serve")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {} serve", binary.display()))?;
        let mut stdout = BufReader::new(child.stdout.take().context("serve's stdout")?);
        let mut pages = Vec::new();
        for _ in 0..4 {
            let mut line = String::new();
            if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            pages.push(line.trim().to_owned());
        }
        let server = Self { child, _stdout: stdout, pages };
        ensure!(server.pages.len() == 4, "examples-http serve printed no page URLs");
        Ok(server)
    }

    /// `http://127.0.0.1:PORT`
    pub fn base(&self) -> &str {
        self.pages[0].strip_suffix("/page/1").unwrap_or(&self.pages[0])
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
