//! The glossary in the window: marked terms, hover cards, the side panel, editing.

use egui::{Key, Modifiers, Pos2, Vec2};
use egui_kittest::Harness;

mod common;
use egui_kittest::kittest::Queryable;

use qari::document::Document;
use qari::ui::QariApp;
use qari::ui::settings::Settings;

fn harness(dir: &std::path::Path, side_panel_open: bool) -> Harness<'static, QariApp> {
    let settings = Settings {
        side_panel_open,
        ..Settings::default()
    };
    common::bundled_app(
        settings,
        dir.to_path_buf(),
        Vec2::new(1200.0, 1000.0),
        1.0 / 30.0,
    )
}

/// A point on the marked term `id` in paragraph `paragraph`: found by hovering along the
/// paragraph's lines until the app reports that entry under the pointer.
fn point_on_term(harness: &mut Harness<'_, QariApp>, paragraph: usize, id: &str) -> Pos2 {
    let doc = Document::bundled();
    let rect = harness.get_by_label(&doc.paragraphs[paragraph].text).rect();
    let mut y = rect.top() + 12.0;
    while y < rect.bottom() {
        let mut x = rect.right() - 4.0;
        while x > rect.left() {
            harness.hover_at(Pos2::new(x, y));
            harness.step();
            if harness.state().hovered_entry().as_deref() == Some(id) {
                return Pos2::new(x, y);
            }
            x -= 12.0;
        }
        y += 30.0;
    }
    panic!("{id} is not marked in paragraph {paragraph}");
}

#[test]
fn hovering_a_term_shows_its_card_and_clicking_opens_it_in_the_panel() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path(), false);
    harness.run();
    // Paragraph 1 names "Huang Renxun".
    let point = point_on_term(&mut harness, 1, "jensen-huang");
    harness.run_steps(40); // the card appears after egui's tooltip delay
    harness.get_by_label_contains("Co-founder (1993) and CEO of NVIDIA");
    harness.get_by_label("exact spelling");

    common::click_at(&harness, point);
    harness.run();
    assert_eq!(harness.state().open_entry(), Some("jensen-huang"));
    assert!(harness.state().settings().side_panel_open);
    // The entry view: its names, its related entries, its occurrences.
    harness.get_by_label("黄仁勋");
    harness.get_by_label("NVIDIA").click();
    harness.run();
    assert_eq!(harness.state().open_entry(), Some("nvidia"));
    harness.get_by_label("←").click();
    harness.run();
    assert_eq!(harness.state().open_entry(), Some("jensen-huang"));
}

#[test]
fn f2_toggles_the_panel_and_the_list_shows_the_article_terms() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path(), false);
    harness.run();
    assert!(harness.query_by_label_contains("In this article").is_none());
    harness.key_press(Key::F2);
    harness.run();
    harness.get_by_label_contains("In this article (");
    harness.get_by_label("Lei Jun  ×1");
    harness.get_by_label("Steve Ballmer  ×1");
    harness.key_press(Key::F2);
    harness.run();
    assert!(harness.query_by_label_contains("In this article").is_none());
}

#[test]
fn next_occurrence_scrolls_the_reader_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path(), true);
    harness.run();
    harness.get_by_label("CUDA  ×2").scroll_to_me(); // far down the list
    harness.run();
    harness.get_by_label("CUDA  ×2").click();
    harness.run();
    assert_eq!(harness.state().open_entry(), Some("cuda"));
    harness.get_by_label("▼ Next").click();
    harness.run_steps(60);
    let doc = Document::bundled();
    let first = doc
        .paragraphs
        .iter()
        .position(|p| p.text.contains("CUDA"))
        .unwrap();
    assert!(
        harness
            .state()
            .reader()
            .visible_paragraphs()
            .contains(&first)
    );
    assert!(
        !harness.state().reader().visible_paragraphs().contains(&1),
        "scrolled away from the top"
    );
}

#[test]
fn ctrl_g_adds_the_selection_to_the_user_glossary_and_marks_it_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path(), true);
    harness.run();
    // Select all of a paragraph with no glossary term yet: "طالما أنك تنفق المال والوقت، ..."
    let doc = Document::bundled();
    let index = doc
        .paragraphs
        .iter()
        .position(|p| p.text.starts_with("طالما"))
        .unwrap();
    let count_before = harness.state().terms().found.len();
    assert!(harness.state().terms().by_paragraph[index].is_empty());
    harness.state_mut().select(index, 0.."طالما".len());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::G);
    harness.run();
    harness.get_by_label("New glossary entry");
    harness.get_by_label("طالما");
    harness.get_by_label("Name (English)").focus();
    harness.run();
    harness
        .get_by_label("Name (English)")
        .type_text("as long as");
    harness.run();
    harness.get_by_label("Kind").click();
    harness.run();
    harness.get_by_label("idiom").click();
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    assert!(
        harness.query_by_label("Name (English)").is_none(),
        "the editor closed"
    );
    assert_eq!(harness.state().open_entry(), Some("as-long-as"));
    assert_eq!(harness.state().terms().found.len(), count_before + 1);
    assert_eq!(
        harness.state().terms().by_paragraph[index].len(),
        1,
        "marked at once"
    );
    let saved = std::fs::read_to_string(dir.path().join("glossary.ron")).unwrap();
    assert!(
        saved.contains("as-long-as") && saved.contains("طالما"),
        "{saved}"
    );
}

#[test]
fn an_unreadable_user_glossary_is_reported_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("glossary.ron");
    std::fs::write(&path, "(entries: [ this is not RON").unwrap();
    let mut harness = harness(dir.path(), false);
    harness.run();
    harness.get_by_label_contains("Your glossary could not be read");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "(entries: [ this is not RON"
    );
    assert!(
        harness.state().glossary().get("nvidia").is_some(),
        "the bundled glossary still works"
    );
}

#[test]
fn clicking_a_term_while_the_notes_are_shown_switches_the_panel_to_the_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        side_tab: qari::ui::settings::SideTab::Notes,
        ..Settings::default()
    };
    let mut harness = common::bundled_app(
        settings,
        dir.path().to_path_buf(),
        Vec2::new(1200.0, 1000.0),
        1.0 / 30.0,
    );
    harness.run();
    let point = point_on_term(&mut harness, 1, "jensen-huang");
    common::click_at(&harness, point);
    harness.run();
    assert_eq!(harness.state().open_entry(), Some("jensen-huang"));
    assert_eq!(
        harness.state().settings().side_tab,
        qari::ui::settings::SideTab::Glossary
    );
    harness.get_by_label("黄仁勋");
}
