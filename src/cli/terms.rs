//! `qari terms`: the glossary entries found in a file, with every occurrence.

use std::path::{Path, PathBuf};

use super::{print_json, to_stdout};
use crate::document::Document;
use crate::glossary::{Glossaries, Kind, MatchHow};
use crate::reading::terms_of;

#[derive(serde::Serialize)]
struct TermOut<'a> {
    id: &'a str,
    name: &'a str,
    kind: Kind,
    original: Option<&'a str>,
    count: usize,
    occurrences: Vec<OccurrenceOut<'a>>,
}

#[derive(serde::Serialize)]
struct OccurrenceOut<'a> {
    paragraph: usize,
    range: [usize; 2],
    text: &'a str,
    #[serde(flatten)]
    how: &'a MatchHow,
}

/// The entries of the glossaries (bundled, the user's, then `extra` files) found in the file
/// at `path`.
pub fn run(path: &Path, extra: &[PathBuf], json: bool) -> Result<(), String> {
    let glossaries = Glossaries::load_strict()
        .map_err(|e| format!("your glossary is unreadable: {e}"))?
        .with_files(extra)
        .map_err(|e| e.to_string())?;
    let glossary = glossaries.merged();
    // The document and its terms only: no notes session (which would hash the whole text
    // to find the notes file) for a command that shows none.
    let document = Document::open(path).map_err(|e| e.to_string())?;
    let terms = terms_of(glossary, &document);
    let out: Vec<TermOut<'_>> = terms
        .found
        .iter()
        .map(|found| {
            let entry = &glossary.entries()[found.entry];
            TermOut {
                id: &entry.id,
                name: &entry.name,
                kind: entry.kind,
                original: entry.original.as_deref(),
                count: found.count,
                occurrences: terms
                    .occurrences(found.entry)
                    .map(|(paragraph, m)| OccurrenceOut {
                        paragraph,
                        range: [m.range.start, m.range.end],
                        text: &document.paragraphs[paragraph].text[m.range.clone()],
                        how: &m.how,
                    })
                    .collect(),
            }
        })
        .collect();
    if json {
        return print_json(&out);
    }
    to_stdout(|w| {
        for term in &out {
            let original = term.original.map(|o| format!(" {o}")).unwrap_or_default();
            writeln!(
                w,
                "{}{original} ({}), {} ×",
                term.name,
                term.kind.label(),
                term.count
            )?;
            for o in &term.occurrences {
                writeln!(
                    w,
                    "  ¶{} [{}..{}] {} — {}",
                    o.paragraph + 1,
                    o.range[0],
                    o.range[1],
                    o.text,
                    o.how.describe()
                )?;
            }
        }
        Ok(())
    })
}
