//! Stage 4, line breaking: fill lines greedily, in logical order, at break opportunities.
//!
//! Spaces at the end of a line hang: they never push a word onto the next line. A word wider
//! than the line starts a line of its own and is cut at grapheme boundaries to fit, as
//! browsers do with `overflow-wrap: anywhere`.

use std::ops::Range;

use super::segment::{BreakAfter, Segment, SegmentKind};

/// Split `segments` (with their measured `widths`) into lines no wider than `max_width`.
/// Returns ranges of segment indices. A word wider than a line starts a line of its own and
/// is cut at its emergency breaks (see [`split_overwide`] for making every piece fit).
pub fn break_lines(segments: &[Segment], widths: &[f32], max_width: f32) -> Vec<Range<usize>> {
    let mut filler = Filler {
        lines: Vec::new(),
        line_start: 0,
        line_width: 0.0,
        max_width,
    };
    let mut unit = Unit::default();
    for (i, segment) in segments.iter().enumerate() {
        unit.add(segment, widths[i]);
        if matches!(segment.break_after, BreakAfter::No | BreakAfter::Emergency) {
            continue;
        }
        // The unit `unit.start..=i` ends at a break opportunity.
        if unit.ink > max_width {
            if unit.start > filler.line_start {
                filler.end_line(unit.start);
            }
            let mut piece = Unit {
                start: unit.start,
                ..Unit::default()
            };
            for j in unit.start..=i {
                piece.add(&segments[j], widths[j]);
                if segments[j].break_after != BreakAfter::No {
                    filler.place(&piece);
                    piece = Unit {
                        start: j + 1,
                        ..Unit::default()
                    };
                }
            }
        } else {
            filler.place(&unit);
        }
        unit = Unit {
            start: i + 1,
            ..Unit::default()
        };
        if segment.break_after == BreakAfter::Mandatory && i + 1 < segments.len() {
            filler.end_line(i + 1);
        }
    }
    let mut lines = filler.lines;
    if filler.line_start < segments.len() || lines.is_empty() {
        lines.push(filler.line_start..segments.len());
    }
    lines
}

/// Segments that go on a line together, from `start` on.
#[derive(Default)]
struct Unit {
    start: usize,
    /// Width up to the last segment that is not a space: spaces at a line's end hang.
    ink: f32,
    total: f32,
}

impl Unit {
    fn add(&mut self, segment: &Segment, width: f32) {
        self.total += width;
        if segment.kind != SegmentKind::Space {
            self.ink = self.total;
        }
    }
}

/// Greedy filling: a unit goes on the current line if it fits, else starts the next.
struct Filler {
    lines: Vec<Range<usize>>,
    line_start: usize,
    line_width: f32,
    max_width: f32,
}

impl Filler {
    fn place(&mut self, unit: &Unit) {
        if unit.start > self.line_start && self.line_width + unit.ink > self.max_width {
            self.end_line(unit.start);
        }
        self.line_width += unit.total;
    }

    fn end_line(&mut self, at: usize) {
        self.lines.push(self.line_start..at);
        self.line_start = at;
        self.line_width = 0.0;
    }
}

/// Cut every word segment wider than `max_width` at grapheme boundaries into pieces that
/// fit (at least one grapheme each), joined by emergency breaks, as browsers do with
/// `overflow-wrap: anywhere`. `measure` gives the width of a byte range of the paragraph.
/// Returns the new segments and their widths, or `None` when nothing needed cutting.
pub fn split_overwide(
    text: &str,
    segments: &[Segment],
    widths: &[f32],
    max_width: f32,
    measure: &mut dyn FnMut(&Segment) -> f32,
) -> Option<(Vec<Segment>, Vec<f32>)> {
    use unicode_segmentation::UnicodeSegmentation;

    let overwide = |(s, w): (&Segment, &f32)| s.kind == SegmentKind::Word && *w > max_width;
    if !segments.iter().zip(widths).any(overwide) {
        return None;
    }
    let mut out_segments = Vec::with_capacity(segments.len());
    let mut out_widths = Vec::with_capacity(widths.len());
    for (segment, &width) in segments.iter().zip(widths) {
        if !overwide((segment, &width)) {
            out_segments.push(segment.clone());
            out_widths.push(width);
            continue;
        }
        let start = segment.range.start;
        let mut piece = Segment {
            range: start..start,
            break_after: BreakAfter::Emergency,
            ..segment.clone()
        };
        let mut piece_width = 0.0;
        for (at, grapheme) in text[segment.range.clone()].grapheme_indices(true) {
            let at = start + at;
            let one = Segment {
                range: at..at + grapheme.len(),
                ..piece.clone()
            };
            let grapheme_width = measure(&one);
            if piece.range.start < at && piece_width + grapheme_width > max_width {
                let width = measure(&piece);
                out_segments.push(piece.clone());
                out_widths.push(width);
                piece.range = at..at;
                piece_width = 0.0;
            }
            piece.range.end = at + grapheme.len();
            piece_width += grapheme_width;
        }
        piece.break_after = segment.break_after;
        out_widths.push(measure(&piece));
        out_segments.push(piece);
    }
    Some((out_segments, out_widths))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::analysis::{Analysis, BaseDirection};
    use crate::layout::segment::segment;

    fn lines_of(text: &str, max: f32) -> Vec<String> {
        let analysis = Analysis::new(text, BaseDirection::Auto);
        let segs = segment(text, &analysis);
        let widths: Vec<f32> = segs
            .iter()
            .map(|s| text[s.range.clone()].chars().count() as f32)
            .collect();
        break_lines(&segs, &widths, max)
            .into_iter()
            .map(|r| text[segs[r.start].range.start..segs[r.end - 1].range.end].to_string())
            .collect()
    }

    #[test]
    fn greedy_fill_with_hanging_spaces() {
        assert_eq!(lines_of("aaa bbb ccc", 7.0), vec!["aaa bbb ", "ccc"]);
        assert_eq!(lines_of("aaa bbb ccc", 6.0), vec!["aaa ", "bbb ", "ccc"]);
    }

    #[test]
    fn overlong_word_gets_its_own_line() {
        assert_eq!(lines_of("a bbbbbbbb c", 4.0), vec!["a ", "bbbbbbbb ", "c"]);
    }

    #[test]
    fn words_wider_than_the_line_start_a_line_and_are_cut_there() {
        // Each character is one unit wide here; pieces of at most 64 graphemes.
        let long = "b".repeat(150);
        let text = format!("a {long} c");
        let lines = lines_of(&text, 100.0);
        assert_eq!(
            lines.iter().map(|l| l.len()).collect::<Vec<_>>(),
            [2, 64, 64 + 22 + 2],
            "the word moves to its own line, then fills lines at its emergency breaks"
        );
        assert_eq!(lines.concat(), text);
        // A word that fits a line is not cut, even with emergency breaks inside it.
        let lines = lines_of(&text, 152.0);
        assert_eq!(lines, [format!("a {long} "), "c".to_string()]);
    }

    #[test]
    fn overwide_pieces_are_cut_to_fit_at_grapheme_boundaries() {
        let text = "aaaaaaaaaa bb";
        let analysis = Analysis::new(text, BaseDirection::Auto);
        let segs = segment(text, &analysis);
        let width = |s: &Segment| text[s.range.clone()].chars().count() as f32;
        let widths: Vec<f32> = segs.iter().map(width).collect();
        assert!(split_overwide(text, &segs, &widths, 20.0, &mut |s| width(s)).is_none());
        let (cut, cut_widths) =
            split_overwide(text, &segs, &widths, 4.0, &mut |s| width(s)).unwrap();
        let texts: Vec<&str> = cut.iter().map(|s| &text[s.range.clone()]).collect();
        assert_eq!(texts, ["aaaa", "aaaa", "aa", " ", "bb"]);
        assert_eq!(cut_widths, [4.0, 4.0, 2.0, 1.0, 2.0]);
        let lines = break_lines(&cut, &cut_widths, 4.0);
        assert_eq!(lines, [0..1, 1..2, 2..4, 4..5]);
    }

    #[test]
    fn glued_tokens_never_split() {
        assert_eq!(lines_of("هذا 8%أثار", 5.0), vec!["هذا ", "8%أثار"]);
    }

    #[test]
    fn mandatory_break_inside_paragraph() {
        assert_eq!(lines_of("ab\u{2028}cd", 100.0), vec!["ab\u{2028}", "cd"]);
    }
}
