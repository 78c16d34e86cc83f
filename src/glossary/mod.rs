//! The glossary: what transliterated names and terms are. A bundled, read-only glossary
//! ships with Qari; the user's own glossary adds entries or overrides bundled ones by id.

pub mod exchange;
pub mod matcher;
pub mod stack;
pub mod terms;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use matcher::{Match, MatchHow, Matcher};
pub use stack::Glossaries;
pub use terms::{DocumentTerms, Found};

/// The glossary bundled with Qari (covers the bundled article and more).
pub const BUNDLED_GLOSSARY: &str = include_str!("../../assets/glossary/bundled.ron");

/// An id from a name: lower-case ASCII letters and digits joined by hyphens ("Jensen
/// Huang" → "jensen-huang"); names without any become "entry".
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "entry".to_string()
    } else {
        out.to_string()
    }
}

/// What an entry names. Colours in the reader follow the kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Person,
    Organisation,
    Product,
    Event,
    Concept,
    Place,
    Idiom,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Person,
        Kind::Organisation,
        Kind::Product,
        Kind::Event,
        Kind::Concept,
        Kind::Place,
        Kind::Idiom,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Organisation => "organisation",
            Kind::Product => "product",
            Kind::Event => "event",
            Kind::Concept => "concept",
            Kind::Place => "place",
            Kind::Idiom => "idiom",
        }
    }
}

/// One name or term and everything known about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable identifier, e.g. "jensen-huang"; related entries refer to it.
    pub id: String,
    pub kind: Kind,
    /// Canonical name, in English.
    pub name: String,
    /// The name in its original script, where there is one (黄仁勋).
    #[serde(default)]
    pub original: Option<String>,
    /// Arabic spellings: every common one, not only one article's.
    #[serde(default)]
    pub arabic: Vec<String>,
    /// Latin spellings besides the canonical name.
    #[serde(default)]
    pub latin: Vec<String>,
    /// What or who it is, and why it matters.
    #[serde(default)]
    pub gloss: String,
    /// Ids of related entries.
    #[serde(default)]
    pub related: Vec<String>,
    /// An http(s) link for more.
    #[serde(default)]
    pub url: Option<String>,
    /// Never match this entry by stripping clitics off a longer word.
    #[serde(default)]
    pub no_strip: bool,
}

impl Entry {
    /// Every spelling the matcher looks for: canonical name, Latin and Arabic aliases and
    /// the original-script name.
    pub fn aliases(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.latin.iter().map(String::as_str))
            .chain(self.arabic.iter().map(String::as_str))
            .chain(self.original.as_deref())
    }

    /// The link, if it is a http or https URL (anything else is never opened).
    pub fn web_link(&self) -> Option<&str> {
        self.url
            .as_deref()
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct GlossaryFile {
    entries: Vec<Entry>,
    /// Ids this glossary deletes from the ones beneath it (a user deleting a bundled entry).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    removed: Vec<String>,
}

/// A glossary file that could not be read, with where and why.
#[derive(Debug)]
pub struct GlossaryError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for GlossaryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.path.display(),
                self.line,
                self.column,
                self.message
            )
        }
    }
}

impl std::error::Error for GlossaryError {}

/// The largest glossary file Qari reads (a 100,000-entry glossary is about 40 MB).
pub const MAX_GLOSSARY_BYTES: u64 = 256 * 1024 * 1024;

/// Entries in order; user entries replace bundled ones with the same id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Glossary {
    entries: Vec<Entry>,
    /// Ids removed from the glossaries beneath this one when merged over them.
    removed: Vec<String>,
    /// Each entry's position by id: lookups, upserts and merges of large glossaries
    /// (imports of 100,000 rows) stay linear overall.
    by_id: HashMap<String, usize>,
}

impl Glossary {
    /// The bundled glossary.
    pub fn bundled() -> Self {
        Self::parse(BUNDLED_GLOSSARY, Path::new("assets/glossary/bundled.ron"))
            .expect("the bundled glossary is valid (tested)")
    }

    /// Parse RON text; `path` only names the source in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, GlossaryError> {
        let file: GlossaryFile = ron::from_str(text).map_err(|e| GlossaryError {
            path: path.to_path_buf(),
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })?;
        let mut glossary = Glossary {
            removed: file.removed,
            ..Glossary::default()
        };
        for entry in file.entries {
            if entry.id.trim().is_empty() {
                return Err(GlossaryError {
                    path: path.to_path_buf(),
                    line: 0,
                    column: 0,
                    message: format!("the entry \"{}\" has no id", entry.name),
                });
            }
            glossary.upsert(entry);
        }
        Ok(glossary)
    }

    /// Read a RON glossary file (a regular file of at most [`MAX_GLOSSARY_BYTES`]).
    pub fn load(path: &Path) -> Result<Self, GlossaryError> {
        let error = |message: String| GlossaryError {
            path: path.to_path_buf(),
            line: 0,
            column: 0,
            message,
        };
        let bytes = crate::storage::read_limited(path, MAX_GLOSSARY_BYTES)
            .map_err(|e| error(e.to_string()))?;
        let text = String::from_utf8(bytes).map_err(|_| error("not UTF-8 text".into()))?;
        Self::parse(&text, path)
    }

    /// The user's glossary at `path`: empty when the file does not exist yet.
    pub fn load_user(path: &Path) -> Result<Self, GlossaryError> {
        if !path.exists() {
            return Ok(Glossary::default());
        }
        Self::load(path)
    }

    /// The glossary as RON text, as [`Glossary::parse`] reads it.
    pub fn to_ron(&self) -> String {
        let file = GlossaryFile {
            entries: self.entries.clone(),
            removed: self.removed.clone(),
        };
        ron::ser::to_string_pretty(&file, ron::ser::PrettyConfig::default())
            .expect("entries always serialise")
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.index_of(id).map(|i| &self.entries[i])
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The entry `id`, to change anything but its id (which would break the index).
    fn get_mut(&mut self, id: &str) -> Option<&mut Entry> {
        self.index_of(id).map(|i| &mut self.entries[i])
    }

    /// Add `entry`, replacing the entry with the same id.
    pub fn upsert(&mut self, entry: Entry) {
        if !self.removed.is_empty() {
            self.removed.retain(|id| *id != entry.id);
        }
        match self.index_of(&entry.id) {
            Some(i) => self.entries[i] = entry,
            None => {
                self.by_id.insert(entry.id.clone(), self.entries.len());
                self.entries.push(entry);
            }
        }
    }

    /// Rebuild the id index after entries were removed.
    fn reindex(&mut self) {
        self.by_id = (self.entries.iter().enumerate())
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
    }

    /// Delete entry `id` here and, once merged, from the glossaries beneath.
    pub fn delete(&mut self, id: &str) {
        if let Some(index) = self.index_of(id) {
            self.entries.remove(index);
            self.reindex();
        }
        if !self.removed.iter().any(|r| r == id) {
            self.removed.push(id.to_string());
        }
    }

    /// This glossary with `overlay`'s deletions applied and its entries added or replacing
    /// its own.
    pub fn merged(mut self, overlay: &Glossary) -> Self {
        if !overlay.removed.is_empty() {
            let removed: HashSet<&str> = overlay.removed.iter().map(String::as_str).collect();
            self.entries.retain(|e| !removed.contains(e.id.as_str()));
            self.reindex();
        }
        for entry in &overlay.entries {
            self.upsert(entry.clone());
        }
        self
    }

    /// Entries whose any spelling contains `query`, compared in normalised form (so any
    /// Arabic spelling, with or without hamza or tashkeel, and any case of Latin).
    pub fn search(&self, query: &str) -> Vec<usize> {
        let query = crate::arabic::normalize_key(query.trim());
        if query.is_empty() {
            return (0..self.entries.len()).collect();
        }
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.aliases()
                    .any(|a| crate::arabic::normalize_key(a).contains(&query))
            })
            .map(|(i, _)| i)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_glossary_parses_and_links_resolve() {
        let glossary = Glossary::bundled();
        assert!(glossary.entries().len() >= 30);
        for entry in glossary.entries() {
            for related in &entry.related {
                assert!(
                    glossary.get(related).is_some(),
                    "{} links to unknown {related}",
                    entry.id
                );
            }
            assert!(!entry.gloss.is_empty(), "{} has a gloss", entry.id);
            let mut arabic = entry.arabic.clone();
            arabic.sort();
            arabic.dedup();
            assert_eq!(
                arabic.len(),
                entry.arabic.len(),
                "{} lists an Arabic spelling twice",
                entry.id
            );
            if let Some(url) = &entry.url {
                assert!(
                    entry.web_link().is_some(),
                    "{} has a web link: {url}",
                    entry.id
                );
            }
        }
        let mut ids: Vec<&str> = glossary.entries().iter().map(|e| e.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), glossary.entries().len(), "ids are unique");
    }

    #[test]
    fn malformed_file_reports_line_and_column() {
        let text = "(entries: [\n  (id: \"x\", kind: person, name: \"X\",\n   gloss: 42),\n])";
        let err = Glossary::parse(text, Path::new("g.ron")).unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert!((9..=11).contains(&err.column), "{err}");
        assert!(
            err.to_string()
                .starts_with(&format!("g.ron:3:{}: ", err.column)),
            "{err}"
        );
        let err = Glossary::parse(
            "(entries: [(id: \"\", kind: place, name: \"Nowhere\")])",
            Path::new("g.ron"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("no id"));
    }

    #[test]
    fn user_entries_override_bundled_by_id_and_round_trip() {
        let bundled = Glossary::bundled();
        let mut user = Glossary::default();
        let mut nvidia = bundled.get("nvidia").unwrap().clone();
        nvidia.gloss = "my own note".into();
        user.upsert(nvidia);
        user.upsert(Entry {
            id: "new".into(),
            kind: Kind::Concept,
            name: "New".into(),
            original: None,
            arabic: vec!["جديد".into()],
            latin: vec![],
            gloss: "g".into(),
            related: vec![],
            url: Some("javascript:alert(1)".into()),
            no_strip: false,
        });
        let merged = bundled.clone().merged(&user);
        assert_eq!(merged.entries().len(), bundled.entries().len() + 1);
        assert_eq!(merged.get("nvidia").unwrap().gloss, "my own note");
        assert_eq!(
            merged.get("new").unwrap().web_link(),
            None,
            "only http(s) links open"
        );
        user.delete("cuda");
        let merged = bundled.clone().merged(&user);
        assert!(
            merged.get("cuda").is_none(),
            "a user can delete a bundled entry"
        );
        let again = Glossary::parse(&user.to_ron(), Path::new("u.ron")).unwrap();
        assert_eq!(again, user);
        user.upsert(bundled.get("cuda").unwrap().clone());
        assert!(
            bundled.clone().merged(&user).get("cuda").is_some(),
            "and bring it back"
        );
    }

    #[test]
    fn the_id_index_follows_every_change() {
        let mut g = Glossary::bundled();
        let count = g.entries().len();
        let last = g.entries()[count - 1].id.clone();
        g.delete(&g.entries()[0].id.clone());
        assert_eq!(
            g.index_of(&last),
            Some(count - 2),
            "positions shift after a delete"
        );
        let overlay = Glossary::parse(
            "(entries: [(id: \"nvidia\", kind: organisation, name: \"N\")], removed: [\"cuda\"])",
            Path::new("o.ron"),
        )
        .unwrap();
        let merged = g.merged(&overlay);
        assert!(merged.get("cuda").is_none());
        assert_eq!(merged.get("nvidia").unwrap().name, "N");
        for (i, entry) in merged.entries().iter().enumerate() {
            assert_eq!(merged.index_of(&entry.id), Some(i));
        }
    }

    #[test]
    fn search_finds_any_spelling() {
        let g = Glossary::bundled();
        let nvidia = g.index_of("nvidia").unwrap();
        for query in ["انفيديا", "إنفيديا", "nvidia", "NVIDIA", "نفيديا"] {
            assert!(g.search(query).contains(&nvidia), "{query}");
        }
        let huang = g.index_of("jensen-huang").unwrap();
        assert!(g.search("黄仁勋").contains(&huang));
        assert!(g.search("رينكسون").contains(&huang));
    }
}
