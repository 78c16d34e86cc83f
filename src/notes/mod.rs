//! Personal notes and draft translations of one article: the user's own work, kept apart
//! from the article so that it survives edits, moves and renames of the file.
//!
//! A note is attached to a range of a paragraph through an [`Anchor`] (the quoted text with
//! some context, and where it was), a draft translation to a whole paragraph the same way;
//! [`anchor`] places them again in whatever the article has become. [`store`] keeps one RON
//! file per article and merges concurrent writers by item id; [`export`] writes Markdown.

pub mod anchor;
pub mod export;
pub mod session;
pub mod store;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

pub use anchor::{Anchor, Placed, Placement, Placements};
pub use session::Session;
pub use store::{DocumentKey, Lookup, NotesError, Store};

/// The version of the notes file format this build writes.
pub const FORMAT: u32 = 1;

/// Everything the user wrote about one article: what the notes file holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Notes {
    pub format: u32,
    /// Which article this is, in every form it has been seen in.
    pub article: ArticleKey,
    #[serde(default)]
    pub article_note: Option<ArticleNote>,
    #[serde(default)]
    pub notes: Vec<Note>,
    #[serde(default)]
    pub drafts: Vec<Draft>,
    /// Deleted items, so that a merge with an older copy does not bring them back.
    #[serde(default)]
    pub deleted: Vec<Tombstone>,
}

/// The article's identities: content hashes and paths it was opened under, and a
/// fingerprint of its paragraphs to recognise it after it was both moved and edited.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleKey {
    pub title: String,
    pub hashes: Vec<String>,
    #[serde(default)]
    pub paths: Vec<PathBuf>,
    #[serde(default)]
    pub fingerprint: Vec<u64>,
}

/// A note on a range of the text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub id: String,
    pub anchor: Anchor,
    pub text: String,
    /// Milliseconds since the Unix epoch.
    pub created: u64,
    pub modified: u64,
}

/// A draft translation of one paragraph.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub id: String,
    /// The whole paragraph is the quote.
    pub anchor: Anchor,
    pub text: String,
    pub modified: u64,
}

/// A note on the article as a whole.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleNote {
    pub text: String,
    pub modified: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tombstone {
    pub id: String,
    pub at: u64,
}

/// What merging needs to know of notes and drafts alike.
trait Item: Clone {
    fn id(&self) -> &str;
    fn modified(&self) -> u64;
}

impl Item for Note {
    fn id(&self) -> &str {
        &self.id
    }
    fn modified(&self) -> u64 {
        self.modified
    }
}

impl Item for Draft {
    fn id(&self) -> &str {
        &self.id
    }
    fn modified(&self) -> u64 {
        self.modified
    }
}

/// A timestamp in milliseconds that never repeats or goes backwards in this process, so
/// that "the later edit wins" is well defined even for edits in the same millisecond.
pub fn timestamp() -> u64 {
    static LAST: AtomicU64 = AtomicU64::new(0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let mut last = LAST.load(Ordering::Relaxed);
    loop {
        let next = now.max(last + 1);
        match LAST.compare_exchange_weak(last, next, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return next,
            Err(seen) => last = seen,
        }
    }
}

/// An id unique across processes: time, process and a counter.
fn new_id(prefix: char) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{prefix}{:x}-{:x}-{n:x}", timestamp(), std::process::id())
}

impl Notes {
    /// Empty notes for the article identified by `key`.
    pub fn new(key: &DocumentKey) -> Self {
        let mut notes = Notes {
            format: FORMAT,
            ..Notes::default()
        };
        notes.recognise(key);
        notes
    }

    /// Remember `key` as one more form of this article.
    pub fn recognise(&mut self, key: &DocumentKey) {
        self.article.title.clone_from(&key.title);
        if !self.article.hashes.contains(&key.hash) {
            self.article.hashes.push(key.hash.clone());
        }
        if let Some(path) = &key.path
            && !self.article.paths.contains(path)
        {
            self.article.paths.push(path.clone());
        }
        self.article.fingerprint.clone_from(&key.fingerprint);
    }

    pub fn is_empty(&self) -> bool {
        self.notes.is_empty()
            && self.drafts.iter().all(|d| d.text.is_empty())
            && self.article_note.as_ref().is_none_or(|n| n.text.is_empty())
    }

    pub fn note(&self, id: &str) -> Option<&Note> {
        self.notes.iter().find(|n| n.id == id)
    }

    /// Add a note on `anchor`; returns its id.
    pub fn add_note(&mut self, anchor: Anchor, text: &str) -> String {
        let id = new_id('n');
        let now = timestamp();
        self.notes.push(Note {
            id: id.clone(),
            anchor,
            text: text.to_owned(),
            created: now,
            modified: now,
        });
        id
    }

    /// Change a note's text; returns whether it changed (false: same text, or no such note).
    pub fn set_note_text(&mut self, id: &str, text: &str) -> bool {
        match self.notes.iter_mut().find(|n| n.id == id) {
            Some(note) if note.text != text => {
                note.text = text.to_owned();
                note.modified = timestamp();
                true
            }
            _ => false,
        }
    }

    pub fn delete_note(&mut self, id: &str) {
        self.notes.retain(|n| n.id != id);
        self.deleted.push(Tombstone {
            id: id.to_owned(),
            at: timestamp(),
        });
    }

    /// Set the text of draft `id`, or start a new draft on `anchor` when `id` is `None`.
    /// Returns the draft's id.
    pub fn set_draft(
        &mut self,
        id: Option<&str>,
        anchor: impl FnOnce() -> Anchor,
        text: &str,
    ) -> String {
        if let Some(draft) = id.and_then(|id| self.drafts.iter_mut().find(|d| d.id == id)) {
            if draft.text != text {
                draft.text = text.to_owned();
                draft.modified = timestamp();
            }
            return draft.id.clone();
        }
        let id = new_id('d');
        self.drafts.push(Draft {
            id: id.clone(),
            anchor: anchor(),
            text: text.to_owned(),
            modified: timestamp(),
        });
        id
    }

    pub fn article_note(&self) -> &str {
        self.article_note.as_ref().map_or("", |n| n.text.as_str())
    }

    /// Returns whether the article note changed.
    pub fn set_article_note(&mut self, text: &str) -> bool {
        let changed = self.article_note() != text;
        if changed {
            self.article_note = Some(ArticleNote {
                text: text.to_owned(),
                modified: timestamp(),
            });
        }
        changed
    }

    /// Take in what another copy of these notes (another window, the file on disk) has:
    /// items are matched by id and the later edit of each wins; deletions win over edits
    /// made before them. Merging is commutative, so every writer ends with the same notes.
    /// Returns whether the notes, drafts or article note changed (what a reader would see).
    pub fn merge(&mut self, other: &Notes) -> bool {
        for tombstone in &other.deleted {
            match self.deleted.iter_mut().find(|t| t.id == tombstone.id) {
                Some(mine) => mine.at = mine.at.max(tombstone.at),
                None => self.deleted.push(tombstone.clone()),
            }
        }
        let mut changed = merge_items(&mut self.notes, &other.notes, &self.deleted);
        changed |= merge_items(&mut self.drafts, &other.drafts, &self.deleted);
        if let Some(theirs) = &other.article_note
            && self
                .article_note
                .as_ref()
                .is_none_or(|mine| theirs.modified > mine.modified)
        {
            self.article_note = Some(theirs.clone());
            changed = true;
        }
        for hash in &other.article.hashes {
            if !self.article.hashes.contains(hash) {
                self.article.hashes.push(hash.clone());
            }
        }
        for path in &other.article.paths {
            if !self.article.paths.contains(path) {
                self.article.paths.push(path.clone());
            }
        }
        if self.article.fingerprint.is_empty() {
            self.article
                .fingerprint
                .clone_from(&other.article.fingerprint);
        }
        self.format = self.format.max(other.format);
        changed
    }
}

/// Merge `theirs` into `mine` by id; returns whether `mine` changed.
fn merge_items<T: Item>(mine: &mut Vec<T>, theirs: &[T], deleted: &[Tombstone]) -> bool {
    let mut changed = false;
    for item in theirs {
        match mine.iter_mut().find(|m| m.id() == item.id()) {
            Some(m) if item.modified() > m.modified() => {
                *m = item.clone();
                changed = true;
            }
            Some(_) => {}
            None => {
                mine.push(item.clone());
                changed = true;
            }
        }
    }
    let before = mine.len();
    mine.retain(|item| {
        !deleted
            .iter()
            .any(|t| t.id == item.id() && t.at >= item.modified())
    });
    changed || mine.len() != before
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor(quote: &str) -> Anchor {
        Anchor {
            paragraph: 0,
            offset: 0,
            quote: quote.into(),
            before: String::new(),
            after: String::new(),
        }
    }

    #[test]
    fn timestamps_strictly_increase() {
        let a = timestamp();
        let b = timestamp();
        assert!(b > a);
    }

    #[test]
    fn merging_two_windows_keeps_both_windows_notes() {
        let mut first = Notes::default();
        let mut second = first.clone();
        first.add_note(anchor("أ"), "from the first window");
        second.add_note(anchor("ب"), "from the second window");
        let mut merged_one_way = first.clone();
        assert!(merged_one_way.merge(&second));
        assert!(
            !merged_one_way.clone().merge(&second),
            "nothing new the second time"
        );
        let mut merged_other_way = second.clone();
        merged_other_way.merge(&first);
        assert_eq!(merged_one_way.notes.len(), 2);
        let mut a: Vec<_> = merged_one_way.notes.iter().map(|n| &n.text).collect();
        let mut b: Vec<_> = merged_other_way.notes.iter().map(|n| &n.text).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
    }

    #[test]
    fn the_later_edit_of_a_note_wins_and_deletions_stick() {
        let mut base = Notes::default();
        let kept = base.add_note(anchor("أ"), "v1");
        let gone = base.add_note(anchor("ب"), "v1");
        let mut first = base.clone();
        let mut second = base.clone();
        first.set_note_text(&kept, "edited in the first window");
        second.set_note_text(&kept, "edited later in the second window");
        second.delete_note(&gone);
        first.merge(&second);
        assert_eq!(
            first.note(&kept).unwrap().text,
            "edited later in the second window"
        );
        assert!(first.note(&gone).is_none());
        // An old copy that still has the deleted note does not bring it back.
        first.merge(&base);
        assert!(first.note(&gone).is_none());
        assert_eq!(first.notes.len(), 1);
    }

    #[test]
    fn drafts_and_the_article_note_merge_by_time() {
        let mut first = Notes::default();
        let id = first.set_draft(None, || anchor("فقرة"), "draft");
        let mut second = first.clone();
        second.set_draft(Some(&id), || unreachable!(), "better draft");
        first.set_article_note("first");
        second.set_article_note("second, later");
        first.merge(&second);
        assert_eq!(first.drafts.len(), 1);
        assert_eq!(first.drafts[0].text, "better draft");
        assert_eq!(first.article_note(), "second, later");
    }
}
