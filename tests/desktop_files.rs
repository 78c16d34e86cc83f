//! The desktop file and the AppStream metainfo under `assets/` name exactly the file types
//! Qari opens (`document::Format`), so "Open with" offers Qari for all of them and nothing
//! else; and the icon they name is there.

use qari::document::Format;

fn asset(name: &str) -> String {
    std::fs::read_to_string(format!("{}/assets/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn opened_types() -> Vec<&'static str> {
    let mut types: Vec<&str> = Format::ALL
        .iter()
        .flat_map(|f| f.mime_types().iter().copied())
        .collect();
    types.sort();
    types
}

#[test]
fn the_desktop_file_lists_the_formats_qari_opens() {
    let desktop = asset("qari.desktop");
    assert!(desktop.starts_with("[Desktop Entry]\n"));
    let field = |key: &str| {
        desktop
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .unwrap_or_else(|| panic!("no {key}"))
    };
    let mut types: Vec<&str> = field("MimeType")
        .split(';')
        .filter(|t| !t.is_empty())
        .collect();
    types.sort();
    assert_eq!(types, opened_types());
    assert_eq!(field("Exec"), "qari %f");
    assert_eq!(field("Icon"), "qari");
    assert_eq!(field("Type"), "Application");
}

#[test]
fn the_metainfo_names_the_same_types_and_the_desktop_file() {
    let metainfo = asset("qari.metainfo.xml");
    let mut types: Vec<&str> = metainfo
        .split("<mediatype>")
        .skip(1)
        .map(|t| t.split("</mediatype>").next().unwrap())
        .collect();
    types.sort();
    assert_eq!(types, opened_types());
    assert!(metainfo.contains(r#"<launchable type="desktop-id">qari.desktop</launchable>"#));
    assert!(metainfo.contains("<binary>qari</binary>"));
}

#[test]
fn the_icon_is_a_png_at_each_size() {
    for size in [48u32, 64, 128, 256, 512] {
        let path = format!(
            "{}/assets/icons/qari-{size}.png",
            env!("CARGO_MANIFEST_DIR")
        );
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{path}");
        // The IHDR chunk: width and height, big-endian, at bytes 16..24.
        let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        assert_eq!((width, height), (size, size), "{path}");
    }
}
