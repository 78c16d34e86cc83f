//! The reader: paints the document through the bidi layout engine and turns pointer and
//! keyboard input into hover, selection and copy. Text decisions live in [`crate::layout`]
//! and [`crate::reading`] (paragraph style, selection); this file only maps them to egui.

use std::ops::Range;
use std::sync::Arc;

use std::collections::HashMap;

use egui::{
    Align, Color32, CursorIcon, Event, FontId, Galley, Id, Key, Pos2, Rect, Role, ScrollArea,
    Sense, Shape, Stroke, TextEdit, Ui, UiBuilder, Vec2, WidgetInfo, pos2, style::ScrollAnimation,
    vec2,
};

use super::glossary_panel::{entry_card, kind_color};
use super::notes_panel::{NOTE_COLOR, multiline_label, note_card};
use super::search_bar::SearchHighlights;
use crate::document::{Document, ParagraphKind};
use crate::fonts::{EguiMeasure, ReaderFont};
use crate::glossary::Match;
use crate::glossary::{DocumentTerms, Glossary};
use crate::layout::analysis::has_rtl;
use crate::layout::flow::FlowSource;
use crate::layout::{Direction, Flow, LayoutOptions, SegmentKind, word_at};
use crate::notes::{Note, Session};
use crate::reading::{DocPos, Selection, style};

/// Empty space above the first and below the last paragraph.
const PAD_Y: f32 = 24.0;
/// The longest comfortable line, in ems (about 60–70 Arabic characters).
const MEASURE_EMS: f32 = 38.0;
/// Size of the text in draft translation fields.
const DRAFT_FONT_SIZE: f32 = 15.0;
/// Space between a paragraph and its draft field.
const DRAFT_SPACING: f32 = 6.0;

/// How the reader looks: font, size, colours.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReaderLook {
    pub font: ReaderFont,
    pub size: f32,
    pub justify: bool,
    pub text: Color32,
    pub muted: Color32,
    pub hover: Color32,
    pub selection: Color32,
    pub flash: Color32,
    pub dark: bool,
    /// A draft translation field under each paragraph (Ctrl+T).
    pub translating: bool,
}

/// What to mark in the text: the glossary's terms (coloured by their entry's kind), the find
/// bar's hits, and the user's notes (and drafts, shown under their paragraphs).
#[derive(Clone, Copy)]
pub struct Marks<'a> {
    pub terms: &'a DocumentTerms,
    pub glossary: &'a Glossary,
    /// Hits of the find bar, when it is open.
    pub search: Option<&'a SearchHighlights<'a>>,
    /// The user's notes and drafts.
    pub notes: &'a Session,
}

/// What the user asked for in the reader this frame.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReaderEvents {
    /// A marked term was clicked: open this glossary entry.
    pub open_entry: Option<usize>,
    /// "Add to glossary" (context menu or Ctrl+G) with the selected text.
    pub add_to_glossary: Option<String>,
    /// "Add as alias" with the selected text.
    pub add_alias: Option<String>,
    /// "Add note" (context menu or Ctrl+N) on this range of a paragraph.
    pub add_note: Option<(usize, Range<usize>)>,
    /// Ctrl+N with nothing selected.
    pub note_needs_selection: bool,
    /// A noted range or its margin mark was clicked: open this note.
    pub open_note: Option<String>,
    /// Draft translations typed this frame: paragraph and its new text.
    pub draft_edits: Vec<(usize, String)>,
}

/// The document as the reader shows it: its paragraphs with the reader's settings and
/// marks, which the layout flow lays out.
struct DocumentView<'a> {
    document: &'a Document,
    width: f32,
    look: &'a ReaderLook,
    marks: Marks<'a>,
    /// Heights of the draft fields as last drawn.
    draft_heights: &'a HashMap<usize, f32>,
}

impl DocumentView<'_> {
    /// Height of the draft field under paragraph `index`: as drawn, else estimated.
    fn draft_height(&self, index: usize) -> f32 {
        if let Some(height) = self.draft_heights.get(&index) {
            return *height;
        }
        let row = DRAFT_FONT_SIZE * 1.3;
        let per_row = (self.width / (DRAFT_FONT_SIZE * 0.5)).max(10.0);
        let text = self.marks.notes.draft(index);
        let rows =
            (text.chars().count() as f32 / per_row).ceil() + text.matches('\n').count() as f32;
        rows.max(1.0) * row + 8.0
    }
}

impl FlowSource for DocumentView<'_> {
    fn paragraph_count(&self) -> usize {
        self.document.paragraphs.len()
    }

    fn text(&self, index: usize) -> &str {
        &self.document.paragraphs[index].text
    }

    fn options(&self, index: usize) -> LayoutOptions {
        style::paragraph_options(
            &self.document.paragraphs[index],
            self.width,
            self.look.size,
            self.look.justify,
        )
    }

    fn gap_after(&self, index: usize) -> f32 {
        let gap = style::gap_after(self.document.paragraphs[index].kind, self.look.size);
        if self.look.translating {
            gap + DRAFT_SPACING + self.draft_height(index)
        } else {
            gap
        }
    }
}

/// Something to paint, collected while egui's fonts are locked and painted after.
enum Paint {
    Fill(Rect, Color32),
    Text(Pos2, Arc<Galley>, Color32),
    Underline(Rect, Color32),
    Dotted(Rect, Color32),
}

/// Where the reader's column is on screen this frame.
#[derive(Clone, Copy)]
struct Placement {
    /// Top-left of the scrolled content.
    origin: Pos2,
    /// Left edge of the text column within the content.
    column_x: f32,
    /// The part of the content in view, in screen coordinates.
    screen_viewport: Rect,
}

impl Placement {
    /// A screen point in the column's content coordinates (the flow's).
    fn to_content(self, p: Pos2) -> Pos2 {
        pos2(
            p.x - self.origin.x - self.column_x,
            p.y - self.origin.y - PAD_Y,
        )
    }

    /// Screen position of the top-left of a paragraph whose top is `top` in the flow.
    fn paragraph_origin(self, top: f32) -> Pos2 {
        self.origin + vec2(self.column_x, PAD_Y + top)
    }
}

/// A rectangle of a paragraph laid out at `base`, on screen.
fn to_screen(base: Pos2, r: crate::layout::Rect) -> Rect {
    Rect::from_min_max(base + vec2(r.min_x, r.min_y), base + vec2(r.max_x, r.max_y))
}

/// The pointer gesture of this frame, read before egui's fonts are locked (response
/// queries lock the context too).
struct Gesture {
    pointer: Option<Pos2>,
    press_origin: Option<Pos2>,
    double_clicked: bool,
    drag_started: bool,
    dragged: bool,
    clicked: bool,
    drag_pos: Option<Pos2>,
}

impl Gesture {
    fn read(ui: &Ui, response: &egui::Response) -> Self {
        Gesture {
            pointer: response.hover_pos(),
            press_origin: ui.input(|i| i.pointer.press_origin()),
            double_clicked: response.double_clicked(),
            drag_started: response.drag_started(),
            dragged: response.dragged(),
            clicked: response.clicked(),
            drag_pos: response.interact_pointer_pos(),
        }
    }
}

/// What is under the pointer: the word (paragraph, offset inside it, its range), and the
/// glossary term and note there.
#[derive(Default)]
struct Hover {
    word: Option<(usize, usize, Range<usize>)>,
    term: Option<(usize, Match)>,
    note: Option<Note>,
}

/// What to paint this frame and where the note marks go in the margin.
#[derive(Default)]
struct Decorations {
    paints: Vec<Paint>,
    /// A mark's rectangle and the index of its note.
    margin_marks: Vec<(Rect, usize)>,
}

impl Decorations {
    fn fill(&mut self, rects: Vec<Rect>, color: Color32) {
        self.paints
            .extend(rects.into_iter().map(|r| Paint::Fill(r, color)));
    }
}

/// The document position at `p` (content coordinates), laying its paragraph out if needed.
fn doc_pos_at(
    flow: &mut Flow,
    p: Pos2,
    view: &DocumentView<'_>,
    measure: &mut EguiMeasure<'_, '_>,
) -> Option<DocPos> {
    let paragraph = flow.paragraph_at(p.y)?;
    flow.ensure(paragraph, view, measure);
    let top = flow.top(paragraph);
    let layout = flow.layout(paragraph)?;
    let y = (p.y - top).clamp(0.0, layout.height() - 0.01);
    let offset = layout.offset_at(view.text(paragraph), p.x, y, measure);
    Some(DocPos { paragraph, offset })
}

/// Paint what [`Reader::decorate`] collected, clipped to the view.
fn paint(ui: &Ui, screen_viewport: Rect, paints: Vec<Paint>) {
    let painter = ui.painter_at(screen_viewport);
    for paint in paints {
        match paint {
            Paint::Fill(rect, color) => {
                painter.rect_filled(rect, 3.0, color);
            }
            Paint::Text(pos, galley, color) => painter.galley(pos, galley, color),
            Paint::Underline(rect, color) => {
                painter.hline(rect.x_range(), rect.bottom(), Stroke::new(1.5, color));
            }
            Paint::Dotted(rect, color) => {
                let y = rect.bottom() - 1.0;
                painter.extend(Shape::dotted_line(
                    &[pos2(rect.left() + 1.0, y), pos2(rect.right() - 1.0, y)],
                    color,
                    4.0,
                    1.1,
                ));
            }
        }
    }
}

/// The notes' marks in the margin: labelled buttons that show the note on hover and open
/// it on a click.
fn margin_marks_ui(
    ui: &mut Ui,
    view: &DocumentView<'_>,
    marks: &[(Rect, usize)],
    events: &mut ReaderEvents,
) {
    let notes = &view.marks.notes.notes().notes;
    for (i, (mark, note)) in marks.iter().enumerate() {
        ui.painter()
            .rect_filled(*mark, 2.0, NOTE_COLOR.get(view.look.dark));
        let note = &notes[*note];
        let response = ui
            .interact(
                mark.expand(4.0),
                ui.scope_id().with(("note-mark", i)),
                Sense::click(),
            )
            .on_hover_cursor(CursorIcon::PointingHand)
            .on_hover_ui(|ui| note_card(ui, note));
        response.widget_info(|| {
            WidgetInfo::labeled(Role::Button, true, format!("Note: {}", note.text))
        });
        if response.clicked() {
            events.open_note = Some(note.id.clone());
        }
    }
}

/// The card for the note and the term under the pointer, if any.
fn hover_card(response: egui::Response, hover: &Hover, view: &DocumentView<'_>) -> egui::Response {
    if hover.term.is_none() && hover.note.is_none() {
        return response;
    }
    response.on_hover_ui_at_pointer(|ui| {
        if let Some(note) = &hover.note {
            note_card(ui, note);
        }
        if let Some((_, m)) = &hover.term {
            if hover.note.is_some() {
                ui.separator();
            }
            let entry = &view.marks.glossary.entries()[m.entry];
            entry_card(ui, entry, &m.how);
        }
    })
}

/// The reading view of one document.
#[derive(Default)]
pub struct Reader {
    flow: Flow,
    selection: Option<Selection>,
    /// Paragraph to bring to the top of the view on the next frame.
    scroll_to: Option<usize>,
    /// First paragraph in view at the last frame.
    first_visible: usize,
    visible: Range<usize>,
    /// Scrolling asked for by the keyboard, applied inside the scroll area.
    key_scroll: Option<KeyScroll>,
    /// The reading area's widget, which takes keyboard focus when clicked.
    widget_id: Option<Id>,
    /// Glossary entry of the marked term under the pointer at the last frame.
    hovered_entry: Option<usize>,
    /// A range to scroll into view on the next frame, then flash.
    reveal: Option<(usize, Range<usize>)>,
    /// Frames spent bringing the reveal into view: the paragraphs on the way are laid out
    /// as the view passes them, which moves the target, so it is checked again.
    reveal_tries: u8,
    /// The range being flashed and when the flash started.
    flash: Option<(usize, Range<usize>, f64)>,
    /// Id of the note under the pointer at the last frame.
    hovered_note: Option<String>,
    /// Heights of the draft fields as last drawn, by paragraph.
    draft_heights: HashMap<usize, f32>,
    /// No hover cards while a window (note, entry) is open by the text: they would cover it.
    hide_hover_cards: bool,
}

/// How long a revealed occurrence flashes, in seconds.
const FLASH_SECONDS: f64 = 1.6;

#[derive(Clone, Copy, Debug, PartialEq)]
enum KeyScroll {
    /// By this many lines (negative: up).
    Lines(f32),
    /// By this many screens (negative: up).
    Pages(f32),
}

impl Reader {
    /// Show or hide the cards of terms and notes under the pointer.
    pub fn show_hover_cards(&mut self, show: bool) {
        self.hide_hover_cards = !show;
    }

    /// Forget layouts and selection, for a newly opened document.
    pub fn reset(&mut self) {
        *self = Reader::default();
    }

    pub fn selection(&self) -> Option<Selection> {
        self.selection
    }

    pub fn first_visible_paragraph(&self) -> usize {
        self.first_visible
    }

    /// Paragraphs shown at the last frame.
    pub fn visible_paragraphs(&self) -> Range<usize> {
        self.visible.clone()
    }

    /// Glossary entry of the marked term under the pointer at the last frame.
    pub fn hovered_term(&self) -> Option<usize> {
        self.hovered_entry
    }

    /// The note under the pointer at the last frame.
    pub fn hovered_note(&self) -> Option<&str> {
        self.hovered_note.as_deref()
    }

    /// What a new note would be attached to (see [`Selection::note_range`]).
    pub fn note_range(&self, document: &Document) -> Option<(usize, Range<usize>)> {
        self.selection?.note_range(document)
    }

    /// Scroll `range` of paragraph `paragraph` into view and flash it.
    pub fn reveal(&mut self, paragraph: usize, range: Range<usize>) {
        self.reveal = Some((paragraph, range));
        self.reveal_tries = 0;
    }

    /// Bring paragraph `index` to the top of the view on the next frame.
    pub fn scroll_to_paragraph(&mut self, index: usize) {
        self.scroll_to = Some(index);
    }

    /// Keep the current reading position across a change of font or size.
    pub fn keep_position(&mut self) {
        self.scroll_to = Some(self.first_visible);
    }

    /// Select `range` of paragraph `paragraph`.
    pub fn select(&mut self, paragraph: usize, range: Range<usize>) {
        self.selection = Some(Selection::within(paragraph, range));
    }

    pub fn select_all(&mut self, document: &Document) {
        if let Some(all) = Selection::all(document) {
            self.selection = Some(all);
        }
    }

    /// The selected text in logical order, paragraphs separated by newlines.
    pub fn selected_text(&self, document: &Document) -> Option<String> {
        self.selection?.text(document)
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        document: &Document,
        look: &ReaderLook,
        marks: Marks<'_>,
    ) -> ReaderEvents {
        let mut events = ReaderEvents::default();
        self.handle_keys(ui, document, &mut events);

        let full_width = ui.available_width();
        let column = (full_width - 48.0).clamp(120.0, MEASURE_EMS * look.size);
        let column_x = ((full_width - column) / 2.0).max(0.0);
        // Taken out while the view borrows it; the draft fields put back what they measure.
        let draft_heights = std::mem::take(&mut self.draft_heights);
        let view = DocumentView {
            document,
            width: column,
            look,
            marks,
            draft_heights: &draft_heights,
        };
        self.flow.sync(
            style::layout_key(column, look.size, look.font, look.justify, look.translating),
            &view,
        );

        let mut area = ScrollArea::vertical().auto_shrink(false);
        if let Some(index) = self.scroll_to.take() {
            let index = index.min(self.flow.len());
            let offset = if index == 0 {
                0.0
            } else {
                self.flow.top(index) + PAD_Y
            };
            area = area.vertical_scroll_offset(offset);
        }
        let measured = area
            .show_viewport(ui, |ui, viewport| {
                self.viewport_ui(ui, viewport, &view, column_x, &mut events)
            })
            .inner;
        let regrown: Vec<(usize, f32)> = measured
            .into_iter()
            .filter(|(index, height)| {
                draft_heights
                    .get(index)
                    .is_none_or(|h| (h - height).abs() > 0.5)
            })
            .collect();
        if regrown.is_empty() {
            self.draft_heights = draft_heights;
        } else {
            let mut updated = draft_heights.clone();
            updated.extend(regrown.iter().copied());
            let view = DocumentView {
                draft_heights: &updated,
                ..view
            };
            for (index, _) in &regrown {
                self.flow.refresh_gap(*index, &view);
            }
            ui.ctx().request_repaint();
            self.draft_heights = updated;
        }
        events
    }

    fn handle_keys(&mut self, ui: &Ui, document: &Document, events: &mut ReaderEvents) {
        let focused = ui.ctx().memory(|m| m.focused());
        if focused.is_some() && focused != self.widget_id {
            return; // another widget (a text field, a button) has the keyboard
        }
        let (select_all, copy, add_term, add_note) = ui.input(|i| {
            let command_key = |key: Key| {
                i.events.iter().any(|e| {
                    matches!(e, Event::Key { key: k, pressed: true, modifiers, .. } if *k == key && modifiers.command)
                })
            };
            let copy = command_key(Key::C) || i.events.iter().any(|e| matches!(e, Event::Copy));
            (command_key(Key::A), copy, command_key(Key::G), command_key(Key::N))
        });
        if add_note {
            events.add_note = self.note_range(document);
            events.note_needs_selection = events.add_note.is_none();
        }
        if add_term {
            events.add_to_glossary = self.selected_text(document);
        }
        if select_all {
            self.select_all(document);
        }
        if copy && let Some(text) = self.selected_text(document) {
            ui.ctx().copy_text(text);
        }
        self.key_scroll = ui.input(|i| {
            let plain = !i.modifiers.command && !i.modifiers.alt;
            if !plain {
                None
            } else if i.key_pressed(Key::ArrowDown) {
                Some(KeyScroll::Lines(3.0))
            } else if i.key_pressed(Key::ArrowUp) {
                Some(KeyScroll::Lines(-3.0))
            } else if i.key_pressed(Key::PageDown)
                || (i.key_pressed(Key::Space) && !i.modifiers.shift)
            {
                Some(KeyScroll::Pages(0.9))
            } else if i.key_pressed(Key::PageUp) || (i.key_pressed(Key::Space) && i.modifiers.shift)
            {
                Some(KeyScroll::Pages(-0.9))
            } else {
                None
            }
        });
        let (home, end) = ui.input(|i| (i.key_pressed(Key::Home), i.key_pressed(Key::End)));
        if home {
            self.scroll_to = Some(0);
        } else if end {
            self.scroll_to = Some(usize::MAX);
        }
    }

    /// Paint the paragraphs in view and handle the pointer over them, in steps: read the
    /// gesture, then with egui's fonts locked lay out what is in view, move the selection,
    /// find what is under the pointer, bring a revealed range into view and collect the
    /// decorations; then paint them, the margin marks, the hover card and context menu,
    /// the paragraphs for screen readers, the draft fields, and scroll. Returns the heights
    /// of the draft fields drawn.
    fn viewport_ui(
        &mut self,
        ui: &mut Ui,
        viewport: Rect,
        view: &DocumentView<'_>,
        column_x: f32,
        events: &mut ReaderEvents,
    ) -> Vec<(usize, f32)> {
        let origin = ui.max_rect().min;
        ui.set_min_height(self.flow.total_height() + 2.0 * PAD_Y);
        let place = Placement {
            origin,
            column_x,
            screen_viewport: viewport.translate(origin.to_vec2()),
        };
        let response = ui.interact(
            place.screen_viewport,
            ui.scope_id().with("reader"),
            Sense::click_and_drag(),
        );
        let gesture = Gesture::read(ui, &response);
        let now = ui.input(|i| i.time);

        let (scroll_shift, had_selection, hover, reveal_rect, decorations) =
            ui.ctx().fonts_mut(|fonts| {
                let mut measure = EguiMeasure {
                    fonts,
                    font: view.look.font,
                };
                let (range, shift) = self.flow.ensure_visible(
                    viewport.min.y - PAD_Y,
                    viewport.height(),
                    view,
                    &mut measure,
                );
                self.first_visible = range.start;
                self.visible = range.clone();
                let had_selection = self.update_selection(&gesture, place, view, &mut measure);
                let hover = self.hover(&gesture, place, view, &mut measure);
                let reveal_rect = self.reveal_step(place, view, now, &mut measure);
                let decorations = self.decorate(range, place, view, &hover, now, &mut measure);
                (shift, had_selection, hover, reveal_rect, decorations)
            });
        if hover.word.is_some() {
            ui.ctx().set_cursor_icon(CursorIcon::Text);
        }
        paint(ui, place.screen_viewport, decorations.paints);
        margin_marks_ui(ui, view, &decorations.margin_marks, events);
        if let Some((_, _, started)) = &self.flash {
            if now - started < FLASH_SECONDS {
                ui.ctx().request_repaint();
            } else {
                self.flash = None;
            }
        }
        if let Some(rect) = reveal_rect {
            // A jump, not an animation: layout corrections on the way would stop one short.
            ui.scroll_to_rect_animation(rect, Some(Align::Center), ScrollAnimation::none());
            if self.reveal.is_some() {
                ui.ctx().request_repaint();
            }
        }
        self.hovered_entry = hover.term.as_ref().map(|(_, m)| m.entry);
        self.hovered_note = hover.note.as_ref().map(|n| n.id.clone());
        // A note is the reader's own word on the text: it wins a click over a term. A click
        // that only clears a selection opens neither.
        if gesture.clicked && !had_selection {
            if let Some(note) = &hover.note {
                events.open_note = Some(note.id.clone());
            } else if let Some((_, m)) = &hover.term {
                events.open_entry = Some(m.entry);
            }
        }
        let response = if gesture.dragged || self.hide_hover_cards {
            response
        } else {
            hover_card(response, &hover, view)
        };
        self.context_menu(&response, view.document, events);
        self.expose_paragraphs(ui, view, origin, column_x);
        let drafts = if view.look.translating {
            self.draft_fields(ui, view, origin, column_x, events)
        } else {
            Vec::new()
        };
        self.scroll(ui, view, viewport, place, &gesture, scroll_shift);
        drafts
    }

    /// Move the selection as the gesture says: a double click selects a word, a drag
    /// selects from where it started, a click clears. Returns whether a selection was
    /// cleared (that click opens nothing).
    fn update_selection(
        &mut self,
        gesture: &Gesture,
        place: Placement,
        view: &DocumentView<'_>,
        measure: &mut EguiMeasure<'_, '_>,
    ) -> bool {
        let mut pos_at =
            |flow: &mut Flow, p: Pos2| doc_pos_at(flow, place.to_content(p), view, measure);
        if gesture.double_clicked {
            if let Some(pos) = gesture.pointer.and_then(|p| pos_at(&mut self.flow, p)) {
                let word = word_at(view.text(pos.paragraph), pos.offset);
                self.selection = Some(Selection::within(pos.paragraph, word));
            }
        } else if gesture.drag_started {
            let start = gesture.press_origin.or(gesture.pointer);
            if let Some(pos) = start.and_then(|p| pos_at(&mut self.flow, p)) {
                self.selection = Some(Selection::at(pos));
            }
        } else if gesture.dragged {
            if let (Some(selection), Some(p)) = (self.selection.as_mut(), gesture.drag_pos)
                && let Some(pos) = pos_at(&mut self.flow, p)
            {
                selection.head = pos;
            }
        } else if gesture.clicked {
            let had_selection = self.selection.is_some_and(|s| !s.is_empty());
            self.selection = None;
            return had_selection;
        }
        false
    }

    /// The word, term and note under the pointer, when not selecting.
    fn hover(
        &mut self,
        gesture: &Gesture,
        place: Placement,
        view: &DocumentView<'_>,
        measure: &mut EguiMeasure<'_, '_>,
    ) -> Hover {
        let word = gesture.pointer.filter(|_| !gesture.dragged).and_then(|p| {
            let c = place.to_content(p);
            let index = self.flow.paragraph_at(c.y)?;
            let top = self.flow.top(index);
            let layout = self.flow.layout(index)?;
            let text = view.text(index);
            let piece = layout.piece_at(c.x, c.y - top)?;
            let offset = layout.offset_at(text, c.x, c.y - top, measure);
            // The caret nearest the pointer may sit on the word's edge: look inside.
            let inside = offset.clamp(piece.range.start, piece.range.end.saturating_sub(1));
            let word = word_at(text, inside);
            (!word.is_empty()).then_some((index, inside, word))
        });
        let term = word.as_ref().and_then(|(index, offset, _)| {
            Some((*index, view.marks.terms.at(*index, *offset)?.clone()))
        });
        let note = word
            .as_ref()
            .and_then(|(index, offset, _)| view.marks.notes.note_at(*index, *offset).cloned());
        Hover { word, term, note }
    }

    /// Where the range being revealed is on screen, to scroll to; flashes it the first
    /// time and tries again (up to 8 frames) while it is not in view yet.
    fn reveal_step(
        &mut self,
        place: Placement,
        view: &DocumentView<'_>,
        now: f64,
        measure: &mut EguiMeasure<'_, '_>,
    ) -> Option<Rect> {
        let (paragraph, range) = self.reveal.take()?;
        if paragraph >= self.flow.len() {
            return None;
        }
        self.flow.ensure(paragraph, view, measure);
        let base = place.paragraph_origin(self.flow.top(paragraph));
        let rect = self.flow.layout(paragraph).map(|layout| {
            let rects = layout.range_rects(view.text(paragraph), range.clone(), measure);
            rects.first().map_or_else(
                || Rect::from_min_size(base, vec2(layout.max_width, layout.line_height)),
                |r| to_screen(base, *r),
            )
        });
        let in_view = rect.is_some_and(|r| place.screen_viewport.contains_rect(r));
        if self.reveal_tries == 0 {
            self.flash = Some((paragraph, range.clone(), now));
        }
        if !in_view && self.reveal_tries < 8 {
            self.reveal_tries += 1;
            self.reveal = Some((paragraph, range));
        }
        rect
    }

    /// Everything to paint for the paragraphs `range`, back to front: selection, terms,
    /// notes (and their margin marks), find hits, the flash, the hovered word, the text.
    fn decorate(
        &mut self,
        range: Range<usize>,
        place: Placement,
        view: &DocumentView<'_>,
        hover: &Hover,
        now: f64,
        measure: &mut EguiMeasure<'_, '_>,
    ) -> Decorations {
        let look = view.look;
        let mut out = Decorations::default();
        for index in range {
            let base = place.paragraph_origin(self.flow.top(index));
            let Some(layout) = self.flow.layout(index) else {
                continue;
            };
            let text = view.text(index);
            let inset = (layout.line_height - layout.text_height) / 2.0;
            let mut rects = |range: Range<usize>| -> Vec<Rect> {
                layout
                    .range_rects(text, range, measure)
                    .into_iter()
                    .map(|r| to_screen(base, r))
                    .collect()
            };
            if let Some(range) = self.selection.and_then(|s| s.range_in(index, text.len())) {
                out.fill(rects(range), look.selection);
            }
            for m in view
                .marks
                .terms
                .by_paragraph
                .get(index)
                .into_iter()
                .flatten()
            {
                let color = kind_color(view.marks.glossary.entries()[m.entry].kind, look.dark);
                for rect in rects(m.range.clone()) {
                    let rect = rect.shrink2(vec2(0.0, inset * 0.6));
                    out.paints
                        .push(Paint::Fill(rect, color.gamma_multiply(0.16)));
                    out.paints.push(Paint::Underline(rect, color));
                }
            }
            let note_color = NOTE_COLOR.get(look.dark);
            for (range, note) in view.marks.notes.notes_in(index) {
                let noted = rects(range.clone());
                if let Some(first) = noted.first() {
                    // In the margin on the side the paragraph starts from.
                    let x = if layout.direction == Direction::Rtl {
                        base.x + view.width + 10.0
                    } else {
                        base.x - 16.0
                    };
                    let mark =
                        Rect::from_min_size(pos2(x, first.center().y - 7.0), vec2(6.0, 14.0));
                    out.margin_marks.push((mark, *note));
                }
                out.paints
                    .extend(noted.into_iter().map(|r| Paint::Dotted(r, note_color)));
            }
            if let Some(search) = view.marks.search {
                for hit in search.by_paragraph.get(index).into_iter().flatten() {
                    let current = search.current.as_ref() == Some(&(index, hit.clone()));
                    let strength = if current { 1.0 } else { 0.45 };
                    out.fill(rects(hit.clone()), look.flash.gamma_multiply(strength));
                }
            }
            if let Some((_, range, started)) = self.flash.clone().filter(|(p, _, _)| *p == index) {
                let fade = 1.0 - ((now - started) / FLASH_SECONDS).clamp(0.0, 1.0) as f32;
                let expanded = rects(range).into_iter().map(|r| r.expand(2.0)).collect();
                out.fill(expanded, look.flash.gamma_multiply(fade));
            }
            if let Some((_, _, word)) = hover.word.clone().filter(|(i, _, _)| *i == index) {
                let shrunk = rects(word)
                    .into_iter()
                    .map(|r| r.expand2(vec2(1.0, -2.0)))
                    .collect();
                out.fill(shrunk, look.hover);
            }
            let color = match view.document.paragraphs[index].kind {
                ParagraphKind::Body | ParagraphKind::Heading(_) => look.text,
                ParagraphKind::Byline => look.muted,
            };
            for line in &layout.lines {
                let line_y = base.y + line.top;
                if line_y > place.screen_viewport.max.y
                    || line_y + layout.line_height < place.screen_viewport.min.y
                {
                    continue;
                }
                for piece in line.pieces.iter().filter(|p| p.kind == SegmentKind::Word) {
                    let galley = measure.galley(piece.shaping_text(text), layout.style);
                    let at = pos2(base.x + piece.x, line_y + inset);
                    out.paints.push(Paint::Text(at, galley, color));
                }
            }
        }
        out
    }

    /// The right-click menu: copy, add a note, add to the glossary, add as an alias.
    fn context_menu(
        &self,
        response: &egui::Response,
        document: &Document,
        events: &mut ReaderEvents,
    ) {
        response.context_menu(|ui| {
            // Built only while the menu is open: a whole-document selection is large.
            let selected = self.selected_text(document);
            let has_selection = selected.is_some();
            let item = |ui: &mut Ui, label: &str, shortcut: &str| {
                ui.add_enabled(
                    has_selection,
                    egui::Button::new(label).shortcut_text(shortcut),
                )
                .clicked()
            };
            if item(ui, "Copy", "Ctrl+C") {
                if let Some(text) = &selected {
                    ui.ctx().copy_text(text.clone());
                }
                ui.close();
            }
            ui.separator();
            if item(ui, "Add note…", "Ctrl+N") {
                events.add_note = self.note_range(document);
                ui.close();
            }
            if item(ui, "Add to glossary…", "Ctrl+G") {
                events.add_to_glossary = selected.clone();
                ui.close();
            }
            if item(ui, "Add as alias to an entry…", "") {
                events.add_alias = selected.clone();
                ui.close();
            }
        });
    }

    /// Scroll: to keep the view still when paragraphs above it were laid out (`shift`), by
    /// the keys pressed, and when a selection is dragged past the top or bottom edge.
    fn scroll(
        &mut self,
        ui: &mut Ui,
        view: &DocumentView<'_>,
        viewport: Rect,
        place: Placement,
        gesture: &Gesture,
        shift: f32,
    ) {
        if shift != 0.0 {
            ui.scroll_with_delta_animation(vec2(0.0, -shift), ScrollAnimation::none());
        }
        if let Some(scroll) = self.key_scroll.take() {
            let line = view.look.size * 1.8;
            let distance = match scroll {
                KeyScroll::Lines(n) => n * line,
                KeyScroll::Pages(n) => n * viewport.height(),
            };
            ui.scroll_with_delta(vec2(0.0, -distance));
        }
        if gesture.dragged
            && let Some(p) = gesture.drag_pos
        {
            let above = place.screen_viewport.min.y - p.y;
            let below = p.y - place.screen_viewport.max.y;
            let speed = if above > 0.0 {
                above
            } else if below > 0.0 {
                -below
            } else {
                0.0
            };
            if speed != 0.0 {
                ui.scroll_with_delta_animation(
                    vec2(0.0, speed.clamp(-40.0, 40.0)),
                    ScrollAnimation::none(),
                );
                ui.ctx().request_repaint();
            }
        }
    }

    /// An editable, left-to-right draft translation field under each paragraph in view.
    /// Returns the height each took.
    fn draft_fields(
        &mut self,
        ui: &mut Ui,
        view: &DocumentView<'_>,
        origin: Pos2,
        column_x: f32,
        events: &mut ReaderEvents,
    ) -> Vec<(usize, f32)> {
        let mut heights = Vec::new();
        for index in self.visible.clone() {
            let Some(height) = self.flow.layout(index).map(|l| l.height()) else {
                continue;
            };
            let top = self.flow.top(index) + height + DRAFT_SPACING;
            let rect = Rect::from_min_size(
                origin + vec2(column_x, PAD_Y + top),
                vec2(view.width, view.draft_height(index)),
            );
            let mut text = view.marks.notes.draft(index).to_owned();
            let id = ui.scope_id().with(("draft", index));
            let field = ui.scope_builder(UiBuilder::new().max_rect(rect), |ui| {
                let edit = ui.add(
                    TextEdit::multiline(&mut text)
                        .id(id)
                        .hint_text(format!("Translation of ¶ {}…", index + 1))
                        .font(FontId::proportional(DRAFT_FONT_SIZE))
                        .desired_width(view.width)
                        .desired_rows(1),
                );
                // A right-to-left target language: egui's field cannot order it, so the
                // draft is also shown as it reads.
                if has_rtl(&text) {
                    multiline_label(ui, &text, DRAFT_FONT_SIZE, view.look.muted);
                }
                edit.changed()
            });
            if field.inner {
                events.draft_edits.push((index, text));
            }
            heights.push((index, field.response.rect.height()));
        }
        heights
    }

    /// Give screen readers (and UI tests) one labelled node per visible paragraph.
    ///
    /// Articles expose every paragraph; long documents the ones around the view (a node
    /// per paragraph per frame would cost more than the text itself).
    fn expose_paragraphs(
        &mut self,
        ui: &mut Ui,
        view: &DocumentView<'_>,
        origin: Pos2,
        column_x: f32,
    ) {
        const EXPOSE_ALL_UP_TO: usize = 500;
        const AROUND_VIEW: usize = 50;
        let count = self.flow.len();
        let range = if count <= EXPOSE_ALL_UP_TO {
            0..count
        } else {
            self.visible.start.saturating_sub(AROUND_VIEW)
                ..(self.visible.end + AROUND_VIEW).min(count)
        };
        for index in range {
            let top = self.flow.top(index);
            // Paragraphs not laid out yet have their estimated height (gap included).
            let height = match self.flow.layout(index) {
                Some(layout) => layout.height(),
                None => self.flow.top(index + 1) - top,
            };
            let rect = Rect::from_min_size(
                origin + vec2(column_x, PAD_Y + top),
                Vec2::new(view.width, height),
            );
            let response = ui.interact(
                rect,
                ui.scope_id().with(("paragraph", index)),
                Sense::hover(),
            );
            let text = view.text(index);
            response.widget_info(|| WidgetInfo::labeled(Role::Label, true, text));
        }
    }
}
