//! Any bytes as an EPUB: a book or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(book) = qari::document::epub::read(data) {
        for (_, first) in &book.contents {
            assert!(*first < book.paragraphs.len());
        }
    }
});
