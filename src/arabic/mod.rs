//! Arabic-aware text analysis for matching names: normalisation with a map back to the
//! original text, tokens split at script changes, and proclitic candidates.
//!
//! Nothing here decides what a word *is*: stripping a clitic only proposes a candidate,
//! and the glossary decides whether it counts.

use std::ops::Range;

/// Text normalised for matching, with a map back to the original text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    /// For each byte of `text`, the original offset of the character it came from; one
    /// more entry at the end holds the original length. Characters dropped by
    /// normalisation (tashkeel after a letter) belong to the kept character before them.
    origins: Vec<u32>,
}

impl Normalized {
    /// Original byte range of the normalised byte range `range` (on char boundaries).
    pub fn original_range(&self, range: Range<usize>) -> Range<usize> {
        self.origins[range.start] as usize..self.origins[range.end] as usize
    }
}

/// The Unicode blocks of the Arabic script: Arabic, Supplement, Extended-B, Extended-A,
/// Presentation Forms-A and -B.
const ARABIC_BLOCKS: [std::ops::RangeInclusive<char>; 6] = [
    '\u{0600}'..='\u{06FF}',
    '\u{0750}'..='\u{077F}',
    '\u{0870}'..='\u{089F}',
    '\u{08A0}'..='\u{08FF}',
    '\u{FB50}'..='\u{FDFF}',
    '\u{FE70}'..='\u{FEFF}',
];

/// Whether `c` is in the Arabic script's blocks (letters, marks, digits and punctuation of
/// Arabic, Persian, Urdu and the other languages written in it). The one answer to "is this
/// Arabic?" for the whole crate.
pub fn is_arabic_script(c: char) -> bool {
    c >= '\u{0600}' && ARABIC_BLOCKS.iter().any(|block| block.contains(&c))
}

/// Whether `text` has any character of the Arabic script.
pub fn has_arabic(text: &str) -> bool {
    text.chars().any(is_arabic_script)
}

/// How a character of the main Arabic block U+0600–U+06FF folds: the one table of spelling
/// variants. `None` drops it.
const fn fold_arabic_block(c: u32) -> Option<u32> {
    Some(match c {
        // Tashkeel, superscript alef, Quranic annotation marks, tatweel, the Arabic letter
        // mark.
        0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x0640 | 0x061C => return None,
        0x0623 | 0x0625 | 0x0622 | 0x0671 => 0x0627, // أ إ آ ٱ → ا
        // ى, and the Persian and Urdu yehs: ی ے ۓ.
        0x0649 | 0x06CC | 0x06D2 | 0x06D3 => 0x064A,
        // ة, and the Persian, Urdu and Kurdish hehs: ۀ ہ ۂ ۃ ھ ە.
        0x0629 | 0x06C0..=0x06C3 | 0x06BE | 0x06D5 => 0x0647,
        0x06A9 | 0x06AA => 0x0643, // ک ڪ → ك
        0x0660..=0x0669 => c - 0x0660 + 0x30,
        0x06F0..=0x06F9 => c - 0x06F0 + 0x30,
        _ => c,
    })
}

/// [`fold_arabic_block`] precomputed: 0 drops the character.
static ARABIC_BLOCK: [u16; 256] = {
    let mut table = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = match fold_arabic_block(0x0600 + i as u32) {
            Some(folded) => folded as u16,
            None => 0,
        };
        i += 1;
    }
    table
};

/// Map one character to its matching form; `None` drops it (tashkeel and other Arabic
/// combining marks, tatweel, joiners, bidi controls).
pub fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
    if ('\u{0600}'..='\u{06FF}').contains(&c) {
        let folded = ARABIC_BLOCK[c as usize - 0x0600];
        return (folded != 0)
            .then(|| char::from_u32(u32::from(folded)).expect("table holds chars"));
    }
    match c {
        // Joiners and bidi controls are invisible to readers.
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => None,
        // Hyphen and dash variants all match an ASCII hyphen.
        '\u{2010}'..='\u{2015}' | '\u{2212}' => Some('-'),
        // The marks of the other Arabic blocks go the way of tashkeel.
        _ if is_arabic_script(c) && unicode_bidi::bidi_class(c) == unicode_bidi::BidiClass::NSM => {
            None
        }
        _ => Some(c),
    }
}

/// Normalise `text`: tashkeel and tatweel removed, alef variants to ا, ى to ي, ة to ه,
/// Arabic-Indic digits to ASCII, Latin lower-cased.
pub fn normalize(text: &str) -> Normalized {
    let mut out = Normalized::default();
    normalize_into(text, &mut out);
    out
}

/// [`normalize`] into a reused buffer.
pub fn normalize_into(text: &str, out: &mut Normalized) {
    assert!(u32::try_from(text.len()).is_ok(), "texts are under 4 GiB");
    out.text.clear();
    out.origins.clear();
    out.text.reserve(text.len());
    out.origins.reserve(text.len() + 1);
    // Characters that stay as they are are copied in runs; within a run every byte maps to
    // the same byte of the original (only char boundaries are ever looked up).
    let mut run_start = 0;
    let flush = |out: &mut Normalized, from: usize, to: usize| {
        out.text.push_str(&text[from..to]);
        out.origins.extend(from as u32..to as u32);
    };
    for (i, c) in text.char_indices() {
        let folded = fold_char(c);
        // Only Latin, Greek, Cyrillic and the like have case; skip the check for Arabic.
        let cased = folded.is_some_and(|f| {
            if f.is_ascii() {
                f.is_ascii_uppercase()
            } else {
                !is_arabic_script(f) && f.is_uppercase()
            }
        });
        if folded == Some(c) && !cased {
            continue;
        }
        flush(out, run_start, i);
        run_start = i + c.len_utf8();
        let Some(folded) = folded else { continue };
        let mut push = |ch: char| {
            out.text.push(ch);
            out.origins.resize(out.text.len(), i as u32);
        };
        if cased {
            folded.to_lowercase().for_each(&mut push);
        } else {
            push(folded);
        }
    }
    flush(out, run_start, text.len());
    // A normalised char ends where the next kept one starts, so tashkeel and tatweel after
    // a letter stay with it.
    out.origins.push(text.len() as u32);
}

/// Normalise without keeping the offset map (for keys and search queries).
pub fn normalize_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter_map(fold_char) {
        if c.is_uppercase() {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Every occurrence of `query` in `text`, compared in normalised form (tashkeel, tatweel
/// and alef variants ignored, Latin case-insensitive), as byte ranges of `text`.
pub fn find_all(text: &str, query: &str) -> Vec<Range<usize>> {
    let query = normalize_key(query);
    if query.trim().is_empty() {
        return Vec::new();
    }
    let normalized = normalize(text);
    normalized
        .text
        .match_indices(query.as_str())
        .map(|(start, found)| normalized.original_range(start..start + found.len()))
        .collect()
}

/// The script class that decides token boundaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    Arabic,
    /// Latin letters and digits (and any other alphabetic script).
    Latin,
}

/// What separates a token from the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Gap {
    /// Glued: the script changed inside a word ("و|NVIDIA").
    None,
    /// Any run of whitespace, line breaks included.
    Space,
    /// A hyphen, possibly with spaces around it.
    Hyphen,
    /// Anything else (punctuation): names never match across it.
    Other,
}

/// A word of normalised text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the normalised text.
    pub range: Range<usize>,
    pub script: Script,
    /// Separation from the previous token.
    pub gap: Gap,
}

fn script_of(c: char) -> Option<Script> {
    // Fast paths for the common cases: ASCII, and the basic Arabic letters.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric().then_some(Script::Latin);
    }
    if ('\u{0621}'..='\u{064A}').contains(&c) {
        return Some(Script::Arabic);
    }
    if is_arabic_script(c) {
        // Arabic punctuation and digits are not letters.
        if c.is_alphabetic() {
            Some(Script::Arabic)
        } else {
            None
        }
    } else if c.is_alphanumeric() {
        Some(Script::Latin)
    } else {
        None
    }
}

/// Split normalised text into tokens: runs of letters of one script (digits go with Latin).
pub fn tokenize(normalized: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(normalized.len() / 6);
    tokenize_into(normalized, &mut tokens);
    tokens
}

/// [`tokenize`] into a reused buffer.
pub fn tokenize_into(normalized: &str, tokens: &mut Vec<Token>) {
    tokens.clear();
    let push = |tokens: &mut Vec<Token>, token: Token| {
        if token.script == Script::Arabic {
            push_arabic_word(normalized, token, tokens);
        } else {
            tokens.push(token);
        }
    };
    // The token being read, and what separates the next token from the one before.
    let mut current: Option<(usize, Script)> = None;
    let mut gap = Gap::Other;
    for (i, c) in normalized.char_indices() {
        let script = script_of(c);
        if let Some((start, read)) = current
            && script != Some(read)
        {
            push(
                tokens,
                Token {
                    range: start..i,
                    script: read,
                    gap,
                },
            );
            current = None;
            // A letter of another script is glued on; anything else separates.
            gap = if script.is_some() {
                Gap::None
            } else {
                Gap::Space
            };
        }
        match script {
            Some(script) => {
                current.get_or_insert((i, script));
            }
            None => {
                gap = match (gap, c) {
                    (Gap::Other, _) => Gap::Other,
                    (_, '-') => Gap::Hyphen,
                    (Gap::Hyphen, c) if c.is_whitespace() => Gap::Hyphen,
                    (_, c) if c.is_whitespace() => gap,
                    _ => Gap::Other,
                };
            }
        }
    }
    if let Some((start, read)) = current {
        push(
            tokens,
            Token {
                range: start..normalized.len(),
                script: read,
                gap,
            },
        );
    }
}

/// Push an Arabic word, split where another word starting with the article was glued to
/// it without a space ("الرسوماتالحوسبة" is "الرسومات" + "الحوسبة"): an "ال" after at least
/// three letters and before at least two. Aliases are split the same way, so a genuine
/// word with such an "ال" inside still matches itself.
fn push_arabic_word(text: &str, token: Token, tokens: &mut Vec<Token>) {
    const ARTICLE: &str = "ال";
    let word = &text[token.range.clone()];
    // Three letters, the article and two more: at least seven letters of two bytes or more.
    if word.len() < 14 {
        tokens.push(token);
        return;
    }
    let mut gap = token.gap;
    let mut piece_start = 0;
    let mut search_from = 0;
    let bytes = word.as_bytes();
    let article = ARTICLE.as_bytes();
    while let Some(found) = bytes[search_from..]
        .windows(article.len())
        .position(|w| w == article)
    {
        let at = search_from + found;
        search_from = at + ARTICLE.len();
        let before = word[piece_start..at].chars().count();
        let after = word[search_from..].chars().count();
        if before >= 3 && after >= 2 {
            tokens.push(Token {
                range: token.range.start + piece_start..token.range.start + at,
                script: Script::Arabic,
                gap,
            });
            gap = Gap::None;
            piece_start = at;
        }
    }
    tokens.push(Token {
        range: token.range.start + piece_start..token.range.end,
        script: Script::Arabic,
        gap,
    });
}

/// A form of a token with proclitics removed: `stem` (a suffix of the token), read with
/// the article ال in front when `with_article` (the ل + ال of "للتدريب" drops its alef).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate<'a> {
    /// The proclitics removed, as they appear in the token ("و", "بال", "لل" ...).
    pub prefix: &'a str,
    pub stem: &'a str,
    pub with_article: bool,
}

impl Candidate<'_> {
    /// The candidate as a word.
    pub fn word(&self) -> String {
        if self.with_article {
            format!("ال{}", self.stem)
        } else {
            self.stem.to_string()
        }
    }
}

/// The conjunctions a word can start with: wa-, fa-.
const CONJUNCTIONS: [&str; 2] = ["و", "ف"];
/// The prepositions that can follow them: bi-, ka-, li-.
const PREPOSITIONS: [&str; 3] = ["ب", "ك", "ل"];
/// The definite article, after them.
const ARTICLE: &str = "ال";

/// Each way to read a conjunction then a preposition off the start of `token` (either may be
/// absent): the preposition taken and what is left.
fn conjunction_and_preposition(token: &str) -> impl Iterator<Item = (&str, &str)> {
    std::iter::once("")
        .chain(CONJUNCTIONS)
        .filter_map(move |conj| token.strip_prefix(conj))
        .flat_map(|rest| {
            std::iter::once("")
                .chain(PREPOSITIONS)
                .filter_map(move |prep| rest.strip_prefix(prep).map(|rest| (prep, rest)))
        })
}

/// Whether `token` is made of proclitics only (و، ب، وب، ال، بال، لل …): a word glued to
/// what follows it across a change of script ("و" + "NVIDIA").
pub fn is_bare_proclitic(token: &str) -> bool {
    !token.is_empty()
        && conjunction_and_preposition(token)
            .any(|(prep, rest)| rest.is_empty() || rest == ARTICLE || (prep == "ل" && rest == "ل"))
}

/// Candidates for a token glued to Arabic proclitics: conjunctions و ف, prepositions ب ك ل
/// and the article ال, in their combinations (وال، بال، فبال، لل ...), least stripped
/// first, each leaving at least two letters. They are only candidates: a caller keeps one
/// only when its glossary has it.
pub fn proclitic_candidates<'a>(token: &'a str, out: &mut Vec<Candidate<'a>>) {
    out.clear();
    // Every proclitic starts with one of these letters.
    if !token.starts_with(['و', 'ف', 'ب', 'ك', 'ل', 'ا']) {
        return;
    }
    let mut push = |stem: &'a str, with_article: bool| {
        let prefix = &token[..token.len() - stem.len()];
        let long_enough = stem.chars().nth(1).is_some();
        // Stems are suffixes of the token: the same length is the same stem.
        if !prefix.is_empty()
            && long_enough
            && !out
                .iter()
                .any(|c| c.stem.len() == stem.len() && c.with_article == with_article)
        {
            out.push(Candidate {
                prefix,
                stem,
                with_article,
            });
        }
    };
    for (prep, rest) in conjunction_and_preposition(token) {
        push(rest, false);
        if let Some(stem) = rest.strip_prefix(ARTICLE) {
            push(stem, false);
        }
        // ل + ال: "للتدريب" is ل + التدريب.
        if prep == "ل"
            && let Some(stem) = rest.strip_prefix('ل')
        {
            push(stem, true);
            push(stem, false);
        }
    }
    // Least stripped first: the longest stem (an added article counts as kept letters).
    out.sort_by_key(|c| std::cmp::Reverse(c.stem.len() + if c.with_article { 4 } else { 0 }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persian_urdu_and_kurdish_letters_fold_with_their_arabic_twins() {
        assert_eq!(normalize_key("ی ک ۀ ە ے ہ ھ ۃ"), "ي ك ه ه ي ه ه ه");
        // Marks of the Extended-A block go like tashkeel; its letters stay letters.
        assert_eq!(normalize_key("ࢠ\u{08F0}"), "ࢠ");
        assert_eq!(tokenize("ࢠب")[0].script, Script::Arabic);
        for c in ['\u{0600}', 'ࢠ', '\u{FB50}', '\u{FEFC}', '\u{0870}'] {
            assert!(is_arabic_script(c), "{c:?}");
        }
        for c in ['a', '\u{05D0}', '\u{0700}', '\u{FE00}'] {
            assert!(!is_arabic_script(c), "{c:?}");
        }
        assert!(has_arabic("NVIDIA إنفيديا") && !has_arabic("NVIDIA"));
    }

    #[test]
    fn the_fold_table_is_the_fold_rule() {
        for c in '\u{0600}'..='\u{06FF}' {
            let expected = fold_arabic_block(c as u32).map(|f| char::from_u32(f).unwrap());
            assert_eq!(fold_char(c), expected, "{c:?}");
        }
    }

    #[test]
    fn bare_proclitics_are_every_combination_and_nothing_else() {
        for token in [
            "و", "ف", "ب", "ل", "ك", "وب", "فل", "ال", "وال", "بال", "لل", "وبال", "فلل",
        ] {
            assert!(is_bare_proclitic(token), "{token}");
        }
        for token in ["", "بب", "وو", "لب", "الو", "بي", "ما"] {
            assert!(!is_bare_proclitic(token), "{token}");
        }
    }

    #[test]
    fn normalisation_folds_variants_and_maps_back() {
        let text = "أَنْفِيدْيَا وNVIDIA ٨٪ مــدرسة";
        let n = normalize(text);
        assert_eq!(n.text, "انفيديا وnvidia 8٪ مدرسه");
        let start = n.text.find("nvidia").unwrap();
        assert_eq!(&text[n.original_range(start..start + 6)], "NVIDIA");
        let first = n.text.find("انفيديا").unwrap();
        assert_eq!(
            &text[n.original_range(first..first + "انفيديا".len())],
            "أَنْفِيدْيَا"
        );
    }

    #[test]
    fn search_ignores_hamza_tashkeel_tatweel_and_case() {
        let text = "سهم إنفيديا وأَنْفِيـديا وNVIDIA وnvidia";
        let found: Vec<&str> = find_all(text, "انفيديا")
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(found, ["إنفيديا", "أَنْفِيـديا"]);
        let found: Vec<&str> = find_all(text, "Nvidia")
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(found, ["NVIDIA", "nvidia"]);
        assert!(find_all(text, "  ").is_empty());
    }

    #[test]
    fn tokens_split_at_script_changes() {
        let n = normalize("وNVIDIA، CUDAالنظام DeepSeek-R1");
        let tokens = tokenize(&n.text);
        let words: Vec<(&str, Gap)> = tokens
            .iter()
            .map(|t| (&n.text[t.range.clone()], t.gap))
            .collect();
        assert_eq!(
            words,
            [
                ("و", Gap::Other),
                ("nvidia", Gap::None),
                ("cuda", Gap::Other),
                ("النظام", Gap::None),
                ("deepseek", Gap::Space),
                ("r1", Gap::Hyphen)
            ]
        );
    }

    fn candidates(token: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        proclitic_candidates(token, &mut out);
        out.iter()
            .map(|c| (c.prefix.to_string(), c.word()))
            .collect()
    }

    #[test]
    fn words_glued_before_an_article_are_split() {
        let n = normalize("وحدة معالجة الرسوماتالحوسبة المتوازية والاستدلال بالمر");
        let words: Vec<&str> = tokenize(&n.text)
            .iter()
            .map(|t| &n.text[t.range.clone()])
            .collect();
        assert_eq!(
            words,
            [
                "وحده",
                "معالجه",
                "الرسومات",
                "الحوسبه",
                "المتوازيه",
                "والاستدلال",
                "بالمر"
            ]
        );
    }

    #[test]
    fn clitic_candidates_least_stripped_first() {
        let words: Vec<String> = candidates("وبالتدريب")
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(words, ["بالتدريب", "التدريب", "تدريب"]);
        let c = candidates("للتدريب");
        assert_eq!(c[0], ("لل".to_string(), "التدريب".to_string()));
        assert!(c.contains(&("لل".to_string(), "تدريب".to_string())));
        assert_eq!(
            candidates("لانفيديا"),
            [("ل".to_string(), "انفيديا".to_string())]
        );
        assert!(candidates("مر").is_empty());
        assert!(
            candidates("بر").is_empty(),
            "a stem keeps at least two letters"
        );
    }
}
