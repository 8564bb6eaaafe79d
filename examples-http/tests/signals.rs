//! SIGINT and SIGTERM end an HTTP lesson with 130 and 143, whatever it is doing:
//! handling Ctrl-C itself (fetch-bounded), or stuck writing to a full pipe.
#![cfg(unix)]

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn kill(signal: &str, child: &Child) {
    let kill = Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]).status();
    assert!(kill.expect("running kill").success());
}

/// Wait for `child` at most `patience`; kill it and fail if it is still there.
fn ended_within(child: &mut Child, patience: Duration) -> Option<i32> {
    let since = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("waiting for the lesson") {
            return status.code();
        }
        if since.elapsed() > patience {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the lesson was still running {patience:?} after the signal");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_signal_ends_a_lesson_whose_stdout_pipe_is_full() {
    for (signal, status) in [("TERM", 143), ("INT", 130)] {
        // A billion failed requests, a line each, and a reader that never reads.
        let mut lesson = Command::new(env!("CARGO_BIN_EXE_examples-http"))
            .args(["fetch-bounded", "--requests", "1000000000", "http://127.0.0.1:1/"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting examples-http");
        // The pipe (64 KiB) holds about 1,000 of its lines: full well within this.
        std::thread::sleep(Duration::from_millis(1500));
        kill(signal, &lesson);
        let code = ended_within(&mut lesson, Duration::from_secs(4));
        assert_eq!(code, Some(status), "SIG{signal}");
    }
}

#[test]
fn ctrl_c_to_fetch_bounded_is_130_with_how_far_it_got() {
    let mut lesson = Command::new(env!("CARGO_BIN_EXE_examples-http"))
        .arg("fetch-bounded")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting examples-http");
    // Its first progress line (20 of 200 done, at 1 s): it is listening for Ctrl-C by then.
    let mut stderr = BufReader::new(lesson.stderr.take().expect("piped")).lines();
    let progress = stderr.next().and_then(Result::ok).unwrap_or_default();
    assert_eq!(progress, "20/200 done");
    kill("INT", &lesson);
    let out = lesson.wait_with_output().expect("waiting for the lesson");
    let stderr: Vec<String> = stderr.map_while(Result::ok).collect();
    assert_eq!(out.status.code(), Some(130), "{stderr:?}");
    let last = stderr.last().map_or("", String::as_str);
    assert!(
        last.starts_with("examples-http fetch-bounded: stopped by SIGINT: interrupted after "),
        "{stderr:?}"
    );
    assert!(last.ends_with(" of 200 requests"), "{stderr:?}");
}

/// The asyncio twin's python3: the workspace's virtual environment (with aiohttp),
/// else the PATH's; `None` where neither has aiohttp (the twin is then not run).
fn python_with_aiohttp() -> Option<String> {
    let venv = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/venv/bin/python3");
    [venv, "python3"].into_iter().map(str::to_owned).find(|python| {
        let import = Command::new(python).args(["-c", "import aiohttp"]).output();
        import.is_ok_and(|out| out.status.success())
    })
}

#[test]
fn ctrl_c_to_the_fetch_bounded_twin_is_130_with_how_far_it_got() {
    let Some(python) = python_with_aiohttp() else {
        eprintln!("no python3 with aiohttp: the twin is not checked");
        return;
    };
    let twin = concat!(env!("CARGO_MANIFEST_DIR"), "/../python/fetch_bounded.py");
    let mut twin = Command::new(python)
        .arg(twin)
        .env("LESSON_HTTP_SERVER", env!("CARGO_BIN_EXE_examples-http"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting the twin");
    let mut stderr = BufReader::new(twin.stderr.take().expect("piped")).lines();
    let progress = stderr.next().and_then(Result::ok).unwrap_or_default();
    assert_eq!(progress, "20/200 done");
    kill("INT", &twin);
    let code = ended_within(&mut twin, Duration::from_secs(5));
    let stderr: Vec<String> = stderr.map_while(Result::ok).collect();
    assert_eq!(code, Some(130), "{stderr:?}");
    let last = stderr.last().map_or("", String::as_str);
    assert!(
        last.starts_with("fetch_bounded.py: stopped by SIGINT: interrupted after "),
        "{stderr:?}"
    );
}
