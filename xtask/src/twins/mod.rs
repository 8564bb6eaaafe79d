//! Twins: each lesson beside its asyncio twin in `python/`: `compare` runs both
//! and holds their events side by side, `timeline` draws both as one picture.

pub mod compare;
pub mod timeline;
