//! Stage 4, line breaking: fill lines greedily, in logical order, at break opportunities.
//!
//! Spaces at the end of a line hang: they never push a word onto the next line.

use std::ops::Range;

use super::segment::{BreakAfter, Segment, SegmentKind};

/// Split `segments` (with their measured `widths`) into lines no wider than `max_width`.
/// Returns ranges of segment indices. A unit wider than the line gets a line of its own.
pub fn break_lines(segments: &[Segment], widths: &[f32], max_width: f32) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut line_start = 0;
    // Width of the current line up to its last non-space segment, and including its spaces.
    let mut line_width = 0.0f32;
    let mut unit_start = 0;
    let mut unit_ink = 0.0f32; // width of the unit up to its last non-space segment
    let mut unit_total = 0.0f32;

    for (i, segment) in segments.iter().enumerate() {
        unit_total += widths[i];
        if segment.kind != SegmentKind::Space {
            unit_ink = unit_total;
        }
        if segment.break_after == BreakAfter::No {
            continue;
        }
        // The unit `unit_start..=i` ends at a break opportunity: does it fit?
        if unit_start > line_start && line_width + unit_ink > max_width {
            lines.push(line_start..unit_start);
            line_start = unit_start;
            line_width = 0.0;
        }
        line_width += unit_total;
        unit_start = i + 1;
        unit_ink = 0.0;
        unit_total = 0.0;
        if segment.break_after == BreakAfter::Mandatory && i + 1 < segments.len() {
            lines.push(line_start..i + 1);
            line_start = i + 1;
            line_width = 0.0;
        }
    }
    if line_start < segments.len() || lines.is_empty() {
        lines.push(line_start..segments.len());
    }
    lines
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
    fn glued_tokens_never_split() {
        assert_eq!(lines_of("هذا 8%أثار", 5.0), vec!["هذا ", "8%أثار"]);
    }

    #[test]
    fn mandatory_break_inside_paragraph() {
        assert_eq!(lines_of("ab\u{2028}cd", 100.0), vec!["ab\u{2028}", "cd"]);
    }
}
