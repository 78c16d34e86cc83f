//! How the reader lays out a paragraph: its text style by kind, the direction its source
//! declares, the space after it. The window, `qari layout`, tests and benches all go
//! through here, so they lay the same text out the same way.

use std::hash::{Hash, Hasher};

use crate::document::{Paragraph, ParagraphKind};
use crate::layout::{BaseDirection, Direction, LayoutOptions, TextStyle};

/// Line height as a multiple of the font's own.
const LINE_SPACING: f32 = 1.15;

/// Heading sizes, levels 1 to 6, as multiples of the body size.
const HEADING_SCALE: [f32; 6] = [1.6, 1.4, 1.25, 1.15, 1.1, 1.05];

/// The text style of a paragraph of `kind` when body text is `size` points.
pub fn text_style(kind: ParagraphKind, size: f32) -> TextStyle {
    match kind {
        ParagraphKind::Body => TextStyle::regular(size),
        ParagraphKind::Byline => TextStyle::regular((size * 0.8).round()),
        ParagraphKind::Heading(level) => TextStyle {
            size: (size * HEADING_SCALE[usize::from(level.clamp(1, 6)) - 1]).round(),
            bold: true,
        },
    }
}

/// How to lay `paragraph` out in a column `width` wide with body text of `size` points: its
/// style, and the direction its source declares (HTML `dir`), else the first strong
/// character's. Only body text is justified.
pub fn paragraph_options(
    paragraph: &Paragraph,
    width: f32,
    size: f32,
    justify: bool,
) -> LayoutOptions {
    let mut options = LayoutOptions::new(width, text_style(paragraph.kind, size));
    options.justify = justify && paragraph.kind == ParagraphKind::Body;
    options.line_spacing = LINE_SPACING;
    options.direction = match paragraph.direction {
        Some(Direction::Rtl) => BaseDirection::Rtl,
        Some(Direction::Ltr) => BaseDirection::Ltr,
        None => BaseDirection::Auto,
    };
    options
}

/// Space after a paragraph of `kind` when body text is `size` points: more after a heading
/// or a byline than between paragraphs of body text.
pub fn gap_after(kind: ParagraphKind, size: f32) -> f32 {
    match kind {
        ParagraphKind::Byline | ParagraphKind::Heading(_) => size,
        ParagraphKind::Body => size * 0.7,
    }
}

/// A key for everything that changes line breaks (column width, text size, face,
/// justification, draft fields between paragraphs): laid-out paragraphs are reused only
/// while it stays the same. Never 0, which a layout flow takes for "nothing laid out yet".
pub fn layout_key(width: f32, size: f32, face: impl Hash, justify: bool, drafts: bool) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    width.to_bits().hash(&mut hasher);
    size.to_bits().hash(&mut hasher);
    face.hash(&mut hasher);
    justify.hash(&mut hasher);
    drafts.hash(&mut hasher);
    hasher.finish() | 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(kind: ParagraphKind, direction: Option<Direction>) -> Paragraph {
        Paragraph {
            text: "نص".into(),
            kind,
            direction,
        }
    }

    #[test]
    fn headings_are_larger_and_bold_bylines_smaller() {
        assert_eq!(
            text_style(ParagraphKind::Body, 20.0),
            TextStyle::regular(20.0)
        );
        assert_eq!(
            text_style(ParagraphKind::Byline, 20.0),
            TextStyle::regular(16.0)
        );
        let h1 = text_style(ParagraphKind::Heading(1), 20.0);
        assert_eq!((h1.size, h1.bold), (32.0, true));
        // Levels past 6 are styled as 6.
        assert_eq!(
            text_style(ParagraphKind::Heading(9), 20.0),
            text_style(ParagraphKind::Heading(6), 20.0)
        );
    }

    #[test]
    fn a_declared_direction_is_kept_and_only_body_text_is_justified() {
        let ltr = paragraph_options(
            &paragraph(ParagraphKind::Body, Some(Direction::Ltr)),
            500.0,
            20.0,
            true,
        );
        assert_eq!(ltr.direction, BaseDirection::Ltr);
        assert!(ltr.justify);
        let heading = paragraph_options(
            &paragraph(ParagraphKind::Heading(2), None),
            500.0,
            20.0,
            true,
        );
        assert_eq!(heading.direction, BaseDirection::Auto);
        assert!(!heading.justify);
        assert_eq!(heading.line_spacing, LINE_SPACING);
    }

    #[test]
    fn the_layout_key_changes_with_what_changes_line_breaks() {
        let key = layout_key(600.0, 20.0, "naskh", false, false);
        assert_ne!(key, 0);
        assert_eq!(key, layout_key(600.0, 20.0, "naskh", false, false));
        for other in [
            layout_key(601.0, 20.0, "naskh", false, false),
            layout_key(600.0, 21.0, "naskh", false, false),
            layout_key(600.0, 20.0, "amiri", false, false),
            layout_key(600.0, 20.0, "naskh", true, false),
            layout_key(600.0, 20.0, "naskh", false, true),
        ] {
            assert_ne!(key, other);
        }
        assert!(gap_after(ParagraphKind::Heading(1), 20.0) > gap_after(ParagraphKind::Body, 20.0));
    }
}
