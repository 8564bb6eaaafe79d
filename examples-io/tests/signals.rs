//! A signal sent to the lesson's process alone (`kill PID`, `timeout`, a
//! supervisor), not to its whole group as a terminal's Ctrl-C is: no child of the
//! lesson may outlive it. Linux only: the children are found in `/proc`.
#![cfg(target_os = "linux")]

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The processes whose parent is `pid`, running or not yet reaped.
fn children(pid: u32) -> Vec<u32> {
    let parent = pid.to_string();
    let entries = std::fs::read_dir("/proc").expect("reading /proc");
    let stat = |pid: &str| std::fs::read_to_string(format!("/proc/{pid}/stat")).ok();
    entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.bytes().all(|b| b.is_ascii_digit()))
        .filter(|name| {
            // `pid (name) state ppid ...`: the name may hold spaces, so after its `)`.
            let stat = stat(name).unwrap_or_default();
            let after = stat.rsplit_once(')').map_or("", |(_, after)| after);
            after.split_whitespace().nth(1) == Some(parent.as_str())
        })
        .filter_map(|name| name.parse().ok())
        .collect()
}

/// Still running: there, and not a zombie (dead, waiting to be reaped).
fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|stat| stat.rsplit_once(')').is_some_and(|(_, after)| !after.starts_with(" Z")))
}

/// Run child-processes slowly, send `signal` to its pid alone once its 4 children
/// run, and check that it exits with `status` and that none of them is left.
fn stopped_by(signal: &str, status: i32) {
    let mut lesson = Command::new(env!("CARGO_BIN_EXE_examples-io"))
        .args(["child-processes", "--scale", "100"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("starting examples-io");
    let pid = lesson.id();
    let mut stdout = BufReader::new(lesson.stdout.take().expect("piped")).lines();
    let started = stdout.by_ref().map_while(Result::ok).any(|l| l.contains("starting children"));
    assert!(started, "the lesson never said it started its children");
    let waited = Instant::now();
    let mut kids = children(pid);
    while kids.len() < 4 && waited.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(10));
        kids = children(pid);
    }
    assert_eq!(kids.len(), 4, "children of the lesson: {kids:?}");

    let kill = Command::new("kill").args([&format!("-{signal}"), &pid.to_string()]).status();
    assert!(kill.expect("running kill").success());
    let exit = lesson.wait().expect("waiting for the lesson");
    let gone = Instant::now();
    while kids.iter().any(|&kid| running(kid)) && gone.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(10));
    }
    let left: Vec<u32> = kids.iter().copied().filter(|&kid| running(kid)).collect();
    for kid in &left {
        // Tidy up before failing: a child left here would sleep for minutes.
        let _ = Command::new("kill").args(["-KILL", &kid.to_string()]).status();
    }
    assert_eq!(left, Vec::<u32>::new(), "children left running after SIG{signal}");
    assert_eq!(exit.code(), Some(status), "{exit:?}");
}

#[test]
fn sigterm_to_the_lesson_alone_ends_its_children() {
    stopped_by("TERM", 143);
}

#[test]
fn sigint_to_the_lesson_alone_ends_its_children() {
    stopped_by("INT", 130);
}

/// A terminal's Ctrl-C reaches the whole process group: the children die of it
/// too, and may be seen to fail before the lesson hears its own SIGINT. That is
/// still a stop by SIGINT, 130, every time, not a failed child and 1.
#[test]
fn ctrl_c_to_the_whole_group_is_130_every_time() {
    use std::os::unix::process::CommandExt as _;
    for attempt in 0..6 {
        let mut lesson = Command::new(env!("CARGO_BIN_EXE_examples-io"))
            .args(["child-processes", "--scale", "100"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .expect("starting examples-io");
        let pid = lesson.id();
        let mut stdout = BufReader::new(lesson.stdout.take().expect("piped")).lines();
        let started =
            stdout.by_ref().map_while(Result::ok).any(|l| l.contains("starting children"));
        assert!(started, "the lesson never said it started its children");
        let waited = Instant::now();
        while children(pid).len() < 4 && waited.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(10));
        }
        let kill = Command::new("kill").args(["-INT", "--", &format!("-{pid}")]).status();
        assert!(kill.expect("running kill").success());
        let out = lesson.wait_with_output().expect("waiting for the lesson");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(130), "attempt {attempt}: {stderr}");
        assert!(stderr.starts_with("examples-io child-processes: stopped by SIGINT"), "{stderr}");
    }
}

/// `--timeline` stopped by a signal still shows the picture of what ran until then.
#[test]
fn a_timeline_is_shown_for_what_ran_before_a_signal() {
    let mut lesson = Command::new(env!("CARGO_BIN_EXE_examples-io"))
        .args(["child-processes", "--scale", "100", "--timeline"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("starting examples-io");
    let pid = lesson.id();
    let mut stdout = BufReader::new(lesson.stdout.take().expect("piped")).lines();
    let started = stdout.by_ref().map_while(Result::ok).any(|l| l.contains("starting children"));
    assert!(started, "the lesson never said it started its children");
    let kill = Command::new("kill").args(["-TERM", &pid.to_string()]).status();
    assert!(kill.expect("running kill").success());
    let rest: Vec<String> = stdout.map_while(Result::ok).collect();
    let exit = lesson.wait().expect("waiting for the lesson");
    assert_eq!(exit.code(), Some(143));
    assert!(rest.iter().any(|l| l.starts_with("main ")), "no timeline after SIGTERM: {rest:?}");
}
