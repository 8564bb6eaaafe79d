//! A program the compiler must refuse (`<crate>/tests/wont_compile/NAME.rs`),
//! compiled as the crate's `wont_compile` test and the book both compile it: by the
//! rustc beside the cargo that runs them, as a library, against the newest build of
//! tokio in `deps` that this rustc can read, offline:
//!
//! ```text
//! rustc --edition 2024 --crate-type lib --emit metadata \
//!     -L dependency=DEPS --extern tokio=DEPS/libtokio-….rlib FILE
//! ```
//!
//! It must fail with one error, which says each line its header gives after
//! "checks that rustc says:".

use std::path::{Path, PathBuf};
use std::process::Command;

/// The lines `source`'s header says rustc's error holds.
pub fn expected(source: &str) -> Vec<&str> {
    source
        .lines()
        .map_while(|line| line.strip_prefix("//! "))
        .skip_while(|line| !line.ends_with("checks that rustc says:"))
        .skip(1)
        .collect()
}

/// rustc's error for `file` (a path from `cwd`, which the error names it by), or
/// why it is not the one its header promises.
pub fn errors(file: &Path, cwd: &Path, deps: &Path) -> Result<String, String> {
    let shown = file.display();
    let source = std::fs::read_to_string(cwd.join(file)).map_err(|e| format!("{shown}: {e}"))?;
    let expected = expected(&source);
    if expected.is_empty() {
        return Err(format!("{shown} says nothing of the error it must give"));
    }
    let stem = file.file_stem().map_or("x".into(), |stem| stem.to_string_lossy());
    let out =
        std::env::temp_dir().join(format!("wont-compile-{}-{stem}.rmeta", std::process::id()));
    // The newest tokio this rustc can read: another toolchain's build may lie beside it.
    for tokio in tokio_builds(deps).map_err(|e| format!("reading {}: {e}", deps.display()))? {
        let output = Command::new(rustc())
            .args(["--edition", "2024", "--crate-type", "lib", "--emit", "metadata"])
            .args(["--color", "never", "--crate-name", "wont_compile", "-L"])
            .arg(format!("dependency={}", deps.display()))
            .arg("--extern")
            .arg(format!("tokio={}", tokio.display()))
            .arg("-o")
            .arg(&out)
            .arg(file)
            .current_dir(cwd)
            .output()
            .map_err(|e| format!("running rustc: {e}"))?;
        let _ = std::fs::remove_file(&out);
        let errors = String::from_utf8_lossy(&output.stderr).into_owned();
        if ["E0514", "E0460", "E0463"].iter().any(|code| errors.contains(code)) {
            continue;
        }
        if output.status.success() {
            return Err(format!("{shown} compiled, but must not"));
        }
        if let Some(line) = expected.iter().find(|line| !errors.contains(*line)) {
            return Err(format!("{shown}: rustc did not say `{line}`:\n{errors}"));
        }
        if !errors.contains("aborting due to 1 previous error") {
            return Err(format!("{shown}: not one error:\n{errors}"));
        }
        return Ok(errors);
    }
    Err(format!("no build of tokio in {} that this rustc can read", deps.display()))
}

/// The rustc beside the cargo running us (`cargo +nightly test` runs nightly's),
/// else the one on the PATH.
fn rustc() -> PathBuf {
    std::env::var_os("CARGO")
        .map(|cargo| {
            Path::new(&cargo).with_file_name(format!("rustc{}", std::env::consts::EXE_SUFFIX))
        })
        .filter(|rustc| rustc.exists())
        .unwrap_or_else(|| "rustc".into())
}

/// The builds of tokio in `deps`, newest first: the one the lessons were built
/// with, unless another toolchain (`cargo +nightly test`) or `cargo xtask copies`
/// (tokio without `test-util`, the same for this purpose) built one since.
fn tokio_builds(deps: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut builds: Vec<_> = std::fs::read_dir(deps)?
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
    fn the_header_lines_after_its_promise() {
        let source =
            "//! # x\n//! This checks that rustc says:\n//! error[E0597]\n//! `x`\n\nfn f() {}\n";
        assert_eq!(expected(source), ["error[E0597]", "`x`"]);
        assert!(expected("//! nothing promised\n").is_empty());
    }
}
