//! `qari notes`: the user's notes and drafts on a file, placed in its current text. Read-only:
//! the notes file is neither re-anchored nor written, and nothing else is touched.

use std::path::Path;

use super::to_stdout;
use crate::document::Document;
use crate::notes::{DocumentKey, Placements, Store, export};

/// Read-only: the notes file is neither re-anchored nor written.
pub fn run(path: &Path, markdown: bool) -> Result<(), String> {
    let document = Document::open(path).map_err(|e| e.to_string())?;
    let store = Store::user().ok_or("there is no data directory to read notes from")?;
    let texts = document.texts();
    let key = DocumentKey::new(&document.title, &texts, document.path());
    let lookup = store.find(&key);
    for problem in &lookup.skipped {
        eprintln!("qari: skipped unreadable notes file: {problem}");
    }
    if let Some(problem) = lookup.unreadable {
        return Err(format!(
            "the notes for {} cannot be read: {problem}",
            path.display()
        ));
    }
    let placements = Placements::find(&lookup.notes, &texts);
    let text = if markdown {
        export::markdown(&document.title, &texts, &lookup.notes, &placements)
    } else if lookup.notes.is_empty() {
        eprintln!("No notes or drafts for {}.", path.display());
        return Ok(());
    } else {
        export::listing(&texts, &lookup.notes, &placements)
    };
    to_stdout(|out| out.write_all(text.as_bytes()))
}
