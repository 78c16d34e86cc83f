//! Documents: bytes in, paragraphs out. Knows nothing of fonts or windows.

pub mod archive;
pub mod decode;
pub mod epub;
pub mod html;
pub mod markdown;
pub mod xml;

pub use crate::layout::Direction;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::storage::{ReadError, human_size};

/// The article Qari opens when it is given none.
pub const BUNDLED_ARTICLE: &str = include_str!("../../assets/articles/nvidia-deepseek-ar.txt");
const BUNDLED_NAME: &str = "nvidia-deepseek-ar.txt";

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;

/// The kinds of file Qari reads, known by their extension: one list for the loader, the
/// Open dialog's filters and the MIME types the desktop file says Qari opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Epub,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Text, Format::Markdown, Format::Html, Format::Epub];

    /// The extensions of this format, lower case, without the dot.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Text => &["txt", "text"],
            Format::Markdown => &["md", "markdown"],
            Format::Html => &["html", "htm", "xhtml"],
            Format::Epub => &["epub"],
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Text => "Plain text",
            Format::Markdown => "Markdown",
            Format::Html => "HTML",
            Format::Epub => "EPUB",
        }
    }

    /// The MIME types of this format (for the desktop's "Open with").
    pub fn mime_types(self) -> &'static [&'static str] {
        match self {
            Format::Text => &["text/plain"],
            Format::Markdown => &["text/markdown"],
            Format::Html => &["text/html", "application/xhtml+xml"],
            Format::Epub => &["application/epub+zip"],
        }
    }

    /// The format of `path` by its extension; any other file is read as plain text.
    pub fn of(path: &Path) -> Format {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        Format::ALL
            .into_iter()
            .find(|f| f.extensions().contains(&extension.as_str()))
            .unwrap_or(Format::Text)
    }
}

/// Where a document came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Shipped inside the binary, by file name.
    Bundled(&'static str),
    File(PathBuf),
    /// Pasted from the clipboard.
    Pasted,
}

/// What a paragraph is, which decides how the reader styles it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParagraphKind {
    Body,
    /// A source or author line ("المصدر: ..."), shown smaller and muted.
    Byline,
    /// A heading of level 1 (largest) to 6.
    Heading(u8),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    pub text: String,
    pub kind: ParagraphKind,
    /// A direction the source declares (HTML `dir`); otherwise the first strong character
    /// decides.
    pub direction: Option<Direction>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    pub origin: Origin,
    pub paragraphs: Vec<Paragraph>,
    /// The encoding the text was read with (WHATWG name, e.g. "windows-1256").
    pub encoding: &'static str,
    /// Table of contents (EPUB chapters): a title and the index of its first paragraph.
    pub contents: Vec<(String, usize)>,
}

/// Why a file could not be opened. The message is meant for the user.
#[derive(Debug)]
pub enum LoadError {
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    TooLarge {
        path: PathBuf,
        bytes: u64,
    },
    /// A FIFO, a socket or a device: reading it could wait or go on forever.
    NotAFile {
        path: PathBuf,
        what: &'static str,
    },
    Empty {
        path: PathBuf,
    },
    Binary {
        path: PathBuf,
    },
    Undecodable {
        path: PathBuf,
        encoding: &'static str,
    },
    /// A structured file (EPUB) that is broken.
    Malformed {
        path: PathBuf,
        reason: String,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, error } => write!(f, "cannot read {}: {error}", path.display()),
            LoadError::TooLarge { path, bytes } => write!(
                f,
                "{} is {}; Qari opens files up to {}",
                path.display(),
                human_size(*bytes),
                human_size(MAX_FILE_BYTES)
            ),
            LoadError::NotAFile { path, what } => write!(
                f,
                "{} is {what}, not a file: Qari opens only files",
                path.display()
            ),
            LoadError::Empty { path } => write!(f, "{} is empty", path.display()),
            LoadError::Binary { path } => {
                write!(
                    f,
                    "{} is not a text file (it contains NUL bytes)",
                    path.display()
                )
            }
            LoadError::Malformed { path, reason } => {
                write!(f, "cannot open {}: {reason}", path.display())
            }
            LoadError::Undecodable { path, encoding } => write!(
                f,
                "{} is not readable as {encoding} text (try another encoding)",
                path.display()
            ),
        }
    }
}

impl std::error::Error for LoadError {}

impl Document {
    /// The paragraphs' texts, for the functions that take `&[&str]`.
    pub fn texts(&self) -> Vec<&str> {
        self.paragraphs.iter().map(|p| p.text.as_str()).collect()
    }

    /// The file the document came from.
    pub fn path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::File(path) => Some(path),
            _ => None,
        }
    }

    /// The article bundled with Qari.
    pub fn bundled() -> Self {
        Document::from_text(BUNDLED_ARTICLE, Origin::Bundled(BUNDLED_NAME))
    }

    /// Read and decode a file, guessing its encoding.
    pub fn open(path: &Path) -> Result<Self, LoadError> {
        Self::open_with(path, None)
    }

    /// Read and decode a file, in `encoding` when given.
    pub fn open_with(
        path: &Path,
        encoding: Option<&'static encoding_rs::Encoding>,
    ) -> Result<Self, LoadError> {
        let path_buf = || path.to_path_buf();
        let bytes = crate::storage::read_limited(path, MAX_FILE_BYTES).map_err(|e| match e {
            ReadError::Io(error) => LoadError::Io {
                path: path_buf(),
                error,
            },
            ReadError::NotAFile(what) => LoadError::NotAFile {
                path: path_buf(),
                what,
            },
            ReadError::TooLarge { size, .. } => LoadError::TooLarge {
                path: path_buf(),
                bytes: size,
            },
        })?;
        let format = Format::of(path);
        if format == Format::Epub {
            let book = epub::read(&bytes).map_err(|reason| LoadError::Malformed {
                path: path_buf(),
                reason,
            })?;
            let mut document =
                Document::from_parts(Origin::File(path_buf()), book.paragraphs, book.title);
            document.contents = book.contents;
            return Ok(document);
        }
        let declared = if format == Format::Html && encoding_rs::Encoding::for_bom(&bytes).is_none()
        {
            decode::html_declared(&bytes)
        } else {
            None
        };
        let decoded = decode::decode(&bytes, encoding.or(declared)).map_err(|e| match e {
            decode::DecodeError::Empty => LoadError::Empty { path: path_buf() },
            decode::DecodeError::Binary => LoadError::Binary { path: path_buf() },
            decode::DecodeError::Undecodable { encoding } => LoadError::Undecodable {
                path: path_buf(),
                encoding,
            },
        })?;
        let origin = Origin::File(path.to_path_buf());
        let mut document = match format {
            Format::Markdown => Document::from_markdown(&decoded.text, origin),
            Format::Html => Document::from_html(&decoded.text, origin).map_err(|reason| {
                LoadError::Malformed {
                    path: path_buf(),
                    reason,
                }
            })?,
            Format::Text | Format::Epub => Document::from_text(&decoded.text, origin),
        };
        document.encoding = decoded.encoding.name();
        Ok(document)
    }

    /// Split text into paragraphs: one per non-empty line (LF, CRLF or CR).
    pub fn from_text(text: &str, origin: Origin) -> Self {
        let mut paragraphs: Vec<Paragraph> = text_paragraphs(text)
            .into_iter()
            .map(|text| Paragraph {
                text,
                kind: ParagraphKind::Body,
                direction: None,
            })
            .collect();
        if let Some(first) = paragraphs.first_mut()
            && is_byline(&first.text)
        {
            first.kind = ParagraphKind::Byline;
        }
        let title = match &origin {
            Origin::Bundled(name) => title_from_name(name),
            Origin::Pasted => "Pasted text".to_string(),
            Origin::File(path) => title_from_name(
                &path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            ),
        };
        Document {
            title,
            origin,
            paragraphs,
            encoding: "UTF-8",
            contents: Vec::new(),
        }
    }

    /// A Markdown text: headings as headings, markup left out; titled by its first heading.
    pub fn from_markdown(text: &str, origin: Origin) -> Self {
        let (paragraphs, title) = markdown::paragraphs(text);
        Document::from_parts(origin, paragraphs, title)
    }

    /// An HTML page: its text blocks, headings and `dir`; titled by `<title>`. Refused when
    /// nested deeper than any real page (see [`html::paragraphs`]).
    pub fn from_html(html: &str, origin: Origin) -> Result<Self, String> {
        let (paragraphs, title) = html::paragraphs(html)?;
        Ok(Document::from_parts(origin, paragraphs, title))
    }

    /// A document of already split paragraphs, titled by `title` or else its file name.
    fn from_parts(origin: Origin, paragraphs: Vec<Paragraph>, title: Option<String>) -> Self {
        let mut document = Document::from_text("", origin);
        document.paragraphs = paragraphs;
        if let Some(title) = title {
            document.title = title;
        }
        document
    }

    /// The whole text, paragraphs separated by newlines.
    pub fn text(&self) -> String {
        let texts: Vec<&str> = self.paragraphs.iter().map(|p| p.text.as_str()).collect();
        texts.join("\n")
    }
}

/// `text` with every run of whitespace (line breaks included) made one space, and none at
/// the ends: how a paragraph or a name is kept, whatever layout it came in.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The longest line of hard-wrapped text (e-mail, old .txt files) is this short.
const HARD_WRAP_MAX: usize = 100;

/// Paragraphs of plain text, as the text suggests: one per line; but when the text is
/// hard-wrapped (no line longer than about 100 characters, blank lines between blocks),
/// the lines of a block are joined, a markedly short line ending its paragraph.
fn text_paragraphs(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n");
    // Every paragraph separator of UAX #9 (class B) ends a line.
    let lines: Vec<&str> = text
        .split([
            '\n', '\r', '\u{85}', '\u{1c}', '\u{1d}', '\u{1e}', '\u{2029}',
        ])
        .map(str::trim)
        .collect();
    let longest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let blocks_of_several_lines = lines
        .windows(2)
        .any(|w| !w[0].is_empty() && !w[1].is_empty());
    // Wrapped text fills its lines to a width between these bounds.
    let hard_wrapped = (40..=HARD_WRAP_MAX).contains(&longest)
        && lines.iter().any(|l| l.is_empty())
        && blocks_of_several_lines;
    if !hard_wrapped {
        return lines
            .into_iter()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
    }
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut flush = |current: &mut String| {
        if !current.is_empty() {
            paragraphs.push(std::mem::take(current));
        }
    };
    for line in lines {
        if line.is_empty() {
            flush(&mut current);
            continue;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(line);
        if line.chars().count() * 2 < longest {
            flush(&mut current);
        }
    }
    flush(&mut current);
    paragraphs
}

fn is_byline(text: &str) -> bool {
    ["المصدر:", "المصدر :", "Source:", "By "]
        .iter()
        .any(|prefix| text.starts_with(prefix))
}

fn title_from_name(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    if stem.is_empty() {
        "Untitled".to_string()
    } else {
        stem.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_article_has_a_byline_and_body() {
        let doc = Document::bundled();
        assert_eq!(doc.paragraphs[0].kind, ParagraphKind::Byline);
        assert!(doc.paragraphs[0].text.contains("Dong Zhidao Research"));
        assert!(doc.paragraphs.len() > 10);
        assert!(
            doc.paragraphs[1..]
                .iter()
                .all(|p| p.kind == ParagraphKind::Body)
        );
    }

    #[test]
    fn formats_are_known_by_extension_in_any_case() {
        assert_eq!(Format::of(Path::new("a/b.EPUB")), Format::Epub);
        assert_eq!(Format::of(Path::new("page.htm")), Format::Html);
        assert_eq!(Format::of(Path::new("notes.markdown")), Format::Markdown);
        assert_eq!(Format::of(Path::new("README")), Format::Text);
        assert_eq!(Format::of(Path::new("data.csv")), Format::Text);
        for format in Format::ALL {
            for extension in format.extensions() {
                assert_eq!(Format::of(Path::new(&format!("x.{extension}"))), format);
            }
        }
    }

    #[test]
    fn html_and_markdown_files_open_by_extension() {
        let dir = tempfile::tempdir().unwrap();
        let html = dir.path().join("page.html");
        let page = "<html dir=rtl><head><meta charset=windows-1256><title>عنوان الصفحة</title></head><body><h2>نفيديا</h2><p>نص الصفحة</p></body></html>";
        std::fs::write(&html, encoding_rs::WINDOWS_1256.encode(page).0).unwrap();
        let doc = Document::open(&html).unwrap();
        assert_eq!(doc.title, "عنوان الصفحة");
        assert_eq!(doc.encoding, "windows-1256");
        assert_eq!(doc.paragraphs[0].kind, ParagraphKind::Heading(2));
        assert_eq!(doc.paragraphs[1].direction, Some(Direction::Rtl));
        let md = dir.path().join("notes.md");
        std::fs::write(&md, "# عنوان\n\nنص *مائل*").unwrap();
        let doc = Document::open(&md).unwrap();
        assert_eq!(doc.title, "عنوان");
        assert_eq!(doc.paragraphs[1].text, "نص مائل");
    }

    #[test]
    fn hard_wrapped_text_is_joined_into_paragraphs() {
        let text = "هذا سطر أول طويل بما يكفي ليكون جزءا من فقرة ملفوفة يدويا في ملف نصي قديم\r\nوهذا استمرار الفقرة نفسها على السطر الثاني من الملف النصي القديم هنا\r\nونهايتها.\r\n\r\nفقرة ثانية قصيرة.\r\n";
        let doc = Document::from_text(text, Origin::Pasted);
        assert_eq!(doc.paragraphs.len(), 2, "{:?}", doc.paragraphs);
        assert!(
            doc.paragraphs[0].text.starts_with("هذا سطر أول")
                && doc.paragraphs[0].text.ends_with("ونهايتها.")
        );
        // One paragraph per line when lines are long (the bundled article, the UDHR files).
        assert_eq!(
            Document::bundled().paragraphs.len(),
            BUNDLED_ARTICLE
                .lines()
                .filter(|l| !l.trim().is_empty())
                .count()
        );
    }

    #[test]
    fn crlf_and_blank_lines_are_paragraph_breaks() {
        let doc = Document::from_text("أ\r\n\r\nب\rج\n", Origin::Bundled("x.txt"));
        let texts: Vec<&str> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["أ", "ب", "ج"]);
        assert_eq!(doc.title, "x");
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        };
        let empty = write("empty.txt", b" \n");
        assert!(matches!(
            Document::open(&empty),
            Err(LoadError::Empty { .. })
        ));
        let binary = write("bin.txt", b"abc\0def");
        assert!(matches!(
            Document::open(&binary),
            Err(LoadError::Binary { .. })
        ));
        let cp1256 = write(
            "cp1256.txt",
            &encoding_rs::WINDOWS_1256
                .encode("مرحبا بالعالم، هذا نص عربي قديم الترميز")
                .0,
        );
        let doc = Document::open(&cp1256).unwrap();
        assert_eq!(doc.encoding, "windows-1256");
        assert_eq!(
            doc.paragraphs[0].text,
            "مرحبا بالعالم، هذا نص عربي قديم الترميز"
        );
        let garbage: Vec<u8> = (0..4000u32).map(|i| (i * 7 % 251) as u8 | 0x80).collect();
        let garbage = write("garbage.txt", &garbage);
        let err = Document::open_with(&garbage, Some(encoding_rs::UTF_8)).unwrap_err();
        assert!(err.to_string().contains("not readable as UTF-8"), "{err}");
        let huge = dir.path().join("huge.txt");
        std::fs::File::create(&huge)
            .unwrap()
            .set_len(MAX_FILE_BYTES + 1)
            .unwrap(); // sparse
        let err = Document::open(&huge).unwrap_err();
        assert!(matches!(err, LoadError::TooLarge { .. }), "{err}");
        assert!(err.to_string().contains("up to 100 MB"), "{err}");
        let missing = dir.path().join("missing.txt");
        assert!(matches!(
            Document::open(&missing),
            Err(LoadError::Io { .. })
        ));
        let bom = write("bom.txt", "\u{feff}مرحبا".as_bytes());
        assert_eq!(Document::open(&bom).unwrap().paragraphs[0].text, "مرحبا");
    }
}
