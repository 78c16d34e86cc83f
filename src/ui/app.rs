//! The application shell: window, toolbar, panels, shortcuts and persistence around the
//! reader. It owns the state; the core modules own the logic.

use std::path::PathBuf;

use egui::{Color32, Key, KeyboardShortcut, Modifiers, Theme, Ui};

use super::entry_editor::{AliasPicker, EditorOutcome, EntryEditor};
use super::file_dialog::{Answer, FileDialogs, Purpose, Request};
use super::glossary_panel::{GlossaryPanel, PanelAction};
use super::note_editor::{NoteEdit, NoteEditor};
use super::notes_panel::{NotesAction, NotesPanel};
use super::reader::{Marks, Reader, ReaderLook};
use super::search_bar::SearchBar;
use super::settings::{Settings, SideTab, ThemeChoice};
use super::toolbar;
use crate::document::{Document, Format, Origin};
use crate::fonts;
use crate::glossary::exchange::{self, Format as GlossaryFormat};
use crate::glossary::{DocumentTerms, Entry, Glossaries, Glossary};
use crate::notes::{self, Session, Store};
use crate::reading::{Article, terms_of};
use crate::storage;

const SETTINGS_KEY: &str = "qari-settings";

/// A file being opened off the UI thread, so large files never freeze the window.
struct Loading {
    path: std::path::PathBuf,
    started: std::time::Instant,
    result: std::sync::mpsc::Receiver<Result<Article, String>>,
}

/// Show the "Opening…" notice only for loads that take longer than this.
const SHOW_PROGRESS_AFTER: std::time::Duration = std::time::Duration::from_millis(200);
/// The stack of the thread that opens files.
const LOADER_STACK_BYTES: usize = 16 * 1024 * 1024;

pub struct QariApp {
    document: Document,
    reader: Reader,
    settings: Settings,
    glossaries: Glossaries,
    /// The entries of the glossary found in the document.
    terms: DocumentTerms,
    glossary_panel: GlossaryPanel,
    entry_editor: Option<EntryEditor>,
    alias_picker: Option<AliasPicker>,
    /// An entry waiting for the user to confirm its deletion.
    confirm_delete: Option<String>,
    /// Shown above the text until dismissed.
    messages: Vec<String>,
    /// "Paste as new article" was chosen from the menu: the next paste opens.
    paste_requested: bool,
    /// A file being read and matched on another thread.
    loading: Option<Loading>,
    /// The file dialog open on another thread, if any.
    dialogs: FileDialogs,
    search: SearchBar,
    /// The user's notes and drafts on the open document.
    notes: Session,
    notes_store: Option<Store>,
    notes_panel: NotesPanel,
    note_editor: Option<NoteEditor>,
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
        Self::with_settings(&cc.egui_ctx, document, error, settings, storage::data_dir())
    }

    /// The app with explicit settings and data directory (tests start from here).
    pub fn with_settings(
        ctx: &egui::Context,
        document: Document,
        error: Option<String>,
        settings: Settings,
        data_dir: Option<PathBuf>,
    ) -> Self {
        ctx.set_fonts(fonts::definitions());
        // Ctrl+= / Ctrl+- resize the article text, not the whole UI.
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        let user_glossary = data_dir.as_ref().map(|d| d.join(storage::GLOSSARY_FILE));
        let notes_store = data_dir.map(|d| Store::new(d.join(storage::NOTES_DIR)));
        let (glossaries, problem) = Glossaries::load(user_glossary);
        let problem = problem.map(|error| {
            format!(
                "Your glossary could not be read ({error}). It is left as it is; Qari will move it aside before saving any change."
            )
        });
        let Article {
            document,
            terms,
            mut notes,
        } = Article::new(document, glossaries.merged(), notes_store.as_ref());
        let mut app = QariApp {
            document,
            reader: Reader::default(),
            settings,
            glossaries,
            terms,
            glossary_panel: GlossaryPanel::default(),
            entry_editor: None,
            alias_picker: None,
            confirm_delete: None,
            messages: error
                .into_iter()
                .chain(problem)
                .chain(notes.take_messages())
                .collect(),
            paste_requested: false,
            loading: None,
            dialogs: FileDialogs::default(),
            search: SearchBar::default(),
            notes,
            notes_store,
            notes_panel: NotesPanel,
            note_editor: None,
        };
        if let Origin::File(path) = &app.document.origin {
            let paragraph = app.settings.last_position(path).unwrap_or(0);
            app.reader.scroll_to_paragraph(paragraph);
            app.settings.remember(&path.clone(), paragraph);
        }
        app
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

    pub fn glossary(&self) -> &Glossary {
        self.glossaries.merged()
    }

    pub fn terms(&self) -> &DocumentTerms {
        &self.terms
    }

    /// Id of the glossary entry of the term under the pointer at the last frame.
    pub fn hovered_entry(&self) -> Option<String> {
        let index = self.reader.hovered_term()?;
        Some(self.glossaries.merged().entries().get(index)?.id.clone())
    }

    /// Select `range` of paragraph `paragraph`, as dragging over it would.
    pub fn select(&mut self, paragraph: usize, range: std::ops::Range<usize>) {
        self.reader.select(paragraph, range);
    }

    pub fn notes(&self) -> &Session {
        &self.notes
    }

    /// Save unsaved notes now (as on exit).
    pub fn flush_notes(&mut self) {
        if let Err(error) = self.notes.flush() {
            self.messages.push(error);
        }
    }

    /// The note being written, if its window is open.
    pub fn note_editor(&self) -> Option<&NoteEditor> {
        self.note_editor.as_ref()
    }

    /// The glossary entry shown in the panel, if any.
    pub fn open_entry(&self) -> Option<&str> {
        self.glossary_panel.current()
    }

    fn handle_shortcuts(&mut self, ui: &Ui) {
        let zoom_in = [
            KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals),
            KeyboardShortcut::new(Modifiers::COMMAND, Key::Plus),
        ];
        let zoom_out = KeyboardShortcut::new(Modifiers::COMMAND, Key::Minus);
        let reset = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num0);
        let quit = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
        let toggle_glossary = KeyboardShortcut::new(Modifiers::NONE, Key::F2);
        let toggle_notes = KeyboardShortcut::new(Modifiers::NONE, Key::F3);
        let toggle_translating = KeyboardShortcut::new(Modifiers::COMMAND, Key::T);
        let translating = self.settings.translating;
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
            if i.consume_shortcut(&toggle_glossary) {
                self.settings.toggle_side(SideTab::Glossary);
            }
            if i.consume_shortcut(&toggle_notes) {
                self.settings.toggle_side(SideTab::Notes);
            }
            if i.consume_shortcut(&toggle_translating) {
                self.settings.translating = !self.settings.translating;
            }
            i.consume_shortcut(&quit)
        });
        if self.settings.font_size != before || self.settings.translating != translating {
            self.reader.keep_position();
        }
        if quit_requested {
            // eframe saves the settings on the way out.
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn look(&self, ui: &Ui) -> ReaderLook {
        let dark = ui.visuals().dark_mode;
        let (text, muted, hover, selection, flash) = if dark {
            (
                Color32::from_rgb(0xE8, 0xE3, 0xD8),
                Color32::from_rgb(0x9A, 0x95, 0x8C),
                Color32::from_rgba_unmultiplied(255, 255, 255, 18),
                Color32::from_rgba_unmultiplied(90, 140, 230, 90),
                Color32::from_rgba_unmultiplied(255, 200, 60, 120),
            )
        } else {
            (
                Color32::from_rgb(0x1E, 0x1B, 0x16),
                Color32::from_rgb(0x6E, 0x68, 0x5E),
                Color32::from_rgba_unmultiplied(0, 0, 0, 14),
                Color32::from_rgba_unmultiplied(60, 120, 220, 70),
                Color32::from_rgba_unmultiplied(255, 190, 0, 140),
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
            flash,
            dark,
            translating: self.settings.translating,
        }
    }

    /// Show `document` instead of the current one, remembering where the reader was.
    pub fn set_document(&mut self, ctx: &egui::Context, document: Document) {
        let article = Article::new(
            document,
            self.glossaries.merged(),
            self.notes_store.as_ref(),
        );
        self.show_document(ctx, article);
    }

    /// Show `document` with its glossary terms and notes already found.
    fn show_document(
        &mut self,
        ctx: &egui::Context,
        Article {
            document,
            terms,
            notes,
        }: Article,
    ) {
        self.remember_position();
        self.close_note_editor();
        self.flush_notes();
        self.notes = notes;
        self.messages.extend(self.notes.take_messages());
        self.document = document;
        self.reader.reset();
        self.search.reset();
        self.terms = terms;
        if let Origin::File(path) = &self.document.origin {
            if let Some(paragraph) = self.settings.last_position(path) {
                self.reader.scroll_to_paragraph(paragraph);
            }
            let paragraph = self.settings.last_position(path).unwrap_or(0);
            self.settings.remember(path, paragraph);
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::Title(format!(
            "Qari — {}",
            self.document.title
        )));
    }

    /// Note in the Recent list where the reader is in the current file.
    fn remember_position(&mut self) {
        if let Origin::File(path) = &self.document.origin {
            self.settings
                .remember(path, self.reader.first_visible_paragraph());
        }
    }

    /// Open `path` (in `encoding` when given); on failure the current article stays and the
    /// reason is shown.
    pub fn open_path(
        &mut self,
        ctx: &egui::Context,
        path: &std::path::Path,
        encoding: Option<&'static encoding_rs::Encoding>,
    ) {
        let (sender, receiver) = std::sync::mpsc::channel();
        let glossary = self.glossaries.merged().clone();
        let store = self.notes_store.clone();
        let owned = path.to_path_buf();
        let repaint = ctx.clone();
        // The stack is chosen, not the platform's default: the loaders walk documents
        // with explicit stacks, but the parsers and decoders beneath them are not ours.
        let spawned = std::thread::Builder::new()
            .name("qari-open".into())
            .stack_size(LOADER_STACK_BYTES)
            .spawn(move || {
                let result = Article::open(&owned, encoding, &glossary, store.as_ref())
                    .map_err(|e| e.to_string());
                // The window may be gone already; then nobody needs the result.
                let _ = sender.send(result);
                repaint.request_repaint();
            });
        if let Err(error) = spawned {
            self.messages.push(format!(
                "Could not start opening {}: {error}",
                path.display()
            ));
            return;
        }
        self.loading = Some(Loading {
            path: path.to_path_buf(),
            started: std::time::Instant::now(),
            result: receiver,
        });
    }

    /// Take the result of a load when it is ready; show progress while it is not.
    fn poll_loading(&mut self, ui: &mut Ui) {
        let Some(loading) = &self.loading else { return };
        match loading.result.try_recv() {
            Ok(Ok(opened)) => {
                self.loading = None;
                self.show_document(ui.ctx(), opened);
            }
            Ok(Err(message)) => {
                self.loading = None;
                self.messages.push(message);
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                if loading.started.elapsed() > SHOW_PROGRESS_AFTER {
                    let name = loading.path.display().to_string();
                    egui::Panel::top("loading").show(ui, |ui| {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label(format!("Opening {name}…"));
                        });
                    });
                }
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(50));
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.loading = None;
                self.messages
                    .push("Opening the file failed unexpectedly.".into());
            }
        }
    }

    /// Whether a file is being opened.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    fn open_dialog(&mut self, ctx: &egui::Context) {
        let all: Vec<&'static str> = Format::ALL
            .iter()
            .flat_map(|f| f.extensions().iter().copied())
            .collect();
        let mut filters = vec![("Articles".to_string(), all)];
        filters.extend(
            Format::ALL
                .iter()
                .map(|f| (f.label().to_string(), f.extensions().to_vec())),
        );
        filters.push(("All files".to_string(), vec!["*"]));
        self.dialogs.ask(
            ctx,
            Request {
                purpose: Purpose::OpenArticle,
                title: "Open article",
                file_name: None,
                filters,
            },
        );
    }

    /// The answer of the file dialog, when one came.
    fn poll_dialog(&mut self, ctx: &egui::Context) {
        match self.dialogs.poll() {
            Some(Answer::Chosen(purpose, path)) => match purpose {
                Purpose::OpenArticle => self.open_path(ctx, &path, None),
                Purpose::ImportGlossary => self.import_glossary_from(&path),
                Purpose::ExportGlossary => self.export_glossary_to(&path),
                Purpose::ExportNotes => self.export_notes_to(&path),
            },
            Some(Answer::Unavailable(message)) => self.messages.push(message),
            None => {}
        }
    }

    fn paste_as_new(&mut self, ctx: &egui::Context, text: &str) {
        if text.trim().is_empty() {
            self.messages
                .push("The clipboard has no text to open.".into());
            return;
        }
        self.set_document(ctx, Document::from_text(text, Origin::Pasted));
    }

    /// Files dropped on the window, pasted text, and the file shortcuts.
    fn handle_file_input(&mut self, ctx: &egui::Context) {
        let paste_requested = self.paste_requested;
        let (dropped, pasted, open) = ctx.input_mut(|i| {
            let dropped: Vec<std::path::PathBuf> = i
                .raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect();
            let pasted = i.events.iter().find_map(|e| match e {
                egui::Event::Paste(text) if i.modifiers.shift || paste_requested => {
                    Some(text.clone())
                }
                _ => None,
            });
            let open = i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::O));
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::F)) {
                self.search.show();
            }
            (dropped, pasted, open)
        });
        if let Some(path) = dropped.first() {
            self.open_path(ctx, path, None);
        }
        if let Some(text) = pasted {
            self.paste_requested = false;
            self.paste_as_new(ctx, &text);
        }
        if open {
            self.open_dialog(ctx);
        }
    }

    /// Store a changed user glossary and show its effect at once.
    fn commit_user_glossary(&mut self) {
        self.terms = terms_of(self.glossaries.merged(), &self.document);
        match self.glossaries.save() {
            Ok(note) => self.messages.extend(note),
            Err(error) => self.messages.push(error),
        }
    }

    fn save_entry(&mut self, entry: Entry) {
        let id = entry.id.clone();
        self.glossaries.edit_user(|user| user.upsert(entry));
        self.commit_user_glossary();
        self.glossary_panel.open(&id);
        self.settings.show_side(SideTab::Glossary);
    }

    /// Ask for a TSV, CSV or TBX file to add to the user's glossary.
    fn import_glossary(&mut self, ctx: &egui::Context) {
        let extensions = GlossaryFormat::ALL
            .iter()
            .flat_map(|f| f.extensions().iter().copied())
            .collect();
        self.dialogs.ask(
            ctx,
            Request {
                purpose: Purpose::ImportGlossary,
                title: "Import glossary",
                file_name: None,
                filters: vec![("Glossary (TSV, CSV, TBX)".to_string(), extensions)],
            },
        );
    }

    /// Add the entries of the glossary file at `path` to the user's glossary.
    fn import_glossary_from(&mut self, path: &std::path::Path) {
        match exchange::import_file(path, None) {
            Ok(imported) => {
                self.glossaries.import(&imported);
                self.commit_user_glossary();
                self.messages.push(format!(
                    "Imported {} entries from {}.",
                    imported.entries().len(),
                    path.display()
                ));
            }
            Err(error) => self.messages.push(format!("Could not import {error}")),
        }
    }

    /// Ask where to write the glossary (bundled entries with the user's applied).
    fn export_glossary(&mut self, ctx: &egui::Context) {
        self.dialogs.ask(
            ctx,
            Request {
                purpose: Purpose::ExportGlossary,
                title: "Export glossary",
                file_name: Some("qari-glossary.tsv".into()),
                filters: GlossaryFormat::ALL
                    .iter()
                    .map(|f| (f.label().to_string(), vec![f.extensions()[0]]))
                    .collect(),
            },
        );
    }

    fn export_glossary_to(&mut self, path: &std::path::Path) {
        let format = GlossaryFormat::from_path(path).unwrap_or(GlossaryFormat::Tsv);
        let text = exchange::export(self.glossaries.merged(), format);
        if let Err(error) = storage::write_atomic(path, text.as_bytes()) {
            self.messages
                .push(format!("Could not export to {}: {error}", path.display()));
        }
    }

    /// Close the note window; a note left empty is removed.
    fn close_note_editor(&mut self) {
        if let Some(editor) = self.note_editor.take()
            && let Some(id) = &editor.id
            && editor.text().trim().is_empty()
        {
            self.notes.delete_note(id);
        }
    }

    /// Start a note on `range` of `paragraph`.
    fn start_note(&mut self, paragraph: usize, range: std::ops::Range<usize>) {
        self.close_note_editor();
        let quote = &self.document.paragraphs[paragraph].text[range.clone()];
        self.note_editor = Some(NoteEditor::new_note(paragraph, range, quote));
    }

    fn edit_note(&mut self, id: &str) {
        self.close_note_editor();
        let Some(note) = self.notes.notes().note(id) else {
            return;
        };
        let quote = match self.notes.placement_of(id) {
            Some(placed) => &self.document.paragraphs[placed.paragraph].text[placed.range.clone()],
            None => note.anchor.quote.as_str(),
        };
        self.note_editor = Some(NoteEditor::edit(note, quote));
    }

    fn note_editor_ui(&mut self, ctx: &egui::Context) {
        let Some(editor) = &mut self.note_editor else {
            return;
        };
        match editor.show(ctx) {
            Some(NoteEdit::Text(text)) => match editor.id.clone() {
                Some(id) => self.notes.set_note_text(&id, &text),
                None => {
                    if let Some((paragraph, range)) = editor.target.clone()
                        && !text.trim().is_empty()
                    {
                        let texts = self.document.texts();
                        editor.id = Some(self.notes.add_note(&texts, paragraph, range, &text));
                    }
                }
            },
            Some(NoteEdit::Done) => self.close_note_editor(),
            Some(NoteEdit::Delete) => {
                if let Some(id) = &editor.id {
                    self.notes.delete_note(id);
                }
                self.note_editor = None;
            }
            None => {}
        }
    }

    /// Ask where to write the notes and drafts as Markdown.
    fn export_notes(&mut self, ctx: &egui::Context) {
        let name = format!(
            "{} — notes.md",
            self.document.title.replace(['/', '\\'], "-")
        );
        self.dialogs.ask(
            ctx,
            Request {
                purpose: Purpose::ExportNotes,
                title: "Export notes and drafts",
                file_name: Some(name),
                filters: vec![("Markdown".to_string(), vec!["md"])],
            },
        );
    }

    fn export_notes_to(&mut self, path: &std::path::Path) {
        let texts = self.document.texts();
        let text = notes::export::markdown(
            &self.document.title,
            &texts,
            self.notes.notes(),
            self.notes.placements(),
        );
        if let Err(error) = storage::write_atomic(path, text.as_bytes()) {
            self.messages
                .push(format!("Could not export to {}: {error}", path.display()));
        }
    }

    fn notes_action(&mut self, ctx: &egui::Context, action: NotesAction) {
        match action {
            NotesAction::Reveal { paragraph, range } => self.reader.reveal(paragraph, range),
            NotesAction::Edit(id) => self.edit_note(&id),
            NotesAction::Delete(id) => {
                if self
                    .note_editor
                    .as_ref()
                    .is_some_and(|e| e.id.as_deref() == Some(&id))
                {
                    self.note_editor = None;
                }
                self.notes.delete_note(&id);
            }
            NotesAction::ArticleNote(text) => self.notes.set_article_note(&text),
            NotesAction::Export => self.export_notes(ctx),
        }
    }

    fn windows_ui(&mut self, ctx: &egui::Context) {
        self.note_editor_ui(ctx);
        if let Some(editor) = &mut self.entry_editor
            && let Some(outcome) = editor.show(ctx, self.glossaries.merged())
        {
            self.entry_editor = None;
            if let EditorOutcome::Save(entry) = outcome {
                self.save_entry(entry);
            }
        }
        if let Some(picker) = &mut self.alias_picker
            && let Some(picked) = picker.show(ctx, self.glossaries.merged())
        {
            self.alias_picker = None;
            if let Some(entry) = picked {
                self.save_entry(entry);
            }
        }
        if let Some(id) = self.confirm_delete.clone() {
            let name = self
                .glossaries
                .merged()
                .get(&id)
                .map_or(id.clone(), |e| e.name.clone());
            let mut decided = None;
            egui::Window::new("Delete entry")
                .collapsible(false)
                .resizable(false)
                .show(ctx, |ui| {
                    ui.label(format!("Delete \"{name}\" from your glossary?"));
                    ui.horizontal(|ui| {
                        if ui.button("Delete").clicked() {
                            decided = Some(true);
                        }
                        if ui.button("Cancel").clicked() {
                            decided = Some(false);
                        }
                    });
                });
            if let Some(delete) = decided {
                self.confirm_delete = None;
                if delete {
                    self.glossaries.edit_user(|user| user.delete(&id));
                    self.commit_user_glossary();
                }
            }
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
        self.handle_file_input(ui.ctx());
        self.poll_loading(ui);
        self.poll_dialog(ui.ctx());
        let document = &self.document;
        if let Some(after) = self.notes.tick(|| document.texts()) {
            ui.ctx().request_repaint_after(after);
        }
        self.messages.extend(self.notes.take_messages());

        let info = toolbar::DocumentInfo {
            title: &self.document.title,
            encoding: self.document.encoding,
            from_file: matches!(self.document.origin, Origin::File(_)),
            contents: &self.document.contents,
        };
        let actions = egui::Panel::top("toolbar")
            .show(ui, |ui| {
                ui.add_space(2.0);
                let actions = toolbar::ui(ui, info, &mut self.settings);
                ui.add_space(2.0);
                actions
            })
            .inner;
        if actions.relayout {
            self.reader.keep_position();
        }
        if actions.open {
            self.open_dialog(ui.ctx());
        }
        if actions.paste_new {
            // The clipboard is read by the platform: ask for a paste event.
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::RequestPaste);
            self.paste_requested = true;
        }
        if let Some(paragraph) = actions.jump_to {
            self.reader.scroll_to_paragraph(paragraph);
        }
        if let Some(path) = actions.open_recent {
            self.open_path(ui.ctx(), &path, None);
        }
        if let (Some(encoding), Origin::File(path)) = (actions.reopen_with, &self.document.origin) {
            let path = path.clone();
            self.open_path(ui.ctx(), &path, Some(encoding));
        }
        if self.search.open {
            let reveal = egui::Panel::top("find")
                .show(ui, |ui| self.search.ui(ui, &self.document))
                .inner;
            if let Some((paragraph, range)) = reveal {
                self.reader.reveal(paragraph, range);
            }
        }
        if !self.messages.is_empty() {
            egui::Panel::top("messages").show(ui, |ui| {
                let mut dismissed = None;
                for (i, message) in self.messages.iter().enumerate() {
                    ui.horizontal_wrapped(|ui| {
                        ui.colored_label(ui.visuals().error_fg_color, message.as_str());
                        if ui.button("Dismiss").clicked() {
                            dismissed = Some(i);
                        }
                    });
                }
                if let Some(i) = dismissed {
                    self.messages.remove(i);
                }
            });
        }
        if self.settings.side_panel_open {
            // Never more than 45% of the window: a narrow window keeps room to read.
            let widest = (ui.available_width() * 0.45).max(220.0);
            egui::Panel::right("side-panel")
                .resizable(true)
                .default_size(330.0f32.min(widest))
                .max_size(widest)
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        let tab = &mut self.settings.side_tab;
                        ui.selectable_value(tab, SideTab::Glossary, "Glossary")
                            .on_hover_text("F2");
                        ui.selectable_value(tab, SideTab::Notes, "Notes")
                            .on_hover_text("F3");
                    });
                    ui.separator();
                    if self.settings.side_tab == SideTab::Notes {
                        if let Some(action) = self.notes_panel.ui(ui, &self.notes, &self.document) {
                            self.notes_action(ui.ctx(), action);
                        }
                        return;
                    }
                    let action = self.glossary_panel.ui(
                        ui,
                        self.glossaries.merged(),
                        &self.terms,
                        &self.document,
                    );
                    match action {
                        Some(PanelAction::Reveal { paragraph, range }) => {
                            self.reader.reveal(paragraph, range)
                        }
                        Some(PanelAction::NewEntry) => {
                            let selection = self
                                .reader
                                .selected_text(&self.document)
                                .unwrap_or_default();
                            self.entry_editor = Some(EntryEditor::from_selection(&selection));
                        }
                        Some(PanelAction::Edit(id)) => {
                            self.entry_editor =
                                self.glossaries.merged().get(&id).map(EntryEditor::edit);
                        }
                        Some(PanelAction::Delete(id)) => self.confirm_delete = Some(id),
                        Some(PanelAction::Import) => self.import_glossary(ui.ctx()),
                        Some(PanelAction::Export) => self.export_glossary(ui.ctx()),
                        None => {}
                    }
                });
        }
        let paper = if ui.visuals().dark_mode {
            Color32::from_rgb(0x1D, 0x1C, 0x1A)
        } else {
            Color32::from_rgb(0xFB, 0xF8, 0xF1)
        };
        let look = self.look(ui);
        self.reader.show_hover_cards(
            self.note_editor.is_none()
                && self.entry_editor.is_none()
                && self.alias_picker.is_none(),
        );
        let highlights = self.search.highlights();
        let marks = Marks {
            terms: &self.terms,
            glossary: self.glossaries.merged(),
            search: highlights.as_ref(),
            notes: &self.notes,
        };
        let events = egui::CentralPanel::no_frame()
            .frame(egui::Frame::NONE.fill(paper))
            .show(ui, |ui| self.reader.ui(ui, &self.document, &look, marks))
            .inner;
        if let Some(index) = events.open_entry {
            let id = self.glossaries.merged().entries()[index].id.clone();
            self.glossary_panel.open(&id);
            self.settings.show_side(SideTab::Glossary);
        }
        if let Some(selection) = events.add_to_glossary {
            self.entry_editor = Some(EntryEditor::from_selection(&selection));
        }
        if let Some(selection) = events.add_alias {
            self.alias_picker = Some(AliasPicker::new(&selection));
        }
        if let Some((paragraph, range)) = events.add_note {
            self.start_note(paragraph, range);
        }
        if events.note_needs_selection {
            self.messages
                .push("Select the words the note is about, then press Ctrl+N.".into());
        }
        if let Some(id) = events.open_note {
            self.edit_note(&id);
        }
        if !events.draft_edits.is_empty() {
            let texts = self.document.texts();
            for (paragraph, text) in &events.draft_edits {
                self.notes.set_draft(&texts, *paragraph, text);
            }
        }
        self.windows_ui(ui.ctx());
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.remember_position();
        eframe::set_value(storage, SETTINGS_KEY, &self.settings);
        // Also runs on the way out: nothing typed is left unsaved.
        self.flush_notes();
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.flush_notes();
    }
}
