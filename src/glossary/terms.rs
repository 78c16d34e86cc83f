//! The glossary entries found in a whole document: what the side panel's "In this
//! article" list and `qari terms` show.

use super::{Match, Matcher};

/// One entry found in the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Index of the entry in the glossary.
    pub entry: usize,
    pub count: usize,
}

/// Matches per paragraph, and the entries found in order of first appearance.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentTerms {
    pub by_paragraph: Vec<Vec<Match>>,
    pub found: Vec<Found>,
}

impl DocumentTerms {
    pub fn find<'a>(matcher: &Matcher, paragraphs: impl IntoIterator<Item = &'a str>) -> Self {
        let by_paragraph: Vec<Vec<Match>> =
            paragraphs.into_iter().map(|p| matcher.find(p)).collect();
        let mut found: Vec<Found> = Vec::new();
        for m in by_paragraph.iter().flatten() {
            match found.iter_mut().find(|f| f.entry == m.entry) {
                Some(f) => f.count += 1,
                None => found.push(Found {
                    entry: m.entry,
                    count: 1,
                }),
            }
        }
        DocumentTerms {
            by_paragraph,
            found,
        }
    }

    /// Every occurrence of `entry`: paragraph index and match, in reading order.
    pub fn occurrences(&self, entry: usize) -> impl Iterator<Item = (usize, &Match)> {
        self.by_paragraph
            .iter()
            .enumerate()
            .flat_map(|(p, ms)| ms.iter().map(move |m| (p, m)))
            .filter(move |(_, m)| m.entry == entry)
    }

    /// The match covering byte `offset` of paragraph `paragraph`, if any.
    pub fn at(&self, paragraph: usize, offset: usize) -> Option<&Match> {
        self.by_paragraph
            .get(paragraph)?
            .iter()
            .find(|m| m.range.contains(&offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::glossary::Glossary;

    #[test]
    fn bundled_article_terms_in_order_with_counts() {
        let glossary = Glossary::bundled();
        let doc = Document::bundled();
        let terms = DocumentTerms::find(
            &Matcher::new(&glossary),
            doc.paragraphs.iter().map(|p| p.text.as_str()),
        );
        let id = |f: &Found| glossary.entries()[f.entry].id.as_str();
        let order: Vec<&str> = terms.found.iter().map(id).collect();
        assert_eq!(
            &order[..4],
            ["dong-zhidao", "lei-jun", "price-butcher", "jensen-huang"]
        );
        let count = |name: &str| {
            terms
                .found
                .iter()
                .find(|f| id(f) == name)
                .map_or(0, |f| f.count)
        };
        let text = doc.text();
        // Every spelling of a name counts: both هوانغ رينكسون, Huang Renxun, and هوانغ alone.
        assert_eq!(
            count("jensen-huang"),
            text.matches("هوانغ").count() + text.matches("Huang Renxun").count()
        );
        assert_eq!(
            count("nvidia"),
            text.to_lowercase().matches("nvidia").count() + text.matches("إنفيديا").count()
        );
        assert_eq!(count("ballmer"), 1);
        let p = doc
            .paragraphs
            .iter()
            .position(|p| p.text.contains("بالمر"))
            .unwrap();
        let at = doc.paragraphs[p].text.find("بالمر").unwrap();
        assert_eq!(
            glossary.entries()[terms.at(p, at).unwrap().entry].id,
            "ballmer"
        );
        assert_eq!(
            terms.occurrences(terms.found[1].entry).count(),
            count("lei-jun")
        );
    }
}
