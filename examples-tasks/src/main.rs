//! Tasks, `create_task` and `gather`.
//!
//! ```text
//! cargo run -p examples-tasks                                        # every lesson
//! cargo run -p examples-tasks -- gather-random --seed 7 --scale 0.1  # one lesson
//! cargo run -p examples-tasks -- --help                              # the list
//! ```

mod await_each;
mod create_task;
mod gather;
mod gather_random;
mod main_returns;
mod tasks_in_order;
mod what_a_task_costs;

use lesson::Lesson;

fn main() -> std::process::ExitCode {
    lesson::main(
        env!("CARGO_PKG_NAME"),
        "tasks, create_task and gather",
        &[
            Lesson::new(
                "create-task",
                "spawn one task; it starts before it is awaited",
                create_task::main,
            ),
            Lesson::new(
                "tasks-in-order",
                "4 tasks at once, awaited in creation order",
                tasks_in_order::main,
            ),
            Lesson::new(
                "await-each",
                "3 tasks (1 s, 3 s, 2 s) awaited one after the other",
                await_each::main,
            ),
            Lesson::new(
                "gather",
                "results in argument order, though they finish 3, 1, 2",
                gather::main,
            ),
            Lesson::new(
                "main-returns",
                "a task still running when main returns is dropped",
                main_returns::main,
            ),
            Lesson::seeded(
                "gather-random",
                "10 random delays gathered: done in order of delay",
                gather_random::main,
                gather_random::run,
            ),
            Lesson::new("what-a-task-costs", "its future plus a header", what_a_task_costs::main),
        ],
    )
}
