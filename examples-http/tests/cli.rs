//! The HTTP lessons driven as a user drives them: the real binary, its output
//! and its exit status.

use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_examples-http"))
        .args(args)
        .output()
        .expect("running examples-http")
}

/// A loopback peer that answers one request with a canned 5-byte page.
fn one_page() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binding 127.0.0.1");
    let url = format!("http://{}/", listener.local_addr().expect("local address"));
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("accepting");
        let mut request = [0; 1024];
        let _ = stream.read(&mut request);
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
    });
    url
}

#[test]
fn one_refused_url_fails_alone_and_the_exit_status_is_1() {
    let good = one_page();
    let out = run(&["fetch-concurrent", "http://127.0.0.1:1/", &good, "--timeout", "5"]);
    let (stdout, stderr) =
        (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("Failed http://127.0.0.1:1/: could not connect: "), "{stdout}");
    assert!(stdout.contains(&format!("Fetched {good}, Length: 5 characters")), "{stdout}");
    assert_eq!(stderr.trim(), "examples-http fetch-concurrent: 1 of 2 URLs failed");
}

#[test]
fn a_malformed_url_is_a_failed_line_not_a_panic() {
    let out = run(&["fetch-sequential", "ftp://example.com/", "::"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("Failed ftp://example.com/: ftp: is not http or https"), "{stdout}");
    assert!(stdout.contains("Failed ::: not a URL: relative URL without a base"), "{stdout}");
}

#[test]
fn bad_option_values_exit_2_with_one_line() {
    for args in
        [&["fetch-bounded", "--concurrency", "0"][..], &["--timeout", "0"], &["--requests", "many"]]
    {
        let out = run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    }
}

#[cfg(unix)]
#[test]
fn too_few_open_files_for_the_concurrency_is_one_line_at_once() {
    // Hard limit 64: not enough for 200 requests and the server's 200 ends.
    let script = format!(
        "ulimit -n 64 && exec {} fetch-bounded --concurrency 200",
        env!("CARGO_BIN_EXE_examples-http")
    );
    let started = std::time::Instant::now();
    let out = Command::new("sh").args(["-c", &script]).output().expect("running sh");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "examples-http fetch-bounded: --concurrency 200 needs about 432 open files and \
         `ulimit -n` allows at most 64 here: lower --concurrency to 16 or less, or raise \
         the hard limit\n"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
}

#[cfg(unix)]
#[test]
fn a_soft_limit_too_low_is_raised_toward_the_hard_one() {
    let script = format!(
        "ulimit -S -n 64 && exec {} fetch-bounded --concurrency 100 --requests 200 --scale 0.05",
        env!("CARGO_BIN_EXE_examples-http")
    );
    let out = Command::new("sh").args(["-c", &script]).output().expect("running sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("the server counted at most 100 requests in flight"), "{stdout}");
}
