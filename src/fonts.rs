//! The bundled fonts, and egui's shaper as the layout engine's [`Measure`]: the one bridge
//! between the core and egui, shared by the window, the command line, tests and benches.

use std::sync::Arc;

use egui::Galley;
use egui::epaint::text::{
    FontData, FontDefinitions, FontFamily, FontId, Fonts, FontsView, TextOptions,
};

use crate::layout::{Measure, TextStyle};

const NOTO_NASKH: &[u8] = include_bytes!("../assets/fonts/NotoNaskhArabic-Regular.ttf");
const NOTO_NASKH_BOLD: &[u8] = include_bytes!("../assets/fonts/NotoNaskhArabic-Bold.ttf");
const AMIRI: &[u8] = include_bytes!("../assets/fonts/Amiri-Regular.ttf");
/// Chinese characters for original-script names (黄仁勋, 中芯国际), subset to common ones.
const NOTO_SANS_SC: &[u8] = include_bytes!("../assets/fonts/NotoSansSC-Subset-Regular.otf");

/// The Arabic faces a reader can choose between.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
pub enum ReaderFont {
    #[default]
    #[value(name = "naskh")]
    NotoNaskh,
    #[value(name = "amiri")]
    Amiri,
}

impl ReaderFont {
    pub const ALL: [ReaderFont; 2] = [ReaderFont::NotoNaskh, ReaderFont::Amiri];

    pub fn label(self) -> &'static str {
        match self {
            ReaderFont::NotoNaskh => "Noto Naskh Arabic",
            ReaderFont::Amiri => "Amiri",
        }
    }

    /// The egui font family for body text in this face; `bold` for headings.
    pub fn family(self, bold: bool) -> FontFamily {
        let name = match (self, bold) {
            (ReaderFont::NotoNaskh, false) => "qari-naskh",
            (ReaderFont::NotoNaskh, true) => "qari-naskh-bold",
            // Amiri ships no bold here; headings use Amiri at a larger size.
            (ReaderFont::Amiri, _) => "qari-amiri",
        };
        FontFamily::Name(name.into())
    }

    pub fn font_id(self, style: TextStyle) -> FontId {
        FontId::new(style.size, self.family(style.bold))
    }
}

/// egui's default fonts plus the bundled ones. Each reader family puts its Arabic face first
/// (its metrics, digits and Arabic punctuation win), egui's Latin face after, then Chinese;
/// the UI's own proportional family falls back to Noto Naskh, Chinese, and egui's Hack for
/// arrows and symbols.
pub fn definitions() -> FontDefinitions {
    let mut defs = FontDefinitions::default();
    for (name, data) in [
        ("NotoNaskhArabic-Regular", NOTO_NASKH),
        ("NotoNaskhArabic-Bold", NOTO_NASKH_BOLD),
        ("Amiri-Regular", AMIRI),
        ("NotoSansSC-Subset", NOTO_SANS_SC),
    ] {
        defs.font_data
            .insert(name.to_owned(), Arc::new(FontData::from_static(data)));
    }
    let latin = defs.families[&FontFamily::Proportional].clone();
    for (family, arabic) in [
        ("qari-naskh", "NotoNaskhArabic-Regular"),
        ("qari-naskh-bold", "NotoNaskhArabic-Bold"),
        ("qari-amiri", "Amiri-Regular"),
    ] {
        let mut faces = vec![arabic.to_owned()];
        faces.extend(latin.iter().cloned());
        faces.push("NotoSansSC-Subset".to_owned());
        defs.families.insert(FontFamily::Name(family.into()), faces);
    }
    defs.families
        .get_mut(&FontFamily::Proportional)
        .expect("egui defines a proportional family")
        .extend(["NotoNaskhArabic-Regular", "NotoSansSC-Subset", "Hack"].map(str::to_owned));
    defs
}

/// egui's shaper seen through the layout engine's [`Measure`] trait: galleys come from
/// egui's cache, so measuring a piece twice costs a hash lookup.
pub struct EguiMeasure<'a, 'f> {
    pub fonts: &'a mut FontsView<'f>,
    pub font: ReaderFont,
}

impl EguiMeasure<'_, '_> {
    /// The galley for a piece, to paint with a colour chosen later.
    pub fn galley(&mut self, text: &str, style: TextStyle) -> Arc<Galley> {
        self.fonts
            .layout_delayed_color(text.to_owned(), self.font.font_id(style), f32::INFINITY)
    }
}

impl Measure for EguiMeasure<'_, '_> {
    fn width(&mut self, text: &str, style: TextStyle) -> f32 {
        if text.is_empty() {
            return 0.0;
        }
        self.galley(text, style).size().x
    }

    fn line_height(&mut self, style: TextStyle) -> f32 {
        self.fonts.row_height(&self.font.font_id(style))
    }
}

/// The window's shaper without a window: for `qari layout` and benchmarks.
pub struct HeadlessFonts {
    fonts: Fonts,
}

impl Default for HeadlessFonts {
    fn default() -> Self {
        HeadlessFonts {
            fonts: Fonts::new(TextOptions::default(), definitions()),
        }
    }
}

impl HeadlessFonts {
    /// Run `f` with a measurer at one physical pixel per point.
    pub fn with_measure<R>(
        &mut self,
        font: ReaderFont,
        f: impl FnOnce(&mut EguiMeasure<'_, '_>) -> R,
    ) -> R {
        let mut view = self.fonts.with_pixels_per_point(1.0);
        let mut measure = EguiMeasure {
            fonts: &mut view,
            font,
        };
        f(&mut measure)
    }

    /// Start a new frame: galleys not used since the previous one are evicted, as in the
    /// window. Two calls in a row empty the galley cache (the glyph atlas stays warm).
    pub fn begin_frame(&mut self) {
        self.fonts
            .begin_pass(TextOptions::default(), Default::default());
    }
}
