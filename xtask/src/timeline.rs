//! STUB, written on the h-book branch so that `cargo xtask book` builds: the lead's
//! `timeline.rs` (on main) replaces this whole file. Only [`svg`]'s signature is
//! relied on: the book writes what it returns to `target/book/src/timeline/<lesson>.svg`.

use crate::lessons::Lesson;

/// STUB: a placeholder picture that names the lesson, instead of its run and its
/// twin's drawn on one axis, tokio above asyncio.
pub fn svg(lesson: &Lesson, scale: &str) -> anyhow::Result<String> {
    let name = &lesson.name;
    Ok(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="480" height="40" viewBox="0 0 480 40">
<title>{name} at --scale {scale}: the timeline (placeholder)</title>
<rect x="0.5" y="0.5" width="479" height="39" fill="none" stroke="#888"/>
<text x="10" y="25" font-family="sans-serif" font-size="14">{name}: the timeline goes here (stub)</text>
</svg>
"##
    ))
}
