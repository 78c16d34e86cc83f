//! `qari`: the reader window by default, and headless subcommands over the same core.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use qari::document::Document;
use qari::glossary::exchange::{self, Format};
use qari::glossary::{DocumentTerms, Glossary, MatchHow, Matcher};
use qari::layout::{Direction, ParagraphLayout, SegmentKind, WidthCache, layout_paragraph};
use qari::notes::{DocumentKey, Placements, Store, export};
use qari::ui::fonts::{HeadlessFonts, ReaderFont};
use qari::ui::reader::paragraph_options;

#[derive(Parser)]
#[command(
    name = "qari",
    version,
    about = "Read Arabic text full of transliterated names"
)]
struct Cli {
    /// Article to open (default: the bundled article).
    file: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
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
enum GlossaryCommand {
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Layout {
            file,
            width,
            font_size,
            font,
            json,
        }) => layout_command(&file, width, font_size, font, json),
        Some(Command::Terms {
            file,
            glossaries,
            json,
        }) => terms_command(&file, &glossaries, json),
        Some(Command::Notes { file, markdown }) => notes_command(&file, markdown),
        Some(Command::Glossary(command)) => glossary_command(command),
        None => open_window(cli.file),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("qari: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The reader window on `file`, or on the bundled article (with the reason shown) when
/// there is none or it cannot be read.
fn open_window(file: Option<PathBuf>) -> Result<(), String> {
    let (document, error) = match file {
        None => (Document::bundled(), None),
        Some(path) => match Document::open(&path) {
            Ok(document) => (document, None),
            Err(error) => {
                eprintln!("qari: {error}");
                (Document::bundled(), Some(error.to_string()))
            }
        },
    };
    qari::ui::run(document, error).map_err(|e| format!("cannot open a window: {e}"))
}

/// Write to standard output through `write`. A reader that stops early (`| head`) ends
/// the command quietly, as it does for other command-line tools.
fn to_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), String> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        result => result.map_err(|e| format!("cannot write the output: {e}")),
    }
}

fn print_json(value: &impl serde::Serialize) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    to_stdout(|out| writeln!(out, "{text}"))
}

/// A number with two decimals, as `{:.2}` prints it but without the general float
/// formatting, which was a fifth of the time of laying out a large file.
struct Hundredths(f32);

impl std::fmt::Display for Hundredths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hundredths = (f64::from(self.0) * 100.0).round() as i64;
        let sign = if hundredths < 0 { "-" } else { "" };
        let (whole, part) = (hundredths.abs() / 100, hundredths.abs() % 100);
        f.pad(&format!("{sign}{whole}.{part:02}"))
    }
}

#[derive(serde::Serialize)]
struct ParagraphOut<'a> {
    index: usize,
    text: &'a str,
    direction: Direction,
    lines: Vec<LineOut<'a>>,
}

impl<'a> ParagraphOut<'a> {
    fn new(index: usize, text: &'a str, layout: &ParagraphLayout) -> Self {
        ParagraphOut {
            index,
            text,
            direction: layout.direction,
            lines: layout
                .lines
                .iter()
                .map(|line| LineOut {
                    range: [line.range.start, line.range.end],
                    pieces: line
                        .pieces
                        .iter()
                        .map(|piece| PieceOut {
                            text: &text[piece.range.clone()],
                            range: [piece.range.start, piece.range.end],
                            level: piece.level,
                            kind: piece.kind,
                            x: (piece.x * 100.0).round() / 100.0,
                            width: (piece.width * 100.0).round() / 100.0,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

#[derive(serde::Serialize)]
struct LineOut<'a> {
    range: [usize; 2],
    pieces: Vec<PieceOut<'a>>,
}

#[derive(serde::Serialize)]
struct PieceOut<'a> {
    text: &'a str,
    range: [usize; 2],
    level: u8,
    kind: SegmentKind,
    x: f32,
    width: f32,
}

fn layout_command(
    path: &Path,
    width: f32,
    size: f32,
    font: ReaderFont,
    json: bool,
) -> Result<(), String> {
    if !(width > 0.0 && width.is_finite()) {
        return Err(format!(
            "--width must be a positive number of pixels, not {width}"
        ));
    }
    if !(4.0..=400.0).contains(&size) {
        return Err(format!("--font-size must be between 4 and 400, not {size}"));
    }
    let document = Document::open(path).map_err(|e| e.to_string())?;
    let mut fonts = HeadlessFonts::default();
    // Each word is shaped once: a million widths are some 50 MB.
    let mut widths = WidthCache::new(1 << 20);
    // One paragraph at a time, laid out as it is written: memory stays that of one
    // paragraph, whatever the size of the file, and galleys are evicted as in the window.
    let out = document.paragraphs.iter().enumerate().map(|(index, p)| {
        let options = paragraph_options(p.kind, width, size, false);
        let layout = fonts.with_measure(font, |measure| {
            layout_paragraph(&p.text, &options, &mut widths.with(measure))
        });
        fonts.begin_frame();
        ParagraphOut::new(index, &p.text, &layout)
    });
    if json {
        return to_stdout(|w| {
            let mut json = serde_json::Serializer::pretty(&mut *w);
            serde::Serializer::collect_seq(&mut json, out)?;
            writeln!(w)
        });
    }
    to_stdout(|w| {
        for paragraph in out {
            let direction = match paragraph.direction {
                Direction::Ltr => "ltr",
                Direction::Rtl => "rtl",
            };
            writeln!(
                w,
                "paragraph {} ({direction}, {} lines): {}",
                paragraph.index,
                paragraph.lines.len(),
                paragraph.text
            )?;
            for (n, line) in paragraph.lines.iter().enumerate() {
                writeln!(w, "  line {n} [{}..{}]", line.range[0], line.range[1])?;
                for piece in &line.pieces {
                    writeln!(
                        w,
                        "    x={:>8} w={:>7} level={} [{}..{}] {:?}",
                        Hundredths(piece.x),
                        Hundredths(piece.width),
                        piece.level,
                        piece.range[0],
                        piece.range[1],
                        piece.text
                    )?;
                }
            }
        }
        Ok(())
    })
}

#[derive(serde::Serialize)]
struct TermOut<'a> {
    id: &'a str,
    name: &'a str,
    kind: qari::glossary::Kind,
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

/// The bundled glossary, the user's own, then each `extra` file, later ones winning.
fn load_glossary(extra: &[PathBuf]) -> Result<Glossary, String> {
    let mut glossary = Glossary::bundled();
    if let Some(path) = qari::storage::user_glossary_path() {
        let user =
            Glossary::load_user(&path).map_err(|e| format!("your glossary is unreadable: {e}"))?;
        glossary = glossary.merged(&user);
    }
    for path in extra {
        glossary = glossary.merged(&Glossary::load(path).map_err(|e| e.to_string())?);
    }
    Ok(glossary)
}

/// Read-only: the notes file is neither re-anchored nor written.
fn notes_command(path: &Path, markdown: bool) -> Result<(), String> {
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

fn terms_command(path: &Path, extra: &[PathBuf], json: bool) -> Result<(), String> {
    let glossary = load_glossary(extra)?;
    let document = Document::open(path).map_err(|e| e.to_string())?;
    let terms = DocumentTerms::find(
        &Matcher::new(&glossary),
        document.paragraphs.iter().map(|p| p.text.as_str()),
    );
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

/// The user's glossary file and its entries (empty when it does not exist yet).
fn user_glossary() -> Result<(PathBuf, Glossary), String> {
    let path = qari::storage::user_glossary_path().ok_or("no data directory for your glossary")?;
    let glossary = Glossary::load_user(&path)
        .map_err(|e| format!("your glossary is unreadable, fix or move it first: {e}"))?;
    Ok((path, glossary))
}

fn glossary_command(command: GlossaryCommand) -> Result<(), String> {
    match command {
        GlossaryCommand::Export { format, mine, out } => {
            let (_, user) = user_glossary()?;
            let glossary = if mine {
                user
            } else {
                Glossary::bundled().merged(&user)
            };
            let format = format
                .or_else(|| out.as_deref().and_then(Format::from_path))
                .unwrap_or(Format::Tsv);
            let text = exchange::export(&glossary, format);
            match out {
                Some(path) => qari::storage::write_atomic(&path, text.as_bytes())
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
            let (path, user) = user_glossary()?;
            let merged = user.merged(&imported);
            qari::storage::write_atomic(&path, merged.to_ron().as_bytes())
                .map_err(|e| format!("cannot save your glossary to {}: {e}", path.display()))?;
            println!(
                "{} entries imported into {}",
                imported.entries().len(),
                path.display()
            );
            Ok(())
        }
    }
}
