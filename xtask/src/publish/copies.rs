//! `cargo xtask copies`: every lesson as the plain tokio program a learner would
//! paste, with the README's table applied:
//!
//! | in a lesson  | in the copy                     |
//! |--------------|---------------------------------|
//! | `say!(..)`   | `println!(..)`                  |
//! | `secs(x)`    | `Duration::from_secs_f64(x)`    |
//! | `claim(..);` | (deleted)                       |
//! | `args()`     | `std::env::args().skip(1)`      |
//!
//! (`claim_speedup(..);` and `speedup(..);`, the claim of a lesson whose time
//! depends on the machine, are deleted alike.)
//!
//! plus the test module and the `use lesson::..` lines removed, and
//! `#[tokio::main]` on `main`. They are written into one crate under
//! `target/copies` (one `[[bin]]` each, depending only on [`DEPENDENCIES`]: tokio,
//! futures, rand and anyhow, tokio-util for `shutdown`, tokio-stream for
//! examples-streams, tracing for examples-rust; and for the HTTP lessons reqwest and what
//! examples-http's `http.rs`, taken along beside them, uses), built, run, and held
//! to the lesson's own event lines: the same lines, whose order the paused-clock
//! tests and `compare` check. Both run at scale 1, all at once: they mostly sleep,
//! so the whole takes the longest lesson. The HTTP copies and their lessons fetch
//! the same pages from one `examples-http serve`.

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, ExitCode};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::{Context as _, Result, bail, ensure};

use crate::lessons::{self, Lesson};
use protocol::lines::parse_event as event;

use protocol::out;

use crate::flags::Parsed;
use crate::runner::{self, Echo, Finished};
use crate::runner::{Exit, Limits};
use crate::server::LocalServer;

/// The crates a copy may use: the ones the README promises a learner needs (tokio-util
/// for `shutdown`, as issue 10 names it; tokio-stream for examples-streams;
/// tracing and tracing-subscriber for examples-rust's `tracing`).
const DEPENDENCIES: [&str; 8] = [
    "anyhow",
    "futures",
    "rand",
    "tokio",
    "tokio-stream",
    "tokio-util",
    "tracing",
    "tracing-subscriber",
];

/// And the HTTP lessons' crates, with the lines of examples-http's own Cargo.toml.
const HTTP_DEPENDENCIES: [&str; 4] = ["reqwest", "rustls", "hyper", "encoding_rs"];

/// The module a lesson uses from its own crate (`use crate::http::..`): its copy
/// takes it along, as a learner puts it beside their `main.rs` (examples-http's
/// `http.rs`, chat's scripted clients), with the same table applied.
fn taken_along(code: &str) -> Option<&str> {
    code.strip_prefix("use crate::")?.split("::").next()
}

pub fn copies(_: &Parsed) -> Result<ExitCode> {
    let lessons = lessons::find(None, &[])?;
    let target = lessons::target_debug()?.parent().context("no target folder")?.to_owned();
    let folder = target.join("copies");
    write_crate(&folder, &lessons)?;
    build(&folder, &target)?;
    // The HTTP lessons and their copies fetch the same pages: the local server, run
    // alone as a learner runs it beside a copy (`cargo run -p examples-http -- serve`).
    let server = LocalServer::start(&target.join("debug"))?;

    // Every copy at once (they mostly sleep), then every lesson at once, on the seed
    // its copy drew when it drew one, so that both make the same random delays.
    let patient = Limits { deadline_extra: Duration::from_secs(30), ..Limits::default() };
    let run = |command: Command| {
        runner::run(command, &patient, Echo::No, &AtomicBool::new(false), |_| {})
    };
    let copies = in_parallel(&lessons, |lesson| {
        let mut copy = Command::new(target.join("debug").join(&lesson.name));
        copy.args(urls_for(&server, lesson));
        run(copy)
    })?;
    let originals =
        in_parallel(&lessons.iter().zip(&copies).collect::<Vec<_>>(), |(lesson, copy)| {
            // At scale 1, as the copy runs: a lesson prints the durations it really waits.
            let mut args: Vec<OsString> = urls_for(&server, lesson);
            if let Some((seed, _)) = copy.stdout.iter().find_map(|l| protocol::lines::parse_seed(l))
            {
                args.extend(["--seed".into(), seed.into()]);
            }
            run(lesson.command(&args))
        })?;
    drop(server);

    let mut failed = 0;
    for ((lesson, copy), original) in lessons.iter().zip(&copies).zip(&originals) {
        let verdict = compare(copy, original);
        if verdict.is_err() {
            protocol::output::fail(1);
        }
        out!(
            "{:<18} {:<16} {}\n",
            lesson.name,
            lesson.krate,
            verdict.as_deref().unwrap_or_else(|e| e)
        );
        failed += usize::from(verdict.is_err());
    }
    out!(
        "\nthe plain copies are in {}\ncopies: {} passed, {failed} failed\n",
        folder.join("src/bin").display(),
        lessons.len() - failed
    );
    Ok(ExitCode::from(protocol::output::status()))
}

/// The copy must exit 0 and print the lesson's event lines, time stamps aside.
pub(crate) fn compare(copy: &Finished, original: &Finished) -> Result<String, String> {
    if copy.exit != Exit::Code(0) || original.exit != Exit::Code(0) {
        return Err(format!(
            "FAILED: the copy {:?}, the lesson {:?}\n{}{}",
            copy.exit, original.exit, copy.stderr, original.stderr
        ));
    }
    let events: Vec<&str> =
        original.stdout.iter().filter_map(|l| event(l)).map(|(_, e)| e).collect();
    if events.is_empty() {
        return Err("FAILED: the lesson printed no events".into());
    }
    // The same lines; their order on the real clock, where two events a millisecond
    // apart may swap, is for the paused-clock tests and `compare` to check.
    let sorted = |lines: &mut dyn Iterator<Item = &str>, measured: bool| -> Vec<String> {
        let mut lines: Vec<String> =
            lines.map(|l| if measured { numbers_aside(l) } else { l.to_owned() }).collect();
        lines.sort_unstable();
        lines
    };
    let copied = || copy.stdout.iter().map(String::as_str);
    if sorted(&mut events.iter().copied(), false) == sorted(&mut copied(), false) {
        return Ok(format!("same {} lines", events.len()));
    }
    // A lesson that measures (CPU time, memory) prints other numbers each run.
    let (events, lines) = (sorted(&mut events.into_iter(), true), sorted(&mut copied(), true));
    match events.iter().zip(&lines).position(|(event, line)| event != line) {
        None if events.len() == lines.len() => {
            Ok(format!("same {} lines, measured numbers aside", events.len()))
        }
        at => {
            let at = at.unwrap_or(events.len().min(lines.len()));
            let nothing = String::from("(nothing)");
            Err(format!(
                "DIFFERENT, in sorted order at line {}:\n  lesson: {}\n  copy:   {}",
                at + 1,
                events.get(at).unwrap_or(&nothing),
                lines.get(at).unwrap_or(&nothing)
            ))
        }
    }
}

/// The line with every number (and its unit, written on it: `54µs`, `1.9x`) as
/// `#`, and runs of spaces as one.
fn numbers_aside(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            while chars.peek().is_some_and(|c| c.is_ascii_digit() || *c == '.') {
                chars.next();
            }
            while chars.peek().is_some_and(|c| c.is_alphabetic()) {
                chars.next();
            }
            out.push('#');
        } else if c == ' ' && out.ends_with(' ') {
            continue;
        } else {
            out.push(c);
        }
    }
    out
}

/// What the copy of `lesson` (and the lesson beside it) is given on its command
/// line: the local server's four pages, or the one fetch-bounded asks 200 times
/// (1 s each, 20 at a time: 10 s).
fn urls_for(server: &LocalServer, lesson: &Lesson) -> Vec<OsString> {
    match lesson.name.as_str() {
        "fetch-sequential" | "fetch-concurrent" => {
            server.pages.iter().map(OsString::from).collect()
        }
        "fetch-bounded" => {
            let delay = format!("{}/delay/1000", server.base());
            ["--requests", "200", "--concurrency", "20", &delay].map(OsString::from).into()
        }
        _ => Vec::new(),
    }
}

fn in_parallel<T: Sync>(
    items: &[T],
    run: impl Fn(&T) -> Result<Finished> + Sync,
) -> Result<Vec<Finished>> {
    std::thread::scope(|scope| {
        let running: Vec<_> = items.iter().map(|item| scope.spawn(|| run(item))).collect();
        running.into_iter().map(|r| r.join().expect("a runner thread panicked")).collect()
    })
}

fn write_crate(folder: &Path, lessons: &[Lesson]) -> Result<()> {
    let root = lessons::root();
    let workspace =
        std::fs::read_to_string(root.join("Cargo.toml")).context("reading Cargo.toml")?;
    let http = std::fs::read_to_string(root.join("examples-http/Cargo.toml"))
        .context("reading examples-http/Cargo.toml")?;
    // `autobins = false`: the module taken along sits beside the copies, not a program.
    let mut manifest = String::from(
        "# Written by `cargo xtask copies`: the lessons as plain programs.\n\
         [package]\nname = \"copies\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\
         autobins = false\n\n\
         # Not part of the lessons' workspace.\n[workspace]\n\n[dependencies]\n",
    );
    for name in HTTP_DEPENDENCIES {
        let line = http
            .lines()
            .find(|l| l.starts_with(&format!("{name} = ")))
            .with_context(|| format!("no {name} in examples-http/Cargo.toml"))?;
        manifest += line;
        manifest.push('\n');
    }
    for name in DEPENDENCIES {
        // The workspace's own line, so the copies build with the same versions, and
        // its features less `test-util`: the paused clock is for the lessons' tests.
        let line = workspace
            .lines()
            .find(|l| l.starts_with(&format!("{name} = ")))
            .with_context(|| format!("no {name} in the workspace dependencies"))?;
        manifest += &line.replace(", \"test-util\"", "");
        manifest.push('\n');
    }
    let bin = folder.join("src/bin");
    let _ = std::fs::remove_dir_all(&bin);
    std::fs::create_dir_all(&bin).with_context(|| format!("creating {}", bin.display()))?;
    for lesson in lessons {
        let path = format!("{}/src/{}.rs", lesson.krate, lesson.name.replace('-', "_"));
        let source =
            std::fs::read_to_string(root.join(&path)).with_context(|| format!("reading {path}"))?;
        for module in source.lines().filter_map(taken_along) {
            let along = format!("{}/src/{module}.rs", lesson.krate);
            let text = std::fs::read_to_string(root.join(&along))
                .with_context(|| format!("reading {along}"))?;
            std::fs::write(bin.join(format!("{module}.rs")), plain(&text, &along)?)
                .with_context(|| format!("writing the copy of {along}"))?;
        }
        let copy = plain(&source, &path)?;
        std::fs::write(bin.join(format!("{}.rs", lesson.name)), copy)?;
        manifest += &format!("\n[[bin]]\nname = \"{0}\"\npath = \"src/bin/{0}.rs\"\n", lesson.name);
    }
    std::fs::write(folder.join("Cargo.toml"), manifest)?;
    // The workspace's lock file: the same versions, and nothing to fetch.
    std::fs::copy(root.join("Cargo.lock"), folder.join("Cargo.lock"))
        .context("copying Cargo.lock")?;
    Ok(())
}

/// Build the copies into the workspace's `target`: tokio and the rest are
/// already built there with the same versions and features.
fn build(folder: &Path, target: &Path) -> Result<()> {
    let output = lessons::cargo()
        .current_dir(folder)
        .args(["build", "--bins", "--color", "never", "--target-dir"])
        .arg(target)
        .output()
        .context("running cargo build for the copies")?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    ensure!(output.status.success(), "the copies do not build:\n{stderr}");
    // A copy is what a learner pastes: it must build without a single warning.
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning")).collect();
    ensure!(warnings.is_empty(), "the copies build with warnings:\n{stderr}");
    Ok(())
}

/// The lesson at `path` as a plain program.
pub fn plain(source: &str, path: &str) -> Result<String> {
    let mut lines = vec![
        format!("// {path} as a plain tokio program, written by `cargo xtask copies`."),
        "// Lines that say `[ 1.000s]` in the lesson print without the time stamp here.".to_owned(),
    ];
    let (mut in_claim, mut in_run_it) = (false, false);
    for line in source.lines() {
        let code = line.trim_start();
        let indent = &line[..line.len() - code.len()];
        if code.starts_with("#[cfg(test)]") {
            break;
        }
        if code.starts_with("use lesson::") {
            continue;
        }
        // The lesson's "Run it" lines, up to the twin's, are the copy's own run line.
        if in_run_it && !code.starts_with("//! Its asyncio twin") && code != "//!" {
            continue;
        }
        in_run_it = false;
        if code.starts_with("//! Run it: ") {
            in_run_it = true;
            let name = Path::new(path).file_stem().map_or("lesson".into(), |s| s.to_string_lossy());
            let name = name.replace('_', "-");
            lines.push(format!(
                "//! Run it: `cargo run --bin {name}` in target/copies, or as the `src/main.rs` of \
                 your own project (the README's `cargo add` lines), `cargo run`."
            ));
            continue;
        }
        if in_claim || ["claim(", "claim_speedup(", "speedup("].iter().any(|c| code.starts_with(c))
        {
            // The statement ends at `);`, a trailing `// comment` aside.
            let statement = code.split_once("//").map_or(code, |(code, _)| code);
            in_claim = !statement.trim_end().ends_with(");");
            continue;
        }
        if let Some(module) = taken_along(code) {
            // The module beside it, `mod http;`, then `use self::http::..`: in your own
            // program it is a module of its own, not of the lesson's crate.
            lines.push(format!("mod {module};"));
        }
        let line = line.replace("use crate::", "use self::");
        let line = line.replace("say!(", "println!(").replace("warn!(", "eprintln!(");
        let line = calls(&line, "secs(", "Duration::from_secs_f64(");
        let line = calls(&line, "args()", "std::env::args().skip(1)");
        if let Some(rest) = line.trim_start().strip_prefix("pub async fn main(") {
            if !lines.last().is_some_and(|l| l.trim_start().starts_with("#[tokio::main")) {
                lines.push(format!("{indent}#[tokio::main(flavor = \"current_thread\")]"));
            }
            lines.push(format!("{indent}async fn main({rest}"));
        } else if let Some(rest) = line.trim_start().strip_prefix("pub fn main(") {
            lines.push(format!("{indent}fn main({rest}"));
        } else {
            lines.push(line);
        }
    }
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    // `use std::time::Duration;`, unless the lesson imports it already (alone or in a group).
    let imported = |l: &String| l.starts_with("use std::time::") && l.contains("Duration");
    if lines.iter().any(|l| l.contains("Duration::")) && !lines.iter().any(imported) {
        let at = lines.iter().position(|l| l.starts_with("use ")).unwrap_or(lines.len());
        lines.insert(at, "use std::time::Duration;".to_owned());
    }
    let text = lines.join("\n") + "\n";
    for plumbing in ["lesson::", "crate::", "say!", "claim(", "claim_speedup(", "speedup("] {
        if text.contains(plumbing) {
            bail!(
                "{path}: the plain copy still has `{plumbing}`: write it so the README's table applies"
            );
        }
    }
    Ok(text)
}

/// Replace calls of the function `from` (not of `xfrom` or `x.from`) with `to`.
fn calls(line: &str, from: &str, to: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find(from) {
        let before = rest[..at].chars().next_back();
        let part_of_a_name =
            before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == ':');
        out += &rest[..at];
        out += if part_of_a_name { from } else { to };
        rest = &rest[at + from.len()..];
    }
    out + rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_applied() {
        let lesson = "\
//! # a lesson
use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::time::sleep;

pub async fn main() -> Result<()> {
    claim(1.0,
          2.0);
    sleep(secs(1.0)).await;
    speedup(secs(2.0), secs(1.0)); // measured
    let d = Duration::from_secs(1);
    say!(\"done after {:?}\", secs(0.5));
    Ok(())
}

#[cfg(test)]
mod tests {}
";
        let copy = plain(lesson, "x/src/a.rs").unwrap();
        let body: Vec<&str> = copy.lines().skip(2).collect();
        assert_eq!(
            body,
            [
                "//! # a lesson",
                "use std::time::Duration;",
                "use anyhow::Result;",
                "use tokio::time::sleep;",
                "",
                "#[tokio::main(flavor = \"current_thread\")]",
                "async fn main() -> Result<()> {",
                "    sleep(Duration::from_secs_f64(1.0)).await;",
                "    let d = Duration::from_secs(1);",
                "    println!(\"done after {:?}\", Duration::from_secs_f64(0.5));",
                "    Ok(())",
                "}",
            ]
        );
    }

    #[test]
    fn a_lesson_the_table_cannot_make_plain_is_an_error() {
        let lesson = "pub async fn main() { lesson::say_line(format_args!(\"x\")) }\n";
        let err = plain(lesson, "x/src/a.rs").unwrap_err().to_string();
        assert_eq!(
            err,
            "x/src/a.rs: the plain copy still has `lesson::`: write it so the README's table applies"
        );
    }

    #[test]
    fn measured_numbers_aside() {
        assert_eq!(numbers_aside("threads: 4 jobs in 0.054s,  1.90x"), "threads: # jobs in #, #");
        assert_eq!(numbers_aside("tasks 5 in 12µs"), numbers_aside("tasks 7 in 3ns"));
        assert_eq!(numbers_aside("no numbers"), "no numbers");
    }

    #[test]
    fn a_copy_says_how_to_run_itself() {
        let lesson = "//! # a\n//! Run it: `cargo run -p examples-x -- a-lesson`\n";
        let copy = plain(lesson, "examples-x/src/a_lesson.rs").unwrap();
        assert!(copy.contains("//! Run it: `cargo run --bin a-lesson` in target/copies"), "{copy}");
        assert!(!copy.contains("-p examples-x"), "{copy}");
    }

    #[test]
    fn a_module_of_the_lessons_crate_is_taken_along() {
        assert_eq!(taken_along("use crate::http::{Failed, shown};"), Some("http"));
        assert_eq!(taken_along("use tokio::time::sleep;"), None);
        let copy = plain("use crate::chat_clients::client;\n", "x/src/chat.rs").unwrap();
        assert!(copy.contains("mod chat_clients;\nuse self::chat_clients::client;"), "{copy}");
    }

    #[test]
    fn tokio_main_stays_as_it_is() {
        let copy = plain("#[tokio::main]\npub async fn main() {}\n", "a.rs").unwrap();
        assert!(copy.ends_with("#[tokio::main]\nasync fn main() {}\n"), "{copy}");
    }
}
