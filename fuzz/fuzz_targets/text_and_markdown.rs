//! Plain text and Markdown of any shape become paragraphs without panicking, and every
//! paragraph lays out and matches against the glossary.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qari::document::{Document, Origin};
use qari::layout::{FixedWidth, LayoutOptions, TextStyle, layout_paragraph};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let matcher = qari::glossary::Matcher::new(&qari::glossary::Glossary::bundled());
    for document in [
        Document::from_text(text, Origin::Pasted),
        Document::from_markdown(text, Origin::Pasted),
    ] {
        for paragraph in &document.paragraphs {
            assert!(!paragraph.text.trim().is_empty());
            let layout = layout_paragraph(
                &paragraph.text,
                &LayoutOptions::new(120.0, TextStyle::regular(2.0)),
                &mut FixedWidth,
            );
            assert!(!layout.lines.is_empty());
            for m in matcher.find(&paragraph.text) {
                assert!(
                    paragraph.text.is_char_boundary(m.range.start)
                        && paragraph.text.is_char_boundary(m.range.end)
                );
            }
        }
    }
});
