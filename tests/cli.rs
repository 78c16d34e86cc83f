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
