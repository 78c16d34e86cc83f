//! Layout benchmarks with egui's real shaper and the bundled fonts (no window).
//!
//! Targets (issue 2): the bundled article at 800 px ≤ 15 ms with an empty galley cache and
//! ≤ 2 ms cached; a 10 MB document's first screen ≤ 300 ms after the bytes are read; a
//! scrolling frame ≤ 4 ms, within 1.5× between a 10 KB and a 10 MB document.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

use qari::document::{BUNDLED_ARTICLE, Document, Origin};
use qari::fonts::{HeadlessFonts, ReaderFont};
use qari::layout::flow::FlowSource;
use qari::layout::{Flow, LayoutOptions, SegmentKind, layout_paragraph};
use qari::reading::paragraph_options;

const WIDTH: f32 = 800.0;
const SIZE: f32 = 20.0;
const VIEWPORT: f32 = 1000.0;

struct Doc(Document);

impl FlowSource for Doc {
    fn paragraph_count(&self) -> usize {
        self.0.paragraphs.len()
    }
    fn text(&self, index: usize) -> &str {
        &self.0.paragraphs[index].text
    }
    fn options(&self, index: usize) -> LayoutOptions {
        paragraph_options(&self.0.paragraphs[index], WIDTH, SIZE, false)
    }
    fn gap_after(&self, _: usize) -> f32 {
        SIZE * 0.7
    }
}

fn article_of_size(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + BUNDLED_ARTICLE.len());
    while text.len() < bytes {
        text.push_str(BUNDLED_ARTICLE);
        text.push('\n');
    }
    text
}

/// Lay out the whole article, as `qari layout` does.
fn layout_article(fonts: &mut HeadlessFonts, doc: &Document) -> usize {
    fonts.with_measure(ReaderFont::NotoNaskh, |measure| {
        doc.paragraphs
            .iter()
            .map(|p| {
                layout_paragraph(&p.text, &paragraph_options(p, WIDTH, SIZE, false), measure)
                    .lines
                    .len()
            })
            .sum()
    })
}

fn bundled_article(c: &mut Criterion) {
    let doc = Document::bundled();
    let mut fonts = HeadlessFonts::default();
    layout_article(&mut fonts, &doc); // load faces and fill the glyph atlas once
    let mut group = c.benchmark_group("article_800px");
    group.bench_function("empty_galley_cache", |b| {
        b.iter(|| {
            fonts.begin_frame();
            fonts.begin_frame(); // second pass evicts every galley
            black_box(layout_article(&mut fonts, &doc))
        })
    });
    group.bench_function("cached_galleys", |b| {
        b.iter(|| {
            fonts.begin_frame();
            black_box(layout_article(&mut fonts, &doc))
        })
    });
    group.finish();
}

/// What the reader does for one frame at scroll position `top`: lay out what comes into
/// view and fetch the galley of every visible word.
fn frame(fonts: &mut HeadlessFonts, flow: &mut Flow, doc: &Doc, top: f32) -> usize {
    fonts.begin_frame();
    fonts.with_measure(ReaderFont::NotoNaskh, |measure| {
        let (range, _) = flow.ensure_visible(top, VIEWPORT, doc, measure);
        let mut galleys = 0;
        for index in range {
            let paragraph_top = flow.top(index);
            let layout = flow.layout(index).expect("visible paragraphs are laid out");
            for line in &layout.lines {
                let y = paragraph_top + line.top;
                if y > top + VIEWPORT || y + layout.line_height < top {
                    continue;
                }
                for piece in line.pieces.iter().filter(|p| p.kind == SegmentKind::Word) {
                    let galley = measure.galley(piece.shaping_text(doc.text(index)), layout.style);
                    galleys += galley.rows.len();
                }
            }
        }
        galleys
    })
}

fn large_documents(c: &mut Criterion) {
    let mut fonts = HeadlessFonts::default();
    let ten_mb = article_of_size(10 * 1024 * 1024);

    let mut group = c.benchmark_group("open_10mb");
    group.sample_size(10);
    group.bench_function("first_screen", |b| {
        b.iter(|| {
            fonts.begin_frame();
            fonts.begin_frame();
            let doc = Doc(Document::from_text(&ten_mb, Origin::Bundled("big.txt")));
            let mut flow = Flow::default();
            flow.sync(1, &doc);
            black_box(frame(&mut fonts, &mut flow, &doc, 0.0))
        })
    });
    group.finish();

    let mut group = c.benchmark_group("scroll_frame");
    for (label, bytes) in [("10KB", 10 * 1024), ("10MB", 10 * 1024 * 1024)] {
        let doc = Doc(Document::from_text(
            &article_of_size(bytes),
            Origin::Bundled("doc.txt"),
        ));
        let mut flow = Flow::default();
        flow.sync(1, &doc);
        // Scroll 37 px a frame through a stretch of 3000 px: from the top of the small
        // document, from the middle of the large one (where heights above are estimates).
        let base = flow.top(doc.paragraph_count() / 2 * usize::from(bytes > 100_000));
        let span = 3000.0f32.min(flow.total_height() - VIEWPORT);
        let mut step = 0.0f32;
        group.bench_function(BenchmarkId::from_parameter(label), |b| {
            b.iter(|| {
                step = (step + 37.0) % span;
                black_box(frame(&mut fonts, &mut flow, &doc, base + step))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bundled_article, large_documents);
criterion_main!(benches);
