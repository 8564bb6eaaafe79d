//! What both sides of the pipe agree on, in one place: the lessons (through
//! `lesson`) write it, `cargo xtask` reads it. std only, so that xtask can use it
//! without compiling tokio.

pub mod course;
pub mod lines;
pub mod timeline;
