//! Notes and draft translations in the window: written with the keyboard, marked in the
//! text, saved, and found again by a new app started from the same data directory.

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

mod common;

use qari::document::Document;
use qari::ui::QariApp;
use qari::ui::settings::{Settings, SideTab};

fn harness(dir: &std::path::Path, settings: Settings) -> Harness<'static, QariApp> {
    common::bundled_app(
        settings,
        dir.to_path_buf(),
        Vec2::new(1200.0, 1000.0),
        1.0 / 30.0,
    )
}

/// Press `key` with Ctrl in one frame.
fn command(harness: &mut Harness<'_, QariApp>, key: Key) {
    for pressed in [true, false] {
        harness.input_mut().events.push(Event::Key {
            key,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers: Modifiers::COMMAND,
        });
    }
    harness.step();
}

#[test]
fn a_note_written_with_the_keyboard_is_there_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let doc = Document::bundled();
    // "هوانغ رينكسون" in paragraph 3.
    let text = &doc.paragraphs[3].text;
    let start = text.find("هوانغ رينكسون").unwrap();
    let range = start..start + "هوانغ رينكسون".len();
    {
        let mut harness = harness(dir.path(), Settings::default());
        harness.run();
        // Ctrl+N with nothing selected explains what to do.
        command(&mut harness, Key::N);
        harness.run();
        harness.get_by_label_contains("Select the words the note is about");

        // A selection from inside the first word to inside the last: the note takes the
        // whole words.
        harness
            .state_mut()
            .select(3, range.start + 2..range.end - 2);
        command(&mut harness, Key::N);
        harness.run();
        let editor = harness
            .state()
            .note_editor()
            .expect("Ctrl+N opens the note");
        assert_eq!(editor.target, Some((3, range.clone())));
        harness
            .get_by_role(Role::MultilineTextInput)
            .type_text("Jensen Huang, as Chinese media write his name");
        harness.run();
        // Ctrl+Enter closes the editor; the note is already there.
        harness.key_press(Key::Escape);
        harness.run();
        assert!(harness.state().note_editor().is_none());
        let notes = &harness.state().notes().notes().notes;
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].anchor.quote, "هوانغ رينكسون");

        // The notes panel lists it with its quote.
        harness.key_press(Key::F3);
        harness.run();
        assert_eq!(harness.state().settings().side_tab, SideTab::Notes);
        harness.get_by_label("Jensen Huang, as Chinese media write his name");
        harness.get_by_label("هوانغ رينكسون");
        // Quitting saves (eframe calls save on the way out).
        harness.state_mut().flush_notes();
    }
    let mut harness = harness(dir.path(), Settings::default());
    harness.run();
    let session = harness.state().notes();
    let note = &session.notes().notes[0];
    assert_eq!(note.text, "Jensen Huang, as Chinese media write his name");
    let placed = session.placement_of(&note.id).expect("placed");
    assert_eq!((placed.paragraph, placed.range.clone()), (3, range));
    // Its mark in the margin opens it.
    let id = note.id.clone();
    harness
        .get_by_label("Note: Jensen Huang, as Chinese media write his name")
        .click();
    harness.run();
    let editor = harness
        .state()
        .note_editor()
        .expect("the mark opens the note");
    assert_eq!(editor.id.as_deref(), Some(id.as_str()));
    assert_eq!(
        editor.text(),
        "Jensen Huang, as Chinese media write his name"
    );
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.state().note_editor().is_none());

    // Deleted from the notes panel, it stays deleted.
    harness.key_press(Key::F3);
    harness.run();
    harness.get_by_label("Delete").click();
    harness.run();
    assert!(harness.state().notes().notes().notes.is_empty());
    assert!(harness.query_by_label_contains("Note: Jensen").is_none());
    harness.state_mut().flush_notes();
    drop(harness);
    let harness = self::harness(dir.path(), Settings::default());
    assert!(harness.state().notes().notes().notes.is_empty());
}

#[test]
fn ctrl_t_shows_draft_fields_and_typing_in_one_saves_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path(), Settings::default());
    harness.run();
    assert!(harness.query_by_role(Role::MultilineTextInput).is_none());
    command(&mut harness, Key::T);
    harness.run();
    assert!(harness.state().settings().translating);
    let fields = harness.query_all_by_role(Role::MultilineTextInput).count();
    assert!(
        fields >= 3,
        "a field under each paragraph in view, got {fields}"
    );
    // Click into the second paragraph's field and type.
    let field = harness
        .query_all_by_role(Role::MultilineTextInput)
        .nth(1)
        .unwrap()
        .rect();
    common::click_at(&harness, field.center());
    harness.run();
    for c in "Lei Jun launched".chars() {
        harness.input_mut().events.push(Event::Text(c.to_string()));
    }
    harness.run();
    assert_eq!(harness.state().notes().draft(1), "Lei Jun launched");
    // The space typed did not scroll the reader.
    assert_eq!(harness.state().reader().first_visible_paragraph(), 0);
    harness.state_mut().flush_notes();
    drop(harness);
    let harness = self::harness(dir.path(), Settings::default());
    assert_eq!(harness.state().notes().draft(1), "Lei Jun launched");
}

#[test]
fn clicking_a_note_in_the_panel_brings_its_words_into_view() {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        translating: true,
        side_tab: SideTab::Notes,
        ..Settings::default()
    };
    let mut harness = harness(dir.path(), settings);
    harness.run();
    let doc = Document::bundled();
    let last = doc.paragraphs.len() - 1;
    let first_word = doc.paragraphs[last].text.split(' ').next().unwrap();
    harness.state_mut().select(last, 0..first_word.len());
    command(&mut harness, Key::N);
    harness.run();
    // The note's text field has the keyboard as soon as it opens.
    harness
        .input_mut()
        .events
        .push(Event::Text("at the very end".into()));
    harness.run();
    command(&mut harness, Key::Enter);
    harness.run();
    assert_eq!(
        harness.state().notes().notes().notes[0].text,
        "at the very end"
    );
    assert!(
        !harness
            .state()
            .reader()
            .visible_paragraphs()
            .contains(&last)
    );

    harness.get_by_label(first_word).click();
    harness.run_steps(60); // the words flash for a while
    assert!(
        harness
            .state()
            .reader()
            .visible_paragraphs()
            .contains(&last),
        "{:?}",
        harness.state().reader().visible_paragraphs()
    );
}
