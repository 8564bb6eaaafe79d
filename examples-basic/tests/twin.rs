//! The asyncio twin behaves as the lesson does where stdout is closed (`>&-`):
//! nothing to print to is no failure, exit 0. Only where python3 is.
#![cfg(unix)]

use std::process::Command;

#[test]
fn a_closed_stdout_is_no_failure_for_the_lesson_or_its_twin() {
    let twin = concat!(env!("CARGO_MANIFEST_DIR"), "/../python/hello.py");
    let lesson = env!("CARGO_BIN_EXE_examples-basic");
    let closed = |program: &str, args: &[&str]| {
        let mut command = Command::new("sh");
        // `exec >&-` closes fd 1 before the program starts.
        command.args(["-c", "exec \"$0\" \"$@\" >&-", program]).args(args);
        command.output()
    };
    let out = closed(lesson, &["hello", "--scale", "0.01"]).expect("running the lesson");
    assert_eq!((out.status.code(), String::from_utf8_lossy(&out.stderr).as_ref()), (Some(0), ""));
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("no python3: the twin is not checked");
        return;
    }
    let out = closed("python3", &[twin, "--scale", "0.01"]).expect("running the twin");
    assert_eq!((out.status.code(), String::from_utf8_lossy(&out.stderr).as_ref()), (Some(0), ""));
}
