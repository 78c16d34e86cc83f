//! The bundled article laid out with the window's fonts and shaper, line by line against
//! Chromium's rendering of the same paragraphs at the same width and font
//! (tests/data/chromium/, made by make_reference.py there).

use std::ops::Range;

use qari::document::Document;
use qari::fonts::{HeadlessFonts, ReaderFont};
use qari::layout::{SegmentKind, layout_paragraph};
use qari::reading::paragraph_options;

const WIDTH: f32 = 760.0;
const SIZE: f32 = 20.0;

/// Space-separated tokens of a paragraph with their byte ranges.
fn tokens(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut start = 0;
    text.split(' ')
        .map(|token| {
            let range = start..start + token.len();
            start = range.end + 1;
            (range, token)
        })
        .collect()
}

/// Each line of each paragraph as its tokens, left to right.
fn qari_lines(document: &Document) -> Vec<Vec<Vec<String>>> {
    let mut fonts = HeadlessFonts::default();
    fonts.with_measure(ReaderFont::NotoNaskh, |measure| {
        document
            .paragraphs
            .iter()
            .map(|p| {
                let options = paragraph_options(p, WIDTH, SIZE, false);
                let layout = layout_paragraph(&p.text, &options, measure);
                let tokens = tokens(&p.text);
                layout
                    .lines
                    .iter()
                    .map(|line| {
                        let mut placed: Vec<(f32, &str)> = Vec::new();
                        for (range, token) in &tokens {
                            let x = line
                                .pieces
                                .iter()
                                .filter(|piece| piece.kind == SegmentKind::Word)
                                .filter(|piece| {
                                    range.start <= piece.range.start && piece.range.end <= range.end
                                })
                                .map(|piece| piece.x)
                                .reduce(f32::min);
                            if let Some(x) = x {
                                placed.push((x, token));
                            }
                        }
                        placed.sort_by(|a, b| a.0.total_cmp(&b.0));
                        placed.into_iter().map(|(_, t)| t.to_string()).collect()
                    })
                    .collect()
            })
            .collect()
    })
}

#[test]
fn article_lines_match_chromium_word_order() {
    let reference: Vec<Vec<Vec<String>>> =
        serde_json::from_str(include_str!("data/chromium/chromium-lines-760.json")).unwrap();
    let document = Document::bundled();
    assert_eq!(reference.len(), document.paragraphs.len());
    let ours = qari_lines(&document);

    let mut same_breaks = 0;
    let mut total = 0;
    let mut order_mismatches = Vec::new();
    for (index, (theirs, mine)) in reference.iter().zip(&ours).enumerate() {
        total += theirs.len().max(mine.len());
        for (line, (a, b)) in theirs.iter().zip(mine).enumerate() {
            let mut sa = a.clone();
            let mut sb = b.clone();
            sa.sort();
            sb.sort();
            if sa != sb {
                continue; // the line breaks differ here: word order cannot be compared
            }
            same_breaks += 1;
            if a != b {
                order_mismatches.push(format!(
                    "paragraph {index} line {line}:\n  chromium {a:?}\n  qari     {b:?}"
                ));
            }
        }
    }
    println!(
        "{same_breaks} of {total} lines break where Chromium breaks them; all of those in Chromium's word order"
    );
    assert!(
        order_mismatches.is_empty(),
        "{}",
        order_mismatches.join("\n")
    );
    // Sub-pixel differences between whole-line and per-piece shaping may move a word at a
    // line's end; anything more is a line-breaking bug.
    assert!(
        same_breaks * 100 >= total * 95,
        "only {same_breaks} of {total} lines break as in Chromium"
    );
}
