//! Stage 1, analysis: resolve the UAX #9 embedding level of every byte of a paragraph.
//!
//! Rules P2–P3 and X1–I2 come from `unicode-bidi`; everything after (line-level rule L1,
//! reordering, mirroring) is ours, because it has to work on shaped pieces, not characters.

use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo};

/// How the base direction of a paragraph is chosen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BaseDirection {
    /// From the first strong character, like HTML `dir="auto"`; left-to-right when there is none.
    #[default]
    Auto,
    Ltr,
    Rtl,
}

/// Resolved direction of a paragraph or a piece.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn of_level(level: u8) -> Self {
        if level % 2 == 1 {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }
}

/// The bidi analysis of one paragraph: per-byte classes and resolved levels.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub base_level: u8,
    /// Original Bidi_Class of the character covering each byte.
    pub classes: Vec<BidiClass>,
    /// Resolved level (before line rule L1) of each byte.
    pub levels: Vec<u8>,
}

impl Analysis {
    pub fn new(text: &str, direction: BaseDirection) -> Self {
        let default_level = match direction {
            BaseDirection::Auto => None,
            BaseDirection::Ltr => Some(Level::ltr()),
            BaseDirection::Rtl => Some(Level::rtl()),
        };
        let info = ParagraphBidiInfo::new(text, default_level);
        Analysis {
            base_level: info.paragraph_level.number(),
            classes: info.original_classes,
            levels: info.levels.iter().map(Level::number).collect(),
        }
    }

    pub fn direction(&self) -> Direction {
        Direction::of_level(self.base_level)
    }
}

/// Characters rule X9 removes from the algorithm: they have no level of their own and are
/// never displayed.
pub fn is_removed_by_x9(class: BidiClass) -> bool {
    use BidiClass::*;
    matches!(class, RLE | LRE | RLO | LRO | PDF | BN)
}

/// Characters whose level rule L1 resets when they trail a line or precede a tab.
pub fn is_l1_whitespace(class: BidiClass) -> bool {
    use BidiClass::*;
    matches!(class, WS | FSI | LRI | RLI | PDI) || is_removed_by_x9(class)
}

/// Invisible bidi formatting characters: kept in the logical text, never sent to the shaper
/// (fonts have no glyph for them, and a fallback box would be wrong).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `text` has any right-to-left letter (egui's own text widgets would misorder it).
pub fn has_rtl(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(unicode_bidi::bidi_class(c), BidiClass::R | BidiClass::AL))
}
