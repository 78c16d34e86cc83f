//! What the XML readers (EPUB package files, TBX glossaries) share: resolving the entity and
//! character references that quick-xml hands over as events of their own.

use quick_xml::events::BytesRef;

/// The text a reference stands for: a character reference (`&#1573;`, `&#x625;`) or one of
/// XML's five predefined entities. Any other entity would need a DTD, which is never read
/// (no external entities, no billion laughs): it is an error.
pub fn resolve_reference(reference: &BytesRef<'_>) -> Result<String, String> {
    if let Some(c) = reference
        .resolve_char_ref()
        .map_err(|e| format!("bad character reference: {e}"))?
    {
        return Ok(c.to_string());
    }
    let name = reference.decode().map_err(|e| e.to_string())?;
    quick_xml::escape::resolve_predefined_entity(&name)
        .map(str::to_string)
        .ok_or_else(|| format!("unknown entity &{name};"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_references_and_predefined_entities_resolve() {
        let resolve = |name: &str| resolve_reference(&BytesRef::new(name));
        assert_eq!(resolve("#1573").unwrap(), "إ");
        assert_eq!(resolve("#x625").unwrap(), "إ");
        assert_eq!(resolve("amp").unwrap(), "&");
        assert_eq!(resolve("quot").unwrap(), "\"");
        assert!(
            resolve("nbsp")
                .unwrap_err()
                .contains("unknown entity &nbsp;")
        );
        assert!(resolve("#0").is_err());
        assert!(resolve("#xZZ").is_err());
    }
}
