//! Hostile and huge files, tried as an attacker and as a user with big files would: through
//! `qari layout`, `qari terms`, `qari notes` and `qari glossary import`, which use the same
//! loaders as the window. Each run is a child process with its address space capped (so a
//! regression ends in a failed allocation here, not on the machine), its peak memory read
//! from /proc while it runs, and its time measured. Every input is generated here: bombs and
//! deep nesting are small on disk or built on the spot, never committed.
#![cfg(target_os = "linux")]

use std::ffi::OsStr;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The address space a run may take: twice the memory budget, so that exceeding the
/// budget is measured and reported rather than cut short.
const ADDRESS_SPACE_KB: u64 = 2 * 1024 * 1024;
/// The most memory a run may use.
const MEMORY_BUDGET_MB: f64 = 1024.0;

/// The time budget of a run: 5 s, as the release build is held to; this crate's own code
/// is not optimised in a test build (its dependencies are), so it gets more there.
fn time_budget() -> Duration {
    if cfg!(debug_assertions) {
        Duration::from_secs(20)
    } else {
        Duration::from_secs(5)
    }
}

/// What a run did.
struct Run {
    status: ExitStatus,
    /// The first 64 KB of standard output.
    stdout: String,
    /// The last 64 KB of standard output.
    stdout_tail: String,
    stdout_bytes: usize,
    stderr: String,
    elapsed: Duration,
    peak_mb: f64,
}

impl Run {
    /// Check the budgets and that the process ended by itself (no signal, no abort).
    fn within_budget(&self, what: &str) -> &Self {
        println!(
            "{what}: {:.2} s, peak {:.0} MB, exit {:?}, {} bytes out; {}",
            self.elapsed.as_secs_f64(),
            self.peak_mb,
            self.status.code(),
            self.stdout_bytes,
            self.stderr.trim()
        );
        assert!(
            self.status.code().is_some(),
            "{what}: killed by a signal ({:?}): {}",
            self.status,
            self.stderr
        );
        for crash in [
            "panicked",
            "memory allocation",
            "stack overflow",
            "out of memory",
        ] {
            assert!(!self.stderr.contains(crash), "{what}: {}", self.stderr);
        }
        assert!(
            self.elapsed < time_budget(),
            "{what}: took {:?}",
            self.elapsed
        );
        assert!(
            self.peak_mb < MEMORY_BUDGET_MB,
            "{what}: peak {:.0} MB",
            self.peak_mb
        );
        self
    }

    /// A clear refusal: a failed exit whose message contains `message`.
    fn refused(&self, what: &str, message: &str) {
        self.within_budget(what);
        assert!(!self.status.success(), "{what} was accepted");
        assert!(
            self.stderr.contains(message),
            "{what}: expected “{message}” in: {}",
            self.stderr
        );
    }

    fn succeeded(&self, what: &str) -> &Self {
        self.within_budget(what);
        assert!(self.status.success(), "{what} failed: {}", self.stderr);
        self
    }
}

/// Peak resident memory of process `pid` so far, in MB (VmHWM), if it can be read.
fn peak_mb(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Run qari with `args`, its data in `data_dir`, within the address-space cap; killed
/// after twice the time budget. One run at a time, so that each is timed and measured
/// alone, not against the other tests' runs.
fn qari(data_dir: &Path, args: &[&OsStr]) -> Run {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let started = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {ADDRESS_SPACE_KB} && exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_qari"))
        .args(args)
        .env("QARI_DATA_DIR", data_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sh runs");
    let pid = child.id();
    let mut stdout = child.stdout.take().unwrap();
    let out = std::thread::spawn(move || {
        const KEEP: usize = 1 << 16;
        let (mut head, mut tail) = (Vec::new(), std::collections::VecDeque::new());
        let mut total = 0;
        let mut buffer = vec![0; KEEP];
        while let Ok(n) = stdout.read(&mut buffer) {
            if n == 0 {
                break;
            }
            total += n;
            let room = KEEP.saturating_sub(head.len());
            head.extend_from_slice(&buffer[..n.min(room)]);
            tail.extend(&buffer[..n]);
            let extra = tail.len().saturating_sub(KEEP);
            tail.drain(..extra);
        }
        let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        (text(&head), text(tail.make_contiguous()), total)
    });
    let mut stderr = child.stderr.take().unwrap();
    let err = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let mut peak = 0.0f64;
    let status = loop {
        if let Some(mb) = peak_mb(pid) {
            peak = peak.max(mb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > time_budget() * 2 {
            let _ = child.kill();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let elapsed = started.elapsed();
    let (stdout, stdout_tail, stdout_bytes) = out.join().unwrap();
    Run {
        status,
        stdout,
        stdout_tail,
        stdout_bytes,
        stderr: err.join().unwrap(),
        elapsed,
        peak_mb: peak,
    }
}

fn args<'a>(list: &'a [&'a dyn AsRef<OsStr>]) -> Vec<&'a OsStr> {
    list.iter().map(|a| a.as_ref()).collect()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// An EPUB whose spine lists `chapters` (name, XHTML) in order; `stored` chapters are not
/// compressed, the others deflated.
fn epub(chapters: &[(String, Vec<u8>)], title: &str, stored: bool) -> Vec<u8> {
    let manifest: String = (0..chapters.len())
        .map(|n| format!(r#"<item id="c{n}" href="{}"/>"#, chapters[n].0))
        .collect();
    let spine: String = (0..chapters.len())
        .map(|n| format!(r#"<itemref idref="c{n}"/>"#))
        .collect();
    let package = format!(
        r#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title></metadata><manifest>{manifest}</manifest><spine>{spine}</spine></package>"#
    );
    let mut out = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let plain = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    let method = if stored {
        zip::CompressionMethod::Stored
    } else {
        zip::CompressionMethod::Deflated
    };
    let mut add = |name: &str, bytes: &[u8], options| {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    };
    add("mimetype", b"application/epub+zip", plain);
    add(
        "META-INF/container.xml",
        br#"<container><rootfiles><rootfile full-path="content.opf"/></rootfiles></container>"#,
        plain,
    );
    add("content.opf", package.as_bytes(), plain);
    for (name, xhtml) in chapters {
        add(name, xhtml, plain.compression_method(method));
    }
    zip.finish().unwrap();
    out.into_inner()
}

/// Make the size fields of every entry named `name` claim `size` bytes: a bomb's headers
/// need not tell the truth.
fn lie_about_size(zip: &mut [u8], name: &str, size: u32) {
    let name = name.as_bytes();
    let mut patched = 0;
    for at in 0..zip.len().saturating_sub(name.len()) {
        if &zip[at..at + name.len()] != name {
            continue;
        }
        // Local header: signature, then the name at offset 30, uncompressed size at 22.
        if at >= 30 && zip[at - 30..at - 26] == [0x50, 0x4b, 0x03, 0x04] {
            zip[at - 30 + 22..at - 30 + 26].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
        // Central directory: the name at offset 46, uncompressed size at 24.
        if at >= 46 && zip[at - 46..at - 42] == [0x50, 0x4b, 0x01, 0x02] {
            zip[at - 46 + 24..at - 46 + 28].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "both headers patched");
}

fn layout(dir: &Path, file: &Path) -> Run {
    qari(dir, &args(&[&"layout", &file, &"--width", &"760"]))
}

#[test]
fn deep_nesting_is_refused_quickly_or_read_without_recursion() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A million nested elements: refused by the pre-scan, in linear time.
    for (name, tag, count) in [
        ("spans.html", "span", 1_000_000),
        ("divs.html", "div", 100_000),
        ("bold.html", "b", 20_000),
    ] {
        let page = write(d, name, format!("<{tag}>").repeat(count) + "نص");
        layout(d, &page).refused(name, "nested too deeply");
    }
    // Within the limit, however deep: the text comes out (the walk uses no recursion).
    let depth = 4_000;
    let page = write(
        d,
        "deep.html",
        "<span>".repeat(depth) + "نص عميق" + &"</span>".repeat(depth),
    );
    let run = layout(d, &page);
    run.succeeded("4,000 nested spans");
    assert!(run.stdout.contains("\"نص\""), "{}", run.stdout);
    // The same nesting as a book's chapter.
    let book = epub(
        &[("deep.xhtml".into(), "<span>".repeat(20_000).into_bytes())],
        "عميق",
        false,
    );
    let book = write(d, "deep.epub", book);
    layout(d, &book).refused(
        "20,000 nested spans in an EPUB",
        "deep.xhtml: the page is nested too deeply",
    );
}

#[test]
fn book_bombs_and_oversized_books_end_at_their_budget() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 200 MB of zeros deflates to some 200 KB.
    let zeros = vec![b'0'; 200 << 20];
    let bomb = epub(&[("bomb.xhtml".into(), zeros)], "قنبلة", false);
    assert!(bomb.len() < 1 << 20, "{} bytes on disk", bomb.len());
    let honest = write(d, "bomb.epub", &bomb);
    layout(d, &honest).refused(
        "zip bomb",
        "bomb.xhtml is larger than Qari opens (32 MB inflated at most)",
    );
    // The same bomb claiming to be a kilobyte: the count while inflating stops it.
    let mut lying = bomb;
    lie_about_size(&mut lying, "bomb.xhtml", 1000);
    let lying = write(d, "lying.epub", &lying);
    let run = layout(d, &lying);
    run.within_budget("zip bomb with lying headers");
    assert!(!run.status.success());
    assert!(run.stderr.contains("bomb.xhtml"), "{}", run.stderr);

    // 300 chapters of 1 MB of text each: over the book's budget of 100 MB.
    let words = "كلمات عادية في فصل طويل من كتاب كبير ".repeat(16_000);
    let chapter = format!("<html><body><p>{words}</p></body></html>").into_bytes();
    let chapters: Vec<(String, Vec<u8>)> = (0..300)
        .map(|n| (format!("c{n}.xhtml"), chapter.clone()))
        .collect();
    let big = write(d, "big.epub", epub(&chapters, "كبير", false));
    qari(d, &args(&[&"terms", &big])).refused(
        "300 chapters of 1 MB",
        "this book is larger than Qari opens (more than 100 MB inflated)",
    );

    // 200,000 tiny entries.
    let tiny: Vec<(String, Vec<u8>)> = (0..200_000)
        .map(|n| (format!("t{n}.xhtml"), b"<p>x</p>".to_vec()))
        .collect();
    let many = write(d, "many.epub", epub(&tiny, "كثير", true));
    layout(d, &many).refused(
        "200,000 entries",
        "the EPUB holds 200003 files; Qari opens ones of up to 20000",
    );
}

#[test]
fn long_words_break_and_large_files_stay_in_proportion() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A 4 MB "word": cut to the line, never shaped as one run.
    let word = write(d, "word.txt", "a".repeat(4 << 20));
    let run = qari(d, &args(&[&"layout", &word, &"--width", &"300"]));
    run.succeeded("4 MB word");
    let widths: Vec<f64> = run
        .stdout_tail
        .lines()
        .filter_map(|l| l.split(" w=").nth(1))
        .map(|w| w.split_whitespace().next().unwrap().parse().unwrap())
        .collect();
    assert!(widths.len() > 10);
    assert!(widths.iter().all(|&w| w <= 300.0), "{widths:?}");

    // Ordinary text: memory stays within eight times the file.
    let article = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/articles/nvidia-deepseek-ar.txt"
    ))
    .unwrap();
    let size = 12 << 20;
    let text = article.repeat(size / article.len() + 1);
    let file = write(d, "big.txt", &text);
    let file_mb = text.len() as f64 / (1 << 20) as f64;
    for command in ["layout", "terms"] {
        let run = if command == "layout" {
            layout(d, &file)
        } else {
            qari(d, &args(&[&"terms", &file]))
        };
        run.succeeded(&format!("{command} of {file_mb:.0} MB"));
        assert!(
            run.peak_mb <= 8.0 * file_mb,
            "{command}: peak {:.0} MB for {file_mb:.0} MB",
            run.peak_mb
        );
    }
}

#[test]
fn devices_and_fifos_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    layout(d, Path::new("/dev/zero")).refused("/dev/zero", "is a device, not a file");
    let fifo = d.join("pipe.txt");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    layout(d, &fifo).refused("a FIFO", "is a FIFO (named pipe), not a file");

    // A FIFO where the user's glossary or an article's notes should be.
    let article = write(d, "a.txt", "مقال قصير عن إنفيديا.\n");
    let data = d.join("data");
    std::fs::create_dir_all(data.join("notes")).unwrap();
    assert!(
        Command::new("mkfifo")
            .arg(data.join("glossary.ron"))
            .status()
            .unwrap()
            .success()
    );
    qari(&data, &args(&[&"terms", &article])).refused("a FIFO as glossary.ron", "FIFO");
    std::fs::remove_file(data.join("glossary.ron")).unwrap();
    let document = qari::document::Document::open(&article).unwrap();
    let key = qari::notes::DocumentKey::new(&document.title, &document.texts(), document.path());
    let notes_file = qari::notes::Store::new(data.join("notes")).find(&key).path;
    assert!(
        Command::new("mkfifo")
            .arg(&notes_file)
            .status()
            .unwrap()
            .success()
    );
    qari(&data, &args(&[&"notes", &article])).refused("a FIFO as the notes file", "FIFO");
}

#[test]
fn glossary_imports_are_linear_and_read_what_exporters_write() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let import = |data: &Path, file: &Path| qari(data, &args(&[&"glossary", &"import", &file]));

    // 100,000 rows, then 50,000 spellings of one entry.
    let rows: String = (0..100_000)
        .map(|n| format!("اسم{n}\tName {n}\tgloss {n}\n"))
        .collect();
    let data = d.join("data");
    import(&data, &write(d, "many.tsv", rows)).succeeded("100,000 TSV rows");
    let same: String = (0..50_000).map(|n| format!("اسم{n}\tNVIDIA\n")).collect();
    let other = d.join("other");
    import(&other, &write(d, "same.tsv", same)).succeeded("50,000 rows of one entry");
    // The 100,000-entry glossary loads with every command.
    let article = write(d, "a.txt", "قالت اسم99999 إن إنفيديا ستنمو.\n");
    let run = qari(&data, &args(&[&"terms", &article]));
    run.succeeded("terms with a 100,000-entry glossary");
    assert!(run.stdout.contains("Name 99999"), "{}", run.stdout);

    // What exporters write: character references in TBX, Excel's "Unicode text"
    // (UTF-16), Windows-1256.
    let tbx = r#"<?xml version="1.0"?><tbx><text><body><conceptEntry id="nvidia"><langSec xml:lang="en"><term>NVIDIA</term></langSec><langSec xml:lang="ar"><term>&#1573;&#x646;&#1601;&#1610;&#1583;&#1610;&#1575;</term></langSec></conceptEntry></body></text></tbx>"#;
    let rows = "ديب سيك\tDeepSeek\tمختبر صيني\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(rows.encode_utf16().flat_map(u16::to_le_bytes));
    for (name, bytes, expect) in [
        ("refs.tbx", tbx.as_bytes().to_vec(), "إنفيديا"),
        ("excel.txt", utf16, "ديب سيك"),
        (
            "legacy.tsv",
            encoding_rs::WINDOWS_1256.encode(rows).0.into_owned(),
            "مختبر صيني",
        ),
    ] {
        let data = d.join(name).with_extension("data");
        import(&data, &write(d, name, bytes)).succeeded(name);
        let saved = std::fs::read_to_string(data.join("glossary.ron")).unwrap();
        assert!(saved.contains(expect), "{name}: {saved}");
    }

    // A quote never closed swallows the rest of the file: an error with its line.
    let csv = "source,target,comment\nإنفيديا,NVIDIA,\"chip maker\nديب سيك,DeepSeek,lab\n";
    import(&d.join("csv"), &write(d, "open.csv", csv)).refused(
        "unterminated CSV quote",
        "line 2: a quoted field opens here and is never closed",
    );
}

#[test]
fn the_users_files_are_written_through_links_and_read_only_commands_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A glossary kept elsewhere and linked into the data directory.
    let data = d.join("data");
    std::fs::create_dir_all(&data).unwrap();
    let real = d.join("synced-glossary.ron");
    std::fs::write(&real, "(entries: [])").unwrap();
    std::os::unix::fs::symlink(&real, data.join("glossary.ron")).unwrap();
    let tsv = write(d, "g.tsv", "ديب سيك\tDeepSeek\n");
    qari(&data, &args(&[&"glossary", &"import", &tsv])).succeeded("import into a linked glossary");
    assert!(
        std::fs::symlink_metadata(data.join("glossary.ron"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(std::fs::read_to_string(&real).unwrap().contains("DeepSeek"));

    // `qari notes` reads: a stale temp file of a killed save stays where it is.
    let notes = data.join("notes");
    std::fs::create_dir_all(&notes).unwrap();
    let stale = notes.join(".x.ron.1-0.tmp");
    let file = std::fs::File::create(&stale).unwrap();
    file.set_modified(std::time::SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
    let article = write(d, "a.txt", "مقال قصير.\n");
    qari(&data, &args(&[&"notes", &article])).succeeded("notes");
    assert!(stale.exists(), "a read-only command removed a file");
}

#[test]
fn placing_notes_in_a_huge_paragraph_is_bounded() {
    use qari::document::Document;
    use qari::notes::{Anchor, DocumentKey, Store, store};

    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let filler = "كلام عادي في فقرة واحدة طويلة جدا ".repeat(180_000); // 11 MB
    let file = write(d, "long.txt", &filler);
    let document = Document::open(&file).unwrap();
    let texts = document.texts();
    let key = DocumentKey::new(&document.title, &texts, document.path());
    let lookup = Store::new(d.join("notes")).find(&key);
    let mut notes = lookup.notes;
    // Three notes on 400-character quotes, which are then no longer in the text.
    for n in 0..3 {
        let start = n * 1_000_000;
        let start = texts[0].floor_char_boundary(start);
        let end = start + texts[0][start..].char_indices().nth(400).unwrap().0;
        notes.add_note(Anchor::new(&texts, 0, start..end), "ملاحظة");
    }
    store::save(&lookup.path, &mut notes).unwrap();
    std::fs::write(&file, "نص آخر لا يشبه الأول أبدا ".repeat(250_000)).unwrap();
    let run = qari(d, &args(&[&"notes", &file]));
    run.succeeded("three lost 400-character quotes in an 11 MB paragraph");
    assert_eq!(run.stdout.matches("unplaced").count(), 3, "{}", run.stdout);
}

#[test]
fn glossary_names_are_never_found_inside_longer_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let glossary = write(
        d,
        "gpt.ron",
        r#"(entries: [(id: "gpt-4", kind: product, name: "GPT-4")])"#,
    );
    let article = write(d, "a.txt", "أطلقت الشركة GPT-4000 ثم GPT-4 لاحقا.\n");
    let run = qari(
        d,
        &args(&[&"terms", &article, &"--glossary", &glossary, &"--json"]),
    );
    run.succeeded("terms");
    let terms: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let texts: Vec<&str> = terms[0]["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["GPT-4"]);
}
