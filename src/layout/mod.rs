//! Bidi paragraph layout, as named stages (the shape of parley and cosmic-text):
//! [`analysis`] → [`segment`] → [`measure`] → [`linebreak`] → [`reorder`], with [`hit`]
//! testing on the result and [`flow`] stacking paragraphs lazily for a whole document.
//!
//! egui shapes a single run but has no bidi, so this module decides what each run is and
//! where it goes; the caller only supplies a [`Measure`]. Nothing here depends on egui.

pub mod analysis;
pub mod flow;
pub mod hit;
pub mod linebreak;
pub mod measure;
pub mod reorder;
pub mod segment;

use std::ops::Range;

pub use analysis::{Analysis, BaseDirection, Direction};
pub use flow::Flow;
pub use hit::{Rect, word_at};
pub use measure::{FixedWidth, Measure, TextStyle, WidthCache};
pub use segment::SegmentKind;

/// How to lay out one paragraph.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutOptions {
    /// Line width in points; `f32::INFINITY` for no wrapping.
    pub max_width: f32,
    pub direction: BaseDirection,
    /// Stretch the spaces of every line but the last to fill the width.
    pub justify: bool,
    /// Line height as a multiple of the font's own line height.
    pub line_spacing: f32,
    pub style: TextStyle,
}

impl LayoutOptions {
    pub fn new(max_width: f32, style: TextStyle) -> Self {
        LayoutOptions {
            max_width,
            direction: BaseDirection::Auto,
            justify: false,
            line_spacing: 1.0,
            style,
        }
    }
}

/// A shaped run placed on a line.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    /// Logical byte range within the paragraph text.
    pub range: Range<usize>,
    /// Bidi level after rule L1; odd is right-to-left.
    pub level: u8,
    pub kind: SegmentKind,
    /// Left edge, relative to the paragraph's left edge.
    pub x: f32,
    pub width: f32,
    /// What the shaper must be given when it differs from the logical text (reversed and
    /// mirrored neutrals, bidi controls removed).
    shaped: Option<Box<str>>,
}

impl Piece {
    /// The text to shape and paint for this piece.
    pub fn shaping_text<'a>(&'a self, paragraph: &'a str) -> &'a str {
        self.shaped
            .as_deref()
            .unwrap_or(&paragraph[self.range.clone()])
    }

    pub fn right(&self) -> f32 {
        self.x + self.width
    }
}

/// One laid-out line: its pieces in visual order, left to right.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub pieces: Vec<Piece>,
    /// Logical byte range of the line within the paragraph.
    pub range: Range<usize>,
    /// Top edge relative to the paragraph's top.
    pub top: f32,
}

/// A laid-out paragraph.
#[derive(Clone, Debug, PartialEq)]
pub struct ParagraphLayout {
    pub direction: Direction,
    pub lines: Vec<Line>,
    pub style: TextStyle,
    /// Distance between consecutive line tops.
    pub line_height: f32,
    /// The font's own line height (the shaped runs' height), centred in `line_height`.
    pub text_height: f32,
    pub max_width: f32,
}

impl ParagraphLayout {
    pub fn height(&self) -> f32 {
        self.lines.len() as f32 * self.line_height
    }
}

/// Lay out `text` (one paragraph, no paragraph separators) to `options.max_width`.
pub fn layout_paragraph(
    text: &str,
    options: &LayoutOptions,
    measure: &mut dyn Measure,
) -> ParagraphLayout {
    let style = options.style;
    let analysis = Analysis::new(text, options.direction);
    let mut measure_segment = |s: &segment::Segment| {
        let logical = &text[s.range.clone()];
        let shaped = segment::shaping_text(logical, s.level);
        measure.width(shaped.as_deref().unwrap_or(logical), style)
    };
    let mut segments = segment::segment(text, &analysis);
    let mut widths: Vec<f32> = segments.iter().map(&mut measure_segment).collect();
    if let Some((cut, cut_widths)) = linebreak::split_overwide(
        text,
        &segments,
        &widths,
        options.max_width,
        &mut measure_segment,
    ) {
        (segments, widths) = (cut, cut_widths);
    }
    let text_height = measure.line_height(style);
    let line_height = text_height * options.line_spacing;

    let mut lines = Vec::new();
    let line_ranges = if segments.is_empty() {
        Vec::new()
    } else {
        linebreak::break_lines(&segments, &widths, options.max_width)
    };
    let last_line = line_ranges.len().saturating_sub(1);
    for (index, seg_range) in line_ranges.into_iter().enumerate() {
        let line_segments = &segments[seg_range.clone()];
        let range = line_segments[0].range.start..line_segments[line_segments.len() - 1].range.end;
        let levels = reorder::line_levels(text, &analysis, range.clone());
        let mut pieces = Vec::with_capacity(line_segments.len());
        for (segment, &width) in line_segments.iter().zip(&widths[seg_range]) {
            let runs = reorder::split_by_level(segment.range.clone(), &levels, range.start);
            let single = runs.len() == 1;
            for (run, level) in runs {
                let logical = &text[run.clone()];
                let shaped = segment::shaping_text(logical, level);
                let width = if single && level == segment.level {
                    width
                } else {
                    measure.width(shaped.as_deref().unwrap_or(logical), style)
                };
                pieces.push(Piece {
                    range: run,
                    level,
                    kind: segment.kind,
                    x: 0.0,
                    width,
                    shaped: shaped.map(String::into_boxed_str),
                });
            }
        }
        let ends_paragraph = index == last_line
            || line_segments.last().map(|s| s.break_after) == Some(segment::BreakAfter::Mandatory);
        let justify = options.justify && !ends_paragraph && options.max_width.is_finite();
        let pieces = place(pieces, &analysis, options.max_width, justify);
        lines.push(Line {
            pieces,
            range,
            top: index as f32 * line_height,
        });
    }
    if lines.is_empty() {
        lines.push(Line {
            pieces: Vec::new(),
            range: 0..0,
            top: 0.0,
        });
    }
    ParagraphLayout {
        direction: analysis.direction(),
        lines,
        style,
        line_height,
        text_height,
        max_width: options.max_width,
    }
}

/// Reorder a line's pieces visually and give each its x: right-aligned for right-to-left
/// paragraphs, left-aligned otherwise, with trailing whitespace hanging past the edge.
fn place(logical: Vec<Piece>, analysis: &Analysis, max_width: f32, justify: bool) -> Vec<Piece> {
    // Whitespace at the logical end of the line hangs and takes no part in alignment.
    let trailing = logical
        .iter()
        .rev()
        .take_while(|p| p.kind != SegmentKind::Word)
        .count();
    let content_end = logical.len() - trailing;
    let content_width: f32 = logical[..content_end].iter().map(|p| p.width).sum();
    let stretchable = logical[..content_end]
        .iter()
        .filter(|p| p.kind == SegmentKind::Space)
        .count();
    let extra_per_space = if justify && stretchable > 0 && content_width < max_width {
        (max_width - content_width) / stretchable as f32
    } else {
        0.0
    };

    let levels: Vec<u8> = logical.iter().map(|p| p.level).collect();
    let order = reorder::visual_order(&levels);
    let mut slots: Vec<Option<Piece>> = logical.into_iter().map(Some).collect();
    let mut visual = Vec::with_capacity(slots.len());
    for logical_index in order {
        let mut piece = slots[logical_index]
            .take()
            .expect("visual order is a permutation");
        if logical_index < content_end && piece.kind == SegmentKind::Space {
            piece.width += extra_per_space;
        }
        visual.push(piece);
    }

    let total: f32 = visual.iter().map(|p| p.width).sum();
    let rtl = analysis.base_level % 2 == 1;
    let mut x = if rtl && max_width.is_finite() {
        max_width - total
    } else if rtl {
        // No width limit: the hanging whitespace sits left of zero.
        -(total - content_width - extra_per_space * stretchable as f32)
    } else {
        0.0
    };
    for piece in &mut visual {
        piece.x = x;
        x += piece.width;
    }
    visual
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` laid out with one point per character (the fake measurer at size 2).
    pub(crate) fn layout(text: &str, width: f32) -> ParagraphLayout {
        layout_paragraph(
            text,
            &LayoutOptions::new(width, TextStyle::regular(2.0)),
            &mut FixedWidth,
        )
    }

    /// Each line as its pieces' texts in visual order, left to right.
    fn visual_lines(text: &str, width: f32) -> Vec<Vec<String>> {
        layout(text, width)
            .lines
            .iter()
            .map(|l| {
                l.pieces
                    .iter()
                    .filter(|p| p.kind == SegmentKind::Word)
                    .map(|p| text[p.range.clone()].to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn rtl_paragraph_starts_on_top_line_at_the_right_edge() {
        let text = "لا يوجد شيء خاطئ في هذه الآراء. ولكن ما لم يشير إليه هوانغ";
        let layout = layout(text, 20.0);
        assert_eq!(layout.direction, Direction::Rtl);
        assert!(layout.lines.len() > 2);
        let first = &layout.lines[0];
        assert_eq!(first.range.start, 0);
        let rightmost = first
            .pieces
            .iter()
            .max_by(|a, b| a.right().total_cmp(&b.right()))
            .unwrap();
        assert_eq!(&text[rightmost.range.clone()], "لا");
        assert_eq!(rightmost.right(), 20.0);
        // Every line is right-aligned and in reading order right to left.
        for line in &layout.lines {
            let words: Vec<_> = line
                .pieces
                .iter()
                .filter(|p| p.kind == SegmentKind::Word)
                .collect();
            assert!((words.last().unwrap().right() - 20.0).abs() < 1e-3);
            for pair in words.windows(2) {
                assert!(
                    pair[0].range.start > pair[1].range.start,
                    "RTL words run right to left"
                );
            }
        }
    }

    #[test]
    fn latin_words_and_numbers_keep_their_order_inside_arabic() {
        let text = "حققت نفس الأداء مع 1/10 فقط من DeepSeek-R1 وNVIDIA: 8%أثار";
        let lines = visual_lines(text, f32::INFINITY);
        assert_eq!(lines.len(), 1);
        // After "NVIDIA" the number is European (W7: preceded by L), so "NVIDIA: 8%" is one
        // left-to-right run; after an Arabic word it would be Arabic-Indic (W2, see below).
        let expect = [
            "أثار",
            "NVIDIA:",
            "8%",
            "و",
            "DeepSeek-R1",
            "من",
            "فقط",
            "1/10",
            "مع",
            "الأداء",
            "نفس",
            "حققت",
        ];
        let got: Vec<&str> = lines[0].iter().map(String::as_str).collect();
        assert_eq!(got.concat(), expect.concat(), "{got:?}");
    }

    #[test]
    fn number_after_arabic_keeps_its_percent_sign_to_the_left() {
        // As in the article: "في الصناعة: 8%أثار". W2 makes 8 an Arabic number, so "%" is a
        // neutral between two RTL things: visually أثار, %, 8, then the colon.
        let text = "الصناعة: 8%أثار";
        let lines = visual_lines(text, f32::INFINITY);
        assert_eq!(lines[0], ["أثار", "%", "8", ":", "الصناعة"]);
    }

    #[test]
    fn ltr_paragraph_is_left_aligned_with_arabic_inside_reversed() {
        let text = "NVIDIA is إنفيديا in Arabic";
        let layout = layout(text, f32::INFINITY);
        assert_eq!(layout.direction, Direction::Ltr);
        let words: Vec<&str> = layout.lines[0]
            .pieces
            .iter()
            .filter(|p| p.kind == SegmentKind::Word)
            .map(|p| &text[p.range.clone()])
            .collect();
        assert_eq!(words, ["NVIDIA", "is", "إنفيديا", "in", "Arabic"]);
        assert_eq!(layout.lines[0].pieces[0].x, 0.0);
    }

    #[test]
    fn brackets_in_rtl_are_mirrored_for_the_shaper() {
        let text = "قال (أولئك الذين)";
        let layout = layout(text, f32::INFINITY);
        let pieces = &layout.lines[0].pieces;
        let shaped: Vec<&str> = pieces.iter().map(|p| p.shaping_text(text)).collect();
        // Visually, left to right: "(" then الذين then أولئك then ")" then قال.
        assert_eq!(shaped.first(), Some(&"("));
        assert!(shaped.contains(&")"));
        let open = pieces
            .iter()
            .position(|p| &text[p.range.clone()] == "(")
            .unwrap();
        let close = pieces
            .iter()
            .position(|p| &text[p.range.clone()] == ")")
            .unwrap();
        assert!(
            close < open,
            "the logical ')' ends the RTL run, so it sits at the left"
        );
        assert_eq!(pieces[open].shaping_text(text), ")");
    }

    #[test]
    fn justification_fills_all_lines_but_the_last() {
        let text = "aa bb cc dd ee ff gg";
        let mut options = LayoutOptions::new(10.0, TextStyle::regular(2.0));
        options.justify = true;
        let layout = layout_paragraph(text, &options, &mut FixedWidth);
        let lines = &layout.lines;
        assert!(lines.len() >= 2);
        for line in &lines[..lines.len() - 1] {
            let last_word = line
                .pieces
                .iter()
                .rev()
                .find(|p| p.kind == SegmentKind::Word)
                .unwrap();
            assert!((last_word.right() - 10.0).abs() < 1e-3);
        }
        let last = lines.last().unwrap();
        assert!(last.pieces.iter().map(Piece::right).fold(0.0, f32::max) < 10.0);
    }

    #[test]
    fn empty_paragraph_has_one_empty_line() {
        let layout = layout("", 100.0);
        assert_eq!(layout.lines.len(), 1);
        assert_eq!(layout.height(), 2.0);
    }

    #[test]
    fn explicit_direction_overrides_first_strong() {
        let text = "abc אבג";
        let mut options = LayoutOptions::new(f32::INFINITY, TextStyle::regular(2.0));
        options.direction = BaseDirection::Rtl;
        let layout = layout_paragraph(text, &options, &mut FixedWidth);
        assert_eq!(layout.direction, Direction::Rtl);
        assert_eq!(&text[layout.lines[0].pieces[0].range.clone()], "אבג");
    }
}
