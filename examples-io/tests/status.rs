//! With several lessons failing, the run exits with the worst status, not the last.

#[cfg(unix)]
#[test]
fn the_worst_status_wins_not_the_last() {
    // many-clients needs more open files than 64 (bad input: 2); files, which runs
    // after it, cannot create its folder (a failed run: 1).
    let bin = env!("CARGO_BIN_EXE_examples-io");
    let out = std::process::Command::new("sh")
        .args(["-c", &format!("ulimit -n 64 && exec {bin} --scale 0.01 > /dev/null")])
        .env("TMPDIR", "/nonexistent")
        .output()
        .expect("running examples-io");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("examples-io many-clients: "), "{stderr}");
    assert!(stderr.contains("examples-io files: "), "{stderr}");
    assert_eq!(out.status.code(), Some(2), "{stderr}");
}
