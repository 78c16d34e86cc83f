//! Opening other articles in the window.

use egui::{Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use qari::document::Document;
use qari::ui::QariApp;
use qari::ui::settings::Settings;

fn harness(document: Document, dir: &std::path::Path) -> Harness<'static, QariApp> {
    let settings = Settings {
        side_panel_open: false,
        ..Settings::default()
    };
    let data_dir = dir.to_path_buf();
    Harness::builder()
        .with_size(Vec2::new(900.0, 800.0))
        .build_eframe(move |cc| {
            QariApp::with_settings(&cc.egui_ctx, document, None, settings, Some(data_dir))
        })
}

/// Files open on another thread: step frames until the result has arrived.
fn wait_for_load(harness: &mut Harness<'_, QariApp>) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while harness.state().is_loading() {
        assert!(
            std::time::Instant::now() < deadline,
            "the file never finished loading"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
        harness.step();
    }
    harness.run();
}

#[test]
fn opening_a_file_replaces_the_article_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.md");
    std::fs::write(&path, "# عنوان الخبر\n\nخبر عن سميك.").unwrap();
    let mut harness = harness(Document::bundled(), dir.path());
    harness.run();
    let ctx = harness.ctx.clone();
    harness.state_mut().open_path(&ctx, &path, None);
    assert!(
        harness.state().is_loading(),
        "the load runs off the UI thread"
    );
    wait_for_load(&mut harness);
    assert_eq!(harness.state().document().title, "عنوان الخبر");
    harness.get_by_label("خبر عن سميك.");
    assert_eq!(harness.state().terms().found.len(), 1, "SMIC is marked");
}

#[test]
fn a_file_from_the_command_line_opens_in_its_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.txt");
    let text = "خبر قديم عن إنفيديا\nفقرة ثانية بترميز ويندوز العربي";
    std::fs::write(&path, encoding_rs::WINDOWS_1256.encode(text).0).unwrap();
    let mut harness = harness(Document::open(&path).unwrap(), dir.path());
    harness.run();
    harness.get_by_label("خبر قديم عن إنفيديا");
    harness.get_by_label("فقرة ثانية بترميز ويندوز العربي");
    assert_eq!(harness.state().document().encoding, "windows-1256");
    assert_eq!(
        harness.state().terms().found.len(),
        1,
        "the glossary marks the new article"
    );
}

#[test]
fn a_binary_file_is_refused_and_the_article_stays() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("photo.jpg");
    std::fs::write(&binary, b"\xFF\xD8\xFF\xE0\0\x10JFIF\0").unwrap();
    let mut harness = harness(Document::bundled(), dir.path());
    harness.run();
    let ctx = harness.ctx.clone();
    harness.state_mut().open_path(&ctx, &binary, None);
    wait_for_load(&mut harness);
    harness.get_by_label_contains("is not a text file");
    assert_eq!(harness.state().document().title, "nvidia-deepseek-ar");
    harness.get_by_label(&Document::bundled().paragraphs[1].text);
}

#[test]
fn ctrl_shift_v_pastes_a_new_article() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(Document::bundled(), dir.path());
    harness.run();
    harness.event_modifiers(
        egui::Event::Paste("نص ملصوق عن ديب سيك".into()),
        Modifiers::SHIFT,
    );
    harness.run();
    assert_eq!(harness.state().document().title, "Pasted text");
    harness.get_by_label("نص ملصوق عن ديب سيك");
    // A plain paste (no Shift) is not an article.
    harness.event(egui::Event::Paste("شيء آخر".into()));
    harness.run();
    harness.get_by_label("نص ملصوق عن ديب سيك");
}

#[test]
fn ctrl_f_finds_hamza_variants_and_steps_with_enter() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(Document::bundled(), dir.path());
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::F);
    harness.run();
    // The article writes إنفيديا; the search is typed without the hamza.
    harness.get_by_label("Find:").type_text("انفيديا");
    harness.run_steps(12); // the first hit flashes
    harness.get_by_label("1 of 2");
    harness.key_press(egui::Key::Enter);
    harness.run_steps(12);
    harness.get_by_label("2 of 2");
    harness.key_press(egui::Key::Escape);
    harness.run_steps(12);
    assert!(
        harness.query_by_label("Find:").is_none(),
        "Esc closes the bar"
    );
}
