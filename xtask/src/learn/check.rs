//! Checking one file of an exercise: it is a test target of a scratch crate in
//! `target/learn` (its own workspace, written from the registry), built with the
//! workspace's versions into the workspace's `target`, where tokio is already
//! built; then its test binary runs, with a deadline.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};

use super::registry::{Copy, Exercise};
use super::verdict::{self, Verdict};
use crate::lessons;
use crate::signals;

/// A test still running after this long (real time) is stopped: on the paused
/// clock the exercises' tests take milliseconds.
pub const DEADLINE: Duration = Duration::from_secs(10);

/// Where things are: the workspace, its `target`, the scratch crate.
#[derive(Debug)]
pub struct Places {
    pub root: PathBuf,
    pub target: PathBuf,
    pub krate: PathBuf,
}

impl Places {
    pub fn find() -> Result<Self> {
        let target = lessons::target()?;
        let krate = target.join("learn");
        Ok(Self { root: lessons::root().to_owned(), target, krate })
    }
}

/// The workspace's dependencies the exercises may use: plain tokio, futures, anyhow.
const DEPENDENCIES: [&str; 3] = ["anyhow", "futures", "tokio"];

/// Write the scratch crate's manifest (when it changed) and lock file.
pub fn prepare(places: &Places, exercises: &[Exercise]) -> Result<()> {
    let workspace =
        std::fs::read_to_string(places.root.join("Cargo.toml")).context("reading Cargo.toml")?;
    let manifest = manifest(&workspace, exercises, &places.root)?;
    std::fs::create_dir_all(&places.krate)
        .with_context(|| format!("creating {}", places.krate.display()))?;
    let path = places.krate.join("Cargo.toml");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(manifest.as_str()) {
        std::fs::write(&path, manifest).with_context(|| format!("writing {}", path.display()))?;
    }
    // The workspace's versions, so nothing is fetched and tokio is the one already
    // built; copied again when the workspace's changes (cargo prunes the copy).
    let (lock, ours) = (places.root.join("Cargo.lock"), places.krate.join("Cargo.lock"));
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    if modified(&ours).is_none() || modified(&ours) < modified(&lock) {
        std::fs::copy(&lock, &ours).context("copying Cargo.lock")?;
    }
    Ok(())
}

/// The scratch crate's manifest: the workspace's own dependency lines and dev
/// profile (so its tokio is the one already built), a test target per file.
pub fn manifest(workspace: &str, exercises: &[Exercise], root: &Path) -> Result<String> {
    let mut manifest = String::from(
        "# Written by `cargo xtask learn` from exercises/info.txt: each exercise's files\n\
         # as test targets. Not part of the lessons' workspace.\n\
         [package]\nname = \"exercises\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\
         autobins = false\nautotests = false\nautoexamples = false\nautobenches = false\n\n\
         [workspace]\n\n[dependencies]\n",
    );
    for name in DEPENDENCIES {
        let line = workspace
            .lines()
            .find(|l| l.starts_with(&format!("{name} = ")))
            .with_context(|| format!("no {name} in the workspace dependencies"))?;
        manifest += line;
        manifest.push('\n');
    }
    let profile: Vec<&str> = workspace
        .lines()
        .skip_while(|l| *l != "[profile.dev]")
        .take_while(|l| !l.is_empty())
        .filter(|l| !l.starts_with('#'))
        .collect();
    if !profile.is_empty() {
        manifest += &format!("\n{}\n", profile.join("\n"));
    }
    for exercise in exercises {
        for copy in [Copy::Mine, Copy::Start, Copy::Solution] {
            let path = exercise.path(root, copy);
            manifest += &format!(
                "\n[[test]]\nname = \"{}\"\npath = \"{}\"\n",
                exercise.target(copy),
                path.display().to_string().replace('\\', "/")
            );
        }
    }
    Ok(manifest)
}

/// What a check found, and how long it took.
#[derive(Debug)]
pub struct Checked {
    pub verdict: Verdict,
    pub took: Duration,
}

/// Build and run the test of `exercise`'s `copy`. Ctrl-C during it is an error.
pub fn check(places: &Places, exercise: &Exercise, copy: Copy) -> Result<Checked> {
    let start = Instant::now();
    let path = exercise.path(&places.root, copy);
    if !path.is_file() {
        bail!(
            "{} is missing: `cargo xtask learn reset {}` puts it back",
            exercise.relative(copy),
            exercise.name
        );
    }
    let output = lessons::cargo()
        .current_dir(&places.root)
        .args(["test", "--no-run", "--color", "never", "--message-format", "short"])
        .arg("--manifest-path")
        .arg(places.krate.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&places.target)
        .args(["--test", &exercise.target(copy)])
        .stdin(Stdio::null())
        .output()
        .context("running cargo test --no-run")?;
    interrupted()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        let root = places.root.display().to_string();
        return Ok(Checked { verdict: verdict::from_build(&stderr, &root), took: start.elapsed() });
    }
    let binary = executable(&stderr)
        .with_context(|| format!("cargo named no test binary for {}:\n{stderr}", exercise.name))?;
    let binary = if binary.is_absolute() { binary } else { places.root.join(binary) };
    let verdict = run(places, &binary)?;
    Ok(Checked { verdict, took: start.elapsed() })
}

/// `  Executable ../../exercises/x.rs (target/debug/deps/x-1234)`: the binary.
pub fn executable(stderr: &str) -> Option<PathBuf> {
    let line = stderr.lines().find(|l| l.trim_start().starts_with("Executable "))?;
    let inside = line.rsplit_once('(')?.1.strip_suffix(')')?;
    Some(PathBuf::from(inside))
}

/// Run a test binary, its stdout and stderr to one file; stop it at [`DEADLINE`].
fn run(places: &Places, binary: &Path) -> Result<Verdict> {
    let log = places.krate.join("last-run.txt");
    let file =
        std::fs::File::create(&log).with_context(|| format!("creating {}", log.display()))?;
    let mut child = Command::new(binary)
        .args(["--test-threads", "1"])
        .env("RUST_BACKTRACE", "0")
        .current_dir(&places.krate)
        .stdin(Stdio::null())
        .stdout(file.try_clone().context("sharing the log file")?)
        .stderr(file)
        .spawn()
        .with_context(|| format!("running {}", binary.display()))?;
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().context("waiting for the test")? {
            break status;
        }
        if start.elapsed() > DEADLINE || signals::interrupted() {
            let _ = child.kill();
            let _ = child.wait();
            interrupted()?;
            return Ok(Verdict::Hang { seconds: DEADLINE.as_secs() });
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let output =
        std::fs::read_to_string(&log).with_context(|| format!("reading {}", log.display()))?;
    Ok(verdict::from_test(&output, status.success()))
}

/// Ctrl-C came: stop here.
fn interrupted() -> Result<()> {
    if signals::interrupted() {
        bail!("interrupted");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_names_the_test_binary() {
        let stderr = "    Finished `test` profile\n  Executable ../../exercises/gather.rs (target/debug/deps/gather-0a0a)\n";
        assert_eq!(executable(stderr), Some(PathBuf::from("target/debug/deps/gather-0a0a")));
        assert_eq!(executable("error: could not compile"), None);
    }

    #[test]
    fn the_manifest_takes_the_workspaces_lines_and_a_target_per_file() {
        let workspace = "[workspace.dependencies]\nanyhow = \"1\"\nfutures = \"0.3\"\n\
                         tokio = { version = \"1\" }\nrand = \"0.10\"\n\n[profile.dev]\n# why\ndebug = false\n";
        let exercise = super::super::registry::Exercise {
            name: "gather".into(),
            lesson: "gather".into(),
            part: "P".into(),
            starts: super::super::registry::Starts::Slow,
            hint: String::new(),
            done: String::new(),
        };
        let manifest = manifest(workspace, &[exercise], Path::new("/r")).unwrap();
        assert!(manifest.contains(
            "[dependencies]\nanyhow = \"1\"\nfutures = \"0.3\"\ntokio = { version = \"1\" }\n"
        ));
        assert!(!manifest.contains("rand"), "{manifest}");
        assert!(manifest.contains("\n[profile.dev]\ndebug = false\n"), "{manifest}");
        assert!(manifest.contains(
            "[[test]]\nname = \"gather--start\"\npath = \"/r/exercises/.start/gather.rs\"\n"
        ));
        assert!(
            manifest.contains("[[test]]\nname = \"gather\"\npath = \"/r/exercises/gather.rs\"\n")
        );
        let err = super::manifest("[workspace.dependencies]\n", &[], Path::new("/r")).unwrap_err();
        assert_eq!(err.to_string(), "no anyhow in the workspace dependencies");
    }
}
