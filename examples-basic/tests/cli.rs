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
    // The course's lessons of this crate, in its order (course.txt: `NAME CRATE ABOUT`).
    let course = include_str!("../../course.txt");
    let ours: Vec<_> = course
        .lines()
        .filter(|l| l.split_whitespace().nth(1) == Some("examples-basic"))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(ours[..3], ["hello", "event-loop", "coroutines"]);
    let (mut names, mut ours) = (names, ours);
    names.sort_unstable();
    ours.sort_unstable();
    assert_eq!(names, ours, "--list has the course's lessons of this crate");
}

#[test]
fn one_lesson_prints_its_claim_first_and_the_outcome_last() {
    let out = run(&["event-loop", "--scale", "0.01"]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<_> = stdout.lines().collect();
    assert_eq!(lines[0], "claim: ideal 1.000s; at --scale 0.01: ideal 0.010s", "{stdout}");
    assert!(lines[1].ends_with("] Hello"), "{stdout}");
    assert!(lines.last().unwrap().starts_with("took 0.01"), "{stdout}");
}

#[test]
fn bad_scales_are_refused_before_anything_runs() {
    for scale in ["inf", "1e308", "0.001", "101"] {
        let out = run(&["hello", "--scale", scale]);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{scale}: {stderr}");
        assert_eq!(
            stderr,
            format!(
                "examples-basic: --scale takes a number from 0.01 to 100, got '{scale}' (see --help)\n"
            )
        );
    }
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

#[cfg(target_os = "linux")]
#[test]
fn a_runtime_that_cannot_be_built_is_one_line_and_exit_1_not_a_panic() {
    // Seven free file numbers: enough for the signal listener's runtime (about five),
    // too few for `#[tokio::main]`'s as well, whose `expect` panics. The limit is
    // counted past the files this shell inherited, which differ from one parent to the
    // next (a limit of 13 failed the runtime here and built it under CI).
    let bin = env!("CARGO_BIN_EXE_examples-basic");
    let script = format!(
        "free=0; limit=0; \
         while [ $free -lt 7 ]; do [ -e /proc/$$/fd/$limit ] || free=$((free + 1)); \
         limit=$((limit + 1)); done; \
         ulimit -n $limit && exec {bin} hello"
    );
    let out = Command::new("sh").args(["-c", &script]).output().expect("running sh");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("examples-basic: panicked in thread main: Failed building the Runtime"),
        "{stderr}"
    );
}

#[test]
fn a_trace_file_that_cannot_be_written_is_refused_before_the_run() {
    let started = std::time::Instant::now();
    let out = run(&["hello", "--trace", "/nonexistent/x.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "examples-basic: cannot write --trace /nonexistent/x.json: No such file or directory \
         (os error 2)\n"
    );
    assert!(out.stdout.is_empty());
    // hello takes 1 s: refused before it started.
    assert!(started.elapsed() < std::time::Duration::from_millis(900));
    let out = run(&["hello", "--trace", ""]);
    assert_eq!(
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned()),
        (Some(2), "examples-basic: --trace takes a file to write, got '' (see --help)\n".into())
    );
}
