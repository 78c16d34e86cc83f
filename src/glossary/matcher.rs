//! Finding glossary terms in text: every alias of every entry at once, in one pass over
//! the text's tokens with one hash lookup per token and candidate — not one scan per alias.
//!
//! Rules: matching is on normalised text (see [`crate::arabic`]); aliases match whole
//! tokens, so Latin names are whole-word and case-insensitive; multi-word aliases match
//! across any whitespace; at each position the longest alias wins and matches never
//! overlap; the exact surface form wins over a clitic-stripped candidate (بالمر is
//! Ballmer, not ب + ال + مر), and `no_strip` entries are never reached by stripping.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use foldhash::fast::RandomState;

use crate::arabic::{self, Candidate, Gap, Normalized, Script, Token};

use super::Glossary;

/// How a match was found.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "how", rename_all = "lowercase")]
pub enum MatchHow {
    /// The text has an alias as it is (after normalisation).
    Exact,
    /// The alias follows proclitics: glued in the same word ("لإنفيديا") or across a
    /// script change ("وNVIDIA").
    Clitic { prefix: String, alias: String },
}

impl MatchHow {
    /// For people: "ل + إنفيديا".
    pub fn describe(&self) -> String {
        match self {
            MatchHow::Exact => "exact spelling".to_string(),
            MatchHow::Clitic { prefix, alias } => format!("{prefix} + {alias}"),
        }
    }
}

/// One occurrence of an entry in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// Index of the entry in the glossary the matcher was built from.
    pub entry: usize,
    /// Byte range in the original text, proclitics included.
    pub range: Range<usize>,
    pub how: MatchHow,
}

/// An alias's tokens after the first, with the gap before each.
type RestTokens = Vec<(Box<str>, Gap)>;

#[derive(Clone, Debug)]
struct Alias {
    entry: usize,
    rest: RestTokens,
    no_strip: bool,
}

/// A bit per hash of a word's length and ends, set for every key of the index: most words
/// of a text start no alias, and testing a bit is cheaper than hashing the word.
#[derive(Clone, Debug)]
struct KeyFilter {
    bits: Vec<u64>,
}

impl Default for KeyFilter {
    fn default() -> Self {
        KeyFilter {
            bits: vec![0; (1 << KeyFilter::BITS) / 64],
        }
    }
}

impl KeyFilter {
    const BITS: u32 = 20;

    fn slot(key: &str) -> usize {
        let b = key.as_bytes();
        let word = |bytes: &[u8]| bytes.iter().fold(0u64, |acc, &x| acc << 8 | u64::from(x));
        let head = word(&b[..b.len().min(4)]);
        let tail = word(&b[b.len().saturating_sub(4)..]);
        let mixed = (b.len() as u64) ^ head << 16 ^ tail << 40 ^ tail >> 24;
        (mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Self::BITS)) as usize
    }

    fn insert(&mut self, key: &str) {
        let slot = Self::slot(key);
        self.bits[slot / 64] |= 1 << (slot % 64);
    }

    fn may_contain(&self, key: &str) -> bool {
        let slot = Self::slot(key);
        self.bits[slot / 64] & (1 << (slot % 64)) != 0
    }
}

/// An alias found at a token: its entry, the index of the token after it, and where it
/// ends in the normalised text.
struct Hit {
    entry: usize,
    next: usize,
    end: usize,
}

/// All aliases of a glossary, indexed by their first normalised token.
#[derive(Clone, Debug, Default)]
pub struct Matcher {
    by_first_token: HashMap<Box<str>, Vec<Alias>, RandomState>,
    filter: KeyFilter,
}

impl Matcher {
    pub fn new(glossary: &Glossary) -> Self {
        let mut by_first_token: HashMap<Box<str>, Vec<Alias>, RandomState> = HashMap::default();
        // Aliases already indexed, as (first token, rest): the first entry to have an alias
        // keeps it. A set, not a scan of the list: 100,000 names may share a first word.
        let mut seen: HashSet<(Box<str>, RestTokens), RandomState> = HashSet::default();
        for (index, entry) in glossary.entries().iter().enumerate() {
            for alias in entry.aliases() {
                let normalized = arabic::normalize_key(alias);
                let tokens = arabic::tokenize(&normalized);
                let Some(first) = tokens.first() else {
                    continue;
                };
                let rest: RestTokens = tokens[1..]
                    .iter()
                    .map(|t| (normalized[t.range.clone()].into(), t.gap))
                    .collect();
                let first: Box<str> = normalized[first.range.clone()].into();
                if !seen.insert((first.clone(), rest.clone())) {
                    continue;
                }
                by_first_token.entry(first).or_default().push(Alias {
                    entry: index,
                    rest,
                    no_strip: entry.no_strip,
                });
            }
        }
        // Longest aliases first, so the first that fits is the longest match.
        let mut filter = KeyFilter::default();
        for (key, list) in by_first_token.iter_mut() {
            list.sort_by_key(|a| std::cmp::Reverse(a.rest.len()));
            filter.insert(key);
        }
        Matcher {
            by_first_token,
            filter,
        }
    }

    /// Every match in `text`, in order, without overlaps.
    ///
    /// Long texts are matched in chunks of about 64 KB with reused buffers (so the work
    /// stays in cache), cut just after a punctuation mark: no name matches across one.
    pub fn find(&self, text: &str) -> Vec<Match> {
        const CHUNK: usize = 64 * 1024;
        let mut normalized = Normalized::default();
        let mut tokens = Vec::new();
        let mut out = Vec::new();
        let mut start = 0;
        while start < text.len() {
            let end = chunk_end(text, start, CHUNK);
            let chunk = &text[start..end];
            arabic::normalize_into(chunk, &mut normalized);
            arabic::tokenize_into(&normalized.text, &mut tokens);
            let first = out.len();
            self.find_in(chunk, &normalized, &tokens, &mut out);
            for m in &mut out[first..] {
                m.range = m.range.start + start..m.range.end + start;
            }
            start = end;
        }
        out
    }

    /// [`Matcher::find`] on `original` already normalised and tokenised, appending to `out`.
    pub fn find_in(
        &self,
        original: &str,
        normalized: &Normalized,
        tokens: &[Token],
        out: &mut Vec<Match>,
    ) {
        let text = normalized.text.as_str();
        let source = |range: Range<usize>| &original[normalized.original_range(range)];
        let mut candidates: Vec<Candidate<'_>> = Vec::new();
        let mut key = String::new();
        let mut i = 0;
        while i < tokens.len() {
            let token = &tokens[i];
            let surface = &text[token.range.clone()];
            let mut start = token.range.start;
            let mut how = MatchHow::Exact;
            let mut found = self.longest_at(text, tokens, i, surface, false);
            if found.is_none() && token.script == Script::Arabic {
                arabic::proclitic_candidates(surface, &mut candidates);
                for candidate in &candidates {
                    let stem = if candidate.with_article {
                        key.clear();
                        key.push_str("ال");
                        key.push_str(candidate.stem);
                        key.as_str()
                    } else {
                        candidate.stem
                    };
                    let Some(hit) = self.longest_at(text, tokens, i, stem, true) else {
                        continue;
                    };
                    let stem_start = token.range.end - candidate.stem.len();
                    let end = hit.end;
                    let mut prefix = source(token.range.start..stem_start);
                    let mut alias = source(stem_start..end).to_string();
                    if candidate.with_article {
                        // "لل" is ل + ال: the article belongs to the alias.
                        prefix = prefix.strip_suffix('ل').unwrap_or(prefix);
                        alias.insert_str(0, "ال");
                    }
                    how = MatchHow::Clitic {
                        prefix: prefix.to_string(),
                        alias,
                    };
                    found = Some(hit);
                    break;
                }
            }
            let Some(Hit { entry, next, end }) = found else {
                i += 1;
                continue;
            };
            // A proclitic glued across a script change: "و" + "NVIDIA".
            if how == MatchHow::Exact
                && token.gap == Gap::None
                && let Some(prev) = i.checked_sub(1).map(|p| &tokens[p])
                && prev.script == Script::Arabic
                && arabic::is_bare_proclitic(&text[prev.range.clone()])
            {
                start = prev.range.start;
                how = MatchHow::Clitic {
                    prefix: source(prev.range.clone()).to_string(),
                    alias: source(token.range.start..end).to_string(),
                };
            }
            out.push(Match {
                entry,
                range: normalized.original_range(start..end),
                how,
            });
            i = next;
        }
    }

    /// The longest alias starting at token `i` whose first token is `first`: its entry and
    /// the index after its last token.
    fn longest_at(
        &self,
        text: &str,
        tokens: &[Token],
        i: usize,
        first: &str,
        stripped: bool,
    ) -> Option<Hit> {
        if !self.filter.may_contain(first) {
            return None;
        }
        let aliases = self.by_first_token.get(first)?;
        aliases
            .iter()
            .filter(|a| !(stripped && a.no_strip))
            .find_map(|alias| {
                let next = i + 1 + alias.rest.len();
                let following = tokens.get(i + 1..next)?;
                let mut end = tokens[next - 1].range.end;
                let fits = alias.rest.iter().zip(following).enumerate().all(
                    |(k, ((word, gap), token))| {
                        let found = &text[token.range.clone()];
                        if !gaps_compatible(*gap, token.gap) {
                            return false;
                        }
                        if found == &**word {
                            return true;
                        }
                        // The last word of a multi-word name glued to the next word, a typo
                        // common in translated text ("الذكاء الاصطناعيبدأ"): accept it when at
                        // least three letters follow. Only between two Arabic letters: never
                        // inside a run of digits ("GPT-4" is not in "GPT-4000") or of Latin
                        // letters, where no such typo is common.
                        let glued = k + 1 == alias.rest.len()
                            && token.script == Script::Arabic
                            && found.starts_with(&**word)
                            && is_glue(word, &found[word.len()..]);
                        if glued {
                            end = token.range.start + word.len();
                        }
                        glued
                    },
                );
                fits.then_some(Hit {
                    entry: alias.entry,
                    next,
                    end,
                })
            })
    }
}

/// Where a chunk starting at `start` ends: after the first punctuation mark (a character
/// that is neither a letter, a digit, a space nor a hyphen, so a separator no alias
/// crosses) at least `size` bytes on, or at the end of the text.
fn chunk_end(text: &str, start: usize, size: usize) -> usize {
    let mut from = start + size;
    if from >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(from) {
        from += 1;
    }
    text[from..]
        .char_indices()
        .find(|&(_, c)| {
            !(c.is_alphanumeric()
                || c.is_whitespace()
                || c == '-'
                || arabic::fold_char(c).is_none())
        })
        .map_or(text.len(), |(i, c)| from + i + c.len_utf8())
}

/// Whether `rest`, what follows a word inside one token, is another word glued to it: at
/// least three characters, and a letter on both sides of the seam.
fn is_glue(word: &str, rest: &str) -> bool {
    let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
    rest.chars().nth(2).is_some() && letter(word.chars().next_back()) && letter(rest.chars().next())
}

/// Whether a gap in the text may stand where an alias has `alias_gap`: names match across
/// any whitespace, and a hyphen and a space stand for each other ("DeepSeek R1").
fn gaps_compatible(alias_gap: Gap, text_gap: Gap) -> bool {
    match alias_gap {
        Gap::Space | Gap::Hyphen => matches!(text_gap, Gap::Space | Gap::Hyphen),
        Gap::None => text_gap == Gap::None,
        Gap::Other => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::Glossary;

    fn found(text: &str) -> Vec<(String, String, String)> {
        let glossary = Glossary::bundled();
        Matcher::new(&glossary)
            .find(text)
            .into_iter()
            .map(|m| {
                (
                    glossary.entries()[m.entry].id.clone(),
                    text[m.range].to_string(),
                    m.how.describe(),
                )
            })
            .collect()
    }

    fn ids(text: &str) -> Vec<String> {
        found(text).into_iter().map(|(id, _, _)| id).collect()
    }

    #[test]
    fn proclitics_and_their_combinations() {
        for (text, prefix) in [
            ("لإنفيديا", "ل"),
            ("وإنفيديا", "و"),
            ("فإنفيديا", "ف"),
            ("بإنفيديا", "ب"),
            ("كإنفيديا", "ك"),
            ("وبإنفيديا", "وب"),
            ("فلإنفيديا", "فل"),
        ] {
            assert_eq!(
                found(text),
                [("nvidia".into(), text.into(), format!("{prefix} + إنفيديا"))],
                "{text}"
            );
        }
        assert_eq!(found("والتدريب المسبق")[0].2, "و + التدريب المسبق");
        assert_eq!(found("بالحوسبة السحابية")[0].0, "cloud-computing");
        assert_eq!(found("وبالحوسبة السحابية")[0].0, "cloud-computing");
        let lil = found("للتدريب المسبق");
        assert_eq!(lil[0].0, "pre-training");
        assert_eq!(lil[0].2, "ل + التدريب المسبق");
    }

    #[test]
    fn exact_surface_wins_over_stripping() {
        // بالمر is Ballmer, even though ب + ال + مر would also strip.
        assert_eq!(
            found("في عهد بالمر؛"),
            [("ballmer".into(), "بالمر".into(), "exact spelling".into())]
        );
        assert_eq!(found("لبالمر")[0].2, "ل + بالمر");
    }

    #[test]
    fn no_strip_entries_are_never_reached_by_stripping() {
        assert_eq!(ids("فلسفة جروف"), ["grove"]);
        assert!(
            ids("والجروف الصخرية").is_empty(),
            "جروف (cliffs) after وال is not Grove"
        );
    }

    #[test]
    fn alef_variants_and_diacritics() {
        for text in [
            "انفيديا",
            "أنفيديا",
            "إنفيديا",
            "نفيديا",
            "إِنْفِيدِيَا",
            "إنفيـــديا",
        ] {
            let f = found(text);
            assert_eq!(f.len(), 1, "{text}");
            assert_eq!(f[0].0, "nvidia");
            assert_eq!(
                f[0].1, text,
                "the highlight covers the marks and tatweel too"
            );
        }
        assert_eq!(ids("استجاب هوانغ رينكسون علنًا"), ["jensen-huang"]);
    }

    #[test]
    fn latin_glued_to_arabic_and_whole_words() {
        assert_eq!(
            found("التدريب المسبق وNVIDIA."),
            [
                (
                    "pre-training".into(),
                    "التدريب المسبق".into(),
                    "exact spelling".into()
                ),
                ("nvidia".into(), "وNVIDIA".into(), "و + NVIDIA".into())
            ]
        );
        assert_eq!(
            ids("عملية التصنيع، CUDAالنظام البيئي."),
            ["manufacturing-process", "cuda", "ecosystem"]
        );
        assert!(
            ids("Intelligence and intellect").is_empty(),
            "Latin names match whole words only"
        );
        assert_eq!(ids("intel, INTEL and Intel"), ["intel", "intel", "intel"]);
    }

    #[test]
    fn longest_match_first_and_no_overlaps() {
        assert_eq!(found("قبل إصدار DeepSeek-R1، ركز")[0].1, "DeepSeek-R1");
        assert_eq!(ids("قبل إصدار DeepSeek-R1، ركز"), ["deepseek-r1"]);
        assert_eq!(ids("DeepSeek R1"), ["deepseek-r1"]);
        assert_eq!(
            ids("DeepSeek. R1"),
            ["deepseek", "deepseek-r1"],
            "not across punctuation"
        );
        assert_eq!(found("من هوانغ رينكسون.")[0].1, "هوانغ رينكسون");
        assert_eq!(ids("ما لم يشير إليه هوانغ هو"), ["jensen-huang"]);
    }

    #[test]
    fn terms_glued_without_a_space_are_found() {
        let f = found("الذكاء الاصطناعيبدأ للتو");
        assert_eq!(
            f,
            [(
                "ai".into(),
                "الذكاء الاصطناعي".into(),
                "exact spelling".into()
            )]
        );
        assert!(
            ids("الذكاء الاصطناعيين").is_empty(),
            "two more letters is a word form, not glue"
        );
        assert!(
            ids("النماذج الكبيرتين").is_empty(),
            "a different word is no glue"
        );
        assert_eq!(
            ids("من خلال وحدة معالجة الرسوماتالحوسبة المتوازية."),
            ["gpu", "parallel-computing"]
        );
        assert_eq!(found("والسرعة العالية بالتوازي")[0].2, "ب + التوازي");
    }

    #[test]
    fn glue_never_splits_a_run_of_digits_or_latin_letters() {
        use crate::glossary::{Entry, Kind};
        let mut glossary = Glossary::default();
        for (id, alias) in [
            ("gpt-4", "GPT-4"),
            ("word-1", "كلمة1"),
            ("deep-learning", "deep learning"),
        ] {
            glossary.upsert(Entry {
                id: id.into(),
                kind: Kind::Product,
                name: alias.into(),
                original: None,
                arabic: vec![],
                latin: vec![],
                gloss: String::new(),
                related: vec![],
                url: None,
                no_strip: false,
            });
        }
        let matcher = Matcher::new(&glossary);
        let ids = |text: &str| -> Vec<String> {
            matcher
                .find(text)
                .iter()
                .map(|m| glossary.entries()[m.entry].id.clone())
                .collect()
        };
        assert!(ids("نموذج GPT-4000 الجديد").is_empty());
        assert!(ids("نموذج كلمة1000 هنا").is_empty());
        assert!(ids("about deep learningbegan").is_empty());
        assert_eq!(ids("نموذج GPT-4 الجديد"), ["gpt-4"]);
        assert_eq!(ids("نموذج كلمة1 هنا"), ["word-1"]);
    }

    #[test]
    fn long_texts_match_the_same_in_chunks() {
        let glossary = Glossary::bundled();
        let matcher = Matcher::new(&glossary);
        let article = crate::document::BUNDLED_ARTICLE;
        let long = article.repeat(40); // several 64 KB chunks
        assert!(long.len() > 2 * 64 * 1024);
        let once = matcher.find(article);
        let all = matcher.find(&long);
        assert_eq!(all.len(), once.len() * 40);
        for (i, m) in all.iter().enumerate() {
            let copy = i / once.len();
            let expected = &once[i % once.len()];
            assert_eq!(m.entry, expected.entry);
            assert_eq!(
                m.range,
                expected.range.start + copy * article.len()
                    ..expected.range.end + copy * article.len()
            );
        }
    }

    #[test]
    fn multi_word_names_match_across_line_breaks() {
        assert_eq!(found("هوانغ\nرينكسون")[0].1, "هوانغ\nرينكسون");
        assert_eq!(ids("Huang\r\n  Renxun"), ["jensen-huang"]);
        assert_eq!(found("Lei   Jun،")[0].1, "Lei   Jun");
    }
}
