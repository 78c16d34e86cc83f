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
