//! The strip above the text: font, size, theme and justification.

use egui::Ui;

use super::fonts::ReaderFont;
use super::settings::{Settings, ThemeChoice};

/// What the user asked for through the toolbar this frame.
#[derive(Default)]
pub struct ToolbarActions {
    /// Font, size or justification changed: layouts must be redone at the same position.
    pub relayout: bool,
}

pub fn ui(ui: &mut Ui, title: &str, settings: &mut Settings) -> ToolbarActions {
    let mut actions = ToolbarActions::default();
    ui.horizontal(|ui| {
        ui.strong(title);
        ui.separator();

        let before = (settings.font, settings.font_size, settings.justify);
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
        ui.separator();
        for (theme, label) in [(ThemeChoice::Light, "Light"), (ThemeChoice::Dark, "Dark")] {
            ui.selectable_value(&mut settings.theme, theme, label);
        }
        actions.relayout = before != (settings.font, settings.font_size, settings.justify);
    });
    actions
}
