//! The house rules as a test (rust-analyzer's `tidy.rs` is the model).
