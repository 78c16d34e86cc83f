//! `qari glossary import|export`: exchange the user's glossary with CAT tools.

use super::{GlossaryCommand, to_stdout};
use crate::glossary::Glossaries;
use crate::glossary::exchange::{self, Format};

/// The user's glossaries; an unreadable user file stops the command before it acts.
fn glossaries() -> Result<Glossaries, String> {
    Glossaries::load_strict()
        .map_err(|e| format!("your glossary is unreadable, fix or move it first: {e}"))
}

pub fn run(command: GlossaryCommand) -> Result<(), String> {
    match command {
        GlossaryCommand::Export { format, mine, out } => {
            let glossaries = glossaries()?;
            let glossary = if mine {
                glossaries.user()
            } else {
                glossaries.merged()
            };
            let format = format
                .or_else(|| out.as_deref().and_then(Format::from_path))
                .unwrap_or(Format::Tsv);
            let text = exchange::export(glossary, format);
            match out {
                Some(path) => crate::storage::write_atomic(&path, text.as_bytes())
                    .map_err(|e| format!("cannot write {}: {e}", path.display())),
                None => to_stdout(|out| out.write_all(text.as_bytes())),
            }
        }
        GlossaryCommand::Import { file, format } => {
            let imported = exchange::import_file(&file, format).map_err(|e| {
                if format.is_none() && Format::from_path(&file).is_none() {
                    format!(
                        "say which format {} is in (--format tsv|csv|tbx)",
                        file.display()
                    )
                } else {
                    e.to_string()
                }
            })?;
            let mut glossaries = glossaries()?;
            let path = glossaries
                .user_path()
                .ok_or("no data directory for your glossary")?
                .to_path_buf();
            glossaries.import(&imported);
            glossaries
                .save()
                .map_err(|e| format!("cannot save your glossary: {e}"))?;
            println!(
                "{} entries imported into {}",
                imported.entries().len(),
                path.display()
            );
            Ok(())
        }
    }
}
