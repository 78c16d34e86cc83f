//! Hit-testing on a laid-out paragraph: from a point to a logical offset, and from a logical
//! range to the rectangles it covers (one per visual piece), for hover, selection and
//! highlights.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::analysis::is_bidi_control;
use super::{Line, Measure, ParagraphLayout, Piece};

/// An axis-aligned rectangle in paragraph coordinates (x right, y down).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub min_x: f32,
    pub min_y: f32,
    pub max_x: f32,
    pub max_y: f32,
}

impl Rect {
    pub fn contains(&self, x: f32, y: f32) -> bool {
        (self.min_x..=self.max_x).contains(&x) && (self.min_y..=self.max_y).contains(&y)
    }
}

/// The word (UAX #29 word boundaries) around `offset`, or the empty range at `offset`
/// when it falls on whitespace.
pub fn word_at(text: &str, offset: usize) -> Range<usize> {
    for (start, word) in text.split_word_bound_indices() {
        let end = start + word.len();
        if (start..end).contains(&offset) || (offset == text.len() && end == offset) {
            if word.chars().all(char::is_whitespace) {
                return offset..offset;
            }
            return start..end;
        }
    }
    offset..offset
}

impl ParagraphLayout {
    /// Index of the line at height `y` (clamped to the first and last line).
    pub fn line_at(&self, y: f32) -> usize {
        let index = (y / self.line_height).floor().max(0.0) as usize;
        index.min(self.lines.len() - 1)
    }

    fn line_rect(&self, line: &Line, piece: &Piece) -> Rect {
        Rect {
            min_x: piece.x,
            min_y: line.top,
            max_x: piece.right(),
            max_y: line.top + self.line_height,
        }
    }

    /// The piece under the point, if the point is on one.
    pub fn piece_at(&self, x: f32, y: f32) -> Option<&Piece> {
        if y < 0.0 || y >= self.height() {
            return None;
        }
        let line = &self.lines[self.line_at(y)];
        line.pieces
            .iter()
            .find(|p| self.line_rect(line, p).contains(x, y))
    }

    /// The logical offset of the caret position nearest to the point: the caret a click
    /// there would place.
    pub fn offset_at(&self, text: &str, x: f32, y: f32, measure: &mut dyn Measure) -> usize {
        let line = &self.lines[self.line_at(y)];
        let Some(first) = line.pieces.first() else {
            return line.range.start;
        };
        let last = line.pieces.last().expect("non-empty");
        // Past either end of the line: the visual end nearest to the point.
        if x <= first.x {
            return if first.level % 2 == 1 {
                first.range.end
            } else {
                first.range.start
            };
        }
        if x >= last.right() {
            return if last.level % 2 == 1 {
                last.range.start
            } else {
                last.range.end
            };
        }
        let piece = line.pieces.iter().find(|p| x < p.right()).unwrap_or(last);
        let mut best = (f32::INFINITY, piece.range.start);
        for boundary in grapheme_boundaries(text, piece.range.clone()) {
            let caret = self.caret_x_in(text, piece, boundary, measure);
            let distance = (caret - x).abs();
            if distance < best.0 {
                best = (distance, boundary);
            }
        }
        best.1
    }

    /// The x of the caret before logical `offset` inside `piece`.
    fn caret_x_in(
        &self,
        text: &str,
        piece: &Piece,
        offset: usize,
        measure: &mut dyn Measure,
    ) -> f32 {
        if offset <= piece.range.start {
            return if piece.level % 2 == 1 {
                piece.right()
            } else {
                piece.x
            };
        }
        if offset >= piece.range.end {
            return if piece.level % 2 == 1 {
                piece.x
            } else {
                piece.right()
            };
        }
        let prefix: String = text[piece.range.start..offset]
            .chars()
            .filter(|c| !is_bidi_control(*c))
            .collect();
        let advance = measure.width(&prefix, self.style).min(piece.width);
        if piece.level % 2 == 1 {
            piece.right() - advance
        } else {
            piece.x + advance
        }
    }

    /// Rectangles covering the logical `range`: one per visual piece it touches, in
    /// visual order line by line.
    pub fn range_rects(
        &self,
        text: &str,
        range: Range<usize>,
        measure: &mut dyn Measure,
    ) -> Vec<Rect> {
        let mut rects = Vec::new();
        if range.is_empty() {
            return rects;
        }
        for line in &self.lines {
            if line.range.end <= range.start || line.range.start >= range.end {
                continue;
            }
            for piece in &line.pieces {
                let start = piece.range.start.max(range.start);
                let end = piece.range.end.min(range.end);
                if start >= end {
                    continue;
                }
                let a = self.caret_x_in(text, piece, start, measure);
                let b = self.caret_x_in(text, piece, end, measure);
                rects.push(Rect {
                    min_x: a.min(b),
                    min_y: line.top,
                    max_x: a.max(b),
                    max_y: line.top + self.line_height,
                });
            }
        }
        rects
    }
}

fn grapheme_boundaries(text: &str, range: Range<usize>) -> impl Iterator<Item = usize> + '_ {
    let start = range.start;
    text[range.clone()]
        .grapheme_indices(true)
        .map(move |(i, _)| start + i)
        .chain(std::iter::once(range.end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::FixedWidth;
    use crate::layout::tests::layout;

    #[test]
    fn word_at_finds_clitic_and_latin_together() {
        let text = "التدريب المسبق وNVIDIA.";
        let offset = text.find("NVIDIA").unwrap() + 2;
        assert_eq!(&text[word_at(text, offset)], "وNVIDIA");
        let space = text.find(' ').unwrap();
        assert!(word_at(text, space).is_empty());
    }

    #[test]
    fn click_on_rtl_word_lands_inside_it() {
        // Each char is 1pt wide; width 10 holds "ابت ثجح" (7) on one line, right-aligned.
        let text = "ابت ثجح";
        let layout = layout(text, 10.0);
        // The first word (logical 0..) is at the right: x in 7..10.
        let offset = layout.offset_at(text, 9.9, 0.5, &mut FixedWidth);
        assert_eq!(
            offset, 0,
            "the right edge of an RTL word is its logical start"
        );
        let offset = layout.offset_at(text, 8.1, 0.5, &mut FixedWidth);
        assert_eq!(offset, "ابت".len() - 2, "one letter before the word's end");
        let piece = layout.piece_at(5.5, 0.5).unwrap();
        assert_eq!(&text[piece.range.clone()], "ثجح");
        assert!(
            layout.piece_at(1.0, 0.5).is_none(),
            "left of a right-aligned line is empty"
        );
    }

    #[test]
    fn range_rects_one_per_visual_piece_across_lines() {
        let text = "aaa bbb ccc";
        let layout = layout(text, 7.0);
        let rects = layout.range_rects(text, 1..9, &mut FixedWidth);
        // Line 1: "aa" of aaa, " ", "bbb", " "; line 2: "c".
        assert_eq!(rects.len(), 5);
        assert_eq!(
            rects[0],
            Rect {
                min_x: 1.0,
                min_y: 0.0,
                max_x: 3.0,
                max_y: 2.0
            }
        );
        assert_eq!(
            rects[4],
            Rect {
                min_x: 0.0,
                min_y: 2.0,
                max_x: 1.0,
                max_y: 4.0
            }
        );
    }

    #[test]
    fn range_rects_inside_rtl_piece_measure_from_the_right() {
        let text = "ابتث";
        let layout = layout(text, 10.0);
        let rects = layout.range_rects(text, 0.."اب".len(), &mut FixedWidth);
        assert_eq!(
            rects,
            vec![Rect {
                min_x: 8.0,
                min_y: 0.0,
                max_x: 10.0,
                max_y: 2.0
            }]
        );
    }
}
