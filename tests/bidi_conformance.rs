//! Unicode's BidiCharacterTest.txt (15.0), every case, through the layout engine's own
//! ordering: segmentation, rule L1 and piece reordering, with no width limit.

use std::io::Read;

use qari::layout::analysis::is_removed_by_x9;
use qari::layout::{BaseDirection, FixedWidth, LayoutOptions, TextStyle, layout_paragraph};

struct Case {
    line: usize,
    text: String,
    direction: BaseDirection,
    paragraph_level: u8,
    order: Vec<usize>,
}

fn cases() -> Vec<Case> {
    let gz = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/BidiCharacterTest-15.0.0.txt.gz"
    ))
    .expect("vendored test data");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut text)
        .expect("gzip of UTF-8 text");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(n, l)| {
            let fields: Vec<&str> = l.split(';').collect();
            assert_eq!(fields.len(), 5, "line {}", n + 1);
            Case {
                line: n + 1,
                text: fields[0]
                    .split_whitespace()
                    .map(|h| char::from_u32(u32::from_str_radix(h, 16).unwrap()).unwrap())
                    .collect(),
                direction: match fields[1] {
                    "0" => BaseDirection::Ltr,
                    "1" => BaseDirection::Rtl,
                    _ => BaseDirection::Auto,
                },
                paragraph_level: fields[2].parse().unwrap(),
                order: fields[4]
                    .split_whitespace()
                    .map(|i| i.parse().unwrap())
                    .collect(),
            }
        })
        .collect()
}

/// Visual order of the characters (as char indices), as the engine places them.
fn engine_order(case: &Case) -> (u8, Vec<usize>) {
    let mut options = LayoutOptions::new(f32::INFINITY, TextStyle::regular(2.0));
    options.direction = case.direction;
    let layout = layout_paragraph(&case.text, &options, &mut FixedWidth);
    assert_eq!(
        layout.lines.len(),
        1,
        "line {}: no wrapping without a width",
        case.line
    );
    let char_index = |byte: usize| case.text[..byte].chars().count();
    let mut order = Vec::new();
    for piece in &layout.lines[0].pieces {
        let mut chars: Vec<(usize, char)> = case.text[piece.range.clone()]
            .char_indices()
            .map(|(i, c)| (char_index(piece.range.start + i), c))
            .collect();
        if piece.level % 2 == 1 {
            chars.reverse();
        }
        order.extend(
            chars
                .into_iter()
                .filter(|&(_, c)| !is_removed_by_x9(unicode_bidi::bidi_class(c)))
                .map(|(i, _)| i),
        );
    }
    let level = match layout.direction {
        qari::layout::Direction::Ltr => 0,
        qari::layout::Direction::Rtl => 1,
    };
    (level, order)
}

#[test]
fn bidi_character_test_visual_order() {
    let cases = cases();
    assert!(
        cases.len() > 90_000,
        "the whole file is read: {}",
        cases.len()
    );
    let mut passed = 0;
    let mut failures = Vec::new();
    for case in &cases {
        let (level, order) = engine_order(case);
        if level == case.paragraph_level && order == case.order {
            passed += 1;
            continue;
        }
        failures.push(format!(
            "line {}: {:04X?} dir {:?}: expected level {} order {:?}, got level {level} order {order:?}",
            case.line,
            case.text.chars().map(|c| c as u32).collect::<Vec<_>>(),
            case.direction,
            case.paragraph_level,
            case.order
        ));
    }
    // The file is Unicode 15.0 and unicode-bidi's tables are 16.0: a case whose characters
    // changed Bidi_Class in between would need an exception here. None does.
    println!(
        "BidiCharacterTest 15.0: {passed} of {} cases passed, {} failed",
        cases.len(),
        failures.len()
    );
    let shown: Vec<&String> = failures.iter().take(20).collect();
    assert!(
        failures.is_empty(),
        "{} failures, first ones:\n{shown:#?}",
        failures.len()
    );
}
