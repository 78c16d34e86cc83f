//! Reader preferences, persisted by eframe between runs.

use std::ops::RangeInclusive;

use crate::fonts::ReaderFont;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ThemeChoice {
    #[default]
    Light,
    Dark,
}

/// Which list the side panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SideTab {
    #[default]
    Glossary,
    Notes,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    pub theme: ThemeChoice,
    pub font: ReaderFont,
    /// Body text size in points.
    pub font_size: f32,
    pub justify: bool,
    /// The side panel is shown (F2 glossary, F3 notes). Called `glossary_open` when the
    /// panel had only the glossary: old settings still load.
    #[serde(alias = "glossary_open")]
    pub side_panel_open: bool,
    pub side_tab: SideTab,
    /// Draft translation fields under the paragraphs (Ctrl+T).
    pub translating: bool,
    /// Recently opened files, newest first, with the paragraph the reader was at.
    pub recent: Vec<RecentFile>,
}

/// A file in the Recent list.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RecentFile {
    pub path: std::path::PathBuf,
    /// First paragraph in view when the file was last left.
    pub paragraph: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            theme: ThemeChoice::Light,
            font: ReaderFont::NotoNaskh,
            font_size: Settings::DEFAULT_SIZE,
            justify: false,
            side_panel_open: true,
            side_tab: SideTab::Glossary,
            translating: false,
            recent: Vec::new(),
        }
    }
}

impl Settings {
    pub const DEFAULT_SIZE: f32 = 20.0;
    pub const SIZES: RangeInclusive<f32> = 10.0..=48.0;

    /// Change the text size by `steps` steps of about 10% (at least 1 pt each).
    pub fn zoom(&mut self, steps: i32) {
        let step = (self.font_size * 0.1).round().max(1.0);
        self.font_size =
            (self.font_size + step * steps as f32).clamp(*Self::SIZES.start(), *Self::SIZES.end());
    }

    /// Show `tab` in the side panel, or hide the panel if it already shows it.
    pub fn toggle_side(&mut self, tab: SideTab) {
        if self.side_panel_open && self.side_tab == tab {
            self.side_panel_open = false;
        } else {
            self.side_panel_open = true;
            self.side_tab = tab;
        }
    }

    /// Show `tab` in the side panel.
    pub fn show_side(&mut self, tab: SideTab) {
        self.side_panel_open = true;
        self.side_tab = tab;
    }

    /// How many files the Recent list keeps.
    pub const RECENT: usize = 12;

    /// Put `path` at the top of the Recent list, remembering `paragraph` as where to reopen it.
    pub fn remember(&mut self, path: &std::path::Path, paragraph: usize) {
        self.recent.retain(|r| r.path != path);
        self.recent.insert(
            0,
            RecentFile {
                path: path.to_path_buf(),
                paragraph,
            },
        );
        self.recent.truncate(Self::RECENT);
    }

    /// Where the reader left `path`, if it is in the Recent list.
    pub fn last_position(&self, path: &std::path::Path) -> Option<usize> {
        self.recent
            .iter()
            .find(|r| r.path == path)
            .map(|r| r.paragraph)
    }

    /// Settings read back from disk may come from an older or edited file.
    pub fn sanitized(mut self) -> Self {
        if !self.font_size.is_finite() {
            self.font_size = Self::DEFAULT_SIZE;
        }
        self.font_size = self
            .font_size
            .clamp(*Self::SIZES.start(), *Self::SIZES.end());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_steps_and_clamps() {
        let mut s = Settings::default();
        s.zoom(1);
        assert_eq!(s.font_size, 22.0);
        s.zoom(-1);
        assert_eq!(s.font_size, 20.0);
        for _ in 0..100 {
            s.zoom(-1);
        }
        assert_eq!(s.font_size, 10.0);
    }

    #[test]
    fn recent_list_keeps_newest_first_without_duplicates() {
        let mut s = Settings::default();
        for i in 0..20 {
            s.remember(std::path::Path::new(&format!("/a/{i}.txt")), i);
        }
        assert_eq!(s.recent.len(), Settings::RECENT);
        s.remember(std::path::Path::new("/a/15.txt"), 99);
        assert_eq!(s.recent[0].path, std::path::Path::new("/a/15.txt"));
        assert_eq!(s.last_position(std::path::Path::new("/a/15.txt")), Some(99));
        assert_eq!(
            s.recent
                .iter()
                .filter(|r| r.path.ends_with("15.txt"))
                .count(),
            1
        );
    }

    #[test]
    fn settings_saved_before_the_notes_tab_keep_the_panel_closed() {
        let old: Settings = ron::from_str("(glossary_open: false, font_size: 24.0)").unwrap();
        assert!(!old.side_panel_open);
        assert_eq!(old.side_tab, SideTab::Glossary);
        assert_eq!(old.font_size, 24.0);
    }

    #[test]
    fn garbage_sizes_are_repaired() {
        let s = Settings {
            font_size: f32::NAN,
            ..Settings::default()
        }
        .sanitized();
        assert_eq!(s.font_size, Settings::DEFAULT_SIZE);
        let s = Settings {
            font_size: 1000.0,
            ..Settings::default()
        }
        .sanitized();
        assert_eq!(s.font_size, 48.0);
    }
}
