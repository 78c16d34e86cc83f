//! Stage 3, shaping and measuring: the layout engine asks a [`Measure`] how wide a piece is.
//!
//! The window and `qari layout` pass egui's shaper; tests pass [`FixedWidth`], a fake that
//! makes every expectation computable by hand.

/// The typographic style of a paragraph, as far as measuring is concerned.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextStyle {
    /// Font size in points.
    pub size: f32,
    pub bold: bool,
}

impl TextStyle {
    pub fn regular(size: f32) -> Self {
        TextStyle { size, bold: false }
    }
}

/// Measures shaped text. `text` is already in the form the shaper must see (see
/// [`super::segment::shaping_text`]).
pub trait Measure {
    /// Advance width of `text` shaped as one run.
    fn width(&mut self, text: &str, style: TextStyle) -> f32;
    /// Height of one line of text in this style, before any line-spacing factor.
    fn line_height(&mut self, style: TextStyle) -> f32;
}

/// Widths already measured, kept across layouts: for laying out a whole file with one
/// measurer (`qari layout`), where shaping every occurrence of every word again costs more
/// than anything else. Bounded: past `capacity` widths it starts afresh.
#[derive(Debug)]
pub struct WidthCache {
    /// Widths by style (size bits, bold), then by shaped text.
    widths: std::collections::HashMap<(u32, bool), std::collections::HashMap<Box<str>, f32>>,
    len: usize,
    capacity: usize,
}

impl WidthCache {
    pub fn new(capacity: usize) -> Self {
        WidthCache {
            widths: Default::default(),
            len: 0,
            capacity,
        }
    }

    /// `inner`, answering from the cache where it can.
    pub fn with<'a>(&'a mut self, inner: &'a mut dyn Measure) -> CachedMeasure<'a> {
        CachedMeasure { cache: self, inner }
    }
}

/// A [`Measure`] in front of another, through a [`WidthCache`].
pub struct CachedMeasure<'a> {
    cache: &'a mut WidthCache,
    inner: &'a mut dyn Measure,
}

impl Measure for CachedMeasure<'_> {
    fn width(&mut self, text: &str, style: TextStyle) -> f32 {
        let key = (style.size.to_bits(), style.bold);
        if let Some(&width) = self.cache.widths.get(&key).and_then(|w| w.get(text)) {
            return width;
        }
        let width = self.inner.width(text, style);
        if self.cache.len >= self.cache.capacity {
            self.cache.widths.clear();
            self.cache.len = 0;
        }
        self.cache.len += 1;
        self.cache
            .widths
            .entry(key)
            .or_default()
            .insert(text.into(), width);
        width
    }

    fn line_height(&mut self, style: TextStyle) -> f32 {
        self.inner.line_height(style)
    }
}

/// A fake measurer: every character that is not a bidi control is `size / 2` wide.
#[derive(Clone, Copy, Debug, Default)]
pub struct FixedWidth;

impl Measure for FixedWidth {
    fn width(&mut self, text: &str, style: TextStyle) -> f32 {
        let visible = text
            .chars()
            .filter(|c| !super::analysis::is_bidi_control(*c))
            .count();
        visible as f32 * style.size / 2.0
    }

    fn line_height(&mut self, style: TextStyle) -> f32 {
        style.size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts the widths it is asked for.
    struct Counting(usize);

    impl Measure for Counting {
        fn width(&mut self, text: &str, style: TextStyle) -> f32 {
            self.0 += 1;
            FixedWidth.width(text, style)
        }

        fn line_height(&mut self, style: TextStyle) -> f32 {
            style.size
        }
    }

    #[test]
    fn cached_widths_are_measured_once_per_text_and_style() {
        let mut inner = Counting(0);
        let mut cache = WidthCache::new(3);
        let regular = TextStyle::regular(2.0);
        let bold = TextStyle {
            bold: true,
            ..regular
        };
        let mut measure = cache.with(&mut inner);
        for _ in 0..3 {
            assert_eq!(measure.width("abc", regular), 3.0);
        }
        assert_eq!(measure.width("abc", bold), 3.0);
        assert_eq!(measure.width("ab", regular), 2.0);
        assert_eq!(inner.0, 3, "once each for abc, abc in bold, ab");
        // Full: the fourth new width starts the cache afresh.
        let mut measure = cache.with(&mut inner);
        measure.width("x", regular);
        measure.width("abc", regular);
        assert_eq!(inner.0, 5);
    }
}
