//! Stage 2, segmentation: cut a paragraph into the smallest pieces that are shaped as one.
//!
//! A cut falls at every UAX #14 line-break opportunity, wherever the resolved bidi level
//! changes (so glued tokens such as "وNVIDIA" or "8%أثار" split into their directional
//! parts), between words and the spaces after them, around tabs, and — inside right-to-left
//! runs — between strong right-to-left letters and neutrals. That last cut matters because
//! the shaper only knows how to reverse a run of Arabic or Hebrew letters: neutrals such as
//! brackets, quotes and punctuation are reversed and mirrored by us (rules L2 and L4).

use std::ops::Range;

use unicode_bidi::BidiClass;
use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::analysis::{Analysis, is_bidi_control};

/// What a segment holds, for line breaking and justification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SegmentKind {
    Word,
    Space,
    Tab,
}

/// Whether a line may or must end after a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BreakAfter {
    No,
    Allowed,
    Mandatory,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    /// Logical byte range within the paragraph.
    pub range: Range<usize>,
    pub level: u8,
    pub kind: SegmentKind,
    pub break_after: BreakAfter,
}

/// The character group that decides the "strong RTL vs neutral" cut at odd levels.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Word,
    StrongRtl,
    Space,
    Tab,
}

fn group_of(class: BidiClass, level: u8, previous: Option<Group>) -> Group {
    use BidiClass::*;
    match class {
        WS => Group::Space,
        S | B => Group::Tab,
        // Marks and joiners stay with the letter they follow.
        NSM | BN => match previous {
            Some(Group::StrongRtl) => Group::StrongRtl,
            _ => Group::Word,
        },
        R | AL if level % 2 == 1 => Group::StrongRtl,
        _ => Group::Word,
    }
}

/// Cut `text` (already analysed) into segments in logical order.
pub fn segment(text: &str, analysis: &Analysis) -> Vec<Segment> {
    let mut opportunities = linebreaks(text).peekable();
    let mut segments: Vec<Segment> = Vec::new();
    let mut start = 0;
    let mut current: Option<(Group, u8)> = None;

    for (i, _) in text.char_indices() {
        let level = analysis.levels[i];
        let previous_group = current.map(|(g, _)| g);
        let group = group_of(analysis.classes[i], level, previous_group);

        let mut break_here = BreakAfter::No;
        while let Some(&(pos, kind)) = opportunities.peek() {
            if pos > i {
                break;
            }
            opportunities.next();
            if pos == i && i > 0 {
                break_here = match kind {
                    BreakOpportunity::Mandatory => BreakAfter::Mandatory,
                    BreakOpportunity::Allowed => BreakAfter::Allowed,
                };
            }
        }

        let cut = match current {
            None => false,
            Some((g, l)) => {
                break_here != BreakAfter::No || l != level || g != group || group == Group::Tab
            }
        };
        if cut {
            let (g, l) = current.expect("a cut needs a current segment");
            segments.push(Segment {
                range: start..i,
                level: l,
                kind: kind_of(g),
                break_after: break_here,
            });
            start = i;
        }
        current = Some((group, level));
    }
    if let Some((g, l)) = current {
        segments.push(Segment {
            range: start..text.len(),
            level: l,
            kind: kind_of(g),
            break_after: BreakAfter::Mandatory,
        });
    }
    segments
}

fn kind_of(group: Group) -> SegmentKind {
    match group {
        Group::Word | Group::StrongRtl => SegmentKind::Word,
        Group::Space => SegmentKind::Space,
        Group::Tab => SegmentKind::Tab,
    }
}

/// The text the shaper sees for a piece of `text`, or `None` when it is the logical text
/// itself. Bidi controls are dropped; at odd levels, a run without strong right-to-left
/// letters is reversed by grapheme and its brackets and quotes mirrored (rules L2, L4),
/// since the shaper would lay it out left to right.
pub fn shaping_text(text: &str, level: u8) -> Option<String> {
    use unicode_segmentation::UnicodeSegmentation;

    let has_controls = text.chars().any(is_bidi_control);
    let reverse = level % 2 == 1 && !text.chars().any(is_strong_rtl);
    if !has_controls && !reverse {
        return None;
    }
    let visible = |c: &char| !is_bidi_control(*c);
    if !reverse {
        return Some(text.chars().filter(visible).collect());
    }
    let mut out = String::with_capacity(text.len());
    for grapheme in text.graphemes(true).rev() {
        for c in grapheme.chars().filter(visible) {
            out.push(unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c));
        }
    }
    Some(out)
}

fn is_strong_rtl(c: char) -> bool {
    matches!(unicode_bidi::bidi_class(c), BidiClass::R | BidiClass::AL)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::analysis::BaseDirection;

    fn pieces(text: &str) -> Vec<(&str, u8)> {
        let analysis = Analysis::new(text, BaseDirection::Auto);
        segment(text, &analysis)
            .into_iter()
            .map(|s| (&text[s.range], s.level))
            .collect()
    }

    #[test]
    fn glued_latin_after_arabic_clitic_splits_by_level() {
        assert_eq!(pieces("وNVIDIA"), vec![("و", 1), ("NVIDIA", 2)]);
    }

    #[test]
    fn percent_glued_to_arabic_word_splits() {
        // W2: a number after Arabic letters is an Arabic number, so "%" stays neutral (level 1).
        assert_eq!(
            pieces("هذا 8%أثار"),
            vec![("هذا", 1), (" ", 1), ("8", 2), ("%", 1), ("أثار", 1)]
        );
    }

    #[test]
    fn latin_glued_to_arabic_word_splits() {
        assert_eq!(
            pieces("هذا CUDAالنظام"),
            vec![("هذا", 1), (" ", 1), ("CUDA", 2), ("النظام", 1)]
        );
    }

    #[test]
    fn colon_after_latin_in_rtl_paragraph_takes_paragraph_level() {
        assert_eq!(
            pieces("مع DeepSeek: حيث"),
            vec![
                ("مع", 1),
                (" ", 1),
                ("DeepSeek", 2),
                (":", 1),
                (" ", 1),
                ("حيث", 1)
            ]
        );
    }

    #[test]
    fn bracket_before_arabic_word_is_its_own_piece() {
        assert_eq!(
            pieces("قال (أولئك"),
            vec![("قال", 1), (" ", 1), ("(", 1), ("أولئك", 1)]
        );
    }

    #[test]
    fn fraction_stays_whole() {
        assert_eq!(
            pieces("مع 1/10 فقط"),
            vec![("مع", 1), (" ", 1), ("1/10", 2), (" ", 1), ("فقط", 1)]
        );
    }

    #[test]
    fn hyphenated_model_name_keeps_one_level() {
        let p = pieces("إصدار DeepSeek-R1، ركز");
        let latin: Vec<_> = p.iter().filter(|(_, l)| *l == 2).map(|(t, _)| *t).collect();
        assert_eq!(latin.concat(), "DeepSeek-R1");
        assert!(p.contains(&("،", 1)));
    }

    #[test]
    fn segments_cover_the_text_without_gaps() {
        let text =
            "قبل إصدار DeepSeek-R1، ركز السوق على: التدريب المسبق وNVIDIA.\u{2067}abc\u{2069} x";
        let analysis = Analysis::new(text, BaseDirection::Auto);
        let segs = segment(text, &analysis);
        let mut end = 0;
        for s in &segs {
            assert_eq!(s.range.start, end);
            assert!(s.range.end > s.range.start);
            end = s.range.end;
        }
        assert_eq!(end, text.len());
        assert_eq!(segs.last().unwrap().break_after, BreakAfter::Mandatory);
    }

    #[test]
    fn neutral_run_at_odd_level_is_reversed_and_mirrored() {
        assert_eq!(shaping_text("(«", 1).as_deref(), Some("»)"));
        assert_eq!(shaping_text("(", 2), None);
        assert_eq!(shaping_text("أولئك", 1), None);
        assert_eq!(shaping_text("a\u{200F}b", 2).as_deref(), Some("ab"));
    }
}
