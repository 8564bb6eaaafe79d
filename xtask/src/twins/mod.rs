//! Twins: each lesson beside its asyncio twin in `python/`: `compare` runs both
//! and holds their events side by side, `timeline` draws both as one picture,
//! `plain` makes a twin the plain asyncio program the book shows.

pub mod compare;
pub mod plain;
pub mod timeline;
