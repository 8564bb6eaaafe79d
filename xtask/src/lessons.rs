//! The lessons, as their binaries list them: built once, before any clock starts.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, Result, bail};

use crate::{Usage, usage};

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

    /// Let the lesson check `args` itself, as it would before a run: `--list` last
    /// makes it parse them all and then only list. Bad input is its one line.
    pub fn check(&self, args: &[OsString]) -> Result<()> {
        let mut command = self.command(args);
        checked(command.arg("--list"))?;
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

/// Every lesson of the lesson crates (or of `only`), in the order of the
/// workspace's `members` and of each crate's own list. `shared` (`--scale`,
/// `--seed`) is checked by each crate's binary before anything runs.
pub fn find(only: Option<&str>, shared: &[OsString]) -> Result<Vec<Lesson>> {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml"))
        .context("reading the workspace Cargo.toml")?;
    let mut crates = lesson_crates(&manifest);
    if let Some(only) = only {
        if !crates.iter().any(|c| c == only) {
            return Err(usage(format!("--only takes one of: {}; got '{only}'", crates.join(", "))));
        }
        crates.retain(|c| c == only);
    }
    build(&crates)?;
    let folder = target_debug()?;
    let mut lessons = Vec::new();
    for krate in crates {
        let binary = folder.join(format!("{krate}{}", std::env::consts::EXE_SUFFIX));
        let list = checked(Command::new(&binary).args(shared).arg("--list"))?;
        for line in list.lines() {
            // NAME<TAB>ABOUT, and <TAB>alone for a lesson that needs the machine to itself.
            let mut fields = line.split('\t');
            let name = fields.next().unwrap_or_default().to_owned();
            let about = fields.next().unwrap_or_default().to_owned();
            let alone = fields.next() == Some("alone");
            let binary = binary.clone();
            lessons.push(Lesson { krate: krate.clone(), name, about, binary, alone });
        }
    }
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
pub fn build(crates: &[String]) -> Result<()> {
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

/// The `examples-*` entries of the workspace's `members = [...]`, in order.
fn lesson_crates(manifest: &str) -> Vec<String> {
    let members = manifest
        .split_once("members")
        .and_then(|(_, rest)| rest.split_once('['))
        .and_then(|(_, rest)| rest.split_once(']'))
        .map_or("", |(list, _)| list);
    members
        .split(',')
        .map(|m| m.trim().trim_matches('"'))
        .filter(|m| m.starts_with("examples-"))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_lesson_crates_in_workspace_order() {
        let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
        let crates = lesson_crates(&manifest);
        assert_eq!(crates[..3], ["examples-basic", "examples-tasks", "examples-futures"]);
        assert!(!crates.contains(&"xtask".to_owned()));
    }
}
