//! The lessons that start worker processes, driven as a learner drives them: the
//! real binary (a unit test's binary cannot be a worker), its workers' answers, and
//! no worker left behind, even after a Ctrl-C.

use std::io::{BufRead as _, BufReader};
use std::os::unix::process::CommandExt as _;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The lesson in a process group of its own, as a shell runs a command: its workers join it.
fn start(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_examples-parallel"))
        .args(args)
        .stdout(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("starting examples-parallel")
}

/// The processes in the lesson's group, once `enough` says so or `patience` is out.
fn in_group(group: u32, patience: Duration, enough: fn(usize) -> bool) -> Vec<String> {
    let start = Instant::now();
    loop {
        let out = Command::new("pgrep").args(["-a", "-g", &group.to_string()]).output();
        let found: Vec<String> = String::from_utf8_lossy(&out.expect("running pgrep").stdout)
            .lines()
            .filter(|l| !l.ends_with("<defunct>")) // dead, only not yet reaped
            .map(str::to_owned)
            .collect();
        if enough(found.len()) || start.elapsed() > patience {
            return found;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn left_in_group(group: u32, patience: Duration) -> Vec<String> {
    in_group(group, patience, |n| n == 0)
}

fn signal(name: &str, target: &str) {
    let status = Command::new("kill").args([&format!("-{name}"), "--", target]).status();
    assert!(status.expect("running kill").success(), "kill -{name} {target}");
}

/// Run the lesson at a tenth, and the line its workers' work shows in.
fn workers_answer(lesson: &str, line: &str) {
    let child = start(&[lesson, "--scale", "0.1"]);
    let group = child.id();
    let out = child.wait_with_output().expect("waiting for the lesson");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.lines().any(|l| l.get(10..).is_some_and(|e| e.starts_with(line))), "{stdout}");
    assert_eq!(left_in_group(group, Duration::ZERO), Vec::<String>::new());
}

#[test]
fn cpu_bound_workers_answer_and_are_gone() {
    workers_answer("cpu-bound", "processes: 4 jobs in ");
}

#[test]
fn three_ways_pool_answers_and_is_gone() {
    workers_answer("three-ways", "processes    32     4 ");
}

/// Start the lesson, wait until its workers run, send it `name`; no worker may stay.
fn stopped(lesson: &str, scale: &str, workers_after: &str, name: &str, whole_group: bool) {
    let mut child = start(&[lesson, "--scale", scale]);
    let group = child.id();
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    let seen = lines.by_ref().map_while(Result::ok).find(|l| l.contains(workers_after));
    assert!(seen.is_some(), "{lesson} never printed {workers_after:?}");
    let running = in_group(group, Duration::from_secs(5), |n| n > 1);
    assert!(running.len() > 1, "no worker running: {running:?}");
    // A terminal's Ctrl-C reaches the whole group; `kill PID` only the lesson.
    signal(name, &if whole_group { format!("-{group}") } else { group.to_string() });
    let status = child.wait().expect("waiting for the lesson");
    // Stopped, as a shell reports a program the signal killed: never a failure of its own.
    let expected = match name {
        "INT" => Some(130),
        "TERM" => Some(143),
        _ => None,
    };
    assert_eq!(status.code(), expected, "{lesson} after SIG{name}");
    let left = left_in_group(group, Duration::from_secs(1));
    if !left.is_empty() {
        signal("KILL", &format!("-{group}")); // tidy up before failing
    }
    assert_eq!(left, Vec::<String>::new(), "left after SIG{name}");
}

#[test]
fn ctrl_c_in_cpu_bound_leaves_no_worker() {
    // Its workers start right after the threads' line.
    stopped("cpu-bound", "0.5", "threads: ", "INT", true);
}

#[test]
fn ctrl_c_in_three_ways_leaves_no_worker() {
    // The pool starts right after the claim.
    stopped("three-ways", "0.5", "claim: ", "INT", true);
}

// Only the lesson is stopped (`kill PID`, `timeout`, a supervisor): its workers
// end with it, as their stdin closes, even when nothing could catch the signal.

#[test]
fn a_cpu_bound_worker_ends_with_its_lesson_however_it_is_stopped() {
    for name in ["INT", "TERM", "KILL"] {
        stopped("cpu-bound", "0.5", "threads: ", name, false);
    }
}

#[test]
fn a_pool_worker_ends_with_its_lesson_however_it_is_stopped() {
    // At --scale 100 each wait is 50 s: a worker that waited its wait out would stay.
    for name in ["INT", "TERM", "KILL"] {
        stopped("three-ways", "100", "claim: ", name, false);
    }
}

#[test]
fn a_cpu_bound_worker_ends_mid_job_when_its_stdin_closes() {
    // A job of hours, unless the worker sees its lesson go: the pipe to its stdin closes.
    let mut worker = Command::new(env!("CARGO_BIN_EXE_examples-parallel"))
        .args(["cpu-bound-worker", "1000000000000"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("starting a worker");
    std::thread::sleep(Duration::from_millis(200));
    drop(worker.stdin.take());
    let closed = Instant::now();
    while worker.try_wait().expect("waiting for the worker").is_none() {
        if closed.elapsed() > Duration::from_secs(2) {
            let _ = worker.kill();
            let _ = worker.wait();
            panic!("the worker went on after its stdin closed");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}
