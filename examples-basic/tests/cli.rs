//! The shared command line, driven as a learner drives it: the real binary, its
//! exit status and its stderr. (The parsing itself is unit-tested in `lesson`.)

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_examples-basic"))
        .args(args)
        .output()
        .expect("running examples-basic")
}

#[test]
fn bad_input_is_one_line_and_exit_status_2() {
    for args in
        [&["nope"][..], &["--scale", "0"], &["--scale", "abc"], &["--seed", "-1"], &["--fast"]]
    {
        let out = run(args);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("examples-basic: "), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn help_lists_the_lessons_and_list_is_for_programs() {
    let help = String::from_utf8(run(&["--help"]).stdout).unwrap();
    assert!(help.contains("  event-loop "), "{help}");
    let list = String::from_utf8(run(&["--list"]).stdout).unwrap();
    let names: Vec<_> = list.lines().filter_map(|l| l.split('\t').next()).collect();
    assert_eq!(names, ["hello", "event-loop", "coroutines"]);
}

#[test]
fn one_lesson_runs_and_reports_its_claim() {
    let report =
        std::env::temp_dir().join(format!("examples-basic-cli-{}.report", std::process::id()));
    let out = run(&["coroutines", "--report", report.to_str().unwrap()]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.lines().last().unwrap().starts_with("took "), "{stdout}");
    let written = std::fs::read_to_string(&report).unwrap();
    std::fs::remove_file(&report).unwrap();
    assert_eq!(written, "lesson=coroutines ideal=0.000000 one_by_one=0.000000\n");
}

#[test]
fn a_reader_that_goes_away_ends_the_run_quietly_not_with_a_panic() {
    // As `cargo run -p examples-basic | head -1` does: the read end closes early.
    let mut child = Command::new(env!("CARGO_BIN_EXE_examples-basic"))
        .arg("coroutines")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starting examples-basic");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("waiting for examples-basic");
    assert!(out.status.success(), "{:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
