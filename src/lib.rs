//! Qari: a reading and translation aid for Arabic text full of transliterated names.
//!
//! The core (`document`, `layout`) is plain Rust with no UI dependency; `ui` is the egui
//! shell around it.

pub mod document;
pub mod layout;
pub mod ui;
