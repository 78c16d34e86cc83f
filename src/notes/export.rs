//! Notes and drafts as text: Markdown for sharing or finishing a translation elsewhere, and
//! a short listing for the terminal.

use std::fmt::Write;

use super::{Notes, Placements};
use crate::document::collapse_whitespace;

impl Placements {
    /// Indices of the placed notes, in reading order.
    pub fn notes_in_reading_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.notes.len())
            .filter(|&i| self.notes[i].is_some())
            .collect();
        order.sort_by_key(|&i| {
            let placed = self.notes[i].as_ref().expect("filtered");
            (placed.paragraph, placed.range.start, placed.range.end)
        });
        order
    }

    /// Indices of the notes that could not be placed.
    pub fn unplaced_notes(&self) -> Vec<usize> {
        (0..self.notes.len())
            .filter(|&i| self.notes[i].is_none())
            .collect()
    }

    /// Indices of the drafts that could not be placed.
    pub fn unplaced_drafts(&self) -> Vec<usize> {
        (0..self.drafts.len())
            .filter(|&i| self.drafts[i].is_none())
            .collect()
    }
}

/// Continuation lines of a list item are indented to stay in the item.
fn indented(text: &str) -> String {
    text.trim().replace('\n', "\n  ")
}

/// `text` on one line, cut to at most `longest` characters.
pub fn one_line(text: &str, longest: usize) -> String {
    let flat = collapse_whitespace(text);
    match flat.char_indices().nth(longest) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

fn short_quote(quote: &str) -> String {
    one_line(quote, 80)
}

/// Every paragraph of the article as a block quote, followed by its draft translation and
/// its notes with what they quote; then the article note and anything unplaced.
pub fn markdown(
    title: &str,
    paragraphs: &[&str],
    notes: &Notes,
    placements: &Placements,
) -> String {
    let mut out = format!("# {title}\n\n");
    if !notes.article_note().trim().is_empty() {
        let _ = write!(
            out,
            "## Article note\n\n{}\n\n",
            notes.article_note().trim()
        );
    }
    let order = placements.notes_in_reading_order();
    let drafts = placements.drafts_by_paragraph();
    let mut next_note = order.iter().peekable();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        let _ = write!(out, "---\n\n**¶ {}**\n\n", index + 1);
        for line in paragraph.lines() {
            let _ = writeln!(out, "> {line}");
        }
        out.push('\n');
        if let Some(draft) = drafts.get(&index).map(|&d| &notes.drafts[d])
            && !draft.text.trim().is_empty()
        {
            let _ = write!(out, "{}\n\n", draft.text.trim());
        }
        let mut any = false;
        while let Some(&&i) = next_note.peek() {
            if placements.notes[i].as_ref().expect("placed").paragraph != index {
                break;
            }
            next_note.next();
            let note = &notes.notes[i];
            let quote =
                &paragraphs[index][placements.notes[i].as_ref().expect("placed").range.clone()];
            let _ = writeln!(out, "- “{}”: {}", short_quote(quote), indented(&note.text));
            any = true;
        }
        if any {
            out.push('\n');
        }
    }
    let unplaced_notes = placements.unplaced_notes();
    let unplaced_drafts = placements.unplaced_drafts();
    if !unplaced_notes.is_empty() || !unplaced_drafts.is_empty() {
        out.push_str("---\n\n## Unplaced\n\nThese no longer match the article's text.\n\n");
        let unplaced = unplaced_notes
            .iter()
            .map(|&i| ("Note on", &notes.notes[i].anchor, &notes.notes[i].text))
            .chain(
                unplaced_drafts
                    .iter()
                    .map(|&i| ("Draft of", &notes.drafts[i].anchor, &notes.drafts[i].text)),
            );
        for (what, anchor, text) in unplaced {
            let quote = short_quote(&anchor.quote);
            let _ = writeln!(out, "- {what} “{quote}”: {}", indented(text));
        }
    }
    out
}

/// One line per note and draft, in reading order, for `qari notes`.
pub fn listing(paragraphs: &[&str], notes: &Notes, placements: &Placements) -> String {
    let mut out = String::new();
    if !notes.article_note().trim().is_empty() {
        let _ = writeln!(out, "article: {}", short_quote(notes.article_note()));
    }
    let mut items: Vec<(usize, usize, String)> = Vec::new();
    for i in placements.notes_in_reading_order() {
        let placed = placements.notes[i].as_ref().expect("placed");
        let quote = &paragraphs[placed.paragraph][placed.range.clone()];
        items.push((
            placed.paragraph,
            placed.range.start,
            format!(
                "¶{} note ({:?}) “{}”: {}",
                placed.paragraph + 1,
                placed.how,
                short_quote(quote),
                short_quote(&notes.notes[i].text)
            ),
        ));
    }
    for (i, placed) in placements.drafts.iter().enumerate() {
        if let Some(placed) = placed {
            items.push((
                placed.paragraph,
                usize::MAX,
                format!(
                    "¶{} draft ({:?}): {}",
                    placed.paragraph + 1,
                    placed.how,
                    short_quote(&notes.drafts[i].text)
                ),
            ));
        }
    }
    items.sort_by_key(|(p, at, _)| (*p, *at));
    for (_, _, line) in items {
        let _ = writeln!(out, "{line}");
    }
    for i in placements.unplaced_notes() {
        let note = &notes.notes[i];
        let _ = writeln!(
            out,
            "unplaced note “{}”: {}",
            short_quote(&note.anchor.quote),
            short_quote(&note.text)
        );
    }
    for i in placements.unplaced_drafts() {
        let _ = writeln!(
            out,
            "unplaced draft: {}",
            short_quote(&notes.drafts[i].text)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::Anchor;

    const ARTICLE: [&str; 2] = [
        "أعلنت شركة إنفيديا عن نتائجها.",
        "قال هوانغ رينكسون إن الطلب قوي.",
    ];

    fn notes() -> Notes {
        let mut notes = Notes::default();
        let at = |p: usize, q: &str| {
            let start = ARTICLE[p].find(q).unwrap();
            Anchor::new(&ARTICLE, p, start..start + q.len())
        };
        // Added out of reading order on purpose.
        notes.add_note(
            at(1, "هوانغ رينكسون"),
            "Jensen Huang's Chinese name\nread in Arabic",
        );
        notes.add_note(at(0, "إنفيديا"), "NVIDIA");
        notes.set_draft(
            None,
            || Anchor::paragraph(&ARTICLE, 1),
            "Huang said demand is strong.",
        );
        let deleted = Anchor {
            paragraph: 0,
            offset: 0,
            quote: "نص محذوف".into(),
            before: "سياق لم يعد موجودا".into(),
            after: "ولا هذا أيضا".into(),
        };
        notes.add_note(deleted, "lost words");
        notes.set_article_note("Source: a news site.");
        notes
    }

    #[test]
    fn markdown_has_each_paragraph_with_its_draft_and_notes_in_order() {
        let notes = notes();
        let placements = Placements::find(&notes, &ARTICLE);
        let text = markdown("Title", &ARTICLE, &notes, &placements);
        let expected = "# Title\n\n## Article note\n\nSource: a news site.\n\n\
            ---\n\n**¶ 1**\n\n> أعلنت شركة إنفيديا عن نتائجها.\n\n- “إنفيديا”: NVIDIA\n\n\
            ---\n\n**¶ 2**\n\n> قال هوانغ رينكسون إن الطلب قوي.\n\nHuang said demand is strong.\n\n\
            - “هوانغ رينكسون”: Jensen Huang's Chinese name\n  read in Arabic\n\n\
            ---\n\n## Unplaced\n\nThese no longer match the article's text.\n\n\
            - Note on “نص محذوف”: lost words\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn listing_is_in_reading_order() {
        let notes = notes();
        let placements = Placements::find(&notes, &ARTICLE);
        let text = listing(&ARTICLE, &notes, &placements);
        let expected = [
            "article: Source: a news site.",
            "¶1 note (Exact) “إنفيديا”: NVIDIA",
            "¶2 note (Exact) “هوانغ رينكسون”: Jensen Huang's Chinese name",
            "¶2 draft (Exact): Huang said",
            "unplaced note “نص محذوف”: lost words",
        ];
        assert_eq!(text.lines().count(), expected.len(), "{text}");
        for (line, start) in text.lines().zip(expected) {
            assert!(line.starts_with(start), "{text}");
        }
    }
}
