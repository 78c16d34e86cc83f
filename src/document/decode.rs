//! Bytes to text: a BOM decides (UTF-8, UTF-16 LE/BE); otherwise valid UTF-8 is UTF-8, and
//! anything else is guessed by chardetng with Arabic text expected (which finds
//! Windows-1256 and ISO-8859-6). The user can override the guess ("Reopen with encoding").

use encoding_rs::Encoding;

/// Decoded text and the encoding it was read with.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
}

/// Why bytes are not text.
#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Nothing but whitespace.
    Empty,
    /// NUL bytes outside UTF-16: an image, an archive, an executable.
    Binary,
    /// Too many bytes are not valid in the encoding (likely the wrong one, or not text).
    Undecodable { encoding: &'static str },
}

/// The encodings a user may pick when the guess is wrong.
pub const CHOICES: [&Encoding; 6] = [
    encoding_rs::UTF_8,
    encoding_rs::WINDOWS_1256,
    encoding_rs::ISO_8859_6,
    encoding_rs::UTF_16LE,
    encoding_rs::UTF_16BE,
    encoding_rs::WINDOWS_1252,
];

/// Decode `bytes`, guessing the encoding unless `forced`.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, DecodeError> {
    let (encoding, body) = match (forced, Encoding::for_bom(bytes)) {
        (Some(forced), Some((bom_encoding, len))) if forced == bom_encoding => {
            (forced, &bytes[len..])
        }
        (Some(forced), _) => (forced, bytes),
        (None, Some((encoding, len))) => (encoding, &bytes[len..]),
        (None, None) => (guess(bytes), bytes),
    };
    let utf16 = encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE;
    if !utf16 && body.contains(&0) {
        return Err(DecodeError::Binary);
    }
    let (text, _) = encoding.decode_without_bom_handling(body);
    let replaced = text
        .chars()
        .filter(|&c| c == char::REPLACEMENT_CHARACTER)
        .count();
    // A stray bad byte is tolerated (shown as �); many mean the wrong encoding or no text.
    if replaced > 0 && replaced * 200 > text.chars().count().max(1) {
        return Err(DecodeError::Undecodable {
            encoding: encoding.name(),
        });
    }
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding,
    })
}

/// The encoding an HTML page declares in its first kilobyte (`<meta charset=...>` or
/// `content="text/html; charset=..."`), if any.
pub fn html_declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    Encoding::for_label(label.as_bytes())
}

fn guess(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return encoding_rs::UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    // The hint is a top-level domain: an Arabic-speaking country's favours the Arabic code pages.
    detector.guess(Some(b"sa"), chardetng::Utf8Detection::Allow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::BUNDLED_ARTICLE;

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut bytes = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            let pair = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            bytes.extend(pair);
        }
        bytes
    }

    #[test]
    fn every_supported_encoding_comes_back_as_the_text() {
        let text = BUNDLED_ARTICLE;
        let cases: Vec<(Vec<u8>, &Encoding)> = vec![
            (text.as_bytes().to_vec(), encoding_rs::UTF_8),
            (
                [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
                encoding_rs::UTF_8,
            ),
            (utf16(text, false), encoding_rs::UTF_16LE),
            (utf16(text, true), encoding_rs::UTF_16BE),
        ];
        for (bytes, expected) in cases {
            let decoded = decode(&bytes, None).unwrap();
            assert_eq!(decoded.encoding, expected);
            assert_eq!(decoded.text, text);
        }
    }

    #[test]
    fn legacy_arabic_code_pages_are_detected() {
        // Only what the code pages can hold: Arabic letters, Latin, digits and punctuation.
        let text = "بدأت الجولة الحالية من انخفاض سعر سهم إنفيديا مع DeepSeek: حيث حققت نفس أداء النموذج مع 1/10 فقط من تكلفة القدرة الحاسوبية لنظيراتها.\nلقد كسرت ثورة كفاءة النماذج الكبيرة التقليد القائل بأن قوة الحوسبة هي الشيء الوحيد الذي يهم.";
        for encoding in [encoding_rs::WINDOWS_1256, encoding_rs::ISO_8859_6] {
            let (bytes, _, unmappable) = encoding.encode(text);
            assert!(!unmappable, "{}", encoding.name());
            let decoded = decode(&bytes, None).unwrap();
            assert_eq!(
                decoded.encoding,
                encoding,
                "guessed {}",
                decoded.encoding.name()
            );
            assert_eq!(decoded.text, text);
        }
    }

    #[test]
    fn a_wrong_guess_can_be_overridden() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode("مرحبا بالعالم");
        let as_latin = decode(&bytes, Some(encoding_rs::WINDOWS_1252)).unwrap();
        assert_ne!(as_latin.text, "مرحبا بالعالم");
        let right = decode(&bytes, Some(encoding_rs::WINDOWS_1256)).unwrap();
        assert_eq!(right.text, "مرحبا بالعالم");
    }

    #[test]
    fn html_pages_declare_their_encoding() {
        let page = "<html><head><meta charset=\"windows-1256\"><title>x</title>";
        assert_eq!(
            html_declared(page.as_bytes()),
            Some(encoding_rs::WINDOWS_1256)
        );
        let page = "<meta http-equiv=Content-Type content='text/html; charset=ISO-8859-6'>";
        assert_eq!(
            html_declared(page.as_bytes()),
            Some(encoding_rs::ISO_8859_6)
        );
        assert_eq!(html_declared(b"<p>no declaration</p>"), None);
    }

    #[test]
    fn bad_input_is_named() {
        assert_eq!(decode(b"  \n\t", None).unwrap_err(), DecodeError::Empty);
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", None).unwrap_err(),
            DecodeError::Binary
        );
        assert_eq!(decode(&[0xFF, 0xFE], None).unwrap_err(), DecodeError::Empty);
        let garbage: Vec<u8> = (0..4000u32).map(|i| (i * 7 % 251) as u8 | 0x80).collect();
        assert!(matches!(
            decode(&garbage, Some(encoding_rs::UTF_8)),
            Err(DecodeError::Undecodable { .. })
        ));
    }
}
