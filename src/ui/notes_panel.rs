//! The notes side panel: the article note, every note in reading order with what it quotes,
//! and whatever could not be placed in the article as it is now.

use std::ops::Range;

use egui::{Color32, RichText, ScrollArea, Sense, TextEdit, Ui};

use super::bidi_label::bidi_label;
use crate::document::Document;
use crate::notes::export::one_line as short;
use crate::notes::{Note, Placement, Session};

/// The colour of note marks, light and dark.
pub struct NoteColor {
    light: Color32,
    dark: Color32,
}

impl NoteColor {
    pub fn get(&self, dark: bool) -> Color32 {
        if dark { self.dark } else { self.light }
    }
}

pub const NOTE_COLOR: NoteColor = NoteColor {
    light: Color32::from_rgb(0xC2, 0x6A, 0x00),
    dark: Color32::from_rgb(0xF5, 0xB7, 0x3B),
};

/// The hover card of a noted range: the note itself.
pub fn note_card(ui: &mut Ui, note: &Note) {
    ui.set_max_width(340.0);
    ui.label(RichText::new("Note").color(NOTE_COLOR.get(ui.visuals().dark_mode)));
    let color = ui.visuals().text_color();
    if note.text.trim().is_empty() {
        ui.weak("(empty)");
    } else {
        multiline_label(ui, &note.text, 14.0, color);
    }
    ui.weak("Click to edit (the notes list is F3)");
}

/// What the panel asks the application to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotesAction {
    /// Scroll the reader to this range of a paragraph and flash it.
    Reveal {
        paragraph: usize,
        range: Range<usize>,
    },
    Edit(String),
    Delete(String),
    ArticleNote(String),
    Export,
}

#[derive(Default)]
pub struct NotesPanel;

impl NotesPanel {
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        session: &Session,
        document: &Document,
    ) -> Option<NotesAction> {
        let mut action = None;
        let notes = session.notes();
        let placements = session.placements();
        ui.horizontal(|ui| {
            ui.heading("Notes");
            if ui
                .button("Export…")
                .on_hover_text("Notes and draft translations as Markdown")
                .clicked()
            {
                action = Some(NotesAction::Export);
            }
        });
        match session.path() {
            Some(path) if session.is_saving() => {
                ui.weak("Saving…").on_hover_text(path.display().to_string());
            }
            Some(path) => {
                ui.weak("Saved").on_hover_text(path.display().to_string());
            }
            None => {
                ui.colored_label(ui.visuals().warn_fg_color, "Not saved: no data directory");
            }
        }
        ui.separator();
        let label = ui.label("About this article");
        let mut article_note = notes.article_note().to_owned();
        if ui
            .add(
                TextEdit::multiline(&mut article_note)
                    .hint_text("A note on the whole article…")
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id)
            .changed()
        {
            action = Some(NotesAction::ArticleNote(article_note));
        }
        ui.separator();
        let order = placements.notes_in_reading_order();
        let unplaced = placements.unplaced_notes();
        let unplaced_drafts = placements.unplaced_drafts();
        let drafts = placements.drafts.iter().flatten().count();
        let count =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        ui.weak(format!(
            "{}, {} (Ctrl+T)",
            count(order.len() + unplaced.len(), "note", "notes"),
            count(drafts, "draft translation", "draft translations")
        ));
        if order.is_empty() && unplaced.is_empty() {
            ui.weak("Select words in the text and press Ctrl+N to add a note.");
        }
        ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
            for i in order {
                let placed = placements.notes[i].as_ref().expect("placed");
                let note = &notes.notes[i];
                let quote = &document.paragraphs[placed.paragraph].text[placed.range.clone()];
                let moved = match placed.how {
                    Placement::Exact => None,
                    Placement::Moved => Some(("moved", "The text moved; the note went with it.")),
                    Placement::Fuzzy => Some((
                        "reworded",
                        "The words changed; the note was re-attached to what stands there now.",
                    )),
                };
                if let Some(a) = note_row(ui, note, quote, placed.paragraph, moved) {
                    action = Some(match a {
                        RowAction::Reveal => NotesAction::Reveal {
                            paragraph: placed.paragraph,
                            range: placed.range.clone(),
                        },
                        RowAction::Edit => NotesAction::Edit(note.id.clone()),
                        RowAction::Delete => NotesAction::Delete(note.id.clone()),
                    });
                }
            }
            if !unplaced.is_empty() || !unplaced_drafts.is_empty() {
                ui.add_space(8.0);
                ui.colored_label(ui.visuals().warn_fg_color, "Unplaced")
                    .on_hover_text("The article no longer has the text these were about. They are kept; copy or delete them.");
            }
            for i in unplaced {
                let note = &notes.notes[i];
                let status = ("unplaced", "The article no longer has the words this note quotes.");
                if let Some(a) = note_row(ui, note, &note.anchor.quote, note.anchor.paragraph, Some(status)) {
                    action = Some(match a {
                        RowAction::Delete => NotesAction::Delete(note.id.clone()),
                        RowAction::Edit | RowAction::Reveal => NotesAction::Edit(note.id.clone()),
                    });
                }
            }
            for i in unplaced_drafts {
                let draft = &notes.drafts[i];
                ui.group(|ui| {
                    ui.set_width(ui.available_width());
                    ui.weak(format!("Draft of old ¶ {}", draft.anchor.paragraph + 1));
                    let muted = ui.visuals().weak_text_color();
                    bidi_label(ui, &short(&draft.anchor.quote, 120), 13.0, muted, Sense::hover());
                    let color = ui.visuals().text_color();
                    multiline_label(ui, &draft.text, 14.0, color);
                });
            }
        });
        action
    }
}

enum RowAction {
    Reveal,
    Edit,
    Delete,
}

/// One note: what it quotes (click to go there) and its text.
/// `status`: a word and its explanation, for notes not where they were.
fn note_row(
    ui: &mut Ui,
    note: &Note,
    quote: &str,
    paragraph: usize,
    status: Option<(&str, &str)>,
) -> Option<RowAction> {
    let mut action = None;
    ui.group(|ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.weak(format!("¶ {}", paragraph + 1));
            if let Some((word, explanation)) = status {
                ui.colored_label(ui.visuals().warn_fg_color, word)
                    .on_hover_text(explanation);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.small_button("Delete").clicked() {
                    action = Some(RowAction::Delete);
                }
                if ui.small_button("Edit").clicked() {
                    action = Some(RowAction::Edit);
                }
            });
        });
        let color = NOTE_COLOR.get(ui.visuals().dark_mode);
        if bidi_label(ui, &short(quote, 120), 15.0, color, Sense::click())
            .on_hover_cursor(egui::CursorIcon::PointingHand)
            .on_hover_text("Show in the text")
            .clicked()
        {
            action = Some(RowAction::Reveal);
        }
        let text_color = ui.visuals().text_color();
        if note.text.trim().is_empty() {
            ui.weak("(empty)");
        } else {
            multiline_label(ui, &note.text, 14.0, text_color);
        }
    });
    action
}

/// Text that may have several lines, each through the bidi engine.
pub fn multiline_label(ui: &mut Ui, text: &str, size: f32, color: Color32) {
    for line in text.trim().lines() {
        bidi_label(ui, line, size, color, Sense::hover());
    }
}
