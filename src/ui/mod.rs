//! The egui shell. It holds no text logic: layout, hit-testing and documents are in the
//! core modules; this layer maps them to pixels and input.

pub mod app;
pub mod bidi_label;
pub mod entry_editor;
pub mod file_dialog;
pub mod glossary_panel;
pub mod note_editor;
pub mod notes_panel;
pub mod reader;
pub mod search_bar;
pub mod settings;
pub mod toolbar;

pub use app::QariApp;

use std::path::PathBuf;

use crate::document::Document;

/// The window on `file`, or on the bundled article (with the reason shown) when there is
/// none or it cannot be read.
pub fn open(file: Option<PathBuf>) -> Result<(), String> {
    let (document, error) = match file {
        None => (Document::bundled(), None),
        Some(path) => match Document::open(&path) {
            Ok(document) => (document, None),
            Err(error) => {
                eprintln!("qari: {error}");
                (Document::bundled(), Some(error.to_string()))
            }
        },
    };
    run(document, error).map_err(|e| format!("cannot open a window: {e}"))
}

/// Qari's icon (the letter ق), drawn by `assets/icons/make-icon.sh`.
const ICON: &[u8] = include_bytes!("../../assets/icons/qari-256.png");

/// Open the window on `document`; `error` is shown above it (e.g. why a file given on the
/// command line could not be opened).
pub fn run(document: Document, error: Option<String>) -> eframe::Result {
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: egui::ViewportBuilder::default()
            .with_title(format!("Qari — {}", document.title))
            .with_app_id("qari")
            .with_icon(
                eframe::icon_data::from_png_bytes(ICON)
                    .expect("the bundled icon is a PNG (tested)"),
            )
            .with_inner_size([1220.0, 960.0])
            .with_min_inner_size([360.0, 240.0]),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "qari",
        options,
        Box::new(move |cc| Ok(Box::new(QariApp::new(cc, document, error)))),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_icon_decodes() {
        let icon = eframe::icon_data::from_png_bytes(super::ICON).unwrap();
        assert_eq!((icon.width, icon.height), (256, 256));
    }
}
