//! The programs a lesson shows the compiler refusing (`<crate>/tests/wont_compile/`,
//! each named in the lesson's header), compiled when the book is built, with rustc's
//! own error text for the page. Each is compiled as the crate's `wont_compile` test
//! compiles it: by the rustc beside the cargo running xtask, as a library, against
//! the tokio the lessons were built with (`target/debug/deps`, offline), and must
//! still fail with what its header says rustc says ("checks that rustc says:").

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, Result, bail};

/// One refused program: its file, its text, and rustc's errors for it.
pub struct Refused {
    pub file: String,
    pub source: String,
    pub errors: String,
}

/// The refused programs `header` names (by file name) in `krate`'s
/// `tests/wont_compile/`, each compiled; an error when one compiles, or fails
/// otherwise than its header says.
pub fn refused(root: &Path, krate: &str, header: &str, deps: &Path) -> Result<Vec<Refused>> {
    let folder = root.join(krate).join("tests/wont_compile");
    let Ok(entries) = std::fs::read_dir(&folder) else { return Ok(Vec::new()) };
    let mut files: Vec<String> = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".rs") && header.contains(&format!("`{name}`")))
        .collect();
    // In the order the header names them.
    files.sort_by_key(|name| header.find(&format!("`{name}`")));
    let tokio = tokio_builds(deps)?;
    let mut programs = Vec::new();
    for file in files {
        let path = format!("{krate}/tests/wont_compile/{file}");
        let source =
            std::fs::read_to_string(root.join(&path)).with_context(|| format!("reading {path}"))?;
        let errors = compile(root, &path, deps, &tokio)?;
        let expected: Vec<&str> = source
            .lines()
            .map_while(|line| line.strip_prefix("//! "))
            .skip_while(|line| !line.ends_with("checks that rustc says:"))
            .skip(1)
            .collect();
        if expected.is_empty() {
            bail!("{krate}/tests/wont_compile/{file} says nothing of the error it must give");
        }
        if let Some(missing) = expected.iter().find(|line| !errors.contains(*line)) {
            bail!("{krate}/tests/wont_compile/{file}: rustc no longer says `{missing}`");
        }
        programs.push(Refused { file, source, errors });
    }
    Ok(programs)
}

/// rustc's errors for `file` (from `root`, so that they name it so), which must
/// not compile.
fn compile(root: &Path, file: &str, deps: &Path, tokio: &[PathBuf]) -> Result<String> {
    let stem = file.rsplit('/').next().unwrap_or(file).trim_end_matches(".rs");
    let out =
        std::env::temp_dir().join(format!("xtask-refused-{}-{stem}.rmeta", std::process::id()));
    // The newest tokio this rustc can read: another toolchain's build may lie beside it.
    for build in tokio {
        let output = Command::new(rustc())
            .args(["--edition", "2024", "--crate-type", "lib", "--emit", "metadata"])
            .args(["--color", "never", "--crate-name", "wont_compile", "-L"])
            .arg(format!("dependency={}", deps.display()))
            .arg("--extern")
            .arg(format!("tokio={}", build.display()))
            .arg("-o")
            .arg(&out)
            .arg(file)
            .current_dir(root)
            .output()
            .context("running rustc")?;
        let _ = std::fs::remove_file(&out);
        let errors = String::from_utf8_lossy(&output.stderr).into_owned();
        if ["E0514", "E0460", "E0463"].iter().any(|code| errors.contains(code)) {
            continue;
        }
        if output.status.success() {
            bail!("{file} compiled, but must not");
        }
        return Ok(without_registry(&errors));
    }
    bail!("no build of tokio in {} that this rustc can read", deps.display())
}

/// A dependency's source named from its crate's folder (`tokio-1.54.1/src/..`), not
/// from this machine's cargo registry.
fn without_registry(errors: &str) -> String {
    let mut out = String::new();
    for line in errors.split_inclusive('\n') {
        match line.find("/registry/src/") {
            Some(at) => {
                let start = line[..at].rfind(' ').map_or(0, |space| space + 1);
                let rest = &line[at + "/registry/src/".len()..];
                // The index's folder (`index.crates.io-<hash>/`), then the crate's.
                let rest = rest.split_once('/').map_or(rest, |(_, crate_path)| crate_path);
                out += &line[..start];
                out += rest;
            }
            None => out += line,
        }
    }
    out
}

/// The rustc beside the cargo running xtask, else the one on the PATH.
fn rustc() -> PathBuf {
    std::env::var_os("CARGO")
        .map(|cargo| {
            Path::new(&cargo).with_file_name(format!("rustc{}", std::env::consts::EXE_SUFFIX))
        })
        .filter(|rustc| rustc.exists())
        .unwrap_or_else(|| "rustc".into())
}

/// The builds of tokio in `deps`, newest first.
fn tokio_builds(deps: &Path) -> Result<Vec<PathBuf>> {
    let mut builds: Vec<_> = std::fs::read_dir(deps)
        .with_context(|| format!("reading {}", deps.display()))?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let name = entry.file_name().into_string().ok()?;
            let built = entry.metadata().ok()?.modified().ok()?;
            (name.starts_with("libtokio-") && name.ends_with(".rlib"))
                .then(|| (built, entry.path()))
        })
        .collect();
    builds.sort_unstable_by(|a, b| b.cmp(a));
    Ok(builds.into_iter().map(|(_, path)| path).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_programs_the_header_names_in_its_order() {
        let root = std::env::temp_dir().join(format!("xtask-refused-test-{}", std::process::id()));
        let folder = root.join("k/tests/wont_compile");
        std::fs::create_dir_all(&folder).expect("a folder");
        // No tokio in an empty deps: the named program cannot even be tried.
        std::fs::write(folder.join("b.rs"), "//! x\n").expect("a file");
        let deps = root.join("deps");
        std::fs::create_dir_all(&deps).expect("deps");
        assert!(refused(&root, "k", "none named", &deps).expect("nothing named").is_empty());
        assert!(refused(&root, "k", "- `b.rs`: refused", &deps).is_err());
        assert!(refused(&root, "other", "- `b.rs`", &deps).expect("no folder").is_empty());
        let _ = std::fs::remove_dir_all(&root);
        assert_eq!(
            without_registry(
                "  --> /root/.cargo/registry/src/index.crates.io-1949/tokio-1.54.1/src/a.rs:1:2\nx\n"
            ),
            "  --> tokio-1.54.1/src/a.rs:1:2\nx\n"
        );
    }
}
