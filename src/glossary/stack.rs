//! The glossaries a reader sees, in layers: the bundled glossary, the user's own file over
//! it, and any extra files (`qari terms --glossary`) over both, later ones winning. Also the
//! policy for the user's file: one that cannot be read is left as it is and reported, and
//! moved aside before the first save, never overwritten.

use std::path::{Path, PathBuf};

use super::{Glossary, GlossaryError};
use crate::storage;

/// The stack of glossaries and its merged result.
pub struct Glossaries {
    bundled: Glossary,
    /// The user's own entries and deletions, saved to `user_path`.
    user: Glossary,
    user_path: Option<PathBuf>,
    /// The user's file could not be read: it is moved aside before the first save.
    user_file_unreadable: bool,
    extra: Vec<Glossary>,
    /// Everything above applied in order: what the reader shows.
    merged: Glossary,
}

impl Glossaries {
    /// The bundled glossary with the user's file at `user_path` over it (none: no data
    /// directory). An unreadable user file gives an empty user glossary and the error.
    pub fn load(user_path: Option<PathBuf>) -> (Self, Option<GlossaryError>) {
        let (user, problem) = match user_path.as_deref().map(Glossary::load_user) {
            None => (Glossary::default(), None),
            Some(Ok(user)) => (user, None),
            Some(Err(error)) => (Glossary::default(), Some(error)),
        };
        let mut glossaries = Glossaries {
            bundled: Glossary::bundled(),
            user_file_unreadable: problem.is_some(),
            user,
            user_path,
            extra: Vec::new(),
            merged: Glossary::default(),
        };
        glossaries.remerge();
        (glossaries, problem)
    }

    /// The glossaries of the user's data directory, or an error when the user's file
    /// cannot be read (for commands, which must not act on half a glossary).
    pub fn load_strict() -> Result<Self, GlossaryError> {
        match Glossaries::load(storage::user_glossary_path()) {
            (_, Some(problem)) => Err(problem),
            (glossaries, None) => Ok(glossaries),
        }
    }

    /// Add the glossary files `paths` over the stack, in order.
    pub fn with_files(mut self, paths: &[PathBuf]) -> Result<Self, GlossaryError> {
        for path in paths {
            self.extra.push(Glossary::load(path)?);
        }
        self.remerge();
        Ok(self)
    }

    fn remerge(&mut self) {
        let mut merged = self.bundled.clone().merged(&self.user);
        for extra in &self.extra {
            merged = merged.merged(extra);
        }
        self.merged = merged;
    }

    /// All layers applied: what the reader shows and the matcher finds.
    pub fn merged(&self) -> &Glossary {
        &self.merged
    }

    /// The user's own entries.
    pub fn user(&self) -> &Glossary {
        &self.user
    }

    pub fn user_path(&self) -> Option<&Path> {
        self.user_path.as_deref()
    }

    /// Change the user's glossary; the merged glossary follows. Saving is separate.
    pub fn edit_user(&mut self, change: impl FnOnce(&mut Glossary)) {
        change(&mut self.user);
        self.remerge();
    }

    /// Add `imported`'s entries to the user's glossary (replacing those with the same id).
    pub fn import(&mut self, imported: &Glossary) {
        self.edit_user(|user| *user = std::mem::take(user).merged(imported));
    }

    /// Save the user's glossary atomically. An unreadable old file is first moved aside;
    /// the message says where.
    pub fn save(&mut self) -> Result<Option<String>, String> {
        let Some(path) = &self.user_path else {
            return Err("There is no data directory to save your glossary in.".into());
        };
        let mut note = None;
        if self.user_file_unreadable && std::fs::symlink_metadata(path).is_ok() {
            let backup = storage::back_up_unreadable(path)
                .map_err(|e| format!("Could not move your unreadable glossary aside: {e}"))?;
            note = Some(format!(
                "Your unreadable glossary was kept as {}.",
                backup.display()
            ));
        }
        self.user_file_unreadable = false;
        storage::write_atomic(path, self.user.to_ron().as_bytes())
            .map_err(|e| format!("Could not save your glossary to {}: {e}", path.display()))?;
        Ok(note)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: &str =
        r#"(entries: [(id: "nvidia", kind: organisation, name: "Mine")], removed: ["cuda"])"#;

    #[test]
    fn layers_apply_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let user = dir.path().join("glossary.ron");
        std::fs::write(&user, USER).unwrap();
        let extra = dir.path().join("extra.ron");
        std::fs::write(
            &extra,
            r#"(entries: [(id: "nvidia", kind: organisation, name: "Extra")])"#,
        )
        .unwrap();
        let (glossaries, problem) = Glossaries::load(Some(user));
        assert!(problem.is_none());
        assert_eq!(glossaries.merged().get("nvidia").unwrap().name, "Mine");
        assert!(
            glossaries.merged().get("cuda").is_none(),
            "the user deleted it"
        );
        assert!(glossaries.merged().get("deepseek").is_some(), "bundled");
        let mut glossaries = glossaries.with_files(&[extra]).unwrap();
        assert_eq!(glossaries.merged().get("nvidia").unwrap().name, "Extra");
        let imported = Glossary::parse(
            r#"(entries: [(id: "new", kind: place, name: "New"), (id: "nvidia", kind: organisation, name: "Imported")])"#,
            Path::new("i.ron"),
        )
        .unwrap();
        glossaries.import(&imported);
        assert_eq!(
            glossaries.user().entries().len(),
            2,
            "replaced by id, added"
        );
        assert_eq!(glossaries.user().get("nvidia").unwrap().name, "Imported");
        assert!(glossaries.merged().get("new").is_some());
    }

    #[test]
    fn an_unreadable_user_file_is_kept_and_moved_aside_at_the_first_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("glossary.ron");
        std::fs::write(&path, "(entries: [ broken").unwrap();
        let (mut glossaries, problem) = Glossaries::load(Some(path.clone()));
        assert!(problem.is_some());
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "(entries: [ broken"
        );
        glossaries.edit_user(|user| user.delete("cuda"));
        assert!(glossaries.merged().get("cuda").is_none());
        let note = glossaries
            .save()
            .unwrap()
            .expect("says where the old file went");
        let backup = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().contains("corrupt"))
            .unwrap();
        assert!(note.contains(&backup.display().to_string()));
        assert_eq!(
            std::fs::read_to_string(backup).unwrap(),
            "(entries: [ broken"
        );
        let (again, problem) = Glossaries::load(Some(path));
        assert!(problem.is_none());
        assert!(again.merged().get("cuda").is_none());
        // Saved once, the next save does not move anything aside.
        let mut again = again;
        assert_eq!(again.save().unwrap(), None);
    }
}
