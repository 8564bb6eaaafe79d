//! What both sides of the pipe agree on, in one place: the lessons (through
//! `lesson`) write it, `cargo xtask` reads it. std only, so that xtask can use it
//! without compiling tokio.
//!
//! # Layout
//! - [`course`]: `course.txt`, the one list of lessons.
//! - [`lines`]: the lines a lesson prints (time stamps, the claim, the seed), written
//!   and parsed here.
//! - [`timeline`]: the events of a run as a picture, and as a Chrome trace.
//! - [`output`]: stdout, warnings and the exit status, for xtask and lessons alike.
//! - [`refused`]: a program the compiler must refuse, compiled, for the crates'
//!   `wont_compile` tests and the book.

pub mod course;
pub mod lines;
pub mod output;
pub mod refused;
pub mod timeline;
