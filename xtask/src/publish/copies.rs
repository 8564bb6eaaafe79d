//! `cargo xtask copies`: every lesson as the plain tokio program a learner would
//! paste, made and checked by the steps of the README's "Copy a lesson" section and
//! nothing else:
//!
//! - the project: the `sh` lines of that section (`cargo new`, `cd`, `cargo add`),
//!   read from the README and run as they are, in a folder outside the workspace,
//!   with no lock file of ours: the versions resolve as a learner's would;
//! - each copy: the lesson with the section's table applied by [`plain`], written
//!   where the section says ([`place`]): `src/bin/NAME.rs`, or for a lesson that uses
//!   a module of its own crate (`use crate::http::..`) `src/bin/NAME/main.rs`, with
//!   that module, made plain alike, beside it;
//! - built with `cargo build --bins` (its own target folder, `target/copies/target`),
//!   not one warning allowed in our code; run, and held to the lesson's own event
//!   lines: the same lines, whose order the paused-clock tests and `compare` check.
//!
//! Copies and lessons run at scale 1, all at once: they mostly sleep, so the whole
//! takes the longest lesson. The HTTP copies and their lessons fetch the same pages
//! from one `examples-http serve`. A unit test holds the README's `cargo add`
//! versions to Cargo.lock's, and its table to the rows [`plain`] applies.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use anyhow::{Context as _, Result, bail, ensure};

use crate::lessons::{self, Lesson};
use protocol::lines::parse_event as event;

use protocol::out;

use crate::flags::Parsed;
use crate::runner::{self, Echo, Finished};
use crate::runner::{Exit, Limits};
use crate::server::LocalServer;
use crate::{schedule, signals};

/// The README's section that says how a learner makes the project and each copy.
const SECTION: &str = "## Copy a lesson";

/// The module a lesson uses from its own crate (`use crate::http::..`): its copy
/// takes it along, as a learner puts it beside their `main.rs` (examples-http's
/// `http.rs`, chat's scripted clients), with the same table applied.
fn taken_along(code: &str) -> Option<&str> {
    code.strip_prefix("use crate::")?.split("::").next()
}

pub fn copies(_: &Parsed) -> Result<ExitCode> {
    let lessons = lessons::find(None, &[])?;
    let target = lessons::target()?;
    let readme =
        std::fs::read_to_string(lessons::root().join("README.md")).context("reading README.md")?;
    let project = learner_project(&readme, lessons::root())?;
    write_copies(&project, &lessons)?;
    let built = target.join("copies/target");
    build(&project, &built)?;
    // The HTTP lessons and their copies fetch the same pages: the local server, run
    // alone as a learner runs it beside a copy (`cargo run -p examples-http -- serve`).
    let server = LocalServer::start(&target.join("debug"))?;
    // From here Ctrl-C and SIGTERM are passed on to the running copies and lessons
    // (each in a process group of its own), and the rows that finished are printed.
    signals::catch()?;

    // Every copy at once (they mostly sleep), then every lesson at once, on the seed
    // its copy drew when it drew one, so that both make the same random delays.
    let patient = Limits { deadline_extra: Duration::from_secs(30), ..Limits::default() };
    let run = |command: Command| {
        runner::run(command, &patient, Echo::No, &signals::INTERRUPTED, |_| {})
            .map_err(|err| format!("FAILED: {err:#}"))
    };
    let all = lessons.len();
    let copies = schedule::each(
        all,
        |_| false,
        all,
        |i| {
            let mut copy = Command::new(built.join("debug").join(&lessons[i].name));
            copy.args(urls_for(&server, &lessons[i]));
            run(copy)
        },
    );
    let originals = schedule::each(
        all,
        |_| false,
        all,
        |i| {
            let Some(Ok(copy)) = &copies[i] else { return Err("the copy did not run".to_owned()) };
            // At scale 1, as the copy runs: a lesson prints the durations it really waits.
            let mut args: Vec<OsString> = urls_for(&server, &lessons[i]);
            if let Some((seed, _)) = copy.stdout.iter().find_map(|l| protocol::lines::parse_seed(l))
            {
                args.extend(["--seed".into(), seed.into()]);
            }
            run(lessons[i].command(&args))
        },
    );
    drop(server);

    let (mut passed, mut failed, mut not_compared) = (0, 0, 0);
    for ((lesson, copy), original) in lessons.iter().zip(&copies).zip(&originals) {
        let verdict = match (copy, original) {
            (Some(Ok(copy)), Some(Ok(original))) if !copy.interrupted && !original.interrupted => {
                compare(copy, original)
            }
            (Some(Err(why)), _) | (_, Some(Err(why))) if !signals::interrupted() => {
                Err(why.clone())
            }
            _ => {
                not_compared += 1;
                continue;
            }
        };
        out!(
            "{:<18} {:<16} {}\n",
            lesson.name,
            lesson.krate,
            verdict.as_deref().unwrap_or_else(|e| e)
        );
        if verdict.is_ok() {
            passed += 1;
        } else {
            failed += 1;
            protocol::output::fail(1);
        }
    }
    let stopped = match not_compared {
        0 => String::new(),
        n => format!(" (stopped by a signal: {n} not compared)"),
    };
    out!(
        "\nthe plain copies are in {} (`cargo run --bin NAME` there)\n\
         copies: {passed} passed, {failed} failed{stopped}\n",
        project.join("src/bin").display(),
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

/// The `sh` block of the README's "Copy a lesson" section: its commands, each as
/// its words (`&&` splits a line, `#` starts a comment).
fn readme_steps(readme: &str) -> Result<Vec<Vec<String>>> {
    let section = readme.split_once(SECTION).context("the README has no \"Copy a lesson\"")?.1;
    let section = section.split("\n## ").next().unwrap_or(section);
    let block = section.split_once("```sh\n").context("no ```sh block in \"Copy a lesson\"")?.1;
    let block = block.split_once("```").context("an unclosed ```sh block")?.0;
    let commands = block.lines().map(|l| l.split_once('#').map_or(l, |(code, _)| code));
    let commands = commands.flat_map(|l| l.split("&&"));
    let steps: Vec<Vec<String>> = commands
        .map(|c| c.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .filter(|words| !words.is_empty())
        .collect();
    ensure!(!steps.is_empty(), "the README's ```sh block in \"Copy a lesson\" is empty");
    Ok(steps)
}

/// The learner's project: the README's steps, run as they are from an empty folder
/// outside the workspace (inside it, `cargo new` would join the workspace and its
/// lock). Returns the folder the last `cd` left.
fn learner_project(readme: &str, root: &Path) -> Result<PathBuf> {
    // One folder per checkout: two checkouts on one machine do not share it.
    let checkout = root
        .to_string_lossy()
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(0x100_0000_01b3).wrapping_add(u64::from(b)));
    let start = std::env::temp_dir().join(format!("lesson-copies-{checkout:016x}"));
    let _ = std::fs::remove_dir_all(&start);
    std::fs::create_dir_all(&start).with_context(|| format!("creating {}", start.display()))?;
    let mut here = start.clone();
    for step in readme_steps(readme)? {
        match step.iter().map(String::as_str).collect::<Vec<_>>()[..] {
            ["cd", folder] => here = here.join(folder),
            ["cargo", ..] => {
                let output = lessons::cargo()
                    .current_dir(&here)
                    .args(&step[1..])
                    .output()
                    .with_context(|| format!("running {}", step.join(" ")))?;
                ensure!(
                    output.status.success(),
                    "the README's `{}` failed:\n{}",
                    step.join(" "),
                    String::from_utf8_lossy(&output.stderr)
                );
            }
            _ => bail!("the README's `{}`: copies knows `cargo ..` and `cd ..`", step.join(" ")),
        }
    }
    ensure!(here.join("Cargo.toml").is_file(), "the README's steps leave no Cargo.toml");
    Ok(here)
}

/// Each lesson's copy in the project's `src/bin/`, as the README says.
fn write_copies(project: &Path, lessons: &[Lesson]) -> Result<()> {
    let root = lessons::root();
    let bin = project.join("src/bin");
    for lesson in lessons {
        let path = lessons::file_of(&lesson.krate, &lesson.name);
        let source =
            std::fs::read_to_string(root.join(&path)).with_context(|| format!("reading {path}"))?;
        let along: Vec<&str> = source.lines().filter_map(taken_along).collect();
        let file = if along.is_empty() {
            bin.join(format!("{}.rs", lesson.name))
        } else {
            bin.join(&lesson.name).join("main.rs")
        };
        let folder = file.parent().context("a copy has a folder")?;
        std::fs::create_dir_all(folder)
            .with_context(|| format!("creating {}", folder.display()))?;
        for module in along {
            let along = format!("{}/src/{module}.rs", lesson.krate);
            let text = std::fs::read_to_string(root.join(&along))
                .with_context(|| format!("reading {along}"))?;
            std::fs::write(folder.join(format!("{module}.rs")), plain(&text, &along)?)
                .with_context(|| format!("writing the copy of {along}"))?;
        }
        std::fs::write(&file, plain(&source, &path)?)
            .with_context(|| format!("writing {}", file.display()))?;
    }
    Ok(())
}

/// `cargo build --bins` in the project, into `target`, which outlives the project:
/// the dependencies build once, not on every run.
fn build(project: &Path, target: &Path) -> Result<()> {
    protocol::warn!(
        "building the copies in {} (the first time takes a minute or two)",
        project.display()
    );
    let output = lessons::cargo()
        .current_dir(project)
        .args(["build", "--bins", "--color", "never", "--target-dir"])
        .arg(target)
        .output()
        .context("running cargo build for the copies")?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    ensure!(output.status.success(), "the copies do not build:\n{stderr}");
    // A copy is what a learner pastes: it must build without a single warning
    // (cargo shows none of the dependencies' own).
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning")).collect();
    ensure!(warnings.is_empty(), "the copies build with warnings:\n{stderr}");
    Ok(())
}

/// Where the copy of lesson `name`, whose source is `source`, goes in the learner's
/// project, as the README says: `src/bin/NAME.rs`, or for a lesson that takes a
/// module of its crate along, `src/bin/NAME/main.rs` with the module beside it.
pub fn place(source: &str, name: &str) -> String {
    let along: Vec<String> =
        source.lines().filter_map(taken_along).map(|m| format!("`{m}.rs`")).collect();
    if along.is_empty() {
        format!("`src/bin/{name}.rs`")
    } else {
        format!("`src/bin/{name}/main.rs` ({} beside it)", along.join(" and "))
    }
}

/// The lesson at `path` as a plain program.
pub fn plain(source: &str, path: &str) -> Result<String> {
    let mut lines = vec![
        format!(
            "// {path} with the README's \"Copy a lesson\" table applied (`cargo xtask copies`)."
        ),
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
            // The lesson's own arguments, as in `cargo run -p examples-x -- NAME [URL...]`.
            let given = code.split('`').nth(1).and_then(|c| c.split_once(&format!(" {name}")));
            let given = given.map_or("", |(_, rest)| rest.trim());
            let command = match given {
                "" => format!("cargo run --bin {name}"),
                given => format!("cargo run --bin {name} -- {given}"),
            };
            lines.push(format!("//! Run it: `{command}`,"));
            lines.push(format!("//! with this file as {}", place(source, &name)));
            lines.push("//! in the project of the README's \"Copy a lesson\".".to_owned());
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
            // The module beside it: `crate::http` is then the program's own module.
            lines.push(format!("mod {module};"));
        }
        let line = line.replace("say!(", "println!(");
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
    for plumbing in ["lesson::", "say!", "claim(", "claim_speedup(", "speedup("] {
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
        let run = "//! Run it: `cargo run --bin a-lesson`,\n//! with this file as `src/bin/a-lesson.rs`\n\
                   //! in the project of the README's \"Copy a lesson\".";
        assert!(copy.contains(run), "{copy}");
        let lesson =
            "//! Run it: `cargo run -p examples-x -- a-lesson [URL...]`\nuse crate::http::x;\n";
        let copy = plain(lesson, "examples-x/src/a_lesson.rs").unwrap();
        let run = "//! Run it: `cargo run --bin a-lesson -- [URL...]`,\n\
                   //! with this file as `src/bin/a-lesson/main.rs` (`http.rs` beside it)\n";
        assert!(copy.contains(run), "{copy}");
        assert!(!copy.contains("-p examples-x"), "{copy}");
    }

    #[test]
    fn a_module_of_the_lessons_crate_is_taken_along() {
        assert_eq!(taken_along("use crate::http::{Failed, shown};"), Some("http"));
        assert_eq!(taken_along("use tokio::time::sleep;"), None);
        let copy = plain("use crate::chat_clients::client;\n", "x/src/chat.rs").unwrap();
        assert!(copy.contains("mod chat_clients;\nuse crate::chat_clients::client;"), "{copy}");
    }

    #[test]
    fn tokio_main_stays_as_it_is() {
        let copy = plain("#[tokio::main]\npub async fn main() {}\n", "a.rs").unwrap();
        assert!(copy.ends_with("#[tokio::main]\nasync fn main() {}\n"), "{copy}");
    }

    /// The README's table, row by row: what a lesson names, and what a plain program
    /// has instead: what [`plain`] applies.
    const TABLE: [(&str, &str); 7] = [
        ("`say!(\"{id} done\")` (`println!` with a time stamp)", "`println!(\"{id} done\")`"),
        (
            "`secs(0.5)` (lesson seconds, times `--scale`)",
            "`Duration::from_secs_f64(0.5)`, and `use std::time::Duration;` at the top",
        ),
        ("`claim(3.0, 6.0);` (and `claim_speedup(..);`, `speedup(..);`)", "delete the statement"),
        ("`args()` (the lesson's own arguments)", "`std::env::args().skip(1)`"),
        ("`use lesson::..;`, `#[cfg(test)] mod tests { .. }`", "delete them"),
        (
            "`pub async fn main()` (`pub fn main()`)",
            "`#[tokio::main(flavor = \"current_thread\")] async fn main()` (`fn main()`), \
             unless it has a `#[tokio::main]` already",
        ),
        (
            "`use crate::http::..;` (a module of the lesson's crate)",
            "`mod http;` above it, and `http.rs`, the table applied, beside the copy",
        ),
    ];

    #[test]
    fn the_readme_shows_the_table_plain_applies() {
        let readme = std::fs::read_to_string(lessons::root().join("README.md")).expect("README");
        let section = readme.split_once(SECTION).expect("a Copy a lesson section").1;
        for (lesson, program) in TABLE {
            let row = format!("| {lesson} | {program} |");
            assert!(section.lines().any(|l| l == row), "the README lacks the row\n{row}");
        }
        let rows = section.lines().take_while(|l| !l.starts_with("```"));
        assert_eq!(rows.filter(|l| l.starts_with("| `")).count(), TABLE.len());
    }

    #[test]
    fn the_readme_pins_the_versions_of_cargo_lock() {
        let root = lessons::root();
        let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
        let lock = std::fs::read_to_string(root.join("Cargo.lock")).expect("Cargo.lock");
        let locked = |name: &str| -> Vec<String> {
            let mut lines = lock.lines();
            let mut versions = Vec::new();
            while let Some(line) = lines.next() {
                if line == format!("name = \"{name}\"") {
                    let version = lines.next().and_then(|l| l.strip_prefix("version = \""));
                    versions.extend(version.map(|v| v.trim_end_matches('"').to_owned()));
                }
            }
            versions
        };
        let mut added = 0;
        for step in readme_steps(&readme).expect("the README's steps") {
            let ["cargo", "add", ..] = [step[0].as_str(), step.get(1).map_or("", String::as_str)]
            else {
                continue;
            };
            for spec in step[2..].iter().take_while(|w| !w.starts_with("--")) {
                let (name, version) = spec.split_once('@').expect("every crate with @version");
                let versions = locked(name);
                // `=0.23.46` and `1.0.104` name the locked version; `~1.1`, a prefix of it.
                let matches = |v: &String| match version.strip_prefix('~') {
                    Some(prefix) => v.starts_with(&format!("{prefix}.")),
                    None => v == version.trim_start_matches('='),
                };
                assert!(versions.iter().any(matches), "{spec}: Cargo.lock has {name} {versions:?}");
                added += 1;
            }
        }
        assert!(added >= 13, "{added} crates in the README's cargo add lines");
    }

    #[test]
    fn the_readme_asks_for_no_feature_the_workspace_does_not_build() {
        let root = lessons::root();
        let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
        let manifests: String = ["Cargo.toml", "examples-http/Cargo.toml"]
            .map(|m| std::fs::read_to_string(root.join(m)).expect("a Cargo.toml"))
            .concat();
        for step in readme_steps(&readme).expect("the README's steps") {
            if step.get(1).map(String::as_str) != Some("add") {
                continue;
            }
            let names = step[2..].iter().take_while(|w| !w.starts_with("--"));
            let names: Vec<&str> = names.map(|w| w.split('@').next().unwrap_or(w)).collect();
            let no_default = step.iter().any(|w| w == "--no-default-features");
            let at = step.iter().position(|w| w == "--features");
            let asked: Vec<&str> = at.map_or(vec![], |at| step[at + 1].split(',').collect());
            for name in names {
                let line = manifests.lines().find(|l| l.starts_with(&format!("{name} = ")));
                let line = line.unwrap_or_else(|| panic!("{name}: in no Cargo.toml of ours"));
                let features = line.split_once("features = [").map_or("", |(_, f)| f);
                let features = features.split(']').next().unwrap_or("");
                let built: Vec<&str> =
                    features.split(',').map(|f| f.trim().trim_matches('"')).collect();
                // No more than the lessons build (hyper's server half is for the local
                // server, not a copy); too few, and `cargo xtask copies` does not build.
                let extra: Vec<&&str> = asked.iter().filter(|f| !built.contains(f)).collect();
                assert!(extra.is_empty(), "{name}: the README asks for {extra:?} too");
                let ours = line.contains("default-features = false");
                assert_eq!(no_default, ours, "{name}: --no-default-features");
            }
        }
    }

    #[test]
    fn the_steps_are_the_sh_block_of_the_section() {
        let readme = "## Copy a lesson\n\ntext\n```sh\ncargo new x && cd x\n# a comment\n\
                      cargo add a@1 --features b   # why\n```\n## Next\n```sh\nrm -rf /\n```\n";
        let steps = readme_steps(readme).unwrap();
        let words: Vec<Vec<&str>> =
            steps.iter().map(|s| s.iter().map(String::as_str).collect()).collect();
        assert_eq!(
            words,
            [
                vec!["cargo", "new", "x"],
                vec!["cd", "x"],
                vec!["cargo", "add", "a@1", "--features", "b"]
            ]
        );
    }
}
