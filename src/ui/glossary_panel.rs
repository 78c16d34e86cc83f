//! The glossary side panel: the entries found in the article, all entries with search,
//! and one entry at a time with its names, gloss, related entries and occurrences.

use std::ops::Range;

use egui::{Color32, RichText, ScrollArea, Sense, Ui};

use super::bidi_label::bidi_label;
use crate::document::Document;
use crate::glossary::{DocumentTerms, Entry, Glossary, Kind, MatchHow};

/// The colour that marks terms of a kind in the text and in the panel.
pub fn kind_color(kind: Kind, dark: bool) -> Color32 {
    let (light, dark_variant) = match kind {
        Kind::Person => ((0x1f, 0x5f, 0xbf), (0x6f, 0xa8, 0xff)),
        Kind::Organisation => ((0x1b, 0x7f, 0x3b), (0x5f, 0xd0, 0x80)),
        Kind::Product => ((0xc0, 0x5a, 0x00), (0xff, 0xa8, 0x4a)),
        Kind::Event => ((0x7b, 0x3f, 0xb5), (0xc0, 0x90, 0xff)),
        Kind::Concept => ((0x00, 0x7c, 0x84), (0x4f, 0xd2, 0xd8)),
        Kind::Place => ((0x8a, 0x5a, 0x2b), (0xd9, 0xa8, 0x70)),
        Kind::Idiom => ((0xb0, 0x2e, 0x7a), (0xff, 0x80, 0xc8)),
    };
    let (r, g, b) = if dark { dark_variant } else { light };
    Color32::from_rgb(r, g, b)
}

/// The hover card of a marked term: who or what it is, and how the text spelled it.
pub fn entry_card(ui: &mut Ui, entry: &Entry, how: &MatchHow) {
    ui.set_max_width(340.0);
    ui.horizontal(|ui| {
        ui.strong(RichText::new(&entry.name).size(16.0));
        if let Some(original) = &entry.original {
            ui.label(RichText::new(original).size(16.0));
        }
    });
    ui.label(
        RichText::new(entry.kind.label()).color(kind_color(entry.kind, ui.visuals().dark_mode)),
    );
    if !entry.gloss.is_empty() {
        // Glosses quote Arabic spellings: egui's Label would scramble them.
        bidi_label(
            ui,
            &entry.gloss,
            14.0,
            ui.visuals().text_color(),
            Sense::hover(),
        );
    }
    ui.horizontal(|ui| {
        ui.weak("Matched:");
        bidi_label(
            ui,
            &how.describe(),
            14.0,
            ui.visuals().weak_text_color(),
            Sense::hover(),
        );
    });
    ui.weak("Click to open it in the glossary (F2)");
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Tab {
    #[default]
    InArticle,
    All,
}

/// What the panel asks the application to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PanelAction {
    /// Scroll the reader to this range of a paragraph and flash it.
    Reveal {
        paragraph: usize,
        range: Range<usize>,
    },
    NewEntry,
    Edit(String),
    Delete(String),
    Import,
    Export,
}

/// The glossary panel's state: which list or entry is shown, and the navigation history.
#[derive(Default)]
pub struct GlossaryPanel {
    tab: Tab,
    search: String,
    /// Id of the entry shown, if any.
    current: Option<String>,
    back: Vec<Option<String>>,
    forward: Vec<Option<String>>,
    /// Index of the occurrence last revealed with previous/next.
    occurrence: Option<usize>,
}

impl GlossaryPanel {
    /// Show entry `id`, remembering where we were for Back.
    pub fn open(&mut self, id: &str) {
        if self.current.as_deref() == Some(id) {
            return;
        }
        self.back.push(self.current.take());
        self.forward.clear();
        self.current = Some(id.to_string());
        self.occurrence = None;
    }

    pub fn current(&self) -> Option<&str> {
        self.current.as_deref()
    }

    fn go_back(&mut self) {
        if let Some(previous) = self.back.pop() {
            self.forward.push(self.current.take());
            self.current = previous;
            self.occurrence = None;
        }
    }

    fn go_forward(&mut self) {
        if let Some(next) = self.forward.pop() {
            self.back.push(self.current.take());
            self.current = next;
            self.occurrence = None;
        }
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        glossary: &Glossary,
        terms: &DocumentTerms,
        document: &Document,
    ) -> Option<PanelAction> {
        let mut action = None;
        ui.horizontal(|ui| {
            ui.heading("Glossary");
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.menu_button("⋯", |ui| {
                    if ui.button("Import TSV, CSV or TBX…").clicked() {
                        action = Some(PanelAction::Import);
                    }
                    if ui.button("Export…").clicked() {
                        action = Some(PanelAction::Export);
                    }
                })
                .response
                .on_hover_text("Import or export the glossary");
                if ui
                    .button("+ New")
                    .on_hover_text("New entry (Ctrl+G adds the selection)")
                    .clicked()
                {
                    action = Some(PanelAction::NewEntry);
                }
                if ui
                    .add_enabled(!self.forward.is_empty(), egui::Button::new("→"))
                    .on_hover_text("Forward")
                    .clicked()
                {
                    self.go_forward();
                }
                if ui
                    .add_enabled(!self.back.is_empty(), egui::Button::new("←"))
                    .on_hover_text("Back")
                    .clicked()
                {
                    self.go_back();
                }
            });
        });
        ui.separator();
        let current = self.current.clone().and_then(|id| glossary.index_of(&id));
        match current {
            Some(index) => action = action.or(self.entry_ui(ui, glossary, index, terms, document)),
            None => {
                self.current = None;
                self.list_ui(ui, glossary, terms);
            }
        }
        action
    }

    fn list_ui(&mut self, ui: &mut Ui, glossary: &Glossary, terms: &DocumentTerms) {
        ui.horizontal(|ui| {
            let in_article = format!("In this article ({})", terms.found.len());
            ui.selectable_value(&mut self.tab, Tab::InArticle, in_article);
            let all = format!("All entries ({})", glossary.entries().len());
            ui.selectable_value(&mut self.tab, Tab::All, all);
        });
        ui.add(
            egui::TextEdit::singleline(&mut self.search)
                .hint_text("Search any spelling…")
                .desired_width(f32::INFINITY),
        );
        let matching = glossary.search(&self.search);
        let rows: Vec<(usize, Option<usize>)> = match self.tab {
            Tab::InArticle => terms
                .found
                .iter()
                .filter(|f| matching.contains(&f.entry))
                .map(|f| (f.entry, Some(f.count)))
                .collect(),
            Tab::All => matching.into_iter().map(|i| (i, None)).collect(),
        };
        if rows.is_empty() {
            ui.weak(match self.tab {
                Tab::InArticle => "No glossary entry appears in this article.",
                Tab::All => "No entry has that spelling.",
            });
        }
        let dark = ui.visuals().dark_mode;
        let mut open = None;
        ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
            for (index, count) in rows {
                let entry = &glossary.entries()[index];
                let label = match count {
                    Some(n) => format!("{}  ×{n}", entry.name),
                    None => entry.name.clone(),
                };
                ui.horizontal(|ui| {
                    ui.label(RichText::new("●").color(kind_color(entry.kind, dark)));
                    // Long names are cut with "…" rather than widening the panel.
                    if ui
                        .add(egui::Button::selectable(false, label).truncate())
                        .on_hover_text(&entry.name)
                        .clicked()
                    {
                        open = Some(entry.id.clone());
                    }
                });
                if let Some(alias) = entry.arabic.first() {
                    ui.indent(("alias", index), |ui| {
                        bidi_label(
                            ui,
                            alias,
                            15.0,
                            ui.visuals().weak_text_color(),
                            Sense::hover(),
                        );
                    });
                }
            }
        });
        if let Some(id) = open {
            self.open(&id);
        }
    }

    fn entry_ui(
        &mut self,
        ui: &mut Ui,
        glossary: &Glossary,
        index: usize,
        terms: &DocumentTerms,
        document: &Document,
    ) -> Option<PanelAction> {
        let mut action = None;
        let entry = &glossary.entries()[index];
        let dark = ui.visuals().dark_mode;
        let strong = ui.visuals().strong_text_color();
        let occurrences: Vec<(usize, Range<usize>)> = terms
            .occurrences(index)
            .map(|(p, m)| (p, m.range.clone()))
            .collect();
        ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.heading(&entry.name);
                if let Some(original) = &entry.original {
                    ui.heading(original);
                }
            });
            ui.label(RichText::new(entry.kind.label()).color(kind_color(entry.kind, dark)));
            if !entry.arabic.is_empty() {
                ui.weak("Arabic spellings");
                bidi_label(ui, &entry.arabic.join("، "), 17.0, strong, Sense::hover());
            }
            if !entry.latin.is_empty() {
                ui.weak("Latin spellings");
                ui.label(entry.latin.join(", "));
            }
            if !entry.gloss.is_empty() {
                ui.add_space(4.0);
                bidi_label(
                    ui,
                    &entry.gloss,
                    15.0,
                    ui.visuals().text_color(),
                    Sense::hover(),
                );
            }
            if !entry.related.is_empty() {
                ui.add_space(4.0);
                ui.weak("Related");
                ui.horizontal_wrapped(|ui| {
                    for id in &entry.related {
                        let name = glossary.get(id).map_or(id.as_str(), |e| e.name.as_str());
                        if ui.link(name).clicked() {
                            self.open(id);
                        }
                    }
                });
            }
            if let Some(url) = entry.web_link() {
                ui.add_space(4.0);
                ui.hyperlink_to("Read more ↗", url).on_hover_text(url);
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui.button("Edit…").clicked() {
                    action = Some(PanelAction::Edit(entry.id.clone()));
                }
                if ui.button("Delete").clicked() {
                    action = Some(PanelAction::Delete(entry.id.clone()));
                }
            });
            ui.separator();
            ui.horizontal(|ui| {
                ui.strong(format!("In this article: {}", occurrences.len()));
                let step = |delta: isize, current: Option<usize>| {
                    let n = occurrences.len() as isize;
                    let next = match current {
                        None if delta > 0 => 0,
                        None => n - 1,
                        Some(i) => (i as isize + delta).rem_euclid(n),
                    };
                    next as usize
                };
                let any = !occurrences.is_empty();
                if ui
                    .add_enabled(any, egui::Button::new("▲ Previous"))
                    .clicked()
                {
                    self.occurrence = Some(step(-1, self.occurrence));
                    action = self.reveal(&occurrences);
                }
                if ui.add_enabled(any, egui::Button::new("▼ Next")).clicked() {
                    self.occurrence = Some(step(1, self.occurrence));
                    action = self.reveal(&occurrences);
                }
            });
            for (n, (paragraph, range)) in occurrences.iter().enumerate() {
                let text = &document.paragraphs[*paragraph].text;
                let snippet = snippet(text, range.clone());
                let selected = self.occurrence == Some(n);
                let frame = egui::Frame::new()
                    .inner_margin(4.0)
                    .corner_radius(4.0)
                    .fill(if selected {
                        ui.visuals().selection.bg_fill
                    } else {
                        Color32::TRANSPARENT
                    });
                let response = frame
                    .show(ui, |ui| {
                        ui.weak(format!("¶{}", paragraph + 1));
                        bidi_label(ui, &snippet, 15.0, strong, Sense::click())
                    })
                    .inner;
                if response
                    .on_hover_cursor(egui::CursorIcon::PointingHand)
                    .clicked()
                {
                    self.occurrence = Some(n);
                    action = Some(PanelAction::Reveal {
                        paragraph: *paragraph,
                        range: range.clone(),
                    });
                }
            }
        });
        action
    }

    fn reveal(&self, occurrences: &[(usize, Range<usize>)]) -> Option<PanelAction> {
        let (paragraph, range) = occurrences.get(self.occurrence?)?;
        Some(PanelAction::Reveal {
            paragraph: *paragraph,
            range: range.clone(),
        })
    }
}

/// About 40 characters of context on each side of `range`, cut at word boundaries.
pub fn snippet(text: &str, range: Range<usize>) -> String {
    const CONTEXT: usize = 40;
    let before: Vec<(usize, char)> = text[..range.start].char_indices().collect();
    let mut start = before.len().checked_sub(CONTEXT).map_or(0, |i| before[i].0);
    if start > 0 {
        start = text[start..range.start]
            .find(' ')
            .map_or(start, |s| start + s + 1);
    }
    let mut end = text[range.end..]
        .char_indices()
        .nth(CONTEXT)
        .map_or(text.len(), |(i, _)| range.end + i);
    if end < text.len() {
        end = text[range.end..end]
            .rfind(' ')
            .map_or(end, |e| range.end + e);
    }
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(&text[start..end]);
    if end < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_cut_at_spaces_with_ellipses() {
        let text = "كلمة ".repeat(30) + "إنفيديا" + &" نص".repeat(30);
        let start = text.find("إنفيديا").unwrap();
        let s = snippet(&text, start..start + "إنفيديا".len());
        assert!(s.starts_with("…كلمة") && s.ends_with("نص…"), "{s}");
        assert!(s.contains("إنفيديا"));
        assert_eq!(snippet("قصير", 0..4), "قصير");
    }

    #[test]
    fn history_goes_back_and_forward() {
        let mut panel = GlossaryPanel::default();
        panel.open("nvidia");
        panel.open("cuda");
        panel.go_back();
        assert_eq!(panel.current(), Some("nvidia"));
        panel.go_back();
        assert_eq!(panel.current(), None);
        panel.go_forward();
        panel.go_forward();
        assert_eq!(panel.current(), Some("cuda"));
    }
}
