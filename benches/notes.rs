//! Placing notes when an article is opened: 100 notes and 100 drafts on a 10 MB document,
//! as saved (every anchor exact) and after a paragraph was inserted at the top (every
//! anchor moved), and the bundled article with a word changed (fuzzy).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

use qari::document::{BUNDLED_ARTICLE, Document, Origin};
use qari::notes::{Anchor, Notes, Placements};

/// About 10 MB of paragraphs, each made unique by its number.
fn big_document() -> Vec<String> {
    let article = Document::from_text(BUNDLED_ARTICLE, Origin::Pasted);
    let mut paragraphs = Vec::new();
    let mut size = 0;
    let mut n = 0;
    while size < 10_000_000 {
        for p in &article.paragraphs {
            let text = format!("{} ({n})", p.text);
            size += text.len();
            paragraphs.push(text);
            n += 1;
        }
    }
    paragraphs
}

/// 100 notes on the first words of paragraphs spread through the text, and 100 drafts.
fn notes_on(paragraphs: &[&str]) -> Notes {
    let mut notes = Notes::default();
    let last = paragraphs.len() - 2;
    for i in 0..100 {
        let p = (i * paragraphs.len() / 100).min(last);
        let end = paragraphs[p]
            .char_indices()
            .nth(12)
            .map_or(paragraphs[p].len(), |(e, _)| e);
        notes.add_note(Anchor::new(paragraphs, p, 0..end), "a note");
        notes.set_draft(None, || Anchor::paragraph(paragraphs, p + 1), "a draft");
    }
    notes
}

fn placing(c: &mut Criterion) {
    let owned = big_document();
    let paragraphs: Vec<&str> = owned.iter().map(String::as_str).collect();
    let notes = notes_on(&paragraphs);
    let mut edited = vec!["فقرة جديدة أضيفت في أعلى المقال."];
    edited.extend(&paragraphs);

    let mut group = c.benchmark_group("notes");
    group.sample_size(10);
    group.bench_function("place 200 anchors, 10 MB, unchanged", |b| {
        b.iter(|| black_box(Placements::find(&notes, &paragraphs)))
    });
    group.bench_function("place 200 anchors, 10 MB, paragraph inserted on top", |b| {
        b.iter(|| black_box(Placements::find(&notes, &edited)))
    });
    let article = Document::bundled();
    let texts = article.texts();
    let article_notes = notes_on(&texts[..]);
    let changed: Vec<String> = texts.iter().map(|t| t.replace("في", "فى")).collect();
    let changed: Vec<&str> = changed.iter().map(String::as_str).collect();
    group.bench_function(
        "place 200 anchors, bundled article, a word respelled",
        |b| b.iter(|| black_box(Placements::find(&article_notes, &changed))),
    );
    group.finish();
}

criterion_group!(benches, placing);
criterion_main!(benches);
