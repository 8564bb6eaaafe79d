//! `shutdown --wait-for-ctrl-c` against a real SIGINT, sent to the real binary
//! with `kill -INT`, as a terminal sends it on Ctrl-C.
#![cfg(unix)]

use std::io::{BufRead as _, BufReader, Lines};
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

struct Lesson {
    child: Child,
    stdout: Lines<BufReader<ChildStdout>>,
}

impl Lesson {
    fn start() -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_examples-control"))
            .args(["shutdown", "--wait-for-ctrl-c"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("starting the lesson binary");
        let stdout = BufReader::new(child.stdout.take().expect("piped")).lines();
        Self { child, stdout }
    }

    /// Read lines up to and including the first that contains `text`.
    fn read_until(&mut self, text: &str) -> Vec<String> {
        let mut seen = Vec::new();
        for line in &mut self.stdout {
            let line = line.expect("reading the lesson's stdout");
            let found = line.contains(text);
            seen.push(line);
            if found {
                return seen;
            }
        }
        panic!("the lesson ended without printing {text:?}: {seen:#?}");
    }

    fn ctrl_c(&self) {
        let kill = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status();
        assert!(kill.expect("running kill").success());
    }

    /// The rest of stdout, and how the lesson exited.
    fn finish(mut self) -> (Vec<String>, ExitStatus) {
        let rest = self.stdout.map(|line| line.expect("reading the lesson's stdout")).collect();
        (rest, self.child.wait().expect("waiting for the lesson"))
    }
}

#[test]
fn ctrl_c_lets_the_job_in_flight_finish_and_exits_0() {
    let mut lesson = Lesson::start();
    // Job 2 starts at 0.6 s; the signal then gives job 1 (1.2 s) time to finish.
    lesson.read_until("job 2: started");
    lesson.ctrl_c();
    let (rest, status) = lesson.finish();
    let events: Vec<&str> =
        rest.iter().map(|l| l.split_once("] ").map_or(&**l, |(_, e)| e)).collect();
    assert_eq!(
        events[..5],
        [
            "main: stopping with 2 in flight; waiting up to 1s",
            "job 1: done",
            "job 1: cleanup",
            "main: 1 still running at the deadline; dropped as main returns",
            "job 2: cleanup",
        ],
        "{rest:#?}"
    );
    assert!(events[5].starts_with("took "), "{rest:#?}");
    assert_eq!(status.code(), Some(0), "{rest:#?}");
}

#[test]
fn a_second_ctrl_c_exits_at_once_with_130() {
    let mut lesson = Lesson::start();
    lesson.read_until("job 2: started");
    lesson.ctrl_c();
    lesson.read_until("main: stopping");
    let second = Instant::now();
    lesson.ctrl_c();
    let (rest, status) = lesson.finish();
    assert_eq!(rest.len(), 1, "{rest:#?}");
    assert!(rest[0].ends_with("main: a second Ctrl-C: exiting at once"), "{rest:#?}");
    assert_eq!(status.code(), Some(130));
    // At once: well before the 1 s deadline the first Ctrl-C started.
    assert!(second.elapsed() < Duration::from_millis(500), "{:?}", second.elapsed());
}

#[test]
fn bad_arguments_are_refused_in_one_line_before_any_lesson_runs() {
    let cases = [
        (&["shutdown", "extra"][..], "unknown option 'extra'; shutdown takes --wait-for-ctrl-c"),
        (&["shutdown", "-x"], "unknown option '-x'; shutdown takes --wait-for-ctrl-c"),
        (
            &["shutdown", "--wait-for-ctrl-c=yes"],
            "unknown option '--wait-for-ctrl-c=yes'; shutdown takes --wait-for-ctrl-c",
        ),
        // Every lesson of the crate: refused before the first one runs, not after all.
        (&["--bogus"], "unknown option '--bogus'; shutdown takes --wait-for-ctrl-c"),
        (
            &["--scale", "0.01", "nope"],
            "unknown lesson 'nope'; expected one of: timeout, cancel, first-completed, \
             as-completed, task-group, gather-errors, task-panic, shield, shutdown",
        ),
    ];
    for (args, line) in cases {
        let started = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_examples-control"))
            .args(args)
            .output()
            .expect("running the lesson binary");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr, format!("examples-control: {line} (see --help)\n"), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(started.elapsed() < Duration::from_secs(1), "{args:?}: ran something first");
    }
}
