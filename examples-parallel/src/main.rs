//! Blocking, threads, processes and tasks: concurrency and parallelism.
//!
//! ```text
//! cargo run -p examples-parallel               # every lesson, in order
//! cargo run -p examples-parallel -- blocking   # one lesson
//! cargo run -p examples-parallel -- --help     # the list
//! ```
//!
//! `cpu-bound` and `three-ways` start this program again as their worker processes,
//! with a hidden first argument (`cpu-bound-worker`, `three-ways-worker`).

mod blocking;
mod cpu_bound;
mod cpu_worker;
mod pool_worker;
mod runtimes;
mod three_ways;
mod to_thread;

use std::process::ExitCode;

use lesson::Lesson;

fn main() -> ExitCode {
    // A worker process, before the lessons' command line is parsed.
    let worker = match std::env::args().nth(1).as_deref() {
        Some(cpu_bound::WORKER) => cpu_worker::one_job(cpu_bound::job),
        Some(three_ways::WORKER) => pool_worker::waits(),
        _ => return run_lessons(),
    };
    match worker {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            lesson::warn!("examples-parallel worker: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run_lessons() -> ExitCode {
    lesson::main(env!("CARGO_PKG_NAME"), "blocking, threads, processes and tasks", &lessons())
}

/// The crate's lessons, in the order `main` runs them; the test holds them
/// against `course.txt`.
fn lessons() -> Vec<Lesson> {
    vec![
        Lesson::new("blocking", blocking::main),
        Lesson::new("to-thread", to_thread::main),
        Lesson::blocking("cpu-bound", cpu_bound::main),
        Lesson::new("three-ways", three_ways::main),
        Lesson::blocking("runtimes", runtimes::main),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_lessons_are_the_course_s() {
        assert_eq!(lesson::check_course(env!("CARGO_PKG_NAME"), &super::lessons()), Ok(()));
    }
}
