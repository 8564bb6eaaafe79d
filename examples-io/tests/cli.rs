//! The lessons that need the real binary: child-processes runs it as its
//! children, and many-clients checks `ulimit -n` before it starts.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_examples-io"))
        .args(args)
        .output()
        .expect("running examples-io")
}

/// The event texts of a run, time stamps aside.
fn events(out: &Output) -> Vec<String> {
    let stdout = String::from_utf8_lossy(&out.stdout);
    stdout.lines().filter_map(|l| Some(l.split_once("] ")?.1.to_owned())).collect()
}

#[test]
fn three_children_at_once_the_fourth_killed_when_dropped() {
    let started = Instant::now();
    let out = run(&["child-processes", "--scale", "0.1"]);
    let took = started.elapsed();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let events = events(&out);
    assert_eq!(
        events,
        [
            "starting children 1, 2, 3 of 100ms, 200ms, 300ms, and child 4 of 1s",
            "child 1 exited (exit status: 0), printed \"child 1 done\"",
            "child 2 exited (exit status: 0), printed \"child 2 done\"",
            "child 3 exited (exit status: 0), printed \"child 3 done\"",
            "child 4 killed while still running; it printed \"\"",
        ]
    );
    // At once: the longest, 300 ms; not the sum, 600 ms, nor child 4's 1 s.
    assert!(took >= Duration::from_millis(300) && took < Duration::from_millis(550), "{took:?}");
}

#[test]
fn a_child_run_by_hand_says_what_it_takes() {
    let out = run(&["child", "7"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "examples-io child: usage: child ID SECONDS\n"
    );
    for seconds in ["-1", "NaN", "inf", "1e30", "x"] {
        let out = run(&["child", "1", seconds]);
        assert_eq!(out.status.code(), Some(1), "{seconds}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "examples-io child: SECONDS is a number of seconds, 0 or more\n",
            "{seconds}"
        );
    }
}

#[cfg(unix)]
#[test]
fn too_few_open_files_for_many_clients_is_one_line_and_exit_2() {
    let script =
        format!("ulimit -n 256 && exec {} many-clients", env!("CARGO_BIN_EXE_examples-io"));
    let out = Command::new("sh").args(["-c", &script]).output().expect("running sh");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "examples-io many-clients: 1000 connections with both ends in this process: about 2064 \
         open files, and `ulimit -n` allows at most 256 here; raise the hard limit to 2064 \
         (`ulimit -Hn 2064`, as root)\n"
    );
}

#[cfg(unix)]
#[test]
fn a_soft_limit_too_low_for_many_clients_is_raised() {
    let script = format!(
        "ulimit -S -n 256 && exec {} many-clients --scale 0.2",
        env!("CARGO_BIN_EXE_examples-io")
    );
    let out = Command::new("sh").args(["-c", &script]).output().expect("running sh");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(events(&out).contains(&"1000 of 1000 answered".to_owned()), "{:?}", events(&out));
}
