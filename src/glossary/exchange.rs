//! Glossary import and export: TSV as OmegaT reads it, CSV, and TBX-Basic.
//!
//! TSV and CSV rows are "source, target, comment" (Arabic spelling, English name, gloss),
//! one row per Arabic spelling, which is what OmegaT shows; the columns after those carry
//! the rest of the entry (id, kind, original, Latin spellings, related ids, link, no-strip)
//! so that export then import loses nothing. A plain three-column file from elsewhere
//! imports too: its rows are grouped by target.

use std::fmt;

use quick_xml::events::{BytesStart, Event};

use super::{Entry, Glossary, Kind};
use crate::document::xml::resolve_reference;

/// The formats Qari reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Tsv,
    Csv,
    Tbx,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Tsv, Format::Csv, Format::Tbx];

    /// The extensions of this format, lower case, without the dot; the first is the one
    /// Qari writes.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Tsv => &["tsv", "tab", "txt"],
            Format::Csv => &["csv"],
            Format::Tbx => &["tbx", "xml"],
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Tsv => "TSV (OmegaT)",
            Format::Csv => "CSV",
            Format::Tbx => "TBX-Basic",
        }
    }

    /// The format a file name's extension names.
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.extensions().contains(&extension.as_str()))
    }
}

/// An import that failed, with the row or position and the reason.
#[derive(Debug, PartialEq, Eq)]
pub struct ImportError(pub String);

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ImportError {}

const LIST_SEPARATOR: &str = " | ";
const HEADER: [&str; 10] = [
    "source", "target", "comment", "id", "kind", "original", "latin", "related", "url", "no_strip",
];

pub fn export(glossary: &Glossary, format: Format) -> String {
    match format {
        Format::Tsv => export_delimited(glossary, b'\t', false),
        Format::Csv => export_delimited(glossary, b',', true),
        Format::Tbx => export_tbx(glossary),
    }
}

pub fn import(text: &str, format: Format) -> Result<Glossary, ImportError> {
    match format {
        Format::Tsv => import_delimited(text, b'\t'),
        Format::Csv => import_delimited(text, b','),
        Format::Tbx => import_tbx(text),
    }
}

/// Import from the bytes of a file in any encoding documents may be in: UTF-8 with or
/// without a BOM, UTF-16 with a BOM (Excel's "Unicode text"), Windows-1256 or ISO-8859-6
/// (guessed as for documents).
pub fn import_bytes(bytes: &[u8], format: Format) -> Result<Glossary, ImportError> {
    use crate::document::decode::{DecodeError, decode};
    let decoded = decode(bytes, None).map_err(|e| {
        ImportError(match e {
            DecodeError::Empty => "the file is empty".to_string(),
            DecodeError::Binary => "not a text file (it contains NUL bytes)".to_string(),
            DecodeError::Undecodable { encoding } => {
                format!("not readable as {encoding} text")
            }
        })
    })?;
    import(&decoded.text, format)
}

/// Import the file at `path` (a regular file of at most [`super::MAX_GLOSSARY_BYTES`]),
/// in `format` or else the one its extension names. Errors name the file.
pub fn import_file(
    path: &std::path::Path,
    format: Option<Format>,
) -> Result<Glossary, ImportError> {
    let named = |message: &dyn fmt::Display| ImportError(format!("{}: {message}", path.display()));
    let format = format
        .or_else(|| Format::from_path(path))
        .ok_or_else(|| named(&"unknown file type: say which format it is in (TSV, CSV or TBX)"))?;
    let bytes = crate::storage::read_limited(path, super::MAX_GLOSSARY_BYTES)
        .map_err(|e| named(&format!("cannot read it: {e}")))?;
    import_bytes(&bytes, format).map_err(|e| named(&e))
}

fn kind_from(label: &str) -> Option<Kind> {
    Kind::ALL.into_iter().find(|k| k.label() == label.trim())
}

fn export_delimited(glossary: &Glossary, delimiter: u8, header: bool) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_writer(Vec::new());
    if header {
        writer.write_record(HEADER).expect("writing to memory");
    }
    for entry in glossary.entries() {
        // One row per Arabic spelling (OmegaT's source terms); entries without one use
        // their name.
        let sources: Vec<&str> = if entry.arabic.is_empty() {
            vec![entry.name.as_str()]
        } else {
            entry.arabic.iter().map(String::as_str).collect()
        };
        let latin = entry.latin.join(LIST_SEPARATOR);
        let related = entry.related.join(LIST_SEPARATOR);
        for source in sources {
            writer
                .write_record([
                    source,
                    &entry.name,
                    &entry.gloss,
                    &entry.id,
                    entry.kind.label(),
                    entry.original.as_deref().unwrap_or(""),
                    &latin,
                    &related,
                    entry.url.as_deref().unwrap_or(""),
                    if entry.no_strip { "yes" } else { "" },
                ])
                .expect("writing to memory");
        }
    }
    String::from_utf8(writer.into_inner().expect("writing to memory")).expect("fields are UTF-8")
}

fn split_list(field: &str) -> Vec<String> {
    field
        .split(LIST_SEPARATOR.trim())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The line on which a quoted field opens that is never closed, if any: a CSV reader
/// would quietly take the rest of the file into that one field.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    let mut line = 1;
    let mut opened_on = None;
    let mut field_start = true;
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        if b == b'\n' {
            line += 1;
        }
        if opened_on.is_some() {
            if b == b'"' && bytes.next_if_eq(&b'"').is_none() {
                opened_on = None;
            }
            continue;
        }
        match b {
            b'"' if field_start => opened_on = Some(line),
            b'\n' => {}
            b if b == delimiter => {}
            _ => {
                field_start = false;
                continue;
            }
        }
        field_start = b != b'"';
    }
    opened_on
}

fn import_delimited(text: &str, delimiter: u8) -> Result<Glossary, ImportError> {
    if let Some(line) = unclosed_quote(text, delimiter) {
        return Err(ImportError(format!(
            "line {line}: a quoted field opens here and is never closed"
        )));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut glossary = Glossary::default();
    // (entry id, Arabic spelling) pairs already added: rows of one entry are merged in
    // constant time each, however many there are.
    let mut spellings: std::collections::HashSet<(String, String)> = Default::default();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| ImportError(format!("row {}: {e}", n + 1)))?;
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        if n == 0 && field(0) == HEADER[0] && field(1) == HEADER[1] {
            continue;
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let (source, target) = (field(0), field(1));
        if target.is_empty() {
            return Err(ImportError(format!("row {}: no target term", n + 1)));
        }
        let id = if field(3).is_empty() {
            super::slug(target)
        } else {
            field(3).to_string()
        };
        let kind = match field(4) {
            "" => Kind::Concept,
            label => kind_from(label)
                .ok_or_else(|| ImportError(format!("row {}: unknown kind \"{label}\"", n + 1)))?,
        };
        if glossary.get(&id).is_none() {
            glossary.upsert(Entry {
                id: id.clone(),
                kind,
                name: target.to_string(),
                original: Some(field(5).to_string()).filter(|s| !s.is_empty()),
                arabic: Vec::new(),
                latin: split_list(field(6)),
                gloss: field(2).to_string(),
                related: split_list(field(7)),
                url: Some(field(8).to_string()).filter(|s| !s.is_empty()),
                no_strip: field(9) == "yes",
            });
        }
        if source != target
            && !source.is_empty()
            && spellings.insert((id.clone(), source.to_string()))
        {
            let entry = glossary.get_mut(&id).expect("added above");
            entry.arabic.push(source.to_string());
        }
    }
    Ok(glossary)
}

fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

fn original_lang(original: &str) -> &'static str {
    if original
        .chars()
        .any(|c| ('\u{3040}'..='\u{30FF}').contains(&c))
    {
        "ja"
    } else if original
        .chars()
        .any(|c| ('\u{AC00}'..='\u{D7AF}').contains(&c))
    {
        "ko"
    } else if original
        .chars()
        .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
    {
        "zh"
    } else {
        "und"
    }
}

fn export_tbx(glossary: &Glossary) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n\
         <tbxHeader><fileDesc><sourceDesc><p>Qari glossary</p></sourceDesc></fileDesc></tbxHeader>\n\
         <text><body>\n",
    );
    for e in glossary.entries() {
        out.push_str(&format!("<conceptEntry id=\"{}\">\n", escape(&e.id)));
        out.push_str(&format!(
            "  <descrip type=\"subjectField\">{}</descrip>\n",
            e.kind.label()
        ));
        if !e.gloss.is_empty() {
            out.push_str(&format!(
                "  <descrip type=\"definition\">{}</descrip>\n",
                escape(&e.gloss)
            ));
        }
        for related in &e.related {
            out.push_str(&format!(
                "  <ref type=\"crossReference\" target=\"{0}\">{0}</ref>\n",
                escape(related)
            ));
        }
        if let Some(url) = &e.url {
            out.push_str(&format!(
                "  <xref type=\"externalCrossReference\" target=\"{0}\">{0}</xref>\n",
                escape(url)
            ));
        }
        if e.no_strip {
            out.push_str("  <note>no-strip</note>\n");
        }
        let terms = |out: &mut String, lang: &str, terms: &[&str]| {
            if terms.is_empty() {
                return;
            }
            out.push_str(&format!("  <langSec xml:lang=\"{lang}\">\n"));
            for term in terms {
                out.push_str(&format!(
                    "    <termSec><term>{}</term></termSec>\n",
                    escape(term)
                ));
            }
            out.push_str("  </langSec>\n");
        };
        let english: Vec<&str> = std::iter::once(e.name.as_str())
            .chain(e.latin.iter().map(String::as_str))
            .collect();
        terms(&mut out, "en", &english);
        terms(
            &mut out,
            "ar",
            &e.arabic.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        if let Some(original) = &e.original {
            terms(&mut out, original_lang(original), &[original]);
        }
        out.push_str("</conceptEntry>\n");
    }
    out.push_str("</body></text>\n</tbx>\n");
    out
}

fn attribute(element: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
        .map(|v| v.into_owned())
}

fn import_tbx(text: &str) -> Result<Glossary, ImportError> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut glossary = Glossary::default();
    let mut entry: Option<Entry> = None;
    let mut lang = String::new();
    // The element whose text is being read, with its type attribute.
    let mut reading: Option<(Vec<u8>, Option<String>)> = None;
    let mut text_buf = String::new();
    let error = |reader: &quick_xml::Reader<&[u8]>, e: &dyn fmt::Display| {
        ImportError(format!("TBX at byte {}: {e}", reader.buffer_position()))
    };
    loop {
        match reader.read_event().map_err(|e| error(&reader, &e))? {
            Event::Start(start) => {
                let name = start.local_name().as_ref().to_vec();
                match name.as_slice() {
                    b"conceptEntry" | b"termEntry" => {
                        let id = attribute(&start, b"id").unwrap_or_default();
                        entry = Some(Entry {
                            id,
                            kind: Kind::Concept,
                            name: String::new(),
                            original: None,
                            arabic: Vec::new(),
                            latin: Vec::new(),
                            gloss: String::new(),
                            related: Vec::new(),
                            url: None,
                            no_strip: false,
                        });
                    }
                    b"langSec" | b"langSet" => {
                        lang = attribute(&start, b"xml:lang").unwrap_or_default()
                    }
                    b"term" | b"descrip" | b"note" => {
                        reading = Some((name, attribute(&start, b"type")));
                        text_buf.clear();
                    }
                    b"ref" => {
                        if let (Some(e), Some(target)) =
                            (entry.as_mut(), attribute(&start, b"target"))
                        {
                            e.related.push(target);
                        }
                    }
                    b"xref" => {
                        if let Some(e) = entry.as_mut() {
                            e.url = attribute(&start, b"target");
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if reading.is_some() => {
                text_buf.push_str(&t.decode().map_err(|e| error(&reader, &e))?);
            }
            Event::GeneralRef(r) if reading.is_some() => {
                let resolved = resolve_reference(&r).map_err(|e| error(&reader, &e))?;
                text_buf.push_str(&resolved);
            }
            Event::End(end) => {
                let name = end.local_name().as_ref().to_vec();
                if let (Some((open, kind)), Some(e)) = (&reading, entry.as_mut())
                    && *open == name
                {
                    let value = text_buf.trim().to_string();
                    match (name.as_slice(), kind.as_deref()) {
                        (b"term", _) => match lang.as_str() {
                            "en" if e.name.is_empty() => e.name = value,
                            "en" => e.latin.push(value),
                            "ar" => e.arabic.push(value),
                            _ => e.original = Some(value),
                        },
                        (b"descrip", Some("subjectField")) => {
                            e.kind = kind_from(&value).unwrap_or(Kind::Concept);
                        }
                        (b"descrip", Some("definition")) => e.gloss = value,
                        (b"note", _) if value == "no-strip" => e.no_strip = true,
                        _ => {}
                    }
                    reading = None;
                }
                if matches!(name.as_slice(), b"conceptEntry" | b"termEntry")
                    && let Some(mut e) = entry.take()
                {
                    if e.name.is_empty() {
                        e.name = e
                            .arabic
                            .first()
                            .cloned()
                            .ok_or_else(|| error(&reader, &"an entry without terms"))?;
                    }
                    if e.id.is_empty() {
                        e.id = super::slug(&e.name);
                    }
                    glossary.upsert(e);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if entry.is_some() {
        return Err(ImportError("TBX ends inside an entry".into()));
    }
    Ok(glossary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tricky_glossary() -> Glossary {
        let mut g = Glossary::bundled();
        g.upsert(Entry {
            id: "tricky".into(),
            kind: Kind::Place,
            name: "Tab\tand \"quotes\", commas & <xml>".into(),
            original: Some("東京".into()),
            arabic: vec!["طوكيو".into(), "توكيو".into()],
            latin: vec!["Tokyo".into(), "Tōkyō".into()],
            gloss: "Line one\nline two, with, commas".into(),
            related: vec!["nvidia".into()],
            url: Some("https://example.org/?a=1&b=2".into()),
            no_strip: true,
        });
        g
    }

    #[test]
    fn formats_are_known_by_extension() {
        let of = |name: &str| Format::from_path(std::path::Path::new(name));
        assert_eq!(of("g.TSV"), Some(Format::Tsv));
        assert_eq!(of("g.txt"), Some(Format::Tsv));
        assert_eq!(of("g.csv"), Some(Format::Csv));
        assert_eq!(of("g.xml"), Some(Format::Tbx));
        assert_eq!(of("g.ron"), None);
        assert_eq!(of("g"), None);
    }

    #[test]
    fn every_format_round_trips_without_loss() {
        let glossary = tricky_glossary();
        for format in [Format::Tsv, Format::Csv, Format::Tbx] {
            let text = export(&glossary, format);
            let back = import(&text, format).unwrap_or_else(|e| panic!("{format:?}: {e}"));
            assert_eq!(back.entries().len(), glossary.entries().len(), "{format:?}");
            for (a, b) in back.entries().iter().zip(glossary.entries()) {
                assert_eq!(a, b, "{format:?}");
            }
        }
    }

    #[test]
    fn tsv_rows_are_source_target_comment_for_omegat() {
        let text = export(&Glossary::bundled(), Format::Tsv);
        let row = text
            .lines()
            .find(|l| l.starts_with("هوانغ رينكسون\t"))
            .unwrap();
        let fields: Vec<&str> = row.split('\t').collect();
        assert_eq!(fields[1], "Jensen Huang");
        assert!(fields[2].starts_with("Co-founder"));
    }

    #[test]
    fn plain_three_column_files_import_grouped_by_target() {
        let text = "إنفيديا\tNVIDIA\tchip maker\nأنفيديا\tNVIDIA\t\n\n\"ديب سيك\"\tDeepSeek\n";
        let g = import(text, Format::Tsv).unwrap();
        assert_eq!(g.entries().len(), 2);
        assert_eq!(g.get("nvidia").unwrap().arabic, ["إنفيديا", "أنفيديا"]);
        assert_eq!(g.get("nvidia").unwrap().gloss, "chip maker");
        assert_eq!(g.get("deepseek").unwrap().arabic, ["ديب سيك"]);
    }

    #[test]
    fn character_references_in_tbx_are_text() {
        let text = "<tbx><text><body><conceptEntry id=\"nvidia\"><langSec xml:lang=\"en\"><term>NVIDIA &amp; co</term></langSec><langSec xml:lang=\"ar\"><term>&#1573;&#x646;&#1601;&#1610;&#1583;&#1610;&#1575;</term></langSec></conceptEntry></body></text></tbx>";
        let g = import(text, Format::Tbx).unwrap();
        let entry = g.get("nvidia").unwrap();
        assert_eq!(entry.name, "NVIDIA & co");
        assert_eq!(entry.arabic, ["إنفيديا"]);
        let entity = text.replace("&amp;", "&nbsp;");
        let err = import(&entity, Format::Tbx).unwrap_err();
        assert!(err.0.contains("unknown entity &nbsp;"), "{err}");
    }

    #[test]
    fn excel_unicode_text_and_arabic_code_pages_import() {
        let rows = "إنفيديا\tNVIDIA\tشركة رقائق\nأنفيديا\tNVIDIA\t\n";
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(rows.encode_utf16().flat_map(u16::to_le_bytes));
        let mut utf8_bom = b"\xEF\xBB\xBF".to_vec();
        utf8_bom.extend(rows.as_bytes());
        let cp1256 = encoding_rs::WINDOWS_1256.encode(rows).0.into_owned();
        for bytes in [utf16, utf8_bom, cp1256, rows.as_bytes().to_vec()] {
            let g = import_bytes(&bytes, Format::Tsv).unwrap();
            let nvidia = g.get("nvidia").unwrap();
            assert_eq!(nvidia.arabic, ["إنفيديا", "أنفيديا"]);
            assert_eq!(nvidia.gloss, "شركة رقائق");
        }
        assert!(
            import_bytes(b"a\tb\0c", Format::Tsv)
                .unwrap_err()
                .0
                .contains("NUL")
        );
    }

    #[test]
    fn an_unclosed_quote_is_reported_with_its_line() {
        let text = "source,target,comment\nإنفيديا,NVIDIA,\"chip maker\nديب سيك,DeepSeek,lab\n";
        let err = import(text, Format::Csv).unwrap_err();
        assert_eq!(
            err.0,
            "line 2: a quoted field opens here and is never closed"
        );
        // Quotes that close, doubled quotes, quotes inside a field and line breaks inside
        // quotes are all fine.
        let fine = "a,\"b \"\"q\"\" c\",\"line\nbreak\"\nx,y\"z,\"\"\n";
        assert_eq!(unclosed_quote(fine, b','), None);
        assert_eq!(import(fine, Format::Csv).unwrap().entries().len(), 2);
    }

    #[test]
    fn many_rows_of_one_entry_merge_in_linear_time() {
        // 50,000 spellings of one target: each row adds a spelling without copying the rest.
        let text: String = (0..50_000).map(|n| format!("اسم{n}\tNVIDIA\n")).collect();
        let g = import(&text, Format::Tsv).unwrap();
        assert_eq!(g.entries().len(), 1);
        assert_eq!(g.get("nvidia").unwrap().arabic.len(), 50_000);
        let again: String = format!("{text}{text}");
        assert_eq!(
            import(&again, Format::Tsv)
                .unwrap()
                .get("nvidia")
                .unwrap()
                .arabic
                .len(),
            50_000
        );
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        assert!(
            import(
                "<tbx><text><body><conceptEntry id=\"x\"><langSec xml:lang=\"en\"><term>X</term>",
                Format::Tbx
            )
            .is_err()
        );
        assert!(import("<tbx><conceptEntry></tbx>", Format::Tbx).is_err());
        assert!(
            import("إنفيديا\t\tno target\n", Format::Tsv)
                .unwrap_err()
                .0
                .contains("row 1")
        );
        assert!(
            import("a,b,c,d,strange-kind\n", Format::Csv)
                .unwrap_err()
                .0
                .contains("unknown kind")
        );
    }
}
