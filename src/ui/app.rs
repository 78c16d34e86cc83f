//! The application shell: window, toolbar, shortcuts and persistence around the reader.

use egui::{Color32, Key, KeyboardShortcut, Modifiers, Theme, Ui};

use super::fonts;
use super::reader::{Reader, ReaderLook};
use super::settings::{Settings, ThemeChoice};
use super::toolbar;
use crate::document::Document;

const SETTINGS_KEY: &str = "qari-settings";

pub struct QariApp {
    document: Document,
    reader: Reader,
    settings: Settings,
    /// Shown above the text until dismissed.
    error: Option<String>,
}

impl QariApp {
    /// The app as eframe creates it: fonts installed, settings restored.
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        document: Document,
        error: Option<String>,
    ) -> Self {
        let settings = cc
            .storage
            .and_then(|s| eframe::get_value::<Settings>(s, SETTINGS_KEY))
            .unwrap_or_default()
            .sanitized();
        Self::with_settings(&cc.egui_ctx, document, error, settings)
    }

    /// The app with explicit settings (tests start from here).
    pub fn with_settings(
        ctx: &egui::Context,
        document: Document,
        error: Option<String>,
        settings: Settings,
    ) -> Self {
        ctx.set_fonts(fonts::definitions());
        // Ctrl+= / Ctrl+- resize the article text, not the whole UI.
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        QariApp {
            document,
            reader: Reader::default(),
            settings,
            error,
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn reader(&self) -> &Reader {
        &self.reader
    }

    pub fn document(&self) -> &Document {
        &self.document
    }

    fn handle_shortcuts(&mut self, ui: &Ui) {
        let zoom_in = [
            KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals),
            KeyboardShortcut::new(Modifiers::COMMAND, Key::Plus),
        ];
        let zoom_out = KeyboardShortcut::new(Modifiers::COMMAND, Key::Minus);
        let reset = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num0);
        let quit = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
        let before = self.settings.font_size;
        let quit_requested = ui.input_mut(|i| {
            if zoom_in.iter().any(|s| i.consume_shortcut(s)) {
                self.settings.zoom(1);
            }
            if i.consume_shortcut(&zoom_out) {
                self.settings.zoom(-1);
            }
            if i.consume_shortcut(&reset) {
                self.settings.font_size = Settings::DEFAULT_SIZE;
            }
            i.consume_shortcut(&quit)
        });
        if self.settings.font_size != before {
            self.reader.keep_position();
        }
        if quit_requested {
            // eframe saves the settings on the way out.
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn look(&self, ui: &Ui) -> ReaderLook {
        let dark = ui.visuals().dark_mode;
        let (text, muted, hover, selection) = if dark {
            (
                Color32::from_rgb(0xE8, 0xE3, 0xD8),
                Color32::from_rgb(0x9A, 0x95, 0x8C),
                Color32::from_rgba_unmultiplied(255, 255, 255, 18),
                Color32::from_rgba_unmultiplied(90, 140, 230, 90),
            )
        } else {
            (
                Color32::from_rgb(0x1E, 0x1B, 0x16),
                Color32::from_rgb(0x6E, 0x68, 0x5E),
                Color32::from_rgba_unmultiplied(0, 0, 0, 14),
                Color32::from_rgba_unmultiplied(60, 120, 220, 70),
            )
        };
        ReaderLook {
            font: self.settings.font,
            size: self.settings.font_size,
            justify: self.settings.justify,
            text,
            muted,
            hover,
            selection,
        }
    }
}

impl eframe::App for QariApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        ui.ctx().set_theme(match self.settings.theme {
            ThemeChoice::Light => Theme::Light,
            ThemeChoice::Dark => Theme::Dark,
        });
        self.handle_shortcuts(ui);

        egui::Panel::top("toolbar").show(ui, |ui| {
            ui.add_space(2.0);
            if toolbar::ui(ui, &self.document.title, &mut self.settings).relayout {
                self.reader.keep_position();
            }
            ui.add_space(2.0);
        });
        if let Some(message) = self.error.clone() {
            egui::Panel::top("error").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {message}"));
                    if ui.button("Dismiss").clicked() {
                        self.error = None;
                    }
                });
            });
        }
        let paper = if ui.visuals().dark_mode {
            Color32::from_rgb(0x1D, 0x1C, 0x1A)
        } else {
            Color32::from_rgb(0xFB, 0xF8, 0xF1)
        };
        let look = self.look(ui);
        egui::CentralPanel::no_frame()
            .frame(egui::Frame::NONE.fill(paper))
            .show(ui, |ui| self.reader.ui(ui, &self.document, &look));
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.settings);
    }
}
