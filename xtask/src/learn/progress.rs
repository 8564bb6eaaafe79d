//! Which exercises pass: `exercises/.progress`, a name a line, not committed
//! (`.gitignore`). A file that cannot be read or written costs one warning; the
//! exercises go on.

use std::path::{Path, PathBuf};

use protocol::warn;

/// The progress file, under the workspace's root.
pub const FILE: &str = "exercises/.progress";

/// The exercises done, as the file says.
#[derive(Debug)]
pub struct Progress {
    path: PathBuf,
    done: Vec<String>,
}

impl Progress {
    /// Read it; missing is nothing done yet, unreadable is a warning and the same.
    pub fn read(root: &Path) -> Self {
        let path = root.join(FILE);
        let done = match std::fs::read_to_string(&path) {
            Ok(text) => parse(&text),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(err) => {
                warn!("learn: cannot read {FILE} ({err}): starting as if nothing were done");
                Vec::new()
            }
        };
        Self { path, done }
    }

    pub fn is_done(&self, name: &str) -> bool {
        self.done.iter().any(|d| d == name)
    }

    /// Record whether `name` passes now, and save (a warning when it cannot).
    pub fn set(&mut self, name: &str, passes: bool) {
        if passes == self.is_done(name) {
            return;
        }
        if passes {
            self.done.push(name.to_owned());
        } else {
            self.done.retain(|d| d != name);
        }
        let text: String = self.done.iter().map(|d| format!("{d}\n")).collect();
        if let Err(err) = std::fs::write(&self.path, text) {
            warn!("learn: cannot save progress to {FILE} ({err}); carrying on without it");
        }
    }

    pub fn count(&self) -> usize {
        self.done.len()
    }
}

fn parse(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_survives_a_missing_then_a_read_only_file() {
        let root = std::env::temp_dir().join(format!("learn-progress-{}", std::process::id()));
        std::fs::create_dir_all(root.join("exercises")).unwrap();
        let mut progress = Progress::read(&root);
        assert_eq!(progress.count(), 0);
        progress.set("gather", true);
        progress.set("hello", true);
        progress.set("gather", false);
        assert_eq!(std::fs::read_to_string(root.join(FILE)).unwrap(), "hello\n");
        let again = Progress::read(&root);
        assert!(again.is_done("hello") && !again.is_done("gather"));
        // A folder where the file should be: neither read nor written, and no panic.
        std::fs::remove_file(root.join(FILE)).unwrap();
        std::fs::create_dir(root.join(FILE)).unwrap();
        let mut blocked = Progress::read(&root);
        blocked.set("hello", true);
        assert!(blocked.is_done("hello"), "kept in memory");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn blank_lines_and_spaces_do_not_count() {
        assert_eq!(parse("a\n\n  b \n"), ["a", "b"]);
    }
}
