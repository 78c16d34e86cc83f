//! Any bytes as a TBX glossary: see `glossary_common.rs`.
#![no_main]

#[path = "glossary_common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use qari::glossary::exchange::Format;

fuzz_target!(|data: &[u8]| common::import_round_trip(data, Format::Tbx));
