//! `cargo xtask book [--open] [--check]`: the course as a book, built with mdBook.
//!
//! Nothing on its pages is pasted by hand: for each lesson, in the course's order
//! (`course.txt`), its header's prose (the `//!` lines), the plain program that
//! `copies` writes, its asyncio twin (`python/`), what a run at `--scale 0.1`
//! printed, its timeline (timeline.rs) and the differences its twin declares (the
//! lines `compare` reads); a page per part; the README's opening, two commands and
//! how to copy a lesson, with docs/claims.md, as the introduction; the README's map with
//! docs/asyncio-beside-tokio.md as the map. The Markdown goes to `target/book/src`,
//! and `mdbook build` (when mdBook is on the PATH) makes `target/book/book`, which
//! `--check` opens page by page in a headless Chromium (check.rs).

mod check;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{Context as _, Result, bail};

use protocol::{out, warn};

use crate::flags::Parsed;
use crate::lessons::{self, Lesson};
use crate::runner::{self, Echo, Finished};
use crate::runner::{Exit, Limits};
use crate::twins::compare::{self, Declared, Twin};
use crate::twins::timeline;
use crate::{python, schedule, signals};

/// Every run in the book is at a tenth of the lessons' delays.
const SCALE: &str = "0.1";

/// What one lesson's page shows of its runs.
struct Ran {
    /// The lesson's own run: its stdout is the page's output.
    output: Result<Finished, String>,
    twin: Twin,
    /// What its twin declared in a run beside it, or why it was not run.
    declared: Result<Declared, String>,
    svg: Result<String, String>,
    /// What went wrong: a run that failed, a timeline not drawn, a twin missing.
    problems: Vec<String>,
}

impl Ran {
    /// A lesson a signal kept from running.
    fn not_run() -> Self {
        let why = || "not run: stopped by a signal".to_owned();
        let (output, declared, svg) = (Err(why()), Err(why()), Err(why()));
        Self { output, twin: Twin::NoneBecause(why()), declared, svg, problems: vec![why()] }
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
    let folder = lessons::target_debug()?.parent().context("no target folder")?.join("book");
    // Before the minute of runs: a folder that cannot be written would lose them all.
    let probe = folder.join("src/.written");
    std::fs::create_dir_all(folder.join("src"))
        .and_then(|()| std::fs::write(&probe, ""))
        .and_then(|()| std::fs::remove_file(&probe))
        .with_context(|| format!("writing in {}", folder.display()))?;
    signals::catch()?;

    let started = Instant::now();
    let runs = run_lessons(&lessons, &scale);
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
        let pages: Vec<(String, bool)> = lessons
            .iter()
            .zip(&runs)
            .map(|(lesson, ran)| (lesson.name.clone(), matches!(ran.twin, Twin::Script(_))))
            .collect();
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
fn run_lessons(lessons: &[Lesson], scale: &[OsString]) -> Vec<Ran> {
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
            let ran = run_lesson(&lessons[i], scale, python);
            let n = done.fetch_add(1, Ordering::SeqCst) + 1;
            warn!("[{n}/{}] {}", lessons.len(), lessons[i].name);
            ran
        },
    );
    runs.into_iter().map(|ran| ran.unwrap_or_else(Ran::not_run)).collect()
}

fn run_lesson(lesson: &Lesson, scale: &[OsString], python: bool) -> Ran {
    let limits = Limits::default();
    let run = |command| {
        let finished = runner::run(command, &limits, Echo::No, &signals::INTERRUPTED, |_| {});
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
    let output = run(lesson.command(scale)).map_err(|err| problem(format!("{name}: {err}")));
    let twin = match compare::twin(name) {
        Ok(twin) => twin,
        Err(err) => Twin::NoneBecause(problem(format!("{name}: {err:#}"))),
    };
    let declared = match (&twin, &output) {
        (Twin::Script(_), _) if !python => {
            Err("the twin was not run: no python3 on the PATH".to_owned())
        }
        (Twin::Script(script), Ok(ran)) => run(compare::twin_command(script, scale, &ran.stdout))
            .map(|twin| Declared::parse(&twin.stdout))
            .map_err(|err| problem(format!("{name}'s twin failed: {err}"))),
        (Twin::Script(_), Err(_)) => {
            Err("the twin was not run: the lesson's own run failed".to_owned())
        }
        (Twin::NoneBecause(why), _) => Err(why.clone()),
        (Twin::Missing, _) => Err(problem(format!(
            "{name} has no python/{}.py and no line in python/no-twin.txt",
            name.replace('-', "_")
        ))),
    };
    let svg =
        timeline::svg(lesson, SCALE).map_err(|err| problem(format!("{name}'s timeline: {err:#}")));
    Ran { output, twin, declared, svg, problems }
}

/// Write the book's Markdown, its SVGs and its `book.toml` under `folder`; what
/// went wrong on the way (a run that failed, a timeline not drawn) is returned.
fn write(folder: &Path, lessons: &[Lesson], runs: &[Ran]) -> Result<Vec<String>> {
    let src = folder.join("src");
    let _ = std::fs::remove_dir_all(&src);
    std::fs::create_dir_all(src.join("timeline"))
        .with_context(|| format!("creating {}", src.display()))?;
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
             [output.html.playground]\n# The lessons need tokio and a second terminal: run \
             them here, not on the playground.\nrunnable = false\n"
        ),
    )?;

    // The introduction: the README's opening, its two commands (up to the end of
    // their block: what follows is a run pasted in) and how to copy a lesson (what
    // each page's program is), then how the claims are checked.
    let opening = readme.split("\n## ").next().unwrap_or("").split_once('\n').unwrap_or_default().1;
    let two = section(&readme, "Two commands").context("README.md has no `## Two commands`")?;
    let two = two.match_indices("```").nth(1).map_or(two.as_str(), |(end, _)| &two[..end + 3]);
    let copy = section(&readme, "Copy a lesson").context("README.md has no `## Copy a lesson`")?;
    let intro = format!(
        "# Introduction\n{}\n## Two commands\n{}\n\n## Copy a lesson\n{}\n{}",
        relink(opening, "", &names),
        relink(two, "", &names),
        relink(&copy, "", &names),
        relink(&demoted(&read("docs/claims.md")?), "docs", &names)
    );
    page("introduction.md", &intro)?;

    let map = section(&readme, "From asyncio to tokio")
        .context("README.md has no `## From asyncio to tokio`")?;
    let map = format!(
        "# From asyncio to tokio\n{}\n{}",
        relink(&linked_lesson_column(&map, &names), "", &names),
        relink(&demoted(&read("docs/asyncio-beside-tokio.md")?), "docs", &names)
    );
    page("asyncio-to-tokio.md", &map)?;

    let course = protocol::course::lessons();
    let part_of = |name: &str| course.iter().find(|e| e.name == name).map_or("", |e| e.part);
    let mut summary = String::from(
        "# Summary\n\n[Introduction](introduction.md)\n[From asyncio to tokio](asyncio-to-tokio.md)\n\n",
    );
    let mut problems = Vec::new();
    let mut parts = 0;
    let mut part_page = String::new();
    for (i, (lesson, ran)) in lessons.iter().zip(runs).enumerate() {
        let part = part_of(&lesson.name);
        if i == 0 || part != part_of(&lessons[i - 1].name) {
            if parts > 0 {
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
        page(&format!("{}.md", lesson.name), &lesson_page(lesson, ran, &src, &names)?)?;
        problems.extend(ran.problems.iter().cloned());
    }
    if parts > 0 {
        page(&format!("part-{parts}.md"), &part_page)?;
    }
    page("SUMMARY.md", &summary)?;
    Ok(problems)
}

/// A lesson's page; what went wrong in its runs goes to `problems`.
fn lesson_page(lesson: &Lesson, ran: &Ran, src: &Path, names: &[&str]) -> Result<String> {
    let name = &lesson.name;
    let path = format!("{}/src/{}.rs", lesson.krate, name.replace('-', "_"));
    let source = std::fs::read_to_string(lessons::root().join(&path))
        .with_context(|| format!("reading {path}"))?;
    // The header's prose: the `//!` lines it opens with.
    let mut text = String::new();
    for line in source.lines().map_while(|l| l.strip_prefix("//!")) {
        text += line.strip_prefix(' ').unwrap_or(line);
        text.push('\n');
    }
    let mut text = relink(&text, &format!("{}/src", lesson.krate), names);
    let plain = super::copies::plain(&source, &path)?;
    let _ = write!(
        text,
        "\n## The program\n\n`{path}` as the plain tokio program that `cargo xtask copies` \
         writes (to `target/copies/src/bin/{name}.rs`): the lesson's helpers replaced by \
         rote, its test left out.\n\n{}",
        fenced("rust", &plain)
    );

    text += "\n## Its asyncio twin\n\n";
    match &ran.twin {
        Twin::Script(script) => {
            let twin = std::fs::read_to_string(script)
                .with_context(|| format!("reading {}", script.display()))?;
            let file = script.file_name().map_or("".into(), |f| f.to_string_lossy());
            let _ = write!(
                text,
                "`python/{file}`, run beside the lesson by `cargo xtask compare {name}`:\n\n{}",
                fenced("python", &twin)
            );
        }
        Twin::NoneBecause(why) => {
            let _ = writeln!(text, "None: {why}.");
        }
        Twin::Missing => {
            let _ = writeln!(text, "None, and no line in `python/no-twin.txt` says why.");
        }
    }

    let _ = write!(
        text,
        "\n## A run\n\nWhat `cargo run -p {} -- {name} --scale {SCALE}` printed when this book \
         was built: every delay is a tenth of the program's.\n\n",
        lesson.krate
    );
    match &ran.output {
        Ok(finished) => text += &fenced("text", &(finished.stdout.join("\n") + "\n")),
        Err(err) => {
            let _ = writeln!(text, "The run failed: {err}");
        }
    }

    text += "\n## Its timeline\n\n";
    match &ran.svg {
        Ok(svg) => {
            let file = format!("timeline/{name}.svg");
            std::fs::write(src.join(&file), svg).with_context(|| format!("writing {file}"))?;
            let alt = format!("{name}: tokio's run above, asyncio's below, on one time axis");
            match size(svg) {
                Some((width, height)) => {
                    let _ = writeln!(
                        text,
                        "<img src=\"{file}\" width=\"{width}\" height=\"{height}\" alt=\"{alt}\">"
                    );
                }
                None => {
                    let _ = writeln!(text, "![{alt}]({file})");
                }
            }
            let _ = writeln!(
                text,
                "\nThe lesson's events (above) and its twin's (below) at `--scale {SCALE}`: \
                 `cargo xtask timeline {name}` draws it."
            );
        }
        Err(err) => {
            let _ = writeln!(text, "Not drawn: {err}");
        }
    }

    text += "\n## Where asyncio differs\n\n";
    match (&ran.twin, &ran.declared) {
        (_, Ok(declared)) if declared.events.is_empty() && declared.work.is_empty() => {
            let _ = writeln!(
                text,
                "Nowhere: the twin declares no difference, so `cargo xtask compare {name}` holds \
                 every event of the two runs to the same place."
            );
        }
        (_, Ok(declared)) => {
            text += "As the twin declares it (its `difference` lines, which `cargo xtask \
                     compare` reads):\n\n| where | how |\n|---|---|\n";
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
    Ok(text)
}

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

/// The width and height an SVG gives itself, in pixels.
fn size(svg: &str) -> Option<(f64, f64)> {
    let tag = &svg[svg.find("<svg")?..];
    let tag = &tag[..tag.find('>')?];
    let attribute = |name: &str| -> Option<f64> {
        let value = tag.split(&format!(" {name}=\"")).nth(1)?.split('"').next()?;
        value.trim_end_matches("px").parse().ok().filter(|v: &f64| *v > 0.0)
    };
    Some((attribute("width")?, attribute("height")?))
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
/// twin is its page; docs/claims.md is in the introduction; the web stays the web.
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
        "docs/claims.md" => "introduction".to_owned(),
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
            "[a](hello.md) [b](gather.md) [c](introduction.md#x) d [e](https://tokio.rs) [f](#here)"
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
    fn an_svg_says_its_size() {
        assert_eq!(size("<svg xmlns=\"x\" width=\"480\" height=\"40px\">"), Some((480.0, 40.0)));
        assert_eq!(size("<svg viewBox=\"0 0 4 4\">"), None);
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
