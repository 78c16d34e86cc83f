//! Notes survive `kill -9`: a child process saves notes in a loop and reports each save;
//! it is killed at varying moments (almost always in the middle of the next save), and the
//! file must then load, whole, with every note the child reported.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use qari::notes::{Anchor, DocumentKey, Notes, Store, store};

/// Set (to the notes directory) in the child's environment.
const CHILD_ENV: &str = "QARI_DURABILITY_CHILD";
const ARTICLE: [&str; 1] = ["قال هوانغ رينكسون إن الطلب على وحدات معالجة الرسومات ما زال قويا."];

fn notes_path(dir: &Path) -> std::path::PathBuf {
    Store::new(dir)
        .find(&DocumentKey::new("t", &ARTICLE, None))
        .path
}

/// Not a test of its own: the child process of the test below, run with `--ignored`.
#[test]
#[ignore = "the child process of a_kill_9_while_saving_never_loses_a_saved_note"]
fn child_saves_notes_in_a_loop() {
    let dir = std::env::var_os(CHILD_ENV).expect("run by the durability test");
    let path = notes_path(Path::new(&dir));
    let mut notes = match store::load(&path) {
        Ok(notes) => notes,
        Err(_) => Notes::new(&DocumentKey::new("t", &ARTICLE, None)),
    };
    let long_text = "ملاحظة طويلة نوعا ما لتكبير الملف. ".repeat(20);
    loop {
        let id = notes.add_note(Anchor::new(&ARTICLE, 0, 0..6), &long_text);
        store::save(&path, &mut notes).expect("saved");
        println!("saved {id}");
    }
}

#[test]
fn a_kill_9_while_saving_never_loses_a_saved_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = notes_path(dir.path());
    let mut acknowledged: Vec<String> = Vec::new();
    for round in 0..10 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "child_saves_notes_in_a_loop",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let wanted = 3 + round * 5;
        let mut seen = 0;
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        for line in lines {
            let line = line.unwrap();
            if let Some(id) = line.strip_prefix("saved ") {
                acknowledged.push(id.to_owned());
                seen += 1;
                if seen == wanted {
                    if round % 2 == 1 {
                        // Aim at the write itself: wait for its temp file to appear.
                        wait_for_temp_file(dir.path());
                    }
                    // SIGKILL on Unix: no destructors, no flushing.
                    child.kill().unwrap();
                    break;
                }
            }
        }
        child.wait().unwrap();
        assert_eq!(seen, wanted, "the child stopped early");
        let notes = store::load(&path).expect("the notes file loads after the kill");
        for id in &acknowledged {
            assert!(
                notes.note(id).is_some(),
                "round {round}: note {id} was reported saved but is missing"
            );
        }
    }
    assert!(acknowledged.len() >= 200);
    // Temp files left behind are writes the kill interrupted.
    eprintln!("{} of 10 kills interrupted a write", temp_files(dir.path()));
}

fn temp_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "tmp")
        })
        .count()
}

/// Spin until a new temp file exists in `dir` (a write in progress), for at most a second.
fn wait_for_temp_file(dir: &Path) {
    let before = temp_files(dir);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
    while temp_files(dir) == before && std::time::Instant::now() < deadline {}
}
