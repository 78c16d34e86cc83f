//! The reader window driven headless through AccessKit with egui_kittest.

use egui::{Key, Modifiers, OutputCommand, Pos2, Vec2};
use egui_kittest::Harness;

mod common;
use egui_kittest::kittest::Queryable;

use qari::document::Document;
use qari::ui::QariApp;
use qari::ui::settings::Settings;

/// The app on the bundled article with the glossary panel closed, and a user glossary in
/// a fresh directory (kept until the process ends: the app may write it).
fn harness() -> Harness<'static, QariApp> {
    let settings = Settings {
        side_panel_open: false,
        ..Settings::default()
    };
    let data_dir = tempfile::tempdir().unwrap().keep();
    common::bundled_app(settings, data_dir, Vec2::new(900.0, 1000.0), 1.0 / 60.0)
}

/// Press Ctrl+C in a single frame (kittest's key helpers spread press and release over
/// frames, and only the last frame's output can be read) and return what was copied.
fn press_copy(harness: &mut Harness<'_, QariApp>) -> Option<String> {
    harness.input_mut().events.push(egui::Event::Key {
        key: Key::C,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND,
    });
    harness.step();
    copied_text(harness)
}

/// What the last frame copied to the clipboard.
fn copied_text(harness: &Harness<'_, QariApp>) -> Option<String> {
    harness
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
}

#[test]
fn article_paragraphs_are_found_by_text() {
    let mut harness = harness();
    harness.run();
    let doc = Document::bundled();
    // The byline and the first paragraphs are on the first screen.
    for paragraph in &doc.paragraphs[..3] {
        harness.get_by_label(&paragraph.text);
    }
    // Screen readers can reach every paragraph of an article, even off screen.
    harness.get_by_label(&doc.paragraphs.last().unwrap().text);
    assert!(harness.state().reader().visible_paragraphs().len() >= 3);
    assert!(
        harness.state().reader().visible_paragraphs().end < doc.paragraphs.len(),
        "only what is on screen is laid out and exposed"
    );
}

#[test]
fn drag_selects_across_lines_and_copy_gives_logical_text() {
    let mut harness = harness();
    harness.run();
    let doc = Document::bundled();
    let first = harness.get_by_label(&doc.paragraphs[1].text).rect();
    let second = harness.get_by_label(&doc.paragraphs[2].text).rect();
    // From the right edge of paragraph 1's first line (its logical start) to the middle of
    // paragraph 2.
    let from = Pos2::new(first.right() - 2.0, first.top() + 10.0);
    let to = second.center();
    harness.drag_at(from);
    harness.run();
    harness.hover_at(Pos2::new(from.x - 30.0, from.y + 20.0));
    harness.run();
    harness.hover_at(to);
    harness.run();
    harness.drop_at(to);
    harness.run();
    let selection = harness.state().reader().selection().expect("a selection");
    let (start, end) = selection.ordered();
    assert_eq!((start.paragraph, start.offset), (1, 0));
    assert_eq!(end.paragraph, 2);
    assert!(end.offset > 0 && end.offset < doc.paragraphs[2].text.len());

    let copied = press_copy(&mut harness).expect("Ctrl+C copies");
    let expected = format!(
        "{}\n{}",
        doc.paragraphs[1].text,
        &doc.paragraphs[2].text[..end.offset]
    );
    assert_eq!(copied, expected);
}

#[test]
fn hover_highlights_a_word_and_double_click_selects_it() {
    let mut harness = harness();
    harness.run();
    let doc = Document::bundled();
    let rect = harness.get_by_label(&doc.paragraphs[1].text).rect();
    // The first word of an RTL paragraph is at the right end of its first line.
    let point = Pos2::new(rect.right() - 12.0, rect.top() + 12.0);
    harness.hover_at(point);
    harness.run();
    assert_eq!(
        harness.output().platform_output.cursor_icon,
        egui::CursorIcon::Text,
        "a word is under the pointer"
    );
    common::click_at(&harness, point);
    common::click_at(&harness, point);
    harness.run();
    assert_eq!(press_copy(&mut harness).as_deref(), Some("بينما"));
}

#[test]
fn select_all_and_zoom_shortcuts() {
    let mut harness = harness();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    let copied = press_copy(&mut harness).expect("Ctrl+C copies");
    assert!(
        copied == Document::bundled().text(),
        "Ctrl+A, Ctrl+C copies the whole article"
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Equals);
    harness.run();
    assert_eq!(harness.state().settings().font_size, 22.0);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    harness.run();
    assert_eq!(harness.state().settings().font_size, Settings::DEFAULT_SIZE);
}

#[test]
fn page_down_and_home_scroll_the_article() {
    let mut harness = harness();
    harness.run();
    assert_eq!(harness.state().reader().first_visible_paragraph(), 0);
    harness.key_press(Key::PageDown);
    harness.run_steps(120); // smooth scrolling animates over many frames
    let after_one = harness.state().reader().first_visible_paragraph();
    assert!(
        after_one > 2,
        "a page further down, at paragraph {after_one}"
    );
    harness.key_press(Key::End);
    harness.run_steps(3);
    let last = Document::bundled().paragraphs.len() - 1;
    assert!(
        harness
            .state()
            .reader()
            .visible_paragraphs()
            .contains(&last)
    );
    harness.key_press(Key::Home);
    harness.run_steps(3);
    assert_eq!(harness.state().reader().first_visible_paragraph(), 0);
}
