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

    fn walk(&mut self, element: ElementRef<'_>, direction: Option<Direction>) {
        let name = element.value().name();
        if SKIPPED.contains(&name) {
            return;
        }
        let direction = declared_direction(element, direction);
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
        for child in element.children() {
            match child.value() {
                Node::Text(text) => {
                    if self.text.is_empty() {
                        self.direction = direction;
                    }
                    self.text.push_str(text);
                }
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.walk(child, direction);
                    }
                }
                _ => {}
            }
        }
        if block {
            self.flush();
            self.kind = ParagraphKind::Body;
        }
    }
}

/// The paragraphs of an HTML page and its title (`<title>`, else the first heading).
pub fn paragraphs(html: &str) -> (Vec<Paragraph>, Option<String>) {
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
    for child in root.children().filter_map(ElementRef::wrap) {
        collector.walk(child, page_direction);
    }
    collector.flush();
    let title = title.or_else(|| {
        collector
            .paragraphs
            .iter()
            .find(|p| matches!(p.kind, ParagraphKind::Heading(_)))
            .map(|p| p.text.clone())
    });
    (collector.paragraphs, title)
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
        let (paragraphs, title) = paragraphs(html);
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
        let (found, _) = paragraphs("<p>غير <b>مغلق<p>ثانية</div></span>");
        let texts: Vec<&str> = found.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["غير مغلق", "ثانية"]);
        assert!(paragraphs("").0.is_empty());
    }
}
