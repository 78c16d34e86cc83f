//! File dialogs off the UI thread. rfd's dialogs block the thread that shows them, so each
//! runs on a thread of its own and the window keeps drawing while it is open. When no dialog
//! can be shown at all (no desktop portal and no zenity), the user is told what to install
//! and how else to open a file, instead of nothing happening.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

/// What a dialog's answer is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    OpenArticle,
    ImportGlossary,
    ExportGlossary,
    ExportNotes,
}

/// A dialog to show: an open dialog, or a save dialog when `file_name` is given.
pub struct Request {
    pub purpose: Purpose,
    pub title: &'static str,
    /// The suggested name of a file to save.
    pub file_name: Option<String>,
    /// Filters: a name and the extensions it shows.
    pub filters: Vec<(String, Vec<&'static str>)>,
}

/// What came of a dialog.
#[derive(Debug, PartialEq, Eq)]
pub enum Answer {
    Chosen(Purpose, PathBuf),
    /// No dialog could be shown: a message saying what to do.
    Unavailable(String),
}

/// A dialog closed this soon after it was asked for was never shown: no one clicks Cancel
/// that fast.
const TOO_QUICK: Duration = Duration::from_millis(300);

struct Pending {
    purpose: Purpose,
    started: Instant,
    answer: Receiver<Option<PathBuf>>,
}

/// The dialog open at the moment, if any.
#[derive(Default)]
pub struct FileDialogs {
    pending: Option<Pending>,
}

impl FileDialogs {
    /// Show `request` on a thread of its own; `ctx` is woken when it is answered. While a
    /// dialog is open, a second one is not started.
    pub fn ask(&mut self, ctx: &egui::Context, request: Request) {
        if self.pending.is_some() {
            return;
        }
        let (sender, answer) = channel();
        let repaint = ctx.clone();
        let purpose = request.purpose;
        let spawned = std::thread::Builder::new()
            .name("qari-file-dialog".into())
            .spawn(move || {
                let mut dialog = rfd::FileDialog::new().set_title(request.title);
                for (name, extensions) in &request.filters {
                    dialog = dialog.add_filter(name, extensions);
                }
                let path = match request.file_name {
                    Some(name) => dialog.set_file_name(name).save_file(),
                    None => dialog.pick_file(),
                };
                let _ = sender.send(path);
                repaint.request_repaint();
            });
        if spawned.is_ok() {
            self.pending = Some(Pending {
                purpose,
                started: Instant::now(),
                answer,
            });
        }
    }

    /// Whether a dialog is open.
    pub fn is_open(&self) -> bool {
        self.pending.is_some()
    }

    /// The answer to the open dialog, once there is one (a cancelled dialog has none).
    pub fn poll(&mut self) -> Option<Answer> {
        let pending = self.pending.as_ref()?;
        let answer = match pending.answer.try_recv() {
            Err(TryRecvError::Empty) => return None,
            Ok(Some(path)) => Some(Answer::Chosen(pending.purpose, path)),
            Ok(None) | Err(TryRecvError::Disconnected) => {
                let never_shown = pending.started.elapsed() < TOO_QUICK && !dialog_program_found();
                never_shown.then(|| Answer::Unavailable(UNAVAILABLE.to_string()))
            }
        };
        self.pending = None;
        answer
    }
}

/// What to say when no dialog can be shown.
const UNAVAILABLE: &str = "No file dialog could be shown: install xdg-desktop-portal with a backend (e.g. xdg-desktop-portal-gtk), or zenity. Meanwhile, open a file with `qari FILE`, by dropping it on the window, or paste text as a new article (Ctrl+Shift+V).";

/// Whether zenity, which rfd falls back to without a desktop portal, is installed (on other
/// systems the platform's own dialog is always there).
fn dialog_program_found() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("zenity").is_file()))
}
