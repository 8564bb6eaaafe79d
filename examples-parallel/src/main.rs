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
        _ => return lessons(),
    };
    match worker {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            lesson::warn!("examples-parallel worker: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn lessons() -> ExitCode {
    lesson::main(
        env!("CARGO_PKG_NAME"),
        "blocking, threads, processes and tasks",
        &[
            Lesson::new(
                "blocking",
                "a blocking call in a task stops every task on the thread for 1 s",
                blocking::main,
            ),
            Lesson::new(
                "to-thread",
                "spawn_blocking: the tasks go on; abort() cannot stop blocking work",
                to_thread::main,
            ),
            Lesson::blocking(
                "cpu-bound",
                "a CPU job ×4: one by one, tasks, threads, the blocking pool, processes",
                cpu_bound::main,
            )
            .alone(),
            Lesson::new(
                "three-ways",
                "1,000 waits as tasks and as threads, 32 on a pool of 4 processes",
                three_ways::main,
            ),
            Lesson::blocking(
                "runtimes",
                "current_thread or multi_thread: the same waits; CPU work scales with workers",
                runtimes::main,
            )
            .alone(),
        ],
    )
}
