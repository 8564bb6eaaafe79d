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

/// Every lesson of the lesson crates (or of `only`), in the course's order
/// (`course.txt`). `shared` (`--scale`, `--seed`) is checked by each crate's binary
/// before anything runs. A lesson that a binary lists and the course does not (or
/// the other way round) is an error: the course is the one list of lessons.
pub fn find(only: Option<&str>, shared: &[OsString]) -> Result<Vec<Lesson>> {
    let course = protocol::course::parse(protocol::course::TEXT).map_err(anyhow::Error::msg)?;
    let mut crates: Vec<&str> = Vec::new();
    for entry in &course {
        if !crates.contains(&entry.krate) {
            crates.push(entry.krate);
        }
    }
    if let Some(only) = only {
        if !crates.contains(&only) {
            return Err(usage(format!("--only takes one of: {}; got '{only}'", crates.join(", "))));
        }
        crates.retain(|c| *c == only);
    }
    build(&crates)?;
    let folder = target_debug()?;
    let mut lessons = Vec::new();
    for krate in &crates {
        let binary = folder.join(format!("{krate}{}", std::env::consts::EXE_SUFFIX));
        let list = checked(Command::new(&binary).args(shared).arg("--list"))?;
        for line in list.lines() {
            // NAME<TAB>ABOUT, and <TAB>alone for a lesson that needs the machine to itself.
            let mut fields = line.split('\t');
            let name = fields.next().unwrap_or_default().to_owned();
            let about = fields.next().unwrap_or_default().to_owned();
            let alone = fields.next() == Some("alone");
            let binary = binary.clone();
            lessons.push(Lesson { krate: (*krate).to_owned(), name, about, binary, alone });
        }
    }
    in_course_order(lessons, &course, &crates)
}

/// `lessons` in the course's order; every one of them in the course, under its own
/// crate, and every lesson of `crates` in the course listed by its binary.
fn in_course_order(
    mut lessons: Vec<Lesson>,
    course: &[protocol::course::Entry<'_>],
    crates: &[&str],
) -> Result<Vec<Lesson>> {
    for lesson in &lessons {
        match course.iter().find(|entry| entry.name == lesson.name) {
            Some(entry) if entry.krate == lesson.krate => {}
            Some(entry) => bail!(
                "course.txt puts {} in {}, but {} has it: mend its line",
                lesson.name,
                entry.krate,
                lesson.krate
            ),
            None => bail!(
                "{} ({}) is not in course.txt: give it a line in its place in the course",
                lesson.name,
                lesson.krate
            ),
        }
    }
    let mut ordered = Vec::new();
    for entry in course.iter().filter(|entry| crates.contains(&entry.krate)) {
        let Some(at) = lessons.iter().position(|l| l.name == entry.name) else {
            bail!("course.txt names {} in {}, which has no such lesson", entry.name, entry.krate);
        };
        ordered.push(lessons.swap_remove(at));
    }
    Ok(ordered)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(name: &str, krate: &str) -> Lesson {
        let (name, krate) = (name.to_owned(), krate.to_owned());
        Lesson { name, krate, about: String::new(), binary: PathBuf::new(), alone: false }
    }

    #[test]
    fn lessons_come_in_the_course_order_and_every_one_is_in_it() {
        let course = protocol::course::parse("## A\nb x\na y\n").unwrap();
        let names =
            |lessons: Vec<Lesson>| -> Vec<String> { lessons.into_iter().map(|l| l.name).collect() };
        let found = vec![lesson("a", "y"), lesson("b", "x")];
        assert_eq!(names(in_course_order(found, &course, &["x", "y"]).unwrap()), ["b", "a"]);
        let error = |found, crates: &[&str]| {
            in_course_order(found, &course, crates).unwrap_err().to_string()
        };
        assert_eq!(
            error(vec![lesson("a", "y"), lesson("b", "x"), lesson("c", "x")], &["x", "y"]),
            "c (x) is not in course.txt: give it a line in its place in the course"
        );
        assert_eq!(
            error(vec![lesson("a", "x")], &["x", "y"]),
            "course.txt puts a in y, but x has it: mend its line"
        );
        assert_eq!(
            error(vec![lesson("a", "y")], &["x", "y"]),
            "course.txt names b in x, which has no such lesson"
        );
    }
}
