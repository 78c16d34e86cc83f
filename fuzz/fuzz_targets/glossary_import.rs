//! Any bytes as a TSV, CSV or TBX glossary (the first byte picks which): importing never
//! panics, and what was imported exports and imports again, to as many entries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qari::glossary::exchange::{Format, export, import, import_bytes};

fuzz_target!(|data: &[u8]| {
    let Some((&choice, bytes)) = data.split_first() else {
        return;
    };
    let format = [Format::Tsv, Format::Csv, Format::Tbx][usize::from(choice) % 3];
    if let Ok(glossary) = import_bytes(bytes, format) {
        let again = import(&export(&glossary, format), format)
            .unwrap_or_else(|e| panic!("an exported glossary is refused: {e}"));
        assert_eq!(again.entries().len(), glossary.entries().len());
    }
});
