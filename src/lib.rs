//! Qari: a reading and translation aid for Arabic text full of transliterated names.
//!
//! The core (`document`, `arabic`, `glossary`, `layout`, `notes`, `storage`) is plain Rust
//! with no UI dependency; `reading` is the open article as a use case over it; `fonts` is
//! the one bridge to egui's shaper; `cli` (the subcommands) and `ui` (the window) are the
//! shells, and only `ui` paints.

pub mod arabic;
pub mod cli;
pub mod document;
pub mod fonts;
pub mod glossary;
pub mod layout;
pub mod notes;
pub mod reading;
pub mod storage;
pub mod ui;
