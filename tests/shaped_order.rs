//! What the window actually draws: the glyphs egui's shaper makes for each laid-out piece,
//! read left to right across the line. The layout engine orders pieces; this checks that the
//! shaper does not undo that order inside a piece.

use qari::fonts::{HeadlessFonts, ReaderFont};
use qari::layout::{LayoutOptions, SegmentKind, TextStyle, layout_paragraph};

/// The characters of `text`'s first line as drawn, from left to right.
fn drawn_left_to_right(text: &str) -> String {
    let mut fonts = HeadlessFonts::default();
    fonts.with_measure(ReaderFont::NotoNaskh, |measure| {
        let style = TextStyle::regular(20.0);
        let layout = layout_paragraph(text, &LayoutOptions::new(2000.0, style), measure);
        let mut glyphs: Vec<(f32, char)> = Vec::new();
        for piece in &layout.lines[0].pieces {
            if piece.kind != SegmentKind::Word {
                continue;
            }
            let galley = measure.galley(piece.shaping_text(text), style);
            for row in &galley.rows {
                // egui adds zero-width glyphs at a run's end for the characters of
                // clusters: only the drawn ones count.
                for glyph in row.glyphs.iter().filter(|g| g.advance_width > 0.0) {
                    glyphs.push((piece.x + row.pos.x + glyph.pos.x, glyph.chr));
                }
            }
        }
        glyphs.sort_by(|a, b| a.0.total_cmp(&b.0));
        glyphs.into_iter().map(|(_, c)| c).collect()
    })
}

#[test]
fn arabic_indic_digits_read_left_to_right_inside_arabic() {
    // "In the year 2025, 1/10": Arabic-Indic and Persian digits are Arabic script, which
    // the shaper would lay out right to left.
    let drawn = drawn_left_to_right("في عام ٢٠٢٥ و۱۴۰۳");
    assert!(drawn.contains("٢٠٢٥"), "{drawn}");
    assert!(drawn.contains("۱۴۰۳"), "{drawn}");
    let drawn = drawn_left_to_right("ترجمه فارسی: سلام دنیا، NVIDIA در سال ۲۰۲۵");
    assert!(drawn.contains("۲۰۲۵"), "{drawn}");
}

#[test]
fn western_digits_and_latin_read_left_to_right_inside_arabic() {
    let drawn = drawn_left_to_right("أطلقت NVIDIA عام 2025 نموذجا");
    assert!(drawn.contains("NVIDIA"), "{drawn}");
    assert!(drawn.contains("2025"), "{drawn}");
}

#[test]
fn brackets_around_arabic_face_the_right_way() {
    // In a right-to-left line the opening bracket comes on the right of the word, drawn
    // mirrored: so, left to right, the shapes read "(" then ")" as in English.
    let drawn = drawn_left_to_right("قال (مرحبا) ثم");
    let left = drawn.find('(').unwrap();
    let right = drawn.find(')').unwrap();
    assert!(left < right, "{drawn}");
    assert_eq!(drawn.matches(['(', ')']).count(), 2, "{drawn}");
}
