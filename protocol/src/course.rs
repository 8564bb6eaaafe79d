//! The course: every lesson in reading order, in parts (`course.txt` at the
//! workspace's root, built into every binary that reads it).

/// The text of `course.txt`.
pub const TEXT: &str = include_str!("../../course.txt");

/// One lesson's place in the course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    pub name: &'a str,
    pub krate: &'a str,
    /// The title of its part.
    pub part: &'a str,
}

/// Every lesson, in reading order. A line that is not a comment (`#`), a part
/// (`## Title`) or blank names a lesson and its crate; anything else on it is an
/// error, with its line number.
pub fn parse(text: &str) -> Result<Vec<Entry<'_>>, String> {
    let mut part = "";
    let mut lessons = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if let Some(title) = line.strip_prefix("## ") {
            part = title.trim();
        } else if !(line.trim().is_empty() || line.starts_with('#')) {
            let mut words = line.split_whitespace();
            let (Some(name), Some(krate), None) = (words.next(), words.next(), words.next()) else {
                return Err(format!("course.txt:{}: expected `LESSON CRATE`", number + 1));
            };
            if lessons.iter().any(|l: &Entry<'_>| l.name == name) {
                return Err(format!("course.txt:{}: {name} is there twice", number + 1));
            }
            lessons.push(Entry { name, krate, part });
        }
    }
    Ok(lessons)
}

/// The course of this workspace.
///
/// # Panics
/// If `course.txt` is malformed: a test here checks that it is not.
pub fn lessons() -> Vec<Entry<'static>> {
    parse(TEXT).expect("course.txt is checked by protocol's tests")
}

/// The crate that has lesson `name`, if the course knows it.
pub fn crate_of(name: &str) -> Option<&'static str> {
    lessons().into_iter().find(|l| l.name == name).map(|l| l.krate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_course_parses_and_starts_with_hello() {
        let lessons = lessons();
        assert_eq!(
            lessons[0],
            Entry { name: "hello", krate: "examples-basic", part: "First steps" }
        );
        assert_eq!(crate_of("timeout"), Some("examples-control"));
        assert_eq!(crate_of("nope"), None);
    }

    #[test]
    fn a_malformed_line_names_its_number() {
        assert_eq!(parse("## A\none\n"), Err("course.txt:2: expected `LESSON CRATE`".into()));
        assert_eq!(parse("a x\n# c\na y\n"), Err("course.txt:3: a is there twice".into()));
    }
}
