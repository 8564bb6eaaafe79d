//! The lessons, as their binaries list them: built once, before any clock starts.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, Result, bail};

use protocol::course::{self, Entry};
use protocol::warn;

use crate::flags::{Usage, usage};

/// A lesson, as its crate's binary lists it with `--list`.
#[derive(Debug, Clone)]
pub struct Lesson {
    pub krate: String,
    pub name: String,
    pub about: String,
    pub binary: PathBuf,
    /// It needs the machine to itself (it measures a speed-up): `--list` says `alone`.
    pub alone: bool,
}

impl Lesson {
    /// The command that runs this lesson with `args`.
    pub fn command(&self, args: &[OsString]) -> Command {
        let mut command = Command::new(&self.binary);
        command.arg(&self.name).args(args);
        command
    }

    /// Let the lesson check `args` itself, as it would before a run, and run
    /// nothing: `LESSON_CHECK_ONLY=1` (the `lesson` crate's `CHECK_ONLY`). Bad input
    /// is its one line.
    pub fn check(&self, args: &[OsString]) -> Result<()> {
        let mut command = self.command(args);
        checked(command.env("LESSON_CHECK_ONLY", "1"))?;
        Ok(())
    }
}

/// The workspace's root folder.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace")
}

/// The folder cargo builds into: the one this xtask binary was built into
/// (`cargo xtask` is `cargo run -p xtask`, so it is the lessons' too).
pub fn target_debug() -> Result<PathBuf> {
    let exe = std::env::current_exe().context("finding the xtask binary")?;
    Ok(exe.parent().context("the xtask binary has no folder")?.to_owned())
}

/// The folder cargo builds into: `target/`, or wherever cargo builds.
pub fn target() -> Result<PathBuf> {
    Ok(target_debug()?.parent().context("the build folder has no parent")?.to_owned())
}

/// The file of lesson `name` of `krate`, from the workspace's root:
/// `CRATE/src/NAME.rs`, `-` as `_`.
pub fn file_of(krate: &str, name: &str) -> String {
    format!("{krate}/src/{}.rs", name.replace('-', "_"))
}

/// The course's lessons (all, or those of crate `only`), in reading order.
pub fn course(only: Option<&str>) -> Result<Vec<Entry<'static>>> {
    let lessons = course::parse(course::TEXT).map_err(anyhow::Error::msg)?;
    let Some(only) = only else { return Ok(lessons) };
    let crates = course::crates();
    if !crates.contains(&only) {
        return Err(usage(format!("--only takes one of: {}; got '{only}'", crates.join(", "))));
    }
    Ok(lessons.into_iter().filter(|l| l.krate == only).collect())
}

/// Every lesson of the course (or of crate `only`), in its order, its crate's
/// binary built. `shared` (`--scale`, `--seed`) is checked by each crate's binary
/// before anything runs. A lesson that a binary lists and the course does not (or
/// the other way round) is an error: the course is the one list of lessons.
pub fn find(only: Option<&str>, shared: &[OsString]) -> Result<Vec<Lesson>> {
    let course = course(only)?;
    let mut crates: Vec<&str> = Vec::new();
    for entry in &course {
        if !crates.contains(&entry.krate) {
            crates.push(entry.krate);
        }
    }
    build(&crates)?;
    let folder = target_debug()?;
    let mut lessons = Vec::new();
    for krate in crates {
        let binary = folder.join(format!("{krate}{}", std::env::consts::EXE_SUFFIX));
        let listed = checked(Command::new(&binary).args(shared).arg("--list"))?;
        let listed: Vec<&str> =
            listed.lines().map(|line| line.split('\t').next().unwrap_or(line)).collect();
        let expected: Vec<&str> =
            course.iter().filter(|e| e.krate == krate).map(|e| e.name).collect();
        protocol::course::same_lessons(krate, &listed, &expected).map_err(anyhow::Error::msg)?;
        for entry in course.iter().filter(|e| e.krate == krate) {
            lessons.push(Lesson {
                krate: krate.to_owned(),
                name: entry.name.to_owned(),
                about: entry.about.to_owned(),
                binary: binary.clone(),
                alone: entry.alone,
            });
        }
    }
    let order = |l: &Lesson| course.iter().position(|e| e.name == l.name);
    lessons.sort_by_key(order);
    Ok(lessons)
}

/// `cargo`, the one that runs this xtask, without the variables `cargo run` gave
/// xtask as a package (CARGO_MANIFEST_DIR, CARGO_PKG_NAME...). Passed on, they reach
/// build scripts (ring's records CARGO_MANIFEST_DIR), and cargo would rebuild ring
/// and all above it whenever `cargo xtask` and a plain `cargo build` take turns.
pub fn cargo() -> Command {
    let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        let per_package = ["CARGO_MANIFEST_DIR", "CARGO_MANIFEST_PATH", "CARGO_CRATE_NAME"];
        if name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_BIN_")
            || name == "CARGO_PRIMARY_PACKAGE"
            || per_package.contains(&&*name)
        {
            cargo.env_remove(&*name);
        }
    }
    cargo
}

/// `cargo build` the binaries of `crates`, before any clock starts. Cargo's own
/// progress shows on stderr: the first build of a clean clone takes a minute.
pub fn build(crates: &[&str]) -> Result<()> {
    warn!("building the lessons (cargo build; the first time takes a minute or two)");
    let mut build = cargo();
    build.current_dir(root()).args(["build", "--bins"]);
    for krate in crates {
        build.args(["--package", krate]);
    }
    if !build.status().context("running cargo build")?.success() {
        bail!("cargo build failed");
    }
    Ok(())
}

/// Run a lesson binary that should answer at once; its one-line complaint (exit 2) is ours.
fn checked(command: &mut Command) -> Result<String> {
    let output = command.output().with_context(|| format!("running {command:?}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    match output.status.code() {
        Some(0) => Ok(String::from_utf8_lossy(&output.stdout).into_owned()),
        Some(2) => Err(Usage(stderr.trim_end().to_owned()).into()),
        _ => bail!("{command:?} failed: {}", stderr.trim_end()),
    }
}
