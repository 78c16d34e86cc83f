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
