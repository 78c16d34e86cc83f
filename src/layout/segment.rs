//! Stage 2, segmentation: cut a paragraph into the smallest pieces that are shaped as one.
//!
//! A cut falls at every UAX #14 line-break opportunity, wherever the resolved bidi level
//! changes (so glued tokens such as "وNVIDIA" or "8%أثار" split into their directional
//! parts), between words and the spaces after them, around tabs, and between characters of
//! right-to-left scripts and everything else. That last cut matters because the shaper
//! picks a run's direction from its script: it lays out Arabic or Hebrew right to left and
//! anything else left to right. So a piece is either wholly one or the other, and where the
//! shaper's direction is not the piece's bidi direction we reverse the piece for it:
//! neutrals such as brackets, quotes and punctuation at right-to-left levels (mirrored too,
//! rules L2 and L4), and Arabic-Indic digits, which are Arabic script but read left to right.

use std::ops::Range;

use unicode_bidi::BidiClass;
use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_script::{Script, UnicodeScript};

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
    /// Only inside a word wider than the line, which must be cut somewhere (CSS
    /// `overflow-wrap: anywhere`): between the pieces of an over-long word.
    Emergency,
    Allowed,
    Mandatory,
}

/// The most grapheme clusters a segment holds: a longer word is cut into pieces of this
/// many, so no single piece is ever shaped or measured as one huge run (a 50 MB "word"
/// would otherwise need gigabytes). Real words, even long URLs, rarely reach it; a cut
/// only costs the joining of letters across it.
pub const MAX_SEGMENT_GRAPHEMES: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    /// Logical byte range within the paragraph.
    pub range: Range<usize>,
    pub level: u8,
    pub kind: SegmentKind,
    pub break_after: BreakAfter,
}

/// The character group that decides the cut between right-to-left scripts and the rest.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Word,
    RtlScript,
    Space,
    Tab,
}

fn group_of(c: char, class: BidiClass, previous: Option<Group>) -> Group {
    use BidiClass::*;
    match class {
        WS => Group::Space,
        S | B => Group::Tab,
        // Marks and joiners stay with the letter they follow.
        NSM | BN => match previous {
            Some(Group::RtlScript) => Group::RtlScript,
            _ => Group::Word,
        },
        _ if is_rtl_script(script_of(c)) => Group::RtlScript,
        _ => Group::Word,
    }
}

/// The script of `c`, without a table lookup for ASCII and the basic Arabic letters (most
/// of the characters of the texts Qari reads; the lookup was the costliest step of
/// segmentation).
fn script_of(c: char) -> Script {
    match c {
        'a'..='z' | 'A'..='Z' => Script::Latin,
        _ if c.is_ascii() => Script::Common,
        '\u{621}'..='\u{63a}' | '\u{641}'..='\u{64a}' => Script::Arabic,
        _ => c.script(),
    }
}

/// The scripts the shaper (harfrust, like HarfBuzz) lays out right to left.
fn is_rtl_script(script: Script) -> bool {
    use Script::*;
    matches!(
        script,
        Arabic
            | Hebrew
            | Syriac
            | Thaana
            | Cypriot
            | Kharoshthi
            | Phoenician
            | Nko
            | Lydian
            | Avestan
            | Imperial_Aramaic
            | Inscriptional_Pahlavi
            | Inscriptional_Parthian
            | Old_South_Arabian
            | Old_Turkic
            | Samaritan
            | Mandaic
            | Meroitic_Cursive
            | Meroitic_Hieroglyphs
            | Manichaean
            | Mende_Kikakui
            | Nabataean
            | Old_North_Arabian
            | Palmyrene
            | Psalter_Pahlavi
            | Hatran
            | Adlam
            | Hanifi_Rohingya
            | Old_Sogdian
            | Sogdian
            | Elymaic
            | Chorasmian
            | Yezidi
            | Old_Uyghur
            | Garay
            | Sidetic
    )
}

/// Whether the shaper lays `text` out right to left: it goes by the script of the first
/// character that has one of its own.
fn shaper_is_rtl(text: &str) -> bool {
    text.chars()
        .map(script_of)
        .find(|s| !matches!(s, Script::Common | Script::Inherited | Script::Unknown))
        .is_some_and(is_rtl_script)
}

/// Cut `text` (already analysed) into segments in logical order.
pub fn segment(text: &str, analysis: &Analysis) -> Vec<Segment> {
    let mut opportunities = linebreaks(text).peekable();
    let mut segments: Vec<Segment> = Vec::new();
    let mut start = 0;
    let mut current: Option<(Group, u8)> = None;

    for (i, c) in text.char_indices() {
        let level = analysis.levels[i];
        let previous_group = current.map(|(g, _)| g);
        let group = group_of(c, analysis.classes[i], previous_group);

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
            push_bounded(
                &mut segments,
                text,
                Segment {
                    range: start..i,
                    level: l,
                    kind: kind_of(g),
                    break_after: break_here,
                },
            );
            start = i;
        }
        current = Some((group, level));
    }
    if let Some((g, l)) = current {
        push_bounded(
            &mut segments,
            text,
            Segment {
                range: start..text.len(),
                level: l,
                kind: kind_of(g),
                break_after: BreakAfter::Mandatory,
            },
        );
    }
    segments
}

/// Push `segment`, cut into pieces of at most [`MAX_SEGMENT_GRAPHEMES`] grapheme clusters
/// joined by emergency breaks.
fn push_bounded(segments: &mut Vec<Segment>, text: &str, segment: Segment) {
    use unicode_segmentation::UnicodeSegmentation;

    // A segment of few bytes has few graphemes: the common case costs one comparison.
    if segment.range.len() <= MAX_SEGMENT_GRAPHEMES {
        segments.push(segment);
        return;
    }
    let start = segment.range.start;
    let mut piece_start = start;
    let cuts = text[segment.range.clone()]
        .grapheme_indices(true)
        .map(|(at, _)| start + at)
        .skip(MAX_SEGMENT_GRAPHEMES)
        .step_by(MAX_SEGMENT_GRAPHEMES);
    for cut in cuts {
        segments.push(Segment {
            range: piece_start..cut,
            break_after: BreakAfter::Emergency,
            ..segment.clone()
        });
        piece_start = cut;
    }
    segments.push(Segment {
        range: piece_start..segment.range.end,
        ..segment
    });
}

fn kind_of(group: Group) -> SegmentKind {
    match group {
        Group::Word | Group::RtlScript => SegmentKind::Word,
        Group::Space => SegmentKind::Space,
        Group::Tab => SegmentKind::Tab,
    }
}

/// The text the shaper sees for a piece of `text`, or `None` when it is the logical text
/// itself. Bidi controls are dropped; a piece the shaper would lay out in the other
/// direction than its level says is reversed by grapheme, with its brackets and quotes
/// mirrored (rules L2, L4): neutrals at odd levels, Arabic-Indic digits at even ones.
pub fn shaping_text(text: &str, level: u8) -> Option<String> {
    use unicode_segmentation::UnicodeSegmentation;

    let has_controls = text.chars().any(is_bidi_control);
    let reverse = (level % 2 == 1) != shaper_is_rtl(text);
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
    fn the_ascii_shortcut_agrees_with_the_script_table() {
        for c in '\0'..='\u{7ff}' {
            assert_eq!(script_of(c), c.script(), "{c:?}");
        }
    }

    #[test]
    fn over_long_words_are_cut_into_bounded_pieces() {
        let word = "ب".repeat(MAX_SEGMENT_GRAPHEMES * 2 + 5);
        let text = format!("كلمة {word} أخرى");
        let analysis = Analysis::new(&text, BaseDirection::Auto);
        let segments = segment(&text, &analysis);
        let texts: Vec<usize> = segments
            .iter()
            .map(|s| text[s.range.clone()].chars().count())
            .collect();
        assert_eq!(texts, [4, 1, 64, 64, 5, 1, 4]);
        let breaks: Vec<BreakAfter> = segments.iter().map(|s| s.break_after).collect();
        use BreakAfter::*;
        assert_eq!(
            breaks,
            [No, Allowed, Emergency, Emergency, No, Allowed, Mandatory]
        );
        // Grapheme clusters stay whole: a letter with its tashkeel is never cut.
        let marked = "بَ".repeat(MAX_SEGMENT_GRAPHEMES + 1);
        let analysis = Analysis::new(&marked, BaseDirection::Auto);
        let segments = segment(&marked, &analysis);
        assert_eq!(segments.len(), 2);
        assert_eq!(marked[segments[1].range.clone()].chars().count(), 2);
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

    #[test]
    fn arabic_indic_digits_are_their_own_pieces_and_reversed_for_the_shaper() {
        // Arabic script, read left to right: the shaper would reverse them.
        assert_eq!(pieces("سنة ٢٠٢٥"), vec![("سنة", 1), (" ", 1), ("٢٠٢٥", 2)]);
        assert_eq!(shaping_text("٢٠٢٥", 2).as_deref(), Some("٥٢٠٢"));
        assert_eq!(shaping_text("۱۴۰۳", 2).as_deref(), Some("۳۰۴۱"));
        // Western digits and Latin are left to right for the shaper already.
        assert_eq!(shaping_text("2025", 2), None);
        // Glued to a Latin letter in a left-to-right word: cut where the shaper's
        // direction changes.
        assert_eq!(
            pieces("x٢٣ y"),
            vec![("x", 0), ("٢٣", 2), (" ", 0), ("y", 0)]
        );
    }
}
