//! Stage 5, reordering: rule L1 on each line, then L2 over the line's pieces.
//!
//! Pieces never straddle a level change, so reversing whole pieces (and letting the shaper
//! or [`super::segment::shaping_text`] order the characters inside each) is exactly L2.

use std::ops::Range;

use unicode_bidi::{BidiClass, BidiInfo, Level};

use super::analysis::{Analysis, is_l1_whitespace};

/// Levels of the bytes of `line` after rule L1: segment separators, and whitespace (with
/// isolate controls and characters removed by X9) before them or at the end of the line,
/// go back to the paragraph level.
pub fn line_levels(text: &str, analysis: &Analysis, line: Range<usize>) -> Vec<u8> {
    let mut levels = analysis.levels[line.clone()].to_vec();
    let base = analysis.base_level;
    let mut trailing = true;
    for (i, c) in text[line.clone()].char_indices().rev() {
        let class = analysis.classes[line.start + i];
        let reset = match class {
            BidiClass::S | BidiClass::B => {
                trailing = true;
                true
            }
            _ if is_l1_whitespace(class) => trailing,
            _ => {
                trailing = false;
                false
            }
        };
        if reset {
            levels[i..i + c.len_utf8()].fill(base);
        }
    }
    levels
}

/// Split `range` (bytes of a line) wherever its L1 levels change; `levels` is indexed from
/// `line_start`.
pub fn split_by_level(
    range: Range<usize>,
    levels: &[u8],
    line_start: usize,
) -> Vec<(Range<usize>, u8)> {
    let mut out: Vec<(Range<usize>, u8)> = Vec::new();
    for pos in range.clone() {
        let level = levels[pos - line_start];
        match out.last_mut() {
            Some((r, l)) if *l == level => r.end = pos + 1,
            _ => out.push((pos..pos + 1, level)),
        }
    }
    out
}

/// Visual order (left to right) of items with the given levels, by rule L2.
pub fn visual_order(levels: &[u8]) -> Vec<usize> {
    let levels: Vec<Level> = levels
        .iter()
        .map(|&l| Level::new(l).expect("resolved levels are within the UAX #9 maximum"))
        .collect();
    BidiInfo::reorder_visual(&levels)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::analysis::BaseDirection;

    #[test]
    fn trailing_spaces_take_paragraph_level() {
        let text = "abc אבג ";
        let analysis = Analysis::new(text, BaseDirection::Ltr);
        let levels = line_levels(text, &analysis, 0..text.len());
        assert_eq!(levels[text.len() - 1], 0);
        assert_eq!(analysis.levels[text.len() - 1], 0);
        // Between two Latin words the space resolves to 2; when a line ends there, L1 puts
        // it back to the paragraph level.
        let text = "אבג abc def";
        let analysis = Analysis::new(text, BaseDirection::Rtl);
        let space = "אבג abc".len();
        assert_eq!(analysis.levels[space], 2);
        let levels = line_levels(text, &analysis, 0..space + 1);
        assert_eq!(levels[space], 1);
        let levels = line_levels(text, &analysis, 0..text.len());
        assert_eq!(levels[space], 2, "not trailing on a full line");
    }

    #[test]
    fn l2_reverses_nested_runs() {
        assert_eq!(visual_order(&[1, 1, 2, 2, 1]), vec![4, 2, 3, 1, 0]);
        assert_eq!(visual_order(&[0, 1, 1, 0]), vec![0, 2, 1, 3]);
    }
}
