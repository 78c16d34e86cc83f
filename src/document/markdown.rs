//! Markdown to paragraphs: headings, paragraphs, list items and quotes as text, with the
//! markup itself (emphasis marks, link targets, HTML) left out.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::{Paragraph, ParagraphKind, collapse_whitespace};

/// The paragraphs of a Markdown text, and its first heading (a title).
pub fn paragraphs(text: &str) -> (Vec<Paragraph>, Option<String>) {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut current = String::new();
    let mut kind = ParagraphKind::Body;
    let mut in_item = false;
    let flush = |current: &mut String, kind: ParagraphKind, out: &mut Vec<Paragraph>| {
        let text = collapse_whitespace(current);
        current.clear();
        if !text.is_empty() {
            out.push(Paragraph {
                text,
                kind,
                direction: None,
            });
        }
    };
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut current, kind, &mut out);
                kind = ParagraphKind::Heading(level as u8);
            }
            Event::End(TagEnd::Heading(_)) => {
                flush(&mut current, kind, &mut out);
                kind = ParagraphKind::Body;
            }
            Event::Start(Tag::Item) => {
                flush(&mut current, kind, &mut out);
                in_item = true;
                current.push_str("• ");
            }
            Event::End(TagEnd::Item) => {
                flush(&mut current, kind, &mut out);
                in_item = false;
            }
            // Paragraphs inside a list item stay in the item.
            Event::End(TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::BlockQuote(_))
                if !in_item =>
            {
                flush(&mut current, kind, &mut out);
            }
            Event::Text(t) | Event::Code(t) => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            _ => {}
        }
    }
    flush(&mut current, kind, &mut out);
    let title = out
        .iter()
        .find(|p| matches!(p.kind, ParagraphKind::Heading(_)))
        .map(|p| p.text.clone());
    (out, title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_paragraphs_and_lists_without_markup() {
        let md = "# إنفيديا و**ديب سيك**\n\nفقرة أولى\nتكملة [رابط](https://example.org) و`CUDA`.\n\n## قائمة\n\n- عنصر *أول*\n- عنصر ثان\n\n> اقتباس\n\n<div>html</div>\n";
        let (paragraphs, title) = paragraphs(md);
        let view: Vec<(&str, ParagraphKind)> = paragraphs
            .iter()
            .map(|p| (p.text.as_str(), p.kind))
            .collect();
        assert_eq!(
            view,
            [
                ("إنفيديا وديب سيك", ParagraphKind::Heading(1)),
                ("فقرة أولى تكملة رابط وCUDA.", ParagraphKind::Body),
                ("قائمة", ParagraphKind::Heading(2)),
                ("• عنصر أول", ParagraphKind::Body),
                ("• عنصر ثان", ParagraphKind::Body),
                ("اقتباس", ParagraphKind::Body),
            ]
        );
        assert_eq!(title.as_deref(), Some("إنفيديا وديب سيك"));
    }
}
