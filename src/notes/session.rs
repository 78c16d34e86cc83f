//! The notes of the article being read: edits, where each note sits in the current text,
//! and saving — within a second of a change, off the UI thread, merged with whatever other
//! windows wrote — so that typing never waits for the disk and nothing typed is lost.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::time::{Duration, Instant, SystemTime};

use super::store::{self, Lookup};
use super::{Anchor, Note, Notes, Placed, Placement, Placements};

/// A change is on disk at most this long after it was made (plus the write itself).
pub const SAVE_AFTER: Duration = Duration::from_millis(500);
/// How often the file is checked for changes made by another window.
const CHECK_DISK_EVERY: Duration = Duration::from_secs(2);

/// What the background saver reports: how many snapshots the save covered, and the notes as
/// merged with the file, the file's new modification time, and where an unreadable file
/// was moved.
type SaveResult = (
    usize,
    Result<(Notes, Option<SystemTime>, Option<PathBuf>), String>,
);

/// Saves on its own thread, always the newest snapshot it was given.
struct Saver {
    snapshots: Sender<Notes>,
    results: Receiver<SaveResult>,
    /// Snapshots sent and not yet reported back.
    in_flight: usize,
}

impl Saver {
    fn start(path: PathBuf) -> Self {
        let (snapshots, inbox) = mpsc::channel::<Notes>();
        let (outbox, results) = mpsc::channel();
        std::thread::Builder::new()
            .name("qari-notes-saver".into())
            .spawn(move || {
                while let Ok(mut notes) = inbox.recv() {
                    let mut covered = 1;
                    // Only the newest snapshot matters.
                    while let Ok(newer) = inbox.try_recv() {
                        notes = newer;
                        covered += 1;
                    }
                    let result = store::save(&path, &mut notes)
                        .map(|backup| (notes, modified_time(&path), backup))
                        .map_err(|e| e.to_string());
                    if outbox.send((covered, result)).is_err() {
                        return;
                    }
                }
            })
            .expect("a thread can be started");
        Saver {
            snapshots,
            results,
            in_flight: 0,
        }
    }
}

fn modified_time(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The notes of one open article.
pub struct Session {
    /// Where they are saved; `None` when there is no data directory.
    path: Option<PathBuf>,
    notes: Notes,
    placements: Placements,
    /// Placed notes of each paragraph: range and index into `notes.notes`, in text order.
    notes_by_paragraph: HashMap<usize, Vec<(Range<usize>, usize)>>,
    /// The draft placed on each paragraph: index into `notes.drafts`.
    draft_by_paragraph: HashMap<usize, usize>,
    /// When the oldest unsaved change was made.
    dirty_since: Option<Instant>,
    saver: Option<Saver>,
    /// The file's modification time after our last load or save.
    disk_time: Option<SystemTime>,
    last_disk_check: Instant,
    /// Problems to show the user.
    messages: Vec<String>,
    /// The last save failed (reported once, retried until one succeeds).
    failing: bool,
}

impl Session {
    /// The session for what `lookup` found, placed in `paragraphs`. Anchors that moved are
    /// rewritten (and saved with the next change).
    pub fn open(lookup: Lookup, paragraphs: &[&str]) -> Self {
        let mut messages = Vec::new();
        if let Some(why) = &lookup.unreadable {
            messages.push(format!(
                "Your notes for this article could not be read ({why}). The file is left as it is and will be kept as a backup when you write a note."
            ));
        }
        for why in &lookup.skipped {
            messages.push(format!(
                "A notes file could not be read and was skipped: {why}"
            ));
        }
        let mut session = Session::new(Some(lookup.path), lookup.notes, messages);
        session.place(paragraphs);
        let unplaced =
            session.placements.unplaced_notes().len() + session.placements.unplaced_drafts().len();
        if unplaced > 0 {
            session.messages.push(format!(
                "{unplaced} of your notes and drafts no longer match this article's text; they are kept under Unplaced in the notes panel (F3)."
            ));
        }
        session
    }

    /// A session that keeps notes in memory only, saying why.
    pub fn unsaved(notes: Notes, why: &str) -> Self {
        Session::new(None, notes, vec![why.to_owned()])
    }

    /// Not placed yet: [`Session::open`] places.
    fn new(path: Option<PathBuf>, notes: Notes, messages: Vec<String>) -> Self {
        Session {
            disk_time: path.as_deref().and_then(modified_time),
            path,
            notes,
            placements: Placements::default(),
            notes_by_paragraph: HashMap::new(),
            draft_by_paragraph: HashMap::new(),
            dirty_since: None,
            saver: None,
            last_disk_check: Instant::now(),
            messages,
            failing: false,
        }
    }

    pub fn notes(&self) -> &Notes {
        &self.notes
    }

    pub fn placements(&self) -> &Placements {
        &self.placements
    }

    /// The notes file.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Problems since the last call, for the user.
    pub fn take_messages(&mut self) -> Vec<String> {
        std::mem::take(&mut self.messages)
    }

    /// Whether a change is waiting to be saved or being saved.
    pub fn is_saving(&self) -> bool {
        self.dirty_since.is_some() || self.saver.as_ref().is_some_and(|s| s.in_flight > 0)
    }

    /// Place every note and draft in `paragraphs` and index them by paragraph.
    fn place(&mut self, paragraphs: &[&str]) {
        self.placements = Placements::find(&self.notes, paragraphs);
        if self.notes.reanchor(&self.placements, paragraphs) {
            self.changed();
        }
        self.index();
    }

    fn index(&mut self) {
        self.notes_by_paragraph.clear();
        for i in self.placements.notes_in_reading_order() {
            let placed = self.placements.notes[i].as_ref().expect("placed");
            self.notes_by_paragraph
                .entry(placed.paragraph)
                .or_default()
                .push((placed.range.clone(), i));
        }
        self.draft_by_paragraph = self.placements.drafts_by_paragraph();
    }

    fn changed(&mut self) {
        self.dirty_since.get_or_insert_with(Instant::now);
    }

    /// Notes placed in `paragraph`: range and index into [`Notes::notes`].
    pub fn notes_in(&self, paragraph: usize) -> &[(Range<usize>, usize)] {
        self.notes_by_paragraph
            .get(&paragraph)
            .map_or(&[], Vec::as_slice)
    }

    /// The innermost note covering byte `offset` of `paragraph`.
    pub fn note_at(&self, paragraph: usize, offset: usize) -> Option<&Note> {
        self.notes_in(paragraph)
            .iter()
            .filter(|(range, _)| range.contains(&offset))
            .min_by_key(|(range, _)| range.len())
            .map(|(_, i)| &self.notes.notes[*i])
    }

    /// Where note `id` is, if placed.
    pub fn placement_of(&self, id: &str) -> Option<&Placed> {
        let i = self.notes.notes.iter().position(|n| n.id == id)?;
        self.placements.notes[i].as_ref()
    }

    /// Add a note on `range` of `paragraph`; returns its id.
    pub fn add_note(
        &mut self,
        paragraphs: &[&str],
        paragraph: usize,
        range: Range<usize>,
        text: &str,
    ) -> String {
        let id = self
            .notes
            .add_note(Anchor::new(paragraphs, paragraph, range.clone()), text);
        self.placements.notes.push(Some(Placed {
            paragraph,
            range,
            how: Placement::Exact,
        }));
        self.index();
        self.changed();
        id
    }

    pub fn set_note_text(&mut self, id: &str, text: &str) {
        if self.notes.set_note_text(id, text) {
            self.changed();
        }
    }

    pub fn delete_note(&mut self, id: &str) {
        if let Some(i) = self.notes.notes.iter().position(|n| n.id == id) {
            self.notes.delete_note(id);
            self.placements.notes.remove(i);
            self.index();
            self.changed();
        }
    }

    /// The draft translation of `paragraph` ("" when there is none).
    pub fn draft(&self, paragraph: usize) -> &str {
        self.draft_by_paragraph
            .get(&paragraph)
            .map_or("", |&i| self.notes.drafts[i].text.as_str())
    }

    pub fn set_draft(&mut self, paragraphs: &[&str], paragraph: usize, text: &str) {
        if self.draft(paragraph) == text {
            return;
        }
        let existing = self
            .draft_by_paragraph
            .get(&paragraph)
            .map(|&i| self.notes.drafts[i].id.clone());
        self.notes.set_draft(
            existing.as_deref(),
            || Anchor::paragraph(paragraphs, paragraph),
            text,
        );
        if existing.is_none() {
            self.draft_by_paragraph
                .insert(paragraph, self.placements.drafts.len());
            self.placements.drafts.push(Some(Placed {
                paragraph,
                range: 0..paragraphs[paragraph].len(),
                how: Placement::Exact,
            }));
        }
        self.changed();
    }

    pub fn set_article_note(&mut self, text: &str) {
        if self.notes.set_article_note(text) {
            self.changed();
        }
    }

    /// Save when a change has waited long enough, take in what the saver or another window
    /// wrote, and say when to be called again. `paragraphs` is asked for only when notes
    /// from elsewhere must be placed.
    pub fn tick<'p>(&mut self, paragraphs: impl FnOnce() -> Vec<&'p str>) -> Option<Duration> {
        let path = self.path.clone()?;
        let mut merged_from_elsewhere = false;
        if let Some(saver) = &mut self.saver {
            loop {
                match saver.results.try_recv() {
                    Ok((covered, result)) => {
                        saver.in_flight -= covered;
                        match result {
                            Ok((saved, time, backup)) => {
                                merged_from_elsewhere |= self.notes.merge(&saved);
                                self.disk_time = time;
                                if self.failing {
                                    self.failing = false;
                                    self.messages.push("Your notes are saved again.".into());
                                }
                                if let Some(backup) = backup {
                                    self.messages.push(format!(
                                        "Your unreadable notes file was kept as {}.",
                                        backup.display()
                                    ));
                                }
                            }
                            Err(e) => {
                                if !self.failing {
                                    self.failing = true;
                                    self.messages.push(format!(
                                        "Your notes could not be saved: {e}. Qari keeps them and keeps trying."
                                    ));
                                }
                                self.dirty_since.get_or_insert_with(Instant::now);
                            }
                        }
                    }
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        self.saver = None;
                        self.changed();
                        break;
                    }
                }
            }
        }
        let idle = !self.is_saving();
        if idle && self.last_disk_check.elapsed() >= CHECK_DISK_EVERY {
            self.last_disk_check = Instant::now();
            let time = modified_time(&path);
            if time != self.disk_time
                && let Ok(on_disk) = store::load(&path)
            {
                self.disk_time = time;
                merged_from_elsewhere |= self.notes.merge(&on_disk);
            }
        }
        if merged_from_elsewhere {
            self.place(&paragraphs());
        }
        if let Some(since) = self.dirty_since {
            let waited = since.elapsed();
            if waited < SAVE_AFTER {
                return Some(SAVE_AFTER - waited);
            }
            self.dirty_since = None;
            let saver = self.saver.get_or_insert_with(|| Saver::start(path));
            if saver.snapshots.send(self.notes.clone()).is_ok() {
                saver.in_flight += 1;
            } else {
                self.saver = None;
                self.changed();
            }
        }
        if self.is_saving() {
            Some(Duration::from_millis(50))
        } else {
            Some(CHECK_DISK_EVERY)
        }
    }

    /// Save now, on this thread, if anything is unsaved (on exit and when switching
    /// articles).
    pub fn flush(&mut self) -> Result<(), String> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let in_flight = self.saver.as_ref().is_some_and(|s| s.in_flight > 0);
        if self.dirty_since.is_none() && !in_flight {
            return Ok(());
        }
        match store::save(path, &mut self.notes) {
            Ok(_) => {
                self.dirty_since = None;
                self.disk_time = modified_time(path);
                Ok(())
            }
            Err(e) => Err(format!("Your notes could not be saved: {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::{DocumentKey, Store};

    const ARTICLE: [&str; 2] = [
        "أعلنت شركة إنفيديا عن نتائجها الفصلية اليوم في مؤتمر صحفي.",
        "قال هوانغ رينكسون إن الطلب على وحدات معالجة الرسومات ما زال قويا.",
    ];

    fn open(dir: &Path) -> Session {
        let key = DocumentKey::new("t", &ARTICLE, None);
        Session::open(Store::new(dir).find(&key), &ARTICLE)
    }

    fn tick_until_saved(session: &mut Session) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while session.is_saving() {
            assert!(Instant::now() < deadline, "saving takes too long");
            session.tick(|| ARTICLE.to_vec());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn edits_are_saved_in_the_background_within_the_delay() {
        let dir = tempfile::tempdir().unwrap();
        let mut session = open(dir.path());
        let id = session.add_note(&ARTICLE, 1, 7..30, "first");
        session.set_draft(&ARTICLE, 0, "NVIDIA announced its results.");
        let started = Instant::now();
        tick_until_saved(&mut session);
        assert!(started.elapsed() >= SAVE_AFTER);
        assert!(
            started.elapsed() < SAVE_AFTER * 4,
            "{:?}",
            started.elapsed()
        );
        let reopened = open(dir.path());
        assert_eq!(reopened.notes().note(&id).unwrap().text, "first");
        assert_eq!(reopened.draft(0), "NVIDIA announced its results.");
        assert_eq!(reopened.note_at(1, 10).unwrap().id, id);
    }

    #[test]
    fn a_second_window_sees_the_first_windows_notes_and_keeps_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = open(dir.path());
        let mut second = open(dir.path());
        first.add_note(&ARTICLE, 0, 0..10, "from the first");
        first.flush().unwrap();
        second.add_note(&ARTICLE, 1, 0..6, "from the second");
        second.set_draft(&ARTICLE, 1, "draft from the second");
        tick_until_saved(&mut second);
        assert_eq!(second.notes().notes.len(), 2, "merged on save");
        // The first window picks up the second's notes from disk.
        first.last_disk_check -= CHECK_DISK_EVERY;
        first.tick(|| ARTICLE.to_vec());
        assert_eq!(first.notes().notes.len(), 2);
        assert_eq!(first.draft(1), "draft from the second");
        assert_eq!(first.notes_in(1).len(), 1);
    }

    #[test]
    fn a_failing_save_is_reported_once_and_retried_until_it_works() {
        let dir = tempfile::tempdir().unwrap();
        // The notes directory cannot be made: a file stands in its way.
        let blocked = dir.path().join("notes");
        std::fs::write(&blocked, "in the way").unwrap();
        let mut session = open(&blocked);
        session.add_note(&ARTICLE, 0, 0..10, "kept in memory");
        let deadline = Instant::now() + SAVE_AFTER * 6;
        while Instant::now() < deadline {
            session.tick(|| ARTICLE.to_vec());
            std::thread::sleep(Duration::from_millis(20));
        }
        let messages = session.take_messages();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("could not be saved"), "{messages:?}");
        assert!(session.is_saving(), "still trying");

        std::fs::remove_file(&blocked).unwrap();
        tick_until_saved(&mut session);
        assert_eq!(session.take_messages(), ["Your notes are saved again."]);
        assert_eq!(open(&blocked).notes().notes[0].text, "kept in memory");
    }

    #[test]
    fn opening_an_article_that_lost_a_noted_paragraph_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let mut session = open(dir.path());
        session.add_note(&ARTICLE, 1, 7..30, "on the second paragraph");
        session.flush().unwrap();
        // The same notes file, opened on the article without its second paragraph.
        let path = session.path().unwrap().to_path_buf();
        let lookup = Lookup {
            notes: store::load(&path).unwrap(),
            path,
            unreadable: None,
            skipped: Vec::new(),
        };
        let shorter = [ARTICLE[0]];
        let mut reopened = Session::open(lookup, &shorter);
        let messages = reopened.take_messages();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].starts_with("1 of your notes"), "{messages:?}");
        assert_eq!(reopened.placements().unplaced_notes(), [0]);
    }

    #[test]
    fn deleting_a_note_removes_its_mark() {
        let dir = tempfile::tempdir().unwrap();
        let mut session = open(dir.path());
        let id = session.add_note(&ARTICLE, 0, 0..10, "x");
        assert!(session.note_at(0, 2).is_some());
        session.delete_note(&id);
        assert!(session.note_at(0, 2).is_none());
        session.flush().unwrap();
        assert!(open(dir.path()).notes().notes.is_empty());
    }
}
