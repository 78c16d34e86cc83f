//! Windows for changing the glossary: the entry editor (new entry from a selection, or
//! editing one) and the picker that adds the selection as an alias to an entry.

use egui::{Context, Sense, TextEdit};

use super::bidi_label::bidi_label;
use crate::arabic::has_arabic;
use crate::document::collapse_whitespace;
use crate::glossary::{Entry, Glossary, Kind, slug};

/// The entry as typed: aliases one per line, related ids separated by commas.
#[derive(Clone, Debug, Default, PartialEq)]
struct Draft {
    id: String,
    kind: Option<Kind>,
    name: String,
    original: String,
    arabic: String,
    latin: String,
    gloss: String,
    related: String,
    url: String,
    no_strip: bool,
}

fn wide_text(edit: TextEdit<'_>) -> TextEdit<'_> {
    edit.desired_width(f32::INFINITY)
}

/// What the editor window decided this frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditorOutcome {
    Save(Entry),
    Cancel,
}

pub struct EntryEditor {
    draft: Draft,
    /// Editing an existing entry (its id is fixed) rather than creating one.
    existing: bool,
    error: Option<String>,
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

impl EntryEditor {
    /// A new entry with the selected text as its first alias.
    pub fn from_selection(selection: &str) -> Self {
        let selection = collapse_whitespace(selection);
        let mut draft = Draft::default();
        if has_arabic(&selection) {
            draft.arabic = selection;
        } else {
            draft.name = selection;
        }
        EntryEditor {
            draft,
            existing: false,
            error: None,
        }
    }

    pub fn edit(entry: &Entry) -> Self {
        EntryEditor {
            draft: Draft {
                id: entry.id.clone(),
                kind: Some(entry.kind),
                name: entry.name.clone(),
                original: entry.original.clone().unwrap_or_default(),
                arabic: entry.arabic.join("\n"),
                latin: entry.latin.join("\n"),
                gloss: entry.gloss.clone(),
                related: entry.related.join(", "),
                url: entry.url.clone().unwrap_or_default(),
                no_strip: entry.no_strip,
            },
            existing: true,
            error: None,
        }
    }

    /// The entry the draft describes, or why it cannot be saved.
    fn entry(&self, glossary: &Glossary) -> Result<Entry, String> {
        let d = &self.draft;
        let name = d.name.trim().to_string();
        if name.is_empty() {
            return Err("Give the entry a name (in English).".into());
        }
        let kind = d.kind.ok_or("Choose what kind of thing it is.")?;
        let id = if self.existing || !d.id.trim().is_empty() {
            d.id.trim().to_string()
        } else {
            slug(&name)
        };
        if id.is_empty() {
            return Err("Give the entry an id (letters, digits and hyphens).".into());
        }
        if !self.existing && glossary.get(&id).is_some() {
            return Err(format!("An entry with the id \"{id}\" exists already."));
        }
        let url = d.url.trim();
        let related: Vec<String> = d
            .related
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string)
            .collect();
        if let Some(unknown) = related.iter().find(|r| glossary.get(r).is_none()) {
            return Err(format!("No entry has the id \"{unknown}\"."));
        }
        let entry = Entry {
            id,
            kind,
            name,
            original: Some(d.original.trim().to_string()).filter(|o| !o.is_empty()),
            arabic: lines(&d.arabic),
            latin: lines(&d.latin),
            gloss: d.gloss.trim().to_string(),
            related,
            url: Some(url.to_string()).filter(|u| !u.is_empty()),
            no_strip: d.no_strip,
        };
        if entry.url.is_some() && entry.web_link().is_none() {
            return Err("The link must start with https:// or http://.".into());
        }
        Ok(entry)
    }

    pub fn show(&mut self, ctx: &Context, glossary: &Glossary) -> Option<EditorOutcome> {
        let mut outcome = None;
        let mut open = true;
        let title = if self.existing {
            "Edit glossary entry"
        } else {
            "New glossary entry"
        };
        egui::Window::new(title)
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_width(420.0)
            .show(ctx, |ui| {
                egui::Grid::new("entry-fields")
                    .num_columns(2)
                    .spacing([8.0, 6.0])
                    .show(ui, |ui| {
                        let d = &mut self.draft;
                        let label = ui.label("Name (English)").id;
                        ui.add(wide_text(TextEdit::singleline(&mut d.name)))
                            .labelled_by(label);
                        ui.end_row();
                        let label = ui.label("Kind").id;
                        egui::ComboBox::from_id_salt("entry-kind")
                            .selected_text(d.kind.map_or("choose…", Kind::label))
                            .show_ui(ui, |ui| {
                                for kind in Kind::ALL {
                                    ui.selectable_value(&mut d.kind, Some(kind), kind.label());
                                }
                            })
                            .response
                            .labelled_by(label);
                        ui.end_row();
                        let label = ui.label("Original script").id;
                        ui.add(wide_text(
                            TextEdit::singleline(&mut d.original).hint_text("黄仁勋"),
                        ))
                        .labelled_by(label);
                        ui.end_row();
                        let label = ui.label("Arabic spellings\n(one per line)").id;
                        ui.vertical(|ui| {
                            ui.add(wide_text(
                                TextEdit::multiline(&mut d.arabic).desired_rows(3),
                            ))
                            .labelled_by(label);
                            // egui's text field has no bidi: show the spellings as they read.
                            for alias in lines(&d.arabic) {
                                bidi_label(
                                    ui,
                                    &alias,
                                    15.0,
                                    ui.visuals().weak_text_color(),
                                    Sense::hover(),
                                );
                            }
                        });
                        ui.end_row();
                        let label = ui.label("Latin spellings\n(one per line)").id;
                        ui.add(wide_text(TextEdit::multiline(&mut d.latin).desired_rows(2)))
                            .labelled_by(label);
                        ui.end_row();
                        let label = ui.label("Gloss").id;
                        ui.add(wide_text(TextEdit::multiline(&mut d.gloss).desired_rows(3)))
                            .labelled_by(label);
                        ui.end_row();
                        let label = ui.label("Related ids").id;
                        ui.add(wide_text(
                            TextEdit::singleline(&mut d.related).hint_text("nvidia, gpu"),
                        ))
                        .labelled_by(label);
                        ui.end_row();
                        let label = ui.label("Link").id;
                        ui.add(wide_text(
                            TextEdit::singleline(&mut d.url).hint_text("https://…"),
                        ))
                        .labelled_by(label);
                        ui.end_row();
                        ui.label("");
                        ui.checkbox(
                            &mut d.no_strip,
                            "Never match with proclitics stripped (wa-, fa-, bi-, ka-, li-, al-)",
                        );
                        ui.end_row();
                    });
                if let Some(error) = &self.error {
                    ui.colored_label(ui.visuals().error_fg_color, error);
                }
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        match self.entry(glossary) {
                            Ok(entry) => outcome = Some(EditorOutcome::Save(entry)),
                            Err(error) => self.error = Some(error),
                        }
                    }
                    if ui.button("Cancel").clicked() {
                        outcome = Some(EditorOutcome::Cancel);
                    }
                });
            });
        if !open {
            outcome = Some(EditorOutcome::Cancel);
        }
        outcome
    }
}

/// Picks the entry that the selected text becomes an alias of.
pub struct AliasPicker {
    alias: String,
    search: String,
}

impl AliasPicker {
    pub fn new(alias: &str) -> Self {
        AliasPicker {
            alias: collapse_whitespace(alias),
            search: String::new(),
        }
    }

    /// `Some(Some(entry))` when an entry was picked (the alias added to it), `Some(None)`
    /// when cancelled.
    pub fn show(&mut self, ctx: &Context, glossary: &Glossary) -> Option<Option<Entry>> {
        let mut outcome = None;
        let mut open = true;
        egui::Window::new("Add as alias")
            .open(&mut open)
            .collapsible(false)
            .default_width(360.0)
            .show(ctx, |ui| {
                ui.label("Add this spelling to an entry:");
                bidi_label(
                    ui,
                    &self.alias,
                    18.0,
                    ui.visuals().strong_text_color(),
                    Sense::hover(),
                );
                let label = ui.label("Find the entry:").id;
                ui.add(TextEdit::singleline(&mut self.search))
                    .labelled_by(label);
                egui::ScrollArea::vertical()
                    .max_height(300.0)
                    .show(ui, |ui| {
                        for index in glossary.search(&self.search) {
                            let entry = &glossary.entries()[index];
                            if ui.selectable_label(false, &entry.name).clicked() {
                                let mut entry = entry.clone();
                                let list = if has_arabic(&self.alias) {
                                    &mut entry.arabic
                                } else {
                                    &mut entry.latin
                                };
                                if !list.contains(&self.alias) {
                                    list.push(self.alias.clone());
                                }
                                outcome = Some(Some(entry));
                            }
                        }
                    });
                if ui.button("Cancel").clicked() {
                    outcome = Some(None);
                }
            });
        if !open {
            outcome = Some(None);
        }
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_entry_from_arabic_selection_validates() {
        let glossary = Glossary::bundled();
        let mut editor = EntryEditor::from_selection("  تشانغ\nييمينغ ");
        assert_eq!(editor.draft.arabic, "تشانغ ييمينغ");
        assert!(editor.entry(&glossary).unwrap_err().contains("name"));
        editor.draft.name = "Zhang Yiming".into();
        assert!(editor.entry(&glossary).unwrap_err().contains("kind"));
        editor.draft.kind = Some(Kind::Person);
        editor.draft.url = "ftp://x".into();
        assert!(editor.entry(&glossary).is_err());
        editor.draft.url = String::new();
        editor.draft.related = "nvidia, nope".into();
        assert!(editor.entry(&glossary).unwrap_err().contains("nope"));
        editor.draft.related = "nvidia".into();
        let entry = editor.entry(&glossary).unwrap();
        assert_eq!(entry.id, "zhang-yiming");
        assert_eq!(entry.arabic, ["تشانغ ييمينغ"]);
        let taken = EntryEditor::from_selection("NVIDIA");
        let mut taken = taken;
        taken.draft.kind = Some(Kind::Organisation);
        assert!(taken.entry(&glossary).unwrap_err().contains("exists"));
    }

    #[test]
    fn editing_round_trips_an_entry() {
        let glossary = Glossary::bundled();
        let entry = glossary.get("jensen-huang").unwrap();
        assert_eq!(&EntryEditor::edit(entry).entry(&glossary).unwrap(), entry);
    }
}
