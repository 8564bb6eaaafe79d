//! The house rules as a test, run by `cargo test` (rust-analyzer's `tidy.rs` is
//! the model): every lesson of course.txt has its file, short enough to read in a
//! minute, with the shared header, naming only the README's table from `lesson`;
//! and no comment in the house tells its history (that goes to commit messages
//! and bench/README.md). Each rule is a function of the text, so the test of the
//! rule itself feeds it a sabotaged lesson.

use std::path::Path;

use protocol::course::{self, Entry};

use crate::lessons::{file_of, root};

/// The longest a lesson file may be, header and tests included: two screens.
const MOST_LINES: usize = 150;

/// What a lesson file may name from `lesson` outside its tests: the README's table.
const TABLE: [&str; 6] = ["say", "secs", "claim", "args", "claim_speedup", "speedup"];

/// What is wrong with lesson `entry`, whose file says `text`; `twin` is whether it
/// has a twin in python/ (else python/no-twin.txt says why).
fn lesson_problems(entry: &Entry<'_>, text: &str, twin: bool) -> Vec<String> {
    let file = file_of(entry.krate, entry.name);
    let mut problems = Vec::new();
    let lines = text.lines().count();
    if lines > MOST_LINES {
        problems.push(format!("{file}: {lines} lines; a lesson reads in a minute: {MOST_LINES} at most (move a part the learner did not come for into a peer module)"));
    }
    let header: Vec<&str> = text.lines().take_while(|l| l.starts_with("//!")).collect();
    let title = format!("//! # {}: ", entry.name);
    if !header.first().is_some_and(|l| l.starts_with(&title)) {
        problems.push(format!("{file}: the header starts `{title}…` (what it shows)"));
    }
    let run = format!("//! Run it: `cargo run -p {} -- {}", entry.krate, entry.name);
    let runs = |l: &&str| l.strip_prefix(&run).is_some_and(|r| r.starts_with(['`', ' ']));
    if !header.iter().take(4).any(runs) {
        problems.push(format!("{file}: the run command comes first after the title: `{run}`…"));
    }
    let twin_line = if twin {
        format!("//! Its asyncio twin: `python/{}.py`", entry.name.replace('-', "_"))
    } else {
        "//! It has no asyncio twin".to_owned()
    };
    if !header.iter().take(6).any(|l| l.starts_with(&twin_line)) {
        problems.push(format!("{file}: the twin's line follows the run command: `{twin_line}`"));
    }
    for name in names_from_lesson(text) {
        if !TABLE.contains(&name.as_str()) {
            problems.push(format!(
                "{file}: names `lesson::{name}`; a lesson names only the README's table ({})",
                TABLE.join(", ")
            ));
        }
    }
    problems
}

/// The names a lesson file takes from `lesson` outside its `#[cfg(test)]` module:
/// in `use lesson::{..}` lines and as `lesson::name` paths.
fn names_from_lesson(text: &str) -> Vec<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    let mut names = Vec::new();
    for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
        let mut rest = line;
        while let Some(at) = rest.find("lesson::") {
            let after = &rest[at + "lesson::".len()..];
            let list = after.strip_prefix('{').map(|l| l.split('}').next().unwrap_or(l));
            let words = list.unwrap_or_else(|| {
                after.split(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap_or("")
            });
            names.extend(
                words
                    .split(',')
                    .map(|w| w.trim().trim_end_matches('!').to_owned())
                    .filter(|w| !w.is_empty()),
            );
            rest = after;
        }
    }
    names
}

/// Comments that tell how the code came to be, not why it is so.
fn history_in(text: &str) -> Option<String> {
    const TELLS: [&str; 7] = [
        "issue ",
        "commit ",
        "medians of",
        "last time",
        "before the fix",
        "used to be",
        "x commit",
    ];
    for (number, line) in text.lines().enumerate() {
        let hash = if line.trim_start().starts_with('#') { Some(0) } else { line.find(" # ") };
        let Some(at) = line.find("//").or(hash) else {
            continue;
        };
        let comment = line[at..].to_lowercase();
        if let Some(tell) = TELLS.iter().find(|tell| comment.contains(*tell)) {
            let issue_number = |c: &str| {
                c.split("issue ")
                    .nth(1)
                    .is_some_and(|n| n.starts_with(|d: char| d.is_ascii_digit()))
            };
            let hash = |c: &str| {
                c.split("commit ")
                    .nth(1)
                    .is_some_and(|n| n.len() >= 7 && n[..7].bytes().all(|b| b.is_ascii_hexdigit()))
            };
            let real = match *tell {
                "issue " => issue_number(&comment),
                "commit " => hash(&comment),
                _ => true,
            };
            if real {
                return Some(format!("line {}: `{}`", number + 1, line.trim()));
            }
        }
    }
    None
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("reading {}: {err}", path.display()))
}

#[test]
fn every_lesson_keeps_the_house_rules() {
    let no_twin = read(&root().join("python/no-twin.txt"));
    let mut problems = Vec::new();
    for entry in course::lessons() {
        let path = root().join(file_of(entry.krate, entry.name));
        let Ok(text) = std::fs::read_to_string(&path) else {
            problems.push(format!(
                "{}: missing (course.txt names {})",
                file_of(entry.krate, entry.name),
                entry.name
            ));
            continue;
        };
        let twin = !no_twin.lines().any(|l| l.starts_with(&format!("{}: ", entry.name)));
        problems.extend(lesson_problems(&entry, &text, twin));
    }
    assert!(problems.is_empty(), "the house rules:\n{}", problems.join("\n"));
}

#[test]
fn no_comment_tells_the_history() {
    let listed = std::process::Command::new("git")
        .args(["ls-files", "*.rs", "*.toml", "*.py", ".ci/run"])
        .current_dir(root())
        .output()
        .expect("git ls-files");
    let mut problems = Vec::new();
    for file in String::from_utf8_lossy(&listed.stdout).lines() {
        if file.ends_with("tidy.rs") {
            continue;
        }
        if let Some(found) = history_in(&read(&root().join(file))) {
            problems.push(format!("{file}: {found}"));
        }
    }
    assert!(problems.is_empty(), "history belongs in commit messages:\n{}", problems.join("\n"));
}

#[test]
fn the_rules_catch_a_sabotaged_lesson() {
    let entry = course::find("gather").expect("gather is in the course");
    let good = read(&root().join(file_of(entry.krate, entry.name)));
    assert_eq!(lesson_problems(&entry, &good, true), Vec::<String>::new());
    let long = format!("{good}{}", "// more\n".repeat(MOST_LINES));
    assert!(lesson_problems(&entry, &long, true)[0].contains("lines; a lesson reads in a minute"));
    let untitled = good.replacen("//! # gather: ", "//! # Gather: ", 1);
    assert!(lesson_problems(&entry, &untitled, true)[0].contains("the header starts"));
    let no_run = good.replacen("//! Run it:", "//! Run:", 1);
    assert!(lesson_problems(&entry, &no_run, true)[0].contains("the run command comes first"));
    assert!(lesson_problems(&entry, &good, false)[0].contains("It has no asyncio twin"));
    let plumbing = good.replacen("use lesson::{", "use lesson::{Recording, ", 1);
    assert!(lesson_problems(&entry, &plumbing, true)[0].contains("names `lesson::Recording`"));
    let path = good.replacen("say!(", "lesson::warn!(", 1);
    assert!(lesson_problems(&entry, &path, true)[0].contains("names `lesson::warn`"));
    assert_eq!(
        history_in("// 1.21x commit 2f754e7's\n").as_deref(),
        Some("line 1: `// 1.21x commit 2f754e7's`")
    );
    assert!(history_in("x = 1 # as issue 10 names it\n").is_some());
    assert_eq!(history_in("// the commit message says why; an issue is not a reason\n"), None);
}
