//! Shared by the glossary importer targets: importing any bytes in a format never panics,
//! and what was imported exports and imports again, to as many entries.

use qari::glossary::exchange::{Format, export, import, import_bytes};

pub fn import_round_trip(data: &[u8], format: Format) {
    if let Ok(glossary) = import_bytes(data, format) {
        let again = import(&export(&glossary, format), format)
            .unwrap_or_else(|e| panic!("an exported glossary is refused: {e}"));
        assert_eq!(again.entries().len(), glossary.entries().len());
    }
}
