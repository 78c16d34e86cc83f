//! EPUB books: the chapters in spine order, each read as HTML, and a table of contents
//! from the chapters' first headings.

use std::io::{Cursor, Read};

use quick_xml::events::Event;

use super::{Paragraph, html};

/// A book's paragraphs, its title (Dublin Core), and its contents: a title per chapter with
/// the index of the chapter's first paragraph.
#[derive(Debug)]
pub struct Book {
    pub title: Option<String>,
    pub paragraphs: Vec<Paragraph>,
    pub contents: Vec<(String, usize)>,
}

/// Largest part of a book read into memory (a chapter or the package file).
const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;

fn read_entry(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<String, String> {
    let entry = archive
        .by_name(name)
        .map_err(|_| format!("the book has no {name}"))?;
    let mut text = String::new();
    entry
        .take(MAX_ENTRY_BYTES)
        .read_to_string(&mut text)
        .map_err(|e| format!("{name} is unreadable: {e}"))?;
    Ok(text)
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

pub fn read(bytes: &[u8]) -> Result<Book, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a valid EPUB (zip) file: {e}"))?;
    let container = read_entry(&mut archive, "META-INF/container.xml")?;
    let package_path = find_attribute(&container, b"rootfile", b"full-path")
        .ok_or("the book names no package file")?;
    let package = read_entry(&mut archive, &package_path)?;
    let base = package_path
        .rsplit_once('/')
        .map_or("", |(dir, _)| dir)
        .to_string();

    // Manifest (id → href), spine order and title.
    let mut manifest: Vec<(String, String)> = Vec::new();
    let mut spine: Vec<String> = Vec::new();
    let mut title = None;
    let mut in_title = false;
    let mut reader = quick_xml::Reader::from_str(&package);
    loop {
        match reader
            .read_event()
            .map_err(|e| format!("{package_path}: {e}"))?
        {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"item" => {
                    if let (Some(id), Some(href)) = (attribute(&e, b"id"), attribute(&e, b"href")) {
                        manifest.push((id, href));
                    }
                }
                b"itemref" => spine.extend(attribute(&e, b"idref")),
                b"title" if title.is_none() => in_title = true,
                _ => {}
            },
            Event::Text(t) if in_title => {
                let text = t.decode().map_err(|e| e.to_string())?.trim().to_string();
                if !text.is_empty() {
                    title = Some(text);
                }
            }
            Event::End(_) => in_title = false,
            Event::Eof => break,
            _ => {}
        }
    }
    if spine.is_empty() {
        return Err("the book's spine lists no chapters".into());
    }

    let mut paragraphs = Vec::new();
    let mut contents = Vec::new();
    for (n, idref) in spine.iter().enumerate() {
        let Some((_, href)) = manifest.iter().find(|(id, _)| id == idref) else {
            return Err(format!(
                "the spine names a chapter ({idref}) the book does not have"
            ));
        };
        let chapter = read_entry(&mut archive, &resolve(&base, href))?;
        let (chapter_paragraphs, chapter_title) = html::paragraphs(&chapter);
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
    use std::io::Write;

    use super::*;

    /// A two-chapter EPUB, stored without compression.
    pub(crate) fn small_epub() -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let files = [
            ("mimetype", "application/epub+zip"),
            (
                "META-INF/container.xml",
                r#"<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#,
            ),
            (
                "OEBPS/content.opf",
                r#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>كتاب الرقائق</dc:title></metadata><manifest><item id="c2" href="text/two.xhtml" media-type="application/xhtml+xml"/><item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>"#,
            ),
            (
                "OEBPS/text/one.xhtml",
                "<html><body><h1>الفصل الأول</h1><p>عن إنفيديا.</p></body></html>",
            ),
            (
                "OEBPS/text/two.xhtml",
                "<html><body><h1>الفصل الثاني</h1><p>عن سميك.</p><p>خاتمة.</p></body></html>",
            ),
        ];
        for (name, text) in files {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn chapters_in_spine_order_with_contents() {
        let book = read(&small_epub()).unwrap();
        assert_eq!(book.title.as_deref(), Some("كتاب الرقائق"));
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
}
