//! Each part's exercises, for the book: the task of each and how to start it.

use anyhow::{Context as _, Result};

use super::registry::{self, Copy};
use crate::lessons;

/// The markdown that ends the book's page for `part` (a course.txt part's title):
/// its exercises, or nothing when it has none.
pub fn markdown_for_part(part: &str) -> Result<String> {
    let root = lessons::root();
    let course = lessons::course(None)?;
    let exercises = registry::read(root, &course)?;
    let mut text = String::new();
    for exercise in exercises.iter().filter(|e| e.part == part) {
        let path = exercise.relative(Copy::Mine);
        // The starting copy: the book shows the task as given, not a learner's edit.
        let source = std::fs::read_to_string(exercise.path(root, Copy::Start))
            .with_context(|| format!("reading {}", exercise.relative(Copy::Start)))?;
        let (title, task) = header(&source);
        text += &format!(
            "- **{}**: {title}. {task}\n  Edit `{path}`, then `cargo xtask learn check {}` \
             (lesson: {}).\n",
            exercise.name, exercise.name, exercise.lesson
        );
    }
    if text.is_empty() {
        return Ok(text);
    }
    Ok(format!(
        "## Exercises\n\nEach is one file to edit, checked on tokio's paused clock: the result, \
         and how long it took. `cargo xtask learn` takes you through them in order and checks \
         again at every save.\n\n{text}"
    ))
}

/// A file's header: its title (after `# NAME: `) and the paragraph after its
/// Python block, on one line.
fn header(source: &str) -> (String, String) {
    let lines: Vec<&str> = source
        .lines()
        .map_while(|l| l.strip_prefix("//!"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    let title = lines
        .first()
        .and_then(|l| l.strip_prefix("# "))
        .map(|t| t.split_once(": ").map_or(t, |(_, title)| title))
        .unwrap_or_default()
        .to_owned();
    let fences: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].starts_with("```")).collect();
    let after = fences.get(1).map_or(1, |&i| i + 1);
    let task: Vec<&str> = lines[after.min(lines.len())..]
        .iter()
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.is_empty())
        .copied()
        .collect();
    (title, task.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_gives_a_title_and_the_task() {
        let source = "//! # gather: three waits at once\n//!\n//! It mirrors:\n//!\n//! ```python\n\
                      //! x\n//! ```\n//!\n//! Make them\n//! wait together.\n//!\n//! More.\n\nuse x;\n";
        assert_eq!(
            header(source),
            ("three waits at once".to_owned(), "Make them wait together.".to_owned())
        );
    }

    #[test]
    fn every_part_of_the_course_ends_with_its_exercises() {
        let course = lessons::course(None).unwrap();
        for part in registry::parts(&course) {
            let text = markdown_for_part(part).unwrap();
            assert!(text.starts_with("## Exercises\n"), "{part}: {text}");
            assert!(text.matches("\n- **").count() >= 2, "{part}: {text}");
        }
        assert_eq!(markdown_for_part("no such part").unwrap(), "");
    }
}
