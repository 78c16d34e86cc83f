//! The strip above the text: the File and Contents menus, the title, font, size,
//! justification, draft fields and theme. It wraps onto a second row in a narrow window, so
//! every control stays reachable.

use egui::Ui;

use super::bidi_label::bidi_label;
use super::settings::{Settings, ThemeChoice};
use crate::fonts::ReaderFont;

/// What the user asked for through the toolbar this frame.
#[derive(Default)]
pub struct ToolbarActions {
    /// Font, size or justification changed: layouts must be redone at the same position.
    pub relayout: bool,
    pub open: bool,
    pub paste_new: bool,
    pub open_recent: Option<std::path::PathBuf>,
    pub reopen_with: Option<&'static encoding_rs::Encoding>,
    /// A chapter was picked in Contents: its first paragraph.
    pub jump_to: Option<usize>,
}

/// The document as the toolbar shows it.
pub struct DocumentInfo<'a> {
    pub title: &'a str,
    pub encoding: &'a str,
    /// Whether it came from a file (and so can be reopened with another encoding).
    pub from_file: bool,
    /// Chapters (EPUB): title and first paragraph.
    pub contents: &'a [(String, usize)],
}

pub fn ui(ui: &mut Ui, document: DocumentInfo<'_>, settings: &mut Settings) -> ToolbarActions {
    let mut actions = ToolbarActions::default();
    ui.horizontal_wrapped(|ui| {
        ui.menu_button("File", |ui| {
            if ui
                .add(egui::Button::new("Open…").shortcut_text("Ctrl+O"))
                .clicked()
            {
                actions.open = true;
            }
            if ui
                .add(egui::Button::new("Paste as new article").shortcut_text("Ctrl+Shift+V"))
                .clicked()
            {
                actions.paste_new = true;
            }
            ui.add_enabled_ui(document.from_file, |ui| {
                ui.menu_button("Reopen with encoding", |ui| {
                    for encoding in crate::document::decode::CHOICES {
                        let current = encoding.name() == document.encoding;
                        if ui.selectable_label(current, encoding.name()).clicked() {
                            actions.reopen_with = Some(encoding);
                        }
                    }
                });
            });
            ui.menu_button("Recent", |ui| {
                if settings.recent.is_empty() {
                    ui.weak("No files yet");
                }
                for recent in &settings.recent {
                    let name = recent.path.file_name().map_or_else(
                        || recent.path.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    if ui
                        .button(name)
                        .on_hover_text(recent.path.display().to_string())
                        .clicked()
                    {
                        actions.open_recent = Some(recent.path.clone());
                    }
                }
            });
        });
        if !document.contents.is_empty() {
            ui.menu_button("Contents", |ui| {
                ui.set_min_width(260.0);
                for (title, paragraph) in document.contents {
                    let color = ui.visuals().text_color();
                    if bidi_label(ui, title, 15.0, color, egui::Sense::click()).clicked() {
                        actions.jump_to = Some(*paragraph);
                        ui.close();
                    }
                }
            });
        }
        ui.separator();
        // Titles are often Arabic: a bidi label, one line of at most 280 points.
        let width = 280.0f32.min(ui.available_width() / 3.0);
        ui.allocate_ui(egui::vec2(width, 20.0), |ui| {
            let color = ui.visuals().strong_text_color();
            bidi_label(ui, document.title, 14.0, color, egui::Sense::hover())
                .on_hover_text(format!("{}\n{}", document.title, document.encoding));
        });
        ui.separator();

        let before = (
            settings.font,
            settings.font_size,
            settings.justify,
            settings.translating,
        );
        egui::ComboBox::from_label("Font")
            .selected_text(settings.font.label())
            .show_ui(ui, |ui| {
                for font in ReaderFont::ALL {
                    ui.selectable_value(&mut settings.font, font, font.label());
                }
            });
        if ui
            .button("A−")
            .on_hover_text("Smaller text (Ctrl+-)")
            .clicked()
        {
            settings.zoom(-1);
        }
        ui.add(
            egui::DragValue::new(&mut settings.font_size)
                .range(Settings::SIZES)
                .speed(0.25)
                .suffix(" pt"),
        )
        .on_hover_text("Text size");
        if ui
            .button("A+")
            .on_hover_text("Larger text (Ctrl+=)")
            .clicked()
        {
            settings.zoom(1);
        }
        ui.checkbox(&mut settings.justify, "Justify");
        ui.checkbox(&mut settings.translating, "Translate")
            .on_hover_text("A draft translation field under each paragraph (Ctrl+T)");
        ui.separator();
        for (theme, label) in [(ThemeChoice::Light, "Light"), (ThemeChoice::Dark, "Dark")] {
            ui.selectable_value(&mut settings.theme, theme, label);
        }
        actions.relayout = before
            != (
                settings.font,
                settings.font_size,
                settings.justify,
                settings.translating,
            );
    });
    actions
}
