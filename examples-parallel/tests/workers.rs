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

fn signal(target: &str) {
    let status = Command::new("kill").args(["-INT", "--", target]).status().expect("running kill");
    assert!(status.success(), "kill -INT {target}");
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

/// Start the lesson, wait until its workers run, interrupt it; no worker may stay.
fn interrupted(lesson: &str, workers_after: &str, whole_group: bool, patience: Duration) {
    let mut child = start(&[lesson, "--scale", "0.5"]);
    let group = child.id();
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    let seen = lines.by_ref().map_while(Result::ok).find(|l| l.contains(workers_after));
    assert!(seen.is_some(), "{lesson} never printed {workers_after:?}");
    let running = in_group(group, Duration::from_secs(5), |n| n > 1);
    assert!(running.len() > 1, "no worker running: {running:?}");
    // A terminal's Ctrl-C reaches the whole group; `kill -INT PID` only the lesson.
    signal(&if whole_group { format!("-{group}") } else { group.to_string() });
    let status = child.wait().expect("waiting for the lesson");
    assert!(!status.success());
    assert_eq!(left_in_group(group, patience), Vec::<String>::new());
}

#[test]
fn ctrl_c_in_cpu_bound_leaves_no_worker() {
    // Its workers start right after the threads' line.
    interrupted("cpu-bound", "threads: ", true, Duration::from_millis(500));
}

#[test]
fn ctrl_c_in_three_ways_leaves_no_worker() {
    // The pool starts right after the claim.
    interrupted("three-ways", "claim: ", true, Duration::from_millis(500));
}

// Only the lesson is interrupted (`kill -INT PID`), so nothing kills its workers:
// they end by themselves, at most one job or one wait later.

#[test]
fn a_cpu_bound_worker_whose_lesson_dies_ends_with_its_job() {
    interrupted("cpu-bound", "threads: ", false, Duration::from_secs(2));
}

#[test]
fn a_pool_worker_whose_lesson_dies_ends_with_its_wait() {
    // Its stdin closes with the lesson: it ends when its current wait (0.5 s) is over.
    interrupted("three-ways", "claim: ", false, Duration::from_secs(2));
}
