//! Find in the article (Ctrl+F): Arabic-aware (hamza, tashkeel and tatweel ignored, Latin
//! case-insensitive), every hit highlighted, Enter / Shift+Enter to step, Esc to close.

use std::ops::Range;

use egui::{Key, TextEdit, Ui};

use crate::arabic;
use crate::document::Document;

/// The hits to paint in the reader.
pub struct SearchHighlights<'a> {
    pub by_paragraph: &'a [Vec<Range<usize>>],
    /// The hit stepped to last.
    pub current: Option<(usize, Range<usize>)>,
}

#[derive(Default)]
pub struct SearchBar {
    pub open: bool,
    query: String,
    /// The query the hits were computed for.
    searched: String,
    by_paragraph: Vec<Vec<Range<usize>>>,
    /// Every hit in reading order.
    all: Vec<(usize, Range<usize>)>,
    current: Option<usize>,
    focus: bool,
}

impl SearchBar {
    /// Show the bar and put the keyboard in its field.
    pub fn show(&mut self) {
        self.open = true;
        self.focus = true;
    }

    /// Forget the hits (the document changed).
    pub fn reset(&mut self) {
        self.searched.clear();
        self.by_paragraph.clear();
        self.all.clear();
        self.current = None;
    }

    pub fn highlights(&self) -> Option<SearchHighlights<'_>> {
        (self.open && !self.all.is_empty()).then(|| SearchHighlights {
            by_paragraph: &self.by_paragraph,
            current: self.current.map(|i| self.all[i].clone()),
        })
    }

    /// Number of hits and the 1-based index of the current one.
    pub fn position(&self) -> (usize, Option<usize>) {
        (self.all.len(), self.current.map(|i| i + 1))
    }

    fn search(&mut self, document: &Document) {
        self.by_paragraph = document
            .paragraphs
            .iter()
            .map(|p| arabic::find_all(&p.text, &self.query))
            .collect();
        self.all = self
            .by_paragraph
            .iter()
            .enumerate()
            .flat_map(|(p, hits)| hits.iter().map(move |r| (p, r.clone())))
            .collect();
        self.searched = self.query.clone();
        self.current = None;
    }

    /// Step to the next (or previous) hit, wrapping around.
    fn step(&mut self, forward: bool) -> Option<(usize, Range<usize>)> {
        let n = self.all.len();
        if n == 0 {
            return None;
        }
        let next = match (self.current, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.current = Some(next);
        Some(self.all[next].clone())
    }

    /// The bar; returns a hit to scroll to.
    pub fn ui(&mut self, ui: &mut Ui, document: &Document) -> Option<(usize, Range<usize>)> {
        let mut reveal = None;
        ui.horizontal(|ui| {
            let label = ui.label("Find:").id;
            let response = ui
                .add(TextEdit::singleline(&mut self.query).desired_width(260.0))
                .labelled_by(label);
            if std::mem::take(&mut self.focus) {
                response.request_focus();
            }
            if self.query != self.searched {
                self.search(document);
                // Jump to the first hit as the user types.
                reveal = self.step(true);
            }
            let (enter, shift, escape) = ui.input(|i| {
                (
                    i.key_pressed(Key::Enter),
                    i.modifiers.shift,
                    i.key_pressed(Key::Escape),
                )
            });
            if response.lost_focus() && enter {
                reveal = self.step(!shift);
                response.request_focus();
            }
            let (count, current) = self.position();
            let status = match (count, current) {
                (0, _) if self.query.trim().is_empty() => String::new(),
                (0, _) => "no matches".to_string(),
                (n, Some(i)) => format!("{i} of {n}"),
                (n, None) => format!("{n} matches"),
            };
            ui.label(status);
            if ui
                .add_enabled(count > 0, egui::Button::new("▲"))
                .on_hover_text("Previous (Shift+Enter)")
                .clicked()
            {
                reveal = self.step(false);
            }
            if ui
                .add_enabled(count > 0, egui::Button::new("▼"))
                .on_hover_text("Next (Enter)")
                .clicked()
            {
                reveal = self.step(true);
            }
            if ui.button("×").on_hover_text("Close (Esc)").clicked() || escape {
                self.open = false;
            }
        });
        reveal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_wrap_around_in_reading_order() {
        let mut bar = SearchBar {
            query: "انفيديا".into(),
            ..SearchBar::default()
        };
        bar.search(&Document::bundled());
        let (n, _) = bar.position();
        assert_eq!(n, 2, "إنفيديا appears twice in the article");
        let first = bar.step(true).unwrap();
        let second = bar.step(true).unwrap();
        assert!(first.0 < second.0);
        assert_eq!(bar.step(true).unwrap(), first, "wraps to the first");
        assert_eq!(bar.step(false).unwrap(), second, "and back");
        assert_eq!(bar.position(), (2, Some(2)));
    }
}
