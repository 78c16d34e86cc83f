//! EPUB books: the chapters in spine order, each read as HTML, and a table of contents
//! from the chapters' first headings.

use std::collections::HashMap;

use quick_xml::events::Event;

use super::archive::Archive;
pub use super::archive::Limits;
use super::{Paragraph, html, xml};

/// A book's paragraphs, its title (Dublin Core), and its contents: a title per chapter with
/// the index of the chapter's first paragraph.
#[derive(Debug)]
pub struct Book {
    pub title: Option<String>,
    pub paragraphs: Vec<Paragraph>,
    pub contents: Vec<(String, usize)>,
}

/// Attribute `name` of an XML element.
fn attribute(element: &quick_xml::events::BytesStart<'_>, name: &[u8]) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
        .map(|v| v.into_owned())
}

/// Resolve `href` (relative to the package file's folder) to a path in the archive.
fn resolve(base: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or(href);
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in href.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// Read a book: its chapters in spine order, within the default [`Limits`].
pub fn read(bytes: &[u8]) -> Result<Book, String> {
    read_within(bytes, Limits::default())
}

/// Read a book within `limits`; over them, a message saying which.
pub fn read_within(bytes: &[u8], limits: Limits) -> Result<Book, String> {
    let mut archive = Archive::open(bytes, limits, "EPUB")?;
    let container = archive.read("META-INF/container.xml")?;
    let package_path = find_attribute(&container, b"rootfile", b"full-path")
        .ok_or("the book names no package file")?;
    let package = archive.read(&package_path)?;
    let base = package_path
        .rsplit_once('/')
        .map_or("", |(dir, _)| dir)
        .to_string();

    // Manifest (id → href), spine order and title.
    let mut manifest: HashMap<String, String> = HashMap::new();
    let mut spine: Vec<String> = Vec::new();
    let mut title: Option<String> = None;
    // The title's text while inside it: text and references arrive as separate events.
    let mut title_text: Option<String> = None;
    let mut reader = quick_xml::Reader::from_str(&package);
    loop {
        match reader
            .read_event()
            .map_err(|e| format!("{package_path}: {e}"))?
        {
            Event::Start(e) if e.local_name().as_ref() == b"title" && title.is_none() => {
                title_text = Some(String::new());
            }
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"item" => {
                    if let (Some(id), Some(href)) = (attribute(&e, b"id"), attribute(&e, b"href")) {
                        manifest.entry(id).or_insert(href);
                    }
                }
                b"itemref" => spine.extend(attribute(&e, b"idref")),
                _ => {}
            },
            Event::Text(t) if title_text.is_some() => {
                let text = t.decode().map_err(|e| format!("{package_path}: {e}"))?;
                title_text.get_or_insert_default().push_str(&text);
            }
            Event::GeneralRef(r) if title_text.is_some() => {
                let text =
                    xml::resolve_reference(&r).map_err(|e| format!("{package_path}: {e}"))?;
                title_text.get_or_insert_default().push_str(&text);
            }
            Event::End(_) => {
                if let Some(text) = title_text.take() {
                    title = Some(super::collapse_whitespace(&text)).filter(|t| !t.is_empty());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if spine.is_empty() {
        return Err("the book's spine lists no chapters".into());
    }
    if spine.len() > limits.parts {
        return Err(format!(
            "the book lists {} chapters; Qari opens books of up to {}",
            spine.len(),
            limits.parts
        ));
    }

    let mut paragraphs = Vec::new();
    let mut contents = Vec::new();
    for (n, idref) in spine.iter().enumerate() {
        let Some(href) = manifest.get(idref) else {
            return Err(format!(
                "the spine names a chapter ({idref}) the book does not have"
            ));
        };
        let path = resolve(&base, href);
        let chapter = archive.read(&path)?;
        let (chapter_paragraphs, chapter_title) =
            html::paragraphs(&chapter).map_err(|reason| format!("{path}: {reason}"))?;
        if chapter_paragraphs.is_empty() {
            continue;
        }
        contents.push((
            chapter_title.unwrap_or_else(|| format!("Chapter {}", n + 1)),
            paragraphs.len(),
        ));
        paragraphs.extend(chapter_paragraphs);
    }
    Ok(Book {
        title,
        paragraphs,
        contents,
    })
}

/// The value of attribute `name` on the first `element` of an XML text.
fn find_attribute(xml: &str, element: &[u8], name: &[u8]) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == element => {
                return attribute(&e, name);
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::{Cursor, Write};

    use super::*;

    /// A two-chapter EPUB, stored without compression.
    pub(crate) fn small_epub() -> Vec<u8> {
        epub_with(TITLE, &[("text/one.xhtml", ONE), ("text/two.xhtml", TWO)])
    }

    const TITLE: &str = "كتاب الرقائق";
    const ONE: &str = "<html><body><h1>الفصل الأول</h1><p>عن إنفيديا.</p></body></html>";
    const TWO: &str = "<html><body><h1>الفصل الثاني</h1><p>عن سميك.</p><p>خاتمة.</p></body></html>";

    /// An EPUB titled `title` (as XML text) whose spine lists `chapters` (paths under OEBPS/
    /// and their XHTML) in order; chapters are deflated.
    pub(crate) fn epub_with(title: &str, chapters: &[(&str, &str)]) -> Vec<u8> {
        // The manifest lists the chapters backwards: the spine, not it, gives the order.
        let manifest: String = chapters
            .iter()
            .enumerate()
            .rev()
            .map(|(n, (path, _))| {
                format!(r#"<item id="c{n}" href="{path}" media-type="application/xhtml+xml"/>"#)
            })
            .collect();
        let spine: String = (0..chapters.len())
            .map(|n| format!(r#"<itemref idref="c{n}"/>"#))
            .collect();
        let package = format!(
            r#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title></metadata><manifest>{manifest}</manifest><spine>{spine}</spine></package>"#
        );
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let deflated = stored.compression_method(zip::CompressionMethod::Deflated);
        let mut write = |name: &str, text: &str, options| {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        };
        write("mimetype", "application/epub+zip", stored);
        write(
            "META-INF/container.xml",
            r#"<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#,
            stored,
        );
        write("OEBPS/content.opf", &package, stored);
        for (path, text) in chapters {
            write(&format!("OEBPS/{path}"), text, deflated);
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn chapters_in_spine_order_with_contents() {
        let book = read(&small_epub()).unwrap();
        assert_eq!(book.title.as_deref(), Some(TITLE));
        let texts: Vec<&str> = book.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "الفصل الأول",
                "عن إنفيديا.",
                "الفصل الثاني",
                "عن سميك.",
                "خاتمة."
            ]
        );
        assert_eq!(
            book.contents,
            [
                ("الفصل الأول".to_string(), 0),
                ("الفصل الثاني".to_string(), 2)
            ]
        );
    }

    #[test]
    fn broken_books_are_errors() {
        assert!(
            read(b"PK\x03\x04 not really a zip")
                .unwrap_err()
                .contains("not a valid EPUB")
        );
        let mut bytes = small_epub();
        let len = bytes.len();
        bytes.truncate(len / 2);
        assert!(read(&bytes).is_err());
        assert_eq!(resolve("OEBPS", "../images/x.png#frag"), "images/x.png");
    }

    #[test]
    fn titles_keep_their_entities() {
        let book = read(&epub_with(
            "Tom &amp; Jerry &#1573;&#x644;&#x649; <x/>!",
            &[("a.xhtml", ONE)],
        ))
        .unwrap();
        assert_eq!(book.title.as_deref(), Some("Tom & Jerry إلى !"));
        let err = read(&epub_with("Tom &nbsp;", &[("a.xhtml", ONE)])).unwrap_err();
        assert!(err.contains("unknown entity"), "{err}");
    }

    #[test]
    fn books_over_their_limits_are_refused_with_the_limit() {
        let limits = Limits {
            inflated: 64 * 1024,
            part: 32 * 1024,
            files: 20,
            parts: 10,
        };
        let big = format!("<p>{}</p>", "ب".repeat(20 * 1024)); // 40 KB inflated
        let err = read_within(&epub_with(TITLE, &[("big.xhtml", &big)]), limits).unwrap_err();
        assert_eq!(
            err,
            "OEBPS/big.xhtml is larger than Qari opens (32 KB inflated at most)"
        );
        // Parts within their limit that add up to more than the book's.
        let part = format!("<p>{}</p>", "ب".repeat(7 * 1024)); // 14 KB
        let parts: Vec<(String, &str)> = (0..6)
            .map(|n| (format!("{n}.xhtml"), part.as_str()))
            .collect();
        let parts: Vec<(&str, &str)> = parts.iter().map(|(p, t)| (p.as_str(), *t)).collect();
        let err = read_within(&epub_with(TITLE, &parts[..5]), limits).unwrap_err();
        assert_eq!(
            err,
            "this book is larger than Qari opens (more than 64 KB inflated)"
        );
        assert!(read_within(&epub_with(TITLE, &parts[..3]), limits).is_ok());
        let many: Vec<(String, &str)> = (0..11).map(|n| (format!("{n}.xhtml"), ONE)).collect();
        let many: Vec<(&str, &str)> = many.iter().map(|(p, t)| (p.as_str(), *t)).collect();
        let err = read_within(&epub_with(TITLE, &many), limits).unwrap_err();
        assert_eq!(
            err,
            "the book lists 11 chapters; Qari opens books of up to 10"
        );
        let limits = Limits { files: 5, ..limits };
        let err = read_within(&epub_with(TITLE, &many[..3]), limits).unwrap_err();
        assert_eq!(err, "the EPUB holds 6 files; Qari opens ones of up to 5");
    }

    #[test]
    fn a_chapter_nested_too_deeply_is_named() {
        let deep = "<div>".repeat(super::html::MAX_NESTING + 1);
        let err = read(&epub_with(TITLE, &[("deep.xhtml", &deep)])).unwrap_err();
        assert!(
            err.starts_with("OEBPS/deep.xhtml: the page is nested too deeply"),
            "{err}"
        );
    }
}
