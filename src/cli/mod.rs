//! The command line: clap's types, and one module per subcommand, each over the same core
//! the window uses (`reading`, `glossary`, `notes`, `fonts`). Nothing here imports the
//! window; `main.rs` only parses and dispatches (ripgrep's shape).

mod glossary;
mod layout;
mod notes;
mod terms;

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::fonts::ReaderFont;
use crate::glossary::exchange::Format;

#[derive(Parser)]
#[command(
    name = "qari",
    version,
    about = "Read Arabic text full of transliterated names"
)]
pub struct Cli {
    /// Article to open (default: the bundled article).
    pub file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Lay out FILE as the window would and print every line's pieces in visual order.
    Layout {
        file: PathBuf,
        /// Line width in pixels.
        #[arg(long)]
        width: f32,
        /// Body text size in points.
        #[arg(long, default_value_t = 20.0)]
        font_size: f32,
        #[arg(long, value_enum, default_value_t = ReaderFont::NotoNaskh)]
        font: ReaderFont,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// List the glossary entries found in FILE, with every occurrence: a vocabulary list
    /// before reading.
    Terms {
        file: PathBuf,
        /// Extra glossary files (RON), applied over the bundled and the user's glossary.
        #[arg(long = "glossary")]
        glossaries: Vec<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print your notes and draft translations of FILE, placed in its current text.
    Notes {
        file: PathBuf,
        /// The full Markdown export: every paragraph, its draft, its notes.
        #[arg(long)]
        markdown: bool,
    },
    /// Import into or export your glossary (TSV as OmegaT reads it, CSV, TBX-Basic).
    #[command(subcommand)]
    Glossary(GlossaryCommand),
}

#[derive(Subcommand)]
pub enum GlossaryCommand {
    /// Write the glossary (bundled entries with yours applied) to OUT, or to standard output.
    Export {
        /// Format; by default from OUT's extension, else TSV.
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Only your own entries, not the bundled ones.
        #[arg(long)]
        mine: bool,
        out: Option<PathBuf>,
    },
    /// Add the entries of FILE to your glossary (entries with the same id are replaced).
    Import {
        file: PathBuf,
        /// Format; by default from FILE's extension.
        #[arg(long, value_enum)]
        format: Option<Format>,
    },
}

/// Run a subcommand; the error is a message for the user.
pub fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Layout {
            file,
            width,
            font_size,
            font,
            json,
        } => layout::run(&file, width, font_size, font, json),
        Command::Terms {
            file,
            glossaries,
            json,
        } => terms::run(&file, &glossaries, json),
        Command::Notes { file, markdown } => notes::run(&file, markdown),
        Command::Glossary(command) => glossary::run(command),
    }
}

/// Write to standard output through `write`. A reader that stops early (`| head`) ends
/// the command quietly, as it does for other command-line tools.
pub(crate) fn to_stdout(
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), String> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        result => result.map_err(|e| format!("cannot write the output: {e}")),
    }
}

pub(crate) fn print_json(value: &impl serde::Serialize) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    to_stdout(|out| writeln!(out, "{text}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn subcommands_parse_with_their_defaults() {
        let cli = Cli::try_parse_from(["qari", "layout", "a.txt", "--width", "600"]).unwrap();
        let Some(Command::Layout {
            width,
            font_size,
            font,
            json,
            ..
        }) = cli.command
        else {
            panic!("a layout command");
        };
        assert_eq!(
            (width, font_size, font, json),
            (600.0, 20.0, ReaderFont::NotoNaskh, false)
        );
        let cli = Cli::try_parse_from(["qari", "article.txt"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(
            cli.file.as_deref(),
            Some(std::path::Path::new("article.txt"))
        );
        assert!(
            Cli::try_parse_from(["qari", "layout", "a.txt"]).is_err(),
            "--width is needed"
        );
        let cli = Cli::try_parse_from(["qari", "glossary", "import", "g.csv"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Glossary(GlossaryCommand::Import {
                format: None,
                ..
            }))
        ));
    }
}
