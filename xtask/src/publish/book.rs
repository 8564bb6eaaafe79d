//! `cargo xtask book [--open] [--check]`: the course as a book, built with mdBook.
//!
//! Nothing on its pages is pasted by hand. Each lesson, in the course's order
//! (`course.txt`), has a page in the order a reader needs it: its header's prose
//! (the `//!` lines) about the asyncio program and what you will see; the timeline of
//! a run at `--scale 0.1` (timeline.rs), inline so that its marks show their lines on
//! hover; the plain program that `copies` writes beside the plain asyncio program
//! (twins/plain.rs makes it from the twin, and the book runs it and holds it to the
//! twin's lines); the two runs' lines side by side, as `compare` pairs them; the
//! rest of the header's prose and the differences the twin declares; the commands.
//! A header paragraph is shown once, and no code block holds one. Then a page per
//! part; docs/start.md, with the course's parts, as the front page; the README's map
//! with docs/asyncio-beside-tokio.md as the map; docs/claims.md with the README's two
//! commands and how to copy a lesson as the appendix. The Markdown goes to
//! `target/book/src`, and `mdbook build` (when mdBook is on the PATH) makes
//! `target/book/book`, which `--check` opens page by page in a headless Chromium
//! (check.rs).

mod check;
mod refused;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};

use protocol::{out, warn};

use crate::flags::Parsed;
use crate::lessons::{self, Lesson};
use crate::runner::{self, Echo, Finished};
use crate::runner::{Exit, Limits};
use crate::twins::compare::{self, Declared, Twin};
use crate::twins::{plain, timeline};
use crate::{python, schedule, signals};

/// Every run in the book is at a tenth of the lessons' delays.
const SCALE: &str = "0.1";

/// What one lesson's page shows of its runs.
struct Ran {
    /// The lesson's own run: its stdout is the page's output.
    output: Result<Finished, String>,
    twin: Twin,
    /// The twin's run beside it, or why it was not run.
    twin_run: Result<Finished, String>,
    /// The twin as the plain asyncio program, or why the table cannot make it one.
    plain: Result<String, String>,
    svg: Result<String, String>,
    /// The programs the lesson shows the compiler refusing, each with rustc's errors.
    refused: Vec<refused::Refused>,
    /// What went wrong: a run that failed, a timeline not drawn, a twin missing.
    problems: Vec<String>,
}

impl Ran {
    /// A lesson a signal kept from running.
    fn not_run() -> Self {
        let why = || "not run: stopped by a signal".to_owned();
        Self {
            output: Err(why()),
            twin: Twin::NoneBecause(why()),
            twin_run: Err(why()),
            plain: Err(why()),
            svg: Err(why()),
            refused: Vec::new(),
            problems: vec![why()],
        }
    }

    /// What the twin declares different, from its run.
    fn declared(&self) -> Declared {
        self.twin_run.as_ref().map(|run| Declared::parse(&run.stdout)).unwrap_or_default()
    }
}

pub fn book(parsed: &Parsed) -> Result<ExitCode> {
    let (open, check) = (parsed.switch("open"), parsed.switch("check"));
    let mdbook = answers(Command::new("mdbook").arg("--version"));
    // What the check needs, before the minute of runs.
    let browser = if check {
        if !mdbook {
            bail!("the check needs mdBook on the PATH: `cargo install mdbook --locked`");
        }
        Some(check::chromium()?)
    } else {
        None
    };
    let scale: Vec<OsString> = vec!["--scale".into(), SCALE.into()];
    let lessons = lessons::find(None, &scale)?;
    let folder = lessons::target()?.join("book");
    // Before the minute of runs: a folder that cannot be written would lose them all.
    let probe = folder.join("src/.written");
    std::fs::create_dir_all(folder.join("src"))
        .and_then(|()| std::fs::write(&probe, ""))
        .and_then(|()| std::fs::remove_file(&probe))
        .with_context(|| format!("writing in {}", folder.display()))?;
    let plain = folder.join("plain");
    std::fs::create_dir_all(&plain).with_context(|| format!("creating {}", plain.display()))?;
    signals::catch()?;

    let started = Instant::now();
    let deps = lessons::target_debug()?.join("deps");
    let runs = run_lessons(&lessons, &scale, &plain, &deps);
    if signals::interrupted() {
        return Ok(ExitCode::from(signals::interrupted_status()));
    }
    let mut problems = write(&folder, &lessons, &runs)?;
    let ran = started.elapsed();
    if !mdbook {
        // No book left from an older build, to be taken for this one.
        let _ = std::fs::remove_dir_all(folder.join("book"));
        out!(
            "the book's Markdown is in {}; to build it, get mdBook (`cargo install mdbook \
             --locked`) and run this again\n",
            folder.join("src").display()
        );
    } else {
        let built = Command::new("mdbook")
            .arg("build")
            .arg(&folder)
            .output()
            .context("running mdbook build")?;
        if !built.status.success() {
            bail!("mdbook build failed:\n{}", String::from_utf8_lossy(&built.stderr).trim_end());
        }
        out!(
            "the book: {} lessons in {:.0} s (their runs {:.0} s): {}\n",
            lessons.len(),
            started.elapsed().as_secs_f64(),
            ran.as_secs_f64(),
            folder.join("book/index.html").display()
        );
    }
    if let Some(browser) = browser {
        let mut pages = Vec::new();
        for (lesson, ran) in lessons.iter().zip(&runs) {
            pages.push(check::LessonPage {
                name: lesson.name.clone(),
                twin: matches!(ran.twin, Twin::Script(_)),
                twin_ran: ran.twin_run.is_ok(),
                plain: ran.plain.is_ok(),
                refused: ran.refused.iter().map(|r| r.file.clone()).collect(),
                summary: summary_probe(&Header::parse(&source(lesson)?.1)),
            });
        }
        problems.extend(check::check(&browser, &folder.join("book"), &pages)?);
    }
    if open && mdbook {
        open_in_browser(&folder.join("book/index.html"));
    }
    for problem in &problems {
        protocol::output::fail(1);
        out!("book: {problem}\n");
    }
    Ok(ExitCode::from(protocol::output::status()))
}

/// Whether `command` runs and exits 0: a tool on the PATH.
fn answers(command: &mut Command) -> bool {
    command.output().is_ok_and(|output| output.status.success())
}

/// How many lessons the book runs at once: each runs the lesson, its twin, then both
/// again for the timeline, so fewer than run-all's all at once.
const AT_ONCE: usize = 8;

/// Run every lesson, its twin and its timeline, as run-all does (see
/// [`schedule::each`]). Runs come back in the lessons' order.
fn run_lessons(lessons: &[Lesson], scale: &[OsString], plain: &Path, deps: &Path) -> Vec<Ran> {
    let python = python::python3().is_some();
    let done = AtomicUsize::new(0);
    warn!(
        "running each lesson, its twin and its timeline at --scale {SCALE}{}",
        if python { String::new() } else { format!(" ({}: no twin runs)", python::MISSING) }
    );
    let runs = schedule::each(
        lessons.len(),
        |i| lessons[i].alone,
        AT_ONCE,
        |i| {
            let ran = run_lesson(&lessons[i], scale, python, plain, deps);
            let n = done.fetch_add(1, Ordering::SeqCst) + 1;
            warn!("[{n}/{}] {}", lessons.len(), lessons[i].name);
            ran
        },
    );
    runs.into_iter().map(|ran| ran.unwrap_or_else(Ran::not_run)).collect()
}

fn run_lesson(lesson: &Lesson, scale: &[OsString], python: bool, plain: &Path, deps: &Path) -> Ran {
    let limits = Limits::default();
    let run = |command, limits: &Limits| {
        let finished = runner::run(command, limits, Echo::No, &signals::INTERRUPTED, |_| {});
        let finished = finished.map_err(|err| format!("{err:#}"))?;
        match finished.exit {
            Exit::Code(0) => Ok(finished),
            ref exit => {
                let last = finished.stderr.lines().last().unwrap_or("").to_owned();
                Err(format!("it ended with {exit:?}: {last}"))
            }
        }
    };
    let name = &lesson.name;
    // What went wrong: not a missing python3, nor a twin not run after its lesson failed.
    let mut problems = Vec::new();
    let mut problem = |why: String| {
        problems.push(why.clone());
        why
    };
    let output =
        run(lesson.command(scale), &limits).map_err(|err| problem(format!("{name}: {err}")));
    let twin = match compare::twin(name) {
        Ok(twin) => twin,
        Err(err) => Twin::NoneBecause(problem(format!("{name}: {err:#}"))),
    };
    let twin_run = match (&twin, &output) {
        (Twin::Script(_), _) if !python => {
            Err(format!("the twin was not run: {}", python::MISSING))
        }
        (Twin::Script(script), Ok(ran)) => {
            match run(compare::twin_command(script, scale, &ran.stdout), &limits) {
                // A twin that cannot run here (aiohttp missing): not run, not failed.
                Ok(twin) => match compare::not_run(&twin.stdout) {
                    Some(why) => Err(format!("the twin was not run: {why}")),
                    None => Ok(twin),
                },
                Err(err) => Err(problem(format!("{name}'s twin failed: {err}"))),
            }
        }
        (Twin::Script(_), Err(_)) => {
            Err("the twin was not run: the lesson's own run failed".to_owned())
        }
        (Twin::NoneBecause(why), _) => Err(why.clone()),
        (Twin::Missing, _) => Err(problem(format!(
            "{name} has no python/{}.py and no line in python/no-twin.txt",
            name.replace('-', "_")
        ))),
    };
    // The plain twin, made by rote, must run (at scale 1: it has no --scale) and
    // print the twin's events, as `copies` holds the plain tokio program to its lesson.
    let plain_twin = match &twin {
        Twin::Script(script) => std::fs::read_to_string(script)
            .map_err(|err| format!("reading {}: {err}", script.display()))
            .and_then(|text| plain::plain(&text).map_err(|err| format!("{err:#}"))),
        _ => Err("no twin".to_owned()),
    };
    if let (Ok(program), Ok(twin_ran)) = (&plain_twin, &twin_run) {
        let file = plain.join(format!("{}.py", name.replace('-', "_")));
        let patient = Limits { deadline_extra: Duration::from_secs(60), ..Limits::default() };
        let checked = std::fs::write(&file, program)
            .map_err(|err| format!("writing {}: {err}", file.display()))
            .and_then(|()| {
                // The seed and delays the lesson drew, as the twin was given them, and
                // the HTTP twins' helpers (python/lesson_http.py) beside it.
                let mut command = compare::twin_command(&file, &[], &twin_ran.stdout);
                command.env("PYTHONPATH", lessons::root().join("python"));
                run(command, &patient)
            })
            .and_then(|ran| super::copies::compare(&ran, twin_ran));
        if let Err(err) = checked {
            problem(format!("{name}'s plain twin: {err}"));
        }
    }
    let svg =
        timeline::svg(lesson, SCALE).map_err(|err| problem(format!("{name}'s timeline: {err:#}")));
    // The programs its header names the compiler refusing, compiled again.
    let refused = source(lesson)
        .map_err(|err| format!("{err:#}"))
        .and_then(|(_, text)| {
            refused::refused(lessons::root(), &lesson.krate, &text, deps)
                .map_err(|err| format!("{err:#}"))
        })
        .unwrap_or_else(|err| {
            problem(format!("{name}'s refused programs: {err}"));
            Vec::new()
        });
    Ran { output, twin, twin_run, plain: plain_twin, svg, refused, problems }
}

/// Write the book's Markdown, its SVGs and its `book.toml` under `folder`; what
/// went wrong on the way (a run that failed, a timeline not drawn) is returned.
fn write(folder: &Path, lessons: &[Lesson], runs: &[Ran]) -> Result<Vec<String>> {
    let src = folder.join("src");
    let _ = std::fs::remove_dir_all(&src);
    std::fs::create_dir_all(&src).with_context(|| format!("creating {}", src.display()))?;
    let root = lessons::root();
    let read = |path: &str| {
        std::fs::read_to_string(root.join(path)).with_context(|| format!("reading {path}"))
    };
    let readme = read("README.md")?;
    let title = readme.lines().next().and_then(|l| l.strip_prefix("# ")).unwrap_or("The book");
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    let names: Vec<&str> = lessons.iter().map(|l| l.name.as_str()).collect();
    let page = |path: &str, text: &str| {
        std::fs::write(src.join(path), text).with_context(|| format!("writing {path}"))
    };
    page(
        "../book.toml",
        &format!(
            "# Written by `cargo xtask book`.\n[book]\ntitle = \"{title}\"\nlanguage = \"en\"\n\n\
             [output.html]\nadditional-css = [\"lesson.css\"]\n\n\
             [output.html.playground]\n# The lessons need tokio and a second terminal: run \
             them here, not on the playground.\nrunnable = false\n"
        ),
    )?;

    page("../lesson.css", LESSON_CSS)?;

    let course = protocol::course::lessons();
    let part_of = |name: &str| course.iter().find(|e| e.name == name).map_or("", |e| e.part);

    // The front page: docs/start.md (where to start, what the words mean), with the
    // course's parts, each with its first lesson, where it says `<!-- parts -->`.
    let mut parts_list =
        String::from("## The parts of the course\n\nEach a sitting, in this order:\n\n");
    let mut part_number = 0;
    for (i, lesson) in lessons.iter().enumerate() {
        let part = part_of(&lesson.name);
        if i == 0 || part != part_of(&lessons[i - 1].name) {
            part_number += 1;
            let count = lessons.iter().filter(|l| part_of(&l.name) == part).count();
            let _ = writeln!(
                parts_list,
                "{part_number}. [{part}](part-{part_number}.md): {count} lessons, starting \
                 with [`{0}`]({0}.md), {1}",
                lesson.name, lesson.about
            );
        }
    }
    let start = read("docs/start.md")?;
    if !start.contains("<!-- parts -->") {
        bail!("docs/start.md has no `<!-- parts -->` line for the course's parts");
    }
    // Its links relinked first: the parts' are the book's own already.
    let start = relink(&start, "docs", &names).replace("<!-- parts -->", &parts_list);
    page("introduction.md", &start)?;

    // The appendix: how the claims are checked (docs/claims.md), then the README's
    // two commands (up to the end of their block: what follows is a run pasted in)
    // and how to copy a lesson (what each page's plain program is).
    let two = section(&readme, "Two commands").context("README.md has no `## Two commands`")?;
    let two = two.match_indices("```").nth(1).map_or(two.as_str(), |(end, _)| &two[..end + 3]);
    let copy = section(&readme, "Copy a lesson").context("README.md has no `## Copy a lesson`")?;
    let appendix = format!(
        "{}\n## Two commands\n{}\n\n## Copy a lesson\n{}",
        relink(&read("docs/claims.md")?, "docs", &names),
        relink(two, "", &names),
        relink(&copy, "", &names),
    );
    page("appendix.md", &appendix)?;

    let map = section(&readme, "From asyncio to tokio")
        .context("README.md has no `## From asyncio to tokio`")?;
    let map = format!(
        "# From asyncio to tokio\n{}\n{}",
        relink(&linked_lesson_column(&map, &names), "", &names),
        relink(&demoted(&read("docs/asyncio-beside-tokio.md")?), "docs", &names)
    );
    page("asyncio-to-tokio.md", &map)?;

    let mut summary = String::from(
        "# Summary\n\n[Start here](introduction.md)\n[From asyncio to tokio](asyncio-to-tokio.md)\n\n",
    );
    let mut problems = Vec::new();
    let mut parts = 0;
    let mut part_page = String::new();
    for (i, (lesson, ran)) in lessons.iter().zip(runs).enumerate() {
        let part = part_of(&lesson.name);
        if i == 0 || part != part_of(&lessons[i - 1].name) {
            if parts > 0 {
                let previous = part_of(&lessons[i - 1].name);
                part_page += &crate::learn::markdown_for_part(previous)?;
                page(&format!("part-{parts}.md"), &part_page)?;
            }
            parts += 1;
            let _ = writeln!(summary, "- [{part}](part-{parts}.md)");
            part_page =
                format!("# {part}\n\nThe lessons of this part, in the order to read them:\n\n");
        }
        let _ = writeln!(summary, "    - [{0}]({0}.md)", lesson.name);
        let _ = writeln!(
            part_page,
            "1. [`{0}`]({0}.md): {1} (`{2}`)",
            lesson.name, lesson.about, lesson.krate
        );
        page(&format!("{}.md", lesson.name), &lesson_page(lesson, ran, &names)?)?;
        problems.extend(ran.problems.iter().cloned());
    }
    if let Some(last) = lessons.last().filter(|_| parts > 0) {
        part_page += &crate::learn::markdown_for_part(part_of(&last.name))?;
        page(&format!("part-{parts}.md"), &part_page)?;
    }
    summary += "\n[Appendix: how the claims are checked](appendix.md)\n";
    page("SUMMARY.md", &summary)?;
    Ok(problems)
}

/// A lesson's header (its `//!` lines) in the parts a page shows apart, each once.
#[derive(Debug, Default, PartialEq)]
struct Header {
    /// The `# name: what it shows` line, without its `# `.
    title: String,
    /// What the asyncio program does, and what you will see: the page's opening.
    summary: Vec<String>,
    /// How the Rust does it, and where it differs: after the run.
    rust: Vec<String>,
    /// `Run it: ...` and the twin's command: the page's end.
    run: Vec<String>,
}

impl Header {
    fn parse(source: &str) -> Self {
        let mut text = String::new();
        for line in source.lines().map_while(|l| l.strip_prefix("//!")) {
            text += line.strip_prefix(' ').unwrap_or(line);
            text.push('\n');
        }
        let mut header = Self::default();
        let mut paragraphs: Vec<String> = Vec::new();
        // Paragraphs: blank lines part them, except inside a code block.
        let mut in_code = false;
        let mut current = String::new();
        for line in text.lines() {
            in_code ^= line.starts_with("```");
            if line.trim().is_empty() && !in_code {
                if !current.is_empty() {
                    paragraphs.push(std::mem::take(&mut current));
                }
                continue;
            }
            current += line;
            current.push('\n');
        }
        if !current.is_empty() {
            paragraphs.push(current);
        }
        let mut prose = paragraphs.into_iter().peekable();
        if let Some(first) = prose.next_if(|p| p.starts_with("# ")) {
            header.title = first.trim_start_matches("# ").trim_end().to_owned();
        }
        let mut asyncio = None;
        for paragraph in prose {
            if paragraph.starts_with("Run it") || paragraph.starts_with("Its asyncio twin") {
                header.run.push(paragraph);
            } else if paragraph.starts_with("You will see") {
                header.summary.push(paragraph);
            } else if asyncio.is_none()
                && (paragraph.starts_with("The asyncio program")
                    || paragraph.starts_with("The Python program"))
            {
                asyncio = Some(header.rust.len());
                header.summary.push(paragraph);
            } else {
                header.rust.push(paragraph);
            }
        }
        // No "The asyncio program" paragraph: the first of the prose opens the page.
        if asyncio.is_none() && !header.rust.is_empty() {
            header.summary.insert(0, header.rust.remove(0));
        }
        header
    }
}

/// A lesson's file, from the workspace's root, and its text.
fn source(lesson: &Lesson) -> Result<(String, String)> {
    let path = lessons::file_of(&lesson.krate, &lesson.name);
    let text = std::fs::read_to_string(lessons::root().join(&path))
        .with_context(|| format!("reading {path}"))?;
    Ok((path, text))
}

/// The start of a summary as a browser shows its text (no backticks, one space
/// between words), up to the first link or emphasis: what the check looks for.
fn summary_probe(header: &Header) -> String {
    let first = header.summary.first().map_or("", String::as_str).replace('`', "");
    let first = first.split(['[', '*', '_']).next().unwrap_or("");
    let words: Vec<&str> = first.split_whitespace().take(8).collect();
    words.join(" ")
}

/// A lesson's page, in the order a reader needs it: what it does and what you will
/// see; the timeline of a run; the two programs side by side; the two outputs side
/// by side; what differs and why; the commands.
fn lesson_page(lesson: &Lesson, ran: &Ran, names: &[&str]) -> Result<String> {
    let name = &lesson.name;
    let (path, source) = source(lesson)?;
    let header = Header::parse(&source);
    let from = format!("{}/src", lesson.krate);
    let prose = |paragraphs: &[String]| relink(&paragraphs.join("\n"), &from, names);
    let title = if header.title.is_empty() { name.clone() } else { header.title.clone() };
    let mut text = format!("# {title}\n\n{}\n", prose(&header.summary));

    match &ran.svg {
        Ok(svg) => {
            let _ = write!(
                text,
                "<figure class=\"timeline\">\n{}<figcaption>A run at <code>--scale {SCALE}</code>: \
                 tokio above, asyncio below, one time axis. <code>cargo xtask timeline {name}</code> \
                 draws it.</figcaption>\n</figure>\n\n",
                svg.trim_end()
            );
        }
        Err(err) => {
            let _ = writeln!(text, "The timeline was not drawn: {err}\n");
        }
    }

    let plain = without_header(&super::copies::plain(&source, &path)?);
    let file = match &ran.twin {
        Twin::Script(script) => {
            script.file_name().map_or(String::new(), |f| f.to_string_lossy().into_owned())
        }
        _ => String::new(),
    };
    text += "## The two programs\n\n<div class=\"twins\">\n<div class=\"rust\">\n\n";
    let _ = write!(
        text,
        "**tokio**: `{path}`, plain (as `cargo xtask copies` writes it)\n\n{}\n</div>\n\
         <div class=\"asyncio\">\n\n",
        fenced("rust", &plain)
    );
    match (&ran.twin, &ran.plain) {
        (Twin::Script(_), Ok(program)) => {
            let helpers = if program.contains("from lesson_http import") {
                ", with the HTTP twins' helpers `python/lesson_http.py` beside it, as the \
                 tokio one has `http.rs`"
            } else {
                ""
            };
            let _ = write!(
                text,
                "**asyncio**: `python/{file}`, plain (`print`, seconds, `asyncio.run`){helpers}\n\n{}",
                fenced("python", program)
            );
        }
        (Twin::Script(script), Err(why)) => {
            // Not plain by rote: the twin as it is, less its docstring.
            let twin = std::fs::read_to_string(script)
                .with_context(|| format!("reading {}", script.display()))?;
            let _ = write!(
                text,
                "**asyncio**: `python/{file}` as it is: {why}, so the table cannot make it \
                 plain\n\n{}",
                fenced("python", plain::without_docstring(&twin).trim_start_matches('\n'))
            );
        }
        (Twin::NoneBecause(why), _) => {
            let _ = writeln!(text, "**asyncio**: no twin: {why}.");
        }
        (Twin::Missing, _) => {
            let _ = writeln!(
                text,
                "**asyncio**: no twin, and no line in `python/no-twin.txt` says why."
            );
        }
    }
    text += "\n</div>\n</div>\n\n";

    let _ = write!(
        text,
        "## A run, side by side\n\nWhat the two printed when this book was built, at \
         `--scale {SCALE}` (every delay a tenth of the program's), each event beside its \
         twin's as `cargo xtask compare {name}` pairs them.\n\n"
    );
    let declared = ran.declared();
    match &ran.output {
        Ok(finished) => text += &run_table(&finished.stdout, ran.twin_run.as_ref().ok(), &declared),
        Err(err) => {
            let _ = writeln!(text, "The run failed: {err}");
        }
    }
    if let (Ok(_), Err(why)) = (&ran.output, &ran.twin_run) {
        let _ = writeln!(text, "\nNo asyncio column: {why}.");
    }

    text += "\n## What differs, and why\n\n";
    if !header.rust.is_empty() {
        text += &prose(&header.rust);
        text.push('\n');
    }
    match (&ran.twin, &ran.twin_run) {
        (_, Ok(_)) if declared.events.is_empty() && declared.work.is_empty() => {
            let _ = writeln!(
                text,
                "In the run, nowhere: the twin declares no difference, so `cargo xtask compare \
                 {name}` holds every event of the two runs to the same place."
            );
        }
        (_, Ok(_)) => {
            text += "In the run, as the twin declares it (its `difference` lines, which `cargo \
                     xtask compare` reads; orange in the timeline, `~` beside the output):\n\n\
                     | where | how |\n|---|---|\n";
            for (prefix, why) in &declared.events {
                let _ = writeln!(
                    text,
                    "| the events that start with `{}` | {} |",
                    cell(prefix),
                    cell(why)
                );
            }
            for how in &declared.work {
                let _ = writeln!(text, "| the work | {} |", cell(how));
            }
        }
        (Twin::Script(_), Err(why)) => {
            let _ = writeln!(text, "No differences to show: {why}.");
        }
        (Twin::NoneBecause(_), Err(_)) => text += "There is no twin to differ.\n",
        (Twin::Missing, Err(why)) => {
            let _ = writeln!(text, "There is no twin: {why}.");
        }
    }

    if !ran.refused.is_empty() {
        let _ = write!(
            text,
            "\n## What the compiler refuses\n\nEach program below is compiled when this book \
             is built, and still refused, with these words (`cargo test -p {} --test \
             wont_compile` checks them too).\n",
            lesson.krate
        );
        for program in &ran.refused {
            let about: Vec<&str> =
                program.source.lines().map_while(|l| l.strip_prefix("//! ")).take(1).collect();
            let _ = write!(
                text,
                "\n### `{}`\n\n{}\n\n{}\nrustc says:\n\n{}",
                program.file,
                about.join(" "),
                fenced("rust", &without_header(&program.source)),
                fenced("text", &program.errors)
            );
        }
    }

    text += "\n## Run it\n\n";
    if !header.run.is_empty() {
        text += &prose(&header.run);
        text.push('\n');
    }
    let _ = writeln!(
        text,
        "The plain program above is the lesson with its helpers (`say!`, `secs`, `claim`) \
         replaced by rote and its test left out, as the README's \
         [Copy a lesson](introduction.md) says: in the project made there it is {}, and \
         `cargo run --bin {name}` runs it (`cargo xtask copies` checks exactly that). The \
         plain asyncio program is the twin with `say`, `secs`, `claim` and `lesson.run` \
         replaced alike.",
        super::copies::place(&source, name)
    );
    Ok(text)
}

/// The two runs' lines in a table, each event beside its twin's as `compare` pairs
/// them (its alignment): `~` for an event the twin declares different, `≠` for one
/// out of place; the lines before and after the events (the claim, `took`) on rows
/// of their own.
fn run_table(rust: &[String], twin: Option<&Finished>, declared: &Declared) -> String {
    let others = |lines: &[String], before: bool| -> Vec<String> {
        let first = lines.iter().position(|l| protocol::lines::parse_event(l).is_some());
        let last = lines.iter().rposition(|l| protocol::lines::parse_event(l).is_some());
        let kept = |i: usize, line: &String| {
            let not_event =
                protocol::lines::parse_event(line).is_none() && !line.starts_with("difference ");
            let place = match (first, last) {
                (Some(first), _) if before => i < first,
                (_, Some(last)) if !before => i > last,
                (None, _) => before,
                _ => false,
            };
            not_event && place
        };
        lines.iter().enumerate().filter(|(i, l)| kept(*i, l)).map(|(_, l)| l.clone()).collect()
    };
    let code = |line: &str| format!("<code>{}</code>", html(line));
    let stamped = |event: Option<&compare::Event>| {
        event.map_or(String::new(), |(at, text)| code(&protocol::lines::event(*at, text)))
    };
    let mut table = String::from("<table class=\"run\">\n<thead><tr><th>tokio</th><th></th>");
    table += if twin.is_some() { "<th>asyncio</th></tr></thead>\n" } else { "</tr></thead>\n" };
    let twin_lines = twin.map_or(&[][..], |t| t.stdout.as_slice());
    let row = |table: &mut String, left: String, mark: &str, right: String| {
        let _ = write!(table, "<tr><td>{left}</td><td class=\"mark\">{mark}</td>");
        if twin.is_some() {
            let _ = write!(table, "<td>{right}</td>");
        }
        table.push_str("</tr>\n");
    };
    let pair = |table: &mut String, left: Vec<String>, right: Vec<String>| {
        for i in 0..left.len().max(right.len()) {
            let [l, r] = [&left, &right].map(|side| side.get(i).map_or(String::new(), |l| code(l)));
            row(table, l, "", r);
        }
    };
    pair(&mut table, others(rust, true), others(twin_lines, true));
    let (left, right) = (compare::events(rust), compare::events(twin_lines));
    for (l, r) in compare::align(&left, &right, |e| declared.expected(e)) {
        let mark = match (l, r) {
            (Some(_), Some(_)) => "",
            _ if twin.is_none() => "",
            (Some((_, e)), None) | (None, Some((_, e))) if declared.expected(e) => "~",
            _ => "≠",
        };
        row(&mut table, stamped(l), mark, stamped(r));
    }
    pair(&mut table, others(rust, false), others(twin_lines, false));
    table + "</table>\n"
}

/// A program without the comments it opens with (the copy's note, the lesson's
/// `//!` header): their prose is the page's.
fn without_header(program: &str) -> String {
    let mut lines = program.lines().peekable();
    while lines.next_if(|l| l.starts_with("//") || l.trim().is_empty()).is_some() {}
    lines.map(|l| format!("{l}\n")).collect()
}

/// Text for HTML.
fn html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A lesson page's layout: the two programs in two columns where the screen is wide
/// enough, one above the other where it is not; the timeline as wide as the text;
/// the run's table in a small monospace.
const LESSON_CSS: &str = "\
/* Written by `cargo xtask book`. */
:root { --content-max-width: 1040px; }
figure.timeline { margin: 0.5em 0 1.5em; }
figure.timeline svg { width: 100%; height: auto; max-width: 760px; display: block; }
figure.timeline svg circle:hover { r: 6; }
figure.timeline figcaption { font-size: 0.85em; opacity: 0.8; }
.twins { display: grid; grid-template-columns: 1fr; gap: 1em; }
@media (min-width: 1000px) { .twins { grid-template-columns: 1fr 1fr; } }
.twins > div { min-width: 0; }
.twins pre > code { font-size: 0.78em; white-space: pre-wrap; overflow-wrap: anywhere; }
table.run { font-size: 0.78em; border-collapse: collapse; width: 100%; }
table.run td, table.run th { padding: 1px 6px; border: none; vertical-align: top; }
table.run td code { white-space: pre-wrap; background: none; padding: 0; }
table.run td.mark { color: #e6550d; font-weight: bold; text-align: center; }
";

/// `code` in a fence of `lang`, longer than any run of backticks inside it.
fn fenced(lang: &str, code: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}{lang}\n{code}{fence}\n")
}

/// Text for a table's cell: one line, its pipes escaped.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The body of the README's `## heading` section, up to the next `## `.
fn section(markdown: &str, heading: &str) -> Option<String> {
    let start = markdown.find(&format!("\n## {heading}\n"))? + heading.len() + 5;
    let body = &markdown[start..];
    Some(body[..body.find("\n## ").map_or(body.len(), |end| end + 1)].to_owned())
}

/// Every heading one level down, code blocks left alone: a file as a section.
fn demoted(markdown: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for line in markdown.lines() {
        in_code ^= line.starts_with("```");
        if !in_code && line.starts_with('#') {
            out.push('#');
        }
        out += line;
        out.push('\n');
    }
    out
}

/// The map's last column names lessons: each a link to its page.
fn linked_lesson_column(table: &str, names: &[&str]) -> String {
    let mut out = String::new();
    for line in table.lines() {
        match line.trim_end().strip_suffix('|').and_then(|l| l.rsplit_once('|')) {
            Some((row, last)) if line.starts_with('|') => {
                let mut last = last.to_owned();
                for name in names {
                    last = last.replace(&format!("`{name}`"), &format!("[`{name}`]({name}.md)"));
                }
                let _ = writeln!(out, "{row}|{last}|");
            }
            _ => {
                out += line;
                out.push('\n');
            }
        }
    }
    out
}

/// Links into the repository made links into the book, or plain text where the
/// book has no page for them. `from` is the folder the text was written in.
fn relink(markdown: &str, from: &str, names: &[&str]) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for line in markdown.split_inclusive('\n') {
        in_code ^= line.starts_with("```");
        out += &if in_code || line.starts_with("```") {
            line.to_owned()
        } else {
            relink_line(line, from, names)
        };
    }
    out
}

fn relink_line(markdown: &str, from: &str, names: &[&str]) -> String {
    let mut out = String::new();
    let mut rest = markdown;
    while let Some(at) = rest.find("](") {
        let (Some(open), Some(close)) = (rest[..at].rfind('['), rest[at..].find(')')) else {
            out += &rest[..at + 2];
            rest = &rest[at + 2..];
            continue;
        };
        let (label, target) = (&rest[open + 1..at], &rest[at + 2..at + close]);
        out += &rest[..open];
        match book_page(from, target, names) {
            Some(page) => {
                let _ = write!(out, "[{label}]({page})");
            }
            None => out += label,
        }
        rest = &rest[at + close + 1..];
    }
    out + rest
}

/// The book's page for a link written in the folder `from`: a lesson's source or
/// twin is its page; docs/start.md is the front page, docs/claims.md the appendix;
/// the web stays the web.
fn book_page(from: &str, target: &str, names: &[&str]) -> Option<String> {
    if target.starts_with("https://") || target.starts_with("http://") {
        return Some(target.to_owned());
    }
    let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
    if path.is_empty() {
        // The same page: its section must be in the book too (the check sees to it).
        return Some(target.to_owned());
    }
    let mut parts: Vec<&str> =
        if path.starts_with('/') { Vec::new() } else { from.split('/').collect() };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    let path = parts.join("/");
    let fragment = if fragment.is_empty() { String::new() } else { format!("#{fragment}") };
    let page = match path.as_str() {
        "docs/claims.md" => "appendix".to_owned(),
        "docs/start.md" => "introduction".to_owned(),
        "docs/asyncio-beside-tokio.md" => "asyncio-to-tokio".to_owned(),
        path => {
            let file = path.rsplit('/').next()?;
            let (stem, ext) = file.rsplit_once('.')?;
            let lesson = names.iter().find(|n| n.replace('-', "_") == stem)?;
            let is_source = ext == "rs" && path.ends_with(&format!("/src/{file}"));
            if !(is_source || path == format!("python/{file}")) {
                return None;
            }
            (*lesson).to_owned()
        }
    };
    Some(format!("{page}.md{fragment}"))
}

/// Open the book in the desktop's browser, or say where it is.
fn open_in_browser(index: &Path) {
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    if Command::new(opener).arg(index).status().map_or(true, |s| !s.success()) {
        out!("open {} in a browser\n", index.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_into_the_repository_become_pages_or_text() {
        let names = ["hello", "gather"];
        let text = "[a](../examples-basic/src/hello.rs) [b](../python/gather.py) \
                    [c](claims.md#x) [d](../course.txt) [e](https://tokio.rs) [f](#here)";
        assert_eq!(
            relink(text, "docs", &names),
            "[a](hello.md) [b](gather.md) [c](appendix.md#x) d [e](https://tokio.rs) [f](#here)"
        );
        assert_eq!(relink("[`x`](examples-tasks/src/gather.rs)", "", &names), "[`x`](gather.md)");
        assert_eq!(relink("a [b] c](d", "", &names), "a [b] c](d");
    }

    #[test]
    fn a_fence_is_longer_than_the_backticks_inside() {
        assert_eq!(fenced("rust", "x\n"), "```rust\nx\n```\n");
        assert_eq!(fenced("text", "a ```` b\n"), "`````text\na ```` b\n`````\n");
    }

    #[test]
    fn a_header_in_the_parts_a_page_shows_apart() {
        let source = "//! # gather: results in order\n//!\n//! Run it: `cargo run`\n\
                      //! Its asyncio twin: `python/gather.py`.\n//!\n\
                      //! The asyncio program: gather.\n//!\n//! In Rust, join_all.\n//!\n\
                      //! ```text\n//! a\n//!\n//! b\n//! ```\n//!\n\
                      //! You will see three lines.\n\nuse x;\n";
        let header = Header::parse(source);
        assert_eq!(header.title, "gather: results in order");
        assert_eq!(
            header.summary,
            ["The asyncio program: gather.\n", "You will see three lines.\n"]
        );
        assert_eq!(header.rust, ["In Rust, join_all.\n", "```text\na\n\nb\n```\n"]);
        assert_eq!(header.run, ["Run it: `cargo run`\nIts asyncio twin: `python/gather.py`.\n"]);
        assert_eq!(summary_probe(&header), "The asyncio program: gather.");
        // No "The asyncio program": the first prose paragraph opens the page.
        let header = Header::parse("//! # a\n//!\n//! Older code.\n//!\n//! You will see.\n");
        assert_eq!(header.summary, ["Older code.\n", "You will see.\n"]);
        assert!(header.rust.is_empty());
        assert_eq!(
            without_header("// note\n//! # a\n//!\n\nuse x;\n// kept\n"),
            "use x;\n// kept\n"
        );
    }

    #[test]
    fn the_runs_side_by_side_as_compare_pairs_them() {
        let lines = |l: &[&str]| -> Vec<String> { l.iter().map(|s| (*s).to_owned()).collect() };
        let rust =
            lines(&["claim: ideal 1s", "[ 0.000s] a", "[ 0.000s] b", "[ 1.000s] c", "took 1s"]);
        let twin = lines(&[
            "claim: ideal 1s",
            "difference \"b\": why",
            "[ 0.000s] c <1>",
            "[ 0.000s] a",
            "[ 1.000s] c",
            "took 1s",
        ]);
        let finished = Finished {
            exit: Exit::Code(0),
            measured: Duration::ZERO,
            claim: None,
            speed_up: None,
            stdout: twin.clone(),
            left_out: 0,
            stderr: String::new(),
            interrupted: false,
        };
        let declared = Declared::parse(&twin);
        let table = run_table(&rust, Some(&finished), &declared);
        let rows: Vec<&str> = table.lines().filter(|l| l.starts_with("<tr><td>")).collect();
        assert_eq!(rows.len(), 6, "{table}");
        assert!(
            rows[0].contains(
                "<code>claim: ideal 1s</code></td><td class=\"mark\"></td><td><code>claim"
            ),
            "{table}"
        );
        assert!(rows[1].contains("≠") && rows[1].contains("c &lt;1&gt;"), "{table}");
        assert!(
            rows[3].contains("[ 0.000s] b</code></td><td class=\"mark\">~</td><td></td>"),
            "{table}"
        );
        assert!(!table.contains("difference"), "{table}");
        assert!(rows[5].contains("took 1s"), "{table}");
    }

    #[test]
    fn sections_headings_and_pasted_outputs() {
        let readme = "# T\n\nintro\n\n## One\n\na\n\n```text\nout\n```\n\n## Two\nb\n";
        assert_eq!(section(readme, "One").as_deref(), Some("\na\n\n```text\nout\n```\n\n"));
        assert_eq!(section(readme, "Two").as_deref(), Some("b\n"));
        assert_eq!(demoted("# A\n```sh\n# not\n```\n## B\n"), "## A\n```sh\n# not\n```\n### B\n");
        let table = "| a | b |\n|---|---|\n| x | `gather`, `nope` |\n";
        assert_eq!(
            linked_lesson_column(table, &["gather"]),
            "| a | b |\n|---|---|\n| x | [`gather`](gather.md), `nope` |\n"
        );
    }
}
