//! `exercises/info.txt`: every exercise in the course's order, the lesson that
//! explains it, the verdict its starting file gives, its hint and what passing it
//! means in asyncio's terms.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use protocol::course::Entry;

/// The verdict a starting file must give (`STARTS` in info.txt).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Starts {
    /// Its test says `took X ideal Y`.
    Slow,
    /// An `assert_eq!` failed.
    Wrong,
    /// Another assertion failed.
    Failed,
    /// It does not compile: the first error has this code (`None`: no code).
    Compile(Option<String>),
}

impl std::fmt::Display for Starts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Slow => f.write_str("slow"),
            Self::Wrong => f.write_str("wrong"),
            Self::Failed => f.write_str("failed"),
            Self::Compile(Some(code)) => write!(f, "compile {code}"),
            Self::Compile(None) => f.write_str("compile -"),
        }
    }
}

/// One exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    pub name: String,
    /// The course's lesson that explains it.
    pub lesson: String,
    /// The title of that lesson's part.
    pub part: String,
    pub starts: Starts,
    pub hint: String,
    pub done: String,
}

/// Which file of an exercise to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copy {
    /// `exercises/NAME.rs`, the one the learner edits.
    Mine,
    /// `exercises/.start/NAME.rs`, as it was given.
    Start,
    /// `exercises/solutions/NAME.rs`.
    Solution,
}

impl Exercise {
    /// The file of `copy`, under the workspace's `root`.
    pub fn path(&self, root: &Path, copy: Copy) -> PathBuf {
        root.join(self.relative(copy))
    }

    /// The same, as the learner sees it from the workspace's root.
    pub fn relative(&self, copy: Copy) -> String {
        let folder = match copy {
            Copy::Mine => "exercises",
            Copy::Start => "exercises/.start",
            Copy::Solution => "exercises/solutions",
        };
        format!("{folder}/{}.rs", self.name)
    }

    /// The name of its test target in the scratch crate.
    pub fn target(&self, copy: Copy) -> String {
        match copy {
            Copy::Mine => self.name.clone(),
            Copy::Start => format!("{}--start", self.name),
            Copy::Solution => format!("{}--solution", self.name),
        }
    }
}

/// The registry's file, under the workspace's root.
pub const FILE: &str = "exercises/info.txt";

/// Read and parse the registry against the course.
pub fn read(root: &Path, course: &[Entry<'_>]) -> Result<Vec<Exercise>> {
    let text =
        std::fs::read_to_string(root.join(FILE)).with_context(|| format!("reading {FILE}"))?;
    parse(&text, course)
}

/// Parse `text` (info.txt's form) against the course's lessons: each exercise
/// points to a lesson there, and they come in the course's order, part by part.
pub fn parse(text: &str, course: &[Entry<'_>]) -> Result<Vec<Exercise>> {
    let mut exercises: Vec<Exercise> = Vec::new();
    let mut last_part = 0;
    for (number, line) in text.lines().enumerate() {
        let at = |what: String| anyhow::anyhow!("{FILE}:{}: {what}", number + 1);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with(' ') {
            let Some(exercise) = exercises.last_mut() else {
                return Err(at("an indented line before any exercise".to_owned()));
            };
            let line = line.trim();
            if let Some(hint) = line.strip_prefix("hint:") {
                exercise.hint = hint.trim().to_owned();
            } else if let Some(done) = line.strip_prefix("done:") {
                exercise.done = done.trim().to_owned();
            } else {
                return Err(at(format!("expected `hint:` or `done:`, got '{line}'")));
            }
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let (name, lesson, starts) = match words.as_slice() {
            [name, lesson, starts] => (*name, *lesson, parse_starts(starts, None)),
            [name, lesson, "compile", code] => {
                (*name, *lesson, parse_starts("compile", Some(code)))
            }
            _ => return Err(at(format!("expected `NAME LESSON STARTS`, got '{line}'"))),
        };
        let Some(starts) = starts else {
            return Err(at(format!(
                "'{}' is not a verdict: slow, wrong, failed or compile CODE",
                words[2..].join(" ")
            )));
        };
        let valid = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        if name.is_empty() || !name.chars().all(valid) || name.contains("--") {
            return Err(at(format!(
                "'{name}': a name is lowercase letters, digits and single '-'"
            )));
        }
        if exercises.iter().any(|e| e.name == name) {
            return Err(at(format!("{name} is named twice")));
        }
        let Some(place) = course.iter().position(|entry| entry.name == lesson) else {
            return Err(at(format!("{name} points to '{lesson}', which course.txt does not have")));
        };
        let parts = parts(course);
        let part = course[place].part;
        let index = parts.iter().position(|p| *p == part).expect("the lesson's part is listed");
        if index < last_part {
            return Err(at(format!(
                "{name} belongs to the part '{part}', which comes before '{}': keep the course's order",
                parts[last_part]
            )));
        }
        last_part = index;
        exercises.push(Exercise {
            name: name.to_owned(),
            lesson: lesson.to_owned(),
            part: part.to_owned(),
            starts,
            hint: String::new(),
            done: String::new(),
        });
    }
    if let Some(bare) = exercises.iter().find(|e| e.hint.is_empty() || e.done.is_empty()) {
        bail!("{FILE}: {} needs both a `hint:` and a `done:` line", bare.name);
    }
    Ok(exercises)
}

fn parse_starts(word: &str, code: Option<&str>) -> Option<Starts> {
    match (word, code) {
        ("slow", None) => Some(Starts::Slow),
        ("wrong", None) => Some(Starts::Wrong),
        ("failed", None) => Some(Starts::Failed),
        ("compile", Some("-")) => Some(Starts::Compile(None)),
        ("compile", Some(code))
            if code.len() == 5
                && code.starts_with('E')
                && code[1..].chars().all(|c| c.is_ascii_digit()) =>
        {
            Some(Starts::Compile(Some(code.to_owned())))
        }
        _ => None,
    }
}

/// The course's parts, in order.
pub fn parts<'a>(course: &[Entry<'a>]) -> Vec<&'a str> {
    let mut parts: Vec<&str> = Vec::new();
    for entry in course {
        if !parts.contains(&entry.part) {
            parts.push(entry.part);
        }
    }
    parts
}

/// The exercise called `name`, or a usage error that lists them.
pub fn find<'a>(exercises: &'a [Exercise], name: &str) -> Result<&'a Exercise> {
    exercises.iter().find(|e| e.name == name).ok_or_else(|| {
        let names: Vec<&str> = exercises.iter().map(|e| e.name.as_str()).collect();
        crate::flags::usage(format!("learn: no exercise '{name}'; there are: {}", names.join(", ")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const COURSE: &str = "## One\nhello  examples-basic  hi\n## Two\ngather  examples-tasks  all\n";

    fn course() -> Vec<Entry<'static>> {
        protocol::course::parse(COURSE).expect("the test's course parses")
    }

    fn error(text: &str) -> String {
        parse(text, &course()).unwrap_err().to_string()
    }

    #[test]
    fn an_exercise_is_a_line_and_its_hint_and_done() {
        let text = "# comment\n\na  hello  slow\n  hint: await it\n  done: you awaited\n\
                    b  gather  compile E0373\n  hint: h\n  done: d\nc gather compile -\n  hint: h\n  done: d\n";
        let exercises = parse(text, &course()).unwrap();
        assert_eq!(exercises.len(), 3);
        assert_eq!(
            exercises[0],
            Exercise {
                name: "a".into(),
                lesson: "hello".into(),
                part: "One".into(),
                starts: Starts::Slow,
                hint: "await it".into(),
                done: "you awaited".into(),
            }
        );
        assert_eq!(exercises[1].starts, Starts::Compile(Some("E0373".into())));
        assert_eq!(exercises[1].part, "Two");
        assert_eq!(exercises[2].starts, Starts::Compile(None));
        assert_eq!(exercises[1].target(Copy::Solution), "b--solution");
        assert_eq!(exercises[1].relative(Copy::Start), "exercises/.start/b.rs");
    }

    #[test]
    fn a_bad_line_is_named_by_its_number() {
        assert_eq!(
            error("a hello slow\n  hint: h\n  done: d\nb nowhere slow\n"),
            "exercises/info.txt:4: b points to 'nowhere', which course.txt does not have"
        );
        assert_eq!(
            error("a hello fast\n"),
            "exercises/info.txt:1: 'fast' is not a verdict: slow, wrong, failed or compile CODE"
        );
        assert_eq!(
            error("a hello compile 373\n"),
            "exercises/info.txt:1: 'compile 373' is not a verdict: slow, wrong, failed or compile CODE"
        );
        assert_eq!(
            error("a gather slow\n  hint: h\n  done: d\nb hello slow\n"),
            "exercises/info.txt:4: b belongs to the part 'One', which comes before 'Two': \
             keep the course's order"
        );
        assert_eq!(
            error("  hint: h\n"),
            "exercises/info.txt:1: an indented line before any exercise"
        );
        assert_eq!(
            error("a hello slow\n  hint: h\n"),
            "exercises/info.txt: a needs both a `hint:` and a `done:` line"
        );
        assert_eq!(
            error("a hello slow\n  hint: h\n  done: d\na gather slow\n"),
            "exercises/info.txt:4: a is named twice"
        );
        assert_eq!(
            error("A hello slow\n"),
            "exercises/info.txt:1: 'A': a name is lowercase letters, digits and single '-'"
        );
    }

    #[test]
    fn an_unknown_exercise_is_a_usage_error_that_lists_them() {
        let exercises = parse("a hello slow\n  hint: h\n  done: d\n", &course()).unwrap();
        let err = find(&exercises, "zz").unwrap_err();
        assert!(err.is::<crate::flags::Usage>());
        assert_eq!(
            err.to_string(),
            "learn: no exercise 'zz'; there are: a (see `cargo xtask --help`)"
        );
    }

    #[test]
    fn the_real_registry_has_two_exercises_a_part_and_their_files() {
        let root = crate::lessons::root();
        let course = protocol::course::parse(protocol::course::TEXT).unwrap();
        let exercises = read(root, &course).unwrap();
        for part in parts(&course) {
            let count = exercises.iter().filter(|e| e.part == part).count();
            assert!(count >= 2, "the part '{part}' has {count} exercises");
        }
        for exercise in &exercises {
            for copy in [Copy::Mine, Copy::Start, Copy::Solution] {
                let path = exercise.path(root, copy);
                assert!(path.is_file(), "{} is missing", path.display());
            }
        }
    }
}
