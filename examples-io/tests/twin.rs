//! The asyncio twin keeps the lesson's promise too: SIGTERM ends it with 143, and
//! no child of it is left. Linux only (the children are found in `/proc`), and
//! only where python3 is (the twins are optional; `cargo xtask compare` says so).
#![cfg(target_os = "linux")]

use std::io::{BufRead as _, BufReader, Read as _};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn children(pid: u32) -> Vec<u32> {
    let out = Command::new("pgrep").args(["-P", &pid.to_string()]).output();
    let out = out.expect("running pgrep");
    String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| l.trim().parse().ok()).collect()
}

fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|stat| stat.rsplit_once(')').is_some_and(|(_, after)| !after.starts_with(" Z")))
}

#[test]
fn sigterm_to_the_twin_ends_it_and_its_children() {
    let twin = concat!(env!("CARGO_MANIFEST_DIR"), "/../python/child_processes.py");
    let Ok(mut python) = Command::new("python3")
        .args([twin, "--scale", "100"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        eprintln!("no python3: the twin is not checked");
        return;
    };
    let pid = python.id();
    let mut stdout = BufReader::new(python.stdout.take().expect("piped")).lines();
    let started = stdout.by_ref().map_while(Result::ok).any(|l| l.contains("starting children"));
    assert!(started, "the twin never said it started its children");
    let waited = Instant::now();
    let mut kids = children(pid);
    while kids.len() < 4 && waited.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(10));
        kids = children(pid);
    }
    assert_eq!(kids.len(), 4, "children of the twin: {kids:?}");
    let kill = Command::new("kill").args(["-TERM", &pid.to_string()]).status();
    assert!(kill.expect("running kill").success());
    // Not `wait_with_output`: a child left behind would hold the stderr pipe open.
    let status = python.wait().expect("waiting for the twin");
    let gone = Instant::now();
    while kids.iter().any(|&kid| running(kid)) && gone.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(10));
    }
    let left: Vec<u32> = kids.iter().copied().filter(|&kid| running(kid)).collect();
    for kid in &left {
        let _ = Command::new("kill").args(["-KILL", &kid.to_string()]).status();
    }
    assert_eq!(left, Vec::<u32>::new(), "children left running after SIGTERM");
    assert_eq!(status.code(), Some(143));
    let mut stderr = String::new();
    let read = python.stderr.take().expect("piped").read_to_string(&mut stderr);
    read.expect("reading the twin's stderr");
    assert_eq!(stderr, "child_processes.py: stopped by SIGTERM\n");
}
