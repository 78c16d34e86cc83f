//! Helpers shared by the window tests.

use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;

/// Press and release the primary button at `pos` (queued: one frame per event).
pub fn click_at<State>(harness: &Harness<'_, State>, pos: Pos2) {
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
}

/// The app on the bundled article in a `size` window, stepping `step_dt` seconds a frame,
/// with its data (glossary, notes) in `data_dir`.
pub fn bundled_app(
    settings: qari::ui::settings::Settings,
    data_dir: std::path::PathBuf,
    size: egui::Vec2,
    step_dt: f32,
) -> Harness<'static, qari::ui::QariApp> {
    Harness::builder()
        .with_size(size)
        .with_step_dt(step_dt)
        .build_eframe(move |cc| {
            qari::ui::QariApp::with_settings(
                &cc.egui_ctx,
                qari::document::Document::bundled(),
                None,
                settings,
                Some(data_dir),
            )
        })
}
