//! Async I/O on sockets, files and child processes, all on 127.0.0.1.
//!
//! ```text
//! cargo run -p examples-io              # every lesson, in order
//! cargo run -p examples-io -- echo      # one lesson
//! cargo run -p examples-io -- --help    # the list
//! ```
//!
//! `child-processes` runs this program again as its children, with `child` as the
//! first argument: that is routed here, before the lessons' command line.

mod chat;
mod chat_clients;
mod child_processes;
mod echo;
mod files;
mod many_clients;

use std::process::ExitCode;

use std::any::Any;

use anyhow::Result;
use lesson::Lesson;

/// Before many-clients: enough open files for both ends of its connections (the
/// soft limit raised toward the hard one), or one line saying how many (exit 2).
fn enough_open_files(lesson: &str, _: &mut Vec<String>) -> Result<Option<Box<dyn Any>>> {
    if lesson != "many-clients" {
        return Ok(None);
    }
    let clients = many_clients::CLIENTS;
    let wanted = 2 * clients as u64 + 64;
    if let lesson::OpenFiles::AtMost(hard) = lesson::open_files(wanted)? {
        return Err(lesson::BadInput(format!(
            "{clients} connections with both ends in this process: about {wanted} open files, \
             and `ulimit -n` allows at most {hard} here; raise the hard limit to {wanted} \
             (`ulimit -Hn {wanted}`, as root)"
        ))
        .into());
    }
    Ok(None)
}

fn main() -> ExitCode {
    if std::env::args_os().nth(1).is_some_and(|first| first == "child") {
        // A child of child-processes: its own `main` sees the `child` argument.
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
        let outcome = runtime.map_err(Into::into).and_then(|r| r.block_on(child_processes::main()));
        return match outcome {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                lesson::warn!("examples-io child: {err:#}");
                ExitCode::FAILURE
            }
        };
    }
    lesson::main_with(
        env!("CARGO_PKG_NAME"),
        "async I/O on sockets, files and child processes",
        "",
        &lessons(),
        enough_open_files,
    )
}

/// The crate's lessons, in the order `main` runs them; the test holds them
/// against `course.txt`.
fn lessons() -> Vec<Lesson> {
    vec![
        Lesson::new("echo", echo::main),
        Lesson::new("many-clients", many_clients::main),
        Lesson::new("chat", chat::main),
        Lesson::new("files", files::main),
        Lesson::new("child-processes", child_processes::main),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_lessons_are_the_course_s() {
        assert_eq!(lesson::check_course(env!("CARGO_PKG_NAME"), &super::lessons()), Ok(()));
    }
}
