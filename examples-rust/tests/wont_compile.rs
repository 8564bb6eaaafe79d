//! The programs in `tests/wont_compile/` must not compile, for the reason each one
//! states in its header: the lines after "checks that rustc says:", each of which
//! must appear in rustc's errors, and no other error. (trybuild does this with a
//! full `.stderr` file to match; a headline and the type named in the help line
//! hold across compiler versions, and need no crate to build.)
//!
//! Each is compiled as `send-static` is, by the rustc of the toolchain running the
//! test, against the newest build of tokio beside the test that this rustc can read:
//!
//! ```text
//! rustc --edition 2024 --crate-type lib --emit metadata \
//!     -L dependency=target/debug/deps --extern tokio=target/debug/deps/libtokio-….rlib FILE
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;

fn check(name: &str) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wont_compile").join(name);
    let source = std::fs::read_to_string(&file).expect("the program is there");
    let expected: Vec<&str> = source
        .lines()
        .map_while(|line| line.strip_prefix("//! "))
        .skip_while(|line| !line.ends_with("checks that rustc says:"))
        .skip(1)
        .collect();
    assert!(!expected.is_empty(), "{name} says nothing of the error it must give");

    let deps = std::env::current_exe().expect("the test's own path");
    let deps = deps.parent().expect("the test lives in target/<profile>/deps");
    let out =
        std::env::temp_dir().join(format!("wont-compile-{}-{name}.rmeta", std::process::id()));
    // The newest tokio this rustc can read: another toolchain's build may lie beside it.
    let output = tokio_builds(deps)
        .into_iter()
        .map(|tokio| {
            Command::new(rustc())
                .args(["--edition", "2024", "--crate-type", "lib", "--emit", "metadata"])
                .args(["--color", "never", "--crate-name", "wont_compile", "-L"])
                .arg(format!("dependency={}", deps.display()))
                .arg("--extern")
                .arg(format!("tokio={}", tokio.display()))
                .arg("-o")
                .arg(&out)
                .arg(&file)
                .output()
                .expect("rustc runs")
        })
        .find(|output| {
            let errors = String::from_utf8_lossy(&output.stderr);
            !["E0514", "E0460", "E0463"].iter().any(|code| errors.contains(code))
        })
        .expect("a tokio built by this rustc, beside this test");
    let _ = std::fs::remove_file(&out);
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{name} compiled, but must not");
    for line in expected {
        assert!(errors.contains(line), "{name}: rustc did not say `{line}`:\n{errors}");
    }
    assert!(
        errors.contains("aborting due to 1 previous error"),
        "{name}: not one error:\n{errors}"
    );
}

/// The rustc beside the cargo running this test (`cargo +nightly test` runs nightly's),
/// else the one on the PATH.
fn rustc() -> PathBuf {
    std::env::var_os("CARGO")
        .map(|cargo| {
            Path::new(&cargo).with_file_name(format!("rustc{}", std::env::consts::EXE_SUFFIX))
        })
        .filter(|rustc| rustc.exists())
        .unwrap_or_else(|| "rustc".into())
}

/// The builds of tokio in `deps`, newest first: the one this test was built with,
/// unless another toolchain (`cargo +nightly test`) or `cargo xtask copies` (tokio
/// without `test-util`, the same for this purpose) built one since.
fn tokio_builds(deps: &Path) -> Vec<PathBuf> {
    let mut builds: Vec<_> = std::fs::read_dir(deps)
        .expect("deps is readable")
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let name = entry.file_name().into_string().ok()?;
            let built = entry.metadata().ok()?.modified().ok()?;
            (name.starts_with("libtokio-") && name.ends_with(".rlib"))
                .then(|| (built, entry.path()))
        })
        .collect();
    builds.sort_unstable_by(|a, b| b.cmp(a));
    builds.into_iter().map(|(_, path)| path).collect()
}

#[test]
fn a_task_that_borrows_a_local() {
    check("borrows_a_local.rs");
}

#[test]
fn an_rc_held_across_an_await() {
    check("rc_across_await.rs");
}

#[test]
fn a_std_mutex_guard_held_across_an_await() {
    check("std_guard_across_await.rs");
}

#[test]
fn a_spawned_future_that_borrows_a_local() {
    check("spawn_borrows_a_local.rs");
}

#[test]
fn an_async_fn_that_calls_itself_unboxed() {
    check("unboxed_recursion.rs");
}

#[test]
fn a_closures_future_that_borrows_its_capture() {
    check("fnmut_future_borrows_capture.rs");
}

#[test]
fn the_future_of_an_async_fn_spawned() {
    check("async_closure_spawned.rs");
}
