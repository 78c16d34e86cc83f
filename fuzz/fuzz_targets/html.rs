//! Any HTML, however broken or deeply nested, gives paragraphs or a refusal without
//! panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qari::document::{Document, Origin};

fuzz_target!(|data: &[u8]| {
    let Ok(html) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(document) = Document::from_html(html, Origin::Pasted) {
        assert!(
            document
                .paragraphs
                .iter()
                .all(|p| !p.text.trim().is_empty())
        );
    }
});
