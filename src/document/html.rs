//! HTML to paragraphs: headings, paragraphs, list items, quotes and table cells, with the
//! `dir` attribute honoured and scripts, styles, navigation and forms dropped. Nothing is
//! fetched and no script runs: the page is only parsed.

use scraper::{ElementRef, Html, Node};

use super::{Direction, Paragraph, ParagraphKind, collapse_whitespace};

/// Elements whose content is never text to read.
const SKIPPED: [&str; 14] = [
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "select", "svg", "iframe", "head",
];

/// Elements that start and end a paragraph.
const BLOCKS: [&str; 22] = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "div",
    "section",
    "article",
    "main",
    "td",
    "th",
    "dt",
    "dd",
    "figcaption",
    "caption",
    "br",
    "hr",
];

/// The direction an element's `dir` declares, else the one it inherits; `dir="auto"`
/// leaves it to the text.
fn declared_direction(element: ElementRef<'_>, inherited: Option<Direction>) -> Option<Direction> {
    match element
        .value()
        .attr("dir")
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("rtl") => Some(Direction::Rtl),
        Some("ltr") => Some(Direction::Ltr),
        Some("auto") => None,
        _ => inherited,
    }
}

/// Deeper nesting than this is refused. Browsers stop nesting at 512 (Chromium); real
/// articles stay under 100. html5ever searches its stack of open elements on most tags, so
/// a page nested 100,000 deep would take it minutes.
pub const MAX_NESTING: usize = 4096;

/// The most parsing work (the nesting depth summed over the start tags) a page may ask of
/// html5ever: measured at about 3.5 ns a unit for the costliest tags (a `<p>` searches the
/// stack for an open paragraph), so at most 3.5 s; a 100 MB page 30 elements deep needs a
/// sixth of it.
const MAX_PARSE_WORK: u64 = 1_000_000_000;

/// Elements that never hold others, or close themselves when the next one opens (`<p>`
/// without `</p>`): the pre-scan does not count them as nesting.
const NOT_NESTING: [&str; 33] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
    "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "html",
];

/// Elements whose content is raw text, not tags.
const RAW_TEXT: [&str; 8] = [
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// A cheap look at the tags before parsing: why the page is too deeply nested to parse,
/// if it is. Linear in the length of the page.
fn too_deep(html: &str) -> Option<String> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut work = 0u64;
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let open = at + found;
        let rest = &bytes[open + 1..];
        if rest.starts_with(b"!--") {
            at = html[open..]
                .find("-->")
                .map_or(html.len(), |e| open + e + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = open + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':'))
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            at = open + 1;
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let end = html[name_start..]
            .find('>')
            .map_or(html.len(), |e| name_start + e + 1);
        at = end;
        if closing {
            if !NOT_NESTING.contains(&name.as_str()) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        work += depth as u64;
        if RAW_TEXT.contains(&name.as_str()) {
            at = find_end_tag(html, at, &name);
            continue;
        }
        let self_closing = bytes[..end].ends_with(b"/>");
        if !self_closing && !NOT_NESTING.contains(&name.as_str()) {
            depth += 1;
            if depth > MAX_NESTING {
                return Some(format!(
                    "the page is nested too deeply (more than {MAX_NESTING} levels of elements)"
                ));
            }
        }
        if work > MAX_PARSE_WORK {
            return Some(format!(
                "the page is too deeply nested for its size (elements {depth} levels deep, over and over)"
            ));
        }
    }
    None
}

/// Where the end tag `</name` (any case) starts at or after `from`, else the end of `html`.
fn find_end_tag(html: &str, from: usize, name: &str) -> usize {
    let mut at = from;
    while let Some(found) = html[at..].find("</") {
        let tag = at + found + 2;
        if html.as_bytes()[tag..]
            .get(..name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
        {
            return at + found;
        }
        at = tag;
    }
    html.len()
}

/// One step of the walk over the page's tree (an explicit stack, not recursion: how deep
/// the page nests must not decide how deep the program's stack goes).
enum Step<'a> {
    Enter(ElementRef<'a>, Option<Direction>),
    Text(&'a str, Option<Direction>),
    /// The end of an element; a block ends its paragraph.
    Leave {
        block: bool,
    },
}

struct Collector {
    paragraphs: Vec<Paragraph>,
    text: String,
    kind: ParagraphKind,
    direction: Option<Direction>,
}

impl Collector {
    fn flush(&mut self) {
        let text = collapse_whitespace(&self.text);
        self.text.clear();
        if !text.is_empty() {
            self.paragraphs.push(Paragraph {
                text,
                kind: self.kind,
                direction: self.direction,
            });
        }
    }

    /// Collect the paragraphs of `roots` and everything inside them, in document order.
    fn walk<'a>(
        &mut self,
        roots: impl DoubleEndedIterator<Item = ElementRef<'a>>,
        direction: Option<Direction>,
    ) {
        let mut steps: Vec<Step<'a>> = roots.rev().map(|e| Step::Enter(e, direction)).collect();
        while let Some(step) = steps.pop() {
            match step {
                Step::Enter(element, inherited) => {
                    let name = element.value().name();
                    if SKIPPED.contains(&name) {
                        continue;
                    }
                    let direction = declared_direction(element, inherited);
                    let block = BLOCKS.contains(&name);
                    if block {
                        self.flush();
                        self.direction = direction;
                        self.kind = match name.as_bytes() {
                            [b'h', level @ b'1'..=b'6'] => ParagraphKind::Heading(level - b'0'),
                            _ => ParagraphKind::Body,
                        };
                        if name == "li" {
                            self.text.push_str("• ");
                        }
                    }
                    steps.push(Step::Leave { block });
                    for child in element.children().rev() {
                        match child.value() {
                            Node::Text(text) => steps.push(Step::Text(text, direction)),
                            Node::Element(_) => {
                                steps.extend(
                                    ElementRef::wrap(child).map(|c| Step::Enter(c, direction)),
                                );
                            }
                            _ => {}
                        }
                    }
                }
                Step::Text(text, direction) => {
                    if self.text.is_empty() {
                        self.direction = direction;
                    }
                    self.text.push_str(text);
                }
                Step::Leave { block } => {
                    if block {
                        self.flush();
                        self.kind = ParagraphKind::Body;
                    }
                }
            }
        }
    }
}

/// The paragraphs of an HTML page and its title (`<title>`, else the first heading), or
/// why the page is refused: nested deeper than [`MAX_NESTING`] or, over and over, deeper
/// than a parser can go through in a few seconds. Time and memory are linear in the page.
pub fn paragraphs(html: &str) -> Result<(Vec<Paragraph>, Option<String>), String> {
    if let Some(reason) = too_deep(html) {
        return Err(reason);
    }
    let document = Html::parse_document(html);
    let root = document.root_element();
    let page_direction = declared_direction(root, None);
    let mut collector = Collector {
        paragraphs: Vec::new(),
        text: String::new(),
        kind: ParagraphKind::Body,
        direction: page_direction,
    };
    let title = root
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "title")
        .map(|e| collapse_whitespace(&e.text().collect::<String>()))
        .filter(|t| !t.is_empty());
    collector.walk(root.children().filter_map(ElementRef::wrap), page_direction);
    collector.flush();
    let title = title.or_else(|| {
        collector
            .paragraphs
            .iter()
            .find(|p| matches!(p.kind, ParagraphKind::Heading(_)))
            .map(|p| p.text.clone())
    });
    Ok((collector.paragraphs, title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_text_with_headings_lists_and_direction() {
        let html = r#"<!doctype html><html lang="ar" dir="rtl"><head><title>خبر عن إنفيديا</title>
            <style>p{color:red}</style><script>alert("no")</script></head>
            <body><nav><a href="/">الرئيسية</a></nav>
            <h1>إنفيديا و<b>ديب سيك</b></h1>
            <p>فقرة <a href="https://example.org">برابط</a> و<em>تأكيد</em>.</p>
            <ul><li>عنصر أول</li><li>عنصر ثان</li></ul>
            <p dir="ltr">An English paragraph</p>
            <div>نص في div<p>فقرة داخلية</p></div>
            <footer>حقوق النشر</footer></body></html>"#;
        let (paragraphs, title) = paragraphs(html).unwrap();
        let view: Vec<(&str, ParagraphKind, Option<Direction>)> = paragraphs
            .iter()
            .map(|p| (p.text.as_str(), p.kind, p.direction))
            .collect();
        let rtl = Some(Direction::Rtl);
        assert_eq!(
            view,
            [
                ("إنفيديا وديب سيك", ParagraphKind::Heading(1), rtl),
                ("فقرة برابط وتأكيد.", ParagraphKind::Body, rtl),
                ("• عنصر أول", ParagraphKind::Body, rtl),
                ("• عنصر ثان", ParagraphKind::Body, rtl),
                (
                    "An English paragraph",
                    ParagraphKind::Body,
                    Some(Direction::Ltr)
                ),
                ("نص في div", ParagraphKind::Body, rtl),
                ("فقرة داخلية", ParagraphKind::Body, rtl),
            ]
        );
        assert_eq!(title.as_deref(), Some("خبر عن إنفيديا"));
    }

    #[test]
    fn malformed_html_still_gives_its_text() {
        let (found, _) = paragraphs("<p>غير <b>مغلق<p>ثانية</div></span>").unwrap();
        let texts: Vec<&str> = found.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["غير مغلق", "ثانية"]);
        assert!(paragraphs("").unwrap().0.is_empty());
    }

    #[test]
    fn nesting_is_walked_without_recursion_and_refused_past_the_limit() {
        // Deep but allowed: the walk must not use the stack for it (a debug build's
        // recursion would overflow a 2 MB thread stack well before this depth).
        let depth = MAX_NESTING - 10;
        let page = format!(
            "{}نص عميق{}",
            "<span>".repeat(depth),
            "</span>".repeat(depth)
        );
        let walked = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || paragraphs(&page).map(|(p, _)| p.len()))
            .unwrap()
            .join()
            .expect("no stack overflow");
        assert_eq!(walked, Ok(1));
        let page = "<div>".repeat(MAX_NESTING + 1);
        let err = paragraphs(&page).unwrap_err();
        assert!(err.contains("nested too deeply"), "{err}");
    }

    #[test]
    fn the_pre_scan_counts_only_what_nests() {
        // Thousands of unclosed paragraphs, list items, line breaks and self-closed
        // elements nest nothing: a long sloppy page is not refused.
        let many = "<p>فقرة<li>بند<br><img src=x><span/>".repeat(MAX_NESTING * 2);
        assert_eq!(too_deep(&many), None);
        // Tags inside comments and scripts are not tags.
        let hidden = format!(
            "<!-- {} --><script>{}</script><p>نص",
            "<div>".repeat(MAX_NESTING * 2),
            "<div>".repeat(MAX_NESTING * 2)
        );
        assert_eq!(too_deep(&hidden), None);
        assert!(paragraphs(&hidden).unwrap().0[0].text.contains("نص"));
    }
}
