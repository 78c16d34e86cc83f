//! Any bytes, with any forced encoding: decoding never panics, and text that decodes is
//! whole (no NULs outside UTF-16, never empty).
#![no_main]

use libfuzzer_sys::fuzz_target;
use qari::document::decode::{CHOICES, decode};

fuzz_target!(|data: &[u8]| {
    let forced = data
        .first()
        .and_then(|b| CHOICES.get(usize::from(*b) % (CHOICES.len() + 1)).copied());
    if let Ok(decoded) = decode(data, forced) {
        assert!(!decoded.text.trim().is_empty());
    }
});
