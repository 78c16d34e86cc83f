//! Archives read within a budget: how much may be inflated in all and per part, how many
//! files an archive may hold and how many parts a document may list. Sizes are counted
//! while inflating, never taken from the archive's own size fields, so a zip bomb ends at
//! the limit with a message. EPUB reads through this; so should any archive format to come.

use std::io::{Cursor, Read};

use crate::storage::human_size;

/// What an archive may make Qari inflate and hold.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// All parts read together: as much text as the largest text file Qari opens.
    pub inflated: u64,
    /// One part (a chapter, a package file).
    pub part: u64,
    /// Files in the archive; real books have hundreds.
    pub files: usize,
    /// Parts the document lists (an EPUB's chapters).
    pub parts: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            inflated: super::MAX_FILE_BYTES,
            part: 32 * 1024 * 1024,
            files: 20_000,
            parts: 5_000,
        }
    }
}

/// A zip archive with what is left of its budget. Parts are found by name through the
/// archive's index (hashed), never by a scan.
pub struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
    left: u64,
}

impl<'a> Archive<'a> {
    /// Open the archive in `bytes`; one holding more files than `limits` allow is refused.
    pub fn open(bytes: &'a [u8], limits: Limits, what: &str) -> Result<Self, String> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| format!("not a valid {what} (zip) file: {e}"))?;
        if zip.len() > limits.files {
            return Err(format!(
                "the {what} holds {} files; Qari opens ones of up to {}",
                zip.len(),
                limits.files
            ));
        }
        Ok(Archive {
            zip,
            limits,
            left: limits.inflated,
        })
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Inflate part `name` into a string, within the part limit and what is left.
    pub fn read(&mut self, name: &str) -> Result<String, String> {
        let entry = self
            .zip
            .by_name(name)
            .map_err(|_| format!("the book has no {name}"))?;
        let part_limit = self.limits.part;
        let too_big_part = || {
            format!(
                "{name} is larger than Qari opens ({} inflated at most)",
                human_size(part_limit)
            )
        };
        // A size field may lie, so it only refuses early; the count below decides.
        if entry.size() > part_limit {
            return Err(too_big_part());
        }
        let cap = part_limit.min(self.left);
        let mut bytes = Vec::new();
        entry
            .take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{name} is unreadable: {e}"))?;
        if bytes.len() as u64 > cap {
            return Err(if cap == part_limit {
                too_big_part()
            } else {
                format!(
                    "this book is larger than Qari opens (more than {} inflated)",
                    human_size(self.limits.inflated)
                )
            });
        }
        self.left -= bytes.len() as u64;
        String::from_utf8(bytes).map_err(|_| format!("{name} is not UTF-8 text"))
    }
}
