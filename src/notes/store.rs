//! The notes files: one RON file per article in the user's data directory, found again by
//! the article's content hash, by its path, or by a fingerprint of its paragraphs.
//!
//! Saving takes a lock, merges with what is on disk (another window may have written since),
//! and replaces the file atomically, so two windows lose nothing and a crash at any moment
//! leaves a whole file. A file that cannot be read is never overwritten.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::Notes;
use crate::storage;

/// Paragraphs shorter than this are too common ("***", a date) to fingerprint an article.
const FINGERPRINT_MIN_CHARS: usize = 24;
/// How many paragraphs the fingerprint samples from the start of the article.
const FINGERPRINT_PARAGRAPHS: usize = 64;

/// What identifies an article when it is opened.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentKey {
    pub title: String,
    /// SHA-256 of the paragraphs (so line endings and encodings do not matter), 32 hex digits.
    pub hash: String,
    pub path: Option<PathBuf>,
    /// Short hashes of the first paragraphs.
    pub fingerprint: Vec<u64>,
}

impl DocumentKey {
    pub fn new(title: &str, paragraphs: &[&str], path: Option<&Path>) -> Self {
        let mut hasher = Sha256::new();
        for paragraph in paragraphs {
            hasher.update(paragraph.as_bytes());
            hasher.update(b"\n");
        }
        let digest = hasher.finalize();
        let hash = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        let fingerprint = paragraphs
            .iter()
            .filter(|p| p.chars().count() >= FINGERPRINT_MIN_CHARS)
            .take(FINGERPRINT_PARAGRAPHS)
            .map(|p| {
                let digest = Sha256::digest(p.as_bytes());
                u64::from_le_bytes(digest[..8].try_into().expect("8 bytes"))
            })
            .collect();
        DocumentKey {
            title: title.to_owned(),
            hash,
            path: path.map(|p| fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())),
            fingerprint,
        }
    }

    /// How surely `notes` belong to this article: 3 same content, 2 same path, 1 most
    /// paragraphs in common, 0 not at all.
    fn affinity(&self, notes: &Notes) -> u8 {
        if notes.article.hashes.contains(&self.hash) {
            return 3;
        }
        if self
            .path
            .as_ref()
            .is_some_and(|p| notes.article.paths.contains(p))
        {
            return 2;
        }
        let shared = self
            .fingerprint
            .iter()
            .filter(|h| notes.article.fingerprint.contains(h))
            .count();
        let smaller = self.fingerprint.len().min(notes.article.fingerprint.len());
        u8::from(shared >= 2 && shared * 2 >= smaller)
    }
}

/// Why notes could not be read or written.
#[derive(Debug)]
pub enum NotesError {
    Io(PathBuf, std::io::Error),
    /// The file is there but is not notes this version can read.
    Unreadable(PathBuf, String),
}

impl std::fmt::Display for NotesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotesError::Io(path, error) => write!(f, "{}: {error}", path.display()),
            NotesError::Unreadable(path, why) => {
                write!(f, "{} cannot be read: {why}", path.display())
            }
        }
    }
}

impl std::error::Error for NotesError {}

/// The result of looking for an article's notes.
#[derive(Debug)]
pub struct Lookup {
    /// The file these notes belong in.
    pub path: PathBuf,
    /// What the file holds (with this form of the article recognised), or empty notes.
    pub notes: Notes,
    /// The notes file exists but could not be read: it must be moved aside before saving.
    pub unreadable: Option<String>,
    /// Other notes files that could not be read while looking (left as they are).
    pub skipped: Vec<String>,
}

/// The directory of notes files.
#[derive(Clone, Debug)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Store { dir: dir.into() }
    }

    /// `notes/` in the user's data directory.
    pub fn user() -> Option<Self> {
        storage::data_dir().map(|d| Store::new(d.join(storage::NOTES_DIR)))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Find the notes of the article `key`: the file named after its content hash, else
    /// the file that knows this content, path or most of these paragraphs.
    pub fn find(&self, key: &DocumentKey) -> Lookup {
        let own = self.dir.join(format!("{}.ron", key.hash));
        let mut lookup = Lookup {
            path: own.clone(),
            notes: Notes::new(key),
            unreadable: None,
            skipped: Vec::new(),
        };
        if own.exists() {
            match load(&own) {
                Ok(notes) => lookup.notes = notes,
                Err(error) => lookup.unreadable = Some(error.to_string()),
            }
            lookup.notes.recognise(key);
            return lookup;
        }
        let mut best: Option<(u8, PathBuf, Notes)> = None;
        for path in self.files() {
            match load(&path) {
                Ok(notes) => {
                    let affinity = key.affinity(&notes);
                    if affinity > 0 && best.as_ref().is_none_or(|(a, _, _)| affinity > *a) {
                        best = Some((affinity, path, notes));
                    }
                }
                Err(error) => lookup.skipped.push(error.to_string()),
            }
        }
        if let Some((_, path, notes)) = best {
            lookup.path = path;
            lookup.notes = notes;
            lookup.notes.recognise(key);
        }
        lookup
    }

    /// Remove the temp files of saves that were killed midway (older than ten minutes, so
    /// never a save in progress). Only for a writer: looking notes up changes nothing.
    pub fn remove_stale_temp_files(&self) {
        storage::remove_stale_temp_files(&self.dir, std::time::Duration::from_secs(600));
    }

    /// The notes files, in a stable order.
    fn files(&self) -> Vec<PathBuf> {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "ron"))
            .collect();
        files.sort();
        files
    }
}

/// The largest notes file Qari reads.
pub const MAX_NOTES_BYTES: u64 = 256 * 1024 * 1024;

/// Read a notes file (a regular file of at most [`MAX_NOTES_BYTES`]).
pub fn load(path: &Path) -> Result<Notes, NotesError> {
    let bytes = storage::read_limited(path, MAX_NOTES_BYTES).map_err(|e| match e {
        storage::ReadError::Io(e) => NotesError::Io(path.into(), e),
        other => NotesError::Unreadable(path.into(), other.to_string()),
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| NotesError::Unreadable(path.into(), "not UTF-8".into()))?;
    let notes: Notes =
        ron::from_str(&text).map_err(|e| NotesError::Unreadable(path.into(), e.to_string()))?;
    if notes.format > super::FORMAT {
        return Err(NotesError::Unreadable(
            path.into(),
            format!("written by a newer Qari (format {})", notes.format),
        ));
    }
    Ok(notes)
}

/// Save `notes` to `path`: under a lock, merge in what the file holds now, then replace it
/// atomically. `notes` becomes the merged notes. A file on disk that cannot be read is
/// moved aside first; its new name is returned.
pub fn save(path: &Path, notes: &mut Notes) -> Result<Option<PathBuf>, NotesError> {
    let io = |e| NotesError::Io(path.into(), e);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(io)?;
    }
    let lock_path = path.with_extension("ron.lock");
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| NotesError::Io(lock_path.clone(), e))?;
    lock.lock()
        .map_err(|e| NotesError::Io(lock_path.clone(), e))?;
    let mut backup = None;
    match load(path) {
        Ok(on_disk) => {
            notes.merge(&on_disk);
        }
        Err(NotesError::Io(_, e)) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(NotesError::Unreadable(..)) => {
            backup = Some(storage::back_up_unreadable(path).map_err(io)?);
        }
        Err(error) => return Err(error),
    }
    notes.format = super::FORMAT;
    let text = ron::ser::to_string_pretty(&*notes, ron::ser::PrettyConfig::default())
        .expect("notes serialise");
    storage::write_atomic(path, text.as_bytes()).map_err(io)?;
    // Dropping the file releases the lock.
    drop(lock);
    Ok(backup)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::Anchor;

    const ARTICLE: [&str; 3] = [
        "أعلنت شركة إنفيديا عن نتائجها الفصلية اليوم في مؤتمر صحفي.",
        "قال هوانغ رينكسون إن الطلب على وحدات معالجة الرسومات ما زال قويا.",
        "وفي الصين، أثار نموذج DeepSeek نقاشا واسعا بين المستثمرين.",
    ];

    fn key(paragraphs: &[&str], path: &str) -> DocumentKey {
        DocumentKey::new("Article", paragraphs, Some(Path::new(path)))
    }

    fn with_note(key: &DocumentKey, text: &str) -> Notes {
        let mut notes = Notes::new(key);
        notes.add_note(Anchor::new(&ARTICLE, 1, 0..6), text);
        notes
    }

    #[test]
    fn notes_round_trip_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let key = key(&ARTICLE, "/articles/a.txt");
        let lookup = store.find(&key);
        assert!(lookup.notes.notes.is_empty());
        let mut notes = with_note(&key, "note «with» \"quotes\"\nand a newline");
        notes.set_draft(
            None,
            || Anchor::paragraph(&ARTICLE, 0),
            "NVIDIA announced results.",
        );
        notes.set_article_note("About the whole article");
        save(&lookup.path, &mut notes).unwrap();
        let again = store.find(&key);
        assert_eq!(again.path, lookup.path);
        assert_eq!(again.notes, notes);
    }

    #[test]
    fn an_article_is_recognised_by_content_path_or_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let original = key(&ARTICLE, "/articles/a.txt");
        let path = store.find(&original).path;
        save(&path, &mut with_note(&original, "mine")).unwrap();

        // Moved: same content, another path.
        let moved = key(&ARTICLE, "/elsewhere/b.txt");
        assert_eq!(store.find(&moved).notes.notes.len(), 1);
        // Edited in place: other content, same path.
        let edited_text = ARTICLE[2].replace("واسعا", "كبيرا");
        let edited = [ARTICLE[0], ARTICLE[1], edited_text.as_str()];
        assert_eq!(
            store
                .find(&key(&edited, "/articles/a.txt"))
                .notes
                .notes
                .len(),
            1
        );
        // Moved and edited: most paragraphs in common.
        let both = store.find(&key(&edited, "/elsewhere/c.txt"));
        assert_eq!(both.path, path);
        assert_eq!(both.notes.notes.len(), 1);
        // Another article altogether.
        let other = key(&["نص آخر تماما لا يشبه المقال في شيء أبدا"], "/x.txt");
        assert!(store.find(&other).notes.notes.is_empty());
    }

    #[test]
    fn an_unreadable_file_is_reported_then_moved_aside_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let key = key(&ARTICLE, "/a.txt");
        let path = store.find(&key).path;
        fs::write(&path, "(format: 1, garbage").unwrap();
        let lookup = store.find(&key);
        assert!(lookup.unreadable.is_some(), "{lookup:?}");
        assert!(lookup.notes.notes.is_empty());
        assert_eq!(fs::read_to_string(&path).unwrap(), "(format: 1, garbage");

        let mut notes = with_note(&key, "new");
        let backup = save(&path, &mut notes).unwrap().expect("moved aside");
        assert_eq!(fs::read_to_string(backup).unwrap(), "(format: 1, garbage");
        assert_eq!(load(&path).unwrap().notes.len(), 1);
    }

    #[test]
    fn a_newer_format_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.ron");
        let notes = Notes {
            format: 99,
            ..Notes::default()
        };
        fs::write(&path, ron::to_string(&notes).unwrap()).unwrap();
        assert!(matches!(load(&path), Err(NotesError::Unreadable(..))));
    }

    #[test]
    fn two_writers_saving_at_once_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let key = key(&ARTICLE, "/a.txt");
        let path = Store::new(dir.path()).find(&key).path;
        let writers: Vec<_> = (0..2)
            .map(|w| {
                let (path, key) = (path.clone(), key.clone());
                std::thread::spawn(move || {
                    let mut notes = Notes::new(&key);
                    for i in 0..25 {
                        notes.add_note(Anchor::new(&ARTICLE, 0, 0..6), &format!("{w}-{i}"));
                        save(&path, &mut notes).unwrap();
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        assert_eq!(load(&path).unwrap().notes.len(), 50);
    }
}
