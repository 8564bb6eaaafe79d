//! The programs in `tests/wont_compile/` must not compile, for the reason each one
//! states in its header: the lines after "checks that rustc says:", each of which
//! must appear in rustc's errors, and no other error. (trybuild does this with a
//! full `.stderr` file to match; a headline and the type named in the help line
//! hold across compiler versions, and need no crate to build.)
//!
//! Each is compiled as the book compiles it, `protocol::refused`: by the rustc of the
//! toolchain running the test, against the newest build of tokio beside the test
//! that this rustc can read, and must fail with one error.

use std::path::Path;

fn check(name: &str) {
    let file = Path::new("tests/wont_compile").join(name);
    let deps = std::env::current_exe().expect("the test's own path");
    let deps = deps.parent().expect("the test lives in target/<profile>/deps");
    if let Err(why) = protocol::refused::errors(&file, Path::new(env!("CARGO_MANIFEST_DIR")), deps)
    {
        panic!("{why}");
    }
}

#[test]
fn a_task_that_borrows_a_local() {
    check("borrows_a_local.rs");
}

#[test]
fn an_rc_held_across_an_await() {
    check("rc_across_await.rs");
}

#[test]
fn a_std_mutex_guard_held_across_an_await() {
    check("std_guard_across_await.rs");
}

#[test]
fn a_spawned_future_that_borrows_a_local() {
    check("spawn_borrows_a_local.rs");
}

#[test]
fn an_async_fn_that_calls_itself_unboxed() {
    check("unboxed_recursion.rs");
}

#[test]
fn a_closures_future_that_borrows_its_capture() {
    check("fnmut_future_borrows_capture.rs");
}

#[test]
fn the_future_of_an_async_fn_spawned() {
    check("async_closure_spawned.rs");
}
