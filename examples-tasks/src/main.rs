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
    lesson::main(env!("CARGO_PKG_NAME"), "tasks, create_task and gather", &lessons())
}

/// The crate's lessons, in the order `main` runs them; the test holds them
/// against `course.txt`.
fn lessons() -> Vec<Lesson> {
    vec![
        Lesson::new("create-task", create_task::main),
        Lesson::new("tasks-in-order", tasks_in_order::main),
        Lesson::new("await-each", await_each::main),
        Lesson::new("gather", gather::main),
        Lesson::new("main-returns", main_returns::main),
        Lesson::seeded("gather-random", gather_random::main, gather_random::run),
        Lesson::new("what-a-task-costs", what_a_task_costs::main),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_lessons_are_the_course_s() {
        assert_eq!(lesson::check_course(env!("CARGO_PKG_NAME"), &super::lessons()), Ok(()));
    }
}
