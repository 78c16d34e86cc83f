//! The open article as a use case, between the core modules and the window: opening a file
//! into a document with its glossary terms and notes, how each paragraph is laid out
//! ([`style`]), and the selection model ([`selection`]). The window, the command line, tests
//! and benches all go through here; nothing in it knows about egui.

pub mod selection;
pub mod style;

use std::path::Path;

pub use selection::{DocPos, Selection};
pub use style::paragraph_options;

use crate::document::{Document, LoadError};
use crate::glossary::{DocumentTerms, Glossary, Matcher};
use crate::notes::{DocumentKey, Notes, Session, Store};

/// An article opened for reading: its document, the glossary terms found in it, and the
/// user's notes on it.
pub struct Article {
    pub document: Document,
    pub terms: DocumentTerms,
    pub notes: Session,
}

impl Article {
    /// Open the file at `path` (in `encoding` when given, else guessed), find `glossary`'s
    /// terms in it and the notes `store` has for it.
    pub fn open(
        path: &Path,
        encoding: Option<&'static encoding_rs::Encoding>,
        glossary: &Glossary,
        store: Option<&Store>,
    ) -> Result<Self, LoadError> {
        Ok(Article::new(
            Document::open_with(path, encoding)?,
            glossary,
            store,
        ))
    }

    /// `document` with `glossary`'s terms and the notes `store` has for it; with no store,
    /// notes are kept in memory only, and the session says so.
    pub fn new(document: Document, glossary: &Glossary, store: Option<&Store>) -> Self {
        let terms = terms_of(glossary, &document);
        let texts = document.texts();
        let key = DocumentKey::new(&document.title, &texts, document.path());
        let notes = match store {
            Some(store) => {
                store.remove_stale_temp_files();
                Session::open(store.find(&key), &texts)
            }
            None => Session::unsaved(
                Notes::new(&key),
                "There is no data directory: notes and drafts will not be saved.",
            ),
        };
        Article {
            document,
            terms,
            notes,
        }
    }
}

/// The entries of `glossary` found in `document`.
pub fn terms_of(glossary: &Glossary, document: &Document) -> DocumentTerms {
    DocumentTerms::find(
        &Matcher::new(glossary),
        document.paragraphs.iter().map(|p| p.text.as_str()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_opens_with_its_terms_and_its_notes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "قال هوانغ رينكسون إن إنفيديا ستنمو.\n").unwrap();
        let store = Store::new(dir.path().join("notes"));
        let glossary = Glossary::bundled();
        let mut article = Article::open(&path, None, &glossary, Some(&store)).unwrap();
        let found: Vec<&str> = article
            .terms
            .found
            .iter()
            .map(|f| glossary.entries()[f.entry].id.as_str())
            .collect();
        assert_eq!(found, ["jensen-huang", "nvidia"]);
        article.notes.set_article_note("ملاحظة على المقال");
        article.notes.flush().unwrap();
        let again = Article::open(&path, None, &glossary, Some(&store)).unwrap();
        assert_eq!(again.notes.notes().article_note(), "ملاحظة على المقال");
        assert!(Article::open(&dir.path().join("missing.txt"), None, &glossary, None).is_err());
    }
}
