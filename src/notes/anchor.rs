//! Where a note or a draft belongs in an article that may have changed since it was written.
//!
//! An [`Anchor`] remembers the quoted text, up to [`CONTEXT_CHARS`] characters on each side
//! of it, the paragraph index and the byte offset. Placing it again tries, in order: the
//! same place; the quote elsewhere, preferring matching context and nearness; then fuzzy
//! ways (the quote in normalised spelling, the text between the old context, the nearest
//! approximate match). What cannot be placed is reported as unplaced, never dropped.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::Notes;
use crate::arabic;

/// How much context an anchor keeps on each side of its quote, in characters.
pub const CONTEXT_CHARS: usize = 32;

/// Fuzzy searches look this many paragraphs before and after the anchor's old paragraph.
const NEARBY: usize = 50;

/// The most work (quote characters × text bytes) one approximate search may do: tens of
/// milliseconds, however long the paragraphs.
const APPROXIMATE_CELLS: usize = 40_000_000;

/// At most `len` bytes of `text` around byte `centre`, cut at character boundaries.
fn window_around(text: &str, centre: usize, len: usize) -> Range<usize> {
    if text.len() <= len {
        return 0..text.len();
    }
    let start = centre.saturating_sub(len / 2).min(text.len() - len);
    text.floor_char_boundary(start)..text.floor_char_boundary(start + len)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub paragraph: usize,
    /// Byte offset of the quote in the paragraph.
    pub offset: usize,
    pub quote: String,
    pub before: String,
    pub after: String,
}

/// How an anchor was placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Placement {
    /// Where it was.
    Exact,
    /// The same text, somewhere else.
    Moved,
    /// Text like it: the wording changed.
    Fuzzy,
}

/// Where an anchor is in the article now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    pub paragraph: usize,
    pub range: Range<usize>,
    pub how: Placement,
}

impl Anchor {
    /// The anchor of `range` in paragraph `paragraph` of `paragraphs`.
    pub fn new(paragraphs: &[&str], paragraph: usize, range: Range<usize>) -> Self {
        let text = paragraphs[paragraph];
        let before = &text[..range.start];
        let after = &text[range.end..];
        let before_start = before
            .char_indices()
            .rev()
            .nth(CONTEXT_CHARS - 1)
            .map_or(0, |(i, _)| i);
        let after_end = after
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(after.len(), |(i, _)| i);
        Anchor {
            paragraph,
            offset: range.start,
            quote: text[range].to_owned(),
            before: before[before_start..].to_owned(),
            after: after[..after_end].to_owned(),
        }
    }

    /// The anchor of a whole paragraph, for its draft translation.
    pub fn paragraph(paragraphs: &[&str], paragraph: usize) -> Self {
        Anchor::new(paragraphs, paragraph, 0..paragraphs[paragraph].len())
    }

    /// How well the text around `range` of `text` agrees with the remembered context, in
    /// characters, and the most it could be.
    fn context_score(&self, text: &str, range: &Range<usize>) -> (usize, usize) {
        let before = common_suffix_chars(&self.before, &text[..range.start]);
        let after = common_prefix_chars(&self.after, &text[range.end..]);
        (
            before + after,
            self.before.chars().count() + self.after.chars().count(),
        )
    }

    /// Distance from the old place, for choosing between equally good candidates.
    fn distance(&self, paragraph: usize, offset: usize) -> (usize, usize) {
        (
            paragraph.abs_diff(self.paragraph),
            offset.abs_diff(self.offset),
        )
    }

    /// Place a note's anchor in `paragraphs`.
    pub fn place(&self, paragraphs: &[&str]) -> Option<Placed> {
        if self.quote.is_empty() {
            return None;
        }
        if let Some(text) = paragraphs.get(self.paragraph) {
            let range = self.offset..self.offset + self.quote.len();
            if text.get(range.clone()) == Some(self.quote.as_str()) {
                let (score, best) = self.context_score(text, &range);
                if score == best {
                    return Some(self.placed(self.paragraph, range, Placement::Exact));
                }
            }
        }
        self.find_quote(paragraphs)
            .or_else(|| self.find_normalised(paragraphs))
            .or_else(|| self.find_between_context(paragraphs))
            .or_else(|| self.find_approximate(paragraphs))
    }

    fn placed(&self, paragraph: usize, range: Range<usize>, how: Placement) -> Placed {
        Placed {
            paragraph,
            range,
            how,
        }
    }

    /// Paragraph indices to search, nearest the old paragraph first.
    fn nearby(&self, count: usize) -> impl Iterator<Item = usize> {
        let centre = self.paragraph.min(count.saturating_sub(1));
        (0..=NEARBY)
            .flat_map(move |d| {
                let above = centre.checked_sub(d);
                let below = (d > 0).then_some(centre + d);
                [above, below]
            })
            .flatten()
            .filter(move |&i| i < count)
    }

    /// Whether a match away from the old place can be this note's: a short quote such as a
    /// name occurs all over an article, so it needs some of its old context around it; a
    /// long quote is distinctive by itself.
    fn plausible(&self, text: &str, range: &Range<usize>) -> bool {
        const DISTINCTIVE_CHARS: usize = 16;
        const CONTEXT_NEEDED: usize = 8;
        let (score, most) = self.context_score(text, range);
        most == 0
            || score >= CONTEXT_NEEDED.min(most.div_ceil(4))
            || self.quote.chars().count() >= DISTINCTIVE_CHARS
    }

    /// The best of `candidates` (paragraph, range) that are plausible: most context
    /// agreeing, then nearest.
    fn best(
        &self,
        paragraphs: &[&str],
        candidates: impl Iterator<Item = (usize, Range<usize>)>,
    ) -> Option<(usize, Range<usize>)> {
        candidates
            .filter(|(paragraph, range)| self.plausible(paragraphs[*paragraph], range))
            .min_by_key(|(paragraph, range)| {
                let (score, _) = self.context_score(paragraphs[*paragraph], range);
                (
                    std::cmp::Reverse(score),
                    self.distance(*paragraph, range.start),
                )
            })
    }

    /// The exact quote anywhere in the article.
    /// Nearby first: a note usually moves by a few paragraphs, and a 10 MB article need
    /// not be searched for it when its words and context are found next door.
    fn find_quote(&self, paragraphs: &[&str]) -> Option<Placed> {
        let occurrences = |i: usize| {
            paragraphs[i]
                .match_indices(self.quote.as_str())
                .map(move |(start, quote)| (i, start..start + quote.len()))
        };
        let near = self.best(
            paragraphs,
            self.nearby(paragraphs.len()).flat_map(occurrences),
        );
        let whole_context = near.as_ref().is_some_and(|(i, range)| {
            let (score, most) = self.context_score(paragraphs[*i], range);
            score == most
        });
        let (paragraph, range) = if whole_context {
            near?
        } else {
            self.best(paragraphs, (0..paragraphs.len()).flat_map(occurrences))?
        };
        let how = if paragraph == self.paragraph && range.start == self.offset {
            Placement::Exact
        } else {
            Placement::Moved
        };
        Some(self.placed(paragraph, range, how))
    }

    /// The quote in another spelling: hamza on alef, tashkeel, ta marbuta, Latin case.
    fn find_normalised(&self, paragraphs: &[&str]) -> Option<Placed> {
        let candidates = self.nearby(paragraphs.len()).flat_map(|i| {
            arabic::find_all(paragraphs[i], &self.quote)
                .into_iter()
                .map(move |range| (i, range))
        });
        let (paragraph, range) = self.best(paragraphs, candidates)?;
        Some(self.placed(paragraph, range, Placement::Fuzzy))
    }

    /// Whatever now stands between the remembered context: the quoted words were
    /// rewritten but what surrounds them was not.
    fn find_between_context(&self, paragraphs: &[&str]) -> Option<Placed> {
        const MIN_CONTEXT: usize = 6;
        let before_known = self.before.chars().count() >= MIN_CONTEXT;
        let after_known = self.after.chars().count() >= MIN_CONTEXT;
        if !before_known && !after_known {
            return None;
        }
        let longest = self.quote.len() * 3 + 16;
        for i in self.nearby(paragraphs.len()) {
            let text = paragraphs[i];
            let starts: Vec<usize> = if self.before.is_empty() {
                vec![0]
            } else {
                text.match_indices(self.before.as_str())
                    .map(|(at, b)| at + b.len())
                    .collect()
            };
            for start in starts {
                // Only as far as the longest gap allowed: a paragraph of megabytes is not
                // searched to its end for every place the context before occurs.
                let reach = text.ceil_char_boundary(start + longest + self.after.len());
                let end = if self.after.is_empty() {
                    Some(text.len())
                } else {
                    text[start..reach]
                        .find(self.after.as_str())
                        .map(|at| start + at)
                };
                let Some(end) = end.filter(|&end| end - start <= longest) else {
                    continue;
                };
                let gap = &text[start..end];
                let trimmed_start = start + (gap.len() - gap.trim_start().len());
                let trimmed_end = end - (gap.len() - gap.trim_end().len());
                if trimmed_start < trimmed_end {
                    return Some(self.placed(i, trimmed_start..trimmed_end, Placement::Fuzzy));
                }
            }
        }
        None
    }

    /// The nearest text within a quarter of the quote's length in edits. The search costs
    /// the quote's length times the text searched, so it is bounded: at most
    /// [`APPROXIMATE_CELLS`] in all, nearest paragraphs first, and in a paragraph too long
    /// for what is left, the part around the old place.
    fn find_approximate(&self, paragraphs: &[&str]) -> Option<Placed> {
        const LONGEST_QUOTE: usize = 400;
        let pattern: Vec<char> = self.quote.chars().collect();
        if pattern.len() < 4 || pattern.len() > LONGEST_QUOTE {
            return None;
        }
        let allowed = pattern.len() / 4;
        let mut bytes_left = APPROXIMATE_CELLS / pattern.len();
        // Fewest edits, then nearest the old place.
        type Rank = (usize, (usize, usize));
        let mut best: Option<(Rank, Placed)> = None;
        for i in self.nearby(paragraphs.len()) {
            if bytes_left == 0 {
                break;
            }
            let text = paragraphs[i];
            let centre = if i == self.paragraph { self.offset } else { 0 };
            let window = window_around(text, centre, bytes_left);
            bytes_left = bytes_left.saturating_sub(window.len());
            if let Some((edits, range)) = approximate_find(&pattern, &text[window.clone()], allowed)
            {
                let range = window.start + range.start..window.start + range.end;
                if self.plausible(text, &range) {
                    let key = (edits, self.distance(i, range.start));
                    if best.as_ref().is_none_or(|(k, _)| key < *k) {
                        best = Some((key, self.placed(i, range, Placement::Fuzzy)));
                    }
                }
            }
        }
        best.map(|(_, placed)| placed)
    }

    /// Place a draft's anchor (a whole paragraph): the same paragraph, the same text
    /// elsewhere, else the most similar paragraph nearby.
    pub fn place_paragraph(&self, paragraphs: &[&str]) -> Option<Placed> {
        const SIMILAR_ENOUGH: f64 = 0.6;
        let whole = |i: usize, how| self.placed(i, 0..paragraphs[i].len(), how);
        if paragraphs.get(self.paragraph) == Some(&self.quote.as_str()) {
            return Some(whole(self.paragraph, Placement::Exact));
        }
        let same_text = |i: &usize| paragraphs[*i] == self.quote;
        let moved = self.nearby(paragraphs.len()).find(same_text).or_else(|| {
            (0..paragraphs.len())
                .filter(same_text)
                .min_by_key(|&i| i.abs_diff(self.paragraph))
        });
        if let Some(i) = moved {
            return Some(whole(i, Placement::Moved));
        }
        let mut best: Option<(f64, usize)> = None;
        for i in self.nearby(paragraphs.len()) {
            let similarity = similarity(&self.quote, paragraphs[i]);
            if similarity >= SIMILAR_ENOUGH && best.is_none_or(|(s, _)| similarity > s) {
                best = Some((similarity, i));
            }
        }
        best.map(|(_, i)| whole(i, Placement::Fuzzy))
    }
}

/// Where every note and draft of `notes` is in `paragraphs`, in the order of
/// `notes.notes` and `notes.drafts`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Placements {
    pub notes: Vec<Option<Placed>>,
    pub drafts: Vec<Option<Placed>>,
}

impl Placements {
    /// Place everything. Two drafts that land on one paragraph: the better placed (then the
    /// later edited) keeps it, the other is left unplaced.
    pub fn find(notes: &Notes, paragraphs: &[&str]) -> Self {
        let placed_notes = notes
            .notes
            .iter()
            .map(|n| n.anchor.place(paragraphs))
            .collect();
        let mut drafts: Vec<Option<Placed>> = notes
            .drafts
            .iter()
            .map(|d| d.anchor.place_paragraph(paragraphs))
            .collect();
        let mut order: Vec<usize> = (0..drafts.len()).collect();
        order.sort_by_key(|&i| {
            (
                drafts[i].as_ref().map(|p| p.how),
                std::cmp::Reverse(notes.drafts[i].modified),
            )
        });
        let mut taken = std::collections::HashSet::new();
        for i in order {
            if let Some(placed) = &drafts[i]
                && !taken.insert(placed.paragraph)
            {
                drafts[i] = None;
            }
        }
        Placements {
            notes: placed_notes,
            drafts,
        }
    }

    /// The draft placed on each paragraph: paragraph → index into `notes.drafts`.
    pub fn drafts_by_paragraph(&self) -> std::collections::HashMap<usize, usize> {
        self.drafts
            .iter()
            .enumerate()
            .filter_map(|(i, placed)| Some((placed.as_ref()?.paragraph, i)))
            .collect()
    }
}

impl Notes {
    /// Rewrite the anchors of everything placed to where it is now, so that the next
    /// opening finds them exactly. Returns whether any anchor changed. Edit times are left
    /// alone: moving an anchor is not the user's edit.
    pub fn reanchor(&mut self, placements: &Placements, paragraphs: &[&str]) -> bool {
        let mut changed = false;
        for (note, placed) in self.notes.iter_mut().zip(&placements.notes) {
            if let Some(placed) = placed {
                let anchor = Anchor::new(paragraphs, placed.paragraph, placed.range.clone());
                if anchor != note.anchor {
                    note.anchor = anchor;
                    changed = true;
                }
            }
        }
        for (draft, placed) in self.drafts.iter_mut().zip(&placements.drafts) {
            if let Some(placed) = placed {
                let anchor = Anchor::paragraph(paragraphs, placed.paragraph);
                if anchor != draft.anchor {
                    draft.anchor = anchor;
                    changed = true;
                }
            }
        }
        changed
    }
}

/// Sørensen–Dice similarity of the character bigrams of `a` and `b`, from 0 to 1: cheap
/// (linear) and forgiving of words changed here and there. (strsim's version divides by
/// byte lengths, which halves the score of Arabic text.)
fn similarity(a: &str, b: &str) -> f64 {
    fn bigrams(text: &str) -> impl Iterator<Item = (char, char)> + '_ {
        text.chars().zip(text.chars().skip(1))
    }
    let mut counts: std::collections::HashMap<(char, char), usize> =
        std::collections::HashMap::new();
    let mut total = 0usize;
    for bigram in bigrams(a) {
        *counts.entry(bigram).or_default() += 1;
        total += 1;
    }
    let mut shared = 0usize;
    for bigram in bigrams(b) {
        total += 1;
        if let Some(n) = counts.get_mut(&bigram).filter(|n| **n > 0) {
            *n -= 1;
            shared += 1;
        }
    }
    if total == 0 {
        return f64::from(u8::from(a == b));
    }
    (2 * shared) as f64 / total as f64
}

fn common_suffix_chars(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn common_prefix_chars(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// The substring of `text` with the fewest edits (insertions, deletions, substitutions)
/// from `pattern`, if it needs at most `allowed` (Sellers' algorithm: edit distance with a
/// free start and end in the text). Returns the edits and the byte range.
fn approximate_find(pattern: &[char], text: &str, allowed: usize) -> Option<(usize, Range<usize>)> {
    let m = pattern.len();
    // cost[i]: edits to match pattern[..i] ending at the current position; start[i]: where
    // that match starts.
    let mut cost: Vec<usize> = (0..=m).collect();
    let mut start = vec![0usize; m + 1];
    let mut next_cost = vec![0usize; m + 1];
    let mut next_start = vec![0usize; m + 1];
    let mut best: Option<(usize, Range<usize>)> = None;
    for (at, c) in text.char_indices() {
        let end = at + c.len_utf8();
        next_cost[0] = 0;
        next_start[0] = end;
        for i in 1..=m {
            let substitute = (cost[i - 1] + usize::from(pattern[i - 1] != c), start[i - 1]);
            let skip_pattern = (next_cost[i - 1] + 1, next_start[i - 1]);
            let skip_text = (cost[i] + 1, start[i]);
            let (c_best, s_best) = [substitute, skip_pattern, skip_text]
                .into_iter()
                .min_by_key(|(cost, _)| *cost)
                .expect("three options");
            next_cost[i] = c_best;
            next_start[i] = s_best;
        }
        std::mem::swap(&mut cost, &mut next_cost);
        std::mem::swap(&mut start, &mut next_start);
        if cost[m] <= allowed && best.as_ref().is_none_or(|(edits, _)| cost[m] < *edits) {
            best = Some((cost[m], start[m]..end));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: [&str; 3] = [
        "أعلنت شركة إنفيديا عن نتائجها الفصلية اليوم.",
        "قال هوانغ رينكسون إن الطلب على وحدات معالجة الرسومات ما زال قويا.",
        "وفي الصين، أثار نموذج DeepSeek نقاشا واسعا.",
    ];

    fn range_of(text: &str, quote: &str) -> Range<usize> {
        let start = text.find(quote).unwrap();
        start..start + quote.len()
    }

    fn anchor_on(paragraph: usize, quote: &str) -> Anchor {
        Anchor::new(&ARTICLE, paragraph, range_of(ARTICLE[paragraph], quote))
    }

    #[test]
    fn context_is_cut_at_character_boundaries() {
        let anchor = anchor_on(1, "وحدات");
        assert_eq!(anchor.quote, "وحدات");
        // Shorter than the context on this side: all of it.
        assert_eq!(anchor.before, "قال هوانغ رينكسون إن الطلب على ");
        assert_eq!(anchor.after, " معالجة الرسومات ما زال قويا.");
        let anchor = anchor_on(1, "قويا");
        assert_eq!(anchor.before.chars().count(), CONTEXT_CHARS);
        assert!(ARTICLE[1].ends_with(&format!("{}قويا.", anchor.before)));
    }

    #[test]
    fn an_unchanged_article_places_exactly() {
        let anchor = anchor_on(1, "هوانغ رينكسون");
        let placed = anchor.place(&ARTICLE).unwrap();
        assert_eq!(placed.how, Placement::Exact);
        assert_eq!(placed.range, range_of(ARTICLE[1], "هوانغ رينكسون"));
    }

    #[test]
    fn text_inserted_before_moves_the_note_with_its_words() {
        let anchor = anchor_on(1, "هوانغ رينكسون");
        let edited_first = format!("تقرير خاص: {}", ARTICLE[1]);
        let edited = ["عنوان جديد في الأعلى", ARTICLE[0], &edited_first, ARTICLE[2]];
        let placed = anchor.place(&edited).unwrap();
        assert_eq!(placed.how, Placement::Moved);
        assert_eq!(placed.paragraph, 2);
        assert_eq!(&edited[2][placed.range], "هوانغ رينكسون");
    }

    #[test]
    fn a_deleted_paragraph_leaves_its_note_unplaced_and_others_placed() {
        let gone = anchor_on(1, "وحدات معالجة الرسومات");
        let kept = anchor_on(2, "DeepSeek");
        let edited = [ARTICLE[0], ARTICLE[2]];
        assert_eq!(gone.place(&edited), None);
        let placed = kept.place(&edited).unwrap();
        assert_eq!((placed.paragraph, placed.how), (1, Placement::Moved));
    }

    #[test]
    fn a_respelled_quote_is_found_in_normalised_form() {
        let anchor = anchor_on(0, "إنفيديا");
        let edited_text = ARTICLE[0].replace("إنفيديا", "انفيديا");
        let edited = [edited_text.as_str(), ARTICLE[1], ARTICLE[2]];
        let placed = anchor.place(&edited).unwrap();
        assert_eq!(placed.how, Placement::Fuzzy);
        assert_eq!(&edited[0][placed.range], "انفيديا");
    }

    #[test]
    fn a_replaced_word_is_found_between_its_old_context() {
        let anchor = anchor_on(1, "قويا");
        let edited_text = ARTICLE[1].replace("قويا", "مرتفعا جدا");
        let edited = [ARTICLE[0], edited_text.as_str(), ARTICLE[2]];
        let placed = anchor.place(&edited).unwrap();
        assert_eq!(placed.how, Placement::Fuzzy);
        assert_eq!(&edited[1][placed.range], "مرتفعا جدا");
    }

    #[test]
    fn a_quote_with_a_typo_fixed_and_new_context_is_found_approximately() {
        let anchor = anchor_on(1, "وحدات معالجة الرسومات");
        let edited = ["الطلب على وحدة معالجة الرسومات يتراجع"];
        let placed = anchor.place(&edited).unwrap();
        assert_eq!(placed.how, Placement::Fuzzy);
        assert_eq!(&edited[0][placed.range], "وحدة معالجة الرسومات");
    }

    #[test]
    fn a_repeated_quote_goes_where_the_context_agrees() {
        let text = "قال إنه يحب إنفيديا. ثم قال إنه لا يحب إنفيديا أبدا.";
        let second = text.rfind("إنفيديا").unwrap();
        let anchor = Anchor::new(&[text], 0, second..second + "إنفيديا".len());
        let edited_text = format!("مقدمة. {text}");
        let placed = anchor.place(&[edited_text.as_str()]).unwrap();
        assert_eq!(placed.range.start, edited_text.rfind("إنفيديا").unwrap());
    }

    #[test]
    fn a_name_whose_paragraph_was_deleted_does_not_jump_to_another_mention() {
        // "هوانغ رينكسون" is named again later, in other words.
        let anchor = anchor_on(1, "هوانغ رينكسون");
        let later = "وفي النهاية رد هوانغ رينكسون على الأسئلة كلها.";
        assert_eq!(anchor.place(&[ARTICLE[0], ARTICLE[2], later]), None);
        // With some of its context, it is the same place.
        let edited = "ثم قال هوانغ رينكسون إن الطلب على الرقائق ما زال قويا.";
        let placed = anchor.place(&[ARTICLE[0], edited]).unwrap();
        assert_eq!(&edited[placed.range], "هوانغ رينكسون");
    }

    #[test]
    fn something_else_entirely_is_unplaced() {
        let anchor = anchor_on(1, "هوانغ رينكسون");
        assert_eq!(anchor.place(&["نص مختلف تماما لا علاقة له"]), None);
    }

    #[test]
    fn drafts_follow_their_paragraph_and_collisions_leave_one_unplaced() {
        let mut notes = Notes::default();
        notes.set_draft(
            None,
            || Anchor::paragraph(&ARTICLE, 1),
            "Huang said demand is strong.",
        );
        notes.set_draft(
            None,
            || Anchor::paragraph(&ARTICLE, 2),
            "In China, DeepSeek stirred debate.",
        );
        let edited_second = ARTICLE[1].replace("قويا", "قويا جدا");
        let edited = ["فقرة جديدة", ARTICLE[0], edited_second.as_str(), ARTICLE[2]];
        let placements = Placements::find(&notes, &edited);
        assert_eq!(
            placements.drafts[0].as_ref().map(|p| (p.paragraph, p.how)),
            Some((2, Placement::Fuzzy))
        );
        assert_eq!(
            placements.drafts[1].as_ref().map(|p| (p.paragraph, p.how)),
            Some((3, Placement::Moved))
        );
        assert_eq!(placements.drafts_by_paragraph().get(&3), Some(&1));

        // The same paragraph twice: only one draft can sit on it.
        notes.drafts[0].anchor = notes.drafts[1].anchor.clone();
        let placements = Placements::find(&notes, &ARTICLE);
        assert_eq!(placements.drafts.iter().filter(|p| p.is_some()).count(), 1);
    }

    #[test]
    fn reanchoring_makes_the_next_placement_exact() {
        let mut notes = Notes::default();
        notes.add_note(anchor_on(2, "DeepSeek"), "Chinese AI lab");
        let edited = ["مقدمة", ARTICLE[0], ARTICLE[1], ARTICLE[2]];
        let placements = Placements::find(&notes, &edited);
        assert!(notes.reanchor(&placements, &edited));
        let again = Placements::find(&notes, &edited);
        assert_eq!(again.notes[0].as_ref().unwrap().how, Placement::Exact);
        assert!(!notes.reanchor(&again, &edited));
    }

    #[test]
    fn searches_in_huge_paragraphs_are_bounded_and_still_find_nearby_rewordings() {
        // One 4 MB paragraph; the noted words were retyped with a typo near their old place.
        let filler = "كلام عادي في فقرة طويلة جدا ".repeat(80_000);
        let quote = "وقالت الشركة إنها ستطلق شريحة جديدة للحوسبة";
        let before = format!("{filler}مقدمة {quote} خاتمة");
        let offset = before.find(quote).unwrap();
        let anchor = Anchor::new(&[&before], 0, offset..offset + quote.len());
        let after = before.replace(quote, "وقالت الشركه إنها ستطلق شريحه جديدة للحوسبه") + "ذيل";
        let started = std::time::Instant::now();
        let placed = anchor.place(&[&after]).expect("found near its old place");
        assert_eq!(placed.how, Placement::Fuzzy);
        assert!(after[placed.range].starts_with("وقالت الشركه"));
        // A quote that is nowhere: the search gives up within its budget. (Unbounded, this
        // is 400 × 4 MB cells, tens of seconds in a debug build.)
        let lost = Anchor {
            quote: "ش".repeat(400),
            before: String::new(),
            after: String::new(),
            ..anchor
        };
        assert_eq!(lost.place(&[&after]), None);
        assert!(window_around(&after, 10, 100).len() <= 100);
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
    }

    #[test]
    fn approximate_find_reports_edits_and_range() {
        let pattern: Vec<char> = "kitten".chars().collect();
        let (edits, range) = approximate_find(&pattern, "a sitting cat", 3).unwrap();
        assert_eq!(edits, 2);
        assert_eq!(&"a sitting cat"[range], "sittin");
        assert_eq!(approximate_find(&pattern, "dog", 1), None);
    }
}
