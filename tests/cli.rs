//! `qari layout`, run as a user would.

use std::process::Command;

/// Run qari with its data directory (the user's glossary) in `dir`.
fn qari_with_data_dir(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(args)
        .env("QARI_DATA_DIR", dir)
        .output()
        .expect("the binary runs")
}

fn qari(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn layout_json_lists_pieces_in_visual_order() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    let text = "التدريب المسبق وNVIDIA.";
    std::fs::write(&file, format!("{text}\nHello عالم\n")).unwrap();
    let out = qari(&["layout", file.to_str().unwrap(), "--width", "600", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paragraphs = json.as_array().unwrap();
    assert_eq!(paragraphs.len(), 2);
    assert_eq!(paragraphs[0]["direction"], "rtl");
    assert_eq!(paragraphs[1]["direction"], "ltr");
    let pieces = paragraphs[0]["lines"][0]["pieces"].as_array().unwrap();
    let texts: Vec<&str> = pieces.iter().map(|p| p["text"].as_str().unwrap()).collect();
    // Left to right: the final period, NVIDIA, the clitic و, then the Arabic words.
    assert_eq!(texts, [".", "NVIDIA", "و", " ", "المسبق", " ", "التدريب"]);
    let xs: Vec<f64> = pieces.iter().map(|p| p["x"].as_f64().unwrap()).collect();
    assert!(
        xs.windows(2).all(|w| w[0] < w[1]),
        "x grows left to right: {xs:?}"
    );
    let last = pieces.last().unwrap();
    let right = last["x"].as_f64().unwrap() + last["width"].as_f64().unwrap();
    assert!((right - 600.0).abs() < 0.05, "right-aligned: {right}");
    assert_eq!(pieces[1]["level"], 2);
    let start = text.find("NVIDIA").unwrap();
    assert_eq!(pieces[1]["range"], serde_json::json!([start, start + 6]));
}

#[test]
fn layout_text_output_names_each_line() {
    let out = qari(&[
        "layout",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/articles/nvidia-deepseek-ar.txt"
        ),
        "--width",
        "760",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("paragraph 0 (rtl, 1 lines): المصدر: Dong Zhidao Research"));
    let dong = text
        .lines()
        .find(|l| l.ends_with("\"Dong\""))
        .expect("a piece for Dong");
    assert!(dong.contains("level=2 [14..18]"), "{dong}");
}

#[test]
fn unreadable_input_fails_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("b.bin");
    std::fs::write(&binary, b"\x00\x01\x02").unwrap();
    for (path, expected) in [
        (binary.to_str().unwrap().to_string(), "not a text file"),
        (
            dir.path().join("missing.txt").to_str().unwrap().to_string(),
            "cannot read",
        ),
    ] {
        let out = qari(&["layout", &path, "--width", "500"]);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{err}");
    }
    let out = qari(&["layout", "x.txt", "--width", "-3"]);
    assert!(!out.status.success());
}

#[test]
fn terms_lists_the_article_vocabulary_and_rejects_bad_glossaries() {
    let dir = tempfile::tempdir().unwrap();
    let article = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/articles/nvidia-deepseek-ar.txt"
    );
    let run = |args: &[&str]| qari_with_data_dir(dir.path(), args);
    let out = run(&["terms", article, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let terms: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ballmer = terms
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "ballmer")
        .unwrap();
    assert_eq!(ballmer["occurrences"][0]["text"], "بالمر");
    assert_eq!(ballmer["occurrences"][0]["how"], "exact");
    let nvidia = terms
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "nvidia")
        .unwrap();
    let glued = nvidia["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["text"] == "وNVIDIA")
        .unwrap();
    assert_eq!(
        (glued["how"].as_str(), glued["prefix"].as_str()),
        (Some("clitic"), Some("و"))
    );

    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "(entries: [\n  (id: \"x\", kind: nonsense, name: \"X\")\n])",
    )
    .unwrap();
    let out = run(&["terms", article, "--glossary", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.ron:2:"), "file and line: {err}");
}

#[test]
fn glossary_export_import_round_trip_through_the_user_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| qari_with_data_dir(dir.path(), args);
    let tbx = dir.path().join("all.tbx");
    assert!(
        run(&["glossary", "export", tbx.to_str().unwrap()])
            .status
            .success()
    );
    let text = std::fs::read_to_string(&tbx).unwrap();
    assert!(text.contains("<term>هوانغ رينكسون</term>"));
    let out = run(&["glossary", "import", tbx.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mine = dir.path().join("mine.tsv");
    assert!(
        run(&["glossary", "export", "--mine", mine.to_str().unwrap()])
            .status
            .success()
    );
    let all = dir.path().join("all.tsv");
    assert!(
        run(&["glossary", "export", all.to_str().unwrap()])
            .status
            .success()
    );
    assert_eq!(
        std::fs::read_to_string(mine).unwrap(),
        std::fs::read_to_string(all).unwrap()
    );
}

#[test]
fn notes_follow_an_edited_article_and_print_as_markdown() {
    use qari::document::Document;
    use qari::notes::{DocumentKey, Store, store};

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("article.txt");
    let original = "أعلنت شركة إنفيديا عن نتائجها الفصلية اليوم في مؤتمر صحفي.\n\n\
                    قال هوانغ رينكسون إن الطلب على وحدات معالجة الرسومات ما زال قويا.\n\n\
                    وفي الصين، أثار نموذج DeepSeek نقاشا واسعا بين المستثمرين.\n";
    std::fs::write(&file, original).unwrap();

    // Notes written as the window writes them.
    let document = Document::open(&file).unwrap();
    let texts = document.texts();
    let key = DocumentKey::new(&document.title, &texts, document.path());
    let lookup = Store::new(dir.path().join("notes")).find(&key);
    let mut notes = lookup.notes;
    let at = |p: usize, q: &str| {
        let start = texts[p].find(q).unwrap();
        qari::notes::Anchor::new(&texts, p, start..start + q.len())
    };
    notes.add_note(at(1, "هوانغ رينكسون"), "Jensen Huang");
    notes.add_note(at(2, "DeepSeek"), "Chinese AI lab");
    notes.add_note(at(2, "واسعا"), "wide");
    notes.set_draft(
        None,
        || qari::notes::Anchor::paragraph(&texts, 0),
        "NVIDIA announced its results.",
    );
    store::save(&lookup.path, &mut notes).unwrap();

    // The article is edited: a paragraph on top, a noted word changed.
    let edited = format!(
        "مقدمة جديدة أضيفت في الأعلى.\n\n{}",
        original.replace("واسعا", "كبيرا")
    );
    std::fs::write(&file, edited).unwrap();

    let out = qari_with_data_dir(dir.path(), &["notes", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listing = String::from_utf8(out.stdout).unwrap();
    let expected = [
        "¶2 draft (Moved): NVIDIA announced",
        "¶3 note (Moved) “هوانغ رينكسون”",
        "¶4 note (Moved) “DeepSeek”",
        "¶4 note (Fuzzy) “كبيرا”: wide",
    ];
    assert_eq!(listing.lines().count(), expected.len(), "{listing}");
    for (line, start) in listing.lines().zip(expected) {
        assert!(line.starts_with(start), "{listing}");
    }

    let out = qari_with_data_dir(dir.path(), &["notes", file.to_str().unwrap(), "--markdown"]);
    let markdown = String::from_utf8(out.stdout).unwrap();
    assert!(markdown.contains("**¶ 2**\n\n> أعلنت شركة إنفيديا عن نتائجها الفصلية اليوم في مؤتمر صحفي.\n\nNVIDIA announced its results.\n"), "{markdown}");
    assert!(
        markdown.contains("- “هوانغ رينكسون”: Jensen Huang\n"),
        "{markdown}"
    );
    // Read-only: printing did not rewrite the notes file.
    assert_eq!(store::load(&lookup.path).unwrap(), notes);
}

#[test]
fn notes_of_an_unreadable_notes_file_are_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, "نص قصير للتجربة فقط.\n").unwrap();
    let document = qari::document::Document::open(&file).unwrap();
    let key = qari::notes::DocumentKey::new(&document.title, &document.texts(), document.path());
    let path = qari::notes::Store::new(dir.path().join("notes"))
        .find(&key)
        .path;
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "not notes at all").unwrap();
    let out = qari_with_data_dir(dir.path(), &["notes", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot be read"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "not notes at all");
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    use std::io::Read;
    // Enough output to fill the pipe, like `qari layout big.txt | head`.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.txt");
    std::fs::write(&file, "نص عربي طويل مع NVIDIA و٢٠٢٥.\n\n".repeat(3000)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(["layout", file.to_str().unwrap(), "--width", "300"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is closed here.
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn layout_keeps_the_direction_an_html_page_declares() {
    // The first strong letter is Arabic, but the paragraph says it is left to right: it
    // starts at the left edge, as a browser shows it.
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        "<html dir=\"rtl\"><body><p dir=\"ltr\">إنفيديا is NVIDIA</p><p>نص عربي</p></body></html>",
    )
    .unwrap();
    let out = qari(&["layout", page.to_str().unwrap(), "--width", "600", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["direction"], "ltr");
    assert_eq!(json[0]["lines"][0]["pieces"][0]["x"], 0.0);
    assert_eq!(json[1]["direction"], "rtl");
}
