//! A label for short mixed Arabic/Latin text (names, aliases, glosses, snippets) drawn
//! through the bidi layout engine: egui's own `Label` would put Arabic words in the wrong
//! order.

use egui::{Color32, Response, Sense, Ui, vec2};

use crate::fonts::{EguiMeasure, ReaderFont};
use crate::layout::{LayoutOptions, SegmentKind, TextStyle, layout_paragraph};

/// Draw `text` wrapped to the available width, right-aligned when it is right-to-left.
/// It is exposed to screen readers (and tests) as a label with the text.
pub fn bidi_label(ui: &mut Ui, text: &str, size: f32, color: Color32, sense: Sense) -> Response {
    // A little room on the right so right-aligned text never touches a clipping edge.
    let width = (ui.available_width() - 6.0).max(40.0);
    let style = TextStyle::regular(size);
    let mut options = LayoutOptions::new(width, style);
    options.line_spacing = 1.1;
    let (layout, galleys) = ui.ctx().fonts_mut(|fonts| {
        let mut measure = EguiMeasure {
            fonts,
            font: ReaderFont::NotoNaskh,
        };
        let layout = layout_paragraph(text, &options, &mut measure);
        let galleys: Vec<_> = layout
            .lines
            .iter()
            .flat_map(|line| line.pieces.iter().map(move |p| (line.top, p)))
            .filter(|(_, p)| p.kind == SegmentKind::Word)
            .map(|(top, p)| (top, p.x, measure.galley(p.shaping_text(text), style)))
            .collect();
        (layout, galleys)
    });
    let (rect, response) = ui.allocate_exact_size(vec2(width, layout.height()), sense);
    let inset = (layout.line_height - layout.text_height) / 2.0;
    let painter = ui.painter();
    for (top, x, galley) in galleys {
        painter.galley(rect.min + vec2(x, top + inset), galley, color);
    }
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
    response
}
