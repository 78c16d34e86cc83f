//! `qari layout`: lay a file out as the window would, with its fonts and shaper, and print
//! every line's pieces in visual order.

use std::path::Path;

use super::to_stdout;
use crate::document::Document;
use crate::fonts::{HeadlessFonts, ReaderFont};
use crate::layout::{Direction, ParagraphLayout, SegmentKind, WidthCache, layout_paragraph};
use crate::reading::paragraph_options;

/// A number with two decimals (halves rounded away from zero, as x and width already are
/// when printed), without the general float formatting, which was about a sixth of the
/// time of laying out a large file.
struct Hundredths(f32);

impl std::fmt::Display for Hundredths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hundredths = (f64::from(self.0) * 100.0).round() as i64;
        let sign = if hundredths < 0 { "-" } else { "" };
        let (whole, part) = (hundredths.abs() / 100, hundredths.abs() % 100);
        f.pad(&format!("{sign}{whole}.{part:02}"))
    }
}

#[derive(serde::Serialize)]
struct ParagraphOut<'a> {
    index: usize,
    text: &'a str,
    direction: Direction,
    lines: Vec<LineOut<'a>>,
}

impl<'a> ParagraphOut<'a> {
    fn new(index: usize, text: &'a str, layout: &ParagraphLayout) -> Self {
        ParagraphOut {
            index,
            text,
            direction: layout.direction,
            lines: layout
                .lines
                .iter()
                .map(|line| LineOut {
                    range: [line.range.start, line.range.end],
                    pieces: line
                        .pieces
                        .iter()
                        .map(|piece| PieceOut {
                            text: &text[piece.range.clone()],
                            range: [piece.range.start, piece.range.end],
                            level: piece.level,
                            kind: piece.kind,
                            x: (piece.x * 100.0).round() / 100.0,
                            width: (piece.width * 100.0).round() / 100.0,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

#[derive(serde::Serialize)]
struct LineOut<'a> {
    range: [usize; 2],
    pieces: Vec<PieceOut<'a>>,
}

#[derive(serde::Serialize)]
struct PieceOut<'a> {
    text: &'a str,
    range: [usize; 2],
    level: u8,
    kind: SegmentKind,
    x: f32,
    width: f32,
}

pub fn run(path: &Path, width: f32, size: f32, font: ReaderFont, json: bool) -> Result<(), String> {
    if !(width > 0.0 && width.is_finite()) {
        return Err(format!(
            "--width must be a positive number of pixels, not {width}"
        ));
    }
    if !(4.0..=400.0).contains(&size) {
        return Err(format!("--font-size must be between 4 and 400, not {size}"));
    }
    let document = Document::open(path).map_err(|e| e.to_string())?;
    let mut fonts = HeadlessFonts::default();
    // Each word is shaped once: a million widths are some 50 MB.
    let mut widths = WidthCache::new(1 << 20);
    // One paragraph at a time, laid out as it is written: memory stays that of one
    // paragraph, whatever the size of the file, and galleys are evicted as in the window.
    let out = document.paragraphs.iter().enumerate().map(|(index, p)| {
        let options = paragraph_options(p, width, size, false);
        let layout = fonts.with_measure(font, |measure| {
            layout_paragraph(&p.text, &options, &mut widths.with(measure))
        });
        fonts.begin_frame();
        ParagraphOut::new(index, &p.text, &layout)
    });
    if json {
        return to_stdout(|w| {
            let mut json = serde_json::Serializer::pretty(&mut *w);
            serde::Serializer::collect_seq(&mut json, out)?;
            writeln!(w)
        });
    }
    to_stdout(|w| {
        for paragraph in out {
            let direction = match paragraph.direction {
                Direction::Ltr => "ltr",
                Direction::Rtl => "rtl",
            };
            writeln!(
                w,
                "paragraph {} ({direction}, {} lines): {}",
                paragraph.index,
                paragraph.lines.len(),
                paragraph.text
            )?;
            for (n, line) in paragraph.lines.iter().enumerate() {
                writeln!(w, "  line {n} [{}..{}]", line.range[0], line.range[1])?;
                for piece in &line.pieces {
                    writeln!(
                        w,
                        "    x={:>8} w={:>7} level={} [{}..{}] {:?}",
                        Hundredths(piece.x),
                        Hundredths(piece.width),
                        piece.level,
                        piece.range[0],
                        piece.range[1],
                        piece.text
                    )?;
                }
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::Hundredths;

    #[test]
    fn hundredths_print_as_two_decimals_padded_to_the_width() {
        let text = |v: f32| format!("[{:>8}]", Hundredths(v));
        assert_eq!(text(0.0), "[    0.00]");
        assert_eq!(text(12.345), "[   12.35]");
        assert_eq!(text(-3.5), "[   -3.50]");
        assert_eq!(text(-0.004), "[    0.00]");
        assert_eq!(text(760.0), "[  760.00]");
        // Halves round away from zero, as the rounding of x and width before printing does;
        // on those rounded values it prints what `{:.2}` printed.
        assert_eq!(format!("{}", Hundredths(0.125)), "0.13");
        for v in [0.125f32, 1.005, 99.999, 123456.78, -42.42, 17.3] {
            let rounded = (v * 100.0).round() / 100.0;
            assert_eq!(
                format!("{}", Hundredths(rounded)),
                format!("{rounded:.2}"),
                "{v}"
            );
        }
    }
}
