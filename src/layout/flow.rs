//! A document's paragraphs stacked top to bottom and laid out lazily: only the paragraphs
//! that come into view are shaped, so opening or scrolling a 10 MB file costs what one
//! screen costs. Paragraphs not yet laid out have an estimated height, refined from the
//! ones that were.

use std::ops::Range;

use super::{LayoutOptions, Measure, ParagraphLayout, layout_paragraph};

/// What the flow lays out: the paragraphs of a document, with their layout options.
pub trait FlowSource {
    fn paragraph_count(&self) -> usize;
    fn text(&self, index: usize) -> &str;
    fn options(&self, index: usize) -> LayoutOptions;
    /// Vertical space after a paragraph.
    fn gap_after(&self, index: usize) -> f32;
}

/// Lazily laid-out paragraphs with their vertical positions.
#[derive(Debug, Default)]
pub struct Flow {
    /// Identifies the settings the layouts were made with (width, font, size, ...).
    key: u64,
    layouts: Vec<Option<ParagraphLayout>>,
    /// Height of each paragraph including the gap after it: exact once laid out.
    heights: Vec<f32>,
    char_counts: Vec<u32>,
    /// `tops[i]` is the y of paragraph `i`; `tops.len() == heights.len() + 1`.
    tops: Vec<f32>,
    /// `tops[..=valid_tops]` are up to date.
    valid_tops: usize,
    /// Learned averages for estimates: advance per character and line height, per point of
    /// font size.
    advance_per_size: Average,
    line_height_per_size: Average,
}

#[derive(Debug, Clone, Copy)]
struct Average {
    sum: f64,
    weight: f64,
    default: f32,
}

impl Default for Average {
    fn default() -> Self {
        Average {
            sum: 0.0,
            weight: 0.0,
            default: 0.0,
        }
    }
}

impl Average {
    fn with_default(default: f32) -> Self {
        Average {
            default,
            ..Average::default()
        }
    }

    fn add(&mut self, value: f64, weight: f64) {
        self.sum += value;
        self.weight += weight;
    }

    fn get(&self) -> f32 {
        if self.weight > 0.0 {
            (self.sum / self.weight) as f32
        } else {
            self.default
        }
    }
}

impl Flow {
    /// Make sure the flow describes `source` laid out with the settings identified by
    /// `key`: layouts are thrown away when the key or the paragraph count changed. A flow
    /// serves one document; another document needs a new `Flow` (the reader makes one).
    pub fn sync(&mut self, key: u64, source: &dyn FlowSource) {
        let count = source.paragraph_count();
        if self.key == key && self.layouts.len() == count && !self.char_counts.is_empty() {
            return;
        }
        if self.char_counts.len() != count || self.key == 0 {
            self.char_counts = (0..count)
                .map(|i| source.text(i).chars().count() as u32)
                .collect();
        }
        self.key = key;
        self.layouts = vec![None; count];
        if self.advance_per_size.weight == 0.0 {
            self.advance_per_size = Average::with_default(0.42);
            self.line_height_per_size = Average::with_default(1.7);
        }
        self.heights = (0..count).map(|i| self.estimate(i, source)).collect();
        self.tops = vec![0.0; count + 1];
        self.valid_tops = 0;
    }

    fn estimate(&self, index: usize, source: &dyn FlowSource) -> f32 {
        let options = source.options(index);
        let size = options.style.size;
        let line_height = self.line_height_per_size.get() * size * options.line_spacing;
        let text_width = self.char_counts[index] as f32 * self.advance_per_size.get() * size;
        let lines = if options.max_width.is_finite() && options.max_width > 0.0 {
            (text_width / options.max_width).ceil().max(1.0)
        } else {
            1.0
        };
        lines * line_height + source.gap_after(index)
    }

    pub fn len(&self) -> usize {
        self.layouts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.layouts.is_empty()
    }

    fn update_tops(&mut self) {
        for i in self.valid_tops..self.heights.len() {
            self.tops[i + 1] = self.tops[i] + self.heights[i];
        }
        self.valid_tops = self.heights.len();
    }

    fn set_height(&mut self, index: usize, height: f32) {
        if self.heights[index] != height {
            self.heights[index] = height;
            self.valid_tops = self.valid_tops.min(index);
        }
    }

    /// Top of paragraph `index` (or the total height, for `index == len()`).
    pub fn top(&mut self, index: usize) -> f32 {
        if self.valid_tops < index {
            self.update_tops();
        }
        self.tops[index]
    }

    pub fn total_height(&mut self) -> f32 {
        let n = self.len();
        self.top(n)
    }

    /// Height of paragraph `index` without the gap after it.
    pub fn layout(&self, index: usize) -> Option<&ParagraphLayout> {
        self.layouts.get(index).and_then(Option::as_ref)
    }

    /// Paragraphs that intersect `y0..y1`.
    pub fn range_in(&mut self, y0: f32, y1: f32) -> Range<usize> {
        self.update_tops();
        let n = self.len();
        // First paragraph whose bottom is below y0.
        let start = self.tops[1..]
            .partition_point(|&bottom| bottom <= y0)
            .min(n);
        let end = self.tops[..n].partition_point(|&top| top < y1).max(start);
        start..end
    }

    /// The paragraph at height `y`, clamped to the document.
    pub fn paragraph_at(&mut self, y: f32) -> Option<usize> {
        if self.is_empty() {
            return None;
        }
        let range = self.range_in(y, y + f32::EPSILON);
        Some(range.start.min(self.len() - 1))
    }

    /// Take in a new [`FlowSource::gap_after`] of paragraph `index` (something drawn below
    /// it grew or shrank) without laying it out again.
    pub fn refresh_gap(&mut self, index: usize, source: &dyn FlowSource) {
        let height = match &self.layouts[index] {
            Some(layout) => layout.height() + source.gap_after(index),
            None => self.estimate(index, source),
        };
        self.set_height(index, height);
    }

    /// Lay out paragraph `index` if it is not laid out yet.
    pub fn ensure(&mut self, index: usize, source: &dyn FlowSource, measure: &mut dyn Measure) {
        if self.layouts[index].is_some() {
            return;
        }
        let options = source.options(index);
        let text = source.text(index);
        let layout = layout_paragraph(text, &options, measure);
        let size = options.style.size as f64;
        let chars = self.char_counts[index] as f64;
        if chars > 0.0 && options.max_width.is_finite() {
            let full_lines = layout.lines.len().saturating_sub(1) as f64;
            let ink: f64 = full_lines * options.max_width as f64
                + layout.lines.last().map_or(0.0, |l| {
                    l.pieces.iter().map(|p| p.width as f64).sum::<f64>()
                });
            self.advance_per_size.add(ink / size, chars);
        }
        self.line_height_per_size.add(
            (layout.line_height / options.line_spacing) as f64 / size,
            1.0,
        );
        self.set_height(index, layout.height() + source.gap_after(index));
        self.layouts[index] = Some(layout);
    }

    /// Lay out every paragraph visible in the viewport `top..top + height`.
    ///
    /// Returns the visible paragraphs and how far the viewport must move so that the
    /// text at its top stays put while estimated heights above it become exact.
    pub fn ensure_visible(
        &mut self,
        top: f32,
        height: f32,
        source: &dyn FlowSource,
        measure: &mut dyn Measure,
    ) -> (Range<usize>, f32) {
        if self.is_empty() {
            return (0..0, 0.0);
        }
        let anchor = self.paragraph_at(top).unwrap_or(0);
        let mut shift = 0.0;
        if self.layouts[anchor].is_none() {
            // The viewport's top is inside a paragraph whose height was a guess: keep the
            // same fraction of it above the viewport once its real height is known.
            let anchor_top = self.top(anchor);
            let estimated = self.heights[anchor];
            self.ensure(anchor, source, measure);
            let into = top - anchor_top;
            if into > 0.0 && estimated > 0.0 {
                shift = into * self.heights[anchor] / estimated - into;
            }
        }
        let top = top + shift;
        // Laying out may shrink paragraphs and bring more into view: repeat until stable.
        loop {
            let range = self.range_in(top, top + height);
            let pending: Vec<usize> = range
                .clone()
                .filter(|&i| self.layouts[i].is_none())
                .collect();
            if pending.is_empty() {
                return (range, shift);
            }
            for i in pending {
                self.ensure(i, source, measure);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{FixedWidth, TextStyle};

    struct Paragraphs(Vec<String>, f32);

    impl FlowSource for Paragraphs {
        fn paragraph_count(&self) -> usize {
            self.0.len()
        }
        fn text(&self, index: usize) -> &str {
            &self.0[index]
        }
        fn options(&self, _: usize) -> LayoutOptions {
            LayoutOptions::new(self.1, TextStyle::regular(2.0))
        }
        fn gap_after(&self, _: usize) -> f32 {
            1.0
        }
    }

    fn source(n: usize) -> Paragraphs {
        Paragraphs(
            (0..n)
                .map(|i| format!("كلمة {i} ").repeat(1 + i % 7))
                .collect(),
            40.0,
        )
    }

    #[test]
    fn only_visible_paragraphs_are_laid_out() {
        let source = source(10_000);
        let mut flow = Flow::default();
        flow.sync(1, &source);
        let (range, shift) = flow.ensure_visible(0.0, 50.0, &source, &mut FixedWidth);
        assert_eq!(range.start, 0);
        assert_eq!(shift, 0.0);
        let laid_out = flow.layouts.iter().filter(|l| l.is_some()).count();
        assert_eq!(laid_out, range.len());
        assert!(laid_out < 40, "{laid_out}");
        for i in range {
            let exact = flow.layout(i).unwrap().height() + 1.0;
            assert_eq!(flow.top(i + 1) - flow.top(i), exact);
        }
    }

    #[test]
    fn a_grown_gap_moves_the_paragraphs_below_without_a_new_layout() {
        /// Paragraph 1 has a field below it whose height changes.
        struct Growing(Paragraphs, std::cell::Cell<f32>);
        impl FlowSource for Growing {
            fn paragraph_count(&self) -> usize {
                self.0.paragraph_count()
            }
            fn text(&self, index: usize) -> &str {
                self.0.text(index)
            }
            fn options(&self, index: usize) -> LayoutOptions {
                self.0.options(index)
            }
            fn gap_after(&self, index: usize) -> f32 {
                if index == 1 { self.1.get() } else { 1.0 }
            }
        }
        let source = Growing(source(5), std::cell::Cell::new(1.0));
        let mut flow = Flow::default();
        flow.sync(1, &source);
        for i in 0..5 {
            flow.ensure(i, &source, &mut FixedWidth);
        }
        let tops: Vec<f32> = (0..5).map(|i| flow.top(i)).collect();
        source.1.set(31.0);
        flow.refresh_gap(1, &source);
        assert_eq!(flow.top(1), tops[1]);
        for (i, top) in tops.iter().enumerate().skip(2) {
            assert_eq!(flow.top(i), top + 30.0);
        }
        assert!((0..5).all(|i| flow.layout(i).is_some()), "layouts are kept");
    }

    #[test]
    fn tops_follow_exact_heights_and_range_lookup_agrees() {
        let source = source(100);
        let mut flow = Flow::default();
        flow.sync(7, &source);
        for i in 0..100 {
            flow.ensure(i, &source, &mut FixedWidth);
        }
        let mut y = 0.0;
        for i in 0..100 {
            assert_eq!(flow.top(i), y);
            y += flow.layout(i).unwrap().height() + 1.0;
        }
        assert_eq!(flow.total_height(), y);
        let mid = flow.top(50) + 0.5;
        assert_eq!(flow.range_in(mid, mid + 0.1), 50..51);
        assert_eq!(flow.paragraph_at(1e9), Some(99));
    }

    #[test]
    fn viewport_inside_a_guessed_paragraph_keeps_its_place() {
        let source = source(1000);
        let mut flow = Flow::default();
        flow.sync(1, &source);
        let into = 3.0;
        let top = flow.top(500) + into;
        let estimated = flow.top(501) - flow.top(500);
        let (range, shift) = flow.ensure_visible(top, 50.0, &source, &mut FixedWidth);
        assert_eq!(range.start, 500);
        let exact = flow.top(501) - flow.top(500);
        assert_ne!(exact, estimated, "the test needs a wrong guess");
        assert!((shift - (into * exact / estimated - into)).abs() < 1e-3);
        let (_, again) = flow.ensure_visible(top + shift, 50.0, &source, &mut FixedWidth);
        assert_eq!(again, 0.0, "a laid-out paragraph never moves the view");
    }

    #[test]
    fn changing_the_key_discards_layouts() {
        let mut source = source(20);
        let mut flow = Flow::default();
        flow.sync(1, &source);
        flow.ensure_visible(0.0, 100.0, &source, &mut FixedWidth);
        assert!(flow.layout(0).is_some());
        source.1 = 20.0;
        flow.sync(2, &source);
        assert!(flow.layout(0).is_none());
        flow.ensure(0, &source, &mut FixedWidth);
        assert_eq!(flow.layout(0).unwrap().max_width, 20.0);
    }
}
