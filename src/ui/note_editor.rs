//! The window in which a note is written. The note is saved as it is typed: a new note
//! comes into being with its first character, and one left empty is removed on closing.

use std::ops::Range;

use egui::{Key, KeyboardShortcut, Modifiers, Sense, TextEdit};

use super::bidi_label::bidi_label;
use super::notes_panel::{NOTE_COLOR, multiline_label};
use crate::notes::Note;

/// What the editor asks the application to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoteEdit {
    /// The text changed: create the note (the editor has no id yet) or update it.
    Text(String),
    /// The editor closed.
    Done,
    /// "Delete note".
    Delete,
}

pub struct NoteEditor {
    /// The note, once it exists.
    pub id: Option<String>,
    /// Where a new note goes: paragraph and range.
    pub target: Option<(usize, Range<usize>)>,
    quote: String,
    text: String,
    /// The first frame: focus the text field and place the window by the pointer.
    focus: bool,
}

impl NoteEditor {
    /// A new note on `range` of `paragraph`, which reads `quote`.
    pub fn new_note(paragraph: usize, range: Range<usize>, quote: &str) -> Self {
        NoteEditor {
            id: None,
            target: Some((paragraph, range)),
            quote: quote.to_owned(),
            text: String::new(),
            focus: true,
        }
    }

    pub fn edit(note: &Note, quote: &str) -> Self {
        NoteEditor {
            id: Some(note.id.clone()),
            target: None,
            quote: quote.to_owned(),
            text: note.text.clone(),
            focus: true,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn show(&mut self, ctx: &egui::Context) -> Option<NoteEdit> {
        const WIDTH: f32 = 380.0;
        // The window with its quote, field and buttons, before the user resizes it.
        const EXPECTED_HEIGHT: f32 = 240.0;
        let mut outcome = None;
        let mut open = true;
        let mut window = egui::Window::new("Note");
        if self.focus
            && let Some(pointer) = ctx.pointer_latest_pos()
        {
            // Beside the words, not over them, and wholly inside the window.
            let screen = ctx.content_rect().shrink(8.0);
            let wanted = pointer + egui::vec2(-WIDTH / 2.0, 28.0);
            let x = wanted.x.min(screen.max.x - WIDTH).max(screen.min.x);
            let y = wanted
                .y
                .min(screen.max.y - EXPECTED_HEIGHT)
                .max(screen.min.y);
            window = window.current_pos(egui::pos2(x, y));
        }
        window
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_width(WIDTH)
            .constrain(true)
            .show(ctx, |ui| {
                let color = NOTE_COLOR.get(ui.visuals().dark_mode);
                bidi_label(
                    ui,
                    &crate::notes::export::one_line(&self.quote, 160),
                    16.0,
                    color,
                    Sense::hover(),
                );
                ui.add_space(4.0);
                let label = ui.label("Your note");
                let response = ui
                    .add(
                        TextEdit::multiline(&mut self.text)
                            .id_salt("note-text")
                            .hint_text("What these words mean, how to translate them…")
                            .desired_rows(4)
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id);
                if std::mem::take(&mut self.focus) {
                    response.request_focus();
                }
                if response.changed() {
                    outcome = Some(NoteEdit::Text(self.text.clone()));
                }
                // The text field cannot order Arabic: show it as it will read.
                if crate::layout::analysis::has_rtl(&self.text) {
                    ui.weak("Reads as:");
                    let text_color = ui.visuals().text_color();
                    multiline_label(ui, &self.text, 15.0, text_color);
                }
                ui.horizontal(|ui| {
                    if ui
                        .button("Done")
                        .on_hover_text("Ctrl+Enter or Escape")
                        .clicked()
                    {
                        outcome = Some(NoteEdit::Done);
                    }
                    if self.id.is_some() && ui.button("Delete note").clicked() {
                        outcome = Some(NoteEdit::Delete);
                    }
                    ui.weak("Saved as you type");
                });
            });
        let finish = ctx.input_mut(|i| {
            i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter))
                || i.consume_key(Modifiers::NONE, Key::Escape)
        });
        if !open || finish {
            outcome = Some(NoteEdit::Done);
        }
        outcome
    }
}
