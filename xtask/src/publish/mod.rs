//! Publishing: `copies` writes each lesson as the plain tokio program a learner
//! would write and proves it still behaves, `book` makes the course an mdBook.

pub mod book;
pub mod copies;
