//! The course: every lesson in reading order, in parts (`course.txt` at the
//! workspace's root, built into every binary that reads it). It is the one list of
//! lessons: the crates' binaries, `cargo xtask list`, run-all, copies, compare and
//! the book all read it.

/// The text of `course.txt`.
pub const TEXT: &str = include_str!("../../course.txt");

/// One lesson's place in the course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    pub name: &'a str,
    pub krate: &'a str,
    /// One line about it.
    pub about: &'a str,
    /// It measures a speed-up, so it needs the machine to itself.
    pub alone: bool,
    /// The title of its part.
    pub part: &'a str,
}

/// Every lesson, in reading order. A line that is not a comment (`#`), a part
/// (`## Title`) or blank is `NAME CRATE [alone] ABOUT`; anything else is an error,
/// with its line number.
pub fn parse(text: &str) -> Result<Vec<Entry<'_>>, String> {
    let mut part = "";
    let mut lessons = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let at = |what: &str| format!("course.txt:{}: {what}", number + 1);
        if let Some(title) = line.strip_prefix("## ") {
            part = title.trim();
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, rest) = split_word(line);
        let (krate, about) = split_word(rest);
        if name.is_empty() || krate.is_empty() {
            return Err(at("expected `LESSON CRATE ABOUT`"));
        }
        let (alone, about) = match about.strip_prefix("[alone]") {
            Some(about) => (true, about.trim_start()),
            None => (false, about),
        };
        if about.is_empty() {
            return Err(at(&format!("{name} needs a line about it after its crate")));
        }
        if part.is_empty() {
            return Err(at(&format!("{name} comes before the first part (`## Title`)")));
        }
        if lessons.iter().any(|l: &Entry<'_>| l.name == name) {
            return Err(at(&format!("{name} is there twice")));
        }
        lessons.push(Entry { name, krate, about, alone, part });
    }
    Ok(lessons)
}

/// The first word of `text` and what follows it, white space trimmed.
fn split_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    (&text[..end], text[end..].trim_start())
}

/// The course of this workspace.
///
/// # Panics
/// If `course.txt` is malformed: a test here checks that it is not.
pub fn lessons() -> Vec<Entry<'static>> {
    parse(TEXT).expect("course.txt is checked by protocol's tests")
}

/// Lesson `name`, if the course knows it.
pub fn find(name: &str) -> Option<Entry<'static>> {
    lessons().into_iter().find(|l| l.name == name)
}

/// The crate that has lesson `name`, if the course knows it.
pub fn crate_of(name: &str) -> Option<&'static str> {
    find(name).map(|l| l.krate)
}

/// The lessons of `krate`, in reading order.
pub fn of_crate(krate: &str) -> Vec<Entry<'static>> {
    lessons().into_iter().filter(|l| l.krate == krate).collect()
}

/// The lessons crate `krate` has (`ours`) are the ones the course gives it
/// (`course`): the same names, in any order, or one line saying which is missing
/// where. The crates' tests and xtask both hold a crate to its course lines so.
pub fn same_lessons(krate: &str, ours: &[&str], course: &[&str]) -> Result<(), String> {
    if let Some(extra) = ours.iter().find(|name| !course.contains(name)) {
        return Err(format!(
            "{extra} ({krate}) is not in course.txt: give it a line in its place in the course"
        ));
    }
    if let Some(missing) = course.iter().find(|name| !ours.contains(name)) {
        return Err(format!("course.txt names {missing} in {krate}, which has no such lesson"));
    }
    Ok(())
}

/// The crates that have lessons, each once, in the order they first appear.
pub fn crates() -> Vec<&'static str> {
    let mut crates: Vec<&str> = Vec::new();
    for entry in lessons() {
        if !crates.contains(&entry.krate) {
            crates.push(entry.krate);
        }
    }
    crates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crate_has_exactly_the_lessons_the_course_gives_it() {
        assert!(same_lessons("x", &["a", "b"], &["b", "a"]).is_ok());
        let error = |ours: &[&str]| same_lessons("x", ours, &["a", "b"]).unwrap_err();
        assert_eq!(
            error(&["a", "b", "c"]),
            "c (x) is not in course.txt: give it a line in its place in the course"
        );
        assert_eq!(error(&["a"]), "course.txt names b in x, which has no such lesson");
    }

    #[test]
    fn the_course_parses_and_starts_with_hello() {
        let lessons = lessons();
        assert_eq!(lessons[0].name, "hello");
        assert_eq!(lessons[0].krate, "examples-basic");
        assert_eq!(lessons[0].part, "First steps");
        assert!(lessons[0].about.starts_with("the smallest async program"), "{:?}", lessons[0]);
        assert_eq!(crate_of("timeout"), Some("examples-control"));
        assert_eq!(crate_of("nope"), None);
        let alone: Vec<&str> = lessons.iter().filter(|l| l.alone).map(|l| l.name).collect();
        assert!(alone.contains(&"cpu-bound") && !alone.contains(&"gather"), "{alone:?}");
    }

    #[test]
    fn a_line_gives_name_crate_alone_and_about() {
        let course =
            parse("## A\nx  crate-x  [alone] it runs alone\ny crate-y  the why\n").unwrap();
        let x =
            Entry { name: "x", krate: "crate-x", about: "it runs alone", alone: true, part: "A" };
        let y = Entry { name: "y", krate: "crate-y", about: "the why", alone: false, part: "A" };
        assert_eq!(course, [x, y]);
    }

    #[test]
    fn a_malformed_line_names_its_number() {
        assert_eq!(parse("## A\none\n"), Err("course.txt:2: expected `LESSON CRATE ABOUT`".into()));
        assert_eq!(
            parse("## A\none two\n"),
            Err("course.txt:2: one needs a line about it after its crate".into())
        );
        assert_eq!(
            parse("a x about\n"),
            Err("course.txt:1: a comes before the first part (`## Title`)".into())
        );
        assert_eq!(
            parse("## A\na x b\n# c\na y b\n"),
            Err("course.txt:4: a is there twice".into())
        );
    }
}
