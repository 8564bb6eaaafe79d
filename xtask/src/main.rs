//! `cargo xtask`: the workspace's own task runner, reached through the alias in
//! `.cargo/config.toml` (the cargo-xtask convention: <https://github.com/matklad/cargo-xtask>).
//!
//! It knows the lessons only as processes: their `--list`, and their stdout,
//! where each prints its claim first and its events after.
//!
//! # Layout
//! Each module depends only on those listed below it.
//! - [`flags`]: every command and its flags, one table; the parser and `--help`.
//! - Families of commands: [`check`] (run-all, run, list), [`twins`] (compare,
//!   timeline), [`publish`] (copies, book), [`bench`], [`learn`] (the exercises).
//! - What they share: [`schedule`] (many lessons side by side), [`runner`] (one
//!   lesson as a process, timed), [`server`] (the local HTTP server), [`python`]
//!   (the python3 to run twins with), [`lessons`] (the course and the built
//!   binaries), [`signals`] (Ctrl-C and SIGTERM).
//! - stdout, warnings and the exit status: `protocol::output`, shared with the lessons.

mod bench;
mod check;
mod claims;
mod flags;
mod learn;
mod lessons;
mod publish;
mod python;
mod runner;
mod schedule;
mod server;
mod signals;
mod twins;

#[cfg(test)]
mod tidy;

use std::process::ExitCode;

use protocol::output::{self, WhenGone};
use protocol::warn;

fn main() -> ExitCode {
    output::set_program("xtask", WhenGone::Exit);
    match flags::parse(std::env::args_os().skip(1)).and_then(|parsed| run(&parsed)) {
        Ok(code) => code,
        Err(err) => {
            warn!("xtask: {err:#}");
            let status = if err.is::<flags::Usage>() { 2 } else { 1 };
            ExitCode::from(output::status().max(status))
        }
    }
}

/// The command `parsed` names, run.
fn run(parsed: &flags::Parsed) -> anyhow::Result<ExitCode> {
    python::choose(parsed.path("python"));
    match parsed.command {
        flags::HELP => {
            protocol::out!("{}", flags::help());
            Ok(ExitCode::SUCCESS)
        }
        "run-all" => check::run_all(parsed),
        "run" => check::run(parsed),
        "list" => check::list(parsed),
        "compare" => twins::compare::compare(parsed),
        "timeline" => twins::timeline::timeline(parsed),
        "copies" => publish::copies::copies(parsed),
        "book" => publish::book::book(parsed),
        "bench" => bench::bench(parsed),
        "learn" => learn::learn(parsed),
        other => anyhow::bail!("flags::COMMANDS has '{other}', which main.rs does not run"),
    }
}
