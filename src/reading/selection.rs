//! The reader's selection as a pure value: positions in a document, the range they cover in
//! each paragraph, the text they select, and the words a note on them is attached to.
//! (helix-core's `selection.rs` is the model: no window needed to test it.)

use std::ops::Range;

use crate::document::Document;
use crate::layout::word_at;

/// A position in the document: paragraph index and byte offset in its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocPos {
    pub paragraph: usize,
    pub offset: usize,
}

/// A selection from where the drag started (`anchor`) to where it is now (`head`); either
/// may come first in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    pub anchor: DocPos,
    pub head: DocPos,
}

impl Selection {
    /// A selection that starts and ends at `pos`, as a drag begins.
    pub fn at(pos: DocPos) -> Self {
        Selection {
            anchor: pos,
            head: pos,
        }
    }

    /// `range` of paragraph `paragraph`.
    pub fn within(paragraph: usize, range: Range<usize>) -> Self {
        Selection {
            anchor: DocPos {
                paragraph,
                offset: range.start,
            },
            head: DocPos {
                paragraph,
                offset: range.end,
            },
        }
    }

    /// All of `document`, or `None` when it has no paragraphs.
    pub fn all(document: &Document) -> Option<Self> {
        let last = document.paragraphs.len().checked_sub(1)?;
        Some(Selection {
            anchor: DocPos {
                paragraph: 0,
                offset: 0,
            },
            head: DocPos {
                paragraph: last,
                offset: document.paragraphs[last].text.len(),
            },
        })
    }

    /// Start and end in reading order.
    pub fn ordered(&self) -> (DocPos, DocPos) {
        if self.anchor <= self.head {
            (self.anchor, self.head)
        } else {
            (self.head, self.anchor)
        }
    }

    pub fn is_empty(&self) -> bool {
        self.anchor == self.head
    }

    /// The byte range of paragraph `index` (of `len` bytes) that the selection covers.
    pub fn range_in(&self, index: usize, len: usize) -> Option<Range<usize>> {
        let (start, end) = self.ordered();
        if index < start.paragraph || index > end.paragraph {
            return None;
        }
        let from = if index == start.paragraph {
            start.offset
        } else {
            0
        };
        let to = if index == end.paragraph {
            end.offset
        } else {
            len
        };
        (from < to).then_some(from..to)
    }

    /// The selected text in logical order, paragraphs separated by newlines; `None` when
    /// nothing is selected.
    pub fn text(&self, document: &Document) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let (start, end) = self.ordered();
        let parts: Vec<&str> = (start.paragraph..=end.paragraph)
            .filter_map(|i| {
                let text = &document.paragraphs[i].text;
                self.range_in(i, text.len()).map(|r| &text[r])
            })
            .collect();
        Some(parts.join("\n"))
    }

    /// What a note on this selection is attached to: the selected part of its first
    /// paragraph, without surrounding spaces, widened to whole words (a drag rarely starts
    /// exactly on a word's edge). `None` when only spaces are selected.
    pub fn note_range(&self, document: &Document) -> Option<(usize, Range<usize>)> {
        if self.is_empty() {
            return None;
        }
        let (start, _) = self.ordered();
        let text = &document.paragraphs[start.paragraph].text;
        let range = self.range_in(start.paragraph, text.len())?;
        let selected = &text[range.clone()];
        let from = range.start + (selected.len() - selected.trim_start().len());
        let to = range.end - (selected.len() - selected.trim_end().len());
        if from >= to {
            return None;
        }
        let last_char = text[..to]
            .char_indices()
            .next_back()
            .map_or(from, |(i, _)| i);
        let from = word_at(text, from).start.min(from);
        let to = word_at(text, last_char).end.max(to);
        Some((start.paragraph, from..to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Origin;

    fn document() -> Document {
        Document::from_text("قال هوانغ رينكسون إن\nالطلب قوي جدا\nخاتمة", Origin::Pasted)
    }

    fn pos(paragraph: usize, offset: usize) -> DocPos {
        DocPos { paragraph, offset }
    }

    #[test]
    fn a_backward_drag_covers_the_same_text_as_a_forward_one() {
        let doc = document();
        let forward = Selection {
            anchor: pos(0, "قال ".len()),
            head: pos(1, 10),
        };
        let backward = Selection {
            anchor: forward.head,
            head: forward.anchor,
        };
        assert_eq!(forward.ordered(), backward.ordered());
        let text = forward.text(&doc).unwrap();
        assert_eq!(text, "هوانغ رينكسون إن\nالطلب");
        assert_eq!(backward.text(&doc).unwrap(), text);
        let len = doc.paragraphs[0].text.len();
        assert_eq!(forward.range_in(0, len), Some("قال ".len()..len));
        assert_eq!(forward.range_in(2, 12), None);
    }

    #[test]
    fn empty_selections_select_nothing() {
        let doc = document();
        let empty = Selection::at(pos(1, 3));
        assert!(empty.is_empty());
        assert_eq!(empty.text(&doc), None);
        assert_eq!(empty.note_range(&doc), None);
        assert_eq!(empty.range_in(1, 20), None);
    }

    #[test]
    fn selecting_all_covers_every_paragraph() {
        let doc = document();
        let all = Selection::all(&doc).unwrap();
        assert_eq!(all.text(&doc).unwrap(), doc.text());
        assert_eq!(
            Selection::all(&Document::from_text("", Origin::Pasted)),
            None
        );
    }

    #[test]
    fn note_ranges_widen_to_whole_words_and_drop_spaces() {
        let doc = document();
        let text = &doc.paragraphs[0].text;
        // From inside هوانغ to inside رينكسون, with the space after: the two whole words.
        let start = text.find("وانغ").unwrap();
        let end = text.find("كسون").unwrap();
        let selection = Selection::within(0, start..end);
        let (paragraph, range) = selection.note_range(&doc).unwrap();
        assert_eq!((paragraph, &text[range]), (0, "هوانغ رينكسون"));
        // Spaces alone are nothing to note.
        let space = text.find(' ').unwrap();
        assert_eq!(
            Selection::within(0, space..space + 1).note_range(&doc),
            None
        );
        // Across paragraphs, the note takes the first paragraph's part.
        let across = Selection {
            anchor: pos(0, text.find("إن").unwrap()),
            head: pos(1, 4),
        };
        let (paragraph, range) = across.note_range(&doc).unwrap();
        assert_eq!((paragraph, &text[range]), (0, "إن"));
    }
}
